"""The Spark engine gives the same outcomes as DuckDB on the demo world (local mode).

Both runs share one store and its saved models (training runs in DuckDB for both engines),
so any difference comes from scoring: Splink's SQL on Spark vs on DuckDB.
"""

from __future__ import annotations

import re
import threading

import pytest

from linkage.match.spark import spark_available, to_spark_sql

pytestmark = pytest.mark.slow


def test_duckdb_conditions_translate_to_spark_sql():
    assert to_spark_sql("len(list_intersect(l.t, r.t)) > 0") == "SIZE(ARRAY_INTERSECT(l.t, r.t)) > 0"
    assert to_spark_sql("jaro_winkler_similarity(a_l, a_r) >= 0.9") == "jaro_winkler(a_l, a_r) >= 0.9"
    assert to_spark_sql("list_has_any(offences_l, offences_r)") == "ARRAYS_OVERLAP(offences_l, offences_r)"
    assert to_spark_sql("list_has_all(offences_l, offences_r)") == "(SIZE(ARRAY_EXCEPT(offences_r, offences_l)) = 0)"
    assert to_spark_sql("offences_l is null or list_has_any(l.a, r.a)") == (
        "offences_l IS NULL OR ARRAYS_OVERLAP(l.a, r.a)")


def test_the_engine_variable_wins_over_the_configs_default(monkeypatch):
    # The pipeline passes config.engine ("duckdb" unless a config file says otherwise): an
    # operator's LINKAGE_ENGINE=spark, or an engine("spark") block, must still reach it.
    from linkage.match.spark import ENGINE_VARIABLE, active_engine, engine

    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert active_engine("duckdb") == "duckdb" and active_engine("spark") == "spark" and active_engine() == "duckdb"
    with engine("spark"):
        assert active_engine("duckdb") == "spark"
    assert active_engine("duckdb") == "duckdb"
    monkeypatch.setenv(ENGINE_VARIABLE, "spark")  # the shell's choice, over the config's ...
    assert active_engine("duckdb") == "spark"
    with engine("duckdb"):  # ... and a block's over the shell's (the bench measures what it was given)
        assert active_engine("spark") == "duckdb"
    assert active_engine("duckdb") == "spark"


def test_every_condition_of_both_hops_translates_to_spark_sql():
    # Spark lacks DuckDB's list functions and operators: none may reach it untranslated.
    from linkage.config import load_config
    from linkage.match import hop1, hop2

    config = load_config()
    present = {"last_name", "first_name", "dob", "birth_year", "sex", "method", "state"}
    conditions = [level.sql for c in hop1.comparisons() + hop2.comparisons(present) for level in c.levels]
    conditions += [c.null_if for c in hop1.comparisons() + hop2.comparisons(present) if c.null_if]
    conditions += hop1.blocking_rules(config) + hop2.blocking_rules(config, present)
    conditions += hop2.blocking_rules(config, {"birth_year", "sex"})
    assert len(conditions) > 50
    for sql in conditions:
        spark = to_spark_sql(sql)
        assert not re.search(r"\bLIST_|&&|@>|\bLEN\(|JARO_?WINKLER_SIMILARITY", spark, re.I), (sql, spark)


@pytest.mark.skipif(spark_available() is not None, reason=f"Spark engine unavailable: {spark_available()}")
def test_spark_gives_the_same_outcomes_as_duckdb_on_the_demo_world(store, monkeypatch):
    from linkage.config import load_config
    from linkage.ingest import submit
    from linkage.match.spark import engine, stop_session
    from linkage.pipeline import run_all
    from tests.conftest import DEMO

    config = load_config()
    threads_before = set(threading.enumerate())
    submit(store, "reports", DEMO / "reports.csv", config=config)
    submit(store, "releases", DEMO / "releases", config=config)
    submit(store, "custody", DEMO / "custody.csv", config=config)
    with engine("duckdb"):
        on_duckdb = run_all(store, config)
    monkeypatch.setenv("LINKAGE_SPARK_PARTITIONS", "2")  # two cores, small tables
    try:
        with engine("spark"):
            on_spark = run_all(store, config)
        from pyspark import SparkContext

        jvm = SparkContext._gateway.proc
    finally:
        stop_session()
    # Neither the JVM nor any thread outlives the session (a thread keeps LogWriter in place).
    assert jvm.poll() is not None
    assert set(threading.enumerate()) <= threads_before

    def outcomes(run_id):
        return store.con.execute(
            """select entry_id, outcome, confidence, p_transferred, booking_uid, custody_id
               from outcomes where run_id = ? order by entry_id""",
            [run_id],
        ).fetchall()

    duck, spark = outcomes(on_duckdb), outcomes(on_spark)
    assert len(duck) == len(spark) > 0
    for a, b in zip(duck, spark, strict=True):
        assert (a[0], a[1], a[4], a[5]) == (b[0], b[1], b[4], b[5])
        assert a[2] == pytest.approx(b[2], abs=2e-4) and a[3] == pytest.approx(b[3], abs=2e-4)
    # The same pairs, with the same weights up to float noise (Spark's jaro_winkler is
    # Splink's Scala one, DuckDB's its own: a few borderline names may land a level apart).
    differ = store.con.execute(
        """select count(*), count(*) filter (where abs(d.match_weight - s.match_weight) > 1e-6)
           from candidate_pairs d full join candidate_pairs s
             on s.run_id = ? and s.hop = d.hop and s.left_id = d.left_id and s.right_id = d.right_id
           where d.run_id = ?""",
        [on_spark, on_duckdb],
    ).fetchall()[0]
    assert differ[1] <= 0.001 * differ[0], differ
