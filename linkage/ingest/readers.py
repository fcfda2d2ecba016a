"""Read one submitted file into a DuckDB temp table of text cells, row numbers kept.

    >>> raw = read_table(con, Path("hennepin.csv"), "raw_1")
    >>> raw.headers, raw.rows_read
    (['Booking No', 'Name', ...], 1204)
    >>> con.sql("select _row, c0, c1 from raw_1 limit 1")        # every cell is VARCHAR

`_row` is the 1-based data row (the header excluded): row 1 is the first line after the
header. Lines DuckDB cannot parse (ragged rows, stray quotes, over-long lines) land in
`<table>_rejects` (_row, raw_row, reason) so they can be quarantined, never dropped (a file
with none need not have that table: `RawTable.rejected`).

CSV (`linkage.ingest.csvread`): UTF-8, UTF-8 with BOM, UTF-16 with BOM, UTF-8 with some
Windows-1252 lines, else Windows-1252 (transcoded to a temporary UTF-8 copy only when the
bytes are not valid UTF-8; encodings, line ends and delimiters are found by
`linkage/ingest/textfile.py`);
delimiter sniffed among , ; tab |; line ends CRLF, CR or LF (a file DuckDB cannot parse for
CR CR LF, CRLF mixed with LF or a lone CR in a cell is read again from a copy whose records
all end in LF, every line still one line); the header is the first line, or
a better one within the first 20 (a title or blank lines above it; Excel's `sep=;`). A file
with lines after its header of which none reads as a row is refused, never stored empty.
A row's number is its line less the header's (a file with blank lines, which DuckDB skips, is
read again by Python's csv module); a quoted line break elsewhere moves the rows below it up.
In CSV and XLSX alike, a record of empty cells is layout, skipped (a CSV's are counted in a
note), and a repeat of the header row (pages joined) is quarantined with that one reason; a
repeat with its columns in another order (exports joined) has the rows below it read by it
(`linkage.ingest.layout`).
XLSX: the visible sheet with the best-recognised header row (within its first 20 rows) and
every other visible sheet with the same header, its columns in any order, rows numbered on
across them; a hidden sheet's rows are quarantined. HTML (a web system's "Export to
Excel", often named .xls): its tables read as sheets. Text named .xls is read as CSV.
Parquet: every column cast to text.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from linkage.errors import RefusedFile, file_label
from linkage.ingest.csvread import HEADER_SEARCH_LINES, read_csv_table
from linkage.ingest.header_words import header_key
from linkage.ingest.layout import column_order, set_aside_layout_rows
from linkage.ingest.rawtable import RawTable, lit, load_arrow
from linkage.ingest.textfile import utf8_source

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
HTML_SUFFIXES = {".html", ".htm"}
HTML_MAX_BYTES = 64 << 20
_BR = "\ue000"  # a <br> while a cell's blanks are collapsed (a private-use character, never a blank)
# .xls is read by its content: an HTML table or text named for Excel (an Excel 97-2003 workbook
# itself is refused in words).
SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | PARQUET_SUFFIXES | HTML_SUFFIXES | {".xls"}
# calamine holds a whole sheet's XML in memory (~1.4x its size), so a workbook's declared
# uncompressed size is the memory it will cost: cap it, and refuse parts that expand like a
# compression bomb (real sheet XML deflates 5-30:1; a bomb ~1000:1).
XLSX_MAX_BYTES = 1 << 30
XLSX_MAX_RATIO = 100
XLSX_RATIO_FLOOR = 1 << 23  # small parts may compress as they like


def read_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    *,
    header_score: Callable[[list[str]], int] | None = None,
) -> RawTable:
    """Read `path` into temp tables (or views) `table` and `table_rejects`; raise RefusedFile if
    unreadable. `RawTable.drop` removes them."""
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise RefusedFile(path.name, "empty file (0 bytes)")
    with contextlib.ExitStack() as stack:
        try:
            suffix = _format_by_content(path, suffix)
            source = _utf8_named(path, stack)
        except OSError as exc:  # unreadable (permissions, a vanished file): this file only
            raise RefusedFile(path.name, f"could not read the file: {exc}") from exc
        return _read_table(con, source, table, suffix, header_score)


_MAGIC = {b"PK\x03\x04": ".xlsx", b"PAR1": ".parquet"}
_OLE = b"\xd0\xcf\x11\xe0"  # an Excel 97-2003 workbook (.xls)


def _format_by_content(path: Path, suffix: str) -> str:
    """The suffix to read `path` by: its first bytes where they say XLSX (a zip) or Parquet,
    whatever the name (a workbook renamed .csv was refused as a CSV with a Python error);
    a name that promises a workbook or Parquet file over other bytes is refused in words."""
    with open(path, "rb") as handle:
        start = handle.read(1 << 15)
    head = start[:4]
    if head == _OLE:
        raise RefusedFile(path.name, "an Excel 97-2003 workbook (.xls) or a password-protected workbook: "
                          "save it as .xlsx without a password, or as CSV")
    if head[:2] == b"\x1f\x8b":
        raise RefusedFile(path.name, "a gzip-compressed file: decompress it and submit the file inside")
    by_content = _MAGIC.get(head)
    if by_content == ".xlsx" and not _is_workbook(path):
        if _is_opendocument(path):  # LibreOffice's own: unzipped, it gives content.xml, no table
            raise RefusedFile(path.name, "an OpenDocument spreadsheet (LibreOffice's .ods): save it as .xlsx or as CSV")
        raise RefusedFile(path.name, "a zip archive, not an Excel workbook: unzip it and submit the files inside")
    if by_content == ".xlsx" and suffix in XLSX_SUFFIXES:
        return suffix
    if by_content:
        return by_content
    # A web system's "Export to Excel", whatever its name: markup (a <div>, <style> or comment
    # may come first; UTF-16 where Excel saved it) with a table or an <html> in its first 32 kB.
    # (Decoded only where it opens with '<', as few files do: every file of a week comes here.)
    wide = start[:2] in (b"\xff\xfe", b"\xfe\xff")
    opening = start.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
    text = start.decode("utf-16" if wide else "latin-1", errors="ignore") if wide or opening else ""
    text = text.lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    if text.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text:
        raise RefusedFile(path.name, "an Excel 2003 XML spreadsheet: save it as .xlsx or as CSV")
    if re.match(r"<(!doctype html|html|head|body|meta|table|div|style|title|!--|\?xml)[\s>]", text) and (
            "<table" in text or "<html" in text):
        return ".html"  # (a CSV whose header cell is '<Booking No>' is no page)
    if suffix == ".xls":
        return ".csv"  # text named for Excel: read as what it is
    if suffix in XLSX_SUFFIXES | PARQUET_SUFFIXES:
        kind = "an Excel workbook" if suffix in XLSX_SUFFIXES else "a Parquet file"
        raise RefusedFile(path.name, f"named {suffix} but not {kind} (its first bytes are not); "
                          "if it is text, name it .csv")
    return suffix


def _is_workbook(path: Path) -> bool:
    """Whether a zip holds a workbook (xl/workbook.xml), not, say, a zipped CSV."""
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.lower() == "xl/workbook.xml" for name in archive.namelist())
    except zipfile.BadZipFile:
        return True  # a damaged workbook: the reader refuses it in its own words


def _in_words(exc: duckdb.Error) -> str:
    """DuckDB's message without the statement it appends ('LINE 1: describe select …') and with
    a file's path cut to its name: a sheriff's upload was told the server's temporary folder."""
    first = str(exc).split("\n", 1)[0].strip()
    return re.sub(r"'(?:/|[A-Za-z]:\\)(?:[^'\n]*[/\\])?([^'/\\\n]+)'", r"'\1'", first)


