"""Measuring the model: with auditors' labels (accuracy, m estimation) and without (expected errors).

    >>> expected_errors(store, run_id)                 # label-free, from the posteriors alone
    {'transferred_verdicts': 23, 'expected_false_transfers': 0.9, 'expected_missed_transfers': 2.1, ...}
    >>> report = accuracy(store, run_id, config)       # decisions -> labels -> precision/recall
    >>> notes = add_labelled_matches(settings, store, hop, comparisons)  # in model.train(use_labels=True)

Labels come from the decisions in force (the latest per entry). Hop 1: the decided booking is
a match of its entry, every other scored candidate of that entry a non-match; `--none` makes
every candidate a non-match. Hop 2: for a decided release with `--custody C` or
`--no-custody`, the same over the release's scored ICE book-ins.
"""

from __future__ import annotations

from typing import Any

from linkage.config import Config
from linkage.match import hop1, hop2
from linkage.match.model import HOPS, Hop, level_counts, linker_for, load_settings, quiet_splink
from linkage.match.searched import write_candidate_releases
from linkage.match.spec import Comparison
from linkage.review import LATEST_DECISIONS, decided_outcomes_sql
from linkage.store import Store

MIN_LABELLED_MATCHES = 5
"""Fewer decided matches than this say too little about m: the model keeps EM's m."""
LABEL_PRIOR_PAIRS = 200.0
"""Weight of the trained m, in labelled matches, when labels update it. Labels move m in
proportion to their number: the first hundred decisions (about 60 matches) move it by a
fifth. Decided entries are no random sample (the queue serves the hard cases first, and a
few weeks' decisions carry those weeks' mix, e.g. one jail's policy-day batch): with the
trained m worth 20 labels, the demo's first 100 decisions moved hop 1's stay m enough to
lose a held-out transfer at the review threshold."""
THRESHOLD_WEIGHTS = (-5.0, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0)
"""Match weights (log2 Bayes factor incl. the prior) of the threshold-selection table."""


def expected_errors(store: Store, run_id: str, jurisdiction: str | None = None) -> dict[str, Any]:
    """Label-free expected errors of a run's `transferred_to_ice` verdicts (fastLink's idea).

    E[false transfers] = Σ over entries judged transferred_to_ice of (1 − p_transferred);
    E[missed transfers] = Σ over every other entry (needs_review included) of p_transferred.
    Decided entries carry p 1 or 0 and so add nothing: their errors are the auditor's.
    """
    row = store.con.execute(
        """
        select count(*) filter (where o.outcome = 'transferred_to_ice'),
               coalesce(sum(1 - o.p_transferred) filter (where o.outcome = 'transferred_to_ice'), 0),
               coalesce(sum(o.p_transferred) filter (where o.outcome <> 'transferred_to_ice'), 0),
               coalesce(sum(o.p_transferred), 0), count(*)
        from outcomes o join report_entries e using (entry_id)
        where o.run_id = $run and ($jur is null or e.jurisdiction = $jur)
        """,
        {"run": run_id, "jur": jurisdiction},
    ).fetchall()[0]
    verdicts, false_t, missed_t, expected_total, entries = row
    return {
        "entries": entries,
        "transferred_verdicts": verdicts,
        "expected_false_transfers": round(float(false_t), 2),
        "expected_missed_transfers": round(float(missed_t), 2),
        "expected_transfers": round(float(expected_total), 2),
    }


