"""Readers: CSV encodings and delimiters, ragged lines with row numbers, XLSX, Parquet."""

import datetime as dt
import json

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from linkage.errors import RefusedFile
from linkage.ingest import submit
from linkage.ingest.readers import _in_words, cell_text, read_table
from linkage.ingest.textfile import sniff_delimiter

HEADER = "Booking No,Name,Booking Date,Release Date,Facility,County,State"
ROW = 'B{n},"MUÑOZ, JOSÉ",2017-02-01,2017-02-03,Travis County Jail,Travis,TX'


def rows(con, table):
    return con.execute(f"select * from {table} order by _row").fetchall()


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_csv_encodings_read_the_same_text(store, tmp_path, encoding, prefix):
    path = tmp_path / "log.csv"
    path.write_bytes(prefix + f"{HEADER}\n{ROW.format(n=1)}\n".encode(encoding))
    raw = read_table(store.con, path, "raw")
    assert raw.headers[0] == "Booking No"  # no BOM glued to the first header
    assert rows(store.con, "raw")[0][:3] == (1, "B1", "MUÑOZ, JOSÉ")
    assert raw.rows_read == 1


@pytest.mark.parametrize(("encoding", "padding"), [("utf-16-le", b""), ("utf-16-be", b""), ("utf-8", b"\x00" * 4000)])
def test_utf16_without_a_bom_is_told_from_a_run_of_nul_bytes(store, tmp_path, encoding, padding):
    # A probe's: a short UTF-8 file padded with NULs to its block (a truncated or pre-allocated
    # copy) was read as UTF-16 and refused whole, its header read as CJK characters.
    path = tmp_path / "log.csv"
    path.write_bytes("".join(f"{line}\n" for line in [HEADER, *(ROW.format(n=n) for n in range(1, 11))])
                     .encode(encoding) + padding)
    raw = read_table(store.con, path, "raw")
    assert raw.headers[0] == "Booking No"
    assert [r[1:3] for r in rows(store.con, "raw")][:10] == [(f"B{n}", "MUÑOZ, JOSÉ") for n in range(1, 11)]


def test_a_damaged_parquet_file_is_refused_in_words_without_the_path_or_the_sql(store, tmp_path):
    # A probe's upload was told DuckDB's statement and the server's temporary folder.
    path = tmp_path / "log.parquet"
    pq.write_table(pa.table({"Booking No": ["B1"], "Name": ["DOE, JOHN"]}), path)
    path.write_bytes(path.read_bytes()[:-12])  # cut short
    with pytest.raises(RefusedFile) as refused:
        read_table(store.con, path, "raw")
    message = str(refused.value)
    assert "could not read the file" in message and "export it again" in message, message
    assert str(tmp_path) not in message and "LINE 1" not in message and "read_parquet" not in message, message
    # (Review: a quoted value with a slash is no path to cut.)
    assert _in_words(duckdb.ConversionException("Could not convert '1/2/2017' to DATE")) == \
        "Could not convert '1/2/2017' to DATE"


@pytest.mark.parametrize(("line_end", "header"), [
    ("\r\n", '"Booking\nNo",' + HEADER.split(",", 1)[1]),  # Excel's Alt+Enter in a header cell
    ("\r", HEADER),                                           # classic Mac line ends
    ("\r\n", HEADER),
])
def test_csv_line_ends_read_every_row(store, tmp_path, line_end, header):
    # With a line break inside a quoted header cell of a CRLF file, DuckDB (new_line left to
    # it) read no rows and no rejects: 20 rows were lost without a word.
    path = tmp_path / "log.csv"
    body = line_end.join([header, *(ROW.format(n=n) for n in range(1, 21))]) + line_end
    path.write_bytes(body.encode())
    raw = read_table(store.con, path, "raw")
    assert raw.rows_read == 20 and raw.rejected == 0
    assert raw.headers[0] == ("Booking\nNo" if "\n" in header else "Booking No")
    assert [r[:2] for r in rows(store.con, "raw")][-1] == (20, "B20")


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
@pytest.mark.parametrize("header", [
    '"Booking\nNo",' + HEADER.split(",", 1)[1],                     # a break in the first cell
    'Booking No,"Inmate\nName",' + HEADER.split(",", 2)[2],         # ... in the second
])
def test_a_line_break_in_a_header_cell_keeps_the_header(store, tmp_path, line_end, header):
    # The header search read physical lines: 'No",Name,...' after the break looked like a
    # better header than 'Booking' and the file was refused.
    path = tmp_path / "log.csv"
    path.write_bytes((line_end.join([header, *(ROW.format(n=n) for n in (1, 2))]) + line_end).encode())
    [result] = submit(store, "releases", path)
    assert (result.status, result.rows_stored) == ("stored", 2), result.message


