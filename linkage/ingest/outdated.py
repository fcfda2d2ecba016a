"""An open row from a file older than a booking's stored release does not erase the release.

    >>> staged.outdated = set_aside_outdated_open_rows(con, prefix, staged.good)   # '<prefix>_outdated'
    >>> keep_outdated_in_history(con, staged.outdated, f"{prefix}_ids", now)        # after the live rows

A log holds what the jail knew when it was exported: a booking open in it may have been
released since. Sent after the file that holds that release (a roster of who was held on 4
December, sent after July's logs; an old week sent again for one corrected charge), its open
row would replace the release, and the person would read as held from then on. So an open row
is set aside where the version it would replace (the stored row, or one of an earlier file in
the same batch) was released after everything in the row's own file (its latest booking or
release). The row is kept in `bookings_history`, replaced by the version that stands, and its
file's message names it. A release no later than the file's last date is replaced as any row
is: such an export could know of it, and may re-open a booking the jail closed by mistake.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from linkage.coverage import LAST_DAY_SPOKEN

SHOWN = 5
"""Booking numbers a file's note names of the rows it set aside."""


def set_aside_outdated_open_rows(con: duckdb.DuckDBPyConnection, prefix: str, good: str,
                                 live: str = "bookings") -> str:
    """Move the open rows of `good` (staged bookings with `_file`) that the release of the
    version they would replace outdates into the temp table `<prefix>_outdated` (the rows as
    staged, with `file_last_date`); returns its name. As if the batch's files were sent one by
    one: the version a row would replace is the live row, or that of the last earlier file of
    the batch not itself set aside. Days, not times: a file whose last date is the day of the
    release may have been exported after it."""
    outdated = f"{prefix}_outdated"
    con.execute(f"create or replace temp table {prefix}_file_last as"
                f" select _file, {LAST_DAY_SPOKEN} as file_last_date from {good} group by _file")
    # Only bookings with an open row and another version; each one's versions walked in file
    # order (few: nationally none on a first ingest). Set aside is a chain (a row set aside
    # leaves the version before it in force), so it is walked in Python, not joined in SQL.
    versions = con.execute(f"""
        with open_ids as (select distinct booking_uid from {good} where release_datetime is null)
        select booking_uid, _file, released, file_last_date from (
            select -1 as _file, booking_uid, release_datetime::date as released, null::date as file_last_date
            from {live} where booking_uid in (select booking_uid from open_ids)
            union all
            select g._file, g.booking_uid, g.release_datetime::date, f.file_last_date
            from {good} g join {prefix}_file_last f using (_file)
            where g.booking_uid in (select booking_uid from open_ids))
        qualify count(*) over (partition by booking_uid) > 1
        order by booking_uid, _file""").fetchall()
    set_aside: list[tuple[int, str]] = []
    in_force: dict[str, dt.date | None] = {}  # booking -> release day of the version in force
    for booking_uid, number, released, last_date in versions:
        before = in_force.get(booking_uid)
        if number >= 0 and released is None and before is not None and before > last_date:
            set_aside.append((number, booking_uid))
        else:
            in_force[booking_uid] = released
    # One statement, not a row each: an old year of logs sent again sets aside many.
    con.execute(f"create or replace temp table {prefix}_set_aside as"
                " select unnest(?::integer[]) as _file, unnest(?::varchar[]) as booking_uid",
                [[number for number, _ in set_aside], [uid for _, uid in set_aside]])
    con.execute(f"""create or replace temp table {outdated} as
                    select g.*, f.file_last_date from {good} g join {prefix}_file_last f using (_file)
                    semi join {prefix}_set_aside a using (_file, booking_uid)""")
    con.execute(f"delete from {good} g using {outdated} o where g._file = o._file and g.booking_uid = o.booking_uid")
    return outdated


def outdated_notes(con: duckdb.DuckDBPyConnection, outdated: str) -> dict[int, str]:
    """Per file number, the note its message carries of the rows set aside."""
    notes = {}
    for number, rows, last, ids in con.execute(f"""
            select _file, count(*), max(file_last_date), list(booking_id order by booking_id)[:{SHOWN}]
            from {outdated} group by _file""").fetchall():
        shown = ", ".join(ids) + (", ..." if rows > len(ids) else "")
        notes[number] = (f"{rows} open row{'s' * (rows != 1)} ({shown}) kept only in bookings_history:"
                         f" {'each' if rows != 1 else 'its'} booking's release, sent before, is later than this"
                         f" file's last date ({last}) and stands")
    return notes


def keep_outdated_in_history(con: duckdb.DuckDBPyConnection, outdated: str, ids: str, now: dt.datetime,
                             live: str = "bookings") -> None:
    """Write the set-aside rows to `<live>_history`, replaced by the live version (write the
    batch's live rows first); `ids`: the batch's (_file, submission_id)."""
    con.execute(f"""
        insert into {live}_history by name
        select s.submission_id, o.* exclude (_file, file_last_date), ?::timestamp as replaced_at,
               l.submission_id as replaced_by
        from {outdated} o join {ids} s using (_file) join {live} l using (booking_uid)""", [now])
