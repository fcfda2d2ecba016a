"""Hop 1's blocking rules, run as the joins they are on a few hand-made rows (real DuckDB)."""

from __future__ import annotations

import duckdb

from linkage.config import load_config
from linkage.match import hop1

# One entry: detainer issued 2017-01-10, decline recorded 2017-03-01 in TX/TRAVIS.
ENTRY = ("entry", "TX/TRAVIS", "TRAVIS", "2017-01-10", "2017-03-01")
BOOKINGS = [  # uid, jurisdiction, county, booking_date, release_date, hold_date, ice_hold
    ("near-unheld", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-02-20", None, False),
    ("tail-held", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-01-25", "2017-01-10", True),
    ("tail-unheld", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-01-25", None, False),
    ("tail-unheld-booked-at-issue", "TX/TRAVIS", "TRAVIS", "2017-01-05", "2017-01-25", None, False),
    ("tail-no-hold-records", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-01-25", None, None),
    ("held-in-custody", "TX/TRAVIS", "TRAVIS", "2016-12-01", None, "2016-12-02", True),
    ("unheld-in-custody", "TX/TRAVIS", "TRAVIS", "2016-12-01", None, None, False),
    ("unheld-in-custody-booked-at-issue", "TX/TRAVIS", "TRAVIS", "2017-01-09", None, None, False),
    ("released-long-before", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-01-02", "2017-01-10", True),
]


def _with_hop1(**settings: int):
    config = load_config()
    return config.model_copy(update={"hop1": config.hop1.model_copy(update=settings)})


def _pairs(**settings: int) -> set[str]:
    config = _with_hop1(**settings)
    con = duckdb.connect()
    con.execute("""create table l (uid varchar, jurisdiction varchar, county varchar,
                                   issued_date date, declined_date date)""")
    con.execute("""create table r (uid varchar, jurisdiction varchar, county varchar, booking_date date,
                                   release_date date, hold_date date, ice_hold boolean)""")
    con.execute("insert into l values (?, ?, ?, ?, ?)", ENTRY)
    con.executemany("insert into r values (?, ?, ?, ?, ?, ?, ?)", BOOKINGS)
    found: set[str] = set()
    for rule in hop1.blocking_rules(config):
        found |= {right for (right,) in con.execute(f"select r.uid from l, r where {rule}").fetchall()}
    return found


def test_far_from_the_decline_an_unheld_booking_of_a_jail_that_records_holds_is_no_candidate():
    pairs = _pairs()
    # Near the decline, every release of the jail; in the 22-45 day tail, a hold, a jail that
    # records none, or a detainer that followed the booking keeps the pair.
    assert {"near-unheld", "tail-held", "tail-no-hold-records", "tail-unheld-booked-at-issue"} <= pairs
    assert "tail-unheld" not in pairs
    # In custody over the decline: a hold, or a detainer issued at the booking.
    assert {"held-in-custody", "unheld-in-custody-booked-at-issue"} <= pairs
    assert "unheld-in-custody" not in pairs
    assert "released-long-before" not in pairs


def test_the_unheld_window_reaching_the_whole_window_keeps_every_release():
    pairs = _pairs(unheld_window_days_before=45)
    assert {"tail-unheld", "unheld-in-custody"} <= pairs
    assert "released-long-before" not in pairs


def test_candidate_u_counts_over_the_uncut_pairs():
    # A pair's Bayes factors must not depend on what blocking leaves out: the population the
    # among-candidates u is measured on keeps the unheld tails.
    config = load_config()
    cut, whole = hop1.blocking_rules(config), hop1.blocking_rules(config, unheld_tails=True)
    assert cut != whole and whole == hop1.blocking_rules(_with_hop1(unheld_window_days_before=45))
