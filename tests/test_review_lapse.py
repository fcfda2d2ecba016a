"""A decision names links (booking, ICE book-in); its outcome is derived from them. When inputs
corrected later derive another outcome from those links — an ICE extract that moves the named
book-in out of the release's hand-over window — the decision lapses: the entry is back in the
review queue with the model's probabilities, and its reason says which decision no longer holds,
instead of crediting the auditor with a verdict they never gave (session 33's auditor, finding
3). The demo store of tests/test_review.py, a corrected custody file submitted for real."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime, timedelta

from linkage.config import load_config
from linkage.ingest import submit
from linkage.pipeline import run_all
from linkage.review import entry_detail, latest_run, review_queue
from linkage.store import Store
from linkage.trace import verify_run
from tests.test_review import DEMO, built_demo, decide_as_truth, outcome, truth


def test_a_decision_whose_book_in_a_correction_moved_goes_back_to_review(tmp_path):
    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    row = next(r for r in truth().values() if r["true_outcome"] == "transferred_to_ice" and r["custody_id"])
    entry, custody = row["entry_id"], row["custody_id"]
    with Store.open(db) as store:
        decision = decide_as_truth(store, row, by="R. Diaz")
        assert decision["outcome"] == "transferred_to_ice"
        run_all(store, load_config())
        assert outcome(store, latest_run(store), entry)[0] == "transferred_to_ice"

        # ICE corrects its extract: that book-in came three weeks later than first sent.
        corrected = tmp_path / "custody-corrected.csv"
        with open(DEMO / "custody.csv", newline="") as src, open(corrected, "w", newline="") as out:
            rows = list(csv.DictReader(src))
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            for r in rows:
                if r["Unique Identifier"] == custody:
                    moved = datetime.strptime(r["Book In Date Time"], "%Y-%m-%d %H:%M") + timedelta(days=21)
                    r["Book In Date Time"] = moved.strftime("%Y-%m-%d %H:%M")
                writer.writerow(r)
        submit(store, "custody", corrected, config=load_config())
        run_all(store, load_config())
        run = latest_run(store)
        verdict, confidence, *_, reasons = outcome(store, run, entry)
        assert verdict == "needs_review", reasons
        assert reasons.startswith(f"decision #{decision['decision_id']} by R. Diaz on "), reasons
        assert "no longer holds: it gave transferred_to_ice, the inputs or settings now give " in reasons, reasons
        model = entry_detail(store, entry)["model_verdict"]
        assert confidence == model["confidence"] and model["outcome"] in reasons
        assert entry in {q["entry_id"] for q in review_queue(store, limit=None)}
        assert entry_detail(store, entry)["decision_lapsed"]  # shown as no longer holding, not in force
        assert verify_run(store, run).differences == {}  # the lapse replays from the store, as any verdict
    from typer.testing import CliRunner

    from linkage.cli import app

    applied = CliRunner().invoke(app, ["review", "apply", "--db", str(db)], env={"COLUMNS": "250"})
    assert applied.exit_code == 0 and "0 entries take the auditors' decisions; 1 decisions no longer hold" in (
        " ".join(applied.output.split())), applied.output


def test_a_decision_is_judged_with_its_runs_settings(tmp_path):
    # `review decide` and `review apply` read configs/default.toml whatever the run's: a run made
    # with 2-hour hand-over windows accepted a book-in 9 h after the release as a hand-over, and
    # the next reconcile, with the run's settings, lapsed it (the review of session 34).
    import json

    from typer.testing import CliRunner

    from linkage.cli import app

    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    with Store.open(db) as store:
        run = latest_run(store)
        settings = json.loads(load_config().model_dump_json())
        settings["hop2"].update(transfer_window_hours=2.0, custodial_window_hours=2.0)
        store.con.execute("update runs set config_json = ? where run_id = ?", [json.dumps(settings), run])
    late = next(r for r in truth().values() if r["entry_id"] == "DD20170128-0012")  # book-in 9.35 h after
    result = CliRunner().invoke(app, ["review", "decide", late["entry_id"], "--booking", late["booking_id"],
                                      "--custody", late["custody_id"], "--by", "A", "--db", str(db)],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 1 and "outside the hand-over window" in " ".join(result.output.split()), result.output


def test_a_decisions_outcome_is_read_with_its_runs_settings_everywhere(tmp_path):
    # The web banner after a decision derived its outcome with configs/default.toml: a run with
    # 250-hour windows recorded a hand-over 200 h after the release, and the banner said declined.
    import json

    from linkage.review import decision_outcome, record_decision

    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    late = next(r for r in truth().values() if r["entry_id"] == "DD20170128-0012")
    with Store.open(db) as store:
        run = latest_run(store)
        settings = json.loads(load_config().model_dump_json())
        settings["hop2"].update(transfer_window_hours=250.0, custodial_window_hours=250.0)
        store.con.execute("update runs set config_json = ? where run_id = ?", [json.dumps(settings), run])
        store.con.execute("""update book_ins set book_in_datetime = (select release_datetime from bookings
                             where booking_uid like '%#' || ?) + interval 200 hour where custody_id = ?""",
                          [late["booking_id"], late["custody_id"]])
        decided = record_decision(store, late["entry_id"], by="A", booking=late["booking_id"],
                                  custody=late["custody_id"])
        assert decided["outcome"] == decision_outcome(store, decided["decision_id"])["outcome"] == "transferred_to_ice"
