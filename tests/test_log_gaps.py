"""A release log with weeks missing says nothing of the days it skips (`linkage.coverage`)."""

import pytest

from linkage.reconcile import reconcile
from tests.test_reconcile import _config, _world


def test_a_booking_open_before_weeks_missing_from_its_log_is_held_in_them_only_as_its_stays_say(store):
    """World L's Multnomah sent no weekly log for six weeks: a booking open in the last file
    before them was decided "still in custody" at 0.999 for a decline in them, though it may
    have been released then. The log's last day before the gap now bounds what it says, as its
    last day overall does; a file that shows the booking open past the decline still says held."""
    # Booked January 1 and released one a day January 2-20; booked February 20 and released
    # one a day to March 10: no release for a month between (0.7 a day otherwise), and stays of
    # 1-19 days. Both open bookings were booked January 18.
    released = [f"2017-01-{day:02d} 09:00" for day in range(2, 21)] + [
        f"2017-02-{day:02d} 09:00" for day in range(21, 29)] + [f"2017-03-{day:02d} 09:00" for day in range(1, 11)]
    bookings = [("MN/HENNEPIN#OPEN1", "MN/HENNEPIN", None, None), ("MN/HENNEPIN#OPEN2", "MN/HENNEPIN", None, None)] + [
        (f"MN/HENNEPIN#{i}", "MN/HENNEPIN", when, "bond") for i, when in enumerate(released)]
    _world(store, bookings=bookings, entries=[("E1", "MN/HENNEPIN"), ("E2", "MN/HENNEPIN")],
           pairs=[("hop1", "E1", "MN/HENNEPIN#OPEN1", 20.0), ("hop1", "E2", "MN/HENNEPIN#OPEN2", 20.0)])
    con = store.con
    con.execute("update bookings set booking_date = timestamp '2017-01-18' where booking_id like 'OPEN%'")
    con.execute("update bookings set booking_date = timestamp '2017-02-20' where release_datetime >= '2017-02-01'")
    # OPEN2's row comes from an export whose last day (March 10) is past the decline (February 5).
    con.execute("update bookings set submission_id = 7 where booking_id = 'OPEN2'")
    con.execute("""insert into submissions (submission_id, kind, jurisdiction, file_name, sha256, submitted_at,
                   status, period_start, period_end) values (7, 'releases', 'MN/HENNEPIN', 'year.csv', 'x',
                   current_timestamp, 'stored', date '2017-01-01', date '2017-03-10')""")
    reconcile(store, "r", _config())
    got = {e: (o, p, r) for e, o, p, r in con.execute(
        "select entry_id, outcome, p_in_custody, reasons from outcomes").fetchall()}
    outcome, p_held, reason = got["E1"]
    assert outcome == "no_release_record" and p_held < 0.2, got["E1"]
    assert reason.startswith("the MN/HENNEPIN log has no releases from 2017-01-21 to 2017-02-20, around the"
                             " decline: booking OPEN1, open then"), reason
    assert got["E2"][:2] == ("still_in_custody", pytest.approx(1.0))


def test_a_quiet_spell_of_a_small_jail_is_not_a_gap(store):
    # Four releases over two months: three weeks without one is how such a jail's log reads.
    released = ["2017-01-03 09:00", "2017-01-25 09:00", "2017-02-20 09:00", "2017-03-10 09:00"]
    bookings = [("MN/COOK#OPEN", "MN/COOK", None, None)] + [
        (f"MN/COOK#{i}", "MN/COOK", when, "bond") for i, when in enumerate(released)]
    _world(store, bookings=bookings, entries=[("E1", "MN/COOK")], pairs=[("hop1", "E1", "MN/COOK#OPEN", 20.0)])
    store.con.execute("update bookings set booking_date = timestamp '2017-01-18' where booking_id = 'OPEN'")
    reconcile(store, "r", _config())
    assert store.con.execute("select outcome, p_in_custody from outcomes").fetchall() == [
        ("still_in_custody", pytest.approx(1.0))]
