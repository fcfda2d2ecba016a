"""Dates and datetimes from text: one DuckDB SQL implementation, used from SQL and Python.

    >>> import duckdb                                  # whole tables: the SQL expression
    >>> dob = date_sql("dob", "birth", reference="DATE '2017-06-01'")
    >>> duckdb.sql(f"select {dob} from (values ('7/1/17'), ('2/3/17'), ('nope')) t(dob)").fetchall()
    [(datetime.date(1917, 7, 1),), (datetime.date(2017, 2, 3),), (None,)]
    >>> parse_date("2/3/17", "event")                  # one value, through the same SQL
    datetime.date(2017, 2, 3)

Accepted (case and surrounding space ignored; a time may follow any date form):

* ISO `2017-02-03`, `2017/02/03`, `2017-02-03T14:10:00[.ffffff][Z|+hh:mm]`
* US `2/3/2017`, `02-03-2017`, `2/3/17`, with `14:10`, `1410`, `2:10 PM`, `2:10:05 p.m.` (a submitted
  file whose dates show day first, `25/12/2017`, has them swapped before they reach the
  parser: `linkage.ingest.staging.read_day_first`)
* `20170203` (8 digits, years 1900-2099 only: anything else is an ID, not a date), with a
  time as 4 or 6 more digits: `201702031410`, `20170203141005`, `20170203 1410`
* Oracle / month names: `03-FEB-2017`, `03-FEB-17 02.10.00.000000 PM`, `Feb 3, 2017`,
  `Friday, February 3, 2017` (a leading weekday is dropped), `FEB-03-2017`, `2017-Feb-03`,
  SAS's `03FEB2017` and `03FEB2017:14:10:00`
* between a day and its time `@`, `at` or a hyphen (`02/03/2017-14:10`, `02/03/2017-1410`;
  DB2's `2017-02-03-14.10.00.000000`), and after the time `hrs`
* Excel serials `42769`, `42769.59` (time of day from the fraction): five-digit values
  10000-73050, i.e. 1927-05-18 .. 2099-12-31. A four-digit number is a year, not a date.

Anything else, and impossible dates (Feb 30, 25:00), give NULL; the caller quarantines.

Two-digit years pivot by role: 'birth' -> the latest century that does not put the date
after the reference date (default `current_date`; pass the submission day for byte-for-byte
re-runs); 'event' (reports, bookings, releases, holds) -> 20yy, never before 2000.
A time-zone suffix (`Z`, `UTC`, an offset a zone has: `-05:00`, `+0530`; a US zone's
abbreviation: `CST`, `EDT`, `ET`) is accepted and dropped: times are the jail's wall clock (a
release log's ISO times with UTC or an offset are first rewritten in its state's time:
`linkage.ingest.times`).
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import lru_cache

import duckdb

ROLES: tuple[str, ...] = ("birth", "event")

_TIME = (
    r"(?:[ T]+(\d{1,2})[:.]?(\d{2})(?:[:.](\d{2}(?:\.\d+)?))?\s*(?:([AP])\.?M\.?)?)?"
    # A zone: UTC, an offset, or a US zone's abbreviation ('2:05 PM CST', '14:05 ET').
    # Offsets as zones have them (-14:10 is no zone: such a text is no date, said so).
    r"(?:\s*(?:Z|UTC|GMT|[+-](?:0\d|1[0-4])(?::?(?:00|30|45))?|[ECMP][SD]?T|AK[SD]T|H[SD]T))?"
)
_TIME_NAMES = "'hh', 'mi', 'ss', 'ap'"
_MONTH_NAME = r"([A-Z]{3,9})\.?"
# (pattern, group names in the order the groups appear). Patterns are matched whole.
_FORMATS: list[tuple[str, str]] = [
    (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME, "'y', 'm', 'd', " + _TIME_NAMES),
    (r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})" + _TIME, "'m', 'd', 'y', " + _TIME_NAMES),
    # Mainframe exports print the time as more digits: 201702031410, 20170203141005.
    (r"((?:19|20)\d{2})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2})(?::?(\d{2}))?)?()",
     "'y', 'm', 'd', " + _TIME_NAMES),
    # '03-FEB-2017', and SAS's '03FEB2017' with nothing between.
    (r"(\d{1,2})[- ]?" + _MONTH_NAME + r"[- ,]*(\d{4}|\d{2})" + _TIME, "'d', 'm', 'y', " + _TIME_NAMES),
    (_MONTH_NAME + r"[- ](\d{1,2}),?[- ](\d{4}|\d{2})" + _TIME, "'m', 'd', 'y', " + _TIME_NAMES),
    (r"(\d{4})[- ]" + _MONTH_NAME + r"[- ](\d{1,2})" + _TIME, "'y', 'm', 'd', " + _TIME_NAMES),
]
# Rewritten before the patterns above are tried: what a log puts between a day and its time
# ('3/5/2017 @ 1405', 'March 5, 2017 at 2:05 PM', a hyphen '03/05/2017-14:05', DB2's
# '2017-03-05-14.05.00.000000', SAS's '05MAR2017:14:05:00') and after it ('1405 HRS').
# The hyphen is read so after a month-first day only: after an ISO day, '2017-03-05-06:00'
# is that day at UTC-6 (XML's dates), and DB2's time is dotted.
# Then a day's ordinal ('Dec 17th 2016'), a time as a word or an hour alone ('NOON',
# 'MIDNIGHT', '7 PM') and an 'h' between the hour and the minutes ('13h57', '1012H'): a
# probe's such rows had each been quarantined.
_BETWEEN_DAY_AND_TIME: list[tuple[str, str]] = [
    (r"\s+(?:AT|@)\s+|\s*@\s*", " "),
    (r"([ T]\d{1,2})H(\d{2})$", "\\1:\\2"),
    (r"([ T]\d{1,2}[:.]?\d{2})\s*(?:HRS?|HOURS|H)\.?$", "\\1"),
    (r"^(\d{1,2}[-/]\d{1,2}[-/]\d{2,4})-(\d{1,2}[:.]?\d{2})", "\\1 \\2"),
    (r"^(\d{4}-\d{1,2}-\d{1,2})-(\d{1,2}\.\d{2}\.\d{2})", "\\1 \\2"),
    (r"^(\d{1,2}[A-Z]{3,9}\d{2,4}):(\d{1,2}:\d{2})", "\\1 \\2"),
    (r"(\d)(?:ST|ND|RD|TH)\b", "\\1"),
    (r"([:.]\d{2})\s*NOON$", "\\1"),
    (r"(?:\s+12(?:[:.]00)?)?\s+NOON$", " 12:00"),
    # (The start of its day, as '12:00 AM' is; a roster meaning the day's end is a day off.)
    (r"(?:\s+(?:12|0?0)(?:[:.]00)?)?\s+MIDNIGHT$", " 00:00"),
    (r"([ T])(\d{1,2})\s*([AP])\.?M\.?$", "\\1\\2:00 \\3M"),
]
_MAY_REWRITE = (r"@| AT |HR|HOURS|^\d{1,2}[-/]\d{1,2}[-/]\d{2,4}-|^\d{4}-\d{1,2}-\d{1,2}-\d|^\d{1,2}[A-Z]{3,9}\d{2,4}:"
                r"|\dH|\d(?:ST|ND|RD|TH)\b|NOON$|MIDNIGHT$|[ T]\d{1,2}\s*[AP]\.?M\.?$")
"""Where one of `_BETWEEN_DAY_AND_TIME` may apply."""
_SERIAL = r"\d{5}(\.\d+)?"
_WEEKDAY = r"^(?:MON|TUE|WED|THU|FRI|SAT|SUN)[A-Z]*\.?,? "
_SERIAL_RANGE = (10000, 73050)
_MONTHS = "['JAN','FEB','MAR','APR','MAY','JUN','JUL','AUG','SEP','OCT','NOV','DEC']"
_FULL_MONTHS = (
    "['JANUARY','FEBRUARY','MARCH','APRIL','MAY','JUNE','JULY','AUGUST','SEPTEMBER',"
    "'OCTOBER','NOVEMBER','DECEMBER']"
)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")


def _year(g: str, role: str, month: str, day: str, reference: str) -> str:
    """Four-digit years as written; two-digit years by the role's pivot."""
    yy = f"CAST({g}.y AS INTEGER)"
    if role == "event":
        two_digit = f"2000 + {yy}"
    else:
        two_digit = (
            f"CASE WHEN try(make_date(2000 + {yy}, {month}, {day})) > ({reference}) "
            f"THEN 1900 + {yy} ELSE 2000 + {yy} END"
        )
    return f"CASE WHEN length({g}.y) = 2 THEN {two_digit} ELSE {yy} END"


