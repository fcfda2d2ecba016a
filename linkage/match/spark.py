"""Score a hop with Splink's SparkAPI and bring the predictions back into the DuckDB store.

    >>> table = predict_with_spark(store, HOPS["hop2"], settings)    # work.<table>, DuckDB
    >>> with engine("spark"): run_all(store, config)                 # both hops on Spark

Models are trained in DuckDB (training samples at most a few million pairs, and the saved
model then keeps the store's SQL dialect); prediction, the part that grows with the data,
runs on Spark. The hop's two work tables travel DuckDB -> Arrow -> Spark, the predictions
Spark -> Arrow -> DuckDB, so `score.py` builds each pair's evidence exactly as for DuckDB.
The comparisons are written in DuckDB SQL; `to_spark_sql` translates them (sqlglot plus
the few functions it maps differently from Splink's Spark jar). Local mode by default; on a
cluster, pass your own session (`set_session`, see docs/scale.md).
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import threading
import uuid
from collections.abc import Iterator
from typing import Any

from linkage.store import Store

ENGINE_VARIABLE = "LINKAGE_ENGINE"
ENGINES = ("duckdb", "spark")
_session = None


def active_engine(explicit: str | None = None) -> str:
    """The engine to score with: $LINKAGE_ENGINE, else `explicit`, else "duckdb".

    The variable wins because `explicit` is the config's `engine`, which is "duckdb" unless a
    config file says otherwise: an operator's `LINKAGE_ENGINE=spark` (or an `engine()` block)
    would otherwise never reach a pipeline that passes it (the Spark test ran DuckDB twice)."""
    return _known_engine(os.environ.get(ENGINE_VARIABLE) or explicit or "duckdb")


def _known_engine(name: str) -> str:
    if name not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {name!r}")
    return name


@contextlib.contextmanager
def engine(name: str) -> Iterator[None]:
    """Score every hop inside the block with `name`, whatever the config says (sets
    $LINKAGE_ENGINE, then restores it): how the bench and the tests choose the engine."""
    before = os.environ.get(ENGINE_VARIABLE)
    os.environ[ENGINE_VARIABLE] = _known_engine(name)  # over the shell's own $LINKAGE_ENGINE too
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = before


def spark_available() -> str | None:
    """None when pyspark and a Java runtime are there, else why not (for skips and errors)."""
    import shutil

    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java runtime (Spark needs Java 17+ on PATH or JAVA_HOME)"
    return None


def set_session(session) -> None:
    """Use `session` (a cluster's SparkSession, e.g. from spark-submit) instead of local mode.
    It must have Splink's similarity jar on its classpath (`similarity_jar_location()`)."""
    global _session
    _session = session


def get_session():
    """The Spark session: the one set by `set_session`, else a local one made once.

    Local mode uses every core, few shuffle partitions (the hops' tables are small next to
    what Spark's default 200 partitions are sized for), UTC (DuckDB timestamps carry no
    zone) and Splink's jar for jaro_winkler."""
    global _session
    if _session is None:
        why = spark_available()
        if why:
            raise RuntimeError(f"--engine spark: {why}")
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location

        _session = (
            SparkSession.builder.master(os.environ.get("LINKAGE_SPARK_MASTER", "local[*]"))
            .appName("linkage")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", os.environ.get("LINKAGE_SPARK_PARTITIONS", "8"))
            .config("spark.default.parallelism", os.environ.get("LINKAGE_SPARK_PARTITIONS", "8"))
            .config("spark.driver.memory", os.environ.get("LINKAGE_SPARK_DRIVER_MEMORY", "4g"))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )
        _session.sparkContext.setLogLevel("ERROR")
    return _session


def stop_session() -> None:
    """Stop the session and, where pyspark started it, its JVM (tests and the bench: never
    leave a JVM behind, nor py4j's finalizer thread, which keeps `LogWriter` from forking)."""
    global _session
    if _session is not None:
        _session.stop()
        _session = None
        from pyspark import SparkContext

        # `stop` keeps the gateway for a next session; pyspark's JVM ends when its stdin
        # closes. A JVM that started this Python (spark-submit) has no `proc` and is left.
        gateway = SparkContext._gateway
        if gateway is not None and getattr(gateway, "proc", None) is not None:
            SparkContext._gateway = SparkContext._jvm = None
            gateway.shutdown()  # (which only asks py4j's threads to stop: waited for below)
            gateway.proc.stdin.close()
            gateway.proc.wait(timeout=60)
            for thread in threading.enumerate():
                if type(thread).__module__.startswith("py4j"):
                    thread.join(timeout=10)


# Splink's jar names its string similarity its own way.
_REWRITES = [
    (re.compile(r"\bJAROWINKLER_SIMILARITY\(", re.I), "jaro_winkler("),
    (re.compile(r"\bJARO_WINKLER_SIMILARITY\(", re.I), "jaro_winkler("),
]


def _spark_lists(node):
    """DuckDB's list functions on sqlglot's tree, in the forms Spark SQL has: sqlglot would
    write `list_has_any` as an `a && b` operator, `list_has_all` (or, should a later sqlglot
    parse it as containment, `a @> b`) and `list_intersect` under their DuckDB names, and the
    length of a list as LENGTH, which in Spark is a string's."""
    from sqlglot import exp

    def call(name: str, *args):
        return exp.Anonymous(this=name, expressions=list(args))

    def named(n, name: str) -> bool:
        return isinstance(n, exp.Anonymous) and str(n.this).lower() == name

    if isinstance(node, exp.ArrayOverlaps):
        return call("ARRAYS_OVERLAP", node.this, node.expression)
    if isinstance(node, exp.ArrayContainsAll) or named(node, "list_has_all"):
        whole, part = node.expressions if named(node, "list_has_all") else (node.this, node.expression)
        # every element of `part` is in `whole`: nothing of it is left once `whole` is taken away
        return exp.paren(exp.EQ(this=call("SIZE", call("ARRAY_EXCEPT", part, whole)),
                                expression=exp.Literal.number(0)))
    if named(node, "list_intersect"):
        return call("ARRAY_INTERSECT", *node.expressions)
    if isinstance(node, exp.Length) and named(node.this, "list_intersect"):
        return call("SIZE", call("ARRAY_INTERSECT", *node.this.expressions))
    return node


def to_spark_sql(sql: str) -> str:
    """One DuckDB SQL condition in Spark SQL.

        >>> to_spark_sql("len(list_intersect(l.t, r.t)) > 0")
        'SIZE(ARRAY_INTERSECT(l.t, r.t)) > 0'
    """
    import sqlglot

    if sql.strip().upper() == "ELSE":  # Splink's catch-all level is no SQL expression
        return sql
    out = sqlglot.parse_one(sql, read="duckdb").transform(_spark_lists).sql(dialect="spark")
    for pattern, replacement in _REWRITES:
        out = pattern.sub(replacement, out)
    return out


def spark_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """A copy of a saved (DuckDB) model with every SQL condition in Spark SQL."""
    out = copy.deepcopy(settings)
    out["sql_dialect"] = "spark"
    for rule in out.get("blocking_rules_to_generate_predictions", []):
        rule["blocking_rule"] = to_spark_sql(rule["blocking_rule"])
        rule["sql_dialect"] = "spark"
    for comparison in out["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = to_spark_sql(level["sql_condition"])
    return out


def predict_with_spark(store: Store, hop, settings: dict[str, Any], *, tf_source: str | None = None) -> str:
    """Predict `hop` on Spark with a saved model; the predictions land in DuckDB as
    `work.<name>` (Splink's columns, as DuckDB's predict would write them). Returns name.
    Term frequencies are DuckDB's, from the right side (`model.term_frequency_tables`)."""
    from splink import Linker, SparkAPI

    from linkage.match.model import quiet_splink, term_frequency_tables

    spark = get_session()
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    frames = []
    for table, name in ((hop.module.LEFT, hop.module.LEFT_NAME), (hop.module.RIGHT, hop.module.RIGHT_NAME)):
        arrow = store.con.sql(f"select * from work.{table}").to_arrow_table()
        frames.append(db_api.register(spark.createDataFrame(arrow), dataset_display_name=name))
    with quiet_splink():
        linker = Linker(frames, spark_settings(settings))
        for column, table in term_frequency_tables(store, hop, settings, tf_source).items():
            arrow = store.con.sql(f"select * from work.{table}").to_arrow_table()
            linker.table_management.register_term_frequency_lookup(
                db_api.register(spark.createDataFrame(arrow)), column)
        predictions = linker.inference.predict()
    result = predictions.as_spark_dataframe().toArrow()
    # A name of its own per call: a week scores a hop in passes and may keep each one's
    # predictions (score_hop(keep=True)) until reconcile has read them.
    name = f"spark_predict_{hop.name}_{uuid.uuid4().hex[:8]}"
    store.con.register("spark_predictions", result)
    try:
        store.con.execute(f"create or replace table work.{name} as select * from spark_predictions")
    finally:
        store.con.unregister("spark_predictions")
    predictions.drop_table_from_database_and_remove_from_cache()
    return name
