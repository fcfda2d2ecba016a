"""Shared SQL building blocks of the three sources: a batch of files, text cells, maps, checks.

    >>> ctx = Context(con, "s1", jurisdiction=("TX", "TRAVIS"), config=config)
    >>> ctx.files = [f.source for f in read_files(ctx, list(enumerate(paths)), read_one) if f.source]
    >>> text = text_table(ctx, ["booking_id", "dob"])     # temp table s1_text, every file's rows
    >>> map_distinct(con, "s1_sex", f"select sex as v from {text}", sex_code, {"sex": pa.string()})

A batch is staged in one pass whatever the number of its files: each file's cells go into one
table tagged `_file` (its number in the batch) and `_row`, its header mapping into a small
table, and every normalisation, check and the quarantine split then run once over all rows,
so their fixed costs (planning the date parser's regex chain, Python round trips) are paid
once per batch rather than once per file. Checks and duplicate IDs stay per file.

Python normalisers run once per *distinct* value and their answers are joined back in SQL,
so a 10-million-row release log costs as many Python calls as it has distinct spellings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from linkage.config import Config
from linkage.ingest.headers import ColumnMapping
from linkage.ingest.rawtable import RawTable, lit, load_arrow

log = logging.getLogger(__name__)

# Characters trimmed from every cell: spaces, tabs, line breaks, no-break spaces.
# Blanks a cell may start or end with; the zero-width ones (a value copied from a web page,
# U+200B, U+FEFF...) are invisible, and a booking number keeping one was another booking.
_TRIM = "' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8203) || chr(8204) || chr(8205) || chr(8288) || chr(65279)"
# FOIA withholding marks stand where a value was: '(b)(6)', '(b)(6), (b)(7)(C)', '[REDACTED]',
# 'WITHHELD'. Read as values they made every redacted name 'B 6 B 7 C', so a redacted
# extract looked like a named one whose people all share one name. They are blanks.
# (A bare 'B6' is one only in a name, below: elsewhere it is also a booking number.)
_WITHHELD = r"(?:\(?\s*b\s*\)?\s*\(\s*[67]\s*\)(?:\s*\(\s*[a-f]\s*\))?|redacted|withheld)"
# What database exports and spreadsheets print for an empty cell: NULL, (null), None, N/A,
# #N/A, dashes (en and em dashes too: Excel and Word turn a typed '-' into one), a dot,
# question marks, a zero date (00/00/0000, 0000-00-00 00:00:00). Read as values, a release
# log's 'NULL' release dates quarantined every booking still in custody ("not a valid date"),
# and 'NULL' names agreed with each other in hop 2. They are blanks.
# So is R's and pandas' 'NA' outside names: an R export's 'NA' release dates quarantined every
# booking still held. (In a name it is a name, Li Na's: normalize.names decides.)
_PLACEHOLDER = (r"(?:null|\(null\)|<null>|\[null\]|none|n/a|#n/a|unknown|unk|[-\x{2013}\x{2014}]+|\.|\?+"
                r"|0+[-/.]0+[-/.]0+(?:[ T]0+:0+(?::0+(?:\.0+)?)?)?)")
_NAME_COLUMNS = frozenset({"last_name", "first_name", "middle_name", "full_name"})
# Excel's error values but #N/A (a placeholder above): where a formula failed there is no value.
# Read as one, '#NAME?' became the surname NAME of every such row, '#REF!' a booking number. A
# date or a number keeps it, and its check names it: a release date of '#VALUE!' read as empty
# had stored the person as still in custody.
_EXCEL_ERROR = r"#(?:value!|ref!|name\?|div/0!|num!|null!|spill!|calc!|field!|blocked!|connect!|busy!|unknown!|getting_data)"
_CHECKED_COLUMNS = frozenset({"dob", "age", "birth_date", "birth_year", "booking_date", "release_datetime",
                              "hold_date", "book_in_datetime", "report_week", "detainer_issued_date",
                              "detainer_declined_date"})
"""Columns whose cells each kind reads as a date or a number, and whose checks name a cell
they cannot read (`date_checks`)."""


def _patterns(held: str, withheld: str = _WITHHELD) -> tuple[str, str]:
    """RE2 of (a blank cell, a cell _trimmed must work on: a blank at an end, a NUL, Excel's
    ="...", a withholding mark or a placeholder), with the placeholders `held` and the marks
    `withheld` (one or several: '(b)(6), (b)(7)(C)')."""
    may_be_redacted = rf"^\s*[\[<(]?\s*(?i:{withheld})"
    return (rf"(?i)(?:{held}|(?:[\[<(]?\s*{withheld}\s*[\]>)]?\s*[,;/&]?\s*)+)",
            r'^[ \t\n\r\x{00A0}\x{200B}-\x{200D}\x{2060}\x{FEFF}]|[ \t\n\r\x{00A0}\x{200B}-\x{200D}\x{2060}\x{FEFF}]$'
            r'|\x00|^="|' + may_be_redacted + rf"|^(?i:{held})$")


# In a name, a bare 'b6' or 'B7C' is the withholding mark too, alone or several ('b6, b7c'):
# no name is one (a FOIA extract so marked had every book-in stored as B6 B6, and its
# hand-overs read as declines).
_BARE_WITHHELD = r"b\s*[67](?:\s*\(?\s*[a-f]\s*\)?)?"
# So is a name of X's alone ('XXXXX'), another way of masking one (a probe's such extract had
# every book-in named XXXXX XXXXX).
_MASKED_NAME = r"x{3,}"
_IN_NAMES = _patterns(f"(?:{_PLACEHOLDER}|{_EXCEL_ERROR}|{_MASKED_NAME})", f"(?:{_WITHHELD}|{_BARE_WITHHELD})")
_ELSEWHERE = _patterns(f"(?:na|{_PLACEHOLDER}|{_EXCEL_ERROR})")
_IN_CHECKED = _patterns(f"(?:na|{_PLACEHOLDER})")


@dataclass
class SourceFile:
    """One file of a batch: its number (`_file` in the batch's tables), text and header mapping."""

    number: int
    raw: RawTable
    mapping: ColumnMapping

    @property
    def labels(self) -> list[str]:
        """Header labels of the quarantine's raw_row, made unique: ['Name', 'Name (2)']."""
        seen: dict[str, int] = {}
        labels = []
        for header in self.raw.headers:
            seen[header] = seen.get(header, 0) + 1
            labels.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
        return labels


@dataclass
class Context:
    """Everything a batch's staging needs: connection, its files, the submission's settings.

    Its tables: `<prefix>_cells` (_file, _row, cells: every file's text cells as a list),
    `<prefix>_rejects` (_file, _row, raw_row, reason: lines the reader could not parse), both
    views over the tables `batchread` reads the files into, and,
    once `text_table` ran, `<prefix>_files` (one row per file: labels and column positions)."""

    con: duckdb.DuckDBPyConnection
    prefix: str
    jurisdiction: tuple[str, str] | None
    config: Config
    today: dt.date = field(default_factory=dt.date.today)
    files: list[SourceFile] = field(default_factory=list)
    """The files read, in the batch's order (`batchread.read_files` fills their tables)."""
    notes: dict[int, list[str]] = field(default_factory=dict)
    """What staging says of a file beside its counts (by file number): how it read the file's
    dates or names, what it left out. Each goes into the file's submission message."""

    def note(self, numbers: Iterable[int], text: str) -> None:
        """Say `text` of each file of `numbers` in its submission message."""
        for number in numbers:
            self.notes.setdefault(number, []).append(text)

    def has(self, column: str) -> str:
        """SQL: true on the rows of files that have `column` (any table with `_file`)."""
        numbers = [f.number for f in self.files if column in f.mapping.columns]
        if len(numbers) == len(self.files):
            return "true"
        return f"_file in ({', '.join(map(str, numbers))})" if numbers else "false"


@dataclass
class Staged:
    """A staged batch: `good` holds canonical rows, `bad` (_row, raw_row, reasons) the rest,
    both with `_file`."""

    good: str
    bad: str
    id_column: str
    period: tuple[str, str]  # SQL aggregates over `good` for period_start / period_end
    blanked: str | None = None
    """(_file, _row, reasons): stored rows with a bad optional cell left out (`blank_bad_cells`)."""
    folded: str | None = None
    """(_file, _row, into_row): rows stored as part of an earlier row of their file (a release
    log with one row per charge: `linkage.ingest.releases.fold_charge_rows`)."""
    outdated: str | None = None
    """Open rows stored only in history: a release sent before outdates them (`linkage.ingest.outdated`)."""


def text_table(ctx: Context, names: list[str]) -> str:
    """Temp table `<prefix>_text`: _file, _row, long_reasons and one trimmed text column per
    canonical name (NULL when the row's file lacks it or the cell is blank)."""
    limit = ctx.config.ingest.max_field_chars
    files = {
        "_file": pa.array([f.number for f in ctx.files], pa.int32()),
        "labels": pa.array([f.labels for f in ctx.files], pa.list_(pa.string())),
        # A long cell's reason names its canonical column, else its header.
        "long_labels": pa.array([
            [by_index.get(i, label) for i, label in enumerate(f.labels)]
            for f in ctx.files
            for by_index in [{index: name for name, index in f.mapping.columns.items()}]
        ], pa.list_(pa.string())),
    } | {
        # 1-based list positions of each canonical column, NULL in files without it.
        f"at_{name}": pa.array([f.mapping.columns[name] + 1 if name in f.mapping.columns else None
                                for f in ctx.files], pa.int32())
        for name in names
    }
    joined = [name for name in names if any(name in f.mapping.joined for f in ctx.files)]
    files |= {f"more_{name}": pa.array([[i + 1 for i in f.mapping.joined.get(name, [])] for f in ctx.files],
                                        pa.list_(pa.int32())) for name in joined}
    load_arrow(ctx.con, f"{ctx.prefix}_files", pa.table(files))

    def cell(name: str) -> str:  # a repeated column's cells joined ('DWI', 'THEFT' -> 'DWI; THEFT')
        if name not in joined:
            return f"c.cells[f.at_{name}]"
        return (f"nullif(array_to_string(list_filter([c.cells[f.at_{name}]] || list_transform(f.more_{name},"
                f" lambda i: c.cells[i]), lambda x: nullif(trim(x), '') is not null), '; '), '')")

    columns = [
        f"{_trimmed(cell(name), name in _NAME_COLUMNS, checked=name in _CHECKED_COLUMNS)} as {name}"
        if any(name in f.mapping.columns for f in ctx.files) else f"null::varchar as {name}"
        for name in names
    ]
    too_long = (
        f"case when length(c.cells[i]) > {limit} then 'column ' || f.long_labels[i] || ': ' "
        f"|| length(c.cells[i]) || ' characters (limit {limit})' end"
    )
    table = f"{ctx.prefix}_text"
    ctx.con.execute(f"""
        create or replace temp table {table} as
        select c._file, c._row,
               case when list_max(list_transform(c.cells, lambda v: length(v))) > {limit}
                    then list_filter(list_transform(range(1, len(c.cells) + 1), lambda i: {too_long}),
                                     lambda r: r is not null)
                    else []::varchar[] end as long_reasons,
               {", ".join(columns)}
        from {ctx.prefix}_cells c join {ctx.prefix}_files f using (_file)
    """)
    return table


def _trimmed(cell: str, names: bool = False, *, checked: bool = False) -> str:
    """SQL: `cell` without NUL bytes (they survive in raw_row), surrounding blanks and Excel's
    `="..."`, NULL if empty, a FOIA withholding mark or an empty cell's placeholder (NULL, NA,
    00/00/0000), or (but in a `checked` column, `_CHECKED_COLUMNS`) an Excel error value. Most
    cells need none of it: one regex test is cheaper than the work it spares."""
    bare = f"trim(replace({cell}, chr(0), ''), {_TRIM})"
    # ="2014-078061": how exports keep a value as text in Excel (leading zeros, long numbers).
    clean = f"nullif(trim(regexp_replace({bare}, '^=\"(.*)\"$', '\\1', 's'), {_TRIM}), '')"
    blank, needs_trim = _IN_NAMES if names else _IN_CHECKED if checked else _ELSEWHERE
    unredacted = f"case when regexp_full_match({clean}, {lit(blank)}) then null else {clean} end"
    return f"case when regexp_matches({cell}, {lit(needs_trim)}) then {unredacted} else nullif({cell}, '') end"


def raw_row_json(cells: str, labels: str) -> str:
    """SQL of the quarantine's raw_row, header -> text, from the lists `cells` and `labels`:
    the text `json_object(label1, cell1, ...)` gives, built from lists so one statement serves
    files of any layout (and a header repeated in a file cannot fail it)."""
    pair = "lambda p: to_json(p[1]) || ':' || coalesce(to_json(p[2]), 'null')"
    return f"('{{' || array_to_string(list_transform(list_zip({labels}, {cells}), {pair}), ',') || '}}')::json"


DAY_FIRST_MARGIN = 20
"""A file reads day first when its numeric dates show a first field over 12 (25/12/2017) at
least this many times as often as a second field over 12 (12/25/2017): one typo either way
must not turn a whole log. A file mixing both orders is read month first but in a column
whose own days show otherwise (`DAY_FIRST_COLUMN_ROWS`)."""
DAY_FIRST_SHARE = 0.1
"""...and when such dates are at least this share of its numeric dates: a day-first file shows
a first field over 12 in ~60% of them; a month-first log of the 1st-12th of a month, with no
second field over 12 to outvote it, must not turn on a typo or two."""
DAY_FIRST_SAMPLE_ROWS = 5000
"""Rows of each file read for the evidence: far more than a file needs to show its order."""
DAY_FIRST_COLUMN_ROWS = 3
"""A date column is read in the other order than its file only when at least this many of its
cells show it (a day over 12 where the file puts the month): one or two are a typo's worth."""
_NUMERIC_DATE = r"^(\d{1,2})[/-](\d{1,2})[/-]\d"
_DAY_MONTH, _MONTH_DAY = r"^(\d{1,2})([/-])(\d{1,2})([/-])", r"\3\2\1\4"


def read_day_first(ctx: Context, text: str, columns: list[str]) -> dict[str, str]:
    """{date column: the column of `text` to parse}: the column itself, or where some file
    writes that column day first (a log exported with a non-US locale), `<column>_mdy`, where
    that file's numeric dates of the column have day and month swapped back. The original text
    stays for the quarantine's messages; the files read day first say which columns in their
    messages (`ctx.note`).

        >>> read_day_first(ctx, "s1_text", ["dob", "booking_date"])
        {'dob': 'dob', 'booking_date': 'booking_date'}            # every file month first

    US logs write month first, and the date parser follows them (`linkage.normalize.dates`); a
    column cannot be told apart from its values alone when every day is 12 or less, and then it
    is read month first. A column whose own days say otherwise (`DAY_FIRST_COLUMN_ROWS`) is
    read so, the others as their file: one log wrote its birth dates 26/12/1996 beside booking
    dates 12/26/2017 (two systems in one export), and judged together its birth dates were read
    month first or, past the 12th, left empty."""
    present = [c for c in columns if any(c in f.mapping.columns for f in ctx.files)]
    if not present:
        return {c: c for c in columns}
    values = " union all ".join(
        f"select _file, '{c}' as col, regexp_extract({c}, '{_NUMERIC_DATE}', ['a', 'b']) as f from {text}"
        f" where _row <= {DAY_FIRST_SAMPLE_ROWS} and {c} is not null" for c in present)
    evidence = ctx.con.execute(f"""
        select _file, col,
               count(*) filter (where try_cast(f.a as int) > 12 and try_cast(f.b as int) <= 12),
               count(*) filter (where try_cast(f.b as int) > 12 and try_cast(f.a as int) <= 12),
               count(*)
        from ({values}) where f.a <> '' group by _file, col order by _file, col
    """).fetchall()

    def reads_day_first(dmy: int, mdy: int, dates: int) -> bool:
        return dmy >= DAY_FIRST_SHARE * dates and dmy > 0 and dmy >= DAY_FIRST_MARGIN * mdy

    own = {(number, column): counts for number, column, *counts in evidence}
    by_file: dict[int, list[int]] = {}
    for (number, _), counts in own.items():
        by_file[number] = [a + b for a, b in zip(by_file.get(number, [0, 0, 0]), counts, strict=True)]
    day_first: dict[str, list[int]] = {}
    for source in ctx.files:
        if source.number not in by_file:
            continue  # no numeric date in its sample: read as written
        file_day_first = reads_day_first(*by_file[source.number])
        mapped = [c for c in present if c in source.mapping.columns]
        read = []
        for column in mapped:
            dmy, mdy, dates = own.get((source.number, column), (0, 0, 0))
            # A column follows its file (all of it, also a column whose sampled rows hold no
            # numeric date) unless its own days say otherwise, in more cells than a typo's.
            if file_day_first:
                swap = not (mdy >= DAY_FIRST_COLUMN_ROWS and reads_day_first(mdy, dmy, dates))
            else:
                swap = dmy >= DAY_FIRST_COLUMN_ROWS and reads_day_first(dmy, mdy, dates)
            if swap:
                day_first.setdefault(column, []).append(source.number)
                read.append(column)
        if read:
            what = "dates" if len(read) == len(mapped) else ", ".join(read)
            ctx.note([source.number], f"{what} read day first (D/M/Y): some days over 12 in the first field")
    if not day_first:
        return {c: c for c in columns}
    swapped = {c: f"{c}_mdy" for c in day_first}
    month_first = [
        f"case when _file in ({', '.join(map(str, files))}) then regexp_replace({c}, '{_DAY_MONTH}', '{_MONTH_DAY}')"
        f" else {c} end as {swapped[c]}" for c, files in day_first.items()]
    ctx.con.execute(f"create or replace temp table {text} as select *, {', '.join(month_first)} from {text}")
    return {c: swapped.get(c, c) for c in columns}


def date_map(ctx: Context, table: str, values_sql: str, role: str, *, with_time: bool = False) -> str:
    """Temp table `table(k, v)`: each distinct text of `values_sql` parsed once (a log holds
    far fewer distinct date spellings than rows, and the parser is a chain of regexes that
    costs ~20 ms to plan: call it once per role for the whole batch)."""
    from linkage.normalize.dates import parsed_distinct_sql

    ctx.con.execute(f"""
        create or replace temp table {table} as
        {parsed_distinct_sql(values_sql, role, f"DATE '{ctx.today}'", with_time=with_time)}
    """)
    return table


def map_distinct(
    con: duckdb.DuckDBPyConnection,
    table: str,
    values_sql: str,
    func: Callable[[str], Any],
    schema: dict[str, pa.DataType],
) -> str:
    """Temp table `table(k, *schema)`: `func` applied once to each distinct non-null `v` of
    `values_sql`. A function returning a tuple fills several columns; one that raises on a
    value gives NULLs for it (logged) rather than failing the whole batch."""
    values = [row[0] for row in con.execute(
        f"select distinct v from ({values_sql}) where v is not null order by v"
    ).fetchall()]
    outputs = []
    for value in values:
        try:
            answer = func(value)
        except Exception:  # one odd spelling must not sink a whole submission
            # The value may be a name or birth date: log its length and a digest, never the text
            # (and no traceback, whose frames would show it too).
            log.warning("normaliser %s failed on a %d-character value (sha256 %s…)",
                        getattr(func, "__name__", func), len(value),
                        hashlib.sha256(value.encode()).hexdigest()[:12])
            answer = None
        if len(schema) == 1:
            answer = (answer,)
        outputs.append(answer if answer is not None else (None,) * len(schema))
    arrays = {"k": pa.array(values, pa.string())}
    for position, (name, dtype) in enumerate(schema.items()):
        arrays[name] = pa.array([out[position] for out in outputs], dtype)
    load_arrow(con, table, pa.table(arrays))
    return table


def missing(column: str, expr: str | None = None) -> str:
    """Reason SQL: the required `column` is empty."""
    return f"case when {expr or column} is null then 'column {column}: missing' end"


def quoted(expr: str) -> str:
    """SQL for a value shown inside a reason, cut to 60 characters."""
    return f"""'"' || left({expr}, 60) || '"'"""


def date_checks(ctx: Context, column: str, text: str, parsed: str, *, floor_year: int | None = None) -> list[str]:
    """Reasons SQL for a date column: unparsable, before `floor_year` (default: the birth-date
    floor config.ingest.min_year), in the future."""
    floor = dt.date(floor_year or ctx.config.ingest.min_year, 1, 1)
    ceiling = ctx.today + dt.timedelta(days=ctx.config.ingest.max_future_days)
    return [
        f"case when {text} is not null and {parsed} is null then "
        f"'column {column}: not a valid date: ' || {quoted(text)} end",
        f"case when {parsed}::date < DATE '{floor}' then "
        f"'column {column}: ' || {parsed}::date || ' is before {floor.year}' end",
        f"case when {parsed}::date > DATE '{ceiling}' then "
        f"'column {column}: ' || {parsed}::date || ' is in the future' end",
    ]


def place_checks(ctx: Context, state_text: str, state: str, county_text: str, county: str) -> list[str]:
    """Reasons SQL: an unknown state or county, or a row outside the submitted jurisdiction."""
    checks = [
        f"case when {state_text} is not null and {state} is null then "
        f"'column state: unknown state ' || {quoted(state_text)} end",
        f"case when {county_text} is not null and {county} is null then "
        f"'column county: not a county name: ' || {quoted(county_text)} end",
    ]
    if ctx.jurisdiction:
        code = "/".join(ctx.jurisdiction)
        checks += [
            f"case when {state} <> {lit(ctx.jurisdiction[0])} then 'column state: ' || {state} "
            f"|| ' is not the submitted jurisdiction {code}' end",
            f"case when {state} = {lit(ctx.jurisdiction[0])} and {county} <> {lit(ctx.jurisdiction[1])} "
            f"then 'column county: ' || {county} || ' is not the submitted jurisdiction {code}' end",
        ]
    return checks


def reasons_list(checks: list[str]) -> str:
    """SQL list of the non-null reasons among `checks`."""
    return f"list_filter([{', '.join(checks)}]::varchar[], lambda r: r is not null)"


def blank_bad_cells(rows_sql: str, cells: dict[str, list[str]]) -> str:
    """SQL: the rows of `rows_sql` with each optional column of `cells` left NULL where one of
    its checks gives a reason, and those reasons in a list `cell_reasons`.

        >>> blank_bad_cells("select ...", {"dob": date_checks(ctx, "dob", "dob_text", "dob")})

    A booking whose birth date reads '1/32/1984' is still a booking: quarantined whole, it
    could not be any listed person's candidate, and its entry came out "no release record".
    Such a row is stored without the value, and `blanked_cells` keeps what was left out and
    why. Required columns stay row checks: without them the row is no record at all."""
    if not cells:
        return f"select *, []::varchar[] as cell_reasons from ({rows_sql})"
    bad = {column: f"_bad_{column}" for column in cells}
    reasons = ", ".join(f"coalesce({', '.join(checks)}) as {bad[column]}" for column, checks in cells.items())
    kept = ", ".join(f"case when {bad[column]} is null then {column} end as {column}" for column in cells)
    return f"""
        select * exclude ({', '.join(bad.values())}) replace ({kept}),
               list_filter([{', '.join(bad.values())}]::varchar[], lambda r: r is not null) as cell_reasons
        from (select *, {reasons} from ({rows_sql}))"""


def split_good_bad(ctx: Context, checked: str, id_column: str, select: str) -> tuple[str, str, str]:
    """From `checked` (with `_file` and the lists `reasons` and `cell_reasons`: `blank_bad_cells`),
    quarantine later copies of an ID in a file among its otherwise valid rows, then write
    `<prefix>_good` (_file and `select`), `<prefix>_bad` (_file, _row, raw_row, reasons: the
    row's and its cells') and `<prefix>_blanked` (_file, _row, reasons: the cells a stored row
    was stored without)."""
    con, p = ctx.con, ctx.prefix
    # Only IDs that occur twice need looking at: an aggregate, not a window over every row.
    con.execute(f"""
        create or replace temp table {p}_dups as
        select c._file, c._row, 'column {id_column}: duplicate of row ' || d.first as reason
        from {checked} c
        join (select _file, {id_column} as id, min(_row) as first from {checked}
              where len(reasons) = 0 group by all having count(*) > 1) d
          on c._file = d._file and c.{id_column} = d.id and c._row > d.first
        where len(c.reasons) = 0
    """)
    # The quarantine first, so the raw cells can go before the canonical rows are copied. A
    # row of one or two cells missing two columns or more is no record: a clerk read "column
    # full_name: missing" beside TOTAL BOOKINGS: 12 and looked for an inmate without a name.
    filled = "len(list_filter(r.cells, lambda x: nullif(trim(x), '') is not null))"
    con.execute(f"""
        create or replace temp table {p}_bad as
        select _file, _row, {raw_row_json("r.cells", "f.labels")} as raw_row,
               case when {filled} <= 2 and len(reasons) >= 2
                    then [printf('no record: %d of %d cells filled (a total, page footer or group row?)',
                                 {filled}, len(r.cells))] || reasons
                    else reasons end as reasons
        from (select _file, _row, reasons || cell_reasons as reasons from {checked} where len(reasons) > 0
              union all select _file, _row, [reason] from {p}_dups) q
        join {p}_cells r using (_file, _row)
        join {p}_files f using (_file)
        union all
        select _file, _row, raw_row, [reason] from {p}_rejects
        order by _file, _row
    """)
    con.execute(f"drop view {p}_cells; drop table {p}.cells")  # (where `batchread` put them)
    con.execute(f"""
        create or replace temp table {p}_blanked as
        select _file, _row, cell_reasons as reasons from {checked} anti join {p}_dups using (_file, _row)
        where len(reasons) = 0 and len(cell_reasons) > 0
    """)
    con.execute(f"""
        create or replace temp table {p}_good as
        select c._file, {select} from {checked} c anti join {p}_dups d using (_file, _row)
        where len(c.reasons) = 0
        order by c._file, c._row
    """)
    con.execute(f"drop table {checked}")
    return f"{p}_good", f"{p}_bad", f"{p}_blanked"
