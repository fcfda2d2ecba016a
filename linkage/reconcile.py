"""Candidate posteriors -> one outcome per report entry, with its probability and evidence.

    >>> reconcile(store, run_id, config)        # fills `outcomes` for run_id

Pairwise probabilities are not exclusive, so per entry the candidate odds become a
distribution that includes "not in this log" (../shared/design.md):

    o_j = prior_odds(in log) * BF_j / N_jurisdiction * factor_j      P(j|e) = o_j / (1 + sum_k o_k)

where BF_j is the pair's Bayes factor from Splink (its match weight minus Splink's own prior
weight) and N is the size of the entry's own candidate pool, the jurisdiction's log: a global
prior would make "no release record" win more the more jurisdictions are loaded. factor_j
weighs the candidate's ICE record (hop 2) as evidence of *which* booking the entry describes,
and per release

    P(transferred | e) = sum_j P(j|e) * P(ICE book-in within the hand-over window | j)

with the jail's release reason as one more likelihood ratio, never as proof. The arithmetic
and the priors it fits to the run (per-jurisdiction "in log", release-state rates, reason
rates) are in `linkage/posterior.py`; this module moves the numbers in and out of the store.
"""

from __future__ import annotations

import logging

import numpy as np
import pyarrow as pa

from linkage.citizenship import JailBirthplace, book_in_country_lr_sql
from linkage.config import Config
from linkage.coverage import (
    ICE_EXTRACT_DAYS,
    LOG_ENDS,
    ice_covers_sql,
    open_past_log_end_sql,
    still_held_sql,
    write_log_ends,
)
from linkage.match.decoys import DECOYS, DECOYS_TABLE, has_disagreements
from linkage.match.entry_logs import ENTRY_LOGS, write_refused_log_entries
from linkage.match.hop1 import (
    UNLOGGED_ENTRIES,
    in_custody_at_report_sql,
    released_long_before_sql,
    write_unlogged_entries,
)
from linkage.match.score import drop_kept_predictions, fill_evidence
from linkage.match.spec import comparison_levels
from linkage.normalize.dates import report_week_start_sql
from linkage.posterior import Pairs, Releases, fit_posterior
from linkage.reasons import write_reasons
from linkage.review import apply_decisions
from linkage.stale import STALE_FACTORS, stale_factor_sql, stale_sql
from linkage.store import Store
from linkage.units import hop1_units_sql, hop2_odds_sql, run_model

log = logging.getLogger(__name__)

_TRANSFERRED = "(case when not (in_custody or past_log_end) then p_booking * p_transfer else 0 end)"
"""SQL over `work.entry_booking`: the pair's share of the entry's P(transferred), only where its
booking was released (neither held nor open past its log's end). Summed, it is P(transferred);
its largest pair is the booking a verdict of transfer names."""

SHOWN_CANDIDATES = "work.shown_candidates"
"""Per entry, the bookings its verdict shows (`_shown_candidates_sql`); their posteriors are
kept in `candidate_posteriors`."""
SHOWN_PER_ENTRY = 5

STATES = [
    "transferred_to_ice",
    "transferred_to_other_agency",
    "declined_confirmed",
    "still_in_custody",
    "no_release_record",
]


def _hop2_birthplace(store: Store, run_id: str) -> JailBirthplace | None:
    """Hop 2's trained citizenship comparison of the run (None: it compared no countries)."""
    found = comparison_levels(run_model(store, run_id, "hop2") or {"comparisons": []}, "citizenship")
    if found is None:
        return None
    same, other = found[1]
    return JailBirthplace(same["m_probability"], other["m_probability"] / other["u_probability"])


