"""A stale detainer on a later booking: weighed by the booking's state at the decline, not
by the detainer's date.

    >>> con.execute(f"create table f as {stale_factor_sql(store, run_id, config)}")
    >>> con.execute(f"create table u as {hop1_units_sql(store, run_id, config, stale_factors='f')}")

A detainer issued over `reconcile.stale_days` before its recorded decline (a policy day's
re-assessment of every detainer in custody, ../shared/design.md) was often lodged on an
earlier booking, years before the one its person is on now. Hop 1's issued-date comparisons
(`stay`, `hold_vs_issued`, `booked_before_issue`) read that date as a fresh detainer's: the
person's current booking shows "the detainer predates the booking" and "hold placed on a later
booking", levels a fresh entry's true pair almost never shows, so they weighed -3 to -5 bits
each. The jurisdiction's stale "in log" prior fell to its floor, and an independent world's
policy-day people still held came out "no release record" at 0.99 (docs/model.md,
*Independent worlds*).

So for a stale entry's pair with a booking that began at least two days after the issued
date (hop 1's stay counts a detainer issued the day before the booking as inside it) and whose
hold date, if any, is not within 30 days of it,
those three comparisons' Bayes factors are taken out, and in their place goes what the
booking's state at the decline says: held over it (as reconcile reads "in custody": open past
the end of the report week), released in one of hop 1's release bands around it, or neither.
m is `reconcile.stale_state_m` (held, released near, neither: a judgement from the design's
policy day, most of those listed still held), the released share spread over the bands as hop
1's EM spread the fresh entries' released levels; u is the state's share of every booking of
the jurisdiction's log, each classified by its state at that decline, the pool the units
divide by. The booking's ICE
hold is then weighed within its state: Splink's u for a hold is over every booking, while
among held ones a hold is many times commoner, and a held look-alike's hold would count for
more than it tells (the state's share is shrunk toward Splink's u by `HELD_COUNTRY_PRIOR`
bookings). A pair whose stay or hold date holds the issued date keeps Splink's evidence: there
the date is this booking's. Whether the person is in the log at all stays with the run's
fitted stale prior, bounded by the claims of other detainers on the same held bookings
(linkage/posterior.py). The factor enters the pairs' units before negligible pairs are left
out and before hop 2 picks the releases it searches (`units.hop1_units_sql`).
"""

from __future__ import annotations

import math

from linkage.config import Config
from linkage.match.hop1 import in_custody_at_report_sql
from linkage.match.spec import comparison_levels
from linkage.store import Store
from linkage.units import HELD_COUNTRY_PRIOR, run_model

STALE_FACTORS = "work.stale_factor"
"""Reconcile's table of `stale_factor_sql` (entry_id, booking_uid, stale_factor), read by the
reasons and by `linkage explain`."""

ISSUED_DATE_COMPARISONS = ("stay", "hold_vs_issued", "booked_before_issue")
"""Hop 1's comparisons that read the detainer's issued date."""


def _issued_date_bits_sql(settings: dict, levels: str) -> str:
    """SQL: the bits the pair's issued-date comparisons added to its match weight."""
    parts = []
    for name in ISSUED_DATE_COMPARISONS:
        found = comparison_levels(settings, name)
        if found is None:
            continue
        position, compared = found
        weights = {len(compared) - 1 - k: math.log2(lv["m_probability"] / lv["u_probability"])
                   for k, lv in enumerate(compared) if lv.get("m_probability") and lv.get("u_probability")}
        if not weights:
            continue
        cases = " ".join(f"when {g} then {w!r}" for g, w in sorted(weights.items()))
        parts.append(f"(case {levels}[{position + 1}] {cases} else 0 end)")  # DuckDB lists are 1-based
    return " + ".join(parts) if parts else "0"


RELEASE_BANDS = ((-3, 0), (-10, -4), (-21, -11), (-45, -22), (1, 7))
"""Days from the decline of hop 1's release levels of `stay`, in its order (linkage/match/hop1.py)."""


def _hold_u(settings: dict) -> tuple[float, float] | None:
    """Splink's u of 'the jail recorded an ICE hold' and of its else level (None: the model
    compares no hold)."""
    found = comparison_levels(settings, "ice_hold")
    return None if found is None else (float(found[1][0]["u_probability"]), float(found[1][-1]["u_probability"]))


def stale_sql(entry: str, stale_days: int) -> str:
    """SQL: the entry's detainer was issued more than `stale_days` before the recorded decline."""
    return f"(date_diff('day', {entry}.detainer_issued_date, {entry}.detainer_declined_date) > {int(stale_days)})"


