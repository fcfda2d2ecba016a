"""Auditor review on the demo world: queue, decisions that overrule the model and survive a
re-run, history, blind mode, label-based accuracy and label-free expected errors.

One module-scoped store ingests fixtures/demo and runs the pipeline once (~15 s); each test
works on its own copy of that DuckDB file, so tests never see each other's decisions.
"""

from __future__ import annotations

import atexit
import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.config import load_config
from linkage.ingest import submit
from linkage.match.labels import accuracy, expected_errors
from linkage.match.searched import searched_by
from linkage.pipeline import run_all
from linkage.review import (
    ReviewError,
    entry_detail,
    entry_history,
    latest_run,
    record_decision,
    review_queue,
)
from linkage.store import Store

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
runner = CliRunner()


def ingest_world(store: Store, world: Path) -> None:
    config = load_config()
    submit(store, "reports", world / "reports.csv", config=config)
    submit(store, "releases", world / "releases", config=config)
    submit(store, "custody", world / "custody.csv", config=config)


def built_demo() -> Path:
    """The demo world ingested and reconciled once per test process (test_review_web.py
    shares it, though pytest may import this module twice); tests copy the file."""
    folder = Path(tempfile.gettempdir()) / f"linkage-review-{os.getpid()}"
    path, done = folder / "demo.duckdb", folder / "done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        atexit.register(shutil.rmtree, folder, True)
        with Store.open(path) as store:
            ingest_world(store, DEMO)
            run_all(store, load_config())
            store.con.execute("checkpoint")
        done.touch()
    return path


@pytest.fixture(scope="module")
def demo_db() -> Path:
    return built_demo()


@pytest.fixture
def db(demo_db, tmp_path) -> Path:
    copy = tmp_path / "store.duckdb"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture
def store(db):
    s = Store.open(db)
    yield s
    s.close()


def truth() -> dict[str, dict[str, str]]:
    with open(DEMO / "truth.csv", newline="") as handle:
        return {row["entry_id"]: row for row in csv.DictReader(handle)}


def decide_as_truth(store: Store, row: dict[str, str], by: str = "test auditor") -> dict:
    """Record what truth.csv says about an entry, as an auditor would."""
    if not row["booking_id"]:
        return record_decision(store, row["entry_id"], by=by, none=True)
    uid = f"{row['jurisdiction']}#{row['booking_id']}"
    try:
        return record_decision(store, row["entry_id"], by=by, booking=uid,
                               custody=row["custody_id"] or None, no_custody=not row["custody_id"])
    except ReviewError:  # in custody at the decline: custody does not apply
        return record_decision(store, row["entry_id"], by=by, booking=uid)


def outcome(store: Store, run_id: str, entry_id: str) -> tuple:
    return store.con.execute(
        "select outcome, confidence, p_transferred, booking_id, custody_id, reasons from outcomes"
        " where run_id = ? and entry_id = ?", [run_id, entry_id]).fetchall()[0]


def test_queue_puts_needs_review_first_then_by_expected_change(store):
    queue = review_queue(store, limit=None)
    assert queue, "the demo has uncertain verdicts"
    groups = [i["outcome"] == "needs_review" for i in queue]
    assert groups == sorted(groups, reverse=True)
    for group in (True, False):
        scores = [i["priority"] for i in queue if (i["outcome"] == "needs_review") == group]
        assert scores == sorted(scores, reverse=True)
    n_review = store.con.execute(
        "select count(*) from outcomes where outcome = 'needs_review'").fetchall()[0][0]
    assert sum(groups) == n_review
    travis = review_queue(store, jurisdiction="TX/TRAVIS", limit=None)
    assert {i["jurisdiction"] for i in travis} <= {"TX/TRAVIS"}
    assert len(review_queue(store, limit=3)) == 3


