"""What a release log can say about days past its end.

    >>> ends = write_log_ends(store)                 # work.log_ends: jurisdiction, last_event
    >>> con.execute(f"create table held as {still_held_sql('work.hop1_odds', ends)}")

A sheriff may send a log that stops before the report weeks end — cut off part-way, or not
yet sent for the last days. A booking still open on the log's last day was held then; on a
later decline day it may have been released meanwhile, and the log cannot say. Reconcile
(`linkage/reconcile.py`) reads such a booking as held at the decline with the probability the
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

LOG_ENDS = "work.log_ends"
"""Reconcile's table of `log_ends_sql`, written once a run and read by reconcile and reasons."""


def write_log_ends(store: Store) -> str:
    """Write `LOG_ENDS` from the store's bookings; returns its name. One scan of the bookings
    per run, however many statements ask for a log's last day."""
    store.con.execute(f"create or replace table {LOG_ENDS} as {log_ends_sql()}")
    return LOG_ENDS


def log_ends_sql() -> str:
    """SQL of (jurisdiction, last_event): the last day each jurisdiction's release log speaks
    of, its latest booking or release."""
    return ("select jurisdiction, max(greatest(booking_date, coalesce(release_datetime, booking_date)))::date"
            " as last_event from bookings group by jurisdiction")


def open_past_log_end_sql(booking: str, declined: str, last_event: str) -> str:
    """SQL: the booking is still open in a log whose last day comes before the decline."""
    return f"({booking}.release_datetime is null and {last_event} < {declined})"


def still_held_sql(pairs: str, log_ends: str) -> str:
    """SQL of (entry_id, booking_uid, p_held) for the pairs of `pairs` (a relation with
    entry_id, booking_uid, past_log_end) whose booking is open past its log's end (`log_ends`:
    a relation of `log_ends_sql`): the chance that a stay already s days long on the log's
    last day lasts on to the decline, S(t) / S(s) from the Kaplan-Meier curve of the
    jurisdiction's own stays (released stays end, open ones are censored on the log's last
    day).

    A busy jail's log that merely stops two days short says "held" at ~0.9; one cut off two
    months before the decline, ~0.1. Past the longest stay the log shows, the curve is flat:
    the log says nothing there, and the booking counts as held (the reading before). Nothing
    here is fitted to labels."""
    return f"""
        with log as (select * from {log_ends}),
        asked as (
            select p.entry_id, p.booking_uid, b.jurisdiction,
                   date_diff('day', b.booking_date::date, log.last_event) as stayed,
                   date_diff('day', b.booking_date::date, e.detainer_declined_date) as needed
            from (select entry_id, booking_uid from {pairs} where past_log_end) p
            join bookings b using (booking_uid)
            join report_entries e using (entry_id)
            join log on log.jurisdiction = b.jurisdiction),
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


def ice_covers_sql(release_datetime: str, window_hours: float) -> str:
    """SQL: the ICE extract spans the release's hand-over window, from the release to
    `window_hours` after it (the day of its first book-in at or before the release, the day of
    its last at or after the window's end). False with no extract, and for a booking not
    released.

        >>> con.sql(f"select {ice_covers_sql('b.release_datetime', 72)} from bookings b")"""
    return (f"coalesce({release_datetime} >= (select first_day from {ICE_EXTRACT_DAYS})"
            f" and {release_datetime} + to_seconds({float(window_hours) * 3600})"
            f" <= (select last_day + 1 from {ICE_EXTRACT_DAYS}), false)")
