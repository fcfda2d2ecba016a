"""Each pair's fitted posteriors (`work.entry_booking`) -> one verdict per report entry.

    >>> write_verdicts(store, run_id, config)   # outcomes, candidate_posteriors, reasons

Per entry the states' probabilities are sums over its candidate bookings (transferred: the
pair's P(booking) x P(ICE book-in in the hand-over window); held; released to another agency;
declined) and "no release record" is what is left. The likeliest state is the verdict when it
reaches the review threshold, else `needs_review`. Then: the candidates each verdict shows and
their evidence, duplicate listings, the reasons, and auditors' decisions, which overrule the
model. `linkage.reconcile` fits the posteriors this reads.
"""

from __future__ import annotations

from linkage.config import Config
from linkage.match.entry_logs import write_refused_log_entries
from linkage.match.hop1 import UNLOGGED_ENTRIES
from linkage.match.score import drop_kept_predictions, fill_evidence
from linkage.normalize.dates import report_week_start_sql
from linkage.reasons import write_reasons
from linkage.review import apply_decisions
from linkage.stale import stale_sql
from linkage.store import Store

_TRANSFERRED = "(case when not (in_custody or past_log_end) then p_booking * p_transfer else 0 end)"
"""SQL over `work.entry_booking`: the pair's share of the entry's P(transferred), only where its
booking was released (neither held nor open past its log's end). Summed, it is P(transferred);
its largest pair is the booking a verdict of transfer names."""

SHOWN_CANDIDATES = "work.shown_candidates"
"""Per entry, the bookings its verdict shows (`_shown_candidates_sql`); their posteriors are
kept in `candidate_posteriors`."""
SHOWN_PER_ENTRY = 5


def write_verdicts(store: Store, run_id: str, config: Config) -> None:
    """`outcomes` and `candidate_posteriors` of `run_id` from `work.entry_booking`."""
    # The report, reasons, `explain` and the review show each entry's most probable
    # candidates: those that are not among its best by weight get their evidence now, from
    # hop 1's predictions.
    store.con.execute(f"create or replace table {SHOWN_CANDIDATES} as {_shown_candidates_sql()}")
    fill_evidence(store, run_id, "hop1", f"select entry_id as left_id, booking_uid as right_id from {SHOWN_CANDIDATES}")
    drop_kept_predictions(store, "hop1")
    _write_outcomes(store, run_id, config)


def _shown_candidates_sql() -> str:
    """SQL over `work.entry_booking`: per entry its 5 most probable bookings and the booking a
    verdict of transfer names, which need not be among them. Ties rank the larger ID first, as
    the entry's top booking does (`_write_outcomes`). A top-k aggregate, not a window:
    nationally the window sorted 11.6 M pairs (3.4 s -> 0.5 s)."""
    return f"""
        select entry_id, unnest(max_by(booking_uid, {{p: p_booking, id: booking_uid}}, {SHOWN_PER_ENTRY})) as booking_uid
        from work.entry_booking group by entry_id
        union
        select entry_id, max_by(booking_uid, {{p: {_TRANSFERRED}, id: booking_uid}})
        from work.entry_booking where {_TRANSFERRED} > 0 group by entry_id"""


def _write_outcomes(store: Store, run_id: str, config: Config) -> None:
    con = store.con
    con.execute(
        """
        create or replace table work.entry_states as
        with agg as (
            select entry_id,
                   -- Released: neither held nor open past its log's end (that share is held as
                   -- the jail's stays say, p_held, and "no record" for the rest).
                   sum($TRANSFERRED) as p_ice,
                   sum(case when not (in_custody or past_log_end) then p_booking * (1 - p_transfer) * q_other
                            else 0 end) as p_other,
                   sum(case when not (in_custody or past_log_end) then p_booking * (1 - p_transfer) * (1 - q_other)
                            else 0 end) as p_declined,
                   sum(p_booking * p_held) as p_custody,
                   arg_max(booking_uid, {'p': p_booking, 'id': booking_uid}) as top_booking,
                   -- The booking that carries most of P(transferred): a verdict of transfer names
                   -- it and its book-in, even where another booking is likelier as a whole (a
                   -- release months before the decline, say, which is never a hand-over).
                   arg_max(booking_uid, {'p': $TRANSFERRED, 'id': booking_uid}) as transfer_booking
            from work.entry_booking group by entry_id
        )
        select e.entry_id,
               coalesce(a.p_ice, 0) as p_ice, coalesce(a.p_other, 0) as p_other,
               coalesce(a.p_declined, 0) as p_declined, coalesce(a.p_custody, 0) as p_custody,
               greatest(1 - coalesce(a.p_ice + a.p_other + a.p_declined + a.p_custody, 0), 0) as p_none,
               a.top_booking, a.transfer_booking, false as unchecked
        from report_entries e left join agg a using (entry_id)
        """.replace("$TRANSFERRED", _TRANSFERRED)
    )
    # An entry whose jurisdiction's log the store refused is not "not in the log": nothing was
    # checked. Its "no record" share goes to the states as the entries with a log came out on
    # average, and it is never decided (needs_review): a store holding one declining jail's
    # log would otherwise confirm every such listing. An entry of a jurisdiction that sent no
    # log at all stays "no release record" (docs/model.md, *Known limits*).
    unchecked = write_refused_log_entries(store, UNLOGGED_ENTRIES)
    con.execute(f"""
        update work.entry_states s
        set p_ice = s.p_ice + s.p_none * a.ice, p_other = s.p_other + s.p_none * a.other,
            p_declined = s.p_declined + s.p_none * a.declined, p_custody = s.p_custody + s.p_none * a.custody,
            p_none = s.p_none * a.no_record, unchecked = true
        from (select avg(p_ice) as ice, avg(p_other) as other, avg(p_declined) as declined,
                     avg(p_custody) as custody, avg(p_none) as no_record
              from work.entry_states where entry_id not in (select entry_id from {UNLOGGED_ENTRIES})) a
        where s.entry_id in (select entry_id from {unchecked}) and a.no_record is not null""")
    with store.transaction():
        con.execute("delete from outcomes where run_id = ?", [run_id])
        _insert_outcomes(store, run_id, config)
        con.execute("delete from candidate_posteriors where run_id = ?", [run_id])
        con.execute(
            f"""insert into candidate_posteriors
                select ?, e.entry_id, e.booking_uid, e.p_booking,
                       case when not (e.in_custody or e.past_log_end) then e.p_transfer end
                from {SHOWN_CANDIDATES} s join work.entry_booking e using (entry_id, booking_uid)""",
            [run_id])
        _mark_duplicates(store, run_id)
        write_reasons(store, run_id, config.hop2.transfer_window_hours)
        # An auditor's decision overrules the model (confidence 1, "decided by ..."), last.
        apply_decisions(store, run_id, config)


