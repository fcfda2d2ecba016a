"""Candidate pairs as Bayes-factor units: each pair's evidence over the pool its partner is
drawn from, the numbers reconcile turns into posteriors.

    >>> con.execute(f"create table u as {hop1_units_sql(store, run_id, config)}")
    >>> con.execute(f"create table o as {hop2_odds_sql(store, run_id, config, pairs)}")

Hop 1's units weigh an entry's candidate bookings, hop 2's odds a release's candidate ICE
book-ins. `linkage/reconcile.py` reads both; hop 2 searches the bookings
`write_plausible_bookings` selects, and the decoy windows (`linkage.match.decoys`) are scored
with `hop2_odds_sql`.
"""

from __future__ import annotations

import json
import math

from linkage.config import Config
from linkage.match.hop1 import LEFT as HOP1_ENTRIES
from linkage.match.hop2 import (
    at_large_sql,
    hand_over_sql,
    logged_without_time,
    minutes_to_book_in,
    release_to_book_in_hours,
)
from linkage.store import Store


def run_model(store: Store, run_id: str, hop: str) -> dict | None:
    """The run's saved Splink settings of `hop` (None: no model for it, e.g. no ICE extract)."""
    found = store.con.execute(
        f"select m.settings_json from runs r join models m on m.model_id = r.{hop}_model where r.run_id = ?",
        [run_id]).fetchall()
    return json.loads(found[0][0]) if found else None


def prior_weight(store: Store, run_id: str, hop: str) -> float:
    """Splink's own prior of the run's `hop` model as a weight (log2 odds), which each pair's
    match weight includes and its Bayes factor must not."""
    settings = run_model(store, run_id, hop)
    if settings is None:
        return 0.0  # no model for this hop (e.g. no ICE extract): no pairs to weigh
    p = settings["probability_two_random_records_match"]
    return math.log2(p / (1 - p))


NEGLIGIBLE_BITS = 30
"""A hop-1 pair whose odds are this many bits (2^-30, about 1e-9) below its entry's best
pair is left out of reconcile. What reconcile multiplies a pair's odds by — the ICE record
of its release, its decline day's custody share, another detainer's claim on its booking —
moves two pairs of one entry apart by a few bits as a rule. The clips bound the first two to
about ten bits each; claims have no fixed bound, but take a booking only from entries that
another fits better. The largest move measured, on the national world, three blind worlds
and one of ours, is 16.4 bits (13.7 nationally): a pair left out would need 20 to be worth
0.001 of its entry's best, a tenth of what the fit's 25 passes leave unsettled in a few
national entries (docs/model.md, Known limits). What counts is their sum: fitted with a
40-bit margin, an entry's pairs more than 30 bits below its best summed to at most 2.3e-5
nationally (no one pair above 3.1e-6) and 1.5e-5 on the four small worlds. Nationally this
margin leaves out 57% of the pairs the 40-bit one kept. Verdicts, bookings and reasons
stayed the same on all five; probabilities moved by one in the 4th stored place for 18
national entries, and bookings tied to the last bit may trade places among those shown
(docs/scale.md, round 47)."""


HELD_COUNTRY_PRIOR = 5.0
"""Held bookings' worth of a country's overall share when estimating its share among them."""


