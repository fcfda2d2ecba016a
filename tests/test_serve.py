"""The service's Prefect side, for real under the test harness: the served deployments run a
flow created by an upload, and the reconciliation flow resumes a half-finished run."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.conftest import DEMO
from tests.test_api import serve_in_thread

pytestmark = pytest.mark.slow



def test_an_upload_runs_the_served_intake_deployment(prefect_harness, tmp_path):
    from prefect import get_client
    from prefect.runner import Runner

    from flows.intake import queue_intake
    from flows.serve import deployments
    from linkage.api import create_app
    from linkage.service.tokens import create_token
    from linkage.store import Store

    db = str(tmp_path / "served.duckdb")
    with Store.open(db) as store:
        _, secret = create_token(store, role="sheriff", jurisdiction="OR/Marion")
    runner = Runner(limit=1)
    weekly, intake = deployments(db, cron="0 6 * * 1", timezone="America/Chicago")
    assert weekly.schedules[0].schedule.cron == "0 6 * * 1"
    runner.add_deployment(weekly)
    runner.add_deployment(intake)

    server, thread, port = serve_in_thread(create_app(db, trigger_intake=queue_intake))
    try:
        with open(DEMO / "releases" / "or-marion.csv", "rb") as handle:
            answer = httpx.post(f"http://127.0.0.1:{port}/v1/jurisdictions/OR/Marion/release-logs",
                                files={"file": ("or-marion.csv", handle)},
                                headers={"Authorization": f"Bearer {secret}"}, timeout=120)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert answer.status_code == 200, answer.text
    queued = answer.json()["intake"]
    assert queued["queued"] is True, queued
    # One pass of the runner picks the scheduled run up and executes it (a subprocess).
    asyncio.run(asyncio.wait_for(runner.start(run_once=True), timeout=180))

    with get_client(sync_client=True) as client:
        deadline = time.monotonic() + 60
        while not (run := client.read_flow_run(queued["flow_run_id"])).state.is_final():
            assert time.monotonic() < deadline, run.state
            time.sleep(0.5)
        assert run.state.is_completed(), run.state
        assert run.parameters["submission_id"] == answer.json()["submission_id"]
        artifacts = {a.key for a in client.read_artifacts()}
    assert f"intake-submission-{answer.json()['submission_id']}" in artifacts


def test_reconciliation_resumes_a_run_without_redoing_finished_stages(prefect_harness, tmp_path):
    from flows.serve import reconcile_store, stages_done
    from linkage import pipeline
    from linkage.config import load_config
    from linkage.ingest import submit
    from linkage.store import Store

    db = str(tmp_path / "resume.duckdb")
    config = load_config()
    with Store.open(db) as store:
        # Two jail logs keep the two trainings short; the other entries find no booking.
        for kind, path in [("reports", DEMO / "reports.csv"), ("custody", DEMO / "custody.csv"),
                           ("releases", DEMO / "releases" / "mn-hennepin.csv"),
                           ("releases", DEMO / "releases" / "or-marion.csv")]:
            submit(store, kind, path, config=config)
        run_id = pipeline.start_run(store, config)
        pipeline.match_entries_to_bookings(store, run_id, config)  # then the process "dies"
        pairs = store.con.execute("select count(*) from candidate_pairs where hop = 'hop1'").fetchall()
        store.con.execute("drop table if exists work.hop1_candidate_bookings")  # scratch is gone too
        assert stages_done(store, run_id) == ["hop1"]

    result = reconcile_store(db_path=db, resume_run_id=run_id, out_dir=str(tmp_path / "out"))

    assert result["run_id"] == run_id and result["skipped"] == ["hop1"]
    assert (tmp_path / "out" / "report.html").exists()
    with Store.open(db, read_only=True) as store:
        assert stages_done(store, run_id) == ["hop1", "hop2", "reconcile", "finish"]
        assert store.con.execute("select count(*) from candidate_pairs where hop = 'hop1'").fetchall() == pairs
        assert store.con.execute("select count(*) from candidate_pairs where hop = 'hop2'").fetchall()[0][0] > 0
        assert store.count("outcomes") == store.count("report_entries")
        assert store.con.execute("select count(*) from runs").fetchall()[0][0] == 1
