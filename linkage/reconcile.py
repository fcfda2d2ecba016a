"""Candidate pairs -> each pair's fitted posterior -> one outcome per report entry.

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
rates) are in `linkage/posterior.py`; this module moves the numbers in and out of the store,
and `linkage/verdicts.py` turns the fitted pairs into verdicts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from linkage.citizenship import JailBirthplace, book_in_country_lr_sql
from linkage.config import Config
from linkage.coverage import (
    ICE_EXTRACT_DAYS,
    LOG_ENDS,
    ice_covers_sql,
    log_silent_on,
    open_past_log_end_sql,
    still_held_sql,
    write_ice_gaps,
    write_log_ends,
)
from linkage.entry_priors import ENTRY_FACILITIES
from linkage.match.decoys import DECOYS, DECOYS_TABLE, has_disagreements
from linkage.match.entry_logs import ENTRY_LOGS, specific_words_sql
from linkage.match.hop1 import (
    in_custody_at_report_sql,
    released_long_before_sql,
    write_unlogged_entries,
)
from linkage.match.spec import comparison_levels
from linkage.posterior import Fit, Pairs, Releases, fit_posterior
from linkage.stale import STALE_FACTORS, stale_sql, write_stale_factors
from linkage.store import Store
from linkage.units import hop1_units_sql, hop2_odds_sql, run_model
from linkage.verdicts import write_verdicts

log = logging.getLogger(__name__)


def _hop2_birthplace(store: Store, run_id: str) -> JailBirthplace | None:
    """Hop 2's trained citizenship comparison of the run (None: it compared no countries)."""
    found = comparison_levels(run_model(store, run_id, "hop2") or {"comparisons": []}, "citizenship")
    if found is None:
        return None
    same, other = found[1]
    return JailBirthplace(same["m_probability"], other["m_probability"] / other["u_probability"])


def reconcile(store: Store, run_id: str, config: Config) -> dict[str, object]:
    """Write `outcomes` for `run_id` from its candidate pairs; returns the fitted priors.

    The steps, each one function below: hop 2's evidence per release (`_write_release_units`),
    hop 1's per pair (`_write_hop1_odds`), the arrays `posterior.fit_posterior` reads
    (`_fit_inputs`), the fit, its posteriors back into the store (`_write_entry_booking`), the
    verdicts (`verdicts.write_verdicts`) and the fitted priors for the run's manifest
    (`_fitted_priors`)."""
    _write_release_units(store, run_id, config)
    _write_hop1_odds(store, run_id, config)
    _keep_entry_logs(store, run_id)
    inputs = _fit_inputs(store, run_id, config)
    fit = fit_posterior(len(inputs.place), inputs.place, inputs.pairs, inputs.releases, config.reconcile,
                        entry_day=inputs.decline_day, entry_stale=inputs.stale, entry_logged=inputs.logged,
                        entry_facility_named=inputs.facility_named)
    _write_entry_booking(store, fit, inputs.pair_rows, config)
    _write_entry_facilities(store, fit, inputs)
    write_verdicts(store, run_id, config)
    return _fitted_priors(store, fit, inputs)


def _write_release_units(store: Store, run_id: str, config: Config) -> None:
    """work.hop2_odds (hop 2's pairs as odds units) and work.release_units: per candidate
    release, its hand-over window's and later book-ins' units, its release reason and group."""
    con = store.con
    run = run_id.replace("'", "''")
    hop2_pairs = (f"select left_id, right_id, match_weight, levels from candidate_pairs"
                  f" where run_id = '{run}' and hop = 'hop2'")
    con.execute(f"create or replace table work.hop2_odds as {hop2_odds_sql(store, run_id, config, hop2_pairs)}")
    write_ice_gaps(store)
    con.execute(
        """
        create or replace table work.release_units as
        select * exclude (release_at, release_state), {ice_covers} as ice_covers from (
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
               any_value(b.release_datetime) as release_at, any_value(b.state) as release_state
        from work.hop2_releases r
        join work.hop1_bookings h on h.uid = r.uid
        join bookings b on b.booking_uid = r.uid
        left join work.hop2_odds o on o.booking_uid = r.uid
        group by r.uid)
        """.replace("{ice_covers}", ice_covers_sql("release_at", config.hop2.transfer_window_hours, "release_state"))
    )


