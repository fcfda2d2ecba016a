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


def test_a_formula_saved_without_its_value_is_said_with_its_cell(store, tmp_path):
    # A reporting tool's '=C2+2' release dates, with no value saved, read as empty: people
    # released stored as still in custody without a word. The cell stays as calamine reads it
    # (quoted into the cell, a formula became a name or a release reason's words: review).
    log = tmp_path / "travis.xlsx"
    _log(log, [["B1", "DOE, JOHN", "2/1/2017 08:00", "=C2+2", '=IF(C2="","","RELEASED TO ICE")',
                "Travis County Jail", "Travis", "TX"],
               ["B2", "ROE, JANE", "2/1/2017 09:00", "2/4/2017 10:00", "BOND", "Travis County Jail", "Travis", "TX"]])
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 2, 0), result.message
    assert "2 formula cells saved without their values (first: sheet 'Sheet', cell D2, =C2+2), read as empty" \
        in result.message, result.message
    assert store.con.execute("select booking_id, release_datetime, release_class from bookings order by 1"
                             ).fetchall()[0] == ("B1", None, None)
