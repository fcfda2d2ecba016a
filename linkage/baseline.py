"""A deterministic SQL baseline, to show what the probabilistic model adds.

    >>> write_baseline(store, run_id="baseline")     # fills `outcomes` like a real run

Exact joins only: same jurisdiction, jail release day = the day ICE recorded the decline,
then an ICE book-in within the transfer window with identical surname, first name and birth
date. No review, no probabilities (confidence 1): this is what a careful analyst could do
with joins alone.
"""

from __future__ import annotations

from linkage.config import Config
from linkage.stale import stale_sql
from linkage.store import Store


def write_baseline(store: Store, config: Config, *, run_id: str = "baseline") -> str:
    con = store.con
    con.execute("delete from outcomes where run_id = ?", [run_id])
    con.execute("delete from runs where run_id = ?", [run_id])
    con.execute(
        "insert into runs (run_id, started_at, finished_at, status, config_hash, seed) "
        "values (?, current_timestamp, current_timestamp, 'done', ?, ?)",
        [run_id, config.config_hash(), config.seed],
    )
    hours = config.hop2.transfer_window_hours
    con.execute(
        f"""
        insert into outcomes by name  -- columns it leaves out are null
        with booking as (
            select e.entry_id, min(b.booking_uid) as booking_uid
            from report_entries e
            join bookings b on b.jurisdiction = e.jurisdiction
                           and b.release_datetime::date = e.detainer_declined_date
            group by e.entry_id
        ),
        book_in as (
            select bk.entry_id, min(k.custody_id) as custody_id
            from booking bk
            join bookings b on b.booking_uid = bk.booking_uid
            join book_ins k on k.last_name = b.last_name and k.first_name = b.first_name
                           and k.birth_date = b.dob
                           -- the times as written: an exact join misses a day-only book-in
                           -- on the release's day, which the model reads after it
                           and k.book_in_datetime between b.release_datetime
                               and b.release_datetime + interval {hours} hour
            group by bk.entry_id
        )
        select ? as run_id, e.entry_id,
               case when bi.custody_id is not null then 'transferred_to_ice'
                    when bk.booking_uid is not null then 'declined_confirmed'
                    else 'no_release_record' end as outcome,
               1.0 as confidence, case when bi.custody_id is not null then 1.0 else 0.0 end as p_transferred,
               bk.booking_uid, b.booking_id, bi.custody_id,
               {stale_sql("e", config.reconcile.stale_days)} as stale,
               'deterministic baseline: exact joins' as reasons
        from report_entries e
        left join booking bk using (entry_id)
        left join bookings b on b.booking_uid = bk.booking_uid
        left join book_in bi using (entry_id)
        """,
        [run_id],
    )
    return run_id