def _is_opendocument(path: Path) -> bool:
    """Whether a zip is an OpenDocument spreadsheet: its `mimetype` part says so."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet")
    except (zipfile.BadZipFile, KeyError):
        return False


def _utf8_named(path: Path, stack: contextlib.ExitStack) -> Path:
    """`path`, or where its name is not valid UTF-8 (DuckDB and calamine take UTF-8 paths
    only), a link to it under a printable name in a scratch folder that `stack` removes."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linkage-name-")))
        link = folder / file_label(path.name)
        link.symlink_to(path.resolve())
        return link
    return path


def _read_table(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, suffix: str,
    header_score: Callable[[list[str]], int] | None,
) -> RawTable:
    try:
        if suffix in XLSX_SUFFIXES:
            _check_archive(path)
            raw = _read_xlsx(con, path, table, header_score or (lambda _: 1))
        elif suffix in PARQUET_SUFFIXES:
            raw = _read_parquet(con, path, table)
        elif suffix in HTML_SUFFIXES:
            raw = _read_html(con, path, table, header_score or (lambda _: 1))
        elif suffix in CSV_SUFFIXES:
            raw = read_csv_table(con, path, table, header_score)
        else:
            raise RefusedFile(path.name, f"unsupported file type {suffix!r} (CSV, XLSX, Parquet or an HTML table)")
    except RefusedFile:
        raise
    except duckdb.Error as exc:
        raise RefusedFile(path.name, f"could not read the file: {_in_words(exc)}"
                          + ("; it may be damaged or cut short: export it again" if suffix in PARQUET_SUFFIXES else "")
                          ) from exc
    except (OSError, ValueError, UnicodeError, csv.Error) as exc:
        raise RefusedFile(path.name, f"could not read the file: {exc}") from exc
    except Exception as exc:  # calamine raises its own types for corrupt workbooks
        if type(exc).__module__.startswith("python_calamine"):
            raise RefusedFile(path.name, f"could not read the workbook: {exc}") from exc
        raise
    if not raw.headers:
        raise RefusedFile(path.name, "no header row")
    return set_aside_layout_rows(con, raw) if raw.file_format in ("csv", "xlsx", "html") else raw