def hop1_units_sql(store: Store, run_id: str, config: Config, columns: str = "", *,
                   held_country: bool = False, stale_factors: str | None = None) -> str:
    """SQL of (entry_id, booking_uid, odds_unit): each hop-1 pair's Bayes factor (Splink's
    match weight less its own prior weight) times the prior that the entry's person is that
    booking: 1/size of its log, and for a log of a same-named county in another state only
    `p_misfiled_county`, shared among such logs. Negligible pairs are left out
    (`NEGLIGIBLE_BITS`). `columns`: more to select, of the entry (`e`) and the booking (`b`).

    `held_country`: where the booking has an ICE hold and its birthplace is the entry's
    citizenship, the citizenship's u is that country's share among held bookings, not among
    all (needs `work.hop1_bookings`). Splink scores the hold and the citizenship as if they
    were independent, yet a hold all but implies a foreign birthplace: among held bookings
    MEXICO is 3-10x commoner than among all, so a held look-alike of the entry's country
    weighed 3-10x too much against "not in this log" (docs/model.md).

    `stale_factors`: a relation of (entry_id, booking_uid, stale_factor) that multiplies a
    stale detainer's pairs (`linkage.stale`), before the negligible ones are left out."""
    w1 = prior_weight(store, run_id, "hop1")
    run = run_id.replace("'", "''")
    misfiled = config.reconcile.p_misfiled_county
    held, held_factor, held_join = "", "", ""
    if held_country:
        alpha = HELD_COUNTRY_PRIOR
        held = f"""
        held as (select country, count(*) filter (where ice_hold) as n_held, count(*) as n,
                        sum(count(*) filter (where ice_hold)) over () as held_total,
                        sum(count(*)) over () as total
                 from work.hop1_bookings where country is not null group by country),
        held_country as (select country, (n / total)
                                / ((n_held + {alpha} * n / total) / (held_total + {alpha})) as u_ratio
                         from held),"""
        held_factor = ("* case when b.ice_hold and b.birth_country = e.citizenship_country"
                       " then coalesce(hc.u_ratio, 1) else 1 end")
        held_join = "left join held_country hc on hc.country = b.birth_country"
    stale_factor, stale_join = "", ""
    if stale_factors:
        stale_factor = " * coalesce(sf.stale_factor, 1.0)"
        stale_join = f"left join {stale_factors} sf on sf.entry_id = c.left_id and sf.booking_uid = c.right_id"
    return f"""
        with pool as (select jurisdiction, any_value(county) as county, count(*) as n
                      from bookings group by jurisdiction),
        namesakes as (select county, count(*) - 1 as others from pool group by county),{held}
        every_pair as (
            select c.left_id as entry_id, c.right_id as booking_uid,
                   pow(2, least(c.match_weight - ({w1}), 1000)) / pool.n
                     * case when b.jurisdiction = le.jurisdiction then 1 - {misfiled}
                            else {misfiled} / greatest(ns.others, 1) end
                     {held_factor}{stale_factor} as odds_unit
                   {", " + columns if columns else ""}
            from candidate_pairs c
            join report_entries e on e.entry_id = c.left_id
            -- The log the entry is matched against: its own, or its county spelled otherwise.
            join work.{HOP1_ENTRIES} le on le.uid = c.left_id
            join bookings b on b.booking_uid = c.right_id
            join pool on pool.jurisdiction = b.jurisdiction
            left join namesakes ns on ns.county = le.county
            {held_join}
            {stale_join}
            where c.run_id = '{run}' and c.hop = 'hop1'
        ),
        -- Each entry's best pair by a grouped max joined back, not a window, which sorted
        -- every pair by entry (nationally 9.3 s of the window's operator time alone).
        best as (select entry_id, max(odds_unit) as best from every_pair group by entry_id)
        select p.* from every_pair p join best b on b.entry_id = p.entry_id
        where p.odds_unit >= b.best * pow(2, -{NEGLIGIBLE_BITS})
    """


PLAUSIBLE_STALE_FACTORS = "plausible_stale_factors"
"""Temp table of the stale factors `write_plausible_bookings` weighs with, while it runs."""


def write_plausible_bookings(store: Store, run_id: str, config: Config, table: str) -> None:
    """`table(uid)`: the bookings that are, for some entry, at least
    `hop2.min_hop1_probability` likely under a generous prior (0.99 that the entry is in the log, no ICE evidence yet). Hop 2
    searches only these: the cascade of the design, so the person/event match runs on the
    few releases that could matter, not on every release near a decline. Generous also in
    leaving out the held-country correction, which only lowers odds: the set then depends
    on pool sizes alone, which only grow (`linkage.incremental` relies on that). A stale
    detainer's pairs are weighed as reconcile weighs them (`linkage.stale`): a person
    released near the decline on a later booking is searched too.

        >>> write_plausible_bookings(store, run_id, config, "work.hop1_candidate_bookings")
    """
    # Imported here: linkage.stale builds on this module's run_model.
    from linkage.stale import write_stale_factors
    # The factors as a table of their own (`write_stale_factors` says why); a pair without
    # one is multiplied by 1.0, which changes no unit.
    write_stale_factors(store, run_id, config, PLAUSIBLE_STALE_FACTORS, temp=True)
    try:
        store.con.execute(f"""
            create or replace table {table} as
            with units as ({hop1_units_sql(store, run_id, config, stale_factors=PLAUSIBLE_STALE_FACTORS)}),
            -- Each entry's total by a grouped sum joined back, not a window, which sorted every
            -- pair by entry (nationally 12.4 s -> 9.7 s for the whole statement).
            totals as (select entry_id, sum(odds_unit) as total from units group by entry_id),
            posterior as (
                select booking_uid, 99 * odds_unit / (1 + 99 * total) as p
                from units join totals using (entry_id)
            )
            select distinct booking_uid as uid from posterior where p >= {config.hop2.min_hop1_probability}
        """)
    finally:
        store.con.execute(f"drop table if exists temp.{PLAUSIBLE_STALE_FACTORS}")