def reconcile(store: Store, run_id: str, config: Config) -> dict[str, object]:
    """Write `outcomes` for `run_id` from its candidate pairs; returns the fitted priors."""
    con = store.con
    rc = config.reconcile
    n_book_ins = max(store.count("book_ins"), 1)
    run = run_id.replace("'", "''")
    hop2_pairs = (f"select left_id, right_id, match_weight, levels from candidate_pairs"
                  f" where run_id = '{run}' and hop = 'hop2'")
    con.execute(f"create or replace table work.hop2_odds as {hop2_odds_sql(store, run_id, config, hop2_pairs)}")
    con.execute(
        """
        create or replace table work.release_units as
        select r.uid as booking_uid, row_number() over (order by r.uid) - 1 as release_idx,
               coalesce(sum(o.odds_unit) filter (where o.in_window), 0) as window_units,
               -- A re-booking of a window book-in's person is neither (units.hop2_odds_sql).
               coalesce(sum(o.odds_unit) filter (where not o.in_window and o.rebooking_of is null), 0)
                 as later_units,
               -- Ties (two book-ins scored alike) go to the larger custody ID: any other order
               -- is DuckDB's thread timing, and a tie of two countries moved a verdict 0.15 -> 0.98.
               arg_max(o.ice_country, {'odds': o.odds_unit, 'id': o.custody_id}) as ice_country,
               -- What the window's strongest book-in most disagrees on (windows.window_likelihood).
               coalesce(arg_max(o.disagrees_on, {'odds': o.odds_unit, 'id': o.custody_id})
                          filter (where o.in_window), 0) as window_disagrees_on,
               case any_value(b.release_class) when 'ice' then 1 when 'other_agency' then 2
                    else (case when any_value(b.release_class) is null then -1 else 0 end)
               end as reason_ice,
               -- what hop 1 already knew: hold yes/no/unknown x foreign-born yes/no/unknown
               3 * case any_value(h.ice_hold) when true then 0 when false then 1 else 2 end
                 + case when any_value(b.birth_country) is null then 2
                        when any_value(b.birth_country) = 'USA' then 1 else 0 end as release_group,
               dense_rank() over (order by any_value(b.jurisdiction)) - 1 as release_place,
               any_value(b.jurisdiction) as release_jurisdiction,
               {ice_covers} as ice_covers
        from work.hop2_releases r
        join work.hop1_bookings h on h.uid = r.uid
        join bookings b on b.booking_uid = r.uid
        left join work.hop2_odds o on o.booking_uid = r.uid
        group by r.uid
        """.replace("{ice_covers}", ice_covers_sql("any_value(b.release_datetime)", config.hop2.transfer_window_hours))
    )
    m_country = rc.p_ice_citizenship_agrees
    con.execute(
        """create or replace temp table country_share as
           select citizenship_country as country, count(*) / sum(count(*)) over () as share
           from book_ins where citizenship_country is not null group by all"""
    )
    # One pass over the pairs and one join to the bookings (nationally 22.7 M pairs x 10 M
    # bookings): the units' SQL brings the booking's and entry's columns along. The table is
    # written unordered; the pairs' order is set when they are read below, by their integer
    # indices (a window row_number over the strings took a third of this statement).
    carried = ("b.rowid as booking_idx, b.release_datetime, b.birth_country, b.release_class,"
               " b.jurisdiction as booking_jurisdiction, e.report_week, e.detainer_declined_date,"
               " e.citizenship_country")
    # A booking still open in a log that stops before the decline: held at the decline only
    # as likely as the jail's stays say (`linkage.coverage`), else "no release record".
    past_end = open_past_log_end_sql("u", "u.detainer_declined_date", "le.last_event")
    write_log_ends(store)
    # A stale detainer's pairs: the booking's state at the decline instead of the issued date.
    stale_factor = stale_factor_sql(store, run_id, config)
    con.execute(f"create or replace table {STALE_FACTORS} as "
                + (stale_factor or "select null::varchar as entry_id, null::varchar as booking_uid,"
                                   " null::double as stale_factor limit 0"))
    con.execute(
        f"""
        create or replace table work.hop1_odds as
        with units as ({hop1_units_sql(store, run_id, config, carried, held_country=True,
                                       stale_factors=STALE_FACTORS)}),
        entries as (
            select entry_id, jurisdiction, row_number() over (order by entry_id) - 1 as entry_idx,
                   dense_rank() over (order by jurisdiction) - 1 as group_idx,
                   -- One detainer listed in several weeks: same place, issued date, citizenship.
                   dense_rank() over (order by jurisdiction, detainer_issued_date, citizenship_country,
                                      case when detainer_issued_date is null then entry_id end) - 1
                     as detainer_idx
            from report_entries
        )
        select u.entry_id, u.booking_uid, e.entry_idx, e.group_idx, e.detainer_idx,
               u.booking_idx, u.odds_unit,   -- booking_idx: an index for posterior.Pairs.booking
               {in_custody_at_report_sql("u", "u")} and not {past_end} as in_custody,
               {past_end} as past_log_end,
               {released_long_before_sql("u.release_datetime", "u.detainer_declined_date")} as long_gone,
               u.release_class,
               coalesce(ru.release_idx, -1) as release_idx,
               -- ICE's citizenship on the report entry, the jail's birthplace and the ICE
               -- book-in's citizenship: three records of one person's country, which the two
               -- hops compared only pairwise (linkage/citizenship.py).
               {book_in_country_lr_sql("u.citizenship_country", "u.birth_country", "ru.ice_country",
                                       shares=("fe.share", "fj.share", "f.share"), ice_agrees=m_country,
                                       hop2=_hop2_birthplace(store, run_id), n_book_ins=n_book_ins)}
                 as ice_country_lr
        from units u
        join entries e on e.entry_id = u.entry_id
        left join {LOG_ENDS} le on le.jurisdiction = u.booking_jurisdiction
        left join work.release_units ru on ru.booking_uid = u.booking_uid
        left join country_share f on f.country = ru.ice_country
        left join country_share fe on fe.country = u.citizenship_country
        left join country_share fj on fj.country = u.birth_country
        """
    )
    # The logs this run's entries were matched against where ICE spelled their county otherwise
    # (`entry_logs.ENTRY_LOGS`), kept with the run: the next incremental week compares with these.
    # (A store whose hop 1 ran before session 34 has no such table: none were.)
    con.execute(f"create table if not exists {ENTRY_LOGS} (entry_id varchar, jurisdiction varchar, county varchar)")
    con.execute("delete from run_entry_logs where run_id = ?", [run_id])
    con.execute(f"insert into run_entry_logs select ?, entry_id, jurisdiction from {ENTRY_LOGS}", [run_id])
    groups = con.execute(
        "select jurisdiction, dense_rank() over (order by jurisdiction) - 1 as g, "
        "dense_rank() over (order by jurisdiction, detainer_declined_date) - 1 as day, "
        f"coalesce({stale_sql('report_entries', rc.stale_days)}, false) as stale, "
        f"entry_id not in (select entry_id from {write_unlogged_entries(store)}) as logged "
        "from report_entries order by entry_id"
    ).fetchnumpy()
    # One fixed order (entry, then booking: a pair is one of each), whatever order the table
    # was written in: the fit's sums must not depend on it, or a rerun would not give the same
    # bytes. Sorted by DuckDB: on seed 8's store (11.0 M pairs kept) a numpy sort and gather
    # of every column took 4.5-5.8 s, this sort 0.7 s more than the unsorted read.
    pairs = con.execute(
        "select rowid as pair_row, entry_idx, odds_unit, case when in_custody then -1 else release_idx end"
        " as release_idx, ice_country_lr, booking_idx, detainer_idx, coalesce(long_gone, false) as long_gone"
        " from work.hop1_odds order by entry_idx, booking_idx"
    ).fetchnumpy()
    pairs = {name: np.asarray(values) for name, values in pairs.items()}
    releases = con.execute(
        "select window_units, later_units, reason_ice, release_group, release_place, ice_covers"
        " from work.release_units "
        "order by release_idx"
    ).fetchnumpy()
    decoy = disagrees_on = None
    if config.hop2.decoy_shift_days and store.table_exists(DECOYS_TABLE):
        # Runs scored before pairs kept their levels (store version 5) have no kinds to read.
        kinds = has_disagreements(store) and not con.execute(
            f"select count(*) from (select 1 from candidate_pairs where run_id = '{run}' and hop = 'hop2'"
            " and levels is null limit 1)").fetchall()[0][0]
        found = con.execute(
            f"select coalesce(d.decoy_units, 0) as units,"
            f" {'coalesce(d.decoy_disagrees_on, 0)' if kinds else '0'} as kind, r.window_disagrees_on"
            f" from work.release_units r left join {DECOYS} d using (booking_uid) order by r.release_idx").fetchnumpy()
        decoy = np.asarray(found["units"], dtype=float)
        if kinds:
            disagrees_on = (np.asarray(found["window_disagrees_on"], dtype=int), np.asarray(found["kind"], dtype=int))
    entry_stale = np.asarray(groups["stale"], dtype=bool)
    beyond = int(np.sum(~np.asarray(releases["ice_covers"], dtype=bool)))
    if beyond:
        extract = con.execute(f"select first_day, last_day from {ICE_EXTRACT_DAYS}").fetchall()[0]
        log.warning("%d of %d candidate releases fall outside the ICE extract (%s): no ICE evidence either way"
                    " for them", beyond, len(releases["ice_covers"]),
                    "none in the store" if extract[0] is None else f"book-ins {extract[0]} to {extract[1]}")
    fit = fit_posterior(
        len(groups["g"]),
        np.asarray(groups["g"], dtype=int),
        Pairs(np.asarray(pairs["entry_idx"], dtype=int), np.asarray(pairs["odds_unit"], dtype=float),
              np.asarray(pairs["release_idx"], dtype=int), np.asarray(pairs["ice_country_lr"], dtype=float),
              np.asarray(pairs["booking_idx"], dtype=int), np.asarray(pairs["detainer_idx"], dtype=int),
              np.asarray(pairs["long_gone"], dtype=bool)),
        Releases(np.asarray(releases["window_units"], dtype=float),
                 np.asarray(releases["later_units"], dtype=float),
                 np.asarray(releases["reason_ice"], dtype=int),
                 np.asarray(releases["release_group"], dtype=int),
                 np.asarray(releases["release_place"], dtype=int),
                 decoy, disagrees_on, np.asarray(releases["ice_covers"], dtype=bool)),
        rc,
        entry_day=np.asarray(groups["day"], dtype=int),
        entry_stale=entry_stale,
        entry_logged=np.asarray(groups["logged"], dtype=bool),
    )
    # Each release's window as weighed, for `linkage explain` (decoy windows may bound it).
    con.register("fitted_windows", pa.table({
        "release_idx": np.arange(len(fit.window_lr), dtype=np.int64), "window_lr": fit.window_lr}))
    con.execute("create or replace table work.release_units as select r.*, f.window_lr"
                " from work.release_units r left join fitted_windows f using (release_idx)")
    con.unregister("fitted_windows")
    # Arrays back into the store, joined on the odds table's row ids (never on row order).
    con.register("fitted_pairs", pa.table({
        "pair_row": pairs["pair_row"], "p_booking": fit.p_booking, "p_transfer": fit.p_transfer_pair,
    }))
    con.execute(
        f"""
        create or replace table work.entry_booking as
        select o.entry_id, o.booking_uid, f.p_booking, o.in_custody, o.past_log_end, o.long_gone,
               case when o.in_custody then 1.0 else coalesce(h.p_held, 0.0) end as p_held,
               case when o.in_custody then 0 else f.p_transfer end as p_transfer,
               case when o.release_class = 'other_agency' then {rc.p_other_agency_if_reason}
                    else {rc.p_other_agency_otherwise} end as q_other
        from work.hop1_odds o join fitted_pairs f on f.pair_row = o.rowid
        left join ({still_held_sql("work.hop1_odds", LOG_ENDS)}) h using (entry_id, booking_uid)
        """
    )
    con.unregister("fitted_pairs")
    # The report, reasons, `explain` and the review show each entry's most probable
    # candidates: those that are not among its best by weight get their evidence now, from
    # hop 1's predictions.
    con.execute(f"create or replace table {SHOWN_CANDIDATES} as {_shown_candidates_sql()}")
    fill_evidence(store, run_id, "hop1", f"select entry_id as left_id, booking_uid as right_id from {SHOWN_CANDIDATES}")
    drop_kept_predictions(store, "hop1")
    _write_outcomes(store, run_id, config)
    jurisdictions = sorted(set(groups["jurisdiction"].tolist()))
    stale = set(groups["jurisdiction"][entry_stale].tolist())
    places = [] if fit.listed_rates_by_place is None else con.execute(
        "select release_place, any_value(release_jurisdiction) from work.release_units"
        " group by 1 order by 1").fetchall()
    return {
        "prior_in_log": {j: round(float(p), 4) for j, p in zip(jurisdictions, fit.prior_in_log, strict=True)},
        # Only where the jurisdiction lists stale detainers (`ReconcileSettings.prior_by_staleness`).
        "prior_in_log_stale": {} if fit.prior_in_log_stale is None else {
            j: round(float(p), 4) for j, p in zip(jurisdictions, fit.prior_in_log_stale, strict=True)
            if j in stale},
        "listed_release_states": [round(x, 4) for x in fit.listed_rates],
        # Per jurisdiction of the releases, where fitted so (`listed_by_jurisdiction`).
        "listed_release_states_by_jurisdiction": {} if fit.listed_rates_by_place is None else {
            j: [round(float(x), 4) for x in fit.listed_rates_by_place[k]] for k, j in places},
        "random_release_states": [round(x, 4) for x in fit.random_rates],
        "p_reason_ice_if_transferred": round(fit.reason_rates[0], 4),
        "p_reason_ice_if_not": round(fit.reason_rates[1], 4),
        "p_reason_other_agency_if_transferred": round(fit.reason_rates[2], 4),
        "p_reason_other_agency_if_not": round(fit.reason_rates[3], 4),
        # The same four among all candidate releases (`posterior.Fit.random_reason_rates`).
        "random_reason_rates": [round(x, 4) for x in fit.random_reason_rates or ()],
        # Both per jurisdiction of the releases, where fitted so: what each release was weighed with.
        "reason_rates_by_jurisdiction": {} if fit.reason_rates_by_place is None else {
            j: {population: [round(float(x), 4) for x in table[k]]
                for population, table in zip(("listed", "all"), fit.reason_rates_by_place, strict=True)}
            for k, j in places},
        "p_transfer_unseen": round(float(fit.unseen_share), 4),
        # Releases whose hand-over window the ICE extract does not span (`coverage.ice_covers_sql`).
        "releases_outside_ice_extract": beyond,
    }


def _shown_candidates_sql() -> str:
    """SQL over `work.entry_booking`: per entry its 5 most probable bookings and the booking a
    verdict of transfer names, which need not be among them. Ties rank the larger ID first, as
    the entry's top booking does (`_write_outcomes`). A top-k aggregate, not a window:
    nationally the window sorted 11.6 M pairs (3.4 s against 0.5 s)."""
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
        book_in as (
            select o.booking_uid, arg_max(o.custody_id, {{'odds': o.odds_unit, 'id': o.custody_id}}) as custody_id,
                   max(o.odds_unit) * 1.0 as best_odds,
                   arg_max(o.hours_after, {{'odds': o.odds_unit, 'id': o.custody_id}}) as hours_after
            from work.hop2_odds o where o.in_window group by o.booking_uid
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
               or (oe.booking_uid is not null and oe.booking_uid = ol.booking_uid)
            group by later.entry_id
        ) d
        where outcomes.run_id = ? and outcomes.entry_id = d.entry_id
        """,
        [run_id, run_id, run_id],
    )