def test_a_title_holding_a_line_break_is_skipped_as_one_record(store, tmp_path):
    # Python skipped two lines where DuckDB skipped two records (three lines): B1 became the header.
    path = tmp_path / "log.csv"
    path.write_text('"Travis County Jail\nRelease Log"\nPrinted 2017\n'
                    + "\n".join([HEADER, ROW.format(n=1), ROW.format(n=2), "B3,too,few", ROW.format(n=4)]) + "\n")
    [result] = submit(store, "releases", path)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (4, 3, 1), result.message
    assert store.con.execute("select booking_id, row_number from bookings order by 2").fetchall() == [
        ("B1", 1), ("B2", 2), ("B4", 4)]
    assert store.con.execute("select row_number from quarantine").fetchall() == [(3,)]


def test_crlf_rows_with_line_breaks_in_their_cells(store, tmp_path):
    # Counting line ends, the LFs inside the cells outnumbered the CRLFs: read as an LF file,
    # DuckDB found no rows and the file was refused.
    path = tmp_path / "log.csv"
    lines = [ROW.format(n=n).replace("Travis County Jail", '"THEFT\nDWI\nASSAULT"') for n in range(1, 11)]
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode())
    raw = read_table(store.con, path, "raw")
    assert (raw.rows_read, raw.rejected) == (10, 0)
    assert {r[5] for r in rows(store.con, "raw")} == {"THEFT\nDWI\nASSAULT"}


