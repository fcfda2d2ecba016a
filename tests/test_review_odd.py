"""Auditor review on data that looks like markup: entry IDs, facility, offences and booking
IDs holding Rich tags ('[/x]', '[bold]…[/bold]'), '/', '#', '?' and non-ASCII, as ICE and
sheriff files may. A 4-entry OR/Marion world cut from fixtures/demo (its entries renamed, one
booking ID renamed), ingested and run for real once per test process; tests copy the file.
"""

from __future__ import annotations

import atexit
import csv
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.config import load_config
from linkage.ingest import submit
from linkage.pipeline import run_all
from linkage.store import Store

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
runner = CliRunner()

# demo entry -> odd ID; every OR/Marion entry of the demo.
RENAMED = {
    "DD20170204-0014": "DD[/]-1",
    "DD20170218-0010": "DD/slash#2?q=[/x]",
    "DD20170311-0008": "DD-3 [bold]100%[/bold]",
    "DD20170401-0011": "DDé ünï/漢字",
}
ODD_BOOKING = "B[/]00043291"
"""B00043291 renamed: the booking DD20170218-0010 really was (released, no ICE book-in)."""


def built_odd() -> Path:
    """The odd world ingested and reconciled once per test process; tests copy the file."""
    folder = Path(tempfile.gettempdir()) / f"linkage-review-odd-{os.getpid()}"
    path, done = folder / "odd.duckdb", folder / "done"
    if done.exists():
        return path
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "releases").mkdir(parents=True)
    atexit.register(shutil.rmtree, folder, True)
    with open(DEMO / "reports.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(folder / "reports.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(rows[0])
        for row in rows[1:]:
            if row[0] in RENAMED:
                row[0] = RENAMED[row[0]]
                if row[0].startswith("DD[/]"):
                    row[7] += " [/bold]"
                if row[0].startswith("DD-3"):
                    row[5] = "MARION [/] JAIL"
                out.writerow(row)
    text = (DEMO / "releases" / "or-marion.csv").read_text(encoding="latin-1")  # the log is Latin-1
    (folder / "releases" / "or-marion.csv").write_text(text.replace("B00043291,", ODD_BOOKING + ","),
                                                         encoding="latin-1")
    # Every verdict short of certain goes to review, so the queue lists the odd IDs too.
    (folder / "review-all.toml").write_text("[reconcile]\nreview_threshold = 1.0\n")
    config = load_config(folder / "review-all.toml")
    with Store.open(path) as store:
        submit(store, "reports", folder / "reports.csv", config=config)
        submit(store, "releases", folder / "releases", config=config)
        submit(store, "custody", DEMO / "custody.csv", config=config)
        run_all(store, config)
        store.con.execute("checkpoint")
    done.touch()
    return path


@pytest.fixture
def odd_db(tmp_path) -> Path:
    copy = tmp_path / "odd.duckdb"
    shutil.copy(built_odd(), copy)
    return copy


def _cli(*args: str):
    return runner.invoke(app, [*args], env={"COLUMNS": "250"})


SLASH = RENAMED["DD20170218-0010"]


def test_markup_in_data_is_printed_as_text_and_decide_confirms_once(odd_db):
    db = str(odd_db)
    listed = _cli("review", "list", "--db", db)
    assert listed.exit_code == 0, listed.output
    assert "DD[/]-1" in listed.output and "DD/slash#2?q=[/x]" in listed.output
    shown = _cli("review", "show", RENAMED["DD20170311-0008"], "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "DD-3 [bold]100%[/bold]" in shown.output and "MARION [/] JAIL" in shown.output
    shown = _cli("review", "show", "DD[/]-1", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "Dangerous Drugs [/bold]" in shown.output
    shown = _cli("review", "show", SLASH, "--db", db)
    assert shown.exit_code == 0, shown.output
    assert ODD_BOOKING in shown.output
    decided = _cli("review", "decide", SLASH, "--booking", ODD_BOOKING, "--no-custody", "--by", "[red]A[/red]",
                   "--note", "[/] seen", "--db", db)
    assert decided.exit_code == 0, decided.output
    assert f"{SLASH} → booking OR/MARION#{ODD_BOOKING}" in decided.output
    with Store.open(odd_db, read_only=True) as store:
        assert store.count("decisions") == 1  # no crash after the commit, so no retry either
    history = _cli("review", "history", SLASH, "--db", db)
    assert history.exit_code == 0, history.output
    assert f"Verdicts of {SLASH}" in history.output and ODD_BOOKING in history.output
    assert "[red]A[/red]" in history.output
    shown = _cli("review", "show", SLASH, "--db", db)
    assert shown.exit_code == 0 and "by [red]A[/red]" in shown.output, shown.output
    missing = _cli("review", "show", "NOPE [/x]", "--db", db)
    assert missing.exit_code == 1 and "no report entry 'NOPE [/x]'" in missing.output
    unknown = _cli("explain", "NOPE [/x]", "--db", db)
    assert unknown.exit_code == 1 and "NOPE [/x]" in unknown.output, unknown.output
