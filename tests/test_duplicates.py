"""`duplicate_of`: the same detainer listed again (`reconcile._mark_duplicates`), on hand-set
pairs in a real store (the world of tests/test_reconcile.py)."""

from linkage.reconcile import reconcile
from tests.test_reconcile import _config, _world


def test_a_detainer_listed_twice_in_one_week_is_a_duplicate_when_both_name_one_booking(store):
    # Same week, place, issued date, citizenship and decline day (the hand-set world's). E1 and
    # E2 name one booking: one detainer listed twice (the demo's DD20170204-0038 and -0082 went
    # unmarked, both counted as confirmed declines). E3 names another booking: a policy day
    # records a batch of declines on one day, so the day alone makes no duplicate in one week.
    bookings = [(f"TX/TRAVIS#{i}", "TX/TRAVIS", "2017-02-04 10:00", "served") for i in range(4)]
    _world(store, bookings=bookings, entries=[("E1", "TX/TRAVIS"), ("E2", "TX/TRAVIS"), ("E3", "TX/TRAVIS")],
           pairs=[("hop1", "E1", "TX/TRAVIS#0", 20.0), ("hop1", "E2", "TX/TRAVIS#0", 20.0),
                  ("hop1", "E3", "TX/TRAVIS#1", 20.0)])
    reconcile(store, "r", _config())
    got = dict(store.con.execute("select entry_id, duplicate_of from outcomes order by entry_id").fetchall())
    assert got == {"E1": None, "E2": "E1", "E3": None}
