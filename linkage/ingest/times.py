"""Release-log times: a time of day kept in a column of its own joined to its date
(`add_time_of_day`), and times written with a zone (`2017-02-04T22:21:00Z`, `…-05:00`) read as
the jail's own clock shows them, in its state's time zone (`local_times`; an ICE book-in's in
its apprehension state's).

    >>> add_time_of_day(ctx, "s1_text", {"release_datetime": "release_time"})
    >>> local_times(ctx, "s1_text", ["booking_date", "release_datetime"], "s1_state", ("VA", None))

A time in UTC read as wall-clock time put a Virginia release 5 hours late, after its ICE
book-in: hand-overs came out "declined" at 0.99. The time zone is the state's in `us`, of a
state with several the one of its capital (Texas: America/Chicago; Indiana and Kentucky, which
`us` lists with Chicago first, America/New_York): the counties of a state's other zone are
read an hour off. DuckDB's ICU reads the offset and converts, daylight saving included. Exactly
midnight with a zone (`2017-02-10T00:00:00Z`), in a file's column of nothing else, is a date
a program wrote as a datetime, left as it is: converted, every such date became the evening
before.
"""

from __future__ import annotations

import pyarrow as pa
import us

from linkage.ingest.rawtable import lit, load_arrow
from linkage.ingest.staging import Context

_ZONE = r"\s*(Z|UTC|GMT|[+-]\d{2}(:?\d{2})?)$"
_ZONED = r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?" + _ZONE
_MIDNIGHT_ZONED = r"[ T]0?0:00(:00(\.0+)?)?" + _ZONE
_CAPITAL_ZONES = {"IN": "America/Indiana/Indianapolis", "KY": "America/New_York"}
"""States whose first zone in `us` is not their capital's (no library names a state's main zone)."""


def local_times(ctx: Context, text: str, columns: list[str], state_map: str,
                jurisdiction: tuple[str, str] | None, *, state_column: str = "state",
                as_written: str | None = None) -> None:
    """Rewrite each zoned ISO datetime of `columns` in `text` as its state's local time (text,
    as the parser reads it), and say how many in each file. `state_map`: the table (k, code)
    of the spellings of the rows' `state_column`; a row without a state takes the
    jurisdiction's, else the zone of every other row of its file where they share one (an
    area's ICE extract), else keeps its clock as written (the zone dropped; the note says so).
    `as_written`: an RE2 pattern of texts left as they are (a release log's "no date" days,
    which a conversion would move off the day that says so)."""
    con = ctx.con
    zoned = [column for column in columns if any(column in f.mapping.columns for f in ctx.files)]
    if not zoned or not con.execute(
            f"select count(*) from {text} where " + " or ".join(f"regexp_matches(upper({c}), '{_ZONED}')" for c in zoned)
    ).fetchall()[0][0]:
        return
    states = [s for s in us.states.STATES_AND_TERRITORIES + [us.states.DC] if s.time_zones]
    load_arrow(con, f"{text}_zones", pa.table({"code": [s.abbr for s in states],
                                               "tz": [_CAPITAL_ZONES.get(s.abbr, s.time_zones[0]) for s in states]}))
    fallback = lit(jurisdiction[0]) if jurisdiction else "null"
    con.execute(f"""
        create or replace temp table {text}_row_zone as
        with stated as (
            select t._file, t._row, z.tz from {text} t left join {state_map} st on st.k = t.{state_column}
            join {text}_zones z on z.code = coalesce(st.code, {fallback})),
        one_zone as (select _file, any_value(tz) as tz from stated group by _file having count(distinct tz) = 1)
        select t._file, t._row, coalesce(s.tz, o.tz) as tz
        from {text} t left join stated s using (_file, _row) left join one_zone o using (_file)
        where coalesce(s.tz, o.tz) is not null
    """)
    # A file's column of zoned midnights alone holds dates; where it holds times, a midnight is
    # one too (a release at 00:00Z is 19:00 the day before in Virginia). Which files hold times
    # is read once, before any is converted: the conversion and the note below read the same.
    timed = {column: con.execute(
        f"select coalesce(list(distinct _file), []) from {text} where regexp_matches(upper({column}), '{_ZONED}')"
        f" and not regexp_matches(upper({column}), '{_MIDNIGHT_ZONED}')").fetchall()[0][0] for column in zoned}

    def a_time(table: str, column: str) -> str:
        """SQL: the row's `column` is a zoned time (not a zoned midnight of a file of dates)."""
        value = f"upper({table}.{column})"
        return (f"(regexp_matches({value}, '{_ZONED}') and (not regexp_matches({value}, '{_MIDNIGHT_ZONED}')"
                f" or list_contains({timed[column]}, {table}._file)))")

    converted: dict[int, int] = {}
    for column in zoned:
        value = f"upper({text}.{column})"  # ('z', 'utc')
        # DuckDB casts no offset set apart by a space (SQL Server's '… 08:19:00.0000000 +00:00'):
        # left so, such a time was kept on the UTC clock as written, 8 hours late in Oregon.
        instant = (f"try_cast(regexp_replace(regexp_replace({value}, '\\s*(UTC|GMT)$', 'Z'),"
                   f" '\\s+([+-]\\d{{2}}(:?\\d{{2}})?)$', '\\1') as timestamptz)")
        for number, rows in con.execute(f"""
                update {text} set {column} = strftime(timezone(r.tz, {instant}), '%Y-%m-%d %H:%M:%S')
                from {text}_row_zone r
                where {text}._file = r._file and {text}._row = r._row
                  and {a_time(text, column)} and {instant} is not null
                  {f"and not regexp_matches({value}, {lit(as_written)})" if as_written else ""}
                returning _file, 1""").fetchall():
            converted[number] = converted.get(number, 0) + rows
    for number, rows in sorted(converted.items()):
        ctx.note([number], f"{rows} date-time{'s' if rows > 1 else ''} given with a time zone (UTC or an offset)"
                           " read in the state's own time")
    # Still zoned (converted ones no longer are), on a row with no zone to read it in.
    unread = " or ".join(a_time("t", column) for column in zoned)
    for number, rows in con.execute(f"""
            select t._file, count(*) from {text} t anti join {text}_row_zone r using (_file, _row)
            where {unread} group by 1 order by 1""").fetchall():
        ctx.note([number], f"{rows} row{'s' if rows > 1 else ''} with a time zone but no state to read it in:"
                           " kept on the clock as written")
    con.execute(f"drop table {text}_row_zone; drop table {text}_zones")


