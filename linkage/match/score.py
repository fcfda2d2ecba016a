"""Score every candidate pair of a hop with its saved model; keep each pair's evidence.

    >>> score_hop(store, HOPS["hop1"], model_id, run_id="r-2017w06")   # -> the run's rows of scored_pairs

Every scored pair keeps its comparison levels (`candidate_pairs.levels`: Splink's gamma per
comparison, in the model's order; `level_labels` names them). The best `EVIDENCE_TOP` pairs of
each left record, and later the pairs reconcile finds most probable (`fill_evidence`), also
keep in `candidate_pairs.evidence` the prior weight of Splink's model and, per comparison, the
level label, its match weight (log2 Bayes factor, with any term-frequency adjustment) and the
two values compared: enough to draw a waterfall and to say which fields agreed, long after
the run.

Splink predicts without the compared values (`narrow_settings`): each pair's gammas are read
back from its per-comparison match weights (`gammas_sql`), and the values of the pairs that
keep evidence are joined from the hop's work tables (`values_sql`).
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from linkage.match.model import HOPS, Hop, linker_for, load_settings, quiet_splink
from linkage.match.spec import BEST_FIRST, level_labels, levels_by_gamma
from linkage.store import Store

log = logging.getLogger(__name__)

EVIDENCE_TOP = {"hop1": 10, "hop2": 5}
"""Pairs per left record (entry, release) by weight that keep a full evidence document: the
report cards and `review show` show at most 5 candidates by weight. Building the JSON of every
pair was 5x Splink's own prediction time (13.4 s vs 2.7 s for 2.2 M pairs at scale 0.1)."""


def levels_sql(settings: dict[str, Any]) -> str:
    """The pair's gammas as a list, in the model's comparison order (see `level_labels`)."""
    return f"[{', '.join(f'gamma_{name}' for name, _ in level_labels(settings))}]::tinyint[]"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _evidence_sql(settings: dict[str, Any], columns: set[str]) -> str:
    """A SQL expression building the evidence JSON from Splink's intermediate columns."""
    p = settings["probability_two_random_records_match"]
    prior_weight = math.log2(p / (1 - p))
    parts = []
    for comparison, (name, labels) in zip(settings["comparisons"], level_labels(settings), strict=True):
        cases = [f"when {gamma} then {_sql_text(label)}" for gamma, label in labels.items()]
        label = f"case gamma_{name} {' '.join(cases)} end"
        weight = f"coalesce(mw_{name}, 0)"
        if f"mw_tf_adj_{name}" in columns:
            weight += f" + coalesce(mw_tf_adj_{name}, 0)"
        values_l, values_r = [], []
        for col in _compared_columns(comparison, columns):
            values_l.append(f"{col}_l::varchar")
            values_r.append(f"{col}_r::varchar")
        value_l = f"concat_ws(' / ', {', '.join(values_l)})" if values_l else "null::varchar"
        value_r = f"concat_ws(' / ', {', '.join(values_r)})" if values_r else "null::varchar"
        parts.append(
            f"{{'name': {_sql_text(name)}, 'label': {label}, 'match_weight': round({weight}, 4), "
            f"'value_l': {value_l}, 'value_r': {value_r}}}"
        )
    # A struct cast to JSON once, not json_object per comparison: the same text in half the
    # time (hop-2 pairs of a national run: 4.4 s -> 2.0 s per million).
    return f"to_json({{'prior_weight': {round(prior_weight, 4)}, 'comparisons': [{', '.join(parts)}]}})"


# Keys derived from a name (hop2.prepare_inputs): a comparison may test them, but its evidence
# shows the names themselves, not their first words or initials a second time.
_DERIVED_KEYS = frozenset({"first_token", "first_initial", "surname_first", "surname_last"})


def _compared_columns(comparison: dict[str, Any], columns: set[str]) -> list[str]:
    sql = " ".join(lv["sql_condition"] for lv in comparison["comparison_levels"])
    found = []
    for col in sorted({c[:-2] for c in columns if c.endswith("_l")} - _DERIVED_KEYS):
        if f"{col}_l" in sql or f"{col}_r" in sql:
            found.append(col)
    return found


def narrow_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The model's settings for a prediction without the compared values, where each pair's
    gammas can be read back from its match weights (`gammas_sql`); else the settings as they are.

        >>> narrow_settings(settings)["retain_matching_columns"]
        False

    Splink 5 drops a comparison's gamma column with its compared values
    (`retain_matching_columns`), and every stored pair needs its gammas; only the best pairs
    of each record need the values, for their evidence (`values_sql` joins them back). The
    values were most of the prediction's width: a national hop 2 wrote 73 columns a pair."""
    for comparison in settings["comparisons"]:
        weights = list(_level_weights(comparison).values())
        if None in weights or len(set(weights)) < len(weights):
            log.info("%s: two levels share a match weight (or one has none): predicting with the "
                     "compared values, which is slower", comparison["output_column_name"])
            return settings
    return {**settings, "retain_matching_columns": False}


