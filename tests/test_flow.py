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


def test_run_says_why_a_file_given_was_refused_and_exits_1(prefect_harness, tmp_path):
    # It printed "refused (0 stored, 0 quarantined)", reconciled without the file and exited 0.
    from typer.testing import CliRunner

    from linkage.cli import app

    bad = tmp_path / "reports-typo.csv"
    bad.write_text("entry,week\n1,2\n")
    result = CliRunner().invoke(app, [
        "run", "--reports", str(DEMO / "reports.csv"), "--reports", str(bad), "--releases", str(DEMO / "releases"),
        "--custody", str(DEMO / "custody.csv"), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "s.duckdb"),
    ], env={"COLUMNS": "250"})
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "reports-typo.csv: refused" in text and "error: reports-typo.csv: refused: no column" in text, text
    assert (tmp_path / "out" / "outcomes.csv").exists()  # the rest was reconciled
