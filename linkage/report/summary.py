"""Plain-data summaries a flow turns into Prefect artifacts (this module imports no Prefect).

    >>> md = markdown_summary(store, "run-1", report_path="out/report.html")
    >>> create_markdown_artifact(md, key="run-summary")               # in flows/
    >>> create_table_artifact(jurisdiction_table(store, "run-1"), key="jurisdictions")
"""

from __future__ import annotations

from pathlib import Path

from linkage.report.html import headline
from linkage.report.scope import OUTCOME_LABELS, OUTCOMES, check_run


def jurisdiction_table(store, run_id: str, *, jurisdiction: str | None = None) -> list[dict]:
    """One row per jurisdiction and week (as jurisdictions.csv), JSON-friendly."""
    check_run(store, run_id, jurisdiction)
    return [{**w, "report_week": str(w["report_week"])}
            for w in headline(store, run_id, jurisdiction)["weeks"]]


RUN_TABLE = {"listed": "listed", "declined_confirmed": "declined", "transferred_to_ice": "to_ice",
             "transferred_to_other_agency": "to_other", "still_in_custody": "in_custody",
             "no_release_record": "no_record", "needs_review": "review", "duplicates": "dup", "stale": "stale"}
"""The per-jurisdiction counts a run returns (`jurisdiction_totals`), in the order the CLI shows them."""


def jurisdiction_totals(store, run_id: str) -> list[dict]:
    """Listed vs what the evidence supports, one row per jurisdiction, most listed first: the
    table `linkage run` prints and a flow returns.

        >>> jurisdiction_totals(store, "run-1")[0]
        {'jurisdiction': 'TX/TRAVIS', 'listed': 128, 'declined': 9, 'to_ice': 80, ...}
    """
    check_run(store, run_id, None)
    rows = sorted(headline(store, run_id, None)["jurisdictions"], key=lambda j: (-j["listed"], j["jurisdiction"]))
    return [{"jurisdiction": j["jurisdiction"], **{short: j[key] for key, short in RUN_TABLE.items()}} for j in rows]


def markdown_summary(store, run_id: str, *, report_path: str | Path | None = None,
                     jurisdiction: str | None = None) -> str:
    """Headline counts of a run, the widest gaps, and a link to its report.html."""
    check_run(store, run_id, jurisdiction)
    head = headline(store, run_id, jurisdiction)
    t = head["totals"]
    share = f"{100 * t['declined_confirmed'] / t['listed']:.0f}%" if t["listed"] else "–"
    lines = [f"# Run `{run_id}`" + (f" · {jurisdiction}" if jurisdiction else ""), "",
             f"ICE listed **{t['listed']}** declined detainers; the evidence supports "
             f"**{t['declined_confirmed']}** ({share}).", "",
             "| outcome | entries |", "|---|---:|"]
    lines += [f"| {OUTCOME_LABELS[o]} | {t[o]} |" for o in OUTCOMES]
    lines += [f"| stale detainers | {t['stale']} |", f"| duplicate listings | {t['duplicates']} |",
              "", f"Expected errors in the transfer count (label-free, from the posteriors): "
              f"≈ {head['expected']['expected_false_transfers']:.1f} false, "
              f"≈ {head['expected']['expected_missed_transfers']:.1f} missed.",
              "", "**Widest gaps** (listed → confirmed):", ""]
    lines += [f"- {g['jurisdiction']}, week of {g['report_week']}: {g['listed']} → "
              f"{g['declined_confirmed']}" for g in head["gaps"]]
    if report_path:
        uri = Path(report_path).resolve().as_uri()
        lines += ["", f"[Open the match confidence report]({uri})"]
    return "\n".join(lines) + "\n"
