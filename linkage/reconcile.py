"""Candidate posteriors -> one outcome per report entry, with its probability and evidence.

    >>> reconcile(store, run_id, config)        # fills `outcomes` for run_id

Pairwise probabilities are not exclusive, so per entry the candidate odds become a
distribution that includes "not in this log" (../shared/design.md):

    o_j = prior_odds(in log) * (1 / N_jurisdiction) * BF_j        P(j|e) = o_j / (1 + sum_k o_k)

where BF_j is the pair's Bayes factor from Splink (its match weight minus Splink's own prior
weight) and N is the size of the entry's own candidate pool, the jurisdiction's log: a global
prior would make "no release record" win more the more jurisdictions are loaded. Hop 2 does
the same per release against the ICE book-ins, and

    P(transferred | e) = sum_j P(j|e) * P(ICE book-in within the transfer window | j)

with the jail's release reason as one more likelihood ratio, never as proof. The two mixing
priors (is the entry's booking in the log at all; does a release have a book-in at all) are
re-estimated from the run's own posteriors by a few EM steps, so they fit the data at hand.
"""

from __future__ import annotations

import json
import math

import numpy as np

from linkage.config import Config
from linkage.reasons import write_reasons
from linkage.review import apply_decisions
from linkage.store import Store

STATES = [
    "transferred_to_ice",
    "transferred_to_other_agency",
    "declined_confirmed",
    "still_in_custody",
    "no_release_record",
]


def _prior_weight(store: Store, run_id: str, hop: str) -> float:
    row = store.con.execute(
        f"select {hop}_model from runs where run_id = ?", [run_id]
    ).fetchall()
    if not row or row[0][0] is None:
        return 0.0  # no model for this hop (e.g. no ICE extract): no pairs to weigh
    settings = json.loads(
        store.con.execute("select settings_json from models where model_id = ?", [row[0][0]]).fetchall()[0][0]
    )
    p = settings["probability_two_random_records_match"]
    return math.log2(p / (1 - p))


def _mixing_prior(sums: np.ndarray, weights: np.ndarray, start: float) -> float:
    """EM for the weight of 'has a partner': p <- weighted mean of P(has a partner) under p."""
    p = start
    if len(sums) == 0 or weights.sum() <= 0:
        return p
    for _ in range(100):
        odds = p / (1 - p) * sums
        new = float(np.average(odds / (1 + odds), weights=weights))
        new = min(max(new, 0.01), 0.99)  # neither certainty is ever supported by a sample
        if abs(new - p) < 1e-7:
            return new
        p = new
    return p


def _jurisdiction_priors(sums: np.ndarray, groups: np.ndarray, start: float, strength: float) -> np.ndarray:
    """Per-jurisdiction P(in log), shrunk toward the global estimate by `strength` pseudo-entries.

    One jurisdiction's policy day (most of its listed entries never released that week) must not
    lower the prior of every other jurisdiction; a jurisdiction with four entries must not get
    a prior from four entries alone.
    """
    p_global = start
    p_group = np.full(groups.max() + 1 if len(groups) else 0, start)
    for _ in range(100):
        p = p_group[groups]
        odds = p / (1 - p) * sums
        r = odds / (1 + odds)
        new_global = min(max(float(r.mean()), 0.01), 0.99)
        counts = np.bincount(groups, minlength=len(p_group))
        totals = np.bincount(groups, weights=r, minlength=len(p_group))
        new_group = np.clip((totals + strength * new_global) / (counts + strength), 0.01, 0.99)
        if abs(new_global - p_global) < 1e-7 and np.allclose(new_group, p_group, atol=1e-7):
            break
        p_global, p_group = new_global, new_group
    return p_group


