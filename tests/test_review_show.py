"""What `linkage review show` and the web entry page say about a decided entry: the "model"
line carries the model's own probabilities (its overruled row), never the decision's 0/1.
A copy of the demo store of tests/test_review.py, a real decision applied to its run."""

from __future__ import annotations

import re
import shutil

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from linkage.cli import app
from linkage.review import latest_run, record_decision
from linkage.store import Store
from tests.test_review import built_demo

runner = CliRunner()


def test_the_model_line_of_a_decided_entry_shows_the_models_probabilities(tmp_path):
    from linkage.api import create_app
    from linkage.service.tokens import create_token

    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    entry = "DD20170128-0001"
    with Store.open(db) as store:
        model = store.con.execute(
            "select outcome, p_transferred, p_declined, p_no_record from outcomes where run_id = ? and entry_id = ?",
            [latest_run(store), entry]).fetchall()[0]
        record_decision(store, entry, by="R. Diaz", none=True)  # no_release_record: P(no record) 1
        _, token = create_token(store, role="auditor", label="auditor")
    assert model[0] != "no_release_record" and model[3] < 0.995
    assert runner.invoke(app, ["review", "apply", "--db", str(db)]).exit_code == 0
    model_p = (f"P(ICE) {model[1]:.2f} · P(declined) {model[2]:.2f}", f"P(no record) {model[3]:.2f}")

    shown = runner.invoke(app, ["review", "show", entry, "--db", str(db)], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    line = next(x for x in shown.output.splitlines() if x.strip().startswith("model (run"))
    assert all(p in line for p in model_p), line
    assert "in force: no_release_record" in shown.output

    page = TestClient(create_app(str(db))).get(f"/review/entries/{entry}",
                                               headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200
    para = re.search(r"<p>Model \(run.*?</p>", page.text, re.S).group(0)
    assert all(p in " ".join(para.split()) for p in model_p), para


def test_candidates_carry_the_posterior_that_explain_replays(tmp_path):
    """P(booking) on the review page is reconcile's posterior, as `linkage explain` replays it:
    the ICE record and other detainers' claims move it. A share of hop-1 weights alone gave
    DD20170211-0010's top booking 0.79 where the verdict rests on 0.70 (session 33's auditor)."""
    from linkage.review import entry_detail, review_queue
    from linkage.trace import explain

    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    with Store.open(db) as store:
        entries = ["DD20170211-0010", *(q["entry_id"] for q in review_queue(store, limit=8))]
        for entry in entries:
            shown = entry_detail(store, entry, top=4)["candidates"]
            replayed = explain(store, entry).candidates[:4]
            assert [c["booking_uid"] for c in shown] == [c["booking_uid"] for c in replayed], entry
            for c, r in zip(shown, replayed, strict=True):
                assert abs(c["p_booking"] - r["p_booking"]) < 1e-4, (entry, c["booking_uid"])


def test_a_candidate_below_the_kept_posteriors_shows_a_dash(tmp_path):
    """`--top` past the 5 most probable: their P(booking) was not kept, and says so (–)."""
    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    shown = runner.invoke(app, ["review", "show", "DD20170211-0010", "--top", "7", "--db", str(db)],
                          env={"COLUMNS": "300"})
    assert shown.exit_code == 0, shown.output
    row = next(x for x in shown.output.splitlines() if "P(booking)" in x)
    cells = [c.strip() for c in row.split("│")[3:-1]]
    assert len(cells) == 7 and all(0 <= float(c) <= 1 for c in cells[:5]) and cells[5:] == ["–", "–"], cells


def test_apply_writes_the_runs_output_files_again(tmp_path, monkeypatch):
    """After `review apply` the run's outcomes.csv says what its stored outcomes say (session
    33's auditor, finding 10: the folder kept the model's verdicts, `linkage report` the decision)."""
    import csv

    from linkage.pipeline import write_run_files

    db, out = tmp_path / "store.duckdb", tmp_path / "run-out"
    shutil.copy(built_demo(), db)
    entry = "DD20170211-0010"
    with Store.open(db) as store:
        run = latest_run(store)
        write_run_files(store, run, out)
        store.con.execute("update runs set out_dir = ? where run_id = ?", [str(out), run])
        record_decision(store, entry, by="R. Diaz", booking="2017-002466", no_custody=True)
    pairs_written = (out / "matches.parquet").stat().st_mtime_ns
    monkeypatch.chdir(tmp_path.parent)  # the auditor's shell is elsewhere
    applied = runner.invoke(app, ["review", "apply", "--db", str(db)], env={"COLUMNS": "250"})
    assert applied.exit_code == 0, applied.output
    assert f"its output files in {out} are written again" in " ".join(applied.output.split())
    with open(out / "outcomes.csv", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["entry_id"] == entry)
    assert row["outcome"] == "declined_confirmed" and row["reasons"].startswith("decided by R. Diaz")
    assert "decided by R. Diaz" in (out / "report.html").read_text(encoding="utf-8")
    assert (out / "matches.parquet").stat().st_mtime_ns == pairs_written  # the pairs did not change