_MIDNIGHT = r"[ T]+(?:0?0[:.]00(?:[:.]00(?:\.0+)?)?(?:\s*A\.?M\.?)?|12[:.]00(?:[:.]00(?:\.0+)?)?\s*A\.?M\.?)$"
# A time of day as a time column holds it; anything else is left out, never joined. 24:00
# (a military log's end of day) is joined too: the parser reads the day and 24:00 as the next
# day's midnight, as in a datetime cell.
_CLOCK = r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d(?:\.\d+)?)?(?:\s*[AP]\.?M\.?)?|24[:.]00(?:[:.]00)?)"


def add_time_of_day(ctx: Context, text: str, columns: dict[str, str]) -> None:
    """Append the time of day a file keeps in a column of its own ({date column: time column},
    e.g. "Release Date" and "Release Time") to the date's text in `text`, where the date
    carries no time or only midnight, so the two are parsed as one datetime.

        >>> add_time_of_day(ctx, "s1_text", {"release_datetime": "release_time"})

    Times read: `14:10`, `2:10 PM`, `14:10:00`, `1410` / `805` (24-hour, no colon), Excel's
    fraction of a day (`0.59`) and the time of a datetime (`1899-12-30 08:05:00`). Anything
    else ('UNK', '8') is left out and the date stands alone: a time never costs a row. Without
    it a log's release times were dropped without a word and every release sat at midnight:
    hours to the ICE book-in off by up to a day."""
    from linkage.normalize.dates import date_sql

    for date, time in columns.items():
        if not any(time in f.mapping.columns for f in ctx.files):
            continue
        ctx.note([f.number for f in ctx.files if time in f.mapping.columns and date not in f.mapping.columns],
                 f"column {time} ignored: no {date} column to join it to")
        clock = f"upper(trim({time}))"
        minutes = f"round(try_cast({clock} as double) * 1440)::int"
        hhmm = f"regexp_replace({clock}, '^(\\d{{1,2}})(\\d{{2}})$', '\\1:\\2')"
        as_clock = (  # NULL unless it reads as a time of day
            # Excel's fraction of a day first: 0.25 is 06:00 there, not 00:25
            f"case when regexp_full_match({clock}, '0?\\.\\d+') then"
            f" lpad(({minutes} // 60)::varchar, 2, '0') || ':' || lpad(({minutes} % 60)::varchar, 2, '0')"
            f" when regexp_full_match({clock}, '{_CLOCK}') then {clock}"
            f" when regexp_full_match({hhmm}, '{_CLOCK}') and length({clock}) between 3 and 4 then {hhmm}"
            # a datetime whose date is a placeholder ('1899-12-30 08:05:00', Access; Parquet)
            f" when regexp_full_match({clock}, '\\d{{4}}-\\d{{2}}-\\d{{2}}[ T]({_CLOCK})') then"
            f" regexp_extract({clock}, '[ T](.*)$', 1) end")
        day = f"regexp_replace({date}, '{_MIDNIGHT}', '', 'i')"
        # A date of digits alone (a mainframe's 20170204, an Excel serial's 42779) is written
        # as the parser reads it, 2017-02-04, before its time is joined: '20170204 05:21 PM'
        # read as no date, and such logs' times had been left out without a word.
        digits = f"regexp_full_match({day}, '\\d+')"
        parsed = date_sql(day, "event", f"DATE '{ctx.today}'")
        written = f"case when {digits} then strftime({parsed}, '%Y-%m-%d') else {day} end"
        ctx.con.execute(f"""
            update {text} set {date} = {written} || ' ' || {as_clock}
            where {as_clock} is not null and {date} is not null
              and not regexp_matches({day}, '[ T]\\d{{1,2}}[:.]\\d\\d')  -- the date's own time wins
              and not regexp_full_match({day}, '\\d+\\.\\d+')            -- an Excel serial's own fraction too
              and {written} is not null
        """)
        for number, left_out, example in ctx.con.execute(f"""
                select _file, count(*), min({time}) from {text}
                where {time} is not null and trim({time}) <> '' and {as_clock} is null group by 1 order by 1
                """).fetchall():
            header = next(f.mapping.header_of(time) for f in ctx.files if f.number == number)
            ctx.note([number], f"{left_out} {header!r} cell{'s' if left_out > 1 else ''} not read as a time of day"
                               f" (e.g. {example!r}): {'those dates stand' if left_out > 1 else 'its date stands'} alone")
