"""Reliability: SIGKILL in the middle of an ingest or a run loses nothing and leaves no half;
a re-run of a stored run gives the same bytes; every past verdict replays from the store;
what we write is owner-only; logs and the redacted report carry no names or birth dates.

One `linkage demo` (the Prefect flow, at INFO) is the uninterrupted reference; the other
tests work on copies of its store. Processes are real and killed for real (SIGKILL).
"""

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO, REPO

from linkage.store import Store

RUN_STAGES = """
import sys
from linkage import pipeline
from linkage.config import load_config
from linkage.store import Store
store, config = Store.open(sys.argv[1]), load_config()
if sys.argv[2] == "reconcile":           # again, the reconcile stage of an existing run
    print("started", flush=True)
    pipeline.decide_outcomes(store, sys.argv[3], config)
    print("reconciled", flush=True)
    raise SystemExit
run_id = pipeline.start_run(store, config, out_dir=sys.argv[3])
print("started", run_id, flush=True)
pipeline.match_entries_to_bookings(store, run_id, config)
print("hop1", flush=True)
pipeline.match_releases_to_book_ins(store, run_id, config)
print("hop2", flush=True)
pipeline.decide_outcomes(store, run_id, config)
print("reconciled", flush=True)
pipeline.finish_run(store, run_id, out_dir=sys.argv[3])
print("done", flush=True)
"""

INGEST = """
import sys
from pathlib import Path
from linkage.ingest import submit
from linkage.store import Store
store = Store.open(sys.argv[1])
print("started", flush=True)
print(submit(store, "releases", Path(sys.argv[2]))[0].status, flush=True)
"""


def _copy_store(source: Path, target: Path) -> Path:
    shutil.copy2(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))
    return target