def write_label_tables(store: Store, run_id: str) -> dict[str, int]:
    """`work.labels_hop1` / `work.labels_hop2` (Splink's pairwise label layout, label columns
    named after our ID column `uid`) from the decisions in force; returns labelled pairs per hop."""
    con = store.con
    con.execute("create schema if not exists work")
    con.execute(
        f"""
        create or replace table work.labels_hop1 as
        with d as ({LATEST_DECISIONS}),
        pairs as (
            select c.left_id as uid_l, c.right_id as uid_r from candidate_pairs c
            where c.run_id = $run and c.hop = 'hop1' and c.left_id in (select entry_id from d)
            union
            select entry_id, booking_uid from d where booking_uid is not null
        )
        select '{hop1.LEFT_NAME}' as source_dataset_l, p.uid_l, '{hop1.RIGHT_NAME}' as source_dataset_r,
               p.uid_r, (p.uid_r is not distinct from d.booking_uid)::int::double as clerical_match_score
        from pairs p join d on d.entry_id = p.uid_l
        order by p.uid_l, p.uid_r
        """,
        {"run": run_id},
    )
    con.execute(
        f"""
        create or replace table work.labels_hop2 as
        with d as (select * from ({LATEST_DECISIONS}) where booking_uid is not null
                   and (custody_id is not null or no_custody)),
        pairs as (
            select c.left_id as uid_l, c.right_id as uid_r from candidate_pairs c
            where c.run_id = $run and c.hop = 'hop2' and c.left_id in (select booking_uid from d)
            union
            select booking_uid, custody_id from d where custody_id is not null
        )
        select distinct '{hop2.LEFT_NAME}' as source_dataset_l, p.uid_l,
               '{hop2.RIGHT_NAME}' as source_dataset_r, p.uid_r,
               bool_or(p.uid_r is not distinct from d.custody_id) over (partition by p.uid_l, p.uid_r)
                   ::int::double as clerical_match_score
        from pairs p join d on d.booking_uid = p.uid_l
        order by all
        """,
        {"run": run_id},
    )
    return {hop: _count(store, f"work.labels_{hop}") for hop in ("hop1", "hop2")}


def _count(store: Store, table: str) -> int:
    return store.con.execute(f"select count(*) from {table}").fetchall()[0][0]


def add_labelled_matches(
    settings: dict[str, Any], store: Store, hop: Hop, comparisons: list[Comparison]
) -> list[str]:
    """Update the trained m of `settings` (a Splink model dict) with the auditor-labelled
    matches; returns notes for the model's manifest.

    A Bayesian update, not a replacement: each comparison's trained m counts as
    `LABEL_PRIOR_PAIRS` pseudo-matches beside the labelled ones. Splink's
    `estimate_m_from_pairwise_labels` replaces m outright, so on a few dozen labels a level no
    label happened to reach fell to the floor, and a held-out F1 fell with it.
    """
    con = store.con
    run = con.execute(
        "select run_id from runs r where exists (select 1 from candidate_pairs c where c.run_id = r.run_id)"
        " order by started_at desc limit 1"
    ).fetchall()
    if not run:
        return ["use_labels: no scored run to take candidate pairs from; no labels used"]
    write_label_tables(store, run[0][0])
    left, right = hop.module.LEFT, hop.module.RIGHT
    # Only matches whose records are in this training's inputs: a label of a release outside
    # them cannot be compared.
    source = (
        f"from work.{left} l join work.labels_{hop.name} x on x.uid_l = l.uid and x.clerical_match_score = 1"
        f" join work.{right} r on r.uid = x.uid_r"
    )
    n = con.execute(f"select count(*) {source}").fetchall()[0][0]
    if n < MIN_LABELLED_MATCHES:
        return [f"use_labels: {n} auditor-labelled matches (< {MIN_LABELLED_MATCHES}); m left to EM and priors"]
    counts = level_counts(store, hop, comparisons, [source])
    by_name = {c.name: c for c in comparisons}
    for comparison in settings["comparisons"]:
        spec = by_name[comparison["output_column_name"]]
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        seen = [counts.get((spec.name, key), 0) for key in spec.level_keys()]
        total = sum(seen)
        for level, k in zip(levels, seen, strict=True):
            level["m_probability"] = (k + LABEL_PRIOR_PAIRS * level["m_probability"]) / (total + LABEL_PRIOR_PAIRS)
    return [f"use_labels: m updated with {n} auditor-labelled matches ({LABEL_PRIOR_PAIRS:g} pseudo-matches of trained m)"]


def accuracy(store: Store, run_id: str, config: Config) -> dict[str, Any]:
    """Precision/recall of the run's model against the decisions in force, per entry and per hop."""
    counts = write_label_tables(store, run_id)
    result: dict[str, Any] = {
        "run_id": run_id,
        "decisions": store.con.execute(f"select count(*) from ({LATEST_DECISIONS})").fetchall()[0][0],
        "threshold": config.reconcile.review_threshold,
        "entries": _entry_accuracy(store, run_id, config),
        "expected": expected_errors(store, run_id),
        "hops": {},
    }
    models = store.con.execute("select hop1_model, hop2_model from runs where run_id = ?", [run_id]).fetchall()[0]
    for hop_name, model_id in zip(("hop1", "hop2"), models, strict=True):
        if model_id is None or counts[hop_name] == 0:
            result["hops"][hop_name] = {"labelled_pairs": counts[hop_name], "model_id": model_id}
            continue
        result["hops"][hop_name] = _hop_accuracy(store, run_id, hop_name, model_id, config)
    return result


