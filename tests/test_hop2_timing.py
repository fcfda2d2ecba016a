"""Hop 2's timing for a jail log that gives the release day only (read as 00:00): counted in
calendar days by a comparison of its own, and said as a day in the verdict's reasons."""

from __future__ import annotations

import duckdb

from linkage.match import hop2
from linkage.match.model import load_priors
from linkage.reconcile import reconcile
from tests.test_reconcile import _config, _world

FOIA = {"birth_year", "sex", "method", "state"}


def _levels(released: str, booked: str) -> tuple[str | None, str | None]:
    found = {c.name: c for c in hop2.comparisons(FOIA)}
    return duckdb.connect().execute(
        f"select {found['timing'].level_sql()}, {found['timing_day'].level_sql()}"
        " from (select ?::timestamp as event_time_l, ?::timestamp as event_time_r)",
        [released, booked]).fetchall()[0]


def test_a_release_logged_without_a_time_is_weighed_by_days_not_by_hours_from_midnight():
    """Seeds 2424-3232, FOIA: read from 00:00, a hand-over hours after a late release fell to
    "1–3 days after release" (5 bits below "within 6 h"); 20 of 43 such hand-overs were missed."""
    assert _levels("2017-03-04 00:00", "2017-03-04 00:00") == (None, "same_day")
    assert _levels("2017-03-04 00:00", "2017-03-04 23:00") == (None, "same_day")
    assert _levels("2017-03-04 00:00", "2017-03-05 14:00") == (None, "next_day")
    assert _levels("2017-03-04 00:00", "2017-03-07 09:00") == (None, "within_3_days")
    assert _levels("2017-03-04 00:00", "2017-03-14 09:00") == (None, "within_14_days")
    assert _levels("2017-03-04 00:00", "2017-03-03 23:30") == (None, "same_day")  # as `timing`: an hour
    assert _levels("2017-03-04 00:00", "2017-03-03 22:00") == (None, "else")
    # A release with its time keeps the hours: the day comparison says nothing.
    assert _levels("2017-03-04 07:05", "2017-03-05 14:00") == ("within_72_hours", None)
    assert _levels("2017-03-04 07:05", "2017-03-04 09:00") == ("within_6_hours", None)


def test_the_day_levels_priors_weigh_a_next_day_book_in_as_the_hand_over_it_likely_is():
    # Of a day-only release, the release day and the next three hold what "within 6 h",
    # "6–24 h" and "1–3 days" hold for a timed one; the release day most of it.
    timing, day = load_priors()["hop2"]["timing"], load_priors()["hop2"]["timing_day"]
    assert abs(day["same_day"] + day["next_day"] + day["within_3_days"]
               - (timing["within_6_hours"] + timing["within_24_hours"] + timing["within_72_hours"])) < 1e-9
    assert day["same_day"] > day["next_day"] > day["within_3_days"]
    assert abs(sum(day.values()) - 1) < 1e-9


def test_the_reasons_give_the_book_in_day_not_hours_after_a_false_midnight(store):
    _world(store, bookings=[("TX/TRAVIS#1", "TX/TRAVIS", "2017-02-03 00:00", "served"),
                            ("TX/TRAVIS#2", "TX/TRAVIS", "2017-02-03 10:00", "served"),
                            ("TX/TRAVIS#3", "TX/TRAVIS", "2017-02-03 00:00", "served")],
           entries=[("E1", "TX/TRAVIS"), ("E2", "TX/TRAVIS"), ("E3", "TX/TRAVIS")],
           book_ins=[("K1", "2017-02-04 13:00"), ("K2", "2017-02-03 13:00"), ("K3", "2017-02-02 23:30")],
           pairs=[("hop1", f"E{i}", f"TX/TRAVIS#{i}", 20.0) for i in (1, 2, 3)]
           + [("hop2", f"TX/TRAVIS#{i}", f"K{i}", 40.0) for i in (1, 2, 3)])
    reconcile(store, "r", _config())
    reasons = dict(store.con.execute("select entry_id, reasons from outcomes").fetchall())
    assert "released 2017-02-03 (served); ICE book-in 2017-02-04 13:00, the day after the release" in reasons["E1"]
    assert "h later" not in reasons["E1"]
    assert "ICE book-in 3.0 h later" in reasons["E2"]
    assert "ICE book-in 2017-02-02 23:30, just before the release day began" in reasons["E3"]