def _write_hop1_odds(store: Store, run_id: str, config: Config) -> None:
    """work.hop1_odds: per hop-1 pair its odds unit, the booking's state at the decline and
    the citizenship evidence of the three records, with the indices the fit reads."""
    con = store.con
    rc = config.reconcile
    n_book_ins = max(store.count("book_ins"), 1)
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
               " b.jurisdiction as booking_jurisdiction, b.submission_id as booking_submission,"
               " e.report_week, e.detainer_declined_date, e.citizenship_country")
    # A booking still open in a log that stops before the decline, or is silent for weeks
    # around it: held at the decline only as likely as the jail's stays say
    # (`linkage.coverage`), else "no release record".
    past_end = open_past_log_end_sql("u", "u.detainer_declined_date", "le.last_event", "sb.period_end")
    write_log_ends(store)
    # A stale detainer's pairs: the booking's state at the decline instead of the issued date.
    write_stale_factors(store, run_id, config)
    # The units as a table of their own first: inside the statement below DuckDB estimated a
    # few hundred of them (11 M nationally) and built two hash joins on them (national base
    # store: 19.0 s for the one statement, 12.3 s for the two).
    units = hop1_units_sql(store, run_id, config, carried, held_country=True, stale_factors=STALE_FACTORS)
    con.execute(f"create or replace temp table hop1_units as {units}")
    try:
        con.execute(
            f"""
            create or replace table work.hop1_odds as
            with entries as (
                select entry_id, jurisdiction, row_number() over (order by entry_id) - 1 as entry_idx,
                       dense_rank() over (order by jurisdiction) - 1 as group_idx,
                       -- One detainer listed in several weeks: same place, issued date, citizenship
                       -- (two listings whose country is unknown are two detainers: nothing ties them).
                       dense_rank() over (order by jurisdiction, detainer_issued_date, citizenship_country,
                                          case when detainer_issued_date is null or citizenship_country is null
                                               then entry_id end) - 1
                         as detainer_idx
                from report_entries
            )
            select u.entry_id, u.booking_uid, e.entry_idx, e.group_idx, e.detainer_idx,
                   u.booking_idx, u.odds_unit,   -- booking_idx: an index for posterior.Pairs.booking
                   {in_custody_at_report_sql("u", "u")} and not {past_end} as in_custody,
                   {past_end} as past_log_end, le.last_event as silent_from, sb.period_end as seen_until,
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
            from hop1_units u
            join entries e on e.entry_id = u.entry_id
            left join {LOG_ENDS} le on {log_silent_on("le", "u.booking_jurisdiction", "u.detainer_declined_date")}
            left join submissions sb on sb.submission_id = u.booking_submission
            left join work.release_units ru on ru.booking_uid = u.booking_uid
            left join country_share f on f.country = ru.ice_country
            left join country_share fe on fe.country = u.citizenship_country
            left join country_share fj on fj.country = u.birth_country
            """
        )
    finally:
        con.execute("drop table if exists temp.hop1_units")  # 11 M rows nationally: not held through the fit


def _keep_entry_logs(store: Store, run_id: str) -> None:
    """run_entry_logs: the logs this run's entries were matched against where ICE spelled their
    county otherwise (`entry_logs.ENTRY_LOGS`), kept with the run: the next incremental week
    compares with these. (A store whose hop 1 ran before session 34 has no such table: none were.)"""
    con = store.con
    con.execute(f"create table if not exists {ENTRY_LOGS} (entry_id varchar, jurisdiction varchar, county varchar)")
    con.execute("delete from run_entry_logs where run_id = ?", [run_id])
    con.execute(f"insert into run_entry_logs select ?, entry_id, jurisdiction from {ENTRY_LOGS}", [run_id])


_FACILITY_NAMED = f"""(case
    when e.facility_key is null or lf.keys is null or len({specific_words_sql("e.facility_key")}) = 0 then -1
    when len(list_filter(lf.keys, lambda k: list_has_all(string_split(k, ' '), {specific_words_sql("e.facility_key")}))) > 0
      then 1
    else 0 end)"""
"""SQL per entry `e` and its log's facility keys `lf.keys`: 1 where the log names the facility ICE
gives (every word of ICE's key but those of a building's kind is in one of the log's: SANTA
CLARA CO MAIN JAIL is the SANTA CLARA CO JAIL; JEFFERSON PARISH JUVENILE CENTER is not the
JEFFERSON PARISH JAIL), 0 where it does not, -1 where that says nothing (no facility, a name
of its kind alone, no log or one without facilities)."""


@dataclass
class _FitInputs:
    """What `fit_posterior` reads, from the store, in one fixed order: per entry (by entry_id)
    its jurisdiction, its index among them (`place`), its declining day within it, whether its
    detainer is stale and whether its jurisdiction sent a log; the pairs; the releases."""

    entry_id: np.ndarray
    jurisdiction: np.ndarray
    place: np.ndarray
    decline_day: np.ndarray
    stale: np.ndarray
    logged: np.ndarray
    facility_named: np.ndarray
    pairs: Pairs
    pair_rows: np.ndarray
    """work.hop1_odds's rowid of each of `pairs`, to write the fitted pairs back by."""
    releases: Releases
    outside_ice_extract: int
    """Candidate releases whose hand-over window the ICE extract does not span."""