# --- XLSX ------------------------------------------------------------------------------------


class _Sheet(NamedTuple):
    name: str
    rows: list[list[object]]
    at: int
    """The header's row index."""
    score: int
    header: list[str]
    """The header's cells, upper case, without empty cells at the end: sheets with the same
    header, its columns in any order, are read as one table."""
    hidden: bool = False


def _read_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, header_score: Callable[[list[str]], int]
) -> RawTable:
    """The sheet whose header row scores best (a summary sheet may come first), and every other
    sheet with the same header, its columns in any order (a log kept one sheet per month):
    their data rows numbered on, in sheet order. A sheet with another recognisable header, and
    a hidden one (`_read_sheets`), is named in a note."""
    from openpyxl.utils import get_column_letter
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    from linkage.ingest.workbook import fill_merged_down, unshown_cells

    workbook = CalamineWorkbook.from_path(str(path))
    hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    # Every sheet read by calamine first: it refuses a damaged or lying archive in its own words.
    sheets = {name: workbook.get_sheet_by_name(name) for name in workbook.sheet_names}
    read = {name: sheet.to_python(skip_empty_area=False) for name, sheet in sheets.items()}
    unshown = unshown_cells(path)
    formulas = unshown.formulas
    for name, errors in unshown.errors.items():
        # An error value as its text, as a CSV of the sheet gives it: a date or a number there
        # is then quarantined or blanked with the error named, not read as empty.
        for row, column, error in errors:
            if name in read and row < len(read[name]) and column < len(read[name][row]) \
                    and read[name][row][column] in ("", None):
                read[name][row][column] = error
    merged: list[str] = []

    def sheet_rows(name: str) -> list[list[object]]:
        rows = read.pop(name)
        for column, top, bottom in fill_merged_down(rows, sheets[name].merged_cell_ranges or []):
            merged.append(f"{get_column_letter(column + 1)}{top + 1}:{get_column_letter(column + 1)}{bottom + 1}")
        return rows

    raw = _read_sheets(con, path, table, header_score, "xlsx", ((name, sheet_rows(name)) for name in workbook.sheet_names),
                       hidden=hidden)
    if formulas:
        # Said, not guessed at: the cells read as empty, as calamine gives them. Quoted into
        # the cell, a formula became a name, a booking number or a release reason's words.
        cells = sum(len(found) for found in formulas.values())
        sheet, [(cell, formula), *_] = next(iter(formulas.items()))
        raw.notes.append(f"{cells} formula cell{'s' if cells > 1 else ''} saved without {'their values' if cells > 1 else 'its value'}"
                         f" (first: sheet {sheet!r}, cell {cell}, ={formula}), read as empty:"
                         " written by a program that does not compute them; open the workbook in Excel and save it again")
    if merged:
        raw.notes.append(f"cells merged down rows read as each row's value ({', '.join(merged[:5])}"
                         f"{', …' if len(merged) > 5 else ''})")
    return raw