def _level_weights(comparison: dict[str, Any]) -> dict[int, float | None]:
    """gamma -> the match weight Splink writes for the level (`ComparisonLevel._match_weight`:
    log2 m/u, each clamped at 1e-300; 0 for the null level)."""
    weights: dict[int, float | None] = {}
    for gamma, level in levels_by_gamma(comparison):
        m, u = level.get("m_probability"), level.get("u_probability")
        if gamma == -1:
            weights[gamma] = 0.0
        elif isinstance(m, int | float) and isinstance(u, int | float):
            weights[gamma] = math.log2(max(m, 1e-300) / max(u, 1e-300))
        else:
            weights[gamma] = None
    return weights


def gammas_sql(settings: dict[str, Any], columns: set[str]) -> str:
    """SQL select list: every column of a prediction (`columns`), and where Splink left the
    gammas out (`narrow_settings`), each comparison's gamma read back from its match weight.

        >>> gammas_sql(settings, columns_of(store, table))
        '*, case mw_stay when cast(0.0 as float8) then -1 when cast(5.91 as float8) then 11 ... end as gamma_stay, ...'
    """
    if all(f"gamma_{c['output_column_name']}" in columns for c in settings["comparisons"]):
        return "*"
    cases = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        # Splink writes each weight as `cast(<repr> as float8)`: the same literal compares equal.
        whens = " ".join(f"when cast({weight!r} as float8) then {gamma}"
                         for gamma, weight in _level_weights(comparison).items())
        cases.append(f"case mw_{name} {whens} end as gamma_{name}")
    return ", ".join(["*", *cases])


def values_sql(store: Store, table: str, settings: dict[str, Any], pairs: str,
               records: tuple[str, str]) -> tuple[str, set[str]]:
    """SQL of the prediction `table`'s rows for the pairs `pairs` selects (left_id, right_id),
    with their gammas and the compared values as Splink names them; and its columns.

        >>> values_sql(store, table, settings, "select left_id, right_id from top", (hop1.LEFT, hop1.RIGHT))
        ('select p.*, l."offences" as "offences_l", r."offences" as "offences_r", ... from ...', {...})

    A narrow prediction (`narrow_settings`) has no values: they come from `records`, the work
    tables (left, right) that hold the records it compared, by uid. Spark predicts at full
    width and keeps its own values."""
    columns = columns_of(store, table)
    gammas = gammas_sql(settings, columns)
    picked = (f'select {gammas} from (select * from work."{table}" p'
              f" semi join ({pairs}) w on w.left_id = p.uid_l and w.right_id = p.uid_r)")
    if gammas == "*":  # a full-width prediction holds the values too
        return picked, columns
    left, right = records
    # Splink keeps the columns its parser finds in the levels' conditions; ours name them as
    # `<column>_l` / `<column>_r`, so a whole-word match finds the same ones. (Splink reads
    # them from the two tables stacked, so with a common type; both hops' work tables give
    # each column one type on both sides.)
    conditions = " ".join(lv["sql_condition"] for c in settings["comparisons"] for lv in c["comparison_levels"])
    shared = columns_of(store, left) & columns_of(store, right)
    compared = sorted(c for c in shared if re.search(rf"\b{re.escape(c)}_[lr]\b", conditions))
    joined = "".join(f', l."{c}" as "{c}_l", r."{c}" as "{c}_r"' for c in compared)
    sql = (f"select p.*{joined} from ({picked}) p"
           f" left join work.{left} l on l.uid = p.uid_l left join work.{right} r on r.uid = p.uid_r")
    return sql, columns | {f"{c}_{side}" for c in compared for side in "lr"}


KEPT_PREDICTIONS = "work.kept_predictions"
"""Splink's prediction tables that a run keeps (`score_hop(keep=True)`) until reconcile knows
which pairs its verdicts rest on (`fill_evidence`), then drops (`drop_kept_predictions`)."""


def score_hop(
    store: Store, hop: Hop, model_id: str, *, run_id: str, engine: str | None = None, keep: bool = False,
    tf_source: str | None = None, append: bool = False,
) -> int:
    """Predict with the hop's model and store the pairs of `run_id`; returns how many it stored.
    `engine` "spark" predicts on Spark; $LINKAGE_ENGINE, where set, overrides it (issue 7).
    `keep`: leave Splink's predictions in the store for `fill_evidence`. `tf_source`: every
    right-side record, when the right work table holds only some (`model.linker_for`).
    `append`: add to the run's pairs of the hop instead of replacing them (an incremental
    week's passes). The caller sees to it that no left record is in two such calls: a pair
    would be stored twice, and each call picks its records' evidence pairs among its own."""
    from linkage.match.spark import active_engine, predict_with_spark

    settings = load_settings(store, model_id)
    predictions = None
    if active_engine(engine) == "spark":
        # Spark's predictions come back as a DuckDB table with Splink's usual columns, so the
        # evidence and the stored pairs below are built the same way for both engines.
        table = predict_with_spark(store, hop, settings, tf_source=tf_source)
    else:
        linker = linker_for(store, hop, narrow_settings(settings), tf_source=tf_source)
        with quiet_splink():
            predictions = linker.inference.predict()
        table = predictions.physical_name
    with store.transaction():
        if not append:
            store.con.execute("delete from scored_pairs where run_id = ? and hop = ?", [run_id, hop.name])
        stored = _store_pairs(store, hop, run_id, table, settings)
    if keep:
        store.con.execute(f"create table if not exists {KEPT_PREDICTIONS} (hop varchar, name varchar, model_id varchar)")
        store.con.execute(f"insert into {KEPT_PREDICTIONS} values (?, ?, ?)", [hop.name, table, model_id])
    elif predictions is not None:
        predictions.drop_table_from_database_and_remove_from_cache()
    else:
        store.con.execute(f"drop table if exists work.{table}")
    return stored