def test_a_header_only_file_with_a_break_in_a_header_cell_is_read_empty(store, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text('"Booking\nNo",' + HEADER.split(",", 1)[1] + "\n")
    raw = read_table(store.con, path, "raw")
    assert raw.rows_read == 0


@pytest.mark.parametrize("above", [
    "Travis County Jail - Release Log\nPrinted 2017-02-06\n",  # a title and a date
    "\n\n",                                                    # blank lines
    "sep=,\n",                                                 # Excel's delimiter line
])
def test_csv_header_below_a_title_is_found_and_rows_keep_their_numbers(store, tmp_path, above):
    # The header was read from line 1 only: such files were refused ("no column booking_id",
    # or DuckDB's own error for blank lines) although the header sat two lines down.
    path = tmp_path / "log.csv"
    ragged = "B3,too,few\n"
    path.write_text(above + f"{HEADER}\n{ROW.format(n=1)}\n{ROW.format(n=2)}\n{ragged}{ROW.format(n=4)}\n")
    [result] = submit(store, "releases", path)
    assert (result.status, result.rows_read, result.rows_stored, result.rows_quarantined) == (
        "stored", 4, 3, 1), result.message
    assert "header on line" in result.message
    assert store.con.execute("select booking_id, row_number from bookings order by 2").fetchall() == [
        ("B1", 1), ("B2", 2), ("B4", 4)]
    assert store.con.execute("select row_number from quarantine").fetchall() == [(3,)]


@pytest.mark.parametrize(("header_end", "row_end", "width"), [
    (",,", "", 7),      # empty cells after the header only: trimmed, every row read
    (",,", ",,", 9),    # the rows have them too: kept
    ("", ",", 7),       # a trailing comma on the rows only (DuckDB accepts it)
])
def test_csv_empty_cells_at_the_end_of_the_header(store, tmp_path, header_end, row_end, width):
    path = tmp_path / "log.csv"
    path.write_text("\n".join([HEADER + header_end, *(ROW.format(n=n) + row_end for n in (1, 2, 3))]) + "\n")
    raw = read_table(store.con, path, "raw")
    assert (raw.rows_read, raw.rejected, len(raw.headers)) == (3, 0, width)


def test_a_utf8_file_with_one_windows_1252_line_keeps_its_utf8_names(store, tmp_path):
    # The one bad line made the whole file Windows-1252: 'MUÑOZ, JOSÉ' became 'MUÃ‘OZ, JOSÃ‰'.
    path = tmp_path / "log.csv"
    utf8 = "\n".join([HEADER, ROW.format(n=1), ROW.format(n=2)]).encode() + b"\n"
    path.write_bytes(utf8 + (ROW.format(n=3) + "\n").encode("cp1252"))
    raw = read_table(store.con, path, "raw")
    assert [r[2] for r in rows(store.con, "raw")] == ["MUÑOZ, JOSÉ"] * 3
    assert raw.notes == ["read as UTF-8, with the bytes that are not UTF-8 read as Windows-1252"]


@pytest.mark.parametrize(("encoding", "said"), [("cp1252", "Windows-1252"), ("mac_roman", "Mac OS Roman"),
                                               ("cp850", "DOS Latin-1 (code page 850)")])
def test_a_file_in_a_single_byte_encoding_is_read_in_the_one_whose_letters_it_holds(store, tmp_path, encoding, said):
    # A probe's: read as Windows-1252, Excel for Mac's PÉREZ was PƒREZ and a DOS export's PEÑA
    # was PE¥A (two surname tokens). Mixed case too: an accent is a letter of its word's case.
    path = tmp_path / "log.csv"
    names = ["MUÑOZ, JOSÉ", "PÉREZ, ÁNGEL", "Núñez, Inés"]
    lines = [HEADER, *(ROW.format(n=n).replace("MUÑOZ, JOSÉ", name) for n, name in enumerate(names))]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    raw = read_table(store.con, path, "raw")
    assert [r[2] for r in rows(store.con, "raw")] == names
    assert raw.notes == [f"read as {said}"]


def test_windows_1252_punctuation_between_letters_or_after_a_date_stays_windows_1252(store, tmp_path):
    # Review: an apostrophe in O’CONNOR, a no-break space after a date and a dash between two
    # dates are no letters in Windows-1252 but are in DOS Latin-1 and Mac OS Roman, and the
    # first scoring read such a log as DOS: NUÐEZ, OÆCONNOR, a date that no longer parsed.
    path = tmp_path / "log.csv"
    lines = [HEADER, 'B1,"NUÑEZ, JOSE",2017-02-01\u00a0,2017-02-03,Travis County Jail,Travis,TX',
             'B2,"O’CONNOR, ANN",2017-02-01,2017-02-03,Travis County Jail,Travis,TX',
             'B3,"GARCIA–LOPEZ, ANA",2017-02-01,2017-02-03,Travis County Jail,Travis,TX']
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    raw = read_table(store.con, path, "raw")
    assert raw.notes == ["read as Windows-1252"]
    assert [r[2] for r in rows(store.con, "raw")] == ["NUÑEZ, JOSE", "O’CONNOR, ANN", "GARCIA–LOPEZ, ANA"]


def test_utf8_written_twice_is_undone_and_a_utf8_name_like_it_is_not(store, tmp_path):
    # A probe's: a UTF-8 log opened as Windows-1252 and saved as UTF-8 again wrote PEÃ‘A for
    # PEÑA, stored as the surname tokens PEA and A. JOÃO is a name, not such a pair.
    names = ["PEÑA, JOSÉ", "NÚÑEZ, RAÚL", "LÓPEZ, JOSÉ"]
    twice = tmp_path / "twice.csv"
    lines = [HEADER, *(ROW.format(n=n).replace("MUÑOZ, JOSÉ", name) for n, name in enumerate(names))]
    twice.write_text("\n".join(lines).encode("utf-8").decode("cp1252") + "\n", encoding="utf-8")
    raw = read_table(store.con, twice, "raw")
    assert [r[2] for r in rows(store.con, "raw")] == names
    assert raw.notes == ["read as UTF-8 written twice (PEÃ‘A for PEÑA): undone"]
    once = tmp_path / "once.csv"
    once.write_text("\n".join([HEADER, ROW.format(n=1).replace("MUÑOZ, JOSÉ", "JOÃO, GONÇALVES")]) + "\n")
    raw = read_table(store.con, once, "raw2")
    assert [r[2] for r in rows(store.con, "raw2")] == ["JOÃO, GONÇALVES"] and raw.notes == []


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters(store, tmp_path, delimiter):
    path = tmp_path / "log.csv"
    text = f"{HEADER}\n{ROW.format(n=1)}\n".replace(",", delimiter).replace(f'MUÑOZ{delimiter} ', "MUÑOZ, ")
    path.write_text(text)
    assert sniff_delimiter(text) == delimiter
    raw = read_table(store.con, path, "raw")
    assert len(raw.headers) == 7
    assert rows(store.con, "raw")[0][2] == "MUÑOZ, JOSÉ"


def test_ragged_lines_keep_their_row_numbers(store, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("\n".join([
        HEADER, ROW.format(n=1), "B2,short", ROW.format(n=3), ROW.format(n=4) + ",extra", ROW.format(n=5),
    ]) + "\n")
    raw = read_table(store.con, path, "raw")
    assert raw.rows_read == 5
    assert [(r[0], r[1]) for r in rows(store.con, "raw")] == [(1, "B1"), (3, "B3"), (5, "B5")]
    rejects = rows(store.con, raw.rejects)
    assert [r[0] for r in rejects] == [2, 4]
    assert "missing columns" in rejects[0][2] and "too many columns" in rejects[1][2]


def temp_tables(con):
    return {name for (name,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall()}


def test_a_clean_csv_is_read_in_one_pass_and_a_ragged_one_keeps_its_rejects(store, tmp_path):
    # The strict first read leaves no rejects tables behind (a national week reads ~3,000
    # logs); the first unparsable line sends the file to the read that keeps rejects.
    clean, ragged = tmp_path / "clean.csv", tmp_path / "ragged.csv"
    clean.write_text("\n".join([HEADER, ROW.format(n=1), ROW.format(n=2)]) + "\n")
    ragged.write_text("\n".join([HEADER, ROW.format(n=1), ROW.format(n=2), "B3,short"]) + "\n")
    raw = read_table(store.con, clean, "raw")
    assert (raw.rows_read, raw.rejected) == (2, 0)
    assert temp_tables(store.con) == {"raw_in"}
    assert [(r[0], r[1]) for r in rows(store.con, "raw")] == [(1, "B1"), (2, "B2")]
    raw.drop(store.con)
    assert temp_tables(store.con) == set()
    raw = read_table(store.con, ragged, "raw")
    assert (raw.rows_read, raw.rejected) == (3, 1)
    assert [r[0] for r in rows(store.con, raw.rejects)] == [3]
    assert [(r[0], r[1]) for r in rows(store.con, "raw")] == [(1, "B1"), (2, "B2")]


def test_a_stray_quote_loses_no_row_below_it_and_moves_no_row_number(store, tmp_path):
    # '"12 INCH KNIFE' opens a cell that runs on over the next lines: DuckDB rejected them all
    # as one record, and every row below was numbered one line too high.
    path = tmp_path / "log.csv"
    stray = ROW.format(n=2).replace("Travis County Jail", '"12 INCH KNIFE')
    path.write_text("\n".join([HEADER, ROW.format(n=1), stray, ROW.format(n=3), "B4,short", ROW.format(n=5)]) + "\n")
    [result] = submit(store, "releases", path)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (5, 3, 2), result.message
    assert store.con.execute("select booking_id, row_number from bookings order by 2").fetchall() == [
        ("B1", 1), ("B3", 3), ("B5", 5)]
    reasons = dict(store.con.execute("select row_number, reasons[1] from quarantine").fetchall())
    assert sorted(reasons) == [2, 4] and "joined the" in reasons[2], reasons


def test_a_stray_quote_with_no_quote_after_it_loses_no_row_to_the_end_of_the_file(store, tmp_path):
    # DuckDB's reject of a record run on to the end keeps its first ~10 kB: of 1,500 rows, 295
    # were read (and counted) and 1,205 neither stored nor quarantined (review of session 32).
    path = tmp_path / "log.csv"
    plain = [ROW.format(n=n).replace('"MUÑOZ, JOSÉ"', "MUNOZ JOSE") for n in range(1, 1501)]
    plain[99] = plain[99].replace("Travis County Jail", '"12 INCH KNIFE')
    path.write_text("\n".join([HEADER, *plain]) + "\n")
    [result] = submit(store, "releases", path)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (1500, 1499, 1), result.message
    assert store.con.execute("select max(row_number), count(*) from bookings").fetchall() == [(1500, 1499)]
    # The same in a classic Mac file (CR alone ends its lines): 579 of 599 rows had vanished.
    path.write_text("\r".join([HEADER, *plain[:599]]) + "\r", newline="")
    [result] = submit(store, "releases", path)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (599, 598, 1), result.message


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_rows_below_blank_lines_keep_their_line_numbers(store, tmp_path, line_end):
    # A sheriff told "row 6" opens the file at its 7th line; DuckDB skips blank lines.
    path = tmp_path / "log.csv"
    path.write_bytes(line_end.join([
        HEADER, ROW.format(n=1), "", ROW.format(n=3), "", "", ROW.format(n=6), "B7,short", "",
        '"B9 with a line', 'break in its cell"' + ROW.format(n=9)[2:], ROW.format(n=10), "", "B12,short", "",
    ]).encode())
    raw = read_table(store.con, path, "raw")
    assert [(r[0], r[1].replace("\r\n", "\n")) for r in rows(store.con, "raw")] == [
        (1, "B1"), (3, "B3"), (6, "B6"), (9, "B9 with a line\nbreak in its cell"), (11, "B10")]
    # A reject below the line break and the blanks: numbered by line too.
    assert [r[0] for r in rows(store.con, raw.rejects)] == [7, 13]


def test_blank_lines_under_a_two_line_title_count_from_the_header_line(store, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("\n".join([
        '"Travis County', 'releases"', "", HEADER, ROW.format(n=1), "B2,short", "", ROW.format(n=4)]) + "\n")
    [result] = submit(store, "releases", path)
    assert result.quarantine_reasons[0].startswith("row 2, unreadable line")
    assert store.con.execute("select booking_id, row_number from bookings order by 2").fetchall() == [
        ("B1", 1), ("B4", 4)]


def test_ragged_rows_are_quarantined_not_dropped(store, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("\n".join([HEADER, ROW.format(n=1), "B2,short", ROW.format(n=3)]) + "\n")
    [result] = submit(store, "releases", path)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (3, 2, 1)
    assert result.quarantine_reasons[0].startswith("row 2, unreadable line: missing columns")
    assert store.con.execute("select row_number from bookings order by 1").fetchall() == [(1,), (3,)]


def test_empty_file_is_refused(store, tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"")
    with pytest.raises(RefusedFile, match="empty file"):
        read_table(store.con, path, "raw")


def test_cell_text_matches_a_csv_export():
    assert cell_text(12345.0) == "12345"
    assert cell_text(2017000000000105.0) == "2017000000000105"  # a 16-digit booking number
    assert cell_text(42769.5) == "42769.5"
    assert cell_text(dt.datetime(2017, 2, 3)) == "2017-02-03"
    assert cell_text(dt.datetime(2017, 2, 3, 14, 10)) == "2017-02-03 14:10:00"
    assert cell_text("  ") is None and cell_text(None) is None


def test_xlsx_first_sheet_with_a_header(store, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Weekly release log, Travis County"])
    sheet = book.create_sheet("Releases")
    sheet.append(["Travis County Sheriff's Office"])  # a title row above the header
    sheet.append(["Booking No", "Name", "Booking Date", "Release Date", "Facility", "County", "State"])
    sheet.append([1001, "GARCIA, JUAN", dt.datetime(2017, 2, 1), dt.datetime(2017, 2, 3, 9, 30),
                  "Travis County Jail", "Travis", "TX"])
    sheet.append([None] * 7)  # a blank row is layout, not data
    sheet.append([1002, "LOPEZ, ANA", 42767, None, "Travis County Jail", "Travis", "TX"])  # Excel serial
    path = tmp_path / "log.xlsx"
    book.save(path)

    [result] = submit(store, "releases", path)
    assert result.status == "stored", result.message
    assert (result.rows_read, result.rows_stored) == (2, 2)
    assert "sheet 'Releases'" in result.message
    got = store.con.execute(
        "select booking_id, row_number, booking_date::date::varchar, release_datetime::varchar "
        "from bookings order by booking_id"
    ).fetchall()
    assert got == [("1001", 1, "2017-02-01", "2017-02-03 09:30:00"), ("1002", 3, "2017-02-01", None)]


def test_xlsx_reads_the_best_header_sheet_and_every_sheet_like_it(store, tmp_path):
    # Only the first sheet with a header was read: a summary sheet first refused the file, and
    # a log kept one sheet per month lost every month but the first without a word.
    openpyxl = pytest.importorskip("openpyxl")
    header = ["Booking No", "Name", "Booking Date", "Release Date", "Facility", "County", "State"]
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["County", "State", "Releases"])
    summary.append(["Travis", "TX", 3])
    for month, numbers in (("Jan 2017", (1, 2)), ("Feb 2017", (3,))):
        sheet = book.create_sheet(month)
        sheet.append(header)
        for n in numbers:
            sheet.append([f"B{n}", "GARCIA, JUAN", dt.datetime(2017, n, 1), None, "Travis County Jail",
                          "Travis", "TX"])
    path = tmp_path / "log.xlsx"
    book.save(path)

    [result] = submit(store, "releases", path)
    # A sheet with another header is no part of the table, yet no row of it is lost: each is
    # quarantined with its sheet's name and cells (here the summary's one row).
    assert (result.status, result.rows_read, result.rows_stored, result.rows_quarantined) == (
        "stored", 4, 3, 1), result.message
    assert "'Jan 2017'" in result.message and "'Feb 2017'" in result.message
    assert "quarantined: the rows of sheet 'Summary'" in result.message
    assert store.con.execute("select booking_id, row_number from bookings order by row_number").fetchall() == [
        ("B1", 1), ("B2", 2), ("B3", 3)]
    [(raw, reasons)] = store.con.execute("select raw_row, reasons from quarantine").fetchall()
    assert json.loads(raw) == {"_sheet": "Summary", "County": "Travis", "State": "TX", "Releases": "3"}
    assert reasons == ["sheet 'Summary': its header differs from sheet 'Jan 2017' (send that sheet as its own file)"]


def test_a_file_is_read_by_what_it_holds_not_by_its_name(store, tmp_path):
    # A workbook renamed .csv was refused with Python's "new-line character seen in unquoted
    # field"; a CSV named .parquet with DuckDB's "No magic bytes found" and its SQL.
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["B1", "MUÑOZ, JOSÉ", "2017-02-01", "2017-02-03", "Travis County Jail", "Travis", "TX"])
    workbook = tmp_path / "log.csv"
    book.save(workbook)
    [result] = submit(store, "releases", workbook)
    assert (result.status, result.rows_stored) == ("stored", 1), result.message
    text = tmp_path / "log.parquet"
    text.write_text(f"{HEADER}\n{ROW.format(n=1)}\n")
    with pytest.raises(RefusedFile, match="named .parquet but not a Parquet file"):
        read_table(store.con, text, "raw2")


def test_xlsx_without_a_header_is_refused(store, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["nothing", "useful", "here"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    [result] = submit(store, "releases", path)
    assert result.status == "refused" and "no sheet has a recognisable header" in result.message


def test_parquet_with_typed_columns(store, tmp_path):
    table = pa.table({
        "Unique Identifier": ["X1", "X2"],
        "Book In Date Time": pa.array([dt.datetime(2017, 2, 3, 14), dt.datetime(2017, 2, 4)], pa.timestamp("s")),
        "Citizenship Country": ["MEXICO", "GUATEMALA"],
        "Birth Year": pa.array([1985, None], pa.int64()),
    })
    path = tmp_path / "book_ins.parquet"
    pq.write_table(table, path)
    [result] = submit(store, "custody", path)
    assert result.status == "stored", result.message
    got = store.con.execute(
        "select custody_id, row_number, book_in_datetime::varchar, citizenship_country, birth_year "
        "from book_ins order by custody_id"
    ).fetchall()
    assert got == [("X1", 1, "2017-02-03 14:00:00", "MEX", 1985), ("X2", 2, "2017-02-04 00:00:00", "GTM", None)]


def test_blank_lines_are_found_across_the_megabytes_a_file_is_read_in(tmp_path):
    from linkage.ingest.textfile import has_blank_lines

    rows = b"1,2\n" * (1 << 18)  # exactly a megabyte: the blank line straddles the first read
    cases = {b"a,b\n" + rows + b"\n3,4\n": True, b"a,b\n" + rows + b"3,4\n": False,
             b"a,b\n" + rows + b"3,4\n\n\n": False, b"a,b\r\n\r\n1,2\r\n": True, b"a,b\r\r1,2\r": True}
    for number, (data, expected) in enumerate(cases.items()):
        (tmp_path / f"{number}.csv").write_bytes(data)
        assert has_blank_lines(tmp_path / f"{number}.csv") is expected, number


def test_line_ends_are_made_lf_as_the_regex_did_without_its_cost():
    # The regex took 25 ms a megabyte even where a file held no CR: a tenth of an ingest.
    import random
    import re

    from linkage.ingest.textfile import lf_line_ends

    draw = random.Random(7)
    for _ in range(2000):
        text = "".join(draw.choice("ab,\"\r\n") for _ in range(draw.randrange(30)))
        assert lf_line_ends(text) == re.sub(r"\r+\n|\r", "\n", text), repr(text)
    megabyte = "DOE, JOHN,1/2/1980,2/3/2017\n" * 37_000
    assert lf_line_ends(megabyte) is megabyte  # no CR: the text as it was, not rewritten
    # A long run of CRs (the review: 16.5 s for 32,000 of them when each pass took one away).
    run = "a" + "\r" * 32_000 + "\nb\r\r"
    assert lf_line_ends(run) == re.sub(r"\r+\n|\r", "\n", run) == "a\nb\n\n"