def _read_html(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, header_score: Callable[[list[str]], int]
) -> RawTable:
    """The tables of an HTML page, read as a workbook's sheets: a web jail system's "Export to
    Excel" is often an HTML table named .xls. Cells are their text, never converted."""
    import lxml.etree
    import lxml.html

    if path.stat().st_size > HTML_MAX_BYTES:  # lxml's tree costs ~60 bytes a byte of page
        raise RefusedFile(path.name, f"an HTML page over {HTML_MAX_BYTES >> 20} MB: save it as CSV")
    # The page's own bytes decide, as a CSV's do (`textfile.utf8_source`), not its <meta>:
    # exports often declare none (the charset went in the HTTP header), and lxml then reads
    # UTF-8 as Latin-1.
    with tempfile.TemporaryDirectory(prefix="linkage-html-") as scratch:
        source, _ = utf8_source(path, lambda: Path(scratch))
        text = source.read_text(encoding="utf-8-sig")
    try:  # (an XML declaration names an encoding, which a decoded page no longer has)
        page = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise RefusedFile(path.name, f"could not read the HTML page: {exc}") from exc
    for line_break in page.iter("br"):  # 'DWI<br>THEFT' is two charges, not 'DWITHEFT'
        line_break.tail = _BR + (line_break.tail or "")

    def cells(row: lxml.html.HtmlElement) -> list[str]:
        found = []
        for cell in row.xpath("./th|./td"):  # a cell over several columns fills them, the first with its text
            span = int(cell.get("colspan", "1")) if cell.get("colspan", "1").isdigit() else 1
            # Blanks as a browser shows them (the page's own line breaks are layout), <br> a line.
            shown = re.sub(rf" ?{_BR} ?", "\n", re.sub(r"\s+", " ", cell.text_content()).strip())
            found += [shown] + [""] * (min(max(span, 1), 100) - 1)
        return found

    def sheets(tables: list) -> Iterable[tuple[str, list[list[str]]]]:
        return ((str(n), [cells(row) for row in t.iter("tr") if row.xpath("ancestor::table[1]")[0] is t])
                for n, t in enumerate(tables, start=1))

    # The outermost tables (one nested in a data cell, a booking's charges, is that cell's text);
    # where none has a header, every table (the data may sit in a cell of a layout table).
    try:
        return _read_sheets(con, path, table, header_score, "html", sheets(page.xpath("//table[not(ancestor::table)]")))
    except RefusedFile:
        return _read_sheets(con, path, table, header_score, "html", sheets(page.xpath("//table")))


