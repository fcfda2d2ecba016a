"""The service's deployments, served by one process: `linkage serve`.

    >>> serve_service("linkage.duckdb", cron="0 6 * * 1", timezone="America/Chicago")

- `reconcile-store/weekly`: `reconcile_store` on a cron schedule (default Monday 06:00):
  reconciles everything in the store, resuming a run that failed half-way.
- `intake-submission/intake`: `flows.intake.intake_flow`, created per accepted upload by the
  HTTP intake (`flows.intake.queue_intake`), no schedule.

One runner executes at most one flow run at a time (`limit=1`): the store takes one writer at
a time anyway, and a queue in the Prefect UI says more than runs waiting on a lock.

Resuming. Each stage of `linkage.pipeline` leaves its durable results in one transaction
(pairs, outcomes, `runs.status`), so the store itself says which stages of a run finished
(`stages_done`); a stage already done is skipped, not redone. A Prefect retry of the flow run
reuses its run ID (the `start run` task is cached per flow run); after a crash of the whole
process, run the deployment with `resume_run_id` to finish that run.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import INPUTS, NO_CACHE, RUN_ID

from flows.tasks import RETRIES, hop1, hop2, open_store, reconcile, transient, write_outputs
from linkage import pipeline
from linkage.config import load_config
from linkage.store import Store

DEFAULT_CRON = "0 6 * * 1"  # Monday 06:00
WEEKLY_DEPLOYMENT = "weekly"
STAGES = ("hop1", "hop2", "reconcile", "finish")


def stages_done(store: Store, run_id: str) -> list[str]:
    """The stages of `run_id` whose results are in the store, in order.

        >>> stages_done(store, "run-…")
        ['hop1', 'hop2']
    """
    rows = store.con.execute(
        """select r.status,
                  exists (select 1 from scored_pairs c where c.run_id = r.run_id and c.hop = 'hop1'),
                  exists (select 1 from scored_pairs c where c.run_id = r.run_id and c.hop = 'hop2'),
                  exists (select 1 from outcomes o where o.run_id = r.run_id)
           from runs r where r.run_id = ?""", [run_id]).fetchall()
    if not rows:
        return []
    status, hop1, hop2, outcomes = rows[0]
    # Later stages imply earlier ones; hop 2 may have scored nothing (no ICE extract), so a
    # zero-pair hop 2 counts as not done and is simply run again (it is cheap then).
    if status == "done":
        return list(STAGES)
    if outcomes:
        return ["hop1", "hop2", "reconcile"]
    if hop2:
        return ["hop1", "hop2"]
    return ["hop1"] if hop1 else []


@task(name="start run", cache_policy=RUN_ID + INPUTS, persist_result=True, retry_condition_fn=transient,
      **RETRIES)
def start_or_resume_run(db_path: str, config_path: str | None, out_dir: str | None,
                        resume_run_id: str | None) -> str | None:
    """A new run ID, or `resume_run_id`; None when the store holds nothing to reconcile yet.
    Cached per flow run, so a retried flow run continues its own run instead of starting
    another."""
    with open_store(db_path) as store:
        if resume_run_id:
            found = store.con.execute("select status from runs where run_id = ?", [resume_run_id]).fetchall()
            if not found:
                raise ValueError(f"no run {resume_run_id!r} to resume")
            if store.con.execute("select count(*) from run_pair_sources where run_id = ?", [resume_run_id]).fetchall()[0][0]:
                # Its stages are a week's (linkage.incremental), not these: a full hop 2 here would
                # leave the pairs the week carries beside its own.
                raise ValueError(f"run {resume_run_id!r} is an incremental week: run the week again"
                                 " (`linkage run-week`), which clears what the killed one left")
            return resume_run_id
        try:
            return pipeline.start_run(store, load_config(config_path), out_dir=out_dir)
        except pipeline.NothingToReconcile as exc:
            get_run_logger().warning("nothing to reconcile: %s", exc)
            return None


@task(name="stages already done", cache_policy=NO_CACHE, retry_condition_fn=transient, **RETRIES)
def completed_stages(db_path: str, run_id: str) -> list[str]:
    with open_store(db_path) as store:
        return stages_done(store, run_id)


@flow(name="reconcile-store", flow_run_name="reconcile store {db_path}", retries=1,
      retry_delay_seconds=60, log_prints=True)
def reconcile_store(
    db_path: str = "linkage.duckdb",
    out_dir: str | None = None,
    config_path: str | None = None,
    retrain: bool = False,
    resume_run_id: str | None = None,
) -> dict[str, Any]:
    """Reconcile everything in the store: hop 1, hop 2, outcomes, outputs — skipping the
    stages of a resumed run that are already done."""
    from flows.reconcile import jurisdiction_totals, publish_artifacts

    logger = get_run_logger()
    run_id = start_or_resume_run(db_path, config_path, out_dir, resume_run_id)
    if run_id is None:
        return {"run_id": None, "status": "nothing to reconcile", "skipped": [], "outputs": {}}
    done = completed_stages(db_path, run_id)
    if done:
        logger.info("run %s: resuming; already done: %s", run_id, ", ".join(done))
    if "hop1" not in done:
        logger.info("run %s: hop 1 scored %d pairs", run_id, hop1(db_path, run_id, config_path, retrain))
    if "hop2" not in done:
        pairs = hop2(db_path, run_id, config_path, retrain, resumed="hop1" in done)
        logger.info("run %s: hop 2 scored %d pairs", run_id, pairs)
    if "reconcile" not in done:
        logger.info("run %s: fitted priors %s", run_id, reconcile(db_path, run_id, config_path))
    outputs: dict[str, str] = {}
    if "finish" not in done:
        outputs = write_outputs(db_path, run_id, out_dir)
    summary = jurisdiction_totals(db_path, run_id)
    publish_artifacts(db_path, run_id, outputs)
    return {"run_id": run_id, "status": "done", "skipped": done, "jurisdictions": summary,
            "outputs": outputs}


def deployments(
    db_path: str, *, cron: str = DEFAULT_CRON, timezone: str = "UTC", out_dir: str | None = None,
    config_path: str | None = None, intake_reconciles: bool = True,
) -> list:
    """The weekly reconciliation and the intake, as deployments bound to one store."""
    from prefect.schedules import Cron

    from flows.intake import INTAKE_DEPLOYMENT, intake_flow

    weekly = reconcile_store.to_deployment(
        name=WEEKLY_DEPLOYMENT, schedules=[Cron(cron, timezone=timezone)],
        parameters={"db_path": db_path, "out_dir": out_dir, "config_path": config_path},
        description="Reconcile every report entry in the store with the jail logs and ICE book-ins.",
        tags=["linkage"],
    )
    intake = intake_flow.to_deployment(
        name=INTAKE_DEPLOYMENT,
        parameters={"db_path": db_path, "out_dir": out_dir, "config_path": config_path,
                    "reconcile": intake_reconciles},
        description="Check one accepted submission and refresh the verdicts it touches.",
        tags=["linkage"],
    )
    return [weekly, intake]


def serve_service(db_path: str, *, limit: int = 1, **options: Any) -> None:
    """Serve both deployments from this process until interrupted (`linkage serve`)."""
    from prefect import serve

    serve(*deployments(db_path, **options), limit=limit)
