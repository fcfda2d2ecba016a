"""Release-log times written with a zone (`2017-02-04T22:21:00Z`, `…-05:00`) read as the
jail's own clock shows them, in its state's time zone.

    >>> local_times(ctx, "s1_text", ["booking_date", "release_datetime"], "s1_state", ("VA", None))

A time in UTC read as wall-clock time put a Virginia release 5 hours late, after its ICE
book-in: hand-overs came out "declined" at 0.99. Where the time zone comes from: the state's
first zone in `us` (Texas: America/Chicago; the few counties of a state's second zone are read
in its first). DuckDB's ICU reads the offset and converts, daylight saving included.
"""

from __future__ import annotations

import pyarrow as pa
import us

from linkage.ingest.rawtable import lit, load_arrow

_ZONED = r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(:?\d{2})?)$"


def local_times(ctx, text: str, columns: list[str], state_map: str, jurisdiction: tuple[str, str] | None) -> None:
    """Rewrite each zoned ISO datetime of `columns` in `text` as its state's local time (text,
    as the parser reads it), and say how many in each file. `state_map`: the table (k, code)
    of the rows' state spellings; a row without a state takes the jurisdiction's."""
    con = ctx.con
    zoned = [column for column in columns if any(column in f.mapping.columns for f in ctx.files)]
    if not zoned or not con.execute(
            f"select count(*) from {text} where " + " or ".join(f"regexp_matches({c}, '{_ZONED}')" for c in zoned)
    ).fetchall()[0][0]:
        return
    states = [s for s in us.states.STATES_AND_TERRITORIES + [us.states.DC] if s.time_zones]
    load_arrow(con, f"{text}_zones", pa.table({"code": [s.abbr for s in states],
                                               "tz": [s.time_zones[0] for s in states]}))
    fallback = lit(jurisdiction[0]) if jurisdiction else "null"
    con.execute(f"""
        create or replace temp table {text}_row_zone as
        select t._file, t._row, z.tz from {text} t left join {state_map} st on st.k = t.state
        join {text}_zones z on z.code = coalesce(st.code, {fallback})
    """)
    converted: dict[int, int] = {}
    for column in zoned:
        instant = f"try_cast(regexp_replace({text}.{column}, '\\s*(UTC|GMT)$', 'Z') as timestamptz)"
        for number, rows in con.execute(f"""
                update {text} set {column} = strftime(timezone(r.tz, {instant}), '%Y-%m-%d %H:%M:%S')
                from {text}_row_zone r
                where {text}._file = r._file and {text}._row = r._row
                  and regexp_matches({text}.{column}, '{_ZONED}') and {instant} is not null
                returning _file, 1""").fetchall():
            converted[number] = converted.get(number, 0) + rows
    for number, rows in sorted(converted.items()):
        ctx.note([number], f"{rows} date-time{'s' if rows > 1 else ''} given with a time zone (UTC or an offset)"
                           " read in the state's own time")
    con.execute(f"drop table {text}_row_zone; drop table {text}_zones")
