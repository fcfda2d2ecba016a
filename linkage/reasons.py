"""One readable line per verdict: what decided it, in the words an auditor would use.

    >>> write_reasons(store, run_id, config.hop2.transfer_window_hours)     # fills outcomes.reasons

    released 2017-02-03 14:10 (TIME SERVED), ICE book-in 1.5 h later (CAP LOCAL INCARCERATION);
    entry ↔ booking: jail hold date = detainer issued date + jail recorded an ICE hold;
    release ↔ ICE book-in: birth date identical + surname identical
"""

from __future__ import annotations

from linkage.coverage import ICE_EXTRACT_DAYS, LOG_ENDS, ice_covers_sql, ice_gap_sql, log_silent_on
from linkage.entry_priors import ENTRY_FACILITIES
from linkage.match.entry_logs import ENTRY_LOGS, REFUSED_LOG_ENTRIES
from linkage.match.hop1 import UNLOGGED_ENTRIES
from linkage.match.hop2 import days_to_book_in, logged_without_time, release_to_book_in_hours
from linkage.normalize.dates import report_week_start_sql
from linkage.stale import ISSUED_DATE_COMPARISONS, STALE_FACTORS
from linkage.store import Store


def write_reasons(store: Store, run_id: str, window_hours: float) -> None:
    """Fill `outcomes.reasons` of `run_id`; `window_hours`: hop 2's hand-over window (whether the
    ICE extract covers a release's, `coverage.ice_covers_sql`)."""
    # The hours a verdict's book-in came after the release, as hop 2 read them.
    hours = release_to_book_in_hours("b.release_datetime", "k.book_in_datetime")
    store.con.execute(
        """
        update outcomes set reasons = r.text
        from (
            with ev as (
                select hop, left_id, right_id, c,
                       -- Splink's catch-all level is called 'else': say what differed instead.
                       coalesce(nullif(c->>'label', 'else'),
                                replace(c->>'name', '_', ' ') || ' differs') as label
                -- Only the pairs a verdict rests on: nationally the run holds ~35 M pairs, and
                -- unnesting the evidence of every one ran DuckDB out of memory.
                from (select p.hop, p.left_id, p.right_id,
                             unnest(json_extract(p.evidence, '$.comparisons[*]')) as c
                      from candidate_pairs p
                      join (select 'hop1' as hop, entry_id as left_id, booking_uid as right_id
                            from outcomes where run_id = $run and booking_uid is not null
                            union
                            select 'hop2', booking_uid, custody_id
                            from outcomes where run_id = $run and custody_id is not null) chosen
                        using (hop, left_id, right_id)
                      where p.run_id = $run) x
                -- A stale detainer's issued date is not what weighed its pair (linkage/stale.py).
                left join $STALE sf on x.hop = 'hop1' and sf.entry_id = x.left_id and sf.booking_uid = x.right_id
                where sf.entry_id is null or (x.c->>'name') not in $ISSUED_DATE
            ),
            agreed as (
                select hop, left_id, right_id,
                       array_to_string(list(label order by (c->>'match_weight')::double desc)
                           filter (where (c->>'match_weight')::double >= 1)[1:3], ' + ') as yes,
                       array_to_string(list(label order by (c->>'match_weight')::double)
                           filter (where (c->>'match_weight')::double <= -1)[1:2], ' + ') as no
                from ev group by all
            ),
            states as (
                -- The two most probable states of an entry, for "uncertain between ... and ...".
                select entry_id,
                       list(printf('%s (%.2f)', s.name, s.p) order by s.p desc, s.name)[1:2] as top
                from (select entry_id, unnest([
                        {'name': 'transferred to ICE', 'p': p_transferred},
                        {'name': 'transferred to another agency', 'p': p_other_agency},
                        {'name': 'declined', 'p': p_declined},
                        {'name': 'still in custody', 'p': p_in_custody},
                        {'name': 'no release record', 'p': p_no_record}]) as s
                      from outcomes where run_id = $run)
                group by entry_id
            ),
            n_candidates as (
                select left_id as entry_id, count(*) as n
                from candidate_pairs where run_id = $run and hop = 'hop1' group by all
            ),
            past_end as (
                -- The booking open past its log's end that gives the entry most of its "no
                -- record" (linkage.coverage), where that is a share worth naming.
                select eb.entry_id, unnest(arg_max({'booking_id': b.booking_id, 'jurisdiction': b.jurisdiction,
                                                    'last_event': le.last_event, 'resumes': le.resumes},
                                                   eb.p_booking * (1 - eb.p_held)))
                from work.entry_booking eb
                join bookings b using (booking_uid)
                join report_entries d using (entry_id)
                join $LOG_ENDS le on $SILENT_PE
                where eb.past_log_end and eb.p_booking * (1 - eb.p_held) >= 0.05
                group by eb.entry_id
            )
            select o.entry_id, concat_ws('; ',
                case
                    -- Its jurisdiction's log is not in the store (`hop1.UNLOGGED_ENTRIES`), nor a
                    -- log ICE meant by another spelling: nothing could be checked.
                    when rl.entry_id is not null then  -- (a same-named county's candidate or not)
                        printf('no release log from %s in the store, and a log was refused (%s): until it is '
                               'sent again, this entry cannot be checked', e.jurisdiction, rl.files)
                    when o.booking_uid is null and e.entry_id in (select entry_id from $UNLOGGED) then
                        printf('no release log from %s in the store: %s', e.jurisdiction,
                               case when coalesce(nc.n, 0) = 0 then 'nothing to check this entry against'
                                    else printf('none of %d candidates of same-named counties elsewhere fits',
                                                nc.n) end)
                    when o.outcome = 'needs_review' then
                        printf('uncertain between %s over %d candidate bookings',
                               array_to_string(st.top, ' and '), coalesce(nc.n, 0))
                    when o.booking_uid is null and pe.entry_id is not null then
                        printf('the %s log %s: booking %s, open then, may have been released since'
                               ' (%d candidates scored)',
                               pe.jurisdiction, $SILENT(pe), pe.booking_id, coalesce(nc.n, 0))
                    when o.booking_uid is null then
                        printf('no booking in the %s log fits this entry (%d candidates scored)',
                               coalesce(el.jurisdiction, e.jurisdiction), coalesce(nc.n, 0))
                    when lg.past_log_end then
                        printf('booked %s, still open when the %s log %s',
                               strftime(b.booking_date, '%Y-%m-%d'), b.jurisdiction, $SILENT(lb))
                    when b.release_datetime is null or o.outcome = 'still_in_custody' then
                        printf('booked %s, not released by %s', strftime(b.booking_date, '%Y-%m-%d'),
                               strftime($WEEK_START + 6, '%Y-%m-%d'))
                    else printf('released %s (%s)',
                               -- a log without times of day: the date alone, not a false 00:00
                               case when $DAY_ONLY
                                    then strftime(b.release_datetime, '%Y-%m-%d')
                                    else strftime(b.release_datetime, '%Y-%m-%d %H:%M') end,
                               coalesce(b.release_reason, 'no reason given'))
                end,
                -- Listed months after the release (`posterior.Pairs.long_gone`): whatever ICE
                -- did at that release, the detainer was still open long after it.
                case when lg.long_gone then printf('recorded as declined %d days after this release, so no hand-over at it',
                                                   date_diff('day', b.release_datetime::date, e.detainer_declined_date))
                     -- A release logged by its day only: hours from a false 00:00 would mislead.
                     when o.custody_id is not null and $DAY_ONLY then
                    printf('ICE book-in %s, %s (%s)',
                           strftime(k.book_in_datetime, '%Y-%m-%d %H:%M'),
                           case $DAYS
                                when 0 then 'the release day' when 1 then 'the day after the release'
                                when -1 then 'just before the release day began' -- `timing_day`: an hour
                                else printf('%d days after the release', $DAYS) end,
                           coalesce(k.apprehension_method, 'method not recorded'))
                     when o.custody_id is not null then
                    printf('ICE book-in %.1f h later (%s)',
                           $HOURS,
                           coalesce(k.apprehension_method, 'method not recorded'))
                     -- An extract that ends before the release's window (or begins after it, or
                     -- none at all) shows no book-in whatever ICE did: not evidence of a decline.
                     when o.outcome not in ('still_in_custody', 'no_release_record')
                          and b.release_datetime is not null and not $COVERED then
                    case when (select first_day from $EXTRACT) is null
                         then 'no ICE extract in the store: whether ICE took the person is not known'
                         -- a gap in the state's book-ins, else the extract's ends (printf of a null is null)
                         else coalesce(printf('the ICE extract has no book-ins in %s from %s: it does not cover this'
                                              ' release''s hand-over window', b.state, $ICE_GAP),
                                       printf('the ICE extract (book-ins %s to %s) does not cover this release''s'
                                              ' hand-over window',
                                              (select first_day from $EXTRACT), (select last_day from $EXTRACT))) end
                     when o.outcome = 'declined_confirmed' then 'no ICE book-in at release'
                end,
                case when a1.yes <> '' then 'entry ↔ booking: ' || a1.yes end,
                case when a1.no <> '' then 'against: ' || a1.no end,
                case when a2.yes <> '' and o.custody_id is not null then 'release ↔ ICE book-in: ' || a2.yes end,
                case when o.stale then printf('stale: detainer issued %d days before the decline%s',
                    date_diff('day', e.detainer_issued_date, e.detainer_declined_date),
                    case when sb.entry_id is not null
                         then ', so the booking is weighed by its state at the decline, not by that date' else '' end)
                end,
                case when o.duplicate_of is not null then 'also listed as ' || o.duplicate_of end,
                -- The log does not name the facility ICE gives, and that weighed (`entry_priors.FacilityNamed`).
                case when ef.facility_named = 0 and ef.facility_factor <= 0.5
                     then printf('ICE lists it at %s, a facility the %s log never names (odds of its being in the log x%.2f)',
                                 e.facility, coalesce(el.jurisdiction, e.jurisdiction), ef.facility_factor) end,
                -- ICE spelled the county otherwise than any log (`entry_logs.ENTRY_LOGS`): say which log was searched.
                case when el.entry_id is not null then printf('ICE''s %s read as the %s log', e.jurisdiction, el.jurisdiction) end,
                -- A booking of a same-named county's log in another state (`p_misfiled_county`):
                -- a blind world's AL/JEFFERSON listing confirmed by a CO/JEFFERSON release read
                -- as AL's own.
                case when b.jurisdiction <> coalesce(el.jurisdiction, e.jurisdiction)
                     then printf('the booking is in the %s log, not %s''s: ICE may have filed it under the wrong county',
                                 b.jurisdiction, coalesce(el.jurisdiction, e.jurisdiction)) end
            ) as text
            from outcomes o
            join report_entries e using (entry_id)
            left join bookings b on b.booking_uid = o.booking_uid
            left join book_ins k on k.custody_id = o.custody_id
            left join agreed a1 on a1.hop = 'hop1' and a1.left_id = o.entry_id and a1.right_id = o.booking_uid
            left join agreed a2 on a2.hop = 'hop2' and a2.left_id = o.booking_uid and a2.right_id = o.custody_id
            left join n_candidates nc on nc.entry_id = o.entry_id
            left join $STALE sb on sb.entry_id = o.entry_id and sb.booking_uid = o.booking_uid
            left join past_end pe on pe.entry_id = o.entry_id
            left join $LOG_ENDS lb on $SILENT_LB
            left join states st on st.entry_id = o.entry_id
            left join work.entry_booking lg on lg.entry_id = o.entry_id and lg.booking_uid = o.booking_uid
            left join $ENTRY_LOGS el on el.entry_id = o.entry_id
            left join $FACILITIES ef on ef.entry_id = o.entry_id
            left join $REFUSED rl on rl.entry_id = o.entry_id
            where o.run_id = $run
        ) r
        where outcomes.run_id = $run and outcomes.entry_id = r.entry_id
        """.replace("$HOURS", hours).replace("$COVERED", ice_covers_sql("b.release_datetime", window_hours, "b.state"))
        .replace("$ICE_GAP", ice_gap_sql("b.release_datetime", window_hours, "b.state"))
        .replace("$EXTRACT", ICE_EXTRACT_DAYS)
        .replace("$WEEK_START", report_week_start_sql("e.report_week")).replace("$LOG_ENDS", LOG_ENDS).replace("$STALE", STALE_FACTORS)
        .replace("$SILENT_PE", log_silent_on("le", "b.jurisdiction", "d.detainer_declined_date"))
        .replace("$SILENT_LB", log_silent_on("lb", "b.jurisdiction", "e.detainer_declined_date"))
        .replace("$SILENT(pe)", _silent_days("pe")).replace("$SILENT(lb)", _silent_days("lb"))
        .replace("$ENTRY_LOGS", ENTRY_LOGS).replace("$UNLOGGED", UNLOGGED_ENTRIES)
        .replace("$REFUSED", REFUSED_LOG_ENTRIES).replace("$FACILITIES", ENTRY_FACILITIES)
        .replace("$DAY_ONLY", logged_without_time("b.release_datetime"))
        .replace("$DAYS", days_to_book_in("b.release_datetime", "k.book_in_datetime"))
        .replace("$ISSUED_DATE", "(" + ", ".join(f"'{name}'" for name in ISSUED_DATE_COMPARISONS) + ")"),
        {"run": run_id},
    )


def _silent_days(stretch: str) -> str:
    """SQL, of an entry `e` and the stretch of its log (a row of `coverage.LOG_ENDS`) its decline
    falls in: 'ends 2017-01-20, 16 days before the decline', or 'has no releases from
    2017-08-06 to 2017-09-10, around the decline' for a gap (the days between releases)."""
    return (f"case when {stretch}.resumes is null then printf('ends %s, %d days before the decline',"
            f" strftime({stretch}.last_event, '%Y-%m-%d'), date_diff('day', {stretch}.last_event, e.detainer_declined_date))"
            f" else printf('has no releases from %s to %s, around the decline',"
            f" strftime({stretch}.last_event + 1, '%Y-%m-%d'), strftime({stretch}.resumes - 1, '%Y-%m-%d')) end")
