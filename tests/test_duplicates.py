"""`duplicate_of`: the same detainer listed again in a later report (`verdicts._mark_duplicates`),
on hand-set pairs in a real store (the world of tests/test_reconcile.py)."""

from linkage.reconcile import reconcile
from tests.test_reconcile import _config, _world


def test_one_report_given_as_two_days_of_its_week_lists_no_duplicates_of_itself(store):
    # Three listings of one place, issued day, citizenship and decline day (the hand-set
    # world's), each on its own booking. E1 and E2 are one report given as its Monday and its
    # Thursday (the contract allows any day of the week); E3 is the next week's report. By the
    # day as given, E2 had been marked a duplicate of E1, a listing of the same report.
    bookings = [(f"TX/TRAVIS#{i}", "TX/TRAVIS", "2017-02-04 10:00", "served") for i in range(4)]
    _world(store, bookings=bookings, entries=[("E1", "TX/TRAVIS"), ("E2", "TX/TRAVIS"), ("E3", "TX/TRAVIS")],
           pairs=[("hop1", f"E{i}", f"TX/TRAVIS#{i}", 20.0) for i in (1, 2, 3)])
    store.con.execute("update report_entries set report_week = date '2017-02-09' where entry_id = 'E2'")
    store.con.execute("update report_entries set report_week = date '2017-02-13' where entry_id = 'E3'")
    reconcile(store, "r", _config())
    got = dict(store.con.execute("select entry_id, duplicate_of from outcomes order by entry_id").fetchall())
    assert got == {"E1": None, "E2": None, "E3": "E1"}


def test_two_listings_of_unknown_country_on_one_booking_are_not_one_detainer(store):
    # ICE's UNKNOWN citizenship is stored empty (session 37): two listings of one place and
    # issued day then matched on "no country" as one detainer, and the later was marked a
    # duplicate of the earlier on their shared likeliest booking. Declined on other days, they
    # are two; with a country they would still be one.
    bookings = [("TX/TRAVIS#1", "TX/TRAVIS", "2017-02-04 10:00", "served")]
    _world(store, bookings=bookings, entries=[("E1", "TX/TRAVIS"), ("E2", "TX/TRAVIS")],
           pairs=[("hop1", f"E{i}", "TX/TRAVIS#1", 20.0) for i in (1, 2)])
    store.con.execute("update report_entries set report_week = date '2017-02-13',"
                      " detainer_declined_date = date '2017-02-12' where entry_id = 'E2'")
    store.con.execute("update report_entries set citizenship = null, citizenship_country = null")
    reconcile(store, "r", _config())
    got = dict(store.con.execute("select entry_id, duplicate_of from outcomes order by entry_id").fetchall())
    assert got == {"E1": None, "E2": None}
    store.con.execute("update report_entries set citizenship = 'MEXICO', citizenship_country = 'MEX'")
    reconcile(store, "r", _config())
    got = dict(store.con.execute("select entry_id, duplicate_of from outcomes order by entry_id").fetchall())
    assert got == {"E1": None, "E2": "E1"}


def test_two_listings_of_unknown_country_compete_for_a_booking_as_two_detainers(store):
    # Listings of one place and issued day were one detainer to reconcile when their countries
    # were alike, and "unknown" was alike: E2 then took E1's booking as its own (the second
    # review: three confident wrong links on a demo world with UNKNOWN citizenships).
    bookings = [("TX/TRAVIS#1", "TX/TRAVIS", "2017-02-04 10:00", "served"),
                ("TX/TRAVIS#2", "TX/TRAVIS", "2017-02-04 10:00", "served")]
    _world(store, bookings=bookings, entries=[("E1", "TX/TRAVIS"), ("E2", "TX/TRAVIS")],
           pairs=[("hop1", "E1", "TX/TRAVIS#1", 12.0), ("hop1", "E2", "TX/TRAVIS#1", 9.0),
                  ("hop1", "E2", "TX/TRAVIS#2", 7.0)])
    store.con.execute("update report_entries set citizenship = null, citizenship_country = null")
    reconcile(store, "r", _config())
    got = dict(store.con.execute("select entry_id, booking_uid from outcomes order by entry_id").fetchall())
    assert got == {"E1": "TX/TRAVIS#1", "E2": "TX/TRAVIS#2"}
