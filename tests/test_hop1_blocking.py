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
    # Released 58 days before the decline: a candidate only with a hold dated within 3 days of
    # the issued date (a re-assessment listing someone long gone).
    ("released-long-before", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-01-12", "2017-01-10", True),
    ("released-long-before-hold-3-days-off", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-01-12", "2017-01-13", True),
    ("released-long-before-hold-4-days-off", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-01-12", "2017-01-14", True),
    ("released-long-before-unheld", "TX/TRAVIS", "TRAVIS", "2017-01-09", "2017-01-12", None, None),
    # The edges: 21 days before the decline is near, 22 the tail; booked the day after the
    # issued date or 14 days before it, the detainer followed the booking, 15 days not.
    ("unheld-21-days-before", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-02-08", None, False),
    ("unheld-22-days-before", "TX/TRAVIS", "TRAVIS", "2016-12-01", "2017-02-07", None, False),
    ("tail-unheld-booked-day-after-issue", "TX/TRAVIS", "TRAVIS", "2017-01-11", "2017-01-25", None, False),
    ("tail-unheld-booked-14-days-before", "TX/TRAVIS", "TRAVIS", "2016-12-27", "2017-01-25", None, False),
    ("tail-unheld-booked-15-days-before", "TX/TRAVIS", "TRAVIS", "2016-12-26", "2017-01-25", None, False),
]


def _with_hop1(**settings: int | bool):
    config = load_config()
    return config.model_copy(update={"hop1": config.hop1.model_copy(update=settings)})


def _pairs(issued: str | None = ENTRY[3], **settings: int | bool) -> set[str]:
    config = _with_hop1(**settings)
    con = duckdb.connect()
    con.execute("""create table l (uid varchar, jurisdiction varchar, county varchar,
                                   issued_date date, declined_date date)""")
    con.execute("""create table r (uid varchar, jurisdiction varchar, county varchar, booking_date date,
                                   release_date date, hold_date date, ice_hold boolean)""")
    con.execute("insert into l values (?, ?, ?, ?, ?)", [*ENTRY[:3], issued, ENTRY[4]])
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
    assert {"released-long-before", "released-long-before-hold-3-days-off"} <= pairs
    assert not {"released-long-before-hold-4-days-off", "released-long-before-unheld"} & pairs
    assert "released-long-before" not in _pairs(long_gone_rule=False)
    assert {"unheld-21-days-before", "tail-unheld-booked-day-after-issue",
            "tail-unheld-booked-14-days-before"} <= pairs
    assert not {"unheld-22-days-before", "tail-unheld-booked-15-days-before"} & pairs


def _stay_level(booked: str, released: str | None, hold: str | None = None, issued: str = ENTRY[3]) -> str:
    """The `stay` level of ENTRY (issued 2017-01-10, declined 2017-03-01) against a booking."""
    stay = next(c for c in hop1.comparisons() if c.name == "stay")
    released, hold = (f"date '{d}'" if d else "null::date" for d in (released, hold))
    return duckdb.connect().execute(
        f"select {stay.level_sql()} from (select date '{ENTRY[4]}' as declined_date_l, date '{issued}'"
        f" as issued_date_l, date '{booked}' as booking_date_r, {released} as release_date_r,"
        f" {hold} as hold_date_r)"
    ).fetchall()[0][0]


def test_a_release_more_than_45_days_before_the_decline_has_its_own_stay_level():
    assert _stay_level("2016-12-01", "2017-01-12") == "released_long_before"  # 48 days before
    assert _stay_level("2016-12-01", "2017-01-15") == "released_22_45_days_before"  # 45 days
    # Booked two days after the detainer was issued: not during the stay.
    assert _stay_level("2017-01-12", "2017-01-13") == "else"


def test_a_detainer_the_jail_carried_onto_a_later_booking_is_on_that_stay():
    # World I's policy day: a detainer issued years before, its date carried as the hold date
    # of the current booking. "Predates the booking" took 2.9 bits from the very booking whose
    # hold date matched. A hold date of another day still reads as predating the booking.
    assert _stay_level("2017-02-20", "2017-02-28", hold="2017-01-10") == "released_0_3_days_before"
    assert _stay_level("2017-02-20", None, hold="2017-01-10") == "in_custody_at_decline"
    assert _stay_level("2017-02-20", "2017-02-28", hold="2017-02-20") == "released_near_decline_outside_stay"
    assert _stay_level("2017-02-20", None) == "in_custody_outside_stay"
    # A hold dated the issued day but after the booking's release is not a carried detainer.
    assert _stay_level("2016-12-01", "2017-01-05", hold="2017-01-10") == "else"


def test_a_release_before_the_detainer_was_issued_has_its_own_stay_level():
    # World E: a jail that releases within hours is gone before ICE's detainer arrives, and ICE
    # lists the decline all the same. That is not "the detainer predates the booking".
    assert _stay_level("2017-02-22", "2017-02-23", issued="2017-02-24") == "released_before_issue"
    assert _stay_level("2017-02-16", "2017-02-16", issued="2017-02-23") == "released_before_issue"
    assert _stay_level("2017-02-07", "2017-02-08", issued="2017-02-09") == "released_before_issue"  # 21 days
    # Issued the day of the release: during the stay, as before.
    assert _stay_level("2017-02-22", "2017-02-23", issued="2017-02-23") == "released_4_10_days_before"
    # Over a week after the release, or a release over three weeks before the decline.
    assert _stay_level("2017-02-15", "2017-02-15", issued="2017-02-23") == "released_near_decline_outside_stay"
    assert _stay_level("2017-02-06", "2017-02-07", issued="2017-02-09") == "released_near_decline_outside_stay"


def test_an_entry_without_an_issued_date_keeps_the_unheld_tail():
    assert "tail-unheld" in _pairs(issued=None)


def test_unheld_tails_on_keeps_every_release_and_custody_pair():
    pairs = _pairs(unheld_tails=True)
    assert {"tail-unheld", "unheld-in-custody", "unheld-22-days-before"} <= pairs
    assert "released-long-before-unheld" not in pairs
    # The custody cut does not hang on the release window's width.
    assert "unheld-in-custody" not in _pairs(release_window_days_before=14)


def test_candidate_u_counts_over_the_uncut_pairs(tmp_path):
    # A pair's Bayes factors must not depend on what blocking leaves out: the population the
    # among-candidates u is measured on keeps the unheld tails. It leaves out the long-gone
    # rule, whose pairs are chosen for a hold dated near the issued date: counted, they would
    # make that agreement look common among candidates and weaken every hold date.
    from linkage.match.model import HOPS
    from linkage.store import Store

    config = load_config()
    with Store.open(tmp_path / "s.duckdb") as store:
        counted = HOPS["hop1"].u_candidate_rules(store, config)
        assert counted == hop1.blocking_rules(_with_hop1(unheld_tails=True, long_gone_rule=False))
        assert counted != HOPS["hop1"].blocking_rules(store, config)


def test_a_level_that_reads_otherwise_is_a_model_to_train_again():
    # A model scores with the SQL it saved, and the signature read only the level keys: a store
    # that kept a hop 1 model went on reading `stay` as before this session until --retrain.
    import dataclasses

    from linkage.match.model import model_signature

    rules = hop1.blocking_rules(load_config())
    comparisons = hop1.comparisons()
    stay = next(c for c in comparisons if c.name == "stay")
    first = dataclasses.replace(stay.levels[0], sql=stay.levels[0].sql.replace(" or (hold_date_r", " or (false"))
    changed = [dataclasses.replace(c, levels=[first, *c.levels[1:]]) if c is stay else c for c in comparisons]
    assert model_signature(hop1.comparisons(), rules) == model_signature(comparisons, rules)
    assert model_signature(changed, rules) != model_signature(comparisons, rules)
