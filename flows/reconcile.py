"""The reconciliation flow: a table of contents of the stages in `linkage.pipeline`.

    >>> reconcile_flow(db_path="linkage.duckdb", reports=["reports.csv"],
    ...                releases=["releases/"], custody=["custody.csv"], out_dir="out")

The stage tasks are `flows.tasks`, shared with the served flows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.tasks import hop1, hop2, open_store, reconcile, write_outputs
from linkage import pipeline
from linkage.config import load_config


@task(name="ingest {kind}", cache_policy=NO_CACHE, task_run_name="ingest {kind}: {path}")
def ingest_source(db_path: str, kind: str, path: str, config_path: str | None,
                  jurisdiction: str | None = None) -> list[dict[str, Any]]:
    from linkage.ingest import submit

    with open_store(db_path) as store:
        results = submit(store, kind, Path(path), jurisdiction=jurisdiction, config=load_config(config_path))
    return [
        {"file": Path(r.file_name).name, "kind": r.kind, "status": r.status, "stored": r.rows_stored,
         "quarantined": r.rows_quarantined, "message": r.message}
        for r in results
    ]


@task(name="start run", cache_policy=NO_CACHE)
def start_run(db_path: str, config_path: str | None, out_dir: str | None) -> str:
    with open_store(db_path) as store:
        return pipeline.start_run(store, load_config(config_path), out_dir=out_dir)


def jurisdiction_totals(db_path: str, run_id: str) -> list[dict[str, Any]]:
    """Listed vs what the evidence supports, per jurisdiction (for the console and artifacts)."""
    from linkage.report.summary import jurisdiction_totals as totals

    with open_store(db_path) as store:
        return totals(store, run_id)


@flow(name="reconcile-detainer-reports", log_prints=True)
def reconcile_flow(
    db_path: str = "linkage.duckdb",
    reports: list[str] | None = None,
    releases: list[str] | None = None,
    custody: list[str] | None = None,
    out_dir: str | None = None,
    config_path: str | None = None,
    retrain: bool = False,
    jurisdiction: str | None = None,
) -> dict[str, Any]:
    """Ingest the given files, score both hops, reconcile, write outputs and artifacts."""
    logger = get_run_logger()
    submissions: list[dict[str, Any]] = []
    for kind, paths in (("reports", reports), ("releases", releases), ("custody", custody)):
        for path in paths or []:
            submissions += ingest_source(db_path, kind, path, config_path, jurisdiction)
    run_id = start_run(db_path, config_path, out_dir)
    logger.info("run %s: hop 1 scored %d pairs", run_id, hop1(db_path, run_id, config_path, retrain))
    logger.info("run %s: hop 2 scored %d pairs", run_id, hop2(db_path, run_id, config_path, retrain))
    priors = reconcile(db_path, run_id, config_path)
    logger.info("fitted priors: %s", priors)
    outputs = write_outputs(db_path, run_id, out_dir)
    summary = jurisdiction_totals(db_path, run_id)
    publish_artifacts(db_path, run_id, outputs)
    return {"run_id": run_id, "submissions": submissions, "jurisdictions": summary, "outputs": outputs}


def publish_artifacts(db_path: str, run_id: str, outputs: dict[str, str]) -> None:
    """A markdown headline (with the link to report.html) and the jurisdiction table."""
    from linkage.report.summary import jurisdiction_table, markdown_summary

    with open_store(db_path) as store:
        markdown = markdown_summary(store, run_id, report_path=outputs.get("report.html"))
        table = jurisdiction_table(store, run_id)
    create_markdown_artifact(markdown, key="reconciliation-summary", description=run_id)
    create_table_artifact(table, key="jurisdiction-summary", description=run_id)