def _build(g: str, role: str, reference: str, has_time: bool) -> str:
    """TIMESTAMP from the extracted struct `g` (fields y, m, d and maybe hh, mi, ss, ap)."""
    month = (
        f"coalesce(try_cast({g}.m AS INTEGER), list_position({_MONTHS}, {g}.m), "
        f"list_position({_FULL_MONTHS}, {g}.m), CASE WHEN {g}.m = 'SEPT' THEN 9 END)"
    )
    day = f"CAST({g}.d AS INTEGER)"
    year = _year(g, role, month, day, reference)
    if not has_time:
        return f"try(make_timestamp({year}, {month}, {day}, 0, 0, 0))"
    hour24 = f"coalesce(try_cast(nullif({g}.hh, '') AS INTEGER), 0)"
    hour = (
        f"CASE WHEN {g}.ap = '' THEN {hour24} "
        f"WHEN {hour24} BETWEEN 1 AND 12 THEN {hour24} % 12 + CASE WHEN {g}.ap = 'P' THEN 12 ELSE 0 END "
        f"END"
    )
    minute = f"coalesce(try_cast(nullif({g}.mi, '') AS INTEGER), 0)"
    second = f"coalesce(try_cast(nullif({g}.ss, '') AS DOUBLE), 0)"
    return f"try(make_timestamp({year}, {month}, {day}, {hour}, {minute}, {second}))"


