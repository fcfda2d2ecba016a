"""Read one CSV file into DuckDB temp tables of text cells (`linkage.ingest.readers` for the
rules every format shares: row numbers, rejects, refusals).

    >>> raw = read_csv_table(con, Path("hennepin.csv"), "raw_1")
    >>> raw.headers, raw.rows_read, raw.rejected
    (['Booking No', 'Name', ...], 1204, 0)

Encodings, line ends and delimiters are found by `linkage.ingest.textfile`; the header is the
first record or a better one within `HEADER_SEARCH_LINES`. A file is read strictly first, in
one statement: most logs have no malformed line, and a national week submits ~3,000 small
logs, for which DuckDB's rejects tables and the views and counts over them cost more than
the read itself. The first malformed line sends the file to a second read that keeps every
line it cannot parse as a reject. Where DuckDB's parser gives up on the file's line ends, it
is read again from a copy with uniform ones (`textfile.uniform_line_ends`).
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import csv
import io
import itertools
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from linkage.errors import RefusedFile
from linkage.ingest.header_words import header_key
from linkage.ingest.rawtable import LAYOUT_BLANKS, RawTable, lit, load_arrow
from linkage.ingest.textfile import (
    DELIMITERS,
    has_blank_lines,
    lf_line_ends,
    line_ending,
    lines_below_header,
    record_rows,
    sample_text,
    sniff_delimiter,
    uniform_line_ends,
    utf8_source,
)


def read_csv_table(con: duckdb.DuckDBPyConnection, path: Path, table: str,
                   header_score: Callable[[list[str]], int] | None = None) -> RawTable:
    """`path` (a CSV file) as `table` (_row, c0..cN) and `table`_rejects; `header_score`
    rates a candidate header record (how many cells name a known column)."""
    with contextlib.ExitStack() as stack:
        # A scratch folder only for a file that needs transcoding (most need none).
        def workdir() -> Path:
            return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linkage-ingest-")))

        source, encoding = utf8_source(path, workdir)
        sample = sample_text(source)
        if not sample.strip():
            raise RefusedFile(path.name, "no header line (the file holds only blank space)")
        raw_sample = sample
        # Python's csv: one kind of line end; CR CR LF is one line end, not a blank line.
        sample = lf_line_ends(sample)
        csv.field_size_limit(2**31 - 1)  # a quote run on over the sample is DuckDB's to reject, not csv's
        # Records, not lines, as DuckDB's `skip` counts them: a header or title cell may hold
        # a line break.
        skip, delimiter = _header_record(sample, header_score)
        new_line = line_ending(raw_sample, skip)
        records = csv.reader(io.StringIO(sample), delimiter=delimiter)
        for _ in range(skip):
            next(records, None)
        header = next(records, [])
        first_rows = list(itertools.islice(records, 50))
        # A small file (a week's log, ~7 kB) is all in the sample: where no record starts blank
        # or with the header's first cell, none is layout (`readers`, one query less). Not a
        # larger one: parsing all of a 700 kB sample costs ~20 ms, the query ~2.
        whole = source.stat().st_size < _SMALL_FILE
        later = list(records) if whole else records
        # A record can be layout where its first cell is blank or a header's (a repeated header,
        # its columns maybe in another order: `layout.set_aside_layout_rows`).
        heads = {"", *(header_key(h) for h in header)}
        layout_free = whole and not any(row and header_key(row[0].strip(LAYOUT_BLANKS)) in heads
                                        for row in itertools.chain(first_rows, later))
        has_rows = any(any(c.strip() for c in row) for row in itertools.chain(first_rows, later))
        headers = _without_unused_trailing_cells(header, first_rows)
        headers = [h.strip() or f"column {i + 1}" for i, h in enumerate(headers)]
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(headers)))
        try:
            if new_line != line_ending(raw_sample):
                # A title or blank line ending in LF above CR LF rows (added in another
                # program): DuckDB read no row of such a file, and raised nothing.
                raise _MixedLineEnds
            good, lines, below_header = _read_rows(con, table, source, columns, delimiter, new_line, skip)
            line_note = None
        except (duckdb.Error, _MixedLineEnds) as exc:
            # DuckDB's parser stops, whatever its mode, at a CR where it expects none: CR CR LF
            # line ends, CR LF lines mixed with LF ones, a lone CR in a cell of an LF file.
            uniform = workdir() / "uniform.csv"
            line_note, usable = uniform_line_ends(source, uniform, delimiter)
            if not usable:
                raise RefusedFile(path.name, _unparsed(line_note)) from exc
            try:
                good, lines, below_header = _read_rows(con, table, uniform, columns, delimiter, "\\n", skip)
            except duckdb.Error as again:
                problem = f"even with its line ends fixed ({line_note}), a quote or line end is out of place"
                raise RefusedFile(path.name, _unparsed(problem)) from again
    notes = [] if encoding == "utf-8" else [f"read as {encoding}"]
    if line_note:
        notes.append(line_note)
    if skip:
        notes.append(f"header on line {skip + 1} (the {skip} line{'s' if skip > 1 else ''} above it skipped)")
    if good is not None:
        if good == 0 and has_rows:
            con.execute(f"drop table {table}_in")
            raise RefusedFile(path.name, _NO_ROWS)
        return RawTable(table, f"{table}_rejects", headers, good, "csv", notes, 0, _number_in_order(con, table),
                        layout_free=layout_free, row_one=("line", skip + 2))
    con.execute(f"drop table {table}_rs")
    con.execute(f"""
        create or replace temp view {table}_rejects as
        select line - 1 - {skip} as _row,
               json_object('_line', any_value(csv_line)) as raw_row,
               -- DuckDB reports a short line once per missing cell: the kinds once, one message.
               'unreadable line: ' || string_agg(distinct lower(error_type), ', ' order by lower(error_type))
                   || ' (' || min_by(error_message, coalesce(column_idx, 0)) || ')' as reason
        from {table}_rj group by line
    """)
    good, rejected = con.execute(
        f"select (select count(*) from {table}_in), (select count(*) from {table}_rejects)").fetchall()[0]
    if good + rejected == 0 and has_rows:
        # Never store nothing from a file that holds rows: say so instead.
        con.execute(f"drop table {table}_in; drop view {table}_rejects; drop table {table}_rj")
        raise RefusedFile(path.name, _NO_ROWS)
    cleanup = [f"drop view {table}_rejects", f"drop table {table}_rj"]
    if lines is not None and _number_by_line(con, table, lines, good):
        cleanup = [f"drop table {table}", *cleanup, f"drop table {table}_rj_rows"]
        good, rejected = _read_joined_lines(con, table, delimiter, len(headers), good, rejected, below_header)
    elif rejected == 0:  # blank lines Python's csv module read otherwise: number in file order
        cleanup = [*_number_in_order(con, table), *cleanup]
    else:
        # A rejected line takes data row (line - 1); good rows fill the gaps in file order, so
        # the i-th reject shifts every good row from ordinal r_i - i + 1 on by one more.
        con.execute(f"""
            create or replace temp table {table}_shift as
            select t, max(i) as shift from (
                select _row - row_number() over (order by _row) + 1 as t,
                       row_number() over (order by _row) as i
                from {table}_rejects)
            group by t
        """)
        con.execute(f"create or replace temp table {table}_ord as select rowid + 1 as _ord, * from {table}_in")
        con.execute(f"""
            create or replace temp table {table} as
            select o._ord + coalesce(s.shift, 0) as _row, o.* exclude (_ord)
            from {table}_ord o asof left join {table}_shift s on o._ord >= s.t
            order by _row
        """)
        con.execute(f"drop table {table}_in; drop table {table}_ord; drop table {table}_shift")
        cleanup = [f"drop table {table}", *cleanup]
    # (Not layout_free: where DuckDB rejected a line, Python's csv may have read the lines after
    # it otherwise, a repeated header folded into a run-on quoted cell.)
    return RawTable(table, f"{table}_rejects", headers, good + rejected, "csv", notes, rejected, cleanup,
                    row_one=("line", skip + 2))


def _number_in_order(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """`table`: `table`_in's rows numbered in file order by a view, not a copy; its cleanup."""
    con.execute(f"create or replace temp view {table} as select rowid + 1 as _row, * from {table}_in")
    return [f"drop view {table}", f"drop table {table}_in"]


