"""The intake flow: one run per accepted submission, created by the HTTP intake.

    >>> queue_intake(42, "linkage.duckdb")        # from the API: a flow run of the deployment
    '0691f…'
    >>> intake_flow(db_path="linkage.duckdb", submission_id=42)   # or run it in place

It reads what the submission brought (rows stored and quarantined, with reasons) into a
Prefect artifact, and, unless `reconcile=False`, reconciles the store again so the
jurisdiction's report and outcomes reflect the new file (`flows.serve.reconcile_store`, as a
subflow with its own resume and retries).
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows.serve import reconcile_store
from flows.tasks import RETRIES, transient
from linkage.store import Store

INTAKE_FLOW = "intake-submission"
INTAKE_DEPLOYMENT = "intake"


@task(name="read submission {submission_id}", cache_policy=NO_CACHE,
      retry_condition_fn=transient, **RETRIES)
def read_submission(db_path: str, submission_id: int) -> dict[str, Any]:
    """The submission's row and its first quarantine reasons; ValueError if there is none."""
    with Store.open(db_path, read_only=True) as store:
        cursor = store.con.execute(
            """select submission_id, kind, jurisdiction, file_name, status, rows_read, rows_stored,
                      rows_quarantined, submitted_by, submitted_at::varchar as submitted_at, message
               from submissions where submission_id = ?""", [submission_id])
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        if not rows:
            raise ValueError(f"no submission {submission_id} in {db_path}")
        found = dict(zip(names, rows[0], strict=True))
        found["reasons"] = [
            f"row {row}: {'; '.join(why)}" for row, why in store.con.execute(
                "select row_number, reasons from quarantine where submission_id = ? "
                "order by row_number limit 20", [submission_id]).fetchall()
        ]
        found["ready"] = all(store.count(t) > 0 for t in ("report_entries", "bookings"))
    return found


def _markdown(sub: dict[str, Any]) -> str:
    lines = [
        f"# Submission {sub['submission_id']}: {sub['file_name']}",
        "",
        f"**{sub['kind']}**{' for ' + sub['jurisdiction'] if sub['jurisdiction'] else ''} — "
        f"{sub['status']}: {sub['rows_stored']} of {sub['rows_read']} rows stored, "
        f"{sub['rows_quarantined']} quarantined (by {sub['submitted_by'] or 'unknown'}, "
        f"{sub['submitted_at']}).",
        "",
        sub["message"] or "",
    ]
    if sub["reasons"]:
        lines += ["", "| quarantined |", "|---|", *[f"| {r.replace('|', '/')} |" for r in sub["reasons"]]]
    return "\n".join(lines)


@flow(name=INTAKE_FLOW, flow_run_name="intake submission {submission_id}", log_prints=True)
def intake_flow(
    db_path: str = "linkage.duckdb",
    submission_id: int = 0,
    reconcile: bool = True,
    out_dir: str | None = None,
    config_path: str | None = None,
) -> dict[str, Any]:
    """Report on one submission and, when it stored rows, reconcile the store again."""
    logger = get_run_logger()
    sub = read_submission(db_path, submission_id)
    create_markdown_artifact(_markdown(sub), key=f"intake-submission-{submission_id}",
                             description=f"submission {submission_id}")
    result: dict[str, Any] = {"submission_id": submission_id, "status": sub["status"],
                              "rows_stored": sub["rows_stored"], "reconciliation": None}
    if sub["status"] != "stored":
        logger.info("submission %s is %s: nothing to reconcile", submission_id, sub["status"])
    elif not reconcile:
        logger.info("submission %s stored; reconciliation left to the weekly run", submission_id)
    elif not sub["ready"]:
        logger.info("submission %s stored; waiting for report entries and release logs", submission_id)
        result["reconciliation"] = {"status": "waiting for report entries and release logs"}
    else:
        result["reconciliation"] = reconcile_store(db_path=db_path, out_dir=out_dir, config_path=config_path)
    return result


def queue_intake(submission_id: int, db_path: str, *, deployment: str | None = None) -> str:
    """Create a run of the served intake deployment for `submission_id`; returns its ID.

    Needs `linkage serve` running against the same Prefect API (PREFECT_API_URL). The
    idempotency key makes a repeated call for the same submission return the same run."""
    from pathlib import Path

    from prefect.deployments import run_deployment

    name = deployment or f"{INTAKE_FLOW}/{INTAKE_DEPLOYMENT}"
    # Absolute: the serving process may run from another folder.
    db_path = str(Path(db_path).absolute())
    flow_run = run_deployment(
        name, parameters={"db_path": db_path, "submission_id": submission_id}, timeout=0,
        as_subflow=False, idempotency_key=f"{db_path}#{submission_id}",
    )
    return str(flow_run.id)