def _entry_accuracy(store: Store, run_id: str, config: Config) -> dict[str, Any]:
    """The model's verdicts (before any decision replaced them) against the decided outcomes."""
    row = store.con.execute(
        f"""
        with d as ({decided_outcomes_sql(config, LATEST_DECISIONS)}),
        m as (
            select o.entry_id, coalesce(v.outcome, o.outcome) as outcome,
                   coalesce(v.booking_uid, o.booking_uid) as booking_uid,
                   coalesce(v.custody_id, o.custody_id) as custody_id
            from outcomes o left join overruled_verdicts v using (run_id, entry_id)
            where o.run_id = $run
        )
        select count(*),
               count(*) filter (where m.outcome <> 'needs_review'),
               count(*) filter (where m.outcome <> 'needs_review' and m.outcome = d.outcome),
               count(*) filter (where m.outcome = 'transferred_to_ice' and d.outcome = 'transferred_to_ice'),
               count(*) filter (where m.outcome = 'transferred_to_ice' and d.outcome <> 'transferred_to_ice'),
               count(*) filter (where m.outcome <> 'transferred_to_ice' and d.outcome = 'transferred_to_ice'),
               count(*) filter (where m.booking_uid is not distinct from d.booking_uid)
        from d join m using (entry_id)
        """,
        {"run": run_id},
    ).fetchall()[0]
    labelled, decided, correct, tp, fp, fn, links = row
    return {
        "labelled": labelled, "model_decided": decided, "model_correct": correct,
        "decided_accuracy": correct / decided if decided else None,
        "needs_review": labelled - decided,
        "transferred_to_ice": _pr(tp, fp, fn),
        "booking_link_accuracy": links / labelled if labelled else None,
    }


def _pr(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def _hop_accuracy(store: Store, run_id: str, hop_name: str, model_id: str, config: Config) -> dict[str, Any]:
    """Splink's truth-space table of the labelled pairs, rescored with the run's model."""
    hop = HOPS[hop_name]
    if hop_name == "hop1":
        hop1.prepare_inputs(store)
    else:
        # Hop 2's inputs are the releases hop 1 found, plus any release an auditor chose.
        write_candidate_releases(
            store, """select right_id as uid from candidate_pairs where run_id = $run and hop = 'hop1'
                      union select uid_l from work.labels_hop2""", {"run": run_id})
        hop2.prepare_inputs(store)
    linker = linker_for(store, hop, load_settings(store, model_id))
    with quiet_splink():
        table = linker.evaluation.accuracy_analysis_from_labels_table(
            f"labels_{hop_name}", output_type="table", match_weight_round_to_nearest=0.1
        )
    records = sorted(table.as_record_list(), key=lambda r: r["truth_threshold"])
    table.drop_table_from_database_and_remove_from_cache()
    labelled = store.con.execute(
        f"select count(*), coalesce(sum(clerical_match_score), 0) from work.labels_{hop_name}"
    ).fetchall()[0]
    threshold = config.reconcile.review_threshold
    at_threshold = _row_at(records, lambda r: r["match_probability"] >= threshold)
    rows = [_row_at(records, lambda r, t=t: r["truth_threshold"] >= t) | {"at_weight": t}
            for t in THRESHOLD_WEIGHTS]
    return {"model_id": model_id, "labelled_pairs": labelled[0], "labelled_matches": int(labelled[1]),
            "at_threshold": at_threshold, "threshold_table": rows}


def _row_at(records: list[dict[str, Any]], passes) -> dict[str, Any]:
    """Counts when pairs are called matches from the first truth-space row that `passes` on."""
    keep = ("truth_threshold", "match_probability", "tp", "fp", "fn", "tn", "precision", "recall", "f1")
    for record in records:
        if passes(record):
            return {k: record.get(k) for k in keep}
    # Above every labelled pair's weight: nothing is called a match.
    p = int(records[-1]["p"]) if records else 0
    return {"truth_threshold": None, "match_probability": None, "tp": 0, "fp": 0, "fn": p,
            "tn": int(records[-1]["n"]) if records else 0, "precision": None, "recall": 0.0, "f1": None}