def reconcile(store: Store, run_id: str, config: Config) -> dict[str, float]:
    """Write `outcomes` for `run_id` from its candidate pairs; returns the fitted priors."""
    con = store.con
    rc = config.reconcile
    after = config.hop1.release_window_days_after
    w1 = _prior_weight(store, run_id, "hop1")
    w2 = _prior_weight(store, run_id, "hop2")

    # --- hop 1: which booking, or none, for each report entry ---------------------------
    con.execute(
        f"""
        create or replace table work.hop1_odds as
        with pool as (select jurisdiction, count(*) as n from bookings group by jurisdiction)
        select c.left_id as entry_id, c.right_id as booking_uid,
               pow(2, least(c.match_weight - ({w1}), 1000)) / pool.n as odds_unit
        from candidate_pairs c
        join report_entries e on e.entry_id = c.left_id
        join pool on pool.jurisdiction = e.jurisdiction
        where c.run_id = ? and c.hop = 'hop1'
        """,
        [run_id],
    )
    per_entry = con.execute(
        """select e.entry_id, e.jurisdiction, coalesce(sum(o.odds_unit), 0)
           from report_entries e left join work.hop1_odds o using (entry_id)
           group by e.entry_id, e.jurisdiction order by e.entry_id"""
    ).fetchall()
    entry_sums = np.array([r[2] for r in per_entry], dtype=float)
    jurisdictions = sorted({r[1] for r in per_entry})
    groups = np.array([jurisdictions.index(r[1]) for r in per_entry], dtype=int)
    pi = rc.prior_in_log
    if rc.estimate_priors and len(per_entry):
        pi_by_jurisdiction = _jurisdiction_priors(entry_sums, groups, pi, rc.jurisdiction_prior_strength)
    else:
        pi_by_jurisdiction = np.full(len(jurisdictions), pi)
    con.execute("create or replace table work.prior_in_log (jurisdiction varchar, prior double)")
    con.executemany(
        "insert into work.prior_in_log values (?, ?)",
        [[j, float(p)] for j, p in zip(jurisdictions, pi_by_jurisdiction, strict=True)],
    )
    con.execute(
        """
        create or replace table work.entry_booking_base as
        with odds as (
            select o.entry_id, o.booking_uid, o.odds_unit * p.prior / (1 - p.prior) as odds
            from work.hop1_odds o
            join report_entries e using (entry_id)
            join work.prior_in_log p using (jurisdiction)
        )
        select entry_id, booking_uid, odds / (1 + sum(odds) over (partition by entry_id)) as p_booking
        from odds
        """
    )

    # --- hop 2: which book-in, or none, for each candidate release ----------------------
    n_book_ins = max(store.count("book_ins"), 1)
    # A custodial book-in (CAP, 287(g)) days after the release still came from the jail —
    # unless the jail released the person to another agency, whose custody it then came from.
    hand_over = (
        f"(hours_after between -1 and {config.hop2.transfer_window_hours}"
        f" or (hours_after between -1 and {config.hop2.custodial_window_hours}"
        "      and b.release_class is distinct from 'other_agency'"
        "      and (upper(k.apprehension_method) like 'CAP%' or k.apprehension_method like '287%')))"
    )
    con.execute(
        f"""
        create or replace table work.hop2_odds as
        select c.left_id as booking_uid, c.right_id as custody_id,
               pow(2, least(c.match_weight - ({w2}), 1000)) / {n_book_ins} as odds_unit,
               date_diff('minute', b.release_datetime, k.book_in_datetime) / 60.0 as hours_after,
               {hand_over.replace("hours_after", "(date_diff('minute', b.release_datetime, k.book_in_datetime) / 60.0)")}
                   as in_window
        from candidate_pairs c
        join bookings b on b.booking_uid = c.left_id
        join book_ins k on k.custody_id = c.right_id
        where c.run_id = ? and c.hop = 'hop2'
        """,
        [run_id],
    )
    # The prior that a release has a book-in at all is estimated over the releases that
    # matter: each weighted by how likely it is some listed entry's booking.
    per_release = con.execute(
        """
        select r.uid, coalesce(sum(o.odds_unit), 0),
               coalesce((select sum(p_booking) from work.entry_booking_base eb where eb.booking_uid = r.uid), 0)
        from work.hop2_releases r left join work.hop2_odds o on o.booking_uid = r.uid
        group by r.uid order by r.uid
        """
    ).fetchall()
    lam = rc.prior_book_in
    if rc.estimate_priors and per_release:
        lam = _mixing_prior(
            np.array([r[1] for r in per_release], dtype=float),
            np.array([r[2] for r in per_release], dtype=float),
            lam,
        )
    lam_odds = lam / (1 - lam)
    lr_ice = rc.p_reason_ice_if_transferred / rc.p_reason_ice_if_not
    lr_not_ice = (1 - rc.p_reason_ice_if_transferred) / (1 - rc.p_reason_ice_if_not)
    con.execute(
        f"""
        create or replace table work.release_transfer as
        with per_release as (
            select booking_uid,
                   sum(odds_unit) * {lam_odds} as total_odds,
                   sum(case when in_window then odds_unit end) * {lam_odds} as window_odds
            from work.hop2_odds group by booking_uid
        ),
        released as (
            select r.uid as booking_uid, b.release_class,
                   coalesce(p.total_odds, 0) as total_odds, coalesce(p.window_odds, 0) as window_odds
            from work.hop2_releases r
            join bookings b on b.booking_uid = r.uid
            left join per_release p on p.booking_uid = r.uid
        ),
        base as (
            select *,
                   (window_odds + {rc.p_transfer_unseen}) / (1 + total_odds) as t_book_in
            from released
        ),
        with_reason as (
            select *, t_book_in / (1 - least(t_book_in, 0.999999))
                   * case when release_class = 'ice' then {lr_ice}
                          when release_class is null then 1.0
                          else {lr_not_ice} end as t_odds
            from base
        )
        select booking_uid, release_class, total_odds, window_odds, t_book_in,
               t_odds / (1 + t_odds) as p_transfer
        from with_reason
        """
    )
    con.execute(
        f"""
        create or replace table work.entry_booking as
        select eb.entry_id, eb.booking_uid, eb.p_booking,
               b.release_datetime is null
                 or b.release_datetime::date > e.detainer_declined_date + {after} as in_custody,
               coalesce(rt.p_transfer, 0) as p_transfer,
               case when b.release_class = 'other_agency' then {rc.p_other_agency_if_reason}
                    else {rc.p_other_agency_otherwise} end as q_other
        from work.entry_booking_base eb
        join report_entries e using (entry_id)
        join bookings b on b.booking_uid = eb.booking_uid
        left join work.release_transfer rt on rt.booking_uid = eb.booking_uid
        """
    )
    _write_outcomes(store, run_id, config)
    return {
        "prior_in_log": dict(zip(jurisdictions, (round(float(p), 4) for p in pi_by_jurisdiction), strict=True)),
        "prior_book_in": round(lam, 4),
    }