def _store_pairs(store: Store, hop: Hop, run_id: str, table: str, settings: dict[str, Any]) -> int:
    con = store.con
    # Splink yields each pair once, whichever blocking rules found it (a demo test checks):
    # the join of the pairs with their evidence below relies on it.
    # The best pairs of each record get their evidence JSON as they are inserted: a top-k
    # aggregate over the weights alone picks them (where a window sorted every pair: 4.7 s ->
    # 0.7 s for hop 1 of a national run), and the JSON is built for those only. (An update of
    # those pairs after the insert took as long again as the insert: hop 2 of a national run,
    # 1.1 M of 10.4 M pairs.)
    values, columns = values_sql(store, table, settings, "select left_id, right_id from top",
                                 (hop.module.LEFT, hop.module.RIGHT))
    return con.execute(
        f"""
        insert into scored_pairs
            (run_id, hop, left_id, right_id, match_weight, match_probability, evidence, levels)
        with top as (select distinct * from (
            select left_id, unnest(min_by(right_id, {BEST_FIRST}, {EVIDENCE_TOP[hop.name]})) as right_id
            from (select uid_l as left_id, uid_r as right_id, match_weight from work."{table}")
            group by left_id)),
        evidence as (select uid_l, uid_r, {_evidence_sql(settings, columns)} as evidence from ({values}))
        select ?, ?, p.uid_l, p.uid_r, p.match_weight, p.match_probability, e.evidence, {levels_sql(settings)}
        from (select {gammas_sql(settings, columns)} from work."{table}") p
        left join evidence e on e.uid_l = p.uid_l and e.uid_r = p.uid_r
        """,
        [run_id, hop.name],
    ).fetchall()[0][0]  # DuckDB answers an insert with the rows it inserted


def fill_evidence(store: Store, run_id: str, hop: str, wanted: str) -> None:
    """Give the pairs `wanted` (SQL of left_id, right_id) selects their evidence JSON from the
    hop's kept predictions (a verdict can rest on a pair below the best by weight: the ICE
    record or the one-person-per-detainer constraint lifted it); pairs that have one keep it.
    Without kept predictions (a resumed run) nothing changes. The compared values come from
    the hop's work tables as they stand (`values_sql`): a run fills before anything rebuilds
    them, and an incremental week has made them whole again by then.

        >>> fill_evidence(store, run_id, "hop1", "select entry_id as left_id, booking_uid as right_id from outcomes")
    """
    module = HOPS[hop].module
    for table, model_id in _kept(store, hop):
        settings = load_settings(store, model_id)
        values, columns = values_sql(store, table, settings, wanted, (module.LEFT, module.RIGHT))
        store.con.execute(
            f"""
            update scored_pairs c set evidence = t.evidence
            from (select uid_l, uid_r, {_evidence_sql(settings, columns)} as evidence from ({values})) t
            where c.run_id = $run and c.hop = $hop and c.left_id = t.uid_l and c.right_id = t.uid_r
              and c.evidence is null
            """,
            {"run": run_id, "hop": hop},
        )


def columns_of(store: Store, table: str) -> set[str]:
    """Column names of a table of the store (of Splink's predictions: what it computed).

        >>> "mw_stay" in columns_of(store, predictions.physical_name)
        True
    """
    return {row[0] for row in store.con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]).fetchall()}


def drop_kept_predictions(store: Store, hop: str) -> None:
    """Drop the hop's kept prediction tables (they hold every scored pair with its values)."""
    for table, _ in _kept(store, hop):
        store.con.execute(f'drop table if exists work."{table}"')
    if store.table_exists("kept_predictions"):
        store.con.execute(f"delete from {KEPT_PREDICTIONS} where hop = ?", [hop])


def _kept(store: Store, hop: str) -> list[tuple[str, str]]:
    if not store.table_exists("kept_predictions"):
        return []
    return store.con.execute(
        f"select name, model_id from {KEPT_PREDICTIONS} where hop = ? order by name", [hop]).fetchall()