def _fit_inputs(store: Store, run_id: str, config: Config) -> _FitInputs:
    con = store.con
    rc = config.reconcile
    run = run_id.replace("'", "''")
    groups = con.execute(
        "select e.entry_id, e.jurisdiction, dense_rank() over (order by e.jurisdiction) - 1 as g, "
        "dense_rank() over (order by e.jurisdiction, detainer_declined_date) - 1 as day, "
        f"coalesce({stale_sql('e', rc.stale_days)}, false) as stale, "
        f"entry_id not in (select entry_id from {write_unlogged_entries(store)}) as logged, "
        f"{_FACILITY_NAMED} as facility_named "
        f"from report_entries e left join {ENTRY_LOGS} el using (entry_id) "
        "left join (select jurisdiction, list(distinct facility_key) as keys from bookings"
        "           where facility_key is not null group by jurisdiction) lf"
        " on lf.jurisdiction = coalesce(el.jurisdiction, e.jurisdiction) "
        "order by entry_id"
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
    beyond = int(np.sum(~np.asarray(releases["ice_covers"], dtype=bool)))
    if beyond:
        extract = con.execute(f"select first_day, last_day from {ICE_EXTRACT_DAYS}").fetchall()[0]
        log.warning("%d of %d candidate releases fall outside the ICE extract (%s): no ICE evidence either way"
                    " for them", beyond, len(releases["ice_covers"]), "none in the store" if extract[0] is None
                    else f"book-ins {extract[0]} to {extract[1]}, or a gap in their state's book-ins")
    return _FitInputs(
        groups["entry_id"], groups["jurisdiction"], np.asarray(groups["g"], dtype=int), np.asarray(groups["day"], dtype=int),
        np.asarray(groups["stale"], dtype=bool), np.asarray(groups["logged"], dtype=bool),
        np.asarray(groups["facility_named"], dtype=int),
        Pairs(np.asarray(pairs["entry_idx"], dtype=int), np.asarray(pairs["odds_unit"], dtype=float),
              np.asarray(pairs["release_idx"], dtype=int), np.asarray(pairs["ice_country_lr"], dtype=float),
              np.asarray(pairs["booking_idx"], dtype=int), np.asarray(pairs["detainer_idx"], dtype=int),
              np.asarray(pairs["long_gone"], dtype=bool)),
        pairs["pair_row"],
        Releases(np.asarray(releases["window_units"], dtype=float),
                 np.asarray(releases["later_units"], dtype=float),
                 np.asarray(releases["reason_ice"], dtype=int),
                 np.asarray(releases["release_group"], dtype=int),
                 np.asarray(releases["release_place"], dtype=int),
                 decoy, disagrees_on, np.asarray(releases["ice_covers"], dtype=bool)),
        beyond,
    )


def _write_entry_booking(store: Store, fit: Fit, pair_rows: np.ndarray, config: Config) -> None:
    """work.entry_booking: per pair its fitted P(booking) and P(transfer), and the release
    window each release was weighed with back into work.release_units (for `linkage explain`)."""
    con = store.con
    rc = config.reconcile
    # Each release's window as weighed, for `linkage explain` (decoy windows may bound it).
    con.register("fitted_windows", pa.table({
        "release_idx": np.arange(len(fit.window_lr), dtype=np.int64), "window_lr": fit.window_lr}))
    con.execute("create or replace table work.release_units as select r.*, f.window_lr"
                " from work.release_units r left join fitted_windows f using (release_idx)")
    con.unregister("fitted_windows")
    # Arrays back into the store, joined on the odds table's row ids (never on row order).
    con.register("fitted_pairs", pa.table({
        "pair_row": pair_rows, "p_booking": fit.p_booking, "p_transfer": fit.p_transfer_pair,
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


def _write_entry_facilities(store: Store, fit: Fit, inputs: _FitInputs) -> None:
    """work.entry_facilities: per entry whether its log names its facility (`_FACILITY_NAMED`) and
    the likelihood ratio that gave its "in log" odds (1 where not fitted), for the reasons."""
    factor = fit.facility_factor if fit.facility_factor is not None else np.ones(len(inputs.entry_id))
    store.con.register("fitted_facilities", pa.table({
        "entry_id": inputs.entry_id, "facility_named": inputs.facility_named, "facility_factor": factor}))
    store.con.execute(f"create or replace table {ENTRY_FACILITIES} as select * from fitted_facilities")
    store.con.unregister("fitted_facilities")


def _fitted_priors(store: Store, fit: Fit, inputs: _FitInputs) -> dict[str, object]:
    """The priors the fit found, by jurisdiction where fitted so, for the run's manifest."""
    jurisdictions = sorted(set(inputs.jurisdiction.tolist()))
    stale = set(inputs.jurisdiction[inputs.stale].tolist())
    places = [] if fit.listed_rates_by_place is None else store.con.execute(
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
        "releases_outside_ice_extract": inputs.outside_ice_extract,
        # Per jurisdiction, its in-log entries' share at a facility their log does not name, and
        # that share among its entries not in their log (`entry_priors.FacilityNamed`).
        "facility_unnamed_in_log": {} if fit.facility_unnamed is None else {
            j: round(float(q), 4) for j, q in zip(jurisdictions, fit.facility_unnamed[0], strict=True)},
        "facility_unnamed_not_in_log": {} if fit.facility_unnamed is None else {
            j: round(float(r), 4) for j, r in zip(jurisdictions, fit.facility_unnamed[1], strict=True)},
    }