_SMALL_FILE = 1 << 16


class _MixedLineEnds(Exception):
    """The lines above the header end otherwise than the header: read from a uniform copy."""

_NO_ROWS = ("the file has lines after its header, but none could be read as rows "
            "(save it again as CSV, UTF-8, one header line)")


def _read_rows(con: duckdb.DuckDBPyConnection, table: str, source: Path, columns: str, delimiter: str,
               new_line: str, skip: int) -> tuple[int | None, dict[int, int] | None, list[str]]:
    """(rows read, None, []) after a strict read of `source` into `table`_in; else (None, the
    rows' lines where they must be numbered by line, the file's lines below its header where
    DuckDB rejected a quote run on over lines) after a read that keeps the lines DuckDB cannot
    parse in `table`_rj. Raises duckdb.Error where DuckDB cannot read the file through (nothing
    left)."""
    # new_line is given, not left to DuckDB: with auto_detect off it read a CRLF file whose
    # header cell holds a line break (Excel's Alt+Enter) as no rows and no rejects.
    read = f"""
        select * from read_csv({lit(str(source))}, header = true, columns = {{{columns}}},
            delim = {lit(delimiter)}, quote = '"', escape = '"', all_varchar = true,
            new_line = {lit(new_line)}, skip = {skip}, auto_detect = false"""
    # (Here, while a transcoded copy still exists.)
    lines = record_rows(source, delimiter, skip) if has_blank_lines(source) else None
    good = _read_strict(con, table, read) if lines is None else None
    if good is not None:
        return good, None, []
    try:
        con.execute(f"""create or replace temp table {table}_in as {read}, store_rejects = true,
                        rejects_table = '{table}_rj', rejects_scan = '{table}_rs')""")
    except duckdb.Error:
        con.execute(f"drop table if exists {table}_in; drop table if exists {table}_rj; drop table if exists {table}_rs")
        raise
    joined = con.execute(
        f"select count(*) from {table}_rj where {_JOINED.format(_INSIDE.format('csv_line'))}").fetchall()[0][0]
    if lines is None and joined:
        # A rejected record over several lines (a stray quote ran on): number by line.
        lines = record_rows(source, delimiter, skip)
    # DuckDB's reject of such a record keeps only its first ~10 kB: its lines are read from the
    # file (`_read_joined_lines`), here, while a transcoded copy still exists.
    return None, lines, lines_below_header(source, delimiter, skip) if joined else []


