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


def _row(booking: str, name: str = "DOE, JOHN") -> list[str]:
    return [booking, name, "2/1/2017 08:00", "2/3/2017 14:10", "BOND", "Travis County Jail", "Travis", "TX"]


def test_a_hidden_sheet_is_not_read_as_the_log(store, tmp_path):
    # An old export kept on a hidden sheet, the same header: its rows had been stored as live
    # bookings, which the clerk who sent the file never saw. They are quarantined, said so.
    book = openpyxl.Workbook()
    shown = book.active
    shown.title = "Releases"
    for row in [HEADER, _row("B1"), _row("B2")]:
        shown.append(row)
    old = book.create_sheet("old")
    for row in [HEADER, _row("B1X"), _row("B2X"), _row("B3X")]:
        old.append(row)
    old.sheet_state = "hidden"
    # Better recognised than the visible sheet's (one more column it reads): still not read.
    old["I1"] = "Charge"
    log = tmp_path / "travis.xlsx"
    book.save(log)
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (5, 2, 3), result.message
    assert "quarantined: the rows of hidden sheet 'old'" in result.message
    assert store.con.execute("select booking_id from bookings order by 1").fetchall() == [("B1",), ("B2",)]
    reasons = store.con.execute("select distinct reasons[1] from quarantine").fetchall()
    assert reasons == [("sheet 'old' is hidden: its rows are not read as the log's"
                        " (unhide the sheet and send the file again if they are)",)]


def test_a_sheet_per_month_in_another_column_order_is_read_by_its_own_header(store, tmp_path):
    # February's export put the name first and the booking number last: it had been quarantined
    # whole as "header differs", its people never searched.
    book = openpyxl.Workbook()
    january = book.active
    january.title = "Jan"
    for row in [HEADER, _row("B1")]:
        january.append(row)
    february = book.create_sheet("Feb")
    order = [1, 2, 3, 4, 5, 6, 7, 0]  # HEADER's columns, the booking number moved last
    for row in [HEADER, _row("B2", "SMITH, ANN"), _row("B3", "LEE, AL")]:
        february.append([row[i] for i in order])
    log = tmp_path / "travis.xlsx"
    book.save(log)
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (3, 3, 0), result.message
    assert "sheet 'Feb': the same columns in another order, read by its own header" in result.message
    stored = store.con.execute("select booking_id, last_name, release_reason from bookings order by 1").fetchall()
    assert stored == [("B1", "DOE", "BOND"), ("B2", "SMITH", "BOND"), ("B3", "LEE", "BOND")]


def test_a_reordered_header_inside_a_sheet_holds_to_the_end_of_that_sheet(store, tmp_path):
    # January's sheet holds two exports joined, the second in another column order; February's
    # is in the first order again: its rows had been put through January's second order too
    # (review of session 50: a booking number holding a name).
    book = openpyxl.Workbook()
    january = book.active
    january.title = "Jan"
    order = [1, 0, 2, 3, 4, 5, 6, 7]  # the name before the booking number
    for row in [HEADER, _row("B1"), [HEADER[i] for i in order], [_row("B2", "SMITH, ANN")[i] for i in order]]:
        january.append(row)
    february = book.create_sheet("Feb")
    for row in [HEADER, _row("B3", "LEE, AL")]:
        february.append(row)
    log = tmp_path / "travis.xlsx"
    book.save(log)
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (4, 3, 1), result.message
    stored = store.con.execute("select booking_id, last_name from bookings order by 1").fetchall()
    assert stored == [("B1", "DOE"), ("B2", "SMITH"), ("B3", "LEE")]


def test_an_error_value_is_named_where_a_date_is_read_and_no_value_where_a_name_is(store, tmp_path):
    # A probe's: calamine reads '#VALUE!' as an empty cell, and a release date so read stored a
    # released person as still in custody (a CSV of the same sheet quarantined the row). In a
    # name, an error is no value: read as text, '#NAME?' became the surname NAME of every such row.
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER + ["Birth Date"], _row("B1") + ["1/5/1980"], _row("B2") + ["1/5/1980"],
                _row("B3") + ["1/5/1980"], _row("B4") + ["1/5/1980"]]:
        sheet.append(row)
    for cell, error in (("D2", "#VALUE!"), ("I3", "#DIV/0!"), ("B4", "#NAME?"), ("A5", "#REF!")):
        sheet[cell] = error
        sheet[cell].data_type = "e"
    log = tmp_path / "travis.xlsx"
    book.save(log)
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (4, 1, 3), result.message
    assert sorted(result.quarantine_reasons) == [
        'row 1, column release_datetime: not a valid date: "#VALUE!"', "row 3, column full_name: missing",
        "row 4, column booking_id: missing"], result.quarantine_reasons
    assert store.con.execute("select reasons from blanked_cells").fetchall() == [
        (['column dob: not a valid date: "#DIV/0!"'],)]
    assert store.con.execute("select raw_row->>'Name' from quarantine where row_number = 3").fetchall() == [("#NAME?",)]