def _read_sheets(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, header_score: Callable[[list[str]], int],
    file_format: str, named_rows: Iterable[tuple[str, list[list[object]]]], *, hidden: set[str] = frozenset(),
) -> RawTable:
    """`_read_xlsx` over (sheet name, rows) of a workbook, or of an HTML page's tables. A hidden
    sheet (`hidden`) is not read where a visible one has a header: its rows are quarantined, as
    a clerk never sees them (an old export kept out of sight had been stored as live bookings)."""
    unit, row_word = ("sheet", "spreadsheet row") if file_format == "xlsx" else ("table", "row")
    sheets: list[_Sheet] = []
    for sheet_name, rows in named_rows:
        found = _find_header(rows, header_score)
        if found is not None:
            cells = [(cell_text(v) or "").strip().upper() for v in rows[found[0]]]
            while cells and not cells[-1]:
                cells.pop()
            sheets.append(_Sheet(sheet_name, rows, found[0], found[1], cells, sheet_name in hidden))
    if not sheets:
        raise RefusedFile(path.name, f"no {unit} has a recognisable header row (checked the first 20 rows)")
    shown = [sheet for sheet in sheets if not sheet.hidden] or sheets
    best = max(shown, key=lambda sheet: sheet.score)  # the first of the best
    keys = [header_key(cell) for cell in best.header]
    # Per sheet read, where its columns sit under the best sheet's header (a sheet per month
    # written in another column order is read by its own header).
    order = {sheet.name: column_order(keys, sheet.header) for sheet in shown}
    read = [sheet for sheet in shown if order[sheet.name] is not None]
    others = [sheet.name for sheet in sheets if sheet not in read]
    # Hidden sheets beside a visible one (when every sheet is hidden, all are shown).
    concealed = [sheet.name for sheet in sheets if sheet not in shown]
    width = max(len(row) for sheet in read for row in sheet.rows[sheet.at:])
    header_row = best.rows[best.at]
    headers = [
        (cell_text(header_row[i]) if i < len(header_row) else None) or f"column {i + 1}"
        for i in range(width)
    ]
    # A row's number counts the rows below its sheet's header, blank ones too, so that it
    # points into the spreadsheet; a later sheet's numbers go on from the one before.
    numbers, cells, spans, base = [], [[] for _ in range(width)], [], 0
    reordered = [sheet.name for sheet in read if order[sheet.name] != list(range(len(keys)))]
    parts = []
    for sheet in read:
        if sheet is not read[0]:
            parts.append(base + 1)
        source = order[sheet.name] + list(range(len(keys), width))
        for offset, row in enumerate(sheet.rows[sheet.at + 1 :], start=1):
            texts = [cell_text(v) for v in row] + [None] * (width - len(row))
            texts = [texts[i] for i in source]
            if all(t is None for t in texts):
                continue  # a blank spreadsheet row is layout, not data
            numbers.append(base + offset)
            for i, text in enumerate(texts):
                cells[i].append(text)
        last = base + len(sheet.rows) - sheet.at - 1
        spans.append(f"{sheet.name!r} (header on {row_word} {sheet.at + 1}, rows {base + 1}–{last})")
        base = last
    arrow = pa.table(
        {"_row": pa.array(numbers, pa.int64())}
        | {f"c{i}": pa.array(cells[i], pa.string()) for i in range(width)}
    )
    load_arrow(con, table, arrow)
    # A sheet with another header cannot share these columns; its rows are quarantined, each
    # with its cells under its own sheet's headers, numbered on after the sheets read.
    rejects: dict[str, list] = {"_row": [], "raw_row": [], "reason": []}
    for sheet in (sheet for sheet in sheets if sheet not in read):
        head = [cell_text(v) or f"column {i + 1}" for i, v in enumerate(sheet.rows[sheet.at])]
        reason = (f"{unit} {sheet.name!r} is hidden: its rows are not read as the log's (unhide the {unit}"
                  " and send the file again if they are)" if sheet.name in concealed else
                  f"{unit} {sheet.name!r}: its header differs from {unit} {best.name!r} (send that {unit} as its own file)")
        for offset, row in enumerate(sheet.rows[sheet.at + 1:], start=1):
            texts = [cell_text(v) for v in row]
            if any(t is not None for t in texts):
                rejects["_row"].append(base + offset)
                rejects["raw_row"].append(json.dumps(
                    {"_sheet": sheet.name} | {h: t for h, t in zip(head, texts, strict=False) if t is not None}))
                rejects["reason"].append(reason)
        base += len(sheet.rows) - sheet.at - 1
    load_arrow(con, f"{table}_rejected", pa.table(rejects, schema=pa.schema(
        [("_row", pa.int64()), ("raw_row", pa.string()), ("reason", pa.string())])))
    con.execute(f"""create or replace temp table {table}_rejects as
                    select _row, raw_row::json as raw_row, reason from {table}_rejected;
                    drop table {table}_rejected""")
    if len(read) == 1:
        notes = [f"{unit} {best.name!r}, header on {row_word} {best.at + 1}"]
    else:
        notes = [f"{len(read)} {unit}s with one header, read in order: {', '.join(spans)}"]
    if reordered:
        notes.append(f"{unit}{'s' if len(reordered) > 1 else ''} {', '.join(map(repr, reordered))}: the same columns"
                     f" in another order, read by {'their' if len(reordered) > 1 else 'its'} own header")
    if concealed:
        notes.append(f"quarantined: the rows of hidden {unit}{'s' if len(concealed) > 1 else ''} "
                     f"{', '.join(map(repr, concealed))} (unhide and send the file again if they are the log's)")
    if differ := [name for name in others if name not in concealed]:
        notes.append(f"quarantined: the rows of {unit}{'s' if len(differ) > 1 else ''} "
                     f"{', '.join(map(repr, differ))}, whose header differs (send such a {unit} as its own file)")
    return RawTable(table, f"{table}_rejects", headers, len(numbers) + len(rejects["_row"]), file_format, notes,
                    len(rejects["_row"]), parts=tuple(parts),
                    row_one=(row_word, best.at + 2) if len(read) == 1 and file_format == "xlsx" else None)


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would expand past what we will hold in memory.

        >>> _check_archive(Path("fixtures/bad/zip_bomb.xlsx"))
        Traceback (most recent call last):
        RefusedFile: zip_bomb.xlsx: refused: part xl/worksheets/sheet1.xml expands 1026:1 ...

    Only the declared sizes are read (no decompression): calamine's zip reader stops with an
    error when a part grows past its declared size, so a lying header cannot get round this."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        return  # not a zip archive at all: calamine refuses it in its own words
    total = sum(part.file_size for part in parts)
    if total > XLSX_MAX_BYTES:
        raise RefusedFile(path.name, f"the workbook expands to {total >> 20} MB "
                          f"(limit {XLSX_MAX_BYTES >> 20} MB): split it, or send CSV")
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > XLSX_RATIO_FLOOR and ratio > XLSX_MAX_RATIO:
            raise RefusedFile(path.name, f"part {part.filename} expands {ratio:.0f}:1 "
                              f"({part.file_size >> 20} MB from {part.compress_size >> 10} KB): "
                              "a compression bomb, not a spreadsheet")