_REBOOKING = """rebooking as (
            -- A later book-in ICE files under the person of a book-in in the release's window:
            -- one A-number, or one name and birth date where either lacks an A-number (two
            -- A-numbers are two people to ICE). Two equality joins, not one join and an OR:
            -- nationally a common name's release meets many book-ins at the door.
            select booking_uid, custody_id, min(rebooking_of) as rebooking_of from (
                select l.booking_uid, l.custody_id, w.custody_id as rebooking_of
                from odds l join odds w using (booking_uid, a_number)
                where w.in_window and not l.in_window and l.book_in_at > w.book_in_at
                union all
                select l.booking_uid, l.custody_id, w.custody_id
                from odds l join odds w using (booking_uid, ice_last_name, ice_first_name, ice_birth_date)
                where w.in_window and not l.in_window and l.book_in_at > w.book_in_at
                  and (l.a_number is null or w.a_number is null))
            group by booking_uid, custody_id)"""
"""SQL (a CTE over `odds`) of the later book-ins that re-book the person of a window book-in."""


def disagreement_sql(settings: dict | None, levels: str) -> str:
    """SQL: the comparison a hop-2 pair most disagrees on, 1 + its place in the model's order
    (0: none). Of the comparisons at their last level ("else", gamma 0) where that level's
    Bayes factor is below 1, the one whose factor is lowest.

        >>> disagreement_sql(settings, "p.levels")   # case when p.levels[3] = 0 then 3 ... else 0 end

    `linkage.windows.window_likelihood` reads windows per such kind against decoy windows of
    the same kind: how far a disagreement counts against a hand-over is then bounded by what
    strangers' book-ins that disagree alike reach, not by Splink's EM alone (docs/model.md)."""
    against = []
    for position, comparison in enumerate((settings or {}).get("comparisons", [])):
        compared = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        m, u = compared[-1].get("m_probability"), compared[-1].get("u_probability")
        if m and u and m < u:
            against.append((m / u, position))
    cases = " ".join(f"when {levels}[{p + 1}] = 0 then {p + 1}" for _, p in sorted(against))  # 1-based lists
    return f"(case {cases} else 0 end)" if cases else "0"


SURNAME_COUNTRY_PRIOR = 5.0
"""Book-ins' worth of the overall citizenship share when estimating it within a surname."""

_SURNAME_COUNTRY = """c as (select last_name, citizenship_country as country, count(*) as n from book_ins
                   where last_name is not null and citizenship_country is not null group by all),
        surname_country as (
            select last_name, country, n, sum(n) over (partition by last_name) as n_surname,
                   sum(n) over (partition by country) / sum(n) over () as share
            from c)"""
"""CTEs: each (surname, citizenship) among ICE's book-ins, its count within the surname and
the citizenship's overall share."""
_SURNAME_COUNTRY_LIFT = (f"sc.share / ((sc.n - 1 + {SURNAME_COUNTRY_PRIOR} * sc.share)"
                         f" / (sc.n_surname - 1 + {SURNAME_COUNTRY_PRIOR}))")
"""A pair's units over Splink's where surname and citizenship agree (`hop2_odds_sql`)."""