def write_stale_factors(store: Store, run_id: str, config: Config, table: str = STALE_FACTORS, *,
                        temp: bool = False) -> None:
    """`table` (entry_id, booking_uid, stale_factor) from `stale_factor_sql`, empty where it
    gives none (`temp`: a temp table, named without a schema).

        >>> write_stale_factors(store, run_id, config)   # work.stale_factor, as reconcile reads it

    A table, not a subquery: joined as a subquery with every hop-1 pair, DuckDB planned the
    statement on an estimate of ~100 k rows (the plausible set of the national base store:
    10.1 s, 4.2 s with the table)."""
    sql = stale_factor_sql(store, run_id, config)
    store.con.execute(f"create or replace {'temp ' if temp else ''}table {table} as "
                      + (sql or "select null::varchar as entry_id, null::varchar as booking_uid,"
                                " null::double as stale_factor limit 0"))


def stale_factor_sql(store: Store, run_id: str, config: Config) -> str | None:
    """SQL of (entry_id, booking_uid, stale_factor): per hop-1 pair of a stale entry on a
    booking that began after its detainer was issued, what multiplies its odds unit (None: no
    hop-1 model, or `stale_state_m` all 0)."""
    settings = run_model(store, run_id, "hop1")
    m_held, m_near, m_other = config.reconcile.stale_state_m
    if settings is None or not (m_held or m_near or m_other):
        return None
    run = run_id.replace("'", "''")
    hold_u = _hold_u(settings)
    # Written over `e` (an entry, or one of its decline days) and `b` (a booking).
    held = f"({in_custody_at_report_sql('b', 'e')} and b.booking_date::date <= e.detainer_declined_date)"
    bands = " ".join(f"when b.release_datetime::date between e.detainer_declined_date + {lo}"
                     f" and e.detainer_declined_date + {hi} then {k + 1}"
                     for k, (lo, hi) in enumerate(RELEASE_BANDS))
    state = f"case when {held} then 0 {bands} else {len(RELEASE_BANDS) + 1} end"
    # m of each release band: m_near shared as hop 1's EM shared the released levels' m among
    # the fresh entries (the timing of a release against the decline does not read the
    # issued date).
    stay = comparison_levels(settings, "stay")
    released_m = [lv["m_probability"] for lv in (stay[1] if stay else [])[:len(RELEASE_BANDS)]]
    m_state = " ".join(f"when {k + 1} then {m_near * m / sum(released_m)!r}"
                       for k, m in enumerate(released_m) if sum(released_m) > 0)
    # Within its state, a hold is as common as among that state's bookings of logs that record
    # holds, shrunk toward Splink's share (worth HELD_COUNTRY_PRIOR bookings, as the held
    # country's share is in units.py); hop 1's ice_hold is null where a log records none: no
    # factor.
    hold_factor = "1.0"
    if hold_u is not None:
        u_yes, u_no = hold_u
        share = f"((s.n_hold + {HELD_COUNTRY_PRIOR} * {u_yes!r}) / (s.n_known + {HELD_COUNTRY_PRIOR}))"
        hold_factor = f"""
        case when p.ice_hold is null then 1.0
             when p.ice_hold then {u_yes!r} / {share}
             else {u_no!r} / (1 - {share}) end"""
    return f"""
        with stale_pairs as (
            select c.left_id as entry_id, c.right_id as booking_uid, c.levels, b.jurisdiction,
                   e.detainer_declined_date, e.report_week, {state} as state, hb.ice_hold
            from candidate_pairs c
            join report_entries e on e.entry_id = c.left_id
            join bookings b on b.booking_uid = c.right_id
            left join work.hop1_bookings hb on hb.uid = c.right_id   -- its hold as hop 1 read it
            where c.run_id = '{run}' and c.hop = 'hop1' and c.levels is not null
              and {stale_sql("e", config.reconcile.stale_days)}
              -- Issued before the booking began (as hop 1's stay reads it: from the day before)
              -- and no hold date near it: lodged on an earlier booking.
              and e.detainer_issued_date < b.booking_date::date - 1
              and not coalesce(abs(date_diff('day', e.detainer_issued_date, hb.hold_date)) <= 30, false)
        ),
        -- Each state's bookings in the log on the decline day, and how many of them show a
        -- hold among those of a log that records holds.
        states as (
            select e.jurisdiction, e.detainer_declined_date, e.report_week, {state} as state,
                   count(*) as n, count(h.ice_hold) as n_known, count(*) filter (where h.ice_hold) as n_hold,
                   sum(count(*)) over (partition by e.jurisdiction, e.detainer_declined_date, e.report_week)
                     as pool
            from (select distinct jurisdiction, detainer_declined_date, report_week from stale_pairs) e
            join bookings b on b.jurisdiction = e.jurisdiction
            left join work.hop1_bookings h on h.uid = b.booking_uid
            group by 1, 2, 3, 4
        )
        select p.entry_id, p.booking_uid,
               pow(2, -({_issued_date_bits_sql(settings, 'p.levels')}))
                 * (case p.state when 0 then {m_held!r} {m_state} else {m_other!r} end)
                 / (s.n / s.pool)
                 * {hold_factor} as stale_factor
        from stale_pairs p
        join states s using (jurisdiction, detainer_declined_date, report_week, state)
    """
