"""The Prefect flow, run for real under Prefect's test harness, on the demo world."""

import csv

import pytest

from tests.conftest import DEMO

pytestmark = pytest.mark.slow



def test_flow_runs_the_demo_end_to_end(prefect_harness, tmp_path):
    from flows.reconcile import reconcile_flow

    out = tmp_path / "out"
    result = reconcile_flow(
        db_path=str(tmp_path / "flow.duckdb"),
        reports=[str(DEMO / "reports.csv")],
        releases=[str(DEMO / "releases")],
        custody=[str(DEMO / "custody.csv")],
        out_dir=str(out),
    )
    assert result["run_id"].startswith("run-")
    with open(out / "outcomes.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(DEMO / "truth.csv", newline="") as handle:
        truth = {row["entry_id"] for row in csv.DictReader(handle)}
    assert {row["entry_id"] for row in rows} == truth  # every entry present, once
    listed = sum(r["listed"] for r in result["jurisdictions"])
    assert listed == len(truth)
    assert all(s["status"] == "stored" for s in result["submissions"])
    for name in ("outcomes.csv", "jurisdictions.csv", "matches.parquet", "report.html"):
        assert (out / name).exists(), name