NEGLIGIBLE_UNITS_BITS = 20
"""A hop-2 pair below 2^-20 units (a millionth of a window's "1 unit"; after the at-large
share, which only lowers: a pair the later-release rule takes out of its window, unweighed
again, may have been cut at up to 1/share of it) is left out of hop 2's odds, in real and decoy windows alike. (Hop
1's `NEGLIGIBLE_BITS` is relative to an entry's best pair; this bound is absolute.) Windows
are read against an unseen share of about 0.02 and in bins from 1e-3 units
(`windows.WINDOW_BINS`), and later arrests against 1 ("never booked"): such pairs sum to
nothing either is read by. Nationally they are 82% of hop 2's pairs (seed 8: 9.7 of 11.8 M),
and reading them took half the time of reconcile's hop-2 statement. They stay in
`candidate_pairs` (the contract's "every scored pair"); `linkage explain` marks them.

What else their absence changes: a release whose only book-ins are negligible has no ICE
country (`reconcile`'s `ice_country`: before, the likeliest stranger's citizenship weighed its
"booked by ICE" states; one just above the bound still does) and a transfer verdict resting on
its release reason alone names no ICE record; a later book-in whose window book-in of the same
person is negligible counts as a later arrest, not as its re-booking (seed 8: 2 such kept
pairs, 4.9e-6 units between them)."""


def negligible_hop2_weight(store: Store, run_id: str) -> float:
    """The match weight below which a hop-2 pair of `run_id` is negligible
    (`NEGLIGIBLE_UNITS_BITS`): units are 2^(weight - prior weight) / book-ins, times at most
    the largest lift a surname's citizenship gives among the store's book-ins (a factor above
    1 added to `hop2_odds_sql`'s units must enter this bound too)."""
    lift = store.con.execute(
        f"with {_SURNAME_COUNTRY} select max({_SURNAME_COUNTRY_LIFT}) from surname_country sc").fetchall()[0][0]
    return (prior_weight(store, run_id, "hop2") + math.log2(max(store.count("book_ins"), 1))
            - math.log2(max(lift or 1.0, 1.0)) - NEGLIGIBLE_UNITS_BITS)


