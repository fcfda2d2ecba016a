"""What a release log can say about days past its end.

    >>> ends = write_log_ends(store)                 # work.log_ends: jurisdiction, last_event
    >>> con.execute(f"create table held as {still_held_sql('work.hop1_odds', ends)}")

A sheriff may send a log that stops before the report weeks end — cut off part-way, or not
yet sent for the last days — or weekly logs with weeks missing. A booking still open on the
log's last day before such a stretch was held then; on a decline day within the stretch it may
have been released meanwhile, and the log cannot say (unless the file that shows it open
reaches past the decline: `open_past_log_end_sql`). Reconcile (`linkage/reconcile.py`)
reads such a booking as held at the decline with the probability the
jail's own stays give (`still_held_sql`), and as "no release record" otherwise: unknown, not
"still in custody" (as before session 21, when an independent world's cut-off logs put 7-8
entries a seed "still in custody" at 0.92-0.99).

The ICE extract has ends too: a release whose hand-over window it does not span (an extract
that stops before the release, or starts after it; none at all) shows no book-in whether or not
ICE took the person (`ice_covers_sql`). Reconcile reads the missing book-in there as no
evidence either way, not as a decline.
"""

from __future__ import annotations

from linkage.store import Store

LAST_DAY_SPOKEN = "max(greatest(booking_date, coalesce(release_datetime, booking_date)))::date"
"""SQL aggregate over bookings: the last day they speak of, the latest booking or release (of
a log: its end; of a file: the day it was exported on, or after)."""

LOG_ENDS = "work.log_ends"
"""Reconcile's table of `log_ends_sql`, written once a run and read by reconcile and reasons."""

GAP_P = 1e-3
"""A run of a week or more of days without an event is a gap, not a quiet spell, where the
share of days with one over the source's span gives such a run less than this chance, shared
among the runs that could have started (one per day with an event): over a year, a week for a
jail that releases someone on nine days in ten, 18 days for one that does on every other day,
40 for one that does on one day in four (`gaps_sql`). Days, not events: releases come in
batches on court days."""

ICE_GAPS = "work.ice_gaps"
"""Reconcile's table of `write_ice_gaps`, written once a run beside `LOG_ENDS`."""


def gaps_sql(days: str, key: str) -> str:
    """SQL of (<key>, last_day, resumes): in `days` (a relation of <key>, day: the days with an
    event, once each), each run of silent days between `last_day` and `resumes` that is a gap
    (`GAP_P`) at its key's own share of days with an event."""
    return f"""
        select {key}, last_day, resumes from (
            select *, date_diff('day', last_day, resumes) - 1 as silent from (
                select {key}, day as last_day, lead(day) over (partition by {key} order by day) as resumes,
                       count(*) over (partition by {key}) as n_days,
                       date_diff('day', min(day) over (partition by {key}), max(day) over (partition by {key})) + 1
                         as span
                from ({days})))
        where silent >= 7 and (n_days >= span or silent * ln(1 - n_days / span) < ln({GAP_P} / n_days))"""


def write_log_ends(store: Store) -> str:
    """Write `LOG_ENDS` from the store's bookings; returns its name. One scan of the bookings
    per run, however many statements ask for a log's last day."""
    store.con.execute(f"create or replace table {LOG_ENDS} as {log_ends_sql()}")
    return LOG_ENDS


def log_ends_sql() -> str:
    """SQL of (jurisdiction, last_event, resumes): the stretches of days a jurisdiction's release
    log does not speak of, each from its last day before them: after its latest booking or
    release (`resumes` null), and each gap in its releases (`gaps_sql`; from the last release
    before it, `resumes` the day releases begin again). Releases, not bookings, mark a gap:
    weeks a jail did not send still show the bookings of people released after them. Join
    the stretch of a day with `log_silent_on`."""
    releases = ("select distinct jurisdiction, release_datetime::date as day"
                " from bookings where release_datetime is not null")
    return f"""
        select jurisdiction, last_day as last_event, resumes from ({gaps_sql(releases, "jurisdiction")})
        union all
        select jurisdiction, {LAST_DAY_SPOKEN}, null::date from bookings group by jurisdiction"""


def write_ice_gaps(store: Store) -> str:
    """Write `ICE_GAPS`: per apprehension state, the gaps in the ICE extract's book-ins (`gaps_sql`),
    from the extract's first day to its last: a month missing from one region's files (world
    L's west), or a region whose latest file has not come yet while another's has. Book-ins
    without a state speak for none. Returns the table's name."""
    # The extract's first and last days bound every state's days: a state silent at either end
    # of the extract is tested as it is within it.
    book_ins = f"""
        select distinct apprehension_state as state, book_in_datetime::date as day from book_ins
        where apprehension_state is not null and book_in_datetime is not null
        union select s.state, x.day from (select distinct apprehension_state as state from book_ins
                                          where apprehension_state is not null) s,
        (select unnest([first_day - 1, last_day + 1]) as day from {ICE_EXTRACT_DAYS}) x"""
    store.con.execute(f"create or replace table {ICE_GAPS} as {gaps_sql(book_ins, 'state')}")
    return ICE_GAPS


def log_silent_on(stretch: str, jurisdiction: str, day: str) -> str:
    """SQL join condition: `stretch` (a row of `LOG_ENDS`) is the one of `jurisdiction` that
    `day` falls in (at most one; none where the log speaks of the day)."""
    return (f"{stretch}.jurisdiction = {jurisdiction} and {stretch}.last_event < {day}"
            f" and ({stretch}.resumes is null or {stretch}.resumes > {day})")