@lru_cache(maxsize=256)
def datetime_sql(expr: str, role: str, reference: str | None = None) -> str:
    """A DuckDB expression turning the text (or any value) `expr` into TIMESTAMP, else NULL.

        >>> datetime_sql("release_datetime", "event").startswith("list_transform(")
        True

    `reference` is a SQL DATE expression for the birth pivot (default `current_date`).
    """
    _check_role(role)
    ref = reference or "current_date"
    s = "__dt_s"
    branches = []
    for index, (pattern, names) in enumerate(_FORMATS):
        g = f"__dt_g{index}"
        build = _build(g, role, ref, has_time="'hh'" in names)
        branches.append(
            f"WHEN regexp_full_match({s}, '{pattern}') THEN list_transform("
            f"[regexp_extract({s}, '^{pattern}$', [{names}])], lambda {g}: {build})[1]"
        )
    low, high = _SERIAL_RANGE
    serial = f"try_cast({s} AS DOUBLE)"
    branches.append(
        f"WHEN regexp_full_match({s}, '{_SERIAL}') AND {serial} BETWEEN {low} AND {high} "
        f"THEN TIMESTAMP '1899-12-30' + to_seconds(CAST(round({serial} * 86400) AS BIGINT))"
    )
    # A long date may lead with its weekday ('Friday, February 3, 2017'): it adds nothing.
    spaced = f"upper(trim(regexp_replace(CAST(({expr}) AS VARCHAR), '\\s+', ' ', 'g')))"
    normalised = f"regexp_replace({spaced}, '{_WEEKDAY}', '')"
    # Only a text that may hold one of them goes through the rewrites (+33% a value otherwise).
    rewritten = normalised
    for pattern, replacement in _BETWEEN_DAY_AND_TIME:
        rewritten = f"regexp_replace({rewritten}, '{pattern}', '{replacement}')"
    normalised = f"case when regexp_matches({normalised}, '{_MAY_REWRITE}') then {rewritten} else {normalised} end"
    return (
        f"list_transform([{normalised}], lambda {s}: CASE {' '.join(branches)} END)[1]"
    )


@lru_cache(maxsize=256)
def date_sql(expr: str, role: str, reference: str | None = None) -> str:
    """A DuckDB expression turning `expr` into DATE (any time of day is dropped), else NULL.

        >>> date_sql("detainer_issued_date", "event").startswith("CAST(")
        True
    """
    return f"CAST({datetime_sql(expr, role, reference)} AS DATE)"


# A numeric day and a 24-hour wall-clock time, `1/10/2016 16:05` or `2016-01-10 16:05:00`:
# most of a national log's distinct datetimes. Only `_FORMATS`' first two patterns can read
# such a day, and both read it with the time as `_TIME` does (hour as written, no AM/PM).
_DAY_AND_CLOCK = r"^\s*(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*$"