def _start(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _wait_for(process: subprocess.Popen, marker: str) -> list[str]:
    """The child's output lines up to and including the one starting with `marker`."""
    seen = []
    while line := process.stdout.readline():
        seen.append(line.strip())
        if line.startswith(marker):
            return seen
    raise AssertionError(f"the child ended without printing {marker!r}: {seen}")


def _kill_after(process: subprocess.Popen, marker: str, delay: float, *, must_kill: bool = True) -> list[str]:
    """Wait for the child's `marker`, then `delay` seconds, then SIGKILL it. Unless `must_kill`,
    a child that finished first is not an error (its return code then says so)."""
    seen = _wait_for(process, marker)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL or not must_kill, f"the child ended before the kill: {seen}"
    return seen


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`linkage demo` with INFO logs captured: the uninterrupted reference run."""
    folder = tmp_path_factory.mktemp("demo")
    # As a user runs it: without the telemetry switches the tests' conftest sets (`flows`
    # sets them itself; see test_the_demo_prints_no_traceback_and_no_splink_level_noise).
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_SERVER_ANALYTICS_ENABLED", "DO_NOT_TRACK")} | {
        "PREFECT_HOME": str(folder / "prefect"), "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_EXTRA_LOGGERS": "splink,linkage", "COLUMNS": "200",
    }
    out = folder / "out"
    done = subprocess.run([sys.executable, "-c", "from linkage.cli import main; main()", "demo",
                           "--out", str(out)], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    db = out / "demo.duckdb"
    with Store.open(db, read_only=True) as store:
        run_id = store.con.execute("select run_id from runs where status = 'done'").fetchall()[0][0]
    return {"out": out, "db": db, "run_id": run_id, "log": done.stdout + done.stderr, "env": env}


def test_the_demo_prints_no_traceback_and_no_splink_level_noise(demo, tmp_path):
    # Splink warned 29 times that EM saw no pair at a level; now one line per training block,
    # from linkage.match.model.
    assert "not observed in dataset" not in demo["log"]
    assert "saw no pair at" in demo["log"]
    # Offline, the temporary Prefect server's telemetry heartbeat failed with a traceback
    # ("database is locked") on every run after the first in one Prefect home.
    again = subprocess.run([sys.executable, "-c", "from linkage.cli import main; main()", "demo",
                            "--out", str(tmp_path / "again")], cwd=tmp_path, env=demo["env"],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    for log in (demo["log"], again.stdout + again.stderr):
        assert "Traceback" not in log, log[:3000]


def _run_row(store: Store, run_id: str) -> dict:
    cursor = store.con.execute(
        "select status, config_hash, seed, hop1_model, hop2_model, inputs::varchar as inputs,"
        " versions::varchar as versions"
        " from runs where run_id = ?", [run_id])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchall()[0], strict=True))


def test_a_run_records_the_commit_of_its_code(demo):
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: no commit to record")
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    with Store.open(demo["db"], read_only=True) as store:
        versions = json.loads(_run_row(store, demo["run_id"])["versions"])
    assert versions["linkage_commit"] == head
    assert {"linkage", "splink", "duckdb", "pyarrow", "python-calamine"} <= set(versions)


def _pairs(store: Store, run_id: str, hop: str) -> int:
    return store.con.execute(
        "select count(*) from candidate_pairs where run_id = ? and hop = ?", [run_id, hop]).fetchall()[0][0]


def test_run_killed_mid_way_leaves_whole_stages_and_a_rerun_is_byte_identical(demo, tmp_path):
    db = _copy_store(demo["db"], tmp_path / "store.duckdb")
    # Killed just after hop 1: hop 2 and reconcile take seconds since the cascade, so a later
    # kill could land after the run finished and test nothing.
    seen = _kill_after(_start(RUN_STAGES, db, "run", tmp_path / "killed"), "hop1", delay=0.3)
    killed = next(line for line in seen if line.startswith("started")).split()[1]

    with Store.open(db) as store:  # opens after the kill: the WAL replays or is discarded
        reference = demo["run_id"]
        assert _run_row(store, killed)["status"] == "running"
        assert store.abandoned_runs() == [killed]  # its process is gone: `linkage status` says so
        # Each stage's durable writes are one transaction: hop 1 whole, hop 2 whole or absent.
        assert _pairs(store, killed, "hop1") == _pairs(store, reference, "hop1")
        assert _pairs(store, killed, "hop2") in (0, _pairs(store, reference, "hop2"))
        assert store.con.execute("select count(*) from outcomes where run_id = ?", [killed]).fetchall() == [(0,)]
        entries = store.count("report_entries")
        assert store.con.execute(
            "select count(*) from outcomes where run_id = ?", [reference]).fetchall() == [(entries,)]

    from typer.testing import CliRunner

    from linkage.cli import app

    shown = CliRunner().invoke(app, ["status", "--db", str(db)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and re.search(rf"{killed}\s+abandoned", shown.output), shown.output

    # Kill the reconcile stage of the reference run while it rewrites its outcomes: timed once,
    # then killed late in its course (its one transaction is the last thing it does).
    timed = _start(RUN_STAGES, db, "reconcile", demo["run_id"])
    _wait_for(timed, "started")
    begun = time.monotonic()
    _wait_for(timed, "reconciled")
    seconds = time.monotonic() - begun
    timed.wait(30)
    for fraction in (0.7,):
        _kill_after(_start(RUN_STAGES, db, "reconcile", demo["run_id"]), "started", delay=fraction * seconds)
        with Store.open(db) as store:
            assert store.con.execute(
                "select count(*) from outcomes where run_id = ?", [demo["run_id"]]).fetchall() == [(entries,)]

    # The same store inputs and models, run again: the same bytes as the uninterrupted run.
    from linkage import pipeline
    from linkage.config import load_config

    with Store.open(db) as store:
        rerun = pipeline.run_all(store, load_config(), out_dir=tmp_path / "rerun")
        first, again = _run_row(store, demo["run_id"]), _run_row(store, rerun)
        assert _run_row(store, killed)["status"] == "abandoned"  # marked by the next run
        assert store.abandoned_runs() == []
    for key in ("config_hash", "seed", "hop1_model", "hop2_model", "inputs", "versions"):
        assert first[key] == again[key], key
    for name in ("outcomes.csv", "jurisdictions.csv"):
        assert (tmp_path / "rerun" / name).read_bytes() == (demo["out"] / name).read_bytes(), name


def test_ingest_killed_mid_way_stores_a_whole_submission_or_nothing(tmp_path):
    import duckdb

    big = tmp_path / "travis-big.csv"
    source = str(DEMO / "releases" / "tx-travis.csv")
    duckdb.sql(f"""
        copy (select * replace ("Jail Id" || '-' || copy as "Jail Id")
              from read_csv('{source}', all_varchar = true), range(25) r(copy))
        to '{big}' (header true)
    """)
    rows = sum(1 for _ in big.open()) - 1
    timed = _start(INGEST, tmp_path / "full.duckdb", big)
    _wait_for(timed, "started")
    begun = time.monotonic()
    assert _wait_for(timed, "stored")
    elapsed = time.monotonic() - begun  # from the child's marker to its stored submission

    outcomes, kills = set(), 0
    for fraction in (0.5, 0.9):
        db = tmp_path / f"killed-{fraction}.duckdb"
        # Timed from one earlier run: under load a child can finish before 0.9 of it.
        child = _start(INGEST, db, big)
        _kill_after(child, "started", delay=fraction * elapsed, must_kill=False)
        kills += child.returncode == -signal.SIGKILL
        with Store.open(db) as store:
            found = store.con.execute(
                "select submission_id, status, rows_read, rows_stored, rows_quarantined from submissions"
            ).fetchall()
            live = store.count("bookings")
            quarantined = store.count("quarantine")
        if not found:
            assert live == quarantined == 0  # nothing at all
            outcomes.add("nothing")
            continue
        (_, status, read, stored, held), = found
        assert status == "stored" and read == rows and live == stored and quarantined == held
        outcomes.add("whole")
    assert outcomes  # every kill left one of the two states (which one depends on timing)
    assert kills  # and at least one kill landed while the child was still ingesting


def test_every_verdict_of_the_demo_run_replays_from_the_store(demo):
    import json

    from typer.testing import CliRunner

    from linkage.cli import app
    from linkage.trace import replay, verify_run

    with Store.open(demo["db"], read_only=True) as store:
        assert verify_run(store, demo["run_id"]).differences == {}
        # ... decoy windows included: the replay scores them again, as the run did.
        decoys = "select booking_uid, decoy_units, decoy_disagrees_on from work.release_decoys order by 1"
        stored_decoys = store.con.execute(decoys).fetchall()
        memory, _ = replay(store, demo["run_id"])
        try:
            replayed_decoys = memory.con.execute(decoys).fetchall()
        finally:
            memory.close()
        entry = store.con.execute(
            "select entry_id from outcomes where run_id = ? and booking_uid is not null"
            " order by confidence desc, entry_id limit 1", [demo["run_id"]]).fetchall()[0][0]
    assert stored_decoys and [(u, k) for u, _, k in replayed_decoys] == [(u, k) for u, _, k in stored_decoys]
    assert [d for _, d, _ in replayed_decoys] == pytest.approx([d for _, d, _ in stored_decoys], rel=1e-9)
    result = CliRunner().invoke(app, ["explain", entry, "--db", str(demo["db"]), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["reproduced"] and found["run_id"] == demo["run_id"]
    assert found["candidates"][0]["evidence"]["comparisons"]
    assert found["run"]["models"]["hop1"]["config_hash"] == found["run"]["config_hash"]
    assert 0 < found["priors"]["prior_in_log"] < 1  # the jurisdiction's fitted prior
    # ... and how often its listed people were handed over, booked later, or neither.
    assert sum(found["priors"]["listed_release_states"]) == pytest.approx(1, abs=0.002)
    # Each released candidate's hand-over window as hop 2 scored it and as reconcile weighed
    # it: decoy windows may lower it, never raise it.
    windows = [(c["window_units"], c["window_lr"]) for c in found["candidates"] if c["window_lr"] is not None]
    assert windows and all(lr <= units + 0.02 + 1e-9 for units, lr in windows)
    # As text, the inputs named are the files this verdict read: every report and custody
    # file, and the logs of the entry's and its candidates' jurisdictions; the others counted.
    # (A log of several jurisdictions, stored without one, is always named: none in the demo.)
    text = CliRunner().invoke(app, ["explain", entry, "--db", str(demo["db"])]).output
    inputs = next(line for line in text.splitlines() if line.startswith("  inputs:"))
    submissions = found["run"]["inputs"]["submissions"]
    places = {found["entry"]["jurisdiction"]} | {c["booking_uid"].split("#")[0] for c in found["candidates"]}
    logs = [s for s in submissions if s["kind"] == "releases"]
    assert all(f"#{s['id']} " in inputs for s in submissions if s["kind"] != "releases")
    named = places | {None}
    assert {s.get("jurisdiction") for s in logs if f"#{s['id']} " in inputs} == named & {s.get("jurisdiction") for s in logs}
    others = sum(s.get("jurisdiction") not in named for s in logs)
    assert others > 0 and inputs.endswith(f"and {others} other release logs")


NON_PERSONAL = """
    select charges from bookings union select release_reason from bookings
    union select facility from bookings union select county from bookings
    union select place_of_birth from bookings union select hold_agency from bookings
    union select facility from report_entries union select city from report_entries
    union select citizenship from report_entries union select notable_criminal_activity from report_entries
    union select apprehension_method from book_ins union select detention_facility from book_ins
    union select citizenship from book_ins
"""


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Z]{4,}", text.upper()))


def _pii(db: Path) -> tuple[set[str], set[str]]:
    """Name words (4+ letters) and birth dates (ISO and M/D/YYYY) of the store's people.

    A name word that is also our own vocabulary (the package's source and templates) or the
    value of a non-personal field (a charge, a facility, a county, a release reason) proves
    nothing when it appears, so it is left out: 'BAIL' is a surname and a charge."""
    with Store.open(db, read_only=True) as store:
        names = store.con.execute("""
            select distinct n from (
                select upper(last_name) as n from bookings union select upper(first_name) from bookings
                union select upper(last_name) from book_ins union select upper(first_name) from book_ins)
            where n is not null
        """).fetchall()
        dates = store.con.execute(
            "select distinct dob from bookings where dob is not null union "
            "select distinct birth_date from book_ins where birth_date is not null").fetchall()
        other = " ".join(v for (v,) in store.con.execute(NON_PERSONAL).fetchall() if v)
    ours = " ".join(p.read_text(errors="replace") for folder in ("linkage", "configs", "flows")
                    for p in (REPO / folder).rglob("*") if p.suffix in {".py", ".j2", ".toml", ".js", ".css"})
    words = set().union(*(_words(n) for (n,) in names)) - _words(other) - _words(ours)
    spelled = {d.isoformat() for (d,) in dates} | {f"{d.month}/{d.day}/{d.year}" for (d,) in dates}
    return words, spelled


def test_explain_names_what_a_candidate_window_s_strongest_book_in_disagrees_on(demo):
    import json

    from typer.testing import CliRunner

    from linkage.cli import app
    from linkage.units import run_model

    with Store.open(demo["db"], read_only=True) as store:
        names = [c["output_column_name"] for c in run_model(store, demo["run_id"], "hop2")["comparisons"]]
        entry, uid, kind = store.con.execute("""
            select o.entry_id, u.booking_uid, u.window_disagrees_on from outcomes o
            join work.release_units u on u.booking_uid = o.booking_uid
            where o.run_id = ? and u.window_disagrees_on > 0 order by o.entry_id limit 1""",
            [demo["run_id"]]).fetchall()[0]
    result = CliRunner().invoke(app, ["explain", entry, "--db", str(demo["db"]), "--json"])
    assert result.exit_code == 0, result.output
    found = {c["booking_uid"]: c for c in json.loads(result.output)["candidates"]}
    assert found[uid]["window_disagrees_on"] == names[kind - 1]
    assert {c["window_disagrees_on"] for c in found.values()} <= set(names) | {None}


def test_explain_says_which_book_ins_were_too_weak_to_weigh(demo):
    # units.NEGLIGIBLE_UNITS_BITS: a hop-2 pair below 2^-20 units is not in hop 2's odds; explain
    # lists it with the others and says so, rather than as a book-in outside the window.
    import json

    from typer.testing import CliRunner

    from linkage.cli import app

    with Store.open(demo["db"], read_only=True) as store:
        entry, custody_id = store.con.execute("""
            select o.entry_id, arg_max(c.right_id, c.match_weight) from outcomes o
            join candidate_pairs c on c.run_id = o.run_id and c.hop = 'hop2' and c.left_id = o.booking_uid
            where o.run_id = ? and o.booking_uid not in (select booking_uid from work.hop2_odds)
            group by o.entry_id order by o.entry_id limit 1""", [demo["run_id"]]).fetchall()[0]
    result = CliRunner().invoke(app, ["explain", entry, "--db", str(demo["db"]), "--json"])
    assert result.exit_code == 0, result.output
    book_ins = {k["custody_id"]: k for c in json.loads(result.output)["candidates"] for k in c["book_ins"]}
    assert book_ins[custody_id]["negligible"] is True and book_ins[custody_id]["in_window"] is None
    assert all(k["in_window"] is not None for k in book_ins.values() if not k["negligible"])
    assert book_ins[custody_id]["hours_after"] is not None  # read without the odds
    text = CliRunner().invoke(app, ["explain", entry, "--db", str(demo["db"])]).output
    line = next(line for line in text.splitlines() if f"ICE {custody_id}: weight" in line)
    assert "h after" in line and "too weak to weigh" in line


def test_info_logs_of_a_demo_run_carry_no_names_or_birth_dates(demo):
    names, dates = _pii(demo["db"])
    # Log records: Prefect's 'time | LEVEL | logger - message' and Python's 'LEVEL:' lines (the
    # console's summary table is output, not logging, and folds words across lines).
    records = [line for line in demo["log"].splitlines()
               if re.search(r"\| (DEBUG|INFO|WARNING|ERROR|CRITICAL) +\|", line)
               or re.match(r"(DEBUG|INFO|WARNING|ERROR|CRITICAL)\b", line)]
    # Prefect names each run with random words ('jasmine-tiger'); a name that is also a person's
    # name proves nothing, so the quoted run names are dropped before looking.
    log = re.sub(r"(?i)\b(flow|task) run '[^']*'", "run", "\n".join(records))
    assert len(records) > 10 and "hop 1 scored" in log  # the capture really holds the run's INFO lines
    assert len(names) > 500  # the vocabulary filter left a real list of names to look for
    assert sorted(names & _words(log)) == []
    assert sorted(d for d in dates if d in log) == []


def test_redacted_report_holds_no_name_or_full_birth_date(demo, tmp_path):
    from linkage.report.assets import vega_libraries
    from linkage.report.html import write_report

    with Store.open(demo["db"], read_only=True) as store:
        path = write_report(store, demo["run_id"], tmp_path / "redacted.html", redact=True)
        full_names = {n for (n,) in store.con.execute(
            "select distinct full_name from bookings where full_name is not null").fetchall()}
    html = path.read_text()
    for _, _, code in vega_libraries():
        html = html.replace(code, "")  # the charting libraries are code, not data about people
    names, dates = _pii(demo["db"])
    assert [n for n in full_names if n in html] == []
    # Names as data spells them (upper case) or as a clerk might (title case); matched by case so
    # that the tail of a word mangled by scrub() ('D.cline', see below) is not taken for a name.
    shown = set(re.findall(r"[A-Z]{4,}", html)) | {w.upper() for w in re.findall(r"[A-Z][a-z]{3,}", html)}
    assert sorted(names & shown) == []
    assert sorted(d for d in dates if d in html) == []


def test_explain_redacted_shows_no_name_or_full_birth_date_as_text_or_json(demo):
    from typer.testing import CliRunner

    from linkage.cli import app

    with Store.open(demo["db"], read_only=True) as store:
        # An entry whose candidates' book-ins compare names and birth dates.
        entry = store.con.execute(
            "select entry_id from outcomes where run_id = ? and custody_id is not null order by entry_id limit 1",
            [demo["run_id"]]).fetchall()[0][0]
    names, dates = _pii(demo["db"])
    shown = {}
    for form in ([], ["--json"]):
        plain = CliRunner().invoke(app, ["explain", entry, "--db", str(demo["db"]), *form]).output
        masked = CliRunner().invoke(app, ["explain", entry, "--db", str(demo["db"]), "--redact", *form]).output
        assert names & _words(plain) and any(d in plain for d in dates)  # there is something to mask
        shown[tuple(form)] = (sorted(names & _words(masked)), sorted(d for d in dates if d in masked))
    assert shown == {(): ([], []), ("--json",): ([], [])}


def test_redaction_leaves_ordinary_words_alone(demo, tmp_path):
    from linkage.report.html import write_report

    with Store.open(demo["db"], read_only=True) as store:
        html = write_report(store, demo["run_id"], tmp_path / "redacted.html", redact=True).read_text()
    assert "D.tainer" not in html and "recorD.d" not in html


def test_store_and_outputs_are_owner_only(demo, tmp_path):
    from linkage.report.html import write_report
    from linkage.report.tables import write_outputs

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(demo["db"]) == 0o600
    for path in demo["out"].iterdir():
        if path.is_file() and not path.name.endswith(".lock"):
            assert mode(path) == 0o600, path.name
    fresh = tmp_path / "a" / "b"
    with Store.open(demo["db"], read_only=True) as store:
        written = write_outputs(store, demo["run_id"], fresh)
        written["report"] = write_report(store, demo["run_id"], fresh / "report.html")
    assert mode(tmp_path / "a") == mode(fresh) == 0o700
    assert {name: mode(p) for name, p in written.items()} == dict.fromkeys(written, 0o600)


def test_wal_and_output_folder_are_owner_only(demo, tmp_path):
    assert stat.S_IMODE(demo["out"].stat().st_mode) == 0o700
    with Store.open(tmp_path / "w.duckdb") as store:
        store.con.execute("insert into submissions (kind, file_name, sha256, submitted_at, status)"
                          " values ('reports', 'x.csv', 'h', now()::timestamp, 'stored')")
        wal = tmp_path / "w.duckdb.wal"
        assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600


def test_an_output_is_replaced_whole_or_not_at_all(demo, tmp_path):
    from linkage.files import written_whole
    from linkage.report.tables import write_outputs

    target = tmp_path / "outcomes.csv"
    target.write_text("old\n")
    with written_whole(target) as part:
        part.write_text("new, but only half")
        assert target.read_text() == "old\n"  # a kill here leaves the last good file
    assert target.read_text() == "new, but only half"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(RuntimeError), written_whole(target) as part:
        part.write_text("half of the next")
        raise RuntimeError("the writer failed")
    assert target.read_text() == "new, but only half"
    assert [p.name for p in tmp_path.iterdir()] == ["outcomes.csv"]
    # The run's outputs go through it: whole files, no temporary names left beside them.
    with Store.open(demo["db"], read_only=True) as store:
        write_outputs(store, demo["run_id"], tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "jurisdictions.csv", "matches.parquet", "outcomes.csv", "outcomes.json"]