def _insert_outcomes(store: Store, run_id: str, config: Config) -> None:
    rc = config.reconcile
    store.con.execute(
        # By name: a column a migration adds to outcomes lands last, and would shift a positional list.
        f"""
        insert into outcomes by name
        with decided as (
            select *,
                   greatest(p_ice, p_other, p_declined, p_custody, p_none) as p_best,
                   case greatest(p_ice, p_other, p_declined, p_custody, p_none)
                        when p_ice then 'transferred_to_ice'
                        when p_other then 'transferred_to_other_agency'
                        when p_declined then 'declined_confirmed'
                        when p_custody then 'still_in_custody'
                        else 'no_release_record' end as best
            from work.entry_states
        ),
        chosen as (
            select d.*,
                   case when d.best = 'no_release_record' and d.p_best >= {rc.review_threshold}
                             and not d.unchecked then null
                        when d.p_ice >= 0.5 then d.transfer_booking
                        else d.top_booking end as booking_uid
            from decided d
        ),
        strongest as (
            select o.booking_uid, arg_max(o.custody_id, {{'odds': o.odds_unit, 'id': o.custody_id}}) as custody_id
            from work.hop2_odds o where o.in_window group by o.booking_uid
        ),
        -- ICE books a hand-over in at a hold room, then again at a detention centre a day or two
        -- later: the stay's first book-in in the window (one A-number, or one name and birth date
        -- where either lacks an A-number, as units._REBOOKING reads a person) is the one that
        -- followed the release, though the second may weigh more (world K: the hold room's
        -- empty state).
        book_in as (
            select s.booking_uid, arg_min(k.custody_id, {{'at': k.book_in_datetime, 'id': k.custody_id}}) as custody_id
            from strongest s join book_ins top on top.custody_id = s.custody_id
            join work.hop2_odds o on o.booking_uid = s.booking_uid and o.in_window
            join book_ins k on k.custody_id = o.custody_id
            where k.custody_id = top.custody_id
               or (k.book_in_datetime < top.book_in_datetime
                   and (k.a_number = top.a_number
                        or ((k.a_number is null or top.a_number is null) and k.last_name = top.last_name
                            and k.first_name = top.first_name and k.birth_date = top.birth_date)))
            group by s.booking_uid
        )
        select ? as run_id, c.entry_id,
               case when c.p_best >= {rc.review_threshold} and not c.unchecked then c.best else 'needs_review' end
                 as outcome,
               round(c.p_best, 4) as confidence, round(c.p_ice, 4) as p_transferred,
               round(c.p_other, 4) as p_other_agency, round(c.p_declined, 4) as p_declined,
               round(c.p_custody, 4) as p_in_custody, round(c.p_none, 4) as p_no_record,
               c.booking_uid, b.booking_id,
               case when c.p_ice >= 0.5 then bi.custody_id end as custody_id,
               null as duplicate_of, {stale_sql("e", rc.stale_days)} as stale,
               '' as reasons
        from chosen c
        join report_entries e using (entry_id)
        left join bookings b on b.booking_uid = c.booking_uid
        left join book_in bi on bi.booking_uid = c.booking_uid
        """,
        [run_id],
    )


def _mark_duplicates(store: Store, run_id: str) -> None:
    """The same detainer listed again in a later report week (weeks by their first day): same
    place, issued date and citizenship, and either the same recorded decline day or the same
    most probable booking."""
    store.con.execute(
        f"""
        update outcomes set duplicate_of = d.first_id
        from (
            select later.entry_id, min(earlier.entry_id order by earlier.report_week, earlier.entry_id) as first_id
            from report_entries later
            join report_entries earlier
              on earlier.jurisdiction = later.jurisdiction
             and earlier.detainer_issued_date = later.detainer_issued_date
             and earlier.citizenship_country is not distinct from later.citizenship_country
             -- An earlier report, by week: one report may be given as different days of its
             -- week (contract §1), and its entries are no listings of each other.
             and {report_week_start_sql("earlier.report_week")} < {report_week_start_sql("later.report_week")}
            join outcomes oe on oe.run_id = ? and oe.entry_id = earlier.entry_id
            join outcomes ol on ol.run_id = ? and ol.entry_id = later.entry_id
            where earlier.detainer_declined_date = later.detainer_declined_date
               -- Without a country (ICE's UNKNOWN) a shared booking is too little: two
               -- listings of one place and issued day are then as often two people.
               or (oe.booking_uid is not null and oe.booking_uid = ol.booking_uid
                   and later.citizenship_country is not null)
            group by later.entry_id
        ) d
        where outcomes.run_id = ? and outcomes.entry_id = d.entry_id
        """,
        [run_id, run_id, run_id],
    )