def _write_outcomes(store: Store, run_id: str, config: Config) -> None:
    con = store.con
    con.execute(
        """
        create or replace table work.entry_states as
        with agg as (
            select entry_id,
                   sum(case when not in_custody then p_booking * p_transfer else 0 end) as p_ice,
                   sum(case when not in_custody then p_booking * (1 - p_transfer) * q_other else 0 end) as p_other,
                   sum(case when not in_custody then p_booking * (1 - p_transfer) * (1 - q_other) else 0 end) as p_declined,
                   sum(case when in_custody then p_booking else 0 end) as p_custody,
                   arg_max(booking_uid, p_booking) as top_booking,
                   max(p_booking) as p_top
            from work.entry_booking group by entry_id
        )
        select e.entry_id,
               coalesce(a.p_ice, 0) as p_ice, coalesce(a.p_other, 0) as p_other,
               coalesce(a.p_declined, 0) as p_declined, coalesce(a.p_custody, 0) as p_custody,
               greatest(1 - coalesce(a.p_ice + a.p_other + a.p_declined + a.p_custody, 0), 0) as p_none,
               a.top_booking, a.p_top
        from report_entries e left join agg a using (entry_id)
        """
    )
    with store.transaction():
        con.execute("delete from outcomes where run_id = ?", [run_id])
        _insert_outcomes(store, run_id, config)
        _mark_duplicates(store, run_id)
        write_reasons(store, run_id)
        # An auditor's decision overrules the model (confidence 1, "decided by ..."), last.
        apply_decisions(store, run_id)


def _insert_outcomes(store: Store, run_id: str, config: Config) -> None:
    rc = config.reconcile
    store.con.execute(
        f"""
        insert into outcomes
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
                        then null else d.top_booking end as booking_uid
            from decided d
        ),
        book_in as (
            select o.booking_uid, arg_max(o.custody_id, o.odds_unit) as custody_id,
                   max(o.odds_unit) * 1.0 as best_odds, arg_max(o.hours_after, o.odds_unit) as hours_after
            from work.hop2_odds o where o.in_window group by o.booking_uid
        )
        select ?, c.entry_id,
               case when c.p_best >= {rc.review_threshold} then c.best else 'needs_review' end,
               round(c.p_best, 4), round(c.p_ice, 4), round(c.p_other, 4), round(c.p_declined, 4),
               round(c.p_custody, 4), round(c.p_none, 4),
               c.booking_uid, b.booking_id,
               case when c.p_ice >= 0.5 then bi.custody_id end,
               null, date_diff('day', e.detainer_issued_date, e.detainer_declined_date) > {rc.stale_days},
               ''
        from chosen c
        join report_entries e using (entry_id)
        left join bookings b on b.booking_uid = c.booking_uid
        left join book_in bi on bi.booking_uid = c.booking_uid
        """,
        [run_id],
    )


def _mark_duplicates(store: Store, run_id: str) -> None:
    """The same detainer listed again in a later week: same place, issued date and citizenship,
    and either the same recorded decline day or the same most probable booking."""
    store.con.execute(
        """
        update outcomes set duplicate_of = d.first_id
        from (
            select later.entry_id, min(earlier.entry_id order by earlier.report_week, earlier.entry_id) as first_id
            from report_entries later
            join report_entries earlier
              on earlier.jurisdiction = later.jurisdiction
             and earlier.detainer_issued_date = later.detainer_issued_date
             and earlier.citizenship_country is not distinct from later.citizenship_country
             and earlier.report_week < later.report_week
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
