"""Releases months before the recorded decline (hop 1's long-gone rule): a decline at most, and
a hand-over at that release counts against the pair (`posterior.Pairs.long_gone`)."""

import pytest
from pydantic import ValidationError

from linkage.config import LONG_GONE_DAYS, load_config
from linkage.reconcile import reconcile
from tests.test_reconcile import _UNSEEN, _config, _world

# A long-gone release without an ICE record, as the listed person's: only "booked later" and
# "never booked" (0.25 and 0.5 of the fixed rates), renormalised; as a random release's: the
# configured random rates with the unseen hand-over allowance (tests/test_reconcile.py).
LONG_GONE_NO_ICE_RECORD = (0.5 / 0.75) / (0.01 * _UNSEEN + 0.97)
LONG_GONE, NEAR = "2016-12-01 10:00", "2017-02-04 10:00"  # entries' decline: 2017-02-05


def _outcomes(store) -> dict[str, tuple]:
    return {e: tuple(row) for e, *row in store.con.execute(
        "select entry_id, outcome, p_transferred, booking_uid, custody_id, 1 - p_no_record, reasons"
        " from outcomes").fetchall()}


def test_a_release_months_before_the_decline_is_no_hand_over_and_its_hand_over_weighs_against_it(store):
    # E1 and E2: released 66 days before, no ICE record (E1's pair weak, E2's strong). E3: the
    # same release near the decline, with a book-in 3 hours after it. E4: E2's pair, but ICE
    # booked that person in 3 hours after the release. A detainer still open months later was
    # not honoured then, so E4's booking is likely someone else's.
    bookings = [(f"TX/TRAVIS#{i}", "TX/TRAVIS", when, "served")
                for i, when in ((1, LONG_GONE), (2, LONG_GONE), (3, NEAR), (4, LONG_GONE))]
    _world(store, bookings=bookings, entries=[(f"E{i}", "TX/TRAVIS") for i in (1, 2, 3, 4)],
           book_ins=[("K3", "2017-02-04 13:00"), ("K4", "2016-12-01 13:00")],
           pairs=[("hop1", "E1", "TX/TRAVIS#1", 2.0)]
           + [("hop1", f"E{i}", f"TX/TRAVIS#{i}", 20.0) for i in (2, 3, 4)]
           + [("hop2", f"TX/TRAVIS#{i}", f"K{i}", 40.0) for i in (3, 4)])
    reconcile(store, "r", _config())
    got = _outcomes(store)
    odds = 1.0 * 2**2 / 4 * (1 - _config().reconcile.p_misfiled_county) * LONG_GONE_NO_ICE_RECORD
    assert got["E1"][4] == pytest.approx(odds / (1 + odds), abs=1e-3)
    assert got["E2"][:4] == ("declined_confirmed", 0.0, "TX/TRAVIS#2", None)
    assert "recorded as declined 66 days after this release, so no hand-over at it" in got["E2"][5]
    assert got["E3"][0] == "transferred_to_ice" and got["E3"][3] == "K3"
    assert got["E4"][1] == 0.0 and got["E4"][4] < 0.01 < 0.99 < got["E2"][4]


def test_a_verdict_of_transfer_names_the_booking_that_carries_it(store):
    # The likeliest single booking was released long before (no hand-over), but seven releases
    # near the decline, each followed by a book-in, hold most of the entry's probability
    # between them: a transfer, on one of those bookings and with its book-in.
    bookings = [("TX/TRAVIS#1", "TX/TRAVIS", LONG_GONE, "served")]
    bookings += [(f"TX/TRAVIS#{i}", "TX/TRAVIS", NEAR, "served") for i in range(2, 9)]
    _world(store, bookings=bookings, entries=[("E1", "TX/TRAVIS")],
           book_ins=[(f"K{i}", "2017-02-04 13:00") for i in range(2, 9)],
           pairs=[("hop1", "E1", "TX/TRAVIS#1", 9.5)]
           + [("hop1", "E1", f"TX/TRAVIS#{i}", 4.0) for i in range(2, 9)]
           + [("hop2", f"TX/TRAVIS#{i}", f"K{i}", 40.0) for i in range(2, 9)])
    reconcile(store, "r", _config())
    top = store.con.execute(
        "select booking_uid from work.entry_booking order by p_booking desc limit 1").fetchall()[0][0]
    outcome, p, booking, custody, _, reasons = _outcomes(store)["E1"]
    assert top == "TX/TRAVIS#1" and p > 0.5
    assert booking != "TX/TRAVIS#1" and custody == "K" + booking.split("#")[1]
    assert "ICE book-in 3.0 h later" in reasons


def test_a_config_cannot_reach_past_the_long_gone_edge_or_decide_below_even_odds(tmp_path):
    # A window reaching past 45 days would pair releases its stay levels call long gone, which
    # reconcile then reads as no hand-over; a verdict of transfer below 0.5 would name a
    # booking that need not carry the transfer.
    for setting in ("[hop1]\nrelease_window_days_before = 46\n", "[reconcile]\nreview_threshold = 0.45\n"):
        path = tmp_path / "bad.toml"
        path.write_text(setting)
        with pytest.raises(ValidationError):
            load_config(path)
    path.write_text("[hop1]\nrelease_window_days_before = 45\n[reconcile]\nreview_threshold = 0.5\n")
    assert load_config(path).hop1.release_window_days_before == LONG_GONE_DAYS


@pytest.mark.parametrize("setting", [
    "[reconcile]\nstale_days = -5\n",               # every entry stale
    "[reconcile]\np_misfiled_county = 1.5\n",
    "[reconcile]\np_reason_ice_if_not = -1\n",
    "[reconcile]\nreview_threshold = true\n",       # TOML's true is no number
    "[reconcile]\nprior_in_log = 1.0\n",            # certain: no entry could be "not in the log"
    "[hop2]\ntransfer_window_hours = -1\n",
    "[hop1]\nrelease_window_days_after = -3\n",
    "[hop1]\nem_max_pairs = 0\n",
])
def test_a_setting_outside_what_it_means_is_refused(tmp_path, setting):
    path = tmp_path / "bad.toml"
    path.write_text(setting)
    with pytest.raises(ValidationError, match=setting.split("\n")[1].split(" =")[0]):
        load_config(path)


def test_bounded_settings_still_take_whole_numbers(tmp_path):
    path = tmp_path / "whole.toml"
    path.write_text("[hop2]\ntransfer_window_hours = 72\n[reconcile]\nreview_threshold = 1\n")
    config = load_config(path)
    assert config.hop2.transfer_window_hours == 72.0 and config.reconcile.review_threshold == 1.0
