"""Line ends DuckDB's CSV parser cannot read as they are: CR CR LF, CR LF mixed with LF, a lone
CR inside a cell. Such a file had been refused whole, with the parser's dump of its options."""

import csv

import pytest

from linkage.ingest import submit

HEADER = "Booking No,Name,Age,Booking Date,Release Date,Release Reason,Charge,Facility,County,State"


def row(booking: str, charge: str = "DWI", released: str = "2/5/2017 9:30") -> str:
    return f'{booking},"GARCIA, JOSE",33,2/3/2017 14:10,{released},BOND,{charge},Travis County Jail,Travis,TX'


def quarantined(store) -> list[tuple[int, list[str]]]:
    return store.con.execute("select row_number, reasons from quarantine order by 1").fetchall()


def test_cr_cr_lf_line_ends_are_read_and_a_broken_line_keeps_its_number(store, tmp_path):
    # CR LF written through a Windows text-mode file: DuckDB took the first CR for the line end.
    log = tmp_path / "travis.csv"
    lines = [HEADER, row("B1"), "B2,SHORT", row("B3", released="2/6/2017 10:15")]
    log.write_bytes("".join(line + "\r\r\n" for line in lines).encode())
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_read, result.rows_stored, result.rows_quarantined) == ("stored", 3, 2, 1)
    assert "lines ending 4 in CR CR LF" in result.message
    [(number, [reason])] = quarantined(store)
    assert number == 2 and reason.startswith("unreadable line: missing columns")
    released = store.con.execute("select booking_id, release_datetime::varchar from bookings order by 1").fetchall()
    assert released == [("B1", "2017-02-05 09:30:00"), ("B3", "2017-02-06 10:15:00")]


def test_lf_rows_appended_to_a_crlf_file_are_read(store, tmp_path):
    log = tmp_path / "travis.csv"
    text = "".join(line + "\r\n" for line in [HEADER, row("B1"), row("B2")])
    log.write_bytes((text + row("B3", charge="THEFT") + "\n" + row("B4") + "\n").encode())
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 4, 0), result.message
    assert "lines ending 3 in CR LF from line 1, 2 in LF from line 4" in result.message
    charges = store.con.execute("select booking_id, charges from bookings order by 1").fetchall()
    assert charges == [("B1", "DWI"), ("B2", "DWI"), ("B3", "THEFT"), ("B4", "DWI")]


def test_a_lone_cr_in_a_cell_of_an_lf_file_stays_in_its_cell(store, tmp_path):
    # An old Mac line break in a charge cell, quoted or not: DuckDB read any CR as a line end.
    log = tmp_path / "travis.csv"
    lines = [HEADER, row("B1", charge="DWI\rTHEFT"), row("B2", charge='"ASSAULT\rDWI"'), row("B3")]
    log.write_bytes("".join(line + "\n" for line in lines).encode())
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 3, 0), result.message
    assert "a carriage return inside a cell kept as a line break in it (line 2)" in result.message
    charges = store.con.execute("select booking_id, charges, row_number from bookings order by 1").fetchall()
    assert charges == [("B1", "DWI\rTHEFT", 1), ("B2", "ASSAULT\rDWI", 2), ("B3", "DWI", 3)]


def test_a_file_still_unreadable_is_refused_in_plain_words(store, tmp_path):
    # Classic Mac line ends with a line feed in a cell: no line end reading helps.
    log = tmp_path / "travis.csv"
    log.write_bytes("\r".join([HEADER, row("B1"), row("B2", charge="DWI\nTHEFT"), row("B3"), ""]).encode())
    [result] = submit(store, "releases", log)
    assert result.status == "refused"
    assert "its lines end in CR (classic Mac), but line 3 holds a line feed" in result.message
    assert "strict_mode" not in result.message and "Set By User" not in result.message


def test_excel_trailing_empty_records_are_skipped_and_said(store, tmp_path):
    # A formatted sheet saved as CSV ends in ',,,,' lines: they had been quarantined as
    # bookings missing six columns each. Like a blank line, an empty record is layout.
    log = tmp_path / "travis.csv"
    lines = [HEADER, row("B1"), ",,,,,,,,,", row("B3"), ",,,,,,,,,", " , ,\t,,,,,,,", ",,,,,,,,,"]
    log.write_bytes("".join(line + "\r\n" for line in lines).encode())
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (2, 2, 0), result.message
    assert "4 empty rows skipped" in result.message
    numbers = store.con.execute("select booking_id, row_number from bookings order by 1").fetchall()
    assert numbers == [("B1", 1), ("B3", 3)]  # a row keeps its line's number