def open_past_log_end_sql(booking: str, declined: str, last_event: str, seen_until: str) -> str:
    """SQL: the booking is still open in a log silent on the decline day (`last_event`: the
    stretch's, by `log_silent_on`), and the file that shows it open (its last day
    `seen_until`, `submissions.period_end`) stops before the decline: a file reaching past
    the decline shows it held then."""
    return (f"coalesce({booking}.release_datetime is null and {last_event} < {declined}"
            f" and coalesce({seen_until} < {declined}, true), false)")


def still_held_sql(pairs: str, log_ends: str) -> str:
    """SQL of (entry_id, booking_uid, p_held) for the pairs of `pairs` (a relation with
    entry_id, booking_uid, past_log_end, silent_from: the last day before the log's silence,
    seen_until: the last day of the file that shows the booking open) whose booking is open
    past its log's end or in a gap of it (`log_ends`: a relation of `log_ends_sql`): the
    chance that a stay already s days long on the later of those days lasts on to the decline,
    S(t) / S(s) from the Kaplan-Meier curve of the jurisdiction's own stays (released stays
    end, open ones are censored on the log's last day).

    A busy jail's log that merely stops two days short says "held" at ~0.9; one cut off two
    months before the decline, ~0.1. Past the longest stay the log shows, the curve is flat:
    the log says nothing there, and the booking counts as held (the reading before). Nothing
    here is fitted to labels."""
    return f"""
        with log as (select jurisdiction, last_event from {log_ends} where resumes is null),
        asked as (
            select p.entry_id, p.booking_uid, b.jurisdiction,
                   date_diff('day', b.booking_date::date, greatest(p.silent_from, p.seen_until)) as stayed,
                   date_diff('day', b.booking_date::date, e.detainer_declined_date) as needed
            from (select entry_id, booking_uid, silent_from, seen_until from {pairs} where past_log_end) p
            join bookings b using (booking_uid)
            join report_entries e using (entry_id)),
        durations as (  -- per jurisdiction asked about and length in days: stays ended, still open
            select b.jurisdiction,
                   date_diff('day', b.booking_date::date, coalesce(b.release_datetime::date, log.last_event)) as days,
                   count(b.release_datetime) as ended, count(*) - count(b.release_datetime) as open
            from bookings b join log using (jurisdiction)
            where b.jurisdiction in (select jurisdiction from asked)
            group by all),
        curve as (  -- log S(days): the Kaplan-Meier product over the lengths up to it
            select jurisdiction, days,
                   sum(ln(greatest(1 - ended / at_risk, 1e-12))) over (partition by jurisdiction order by days)
                     as log_survival
            from (select *, sum(ended + open) over (partition by jurisdiction order by days desc) as at_risk
                  from durations))
        select a.entry_id, a.booking_uid,
               exp(coalesce(s_needed.log_survival, 0) - coalesce(s_stayed.log_survival, 0)) as p_held
        from asked a
        asof left join curve s_needed on s_needed.jurisdiction = a.jurisdiction and s_needed.days <= a.needed
        asof left join curve s_stayed on s_stayed.jurisdiction = a.jurisdiction and s_stayed.days <= a.stayed
    """


ICE_EXTRACT_DAYS = ("(select min(book_in_datetime)::date as first_day, max(book_in_datetime)::date as last_day"
                    " from book_ins)")
"""SQL relation of the ICE extract's first and last days: whole days, as an extract is cut by date
and its first and last days' book-ins may fall at any hour of them (nulls with no extract)."""


def ice_covers_sql(release_datetime: str, window_hours: float, state: str) -> str:
    """SQL: the ICE extract spans the release's hand-over window, from the release to
    `window_hours` after it (the day of its first book-in at or before the release, the day of
    its last at or after the window's end), and no gap in the book-ins of the release's
    `state` (`ICE_GAPS`, written by `write_ice_gaps`) meets the window. False with no
    extract, and for a booking not released.

        >>> con.sql(f"select {ice_covers_sql('b.release_datetime', 72, 'b.state')} from bookings b")"""
    return (f"coalesce({release_datetime} >= (select first_day from {ICE_EXTRACT_DAYS})"
            f" and {_window_end(release_datetime, window_hours)} <= (select last_day + 1 from {ICE_EXTRACT_DAYS})"
            f" and not exists ({_gaps_meeting(release_datetime, window_hours, state)}), false)")


def ice_gap_sql(release_datetime: str, window_hours: float, state: str) -> str:
    """SQL: 'YYYY-MM-DD to YYYY-MM-DD', the first and last silent day of a gap in the book-ins of
    the release's `state` that meets its hand-over window (`ice_covers_sql`); null where none."""
    return (f"(select min(strftime(g.last_day + 1, '%Y-%m-%d') || ' to ' || strftime(g.resumes - 1, '%Y-%m-%d'))"
            f" from ({_gaps_meeting(release_datetime, window_hours, state)}) g)")


def _gaps_meeting(release_datetime: str, window_hours: float, state: str) -> str:
    return (f"select * from {ICE_GAPS} g where g.state = {state}"
            f" and g.last_day < ({_window_end(release_datetime, window_hours)})::date"
            f" and g.resumes > ({release_datetime})::date")


def _window_end(release_datetime: str, window_hours: float) -> str:
    return f"{release_datetime} + to_seconds({float(window_hours) * 3600})"