def hop2_odds_sql(store: Store, run_id: str, config: Config, pairs: str, *, shift_days: int = 0,
                  negligible_below: float | None = None) -> str:
    """SQL of (booking_uid, custody_id, odds_unit, hours_after, in_window, ice_country,
    later_release, rebooking_of, disagrees_on): hop 2's pairs `pairs` (left_id: booking,
    right_id: book-in, match_weight, levels) of 2^-20 units or more (`NEGLIGIBLE_UNITS_BITS`) as
    Bayes-factor units, and what each pair most disagrees on (`disagreement_sql`).
    `shift_days`: each release read as that many days earlier (`linkage.match.decoys`).
    `negligible_below`: `negligible_hop2_weight`, where the caller has it already.

    Units: a pair's Bayes factor (Splink's match weight less its own prior weight) over the
    size of the pool its true partner is drawn from, the book-ins.
    Surname and citizenship are not independent among non-matches: two strangers named SAID
    are far likelier than two random people to share a Somali citizenship. Hop 2 scores each
    against random pairs, so where both agree the citizenship's u is replaced by the share of
    that citizenship among the *other* ICE book-ins bearing the surname (shrunk toward the
    overall share, worth SURNAME_COUNTRY_PRIOR book-ins).

    A book-in inside the hand-over window that ICE coded as an arrest at large counts at
    `Hop2Settings.at_large_hand_over_share` of its units (`hop2.at_large_sql`).

    A later book-in that ICE files under the same person as a book-in inside the window (one
    A-number, or one name and birth date where either lacks an A-number) is that person
    re-booked — moved between facilities, released and arrested again — and names it
    (`rebooking_of`): it says nothing the window book-in does not, so reconcile counts it
    neither as a hand-over nor as a later arrest. As a later arrest it refuted the hand-over it
    followed (world A, named: 24 transfers, P(to ICE) ~0.0003 beside a CAP book-in 13.7 h after
    the release, docs/model.md).

    One book-in is one hand-over. A book-in that follows a later release of the same person —
    a booking in any log with this one's first name, surname and birth date, released clearly
    after this one and by the book-in — was not handed over at this release: the person was
    still in a jail after it (not applied to decoy windows, `shift_days`). Such a pair is not
    `in_window` (`later_release` names that booking); its units count as a later arrest. Nationally it removed 7 of 41 false
    transfers, at P 0.97-1.0 (docs/model.md).
    Hop 2's own pairs cannot say "the same person" here: on FOIA extracts a later stranger's
    release shares a book-in as easily (tried: FOIA recall 0.757 -> 0.600)."""
    w2 = prior_weight(store, run_id, "hop2")
    disagrees_on = disagreement_sql(run_model(store, run_id, "hop2"), "p.levels")
    n_book_ins = max(store.count("book_ins"), 1)
    released = f"(b.release_datetime - interval {int(shift_days)} day)" if shift_days else "b.release_datetime"
    hours = release_to_book_in_hours(released, "k.book_in_datetime")
    hand_over = hand_over_sql(config, hours, "k.apprehension_method", "b.release_class")
    # Decoy windows (shift_days) sample strangers' book-ins near a release: the person's own
    # later releases say nothing of those (and `decoys.week_scope` tracks book-ins only).
    # An at-large code weighs a book-in down where it stays in the window (`at_large_sql`).
    share = config.hop2.at_large_hand_over_share
    weight = f"odds_unit * (case when in_window and at_large then {share} else 1 end)"
    weighed = f"{weight} as odds_unit"
    no_rule = (f"select booking_uid, custody_id, {weighed}, hours_after, in_window, ice_country,"
               " null::varchar as later_release, null::varchar as rebooking_of, disagrees_on from scored")
    rebooked = no_rule if shift_days else f""", rebooked as (
            select a.booking_uid, a.custody_id, min(later.booking_uid) as later_release from scored a
            join bookings b on b.booking_uid = a.booking_uid
            join bookings later on later.last_name = b.last_name and later.first_name = b.first_name
                               and later.dob = b.dob and later.booking_uid <> b.booking_uid
                               and later.release_datetime <= a.book_in_at + interval 1 hour
            where a.in_window
              -- Clearly later: an hour apart, or a day apart where a log gives only the date.
              and case when {logged_without_time("a.released_at")}
                             or {logged_without_time("later.release_datetime")}
                       then later.release_datetime::date > a.released_at::date
                       else later.release_datetime > a.released_at + interval 1 hour end
            group by a.booking_uid, a.custody_id),
        moved as (
            select s.* replace (s.in_window and r.custody_id is null as in_window), r.later_release
            from scored s left join rebooked r using (booking_uid, custody_id)),
        odds as (select * replace ({weighed}) from moved),
        {_REBOOKING}
        select o.booking_uid, o.custody_id, o.odds_unit, o.hours_after, o.in_window, o.ice_country,
               o.later_release, rb.rebooking_of, o.disagrees_on
        from odds o left join rebooking rb using (booking_uid, custody_id)"""
    return f"""
        with {_SURNAME_COUNTRY},
        every_pair as (
            select p.left_id as booking_uid, p.right_id as custody_id,
                   -- (negligible_hop2_weight bounds these units: a new factor above 1 goes there too.)
                   pow(2, least(p.match_weight - ({w2}), 1000)) / {n_book_ins}
                     * coalesce({_SURNAME_COUNTRY_LIFT}, 1) as odds_unit,
                   {hours} as hours_after, {hand_over} as in_window,
                   {at_large_sql("k.apprehension_method")} as at_large,
                   {disagrees_on} as disagrees_on,
                   k.citizenship_country as ice_country, k.a_number, k.last_name as ice_last_name,
                   k.first_name as ice_first_name, k.birth_date as ice_birth_date,
                   {released} as released_at,
                   {released} + to_minutes(({minutes_to_book_in(released, "k.book_in_datetime")})::bigint) as book_in_at
            from ({pairs}) p
            join bookings b on b.booking_uid = p.left_id
            join book_ins k on k.custody_id = p.right_id
            left join surname_country sc
                   on b.last_name = k.last_name and b.birth_country = k.citizenship_country
                  and sc.last_name = k.last_name and sc.country = k.citizenship_country
            -- Before the joins, the pairs negligible at any lift; after, the rest of them.
            where p.match_weight >= {negligible_hop2_weight(store, run_id) if negligible_below is None
                                     else negligible_below}),
        -- The cut reads the units as weighed (an at-large book-in in the window weighs less): cut
        -- before, a weighed-down pair was kept below the cut where a heavier one was left out,
        -- and its release's ICE country was the lighter pair's.
        scored as (select * from every_pair where {weight} >= pow(2, -({NEGLIGIBLE_UNITS_BITS})))
        {rebooked}
    """
