"""Which decision is in force does not depend on the decider's clock zone: a correction made
later in real time supersedes, whatever zone each auditor's machine is set to. Real CLI
processes (TZ set per process) on a copy of the demo store of tests/test_review.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from linkage.review import entry_detail, entry_history, latest_run
from linkage.store import Store
from tests.test_review import built_demo, outcome

REPO = Path(__file__).resolve().parent.parent


def _linkage(tz: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TZ": tz, "COLUMNS": "250", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", "from linkage.cli import app; app()", *args],
                          env=env, capture_output=True, text=True, timeout=300)


def _decided_in_utc(tmp_path: Path, entry: str) -> Path:
    """A copy of the demo store where a server in UTC decided `entry`: not in this log."""
    db = tmp_path / "tz.duckdb"
    shutil.copy(built_demo(), db)
    first = _linkage("UTC", "review", "decide", entry, "--none", "--by", "server (UTC)", "--db", str(db))
    assert first.returncode == 0, first.stderr
    return db


def test_a_later_correction_from_another_zone_supersedes(tmp_path):
    entry = "DD20170128-0001"
    db = _decided_in_utc(tmp_path, entry)
    time.sleep(1)
    second = _linkage("America/Los_Angeles", "review", "decide", entry, "--booking", "2017-010747",
                      "--no-custody", "--by", "laptop (LA)", "--note", "correction", "--db", str(db))
    assert second.returncode == 0, second.stderr
    applied = _linkage("Asia/Tokyo", "review", "apply", "--db", str(db))
    assert applied.returncode == 0, applied.stderr
    with Store.open(db) as store:
        assert entry_detail(store, entry)["decision"]["decided_by"] == "laptop (LA)"
        decisions = entry_history(store, entry)["decisions"]
        assert [d["decided_by"] for d in decisions] == ["server (UTC)", "laptop (LA)"]
        assert decisions[0]["decided_at"] < decisions[1]["decided_at"]  # instants, not wall clocks
        assert outcome(store, latest_run(store), entry)[0] == "transferred_to_other_agency"
    history = _linkage("America/New_York", "review", "history", entry, "--db", str(db))
    assert history.returncode == 0, history.stderr
    assert history.stdout.index("server (UTC)") < history.stdout.index("laptop (LA)")
    assert " EST " in history.stdout or " EDT " in history.stdout  # times say their zone


def test_decisions_stored_before_version_10_keep_their_local_time(tmp_path, monkeypatch):
    from linkage import store as store_module
    from linkage.store import MIGRATIONS

    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:9])
    wall = datetime(2017, 3, 1, 9, 30)
    with Store.open(tmp_path / "old.duckdb") as old:
        old.con.execute("insert into decisions (entry_id, no_booking, decided_by, decided_at)"
                        " values ('DD1', true, 'x', ?)", [wall])
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with Store.open(tmp_path / "old.duckdb") as migrated:
        stored, day = migrated.con.execute("select decided_at, decided_on from decisions").fetchall()[0]
    assert stored.tzinfo is not None and stored.replace(tzinfo=None) == wall
    assert day == wall.date()  # the day its reasons read when they were applied here


def test_a_decisions_day_in_its_reason_is_its_deciders_day_wherever_it_is_applied(tmp_path):
    # A UTC day told a New York auditor deciding at 23:30 "on" the next day; the applying
    # machine's day made the same run read differently from another zone.
    from linkage.review import apply_decisions
    from tests.test_review import decide_as_truth, truth

    db = tmp_path / "ny.duckdb"
    shutil.copy(built_demo(), db)
    with Store.open(db) as store:
        store.con.execute("set TimeZone = 'America/New_York'")
        run = latest_run(store)
        entry = next(row for row in truth().values() if row["true_outcome"] == "declined_confirmed")
        decide_as_truth(store, entry, by="ny")
        store.con.execute("update decisions set decided_at = timestamptz '2017-03-01 23:30:00-05:00',"
                          " decided_on = date '2017-03-01'")
        store.con.execute("set TimeZone = 'Asia/Tokyo'")  # 2017-03-02 13:30 there
        apply_decisions(store, run)
        (reasons,) = store.con.execute("select reasons from outcomes where run_id = ? and entry_id = ?",
                                       [run, entry["entry_id"]]).fetchall()[0]
    assert reasons.startswith("decided by ny on 2017-03-01")


def test_a_run_with_decisions_replays_in_any_zone(tmp_path):
    db = _decided_in_utc(tmp_path, "DD20170128-0001")
    with Store.open(db) as store:  # late in the UTC evening: already the next day in Tokyo
        columns = {c[0] for c in store.con.execute("describe decisions").fetchall()}
        day = ", decided_on = date '2017-03-01'" if "decided_on" in columns else ""
        store.con.execute(f"update decisions set decided_at = timestamptz '2017-03-01 23:30:00+00'{day}")
    assert _linkage("UTC", "review", "apply", "--db", str(db)).returncode == 0
    for tz in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        replayed = _linkage(tz, "verify-run", "--db", str(db))
        assert replayed.returncode == 0, (tz, replayed.stdout[-2000:], replayed.stderr[-2000:])
