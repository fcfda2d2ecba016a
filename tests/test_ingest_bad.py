"""Every malformed submission in fixtures/bad/ gets the outcome expected.toml gives it."""

import json
import tomllib

import pytest
from conftest import BAD

from linkage.ingest import submit
from linkage.ingest.submission import LIVE_TABLES

CASES = tomllib.loads((BAD / "expected.toml").read_text())["case"]


def test_every_bad_file_has_a_case():
    described = {case["file"] for case in CASES}
    on_disk = {p.name for p in BAD.iterdir() if p.name not in {"expected.toml", "make_bad.py"}}
    assert on_disk == described
    assert len(described) >= 15


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
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
    assert store.count(LIVE_TABLES[case["kind"]]) == result.rows_stored
    assert store.count("quarantine") == result.rows_quarantined
    for raw_row, reasons in store.con.execute("select raw_row, reasons from quarantine").fetchall():
        assert json.loads(raw_row) and reasons
