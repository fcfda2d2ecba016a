"""Score every candidate pair of a hop with its saved model; keep each pair's evidence.

    >>> score_hop(store, HOPS["hop1"], model_id, run_id="r-2017w06")   # -> rows in candidate_pairs

Each scored pair keeps, in `candidate_pairs.evidence`, the prior weight of Splink's model and,
per comparison, the level label, its match weight (log2 Bayes factor, with any term-frequency
adjustment) and the two values compared: enough to draw a waterfall and to say which fields
agreed, long after the run.
"""

from __future__ import annotations

import math
from typing import Any

from linkage.match.model import Hop, _quiet, linker_for, load_settings
from linkage.store import Store


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _evidence_sql(settings: dict[str, Any], columns: set[str]) -> str:
    """A SQL expression building the evidence JSON from Splink's intermediate columns."""
    p = settings["probability_two_random_records_match"]
    prior_weight = math.log2(p / (1 - p))
    parts = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        n_non_null = sum(1 for lv in levels if not lv.get("is_null_level"))
        cases = []
        gamma = n_non_null - 1
        for level in levels:
            if level.get("is_null_level"):
                cases.append(f"when -1 then {_sql_text(level['label_for_charts'])}")
            else:
                cases.append(f"when {gamma} then {_sql_text(level['label_for_charts'])}")
                gamma -= 1
        label = f"case gamma_{name} {' '.join(cases)} end"
        weight = f"coalesce(mw_{name}, 0)"
        if f"mw_tf_adj_{name}" in columns:
            weight += f" + coalesce(mw_tf_adj_{name}, 0)"
        values_l, values_r = [], []
        for col in _compared_columns(comparison, columns):
            values_l.append(f"{col}_l::varchar")
            values_r.append(f"{col}_r::varchar")
        value_l = f"concat_ws(' / ', {', '.join(values_l)})" if values_l else "null"
        value_r = f"concat_ws(' / ', {', '.join(values_r)})" if values_r else "null"
        parts.append(
            f"json_object('name', {_sql_text(name)}, 'label', {label}, "
            f"'match_weight', round({weight}, 4), 'value_l', {value_l}, 'value_r', {value_r})"
        )
    return (
        f"json_object('prior_weight', {round(prior_weight, 4)}, "
        f"'comparisons', json_array({', '.join(parts)}))"
    )


def _compared_columns(comparison: dict[str, Any], columns: set[str]) -> list[str]:
    sql = " ".join(lv["sql_condition"] for lv in comparison["comparison_levels"])
    found = []
    for col in sorted({c[:-2] for c in columns if c.endswith("_l")}):
        if f"{col}_l" in sql or f"{col}_r" in sql:
            found.append(col)
    return found


def score_hop(store: Store, hop: Hop, model_id: str, *, run_id: str, engine: str | None = None) -> int:
    """Predict with the hop's model and store the pairs of `run_id`; returns the pair count.
    `engine` "spark" predicts on Spark (default: $LINKAGE_ENGINE, else DuckDB; issue 7)."""
    from linkage.match.spark import active_engine, predict_with_spark

    settings = load_settings(store, model_id)
    predictions = None
    if active_engine(engine) == "spark":
        # Spark's predictions come back as a DuckDB table with Splink's usual columns, so the
        # evidence and the stored pairs below are built the same way for both engines.
        table = predict_with_spark(store, hop, settings)
    else:
        linker = linker_for(store, hop, settings)
        with _quiet():
            predictions = linker.inference.predict()
        table = predictions.physical_name
    columns = {
        row[0]
        for row in store.con.execute(
            "select column_name from information_schema.columns where table_name = ?", [table]
        ).fetchall()
    }
    with store.transaction():
        _store_pairs(store, hop, run_id, table, _evidence_sql(settings, columns))
    if predictions is not None:
        predictions.drop_table_from_database_and_remove_from_cache()
    else:
        store.con.execute(f"drop table if exists work.{table}")
    return store.con.execute(
        "select count(*) from candidate_pairs where run_id = ? and hop = ?", [run_id, hop.name]
    ).fetchall()[0][0]


def _store_pairs(store: Store, hop: Hop, run_id: str, table: str, evidence_sql: str) -> None:
    store.con.execute("delete from candidate_pairs where run_id = ? and hop = ?", [run_id, hop.name])
    store.con.execute(
        f"""
        insert into candidate_pairs
        select distinct on (uid_l, uid_r)
               ?, ?, uid_l, uid_r, match_weight, match_probability, {evidence_sql}
        from work."{table}"
        order by uid_l, uid_r, match_weight desc
        """,
        [run_id, hop.name],
    )
