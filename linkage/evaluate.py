"""Score a run's outcomes against a synthetic world's truth.

    >>> metrics = evaluate("fixtures/demo/truth.csv", "out/outcomes.csv")
    >>> metrics["transferred_to_ice"]["precision"]

Reports precision, recall and F1 for `transferred_to_ice`, accuracy of decided outcomes, the
needs_review share, release-link accuracy, duplicate F1, and the Brier score, Brier skill
score and a reliability table of `p_transferred`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from linkage.errors import LinkageError

BINS = [0.0, 0.001, 0.01, 0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0001]
"""Edges of the reliability table's bins: fine at both ends, where nearly every entry sits and
where an overconfident model shows (nationally, seed 8: the 810 entries at P 0.99–0.999, mean
0.997, held 6 that were no transfer against 2.6 expected; one 0.95–1 bin hid that)."""


def f1_scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 of the counts, with the counts: `f1_scores(23, 2, 0)["f1"]`."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


TRUTH_COLUMNS = ("entry_id", "true_outcome", "booking_id", "custody_id", "duplicate_of")
OUTCOME_COLUMNS = ("entry_id", "outcome", "confidence", "p_transferred", "booking_id", "custody_id",
                   "duplicate_of")


def evaluate(truth_csv: str | Path, outcomes_csv: str | Path) -> dict[str, Any]:
    """The metrics above; LinkageError names a file that cannot be read or lacks a column."""
    con = duckdb.connect()
    for table, path, needed in (("truth", truth_csv, TRUTH_COLUMNS), ("got", outcomes_csv, OUTCOME_COLUMNS)):
        try:
            con.execute(f"create table {table} as select * from read_csv(?, all_varchar=true, header=true)",
                        [str(path)])
        except duckdb.Error as exc:
            raise LinkageError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0]})") from exc
        columns = {row[0] for row in con.execute(f"describe {table}").fetchall()}
        if missing := [c for c in needed if c not in columns]:
            raise LinkageError(f"{path}: no column {', '.join(missing)}")
    con.execute(
        """
        create table j as
        select t.entry_id, t.true_outcome, coalesce(t.booking_id, '') as true_booking,
               coalesce(t.custody_id, '') as true_custody, coalesce(t.duplicate_of, '') as true_dup,
               g.outcome, g.confidence::double as confidence, g.p_transferred::double as p,
               coalesce(g.booking_id, '') as booking, coalesce(g.custody_id, '') as custody,
               coalesce(g.duplicate_of, '') as dup
        from truth t join got g using (entry_id)
        """
    )
    one = lambda sql: con.execute(sql).fetchall()[0]  # noqa: E731
    n, missing, extra = one("select count(*), (select count(*) from truth) - count(*),"
                            " (select count(*) from got) - count(*) from j")
    if n == 0:  # every metric would be 0/0
        raise LinkageError(f"{outcomes_csv}: no entry_id of it is in {truth_csv} (outcomes of another world,"
                           " or entry IDs the run derived because the report had none)")
    tp, fp, fn = one(
        """select count(*) filter (where outcome = 'transferred_to_ice' and true_outcome = 'transferred_to_ice'),
                  count(*) filter (where outcome = 'transferred_to_ice' and true_outcome <> 'transferred_to_ice'),
                  count(*) filter (where outcome <> 'transferred_to_ice' and true_outcome = 'transferred_to_ice')
           from j"""
    )
    decided, correct, review = one(
        """select count(*) filter (where outcome <> 'needs_review'),
                  count(*) filter (where outcome <> 'needs_review' and outcome = true_outcome),
                  count(*) filter (where outcome = 'needs_review') from j"""
    )
    linked, link_ok = one(
        "select count(*) filter (where true_booking <> ''), count(*) filter (where true_booking <> '' and booking = true_booking) from j"
    )
    dtp, dfp, dfn = one(
        """select count(*) filter (where dup <> '' and dup = true_dup),
                  count(*) filter (where dup <> '' and dup <> true_dup),
                  count(*) filter (where true_dup <> '' and dup <> true_dup) from j"""
    )
    brier, base = one(
        """select avg(power(p - (true_outcome = 'transferred_to_ice')::int, 2)),
                  avg((true_outcome = 'transferred_to_ice')::int) from j"""
    )
    reference = base * (1 - base) if base is not None else None
    reliability = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        cnt, mean_p, rate, expected, real = one(
            f"""select count(*), avg(p), avg((true_outcome = 'transferred_to_ice')::int),
                       coalesce(sum(p), 0), count(*) filter (where true_outcome = 'transferred_to_ice')
                from j where p >= {lo} and p < {hi}"""
        )
        # Expected against real transfers: near 0 and 1 the counts, not the means, show it.
        reliability.append({"bin": f"{lo:g}–{min(hi, 1):g}", "n": cnt, "mean_p": mean_p, "observed": rate,
                            "expected_transfers": expected, "transfers": real})
    by_truth = con.execute(
        "select true_outcome, outcome, count(*) from j group by all order by all"
    ).fetchall()
    return {
        "entries": n,
        "entries_missing": missing,
        "entries_unknown": extra,  # verdicts of entries the truth does not list
        "transferred_to_ice": f1_scores(tp, fp, fn),
        "decided_accuracy": correct / decided if decided else 0.0,
        "needs_review_share": review / n if n else 0.0,
        "release_link_accuracy": link_ok / linked if linked else 1.0,
        "duplicates": f1_scores(dtp, dfp, dfn),
        "brier": brier,
        "brier_skill": 1 - brier / reference if reference else 0.0,
        "base_rate": base,
        "reliability": reliability,
        "confusion": [list(row) for row in by_truth],
    }


def headline(metrics: dict[str, Any]) -> dict[str, float]:
    """The figures the benchmarks print per world, flat, from `evaluate`'s answer.

        >>> headline(evaluate("truth.csv", "outcomes.csv"))["decided_acc"]
    """
    ice = metrics["transferred_to_ice"]
    return {
        "precision": ice["precision"], "recall": ice["recall"], "f1": ice["f1"],
        "tp": ice["tp"], "fp": ice["fp"], "fn": ice["fn"],
        "decided_acc": metrics["decided_accuracy"],
        "review": metrics["needs_review_share"],
        "link_acc": metrics["release_link_accuracy"],
        "dup_f1": metrics["duplicates"]["f1"],
        "brier_skill": metrics["brier_skill"],
    }


def transfer_errors_by_hop(con: duckdb.DuckDBPyConnection, run_id: str, truth_csv: str | Path) -> dict[str, Any]:
    """Of a run's model `transferred_to_ice` verdicts, the errors each hop's posterior expects
    against the real ones, to see which hop is overconfident (issue 6).

        >>> transfer_errors_by_hop(store.con, run_id, "world/truth.csv")
        {'verdicts': 2394, 'hop1': {'expected': 28.12, 'real': 43, 'real_not_transferred': 34},
         'hop2': {'expected': 5.03, 'real': 12}}

    Hop 1: the chosen booking is not the listed person's (expected: 1 − P(booking)); of those,
    `real_not_transferred` were no transfer at all (a look-alike's hand-over taken for a person
    ICE did not take), the rest were transfers on another booking. Hop 2: the booking is right
    but ICE did not take the person at that release (expected: 1 − P(handed over | the
    booking)). So hop 1's `real_not_transferred` plus hop 2's `real` are `evaluate`'s false
    transfers; the expected counts do not add up to `expected_errors`' (a verdict's P sums
    over its bookings). Verdicts an auditor decided are left out: their errors are the
    auditor's. Bookings are compared by ID, as `evaluate`'s release-link accuracy does.

    Reads `work.entry_booking`, which holds the pairs of the last reconciled run only: call it
    right after the run. LinkageError if a verdict of `run_id` has no pair there (the table is
    another run's)."""
    row = con.execute(
        """
        with truth as (select * from read_csv(?, all_varchar=true, header=true)),
        verdicts as (
            select * from outcomes
            where run_id = ? and outcome = 'transferred_to_ice' and coalesce(reasons, '') not like 'decided by %'
        ),
        v as (
            select eb.p_booking, eb.p_transfer, t.true_outcome,
                   o.booking_id is not distinct from t.booking_id as right_booking
            from verdicts o
            join work.entry_booking eb on eb.entry_id = o.entry_id and eb.booking_uid = o.booking_uid
            join truth t on t.entry_id = o.entry_id
        )
        select (select count(*) from verdicts where entry_id in (select entry_id from truth)), count(*),
               coalesce(sum(1 - p_booking), 0), count(*) filter (where not right_booking),
               count(*) filter (where not right_booking and true_outcome <> 'transferred_to_ice'),
               coalesce(sum(1 - p_transfer) filter (where right_booking), 0),
               count(*) filter (where right_booking and true_outcome <> 'transferred_to_ice')
        from v
        """,
        [str(truth_csv), run_id],
    ).fetchall()[0]
    verdicts, paired, hop1_expected, hop1_real, hop1_false, hop2_expected, hop2_real = row
    if paired != verdicts:
        raise LinkageError(f"work.entry_booking holds {paired} of run {run_id}'s {verdicts} transfer verdicts:"
                           " it is another run's (score right after the run)")
    return {"verdicts": verdicts,
            "hop1": {"expected": round(float(hop1_expected), 2), "real": hop1_real,
                     "real_not_transferred": hop1_false},
            "hop2": {"expected": round(float(hop2_expected), 2), "real": hop2_real}}