def _unparsed(problem: str) -> str:
    """A refusal in words for a file DuckDB's parser gives up on (its own message is a dump of
    its options, and names no line)."""
    return (f"could not be read as CSV{': ' + problem if problem else ' (a quote or line end out of place)'}; "
            "open it in Excel or a text editor and save it again as CSV")


def _read_strict(con: duckdb.DuckDBPyConnection, table: str, read: str) -> int | None:
    """Read `table`_in with no rejects tables; its row count, or None (and nothing left) at the
    first line DuckDB cannot parse: the caller then reads again, keeping such lines."""
    try:
        return con.execute(f"create or replace temp table {table}_in as {read})").fetchall()[0][0]
    except duckdb.Error:
        con.execute(f"drop table if exists {table}_in")
        return None


def _number_by_line(con: duckdb.DuckDBPyConnection, table: str, lines: dict[int, int], good: int) -> bool:
    """Number `table`'s rows and rejects by line (`textfile.record_rows`) in a file with blank
    lines. False, and nothing done, when Python's csv module saw other records than DuckDB."""
    rejected = {row for (row,) in con.execute(f"select _row from {table}_rejects").fetchall()}
    slots = [line for row, line in lines.items() if row not in rejected]
    if len(slots) != good or not rejected <= lines.keys():
        return False
    load_arrow(con, f"{table}_lines", pa.table({"duck": pa.array(list(lines), pa.int64()),
                                                "line": pa.array(list(lines.values()), pa.int64())}))
    con.execute(f"""create or replace temp table {table}_rj_rows as select m.line as _row, r.raw_row, r.reason
                    from {table}_rejects r join {table}_lines m on m.duck = r._row""")
    con.execute(f"create or replace temp view {table}_rejects as select * from {table}_rj_rows")
    load_arrow(con, f"{table}_slots", pa.table({"_ord": pa.array(range(1, good + 1), pa.int64()),
                                                "_row": pa.array(slots, pa.int64())}))
    con.execute(f"""create or replace temp table {table} as select s._row, i.* exclude (_ord)
                    from (select rowid + 1 as _ord, * from {table}_in) i join {table}_slots s using (_ord)
                    order by s._row""")
    con.execute(f"drop table {table}_in; drop table {table}_slots; drop table {table}_lines")
    return True


_JOINED = "(contains({0}, chr(10)) or contains({0}, chr(13)))"
"""SQL: a rejected record over several lines (CR alone ends a classic Mac file's lines)."""
_INSIDE = "trim({}, chr(10) || chr(13))"
"""SQL: a rejected line without the line ends DuckDB keeps around it (a blank line above)."""