def test_a_repeated_header_row_is_quarantined_as_such(store, tmp_path):
    # Pages joined into one file: each page's header (after a form feed on a mainframe report)
    # had been quarantined as a booking with an unknown state "State" and a date "Booking Date".
    log = tmp_path / "travis.csv"
    lines = [HEADER, row("B1"), row("B2"), "Page 1 of 2", "", "\f" + HEADER.upper(), row("B3"), row("B4")]
    log.write_bytes("".join(line + "\n" for line in lines).encode())
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (6, 4, 2), result.message
    [(page, [page_reason]), (repeat, reasons)] = quarantined(store)
    assert (page, repeat) == (3, 5) and page_reason.startswith("unreadable line")
    assert reasons == ["a repeat of the header row (pages joined)"]
    numbers = store.con.execute("select booking_id, row_number from bookings order by 1").fetchall()
    assert numbers == [("B1", 1), ("B2", 2), ("B3", 6), ("B4", 7)]


def test_a_reports_file_of_joined_pages_quarantines_each_header_once(store, tmp_path):
    header = ("Entry ID,Report Week,State,County,Jurisdiction,Facility,Citizenship,"
              "Notable Criminal Activity,Detainer Prepare Date,Date Declined")

    def entry(number: int) -> str:
        return (f"DD20170128-000{number},01/28/2017,TEXAS,TRAVIS,AUSTIN,TRAVIS COUNTY JAIL,MEXICO,"
                "Charged: Assault,01/25/2017,01/29/2017")

    log = tmp_path / "reports.csv"
    log.write_text("\r\n".join([header, entry(1), entry(2), header, entry(3), ""]))
    [result] = submit(store, "reports", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (4, 3, 1), result.message
    assert quarantined(store) == [(3, ["a repeat of the header row (pages joined)"])]
    weeks = store.con.execute("select distinct report_week::varchar from report_entries").fetchall()
    assert weeks == [("2017-01-28",)]


def test_a_repeated_header_row_in_a_workbook_is_quarantined_as_such(store, tmp_path):
    # Pages pasted one below the other into one sheet, each with its header.
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    header = HEADER.split(",")
    for line in [header, row("B1").replace('"GARCIA, JOSE"', "GARCIA JOSE").split(","), [" " + h for h in header],
                 row("B3").replace('"GARCIA, JOSE"', "GARCIA JOSE").split(",")]:
        sheet.append(line)
    path = tmp_path / "travis.xlsx"
    book.save(path)
    [result] = submit(store, "releases", path)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (3, 2, 1), result.message
    assert quarantined(store) == [(2, ["a repeat of the header row (pages joined)"])]


def test_exports_joined_with_their_columns_in_another_order_are_read_by_each_header(store, tmp_path):
    # Two exports joined with `cat`, the second's columns in another order and its headers in
    # capitals: its rows had been read by the first header without a word (a surname stored
    # as a first name, a charge as the release reason). Small, as a week's log is: the reader
    # looks at every record of such a file itself.
    other = ("RELEASE REASON,BOOKING_NO,CHARGE,AGE,NAME,BOOKING DATE,RELEASE DATE,FACILITY,COUNTY,STATE")

    def reordered(booking: str) -> str:
        return f'BOND,{booking},THEFT,41,"SMITH, ANN",2/4/2017 8:00,2/6/2017 7:45,Travis County Jail,Travis,TX'

    log = tmp_path / "travis.csv"
    lines = [HEADER, row("B1"), other, reordered("B2"), reordered("B3"), HEADER.upper(), row("B4")]
    log.write_text("\n".join(lines) + "\n")
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (6, 4, 2), result.message
    assert "the header repeated with its columns in another order at row 2" in result.message
    [(moved_at, [moved]), (repeat_at, [repeat])] = quarantined(store)
    assert (moved_at, repeat_at) == (2, 5)
    assert moved.startswith("the header again, its columns in another order") and repeat.startswith("a repeat")
    stored = store.con.execute("select booking_id, last_name, first_name, release_reason, charges,"
                               " release_datetime::varchar from bookings order by 1").fetchall()
    assert stored == [("B1", "GARCIA", "JOSE", "BOND", "DWI", "2017-02-05 09:30:00"),
                      ("B2", "SMITH", "ANN", "BOND", "THEFT", "2017-02-06 07:45:00"),
                      ("B3", "SMITH", "ANN", "BOND", "THEFT", "2017-02-06 07:45:00"),
                      ("B4", "GARCIA", "JOSE", "BOND", "DWI", "2017-02-05 09:30:00")]


def test_a_header_repeated_with_other_punctuation_is_a_repeat(store, tmp_path):
    # An export joined to another program's, the same columns written BOOKING_NO, RELEASE_DATE:
    # read as a booking with a bad value in every column (review of session 50).
    log = tmp_path / "travis.csv"
    other = HEADER.upper().replace(" ", "_")
    log.write_text("\n".join([HEADER, row("B1"), other, row("B2")]) + "\n")
    [result] = submit(store, "releases", log)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (3, 2, 1), result.message
    assert quarantined(store) == [(2, ["a repeat of the header row (pages joined)"])]


def test_a_header_repeated_after_a_stray_quote_is_still_said_so(store, tmp_path):
    # Python's csv ran the stray quote over the repeated header, DuckDB did not: the reader's
    # own look at the records must not rule the repeat out (review of session 32).
    log = tmp_path / "stray.csv"
    short = "Booking No,Name,Booking Date,Release Date,Facility,County,State"
    log.write_text("\n".join([short, 'B1,"GARCIA, JOSE",2/3/2017,2/5/2017,Travis County Jail,Travis,TX',
                              'B2,"SMITH, ANN,2/3/2017,2/5/2017,Travis County Jail,Travis,TX', short,
                              'B3,"LEE, AL",2/3/2017,,Travis County Jail,Travis,TX']) + "\n")
    [result] = submit(store, "releases", log)
    assert result.rows_read == result.rows_stored + result.rows_quarantined
    reasons = dict(quarantined(store))
    assert reasons[3] == ["a repeat of the header row (pages joined)"], reasons


def test_a_long_run_on_quote_in_a_larger_file_is_not_a_refusal(store, tmp_path):
    # Reading every record of a 200 kB sample in Python hit csv's 128 kB field limit inside the
    # run-on cell, and a file that had stored its rows was refused (review of session 32).
    lines = [HEADER] + [row(f"B{i}", charge="DWI " + "X" * 80) for i in range(1, 100)]
    lines += [row("B100").replace('"GARCIA, JOSE"', '"GARCIA, JOSE')]
    lines += [row(f"C{i}", charge="DWI " + "X" * 80).replace('"GARCIA, JOSE"', "GARCIA JOSE") for i in range(1400)]
    log = tmp_path / "long.csv"
    log.write_text("\n".join(lines) + "\n")
    assert log.stat().st_size > 150_000
    # As in a fresh process: another file's read may have raised the (process-wide) limit.
    limit = csv.field_size_limit(131072)
    try:
        [result] = submit(store, "releases", log)
    finally:
        csv.field_size_limit(limit)
    assert result.status == "stored" and result.rows_stored >= 99, result.message
    assert result.rows_read == result.rows_stored + result.rows_quarantined


@pytest.mark.parametrize("above", ["TRAVIS COUNTY JAIL RELEASES\n\n", "\n"])
def test_lf_lines_above_the_header_of_a_crlf_file_are_skipped_and_its_rows_read(store, tmp_path, above):
    # A title (or a blank line) added in another program above an Excel export: DuckDB, told
    # the first line's LF, read no row and raised nothing, and the whole log was refused.
    log = tmp_path / "travis.csv"
    text = "".join(line + "\r\n" for line in [HEADER, row("B1"), row("B2", released="2/31/2017 9:30"), row("B3")])
    log.write_bytes((above + text).encode())
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 2, 1), result.message
    assert "line ends made one kind" in result.message
    [(number, [reason])] = quarantined(store)
    assert number == 2 and "release_datetime" in reason, reason
    stored = store.con.execute("select booking_id, row_number, state from bookings order by 1").fetchall()
    assert stored == [("B1", 1, "TX"), ("B3", 3, "TX")]