def test_cli_list_and_show_blind_hide_the_model(db):
    seen = runner.invoke(app, ["review", "list", "--db", str(db), "--limit", "5"])
    assert seen.exit_code == 0, seen.output
    assert "priority" in seen.output
    blind = runner.invoke(app, ["review", "list", "--db", str(db), "--limit", "5", "--blind"])
    assert blind.exit_code == 0 and "priority" not in blind.output and "(blind)" in blind.output
    with Store.open(db) as store:
        entry = review_queue(store, limit=1)[0]["entry_id"]
    shown = runner.invoke(app, ["review", "show", entry, "--db", str(db)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "match weight" in shown.output and "P(booking)" in shown.output and "stay" in shown.output
    hidden = runner.invoke(app, ["review", "show", entry, "--db", str(db), "--blind"], env={"COLUMNS": "200"})
    assert hidden.exit_code == 0, hidden.output
    assert "match weight" not in hidden.output and "P(ICE)" not in hidden.output
    assert "stay" in hidden.output  # the evidence itself stays


def test_detail_has_candidates_with_agreeing_fields(store):
    entry = review_queue(store, limit=1)[0]["entry_id"]
    d = entry_detail(store, entry)
    assert d["candidates"] and d["n_candidates"] >= len(d["candidates"])
    first = d["candidates"][0]
    assert {c["verdict"] for c in first["comparisons"]} <= {"agrees", "disagrees", "neutral"}
    assert 0 <= first["p_booking"] <= 1
    blind = entry_detail(store, entry, blind=True)
    assert "match_weight" not in blind["candidates"][0]
    assert all("match_weight" not in c for c in blind["candidates"][0]["comparisons"])
    assert "confidence" not in (blind["verdict"] or {})


def test_decisions_flip_two_verdicts_and_survive_a_rerun(db):
    rows = truth()
    with Store.open(db) as store:
        first_run = latest_run(store)
        model = dict(store.con.execute(
            "select entry_id, outcome from outcomes where run_id = ?", [first_run]).fetchall())
        flipped = []
        # Entries the model got wrong whose true outcome follows from the true links.
        for entry_id, row in sorted(rows.items()):
            if model[entry_id] == row["true_outcome"] or len(flipped) == 2:
                continue
            store.con.execute("begin transaction")
            decision = decide_as_truth(store, row)
            if decision["outcome"] == row["true_outcome"]:
                store.con.execute("commit")
                flipped.append(entry_id)
            else:
                store.con.execute("rollback")
        assert len(flipped) == 2
        second_run = run_all(store, load_config())  # saved models, new run: decisions honoured
        for entry_id in flipped:
            got = outcome(store, second_run, entry_id)
            assert got[0] == rows[entry_id]["true_outcome"] != model[entry_id]
            assert got[1] == 1.0 and got[2] == (1.0 if got[0] == "transferred_to_ice" else 0.0)
            assert got[3] == (rows[entry_id]["booking_id"] or None)
            assert got[5].startswith("decided by test auditor on ")
            assert f"model said {model[entry_id]}" in got[5]
            history = entry_history(store, entry_id)
            assert [r["run_id"] for r in history["runs"]] == [first_run, second_run]
            assert history["runs"][1]["model_outcome"] == model[entry_id]  # the model's own verdict
            assert history["runs"][1]["in_force"] == rows[entry_id]["true_outcome"]
            assert len(history["decisions"]) == 1
            assert history["decisions"][0]["run_id"] == first_run
        assert entry_id not in {i["entry_id"] for i in review_queue(store, limit=None)}
    shown = runner.invoke(app, ["review", "history", flipped[0], "--db", str(db)], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert model[flipped[0]] in shown.output and "decision #" in shown.output


def test_a_later_decision_supersedes_and_reapplying_is_stable(db):
    entry = "DD20170128-0001"
    with Store.open(db) as store:
        run_id = latest_run(store)
        record_decision(store, entry, by="first", none=True)
    applied = runner.invoke(app, ["review", "apply", "--db", str(db)])
    assert applied.exit_code == 0, applied.output
    with Store.open(db) as store:
        assert outcome(store, run_id, entry)[0] == "no_release_record"
        model_verdict = entry_history(store, entry)["runs"][0]["model_outcome"]
    result = runner.invoke(app, ["review", "decide", entry, "--booking", "2017-010747", "--no-custody",
                                 "--by", "second", "--note", "released to the US Marshals", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "transferred_to_other_agency" in result.output and run_id in result.output
    for _ in range(2):
        assert runner.invoke(app, ["review", "apply", "--db", str(db)]).exit_code == 0
    with Store.open(db) as store:
        got = outcome(store, run_id, entry)
        assert got[0] == "transferred_to_other_agency"
        assert got[5].startswith("decided by second on ") and ": released to the US Marshals" in got[5]
        history = entry_history(store, entry)
        assert history["runs"][0]["model_outcome"] == model_verdict
        assert [d["decided_by"] for d in history["decisions"]] == ["first", "second"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--booking", "NOPE", "--no-custody"], "no booking 'NOPE'"),
        (["--booking", "17062709", "--no-custody"], "OR/WASHINGTON#17062709"),  # the other Washington
        (["--booking", "2017-010747"], "--no-custody"),  # released: where did the person go?
        (["--booking", "2017-010747", "--custody", "NOPE"], "no ICE book-in"),
        (["--none", "--no-custody"], "no release"),
        (["--none", "--booking", "2017-010747"], "exactly one"),
    ],
)
def test_decide_refuses_what_it_cannot_honour(db, args, message):
    result = runner.invoke(app, ["review", "decide", "DD20170128-0001", "--by", "x", "--db", str(db), *args],
                           env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert message in result.output
    with Store.open(db) as store:
        assert store.count("decisions") == 0


def test_fifty_decided_entries_change_the_accuracy_report(store):
    config = load_config()
    run_id = latest_run(store)
    before = accuracy(store, run_id, config)
    assert before["entries"]["labelled"] == 0 and "threshold_table" not in before["hops"]["hop1"]
    rows = truth()
    for entry_id in sorted(rows)[:50]:
        decide_as_truth(store, rows[entry_id])
    after = accuracy(store, run_id, config)
    assert after["decisions"] == 50 and after["entries"]["labelled"] == 50
    assert 0.5 < after["entries"]["decided_accuracy"] <= 1
    for hop in ("hop1", "hop2"):
        h = after["hops"][hop]
        assert h["labelled_matches"] > 0 and len(h["threshold_table"]) > 3
        assert h["at_threshold"]["tp"] + h["at_threshold"]["fn"] == h["labelled_matches"]
    # Labels are a second opinion, not the model's: the model's own verdicts are what is scored.
    assert after["entries"]["model_decided"] + after["entries"]["needs_review"] == 50



def test_rescoring_hop_2_on_labels_leaves_no_searched_set_for_a_week(store):
    """`accuracy` rescores hop 2 on the releases auditors chose, in the table of the releases a
    run searched: the note naming that run must go, or the next incremental week takes the
    auditors' set for the run's and leaves releases it never searched unsearched."""
    config = load_config()
    run_id = latest_run(store)
    assert searched_by(store, run_id)
    rows = truth()
    for entry_id in sorted(rows)[:50]:
        decide_as_truth(store, rows[entry_id])
    assert "threshold_table" in accuracy(store, run_id, config)["hops"]["hop2"]
    assert not searched_by(store, run_id)

def test_expected_errors_are_sums_of_posteriors(store):
    run_id = latest_run(store)
    ex = expected_errors(store, run_id)
    rows = store.con.execute("select outcome, p_transferred from outcomes where run_id = ?", [run_id]).fetchall()
    assert ex["entries"] == len(rows)
    assert ex["expected_false_transfers"] == pytest.approx(
        sum(1 - p for o, p in rows if o == "transferred_to_ice"), abs=0.01)
    assert ex["expected_missed_transfers"] == pytest.approx(
        sum(p for o, p in rows if o != "transferred_to_ice"), abs=0.01)
    travis = expected_errors(store, run_id, "TX/TRAVIS")
    assert travis["entries"] < ex["entries"]


def test_report_headline_shows_label_free_estimates(store, tmp_path):
    from linkage.report.html import write_report

    html = write_report(store, latest_run(store), tmp_path / "report.html").read_text()
    ex = expected_errors(store, latest_run(store))
    assert f"expected false ≈ {ex['expected_false_transfers']:.1f}" in html
    assert f"expected missed ≈ {ex['expected_missed_transfers']:.1f}" in html


def test_use_labels_retraining_does_not_lower_f1_on_a_held_out_seed(db, tmp_path):
    from linkage.synth import generate_world

    rows = truth()
    with Store.open(db) as store:
        for entry_id in sorted(rows)[:100]:
            decide_as_truth(store, rows[entry_id])
        baseline = store.con.execute("select * from models").fetchall()
    trained = runner.invoke(app, ["train", "--use-labels", "--db", str(db)], env={"COLUMNS": "200"})
    assert trained.exit_code == 0, trained.output
    assert "auditor-labelled matches" in trained.output
    with Store.open(db) as store:
        labelled = store.con.execute(
            "select * from models where manifest->>'used_labels' = 'true'").fetchall()
    assert {m[1] for m in labelled} == {"hop1", "hop2"}
    # The labels really moved hop 1's m (the update is not a no-op).
    before = json.loads(next(m[2] for m in baseline if m[1] == "hop1"))
    after = json.loads(next(m[2] for m in labelled if m[1] == "hop1"))
    m_values = [[lv.get("m_probability") for c in s["comparisons"] for lv in c["comparison_levels"]]
                for s in (before, after)]
    assert max(abs(a - b) for a, b in zip(*m_values, strict=True) if a is not None) > 0.01

    world = tmp_path / "held-out"
    generate_world(world, seed=11, weeks=5)
    f1 = {}
    with Store.open(tmp_path / "held-out.duckdb") as store:
        ingest_world(store, world)
        # The same saved models on unseen data: baseline first, then the label-trained ones
        # (a run re-uses the newest model that fits the config).
        for name, models in (("baseline", baseline), ("labels", labelled)):
            for model in models:
                store.con.execute("delete from models where model_id = ?", [model[0]])
                store.con.execute("insert into models values (?, ?, ?, ?, now()::timestamp)", list(model[:4]))
            out = tmp_path / name
            run_id = run_all(store, load_config(), out_dir=out)
            used = store.con.execute("select hop1_model, hop2_model from runs where run_id = ?", [run_id]).fetchall()[0]
            assert set(used) <= {m[0] for m in models}
            f1[name] = _f1_at_half(world / "truth.csv", out / "outcomes.csv")
    print("held-out F1 of transferred_to_ice:", f1)
    assert f1["labels"] >= f1["baseline"] - 1e-9, f1


def _f1_at_half(truth_csv: Path, outcomes_csv: Path) -> float:
    """F1 of "transferred to ICE" read as p_transferred >= 0.5: the model's own call. The
    verdicts' F1 also counts the review threshold: on this 5-week world one hand-over sits at
    p = 0.80 and flips in and out of needs_review with any change to m, labels or not."""
    with open(truth_csv, newline="") as handle:
        truth = {r["entry_id"]: r["true_outcome"] == "transferred_to_ice" for r in csv.DictReader(handle)}
    with open(outcomes_csv, newline="") as handle:
        called = {r["entry_id"]: float(r["p_transferred"]) >= 0.5 for r in csv.DictReader(handle)}
    tp = sum(truth[e] and called[e] for e in truth)
    wrong = sum(truth[e] != called[e] for e in truth)
    return 2 * tp / (2 * tp + wrong)
