"""What a workbook holds beyond its cells' values: cells merged down the rows, and formulas
saved without their values (calamine reads both as empty cells)."""

import openpyxl

from linkage.ingest import submit

HEADER = ["Booking No", "Name", "Booking Date", "Release Date", "Release Reason", "Facility", "County", "State"]


def _log(path, rows, *, merge: list[str] = ()) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    book.save(path)


def test_cells_merged_down_the_rows_are_each_rows_value(store, tmp_path):
    # A grouped printout's Facility, County and State, each one cell merged down its rows: 11
    # of 12 bookings had been quarantined as missing them.
    log = tmp_path / "travis.xlsx"
    _log(log, [[f"B{i}", f"DOE, JOHN {i}", "2/1/2017 08:00", "2/3/2017 14:10", "BOND"]
               + (["Travis County Jail", "Travis", "TX"] if i == 1 else [None, None, None]) for i in range(1, 5)],
         merge=["F2:F5", "G2:G5", "H2:H5"])
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 4, 0), result.quarantine_reasons
    assert "cells merged down rows read as each row's value (F2:F5, G2:G5, H2:H5)" in result.message
    assert store.con.execute("select distinct facility, state, county from bookings").fetchall() == [
        ("Travis County Jail", "TX", "TRAVIS")]


def test_a_formula_saved_without_its_value_quarantines_its_row_not_a_release(store, tmp_path):
    # A reporting tool's '=C2+2' release dates, with no value saved: they had read as empty,
    # every such person stored as still in custody, and over a stored log as released no more.
    log = tmp_path / "travis.xlsx"
    _log(log, [["B1", "DOE, JOHN", "2/1/2017 08:00", "=C2+2", "RELEASED TO ICE", "Travis County Jail", "Travis", "TX"],
               ["B2", "ROE, JANE", "2/1/2017 09:00", "2/4/2017 10:00", "BOND", "Travis County Jail", "Travis", "TX"]])
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 1, 1), result.message
    assert "1 formula cell saved without its value" in result.message
    [reason] = result.quarantine_reasons
    assert reason.startswith('row 1, column release_datetime: not a valid date: "=C2+2 (a formula saved without'), reason
    assert store.con.execute("select booking_id from bookings").fetchall() == [("B2",)]
