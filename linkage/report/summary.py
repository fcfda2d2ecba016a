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