def parsed_distinct_sql(values_sql: str, role: str, reference: str | None = None, *,
                        with_time: bool = False) -> str:
    """SQL of (k, v): each distinct non-null text `k` of `values_sql` (a query with a column
    `v`) and what `datetime_sql` (`with_time`) or `date_sql` makes of it.

        >>> duckdb.sql(parsed_distinct_sql("select '1/10/2016 16:05' as v", "event", with_time=True)).fetchall()
        [('1/10/2016 16:05', datetime.datetime(2016, 1, 10, 16, 5))]

    The same values as the parser, cheaper (a national ingest's ~13 M distinct datetimes took
    ~3 µs each through the chain of regexes): a `day hh:mm[:ss]` text takes its day's parse,
    each distinct day parsed once, with the clock set on it; any other text, and any text
    whose day the parser does not read, goes through the parser whole."""
    distinct = f"(select distinct v from ({values_sql}) where v is not null)"
    if not with_time:
        return f"select v as k, {date_sql('v', role, reference)} as v from {distinct}"
    return f"""
        with texts as (
            select v, regexp_extract(v, '{_DAY_AND_CLOCK}', ['day', 'hh', 'mi', 'ss']) as clock
            from {distinct}
        ), days as (
            select day, {datetime_sql('day', role, reference)} as midnight
            from (select distinct clock.day as day from texts where clock.day <> '')
        )
        select t.v as k,
               case when d.midnight is null then {datetime_sql('t.v', role, reference)}
                    else try(make_timestamp(year(d.midnight), month(d.midnight), day(d.midnight),
                                            t.clock.hh::integer, t.clock.mi::integer,
                                            coalesce(nullif(t.clock.ss, '')::integer, 0))) end as v
        from texts t left join days d on d.day = t.clock.day
    """


_local = threading.local()


def _connection() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per thread: connections are not shared across threads."""
    con = getattr(_local, "con", None)
    if con is None:
        con = _local.con = duckdb.connect(":memory:")
    return con


def _run(sql_for, text: object, role: str, reference: dt.date | None):
    _check_role(role)
    if text is None:
        return None
    if role != "birth":
        reference = None  # only the birth pivot reads it; an unused parameter is an error
    ref = "CAST($2 AS DATE)" if reference is not None else None
    query = f"SELECT {sql_for('CAST($1 AS VARCHAR)', role, ref)}"
    params = [str(text)] if reference is None else [str(text), reference.isoformat()]
    return _connection().execute(query, params).fetchall()[0][0]


@lru_cache(maxsize=65536)
def parse_date(text: str | None, role: str, reference: dt.date | None = None) -> dt.date | None:
    """One value through the same SQL as `date_sql`; None when unparsable.

        >>> parse_date("42769", "event"), parse_date("12/31/99", "birth")
        (datetime.date(2017, 2, 3), datetime.date(1999, 12, 31))
    """
    return _run(date_sql, text, role, reference)


@lru_cache(maxsize=65536)
def parse_datetime(
    text: str | None, role: str, reference: dt.date | None = None
) -> dt.datetime | None:
    """One value through the same SQL as `datetime_sql`; None when unparsable.

        >>> parse_datetime("2/3/2017 2:10 PM", "event")
        datetime.datetime(2017, 2, 3, 14, 10)
    """
    return _run(datetime_sql, text, role, reference)


def parse_dates(
    texts: list[str | None], role: str, reference: dt.date | None = None, *, with_time: bool = False
) -> list[dt.date | dt.datetime | None]:
    """Many values in one query (order kept): each single-value query costs ~6 ms to plan.

        >>> parse_dates(["2/3/2017", "nope", None], "event")
        [datetime.date(2017, 2, 3), None, None]
    """
    _check_role(role)
    if not texts:
        return []
    if role != "birth":
        reference = None
    ref = "CAST($2 AS DATE)" if reference is not None else None
    sql_for = datetime_sql if with_time else date_sql
    query = (
        f"SELECT {sql_for('v.value', role, ref)} FROM unnest($1) WITH ORDINALITY AS v(value, i) "
        "ORDER BY v.i"
    )
    values = [None if t is None else str(t) for t in texts]
    params: list[object] = [values] if reference is None else [values, reference.isoformat()]
    return [row[0] for row in _connection().execute(query, params).fetchall()]


REPORT_WEEK_STARTS = 6
"""ICE's report weeks ran Saturday to Friday (DuckDB's dayofweek: Sunday 0, Saturday 6): the
first report covered 28 January - 3 February 2017."""


def report_week_start_sql(day: str) -> str:
    """SQL: the first day of the report week holding the date `day` (a report may be dated by
    any day of the week it covers, contract §1).

        >>> import duckdb                                  # 3 February 2017, a Friday
        >>> duckdb.sql("select " + report_week_start_sql("date '2017-02-03'")).fetchall()
        [(datetime.date(2017, 1, 28),)]
    """
    return f"({day} - ((dayofweek({day}) - {REPORT_WEEK_STARTS} + 7) % 7)::integer)"
