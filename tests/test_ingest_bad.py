"""Every malformed submission in fixtures/bad/ gets the outcome expected.toml gives it.

File cases (`[[case]]`) go through `linkage.ingest.submit`; HTTP cases (`[[http_case]]`)
through the real API in tests/test_http_bad.py. A case marked `xfail` states the outcome we
want but do not get yet; it is a strict xfail, so fixing ingest turns it into a failure that
asks for the marker to go.
"""

import json
import subprocess
import sys
import tomllib

import pytest
from conftest import BAD, REPO

from linkage.ingest import submit
from linkage.ingest.submission import LIVE_TABLES

TABLE = tomllib.loads((BAD / "expected.toml").read_text())
CASES = TABLE["case"]
HTTP_CASES = TABLE.get("http_case", [])


def _params(cases):
    return [
        pytest.param(case, id=case["file"],
                     marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else [])
        for case in cases
    ]


def test_every_bad_file_has_a_case():
    described = {case["file"] for case in CASES} | {case["file"] for case in HTTP_CASES if "file" in case}
    on_disk = {p.name for p in BAD.iterdir() if p.name not in {"expected.toml", "make_bad.py"}}
    assert on_disk == described
    assert len(CASES) + len(HTTP_CASES) >= 40
    kinds = {case["kind"] for case in CASES}
    assert kinds == {"reports", "releases", "custody"}


@pytest.mark.parametrize("case", _params(CASES))
def test_bad_file(store, case):
    results = submit(store, case["kind"], BAD / case["file"], jurisdiction=case.get("jurisdiction"))
    assert len(results) == 1
    result = results[0]
    assert result.status == case["status"], result.message
    assert result.rows_read == result.rows_stored + result.rows_quarantined
    row = store.con.execute(
        "select status, rows_read, rows_stored, rows_quarantined from submissions where submission_id = ?",
        [result.submission_id],
    ).fetchall()[0]
    assert row == (result.status, result.rows_read, result.rows_stored, result.rows_quarantined)

    if case["status"] == "refused":
        assert case["message"] in result.message
        assert case["file"] in result.message
        assert store.count("quarantine") == 0
        assert store.count(LIVE_TABLES[case["kind"]]) == 0
        return

    assert result.rows_quarantined == case["quarantined"], result.quarantine_reasons
    if "stored" in case:
        assert result.rows_stored == case["stored"], result.quarantine_reasons
    if "reason" in case:
        assert any(case["reason"] in line for line in result.quarantine_reasons), result.quarantine_reasons
    if "note" in case:
        assert case["note"] in result.message
    # A bad optional cell is left empty and its row stored; blanked_cells says which and why.
    blanked = [f"row {row}, {'; '.join(why)}" for row, why in store.con.execute(
        "select row_number, reasons from blanked_cells order by row_number").fetchall()]
    if "blanked" in case:
        assert any(case["blanked"] in line for line in blanked), blanked
        assert "blanked_cells" in result.message
    else:
        assert blanked == []
    assert store.count(LIVE_TABLES[case["kind"]]) == result.rows_stored
    assert store.count("quarantine") == result.rows_quarantined
    for raw_row, reasons in store.con.execute("select raw_row, reasons from quarantine").fetchall():
        assert json.loads(raw_row) and reasons


BOMB_PROBE = """
import resource, sys, time
from pathlib import Path
from linkage.ingest import submit
from linkage.store import Store
store = Store.open(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = submit(store, "releases", Path(sys.argv[1]))[0]
print(result.status, time.perf_counter() - start,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


@pytest.mark.parametrize("name", ["zip_bomb.xlsx", "zip_bomb_lying.xlsx"])
def test_zip_bomb_is_refused_quickly_in_bounded_memory(tmp_path, name):
    # Its own process, so the peak resident size measured is this submission's alone.
    out = subprocess.run(
        [sys.executable, "-c", BOMB_PROBE, str(BAD / name), str(tmp_path / "bomb.duckdb")],
        capture_output=True, text=True, timeout=60, cwd=REPO, check=True,
    ).stdout.split()
    status, seconds, grown_kb = out[0], float(out[1]), int(out[2])
    assert status == "refused"
    assert seconds < 2.0
    assert grown_kb < 64 * 1024  # the sheet would take ~200 MB of XML (and ~2 GB resident) to read


def test_bomb_fixture_really_is_a_bomb():
    """Guard against the fixture shrinking into a harmless file: it must expand > 100x."""
    import zipfile

    with zipfile.ZipFile(BAD / "zip_bomb.xlsx") as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size > 150 * 2**20 and sheet.file_size / sheet.compress_size > 500


def test_a_huge_charges_cell_is_quarantined_in_bounded_memory(tmp_path, monkeypatch):
    # One booking listing a charge 7,000 times (150 kB): each charge had carried the whole
    # cell, ~1 GB here (a 480 kB cell died out of memory with a traceback, HTTP 500).
    from linkage.store import Store

    monkeypatch.setenv("LINKAGE_MEMORY_LIMIT", "300MB")
    store = Store.open(tmp_path / "s.duckdb")
    log = tmp_path / "travis.csv"
    charges = "; ".join(["THEFT PROP >=$100<$750"] * 7000)
    log.write_text("Booking No,Name,Booking Date,Release Date,Charges,Facility,County,State\n"
                   f'B1,"DOE, JOHN",2/3/2017 10:00,2/5/2017 9:30,DWI,Travis County Jail,Travis,TX\n'
                   f'B2,"ROE, JANE",2/3/2017 11:00,2/6/2017 9:30,{charges},Travis County Jail,Travis,TX\n')
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 1, 1), result.message
    assert "row 2, column charges: 167998 characters (limit 4000)" in result.quarantine_reasons[0]
    store.close()