def _read_joined_lines(con: duckdb.DuckDBPyConnection, table: str, delimiter: str, width: int,
                       good: int, rejected: int, below_header: list[str]) -> tuple[int, int]:
    """A stray quote (`,"12 INCH KNIFE,`) runs a cell on over the lines below it, and DuckDB
    rejects the lot as one record: those lines are read again one by one, each a row (or a
    reject) of its own under its own line's number. Returns the new (good, rejected).
    `below_header`: the file's lines after the header (`textfile.lines_below_header`), where the
    record's lines are taken from up to the next row's: DuckDB's reject holds only the first
    ~10 kB of a record run on to the end of the file (1,200 rows had been lost past it)."""
    line = _INSIDE.format("raw_row->>'_line'")
    joined = con.execute(f"""select _row, {line}, reason from {table}_rj_rows
                             where {_JOINED.format(line)} order by _row""").fetchall()
    starts = sorted(r for (r,) in con.execute(
        f"select _row from {table} union all select _row from {table}_rj_rows").fetchall())
    rows: list[tuple[int, list[str]]] = []
    rejects: list[tuple[int, str, str]] = []
    for row, text, reason in joined:
        after = bisect.bisect_right(starts, row)
        block = below_header[row - 1: starts[after] - 1 if after < len(starts) else len(below_header)]
        first, *below = block if block else re.split(r"\r\n|\r|\n", text)
        con.execute(f"update {table}_rj_rows set raw_row = json_object('_line', ?::varchar), reason = ? where _row = ?",
                    [first, f"{reason}; an unclosed quote had joined the {len(below)} line(s) below to it", row])
        for offset, line in enumerate(below, start=1):
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) == width:
                rows.append((row + offset, cells))
            elif line.strip():
                rejects.append((row + offset, line, f"unreadable line: {len(cells)} cells where the header has {width}"))
    if rows:
        load_arrow(con, f"{table}_joined", pa.table(
            {"_row": pa.array([number for number, _ in rows], pa.int64())}
            | {f"c{i}": pa.array([cells[i] for _, cells in rows], pa.string()) for i in range(width)}))
        con.execute(f"insert into {table} by name select * from {table}_joined; drop table {table}_joined")
    for row, line, reason in rejects:
        con.execute(f"insert into {table}_rj_rows values (?, json_object('_line', ?::varchar), ?)", [row, line, reason])
    return good + len(rows), rejected + len(rejects)


def _without_unused_trailing_cells(header: list[str], first_rows: list[list[str]]) -> list[str]:
    """The header without empty cells at its end that the rows do not have: an export that
    wrote 'STATE,,' above rows ending at the state column had every row rejected for missing
    columns. Trimmed only when the commonest width of the first rows is the trimmed width."""
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1
    if width == len(header):
        return header
    widths = collections.Counter(len(row) for row in first_rows if row)
    return header[:width] if widths and widths.most_common(1)[0][0] == width else header


HEADER_SEARCH_LINES = 20
"""Rows above the header that a CSV or a sheet may hold (titles, dates, blank lines)."""


def _header_record(sample: str, header_score: Callable[[list[str]], int] | None) -> tuple[int, str]:
    """(records to skip, delimiter): the header is the first record unless a better one
    follows within `HEADER_SEARCH_LINES` (a title, a date or blank lines above it, as exports
    put them); Excel's `sep=;` line names the delimiter. The search runs only when the first
    record names fewer than two known columns, so a plain file pays nothing for it."""
    first_line = sample.split("\n", 1)[0]
    if first_line.lower().startswith("sep=") and len(first_line) == 5:  # 'sep=;', 'sep=\t'...
        start, delimiter = 1, first_line[4]
    else:
        start, delimiter = 0, sniff_delimiter(sample)
    if header_score is None:
        return start, delimiter

    def candidates(delim: str) -> Iterator[tuple[int, int]]:
        """(score, index) of each non-blank record within the search window."""
        records = itertools.islice(csv.reader(io.StringIO(sample), delimiter=delim), start, HEADER_SEARCH_LINES)
        for index, record in enumerate(records, start=start):
            if any(cell.strip() for cell in record):
                yield header_score([cell.strip() for cell in record]), index

    first = next(candidates(delimiter), (0, start))
    if first[0] >= 2 and first[1] == start:
        return start, delimiter
    best = (1, start, delimiter)
    for delim in [delimiter] if start else DELIMITERS:  # `sep=` fixes the delimiter
        for score, index in candidates(delim):
            if score > best[0] or (score == best[0] and score >= 2 and index < best[1]):
                best = (score, index, delim)
    return (best[1], best[2]) if best[0] >= 2 else (start, delimiter)
