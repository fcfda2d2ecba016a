"""Shared SQL building blocks of the three sources: text cells, distinct-value maps, checks.

    >>> ctx = Context(con, raw, mapping, jurisdiction=("TX", "TRAVIS"), config=config, prefix="s1")
    >>> text = text_table(ctx, ["booking_id", "dob"])     # temp table s1_text
    >>> map_distinct(con, "s1_sex", f"select sex as v from {text}", sex_code, {"sex": pa.string()})

Python normalisers run once per *distinct* value and their answers are joined back in SQL,
so a 10-million-row release log costs as many Python calls as it has distinct spellings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from linkage.config import Config
from linkage.ingest.headers import ColumnMapping
from linkage.ingest.readers import RawTable

log = logging.getLogger(__name__)

# Characters trimmed from every cell: spaces, tabs, line breaks, no-break spaces.
_TRIM = "' ' || chr(9) || chr(10) || chr(13) || chr(160)"


@dataclass
class Context:
    """Everything one file's staging needs: connection, raw table, header mapping, settings."""

    con: duckdb.DuckDBPyConnection
    raw: RawTable
    mapping: ColumnMapping
    jurisdiction: tuple[str, str] | None
    config: Config
    prefix: str
    today: dt.date = field(default_factory=dt.date.today)
    notes: list[str] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.mapping.columns


@dataclass
class Staged:
    """A staged file: `good` holds canonical rows, `bad` (_row, raw_row, reasons) the rest."""

    good: str
    bad: str
    id_column: str
    period: tuple[str, str]  # SQL expressions over `good` for period_start / period_end


def lit(text: str) -> str:
    """A SQL string literal: `lit("O'Brien") == "'O''Brien'"`."""
    return "'" + str(text).replace("'", "''") + "'"


def text_table(ctx: Context, names: list[str]) -> str:
    """Temp table `<prefix>_text`: _row, long_reasons and one trimmed text column per
    canonical name (NULL when the file lacks it or the cell is blank)."""
    raw, limit = ctx.raw, ctx.config.ingest.max_field_chars
    columns = []
    for name in names:
        if ctx.has(name):
            cell = f"c{ctx.mapping.columns[name]}"
            # NUL bytes are dropped from canonical values (they survive in raw_row).
            columns.append(f"nullif(trim(replace({cell}, chr(0), ''), {_TRIM}), '') as {name}")
        else:
            columns.append(f"null::varchar as {name}")
    labels = _unique_labels(raw.headers)
    by_index = {index: name for name, index in ctx.mapping.columns.items()}
    long_checks = ", ".join(
        f"case when length(c{i}) > {limit} then {lit('column ' + by_index.get(i, labels[i]) + ': ')}"
        f" || length(c{i}) || ' characters (limit {limit})' end"
        for i in range(len(labels))
    )
    table = f"{ctx.prefix}_text"
    ctx.con.execute(f"""
        create or replace temp table {table} as
        select _row, list_filter([{long_checks}]::varchar[], lambda r: r is not null) as long_reasons,
               {", ".join(columns)}
        from {raw.table}
    """)
    return table


def raw_row_json(ctx: Context, alias: str) -> str:
    """SQL building the quarantine's raw_row (header -> text) from raw table `alias`."""
    labels = _unique_labels(ctx.raw.headers)
    return "json_object(" + ", ".join(f"{lit(label)}, {alias}.c{i}" for i, label in enumerate(labels)) + ")"


def date_map(ctx: Context, table: str, values_sql: str, role: str, *, with_time: bool = False) -> str:
    """Temp table `table(k, v)`: each distinct text of `values_sql` parsed once (a log holds
    far fewer distinct date spellings than rows, and the parser is a chain of regexes)."""
    from linkage.normalize.dates import date_sql, datetime_sql

    parse = datetime_sql if with_time else date_sql
    ctx.con.execute(f"""
        create or replace temp table {table} as
        select v as k, {parse("v", role, f"DATE '{ctx.today}'")} as v
        from (select distinct v from ({values_sql}) where v is not null)
    """)
    return table


def _unique_labels(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    labels = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        labels.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return labels


def map_distinct(
    con: duckdb.DuckDBPyConnection,
    table: str,
    values_sql: str,
    func: Callable[[str], Any],
    schema: dict[str, pa.DataType],
) -> str:
    """Temp table `table(k, *schema)`: `func` applied once to each distinct non-null `v` of
    `values_sql`. A function returning a tuple fills several columns; one that raises on a
    value gives NULLs for it (logged) rather than failing the whole file."""
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
    view = f"{table}_arrow"
    con.register(view, pa.table(arrays))
    try:
        con.execute(f"create or replace temp table {table} as select * from {view}")
    finally:
        con.unregister(view)
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


def split_good_bad(ctx: Context, checked: str, id_column: str, select: str) -> tuple[str, str]:
    """From `checked` (with a `reasons` list), quarantine later copies of an ID among the
    otherwise valid rows, then write `<prefix>_good` (via `select`) and `<prefix>_bad`."""
    con, p = ctx.con, ctx.prefix
    # Only IDs that occur twice need looking at: an aggregate, not a window over every row.
    con.execute(f"""
        create or replace temp table {p}_dups as
        select c._row, 'column {id_column}: duplicate of row ' || d.first as reason
        from {checked} c
        join (select {id_column} as id, min(_row) as first from {checked}
              where len(reasons) = 0 group by all having count(*) > 1) d
          on c.{id_column} = d.id and c._row > d.first
        where len(c.reasons) = 0
    """)
    con.execute(f"""
        create or replace temp table {p}_good as
        select {select} from {checked} c
        where len(c.reasons) = 0 and c._row not in (select _row from {p}_dups)
        order by c._row
    """)
    con.execute(f"""
        create or replace temp table {p}_bad as
        select _row, {raw_row_json(ctx, "r")} as raw_row, reasons
        from (select _row, reasons from {checked} where len(reasons) > 0
              union all select _row, [reason] from {p}_dups) q
        join {ctx.raw.table} r using (_row)
        union all
        select _row, raw_row, [reason] from {ctx.raw.rejects}
        order by _row
    """)
    return f"{p}_good", f"{p}_bad"