def _find_header(rows: list[list[object]], header_score: Callable[[list[str]], int]) -> tuple[int, int] | None:
    """(row index, score) of the best-scoring row of the first `HEADER_SEARCH_LINES`, if any
    scores 2 or more."""
    best, best_score = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_LINES]):
        score = header_score([cell_text(v) or "" for v in row])
        if score > best_score:
            best, best_score = index, score
    return None if best is None else (best, best_score)


def cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a CSV export would hold: dates ISO, 12345.0 -> '12345'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        # Up to 2**53 a float holds the integer exactly (Excel keeps 15 digits): an ID, not 2.017e+15.
        return str(int(value)) if value.is_integer() and abs(value) <= 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == dt.time() else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


# --- Parquet ---------------------------------------------------------------------------------


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> RawTable:
    source = f"read_parquet({lit(str(path))}, file_row_number = true)"
    names = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    headers = [n for n in names if n != "file_row_number"]
    casts = ", ".join(f'cast("{h.replace(chr(34), chr(34) * 2)}" as varchar) as c{i}' for i, h in enumerate(headers))
    con.execute(f"""
        create or replace temp table {table} as
        select file_row_number + 1 as _row, {casts} from {source} order by _row
    """)
    con.execute(f"create or replace temp table {table}_rejects (_row bigint, raw_row json, reason varchar)")
    return RawTable(table, f"{table}_rejects", headers, _count(con, table), "parquet")


# --- helpers ---------------------------------------------------------------------------------


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchall()[0][0]
