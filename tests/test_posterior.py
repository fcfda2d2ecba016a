"""The joint posterior of linkage/posterior.py on hand-made arrays, against its formula."""

import numpy as np
import pytest

from linkage.config import ReconcileSettings
from linkage.posterior import Pairs, Releases, fit_posterior
from linkage.windows import window_likelihood

FIXED = ReconcileSettings(estimate_priors=False, prior_in_log=0.5, prior_book_in=0.4)


def _releases(window, later, reason, group=None):
    n = len(window)
    return Releases(np.array(window, float), np.array(later, float), np.array(reason, int),
                    np.array(group if group is not None else [0] * n, int))


def test_an_ice_record_shifts_which_booking_the_entry_describes():
    # One entry, two released candidates with equal hop-1 evidence; only the first was booked
    # by ICE hours after release (strong hop-2 evidence), the reasons are unknown.
    pairs = Pairs(np.array([0, 0]), np.array([10.0, 10.0]), np.array([0, 1]))
    releases = _releases([500.0, 0.0], [0.0, 0.0], [-1, -1])
    fit = fit_posterior(1, np.array([0]), pairs, releases, FIXED)
    listed = np.array([0.2, 0.2, 0.6])  # prior_book_in 0.4, split between hand-over and later
    random = np.array([0.01, 0.02, 0.97])
    like = np.array([[500.0 + 0.02, 0.0, 1.0], [0.02, 0.0, 1.0]])
    factor = (like @ listed) / (like @ random)
    odds = 10.0 * factor  # prior odds 1
    assert fit.p_booking == pytest.approx(odds / (1 + odds.sum()), rel=1e-6)
    assert fit.p_booking[0] > 5 * fit.p_booking[1]
    # The handed-over release is a transfer, the other is not.
    assert fit.p_transfer[0] > 0.99 and fit.p_transfer[1] < 0.05


def test_in_custody_candidates_carry_no_ice_factor():
    pairs = Pairs(np.array([0]), np.array([4.0]), np.array([-1]))
    fit = fit_posterior(1, np.array([0]), pairs, _releases([], [], []), FIXED)
    assert fit.p_booking[0] == pytest.approx(4.0 / 5.0)


def test_release_reason_is_evidence_not_proof():
    # No book-in at all, but the jail logged 'released to ICE': more likely a transfer than
    # the same release logged as time served, and still far from certain.
    pairs = Pairs(np.array([0, 1]), np.array([50.0, 50.0]), np.array([0, 1]))
    releases = _releases([0.0, 0.0], [0.0, 0.0], [1, 0])
    fit = fit_posterior(2, np.array([0, 0]), pairs, releases, FIXED)
    assert fit.p_transfer[0] > 10 * fit.p_transfer[1]
    assert fit.p_transfer[0] < 0.9


def test_the_unseen_share_of_hand_overs_is_read_from_the_releases_logged_to_ice():
    # 60 releases logged 'to ICE' and one entry's candidate released with no book-in at all.
    # Every logged hand-over visible in the extract: few are unseen, and the bare release is
    # a decline. A third of them without a book-in: the extract misses hand-overs, and the
    # bare release may well be one.
    def fit(invisible: int):
        window = np.r_[np.full(60 - invisible, 1e4), np.zeros(invisible), 0.0]
        releases = _releases(window, np.zeros(61), [1] * 60 + [0])
        pairs = Pairs(np.array([0]), np.array([50.0]), np.array([60]))
        return fit_posterior(1, np.array([0]), pairs, releases, ReconcileSettings(p_transfer_unseen=0.02))

    seen, unseen = fit(0), fit(20)
    assert seen.unseen_share < 0.005
    assert unseen.unseen_share == pytest.approx((20 + 10 * 0.02) / 70, rel=0.05)
    assert unseen.p_transfer[60] > 20 * seen.p_transfer[60]
    # Without estimation the configured share is used as it is.
    fixed = fit_posterior(1, np.array([0]), Pairs(np.array([0]), np.array([50.0]), np.array([0])),
                          _releases([0.0], [0.0], [1]), FIXED)
    assert fixed.unseen_share == 0.02


def test_fitted_priors_follow_the_data():
    # Forty entries whose single candidate is overwhelming: the 'in log' prior rises toward 1;
    # forty with nothing: it falls. Shrinkage keeps both off the bounds.
    n = 80
    entry = np.arange(40)
    pairs = Pairs(entry, np.full(40, 1e6), np.full(40, -1))
    settings = ReconcileSettings(prior_in_log=0.5)
    groups = np.array([0] * 40 + [1] * 40)
    fit = fit_posterior(n, groups, pairs, _releases([], [], []), settings)
    assert fit.prior_in_log[0] > 0.85
    assert fit.prior_in_log[1] < 0.2


def test_stale_detainers_do_not_drag_the_fresh_ones_out_of_the_log():
    # One jail: 20 fresh detainers whose people have one modest candidate each (units 3), and a
    # policy-day batch of 60 stale ones with nothing that fits (units 0.01). Under one prior
    # the batch pulls the jail's prior, and the fresh entries with it, out of the log; fitted
    # per staleness, the fresh entries stay in it and the stale ones stay out.
    entry = np.arange(80)
    pairs = Pairs(entry, np.array([3.0] * 20 + [0.01] * 60), np.full(80, -1))
    stale = np.array([False] * 20 + [True] * 60)

    def p_in_log(by_staleness: bool) -> np.ndarray:
        settings = ReconcileSettings(prior_in_log=0.8, prior_by_staleness=by_staleness, by_decline_day=False)
        fit = fit_posterior(80, np.zeros(80, dtype=int), pairs, _releases([], [], []), settings,
                            entry_stale=stale)
        assert (fit.prior_in_log_stale is not None) == by_staleness
        return fit.p_booking

    one_prior, by_staleness = p_in_log(False), p_in_log(True)
    assert one_prior[:20].max() < 0.5
    assert by_staleness[:20].min() > 0.9
    assert by_staleness[20:].max() < 0.05


def test_a_batch_heavy_jail_keeps_its_fresh_entries_as_likely_in_the_log_as_another_jails():
    # Jail 0 lists 20 fresh detainers and a batch of 60 stale ones that fit nothing; jail 1
    # lists 20 fresh detainers only, with the same modest evidence. Jail 0's prior holds its
    # stale batch already: its fresh cell must not be pulled down by it a second time.
    entry = np.arange(100)
    units = np.array([3.0] * 20 + [0.01] * 60 + [3.0] * 20)
    pairs = Pairs(entry, units, np.full(100, -1))
    jail = np.array([0] * 80 + [1] * 20)
    stale = np.array([False] * 20 + [True] * 60 + [False] * 20)
    settings = ReconcileSettings(prior_in_log=0.8, by_decline_day=False)
    fit = fit_posterior(100, jail, pairs, _releases([], [], []), settings, entry_stale=stale)
    assert fit.p_booking[:20].min() > 0.9
    assert fit.p_booking[:20].mean() == pytest.approx(fit.p_booking[80:].mean(), abs=0.02)
    assert fit.prior_in_log_stale[0] < 0.1


def test_without_stale_detainers_the_staleness_split_changes_nothing():
    pairs = Pairs(np.arange(40), np.array([3.0, 0.2] * 20), np.full(40, -1))
    jail = np.array([0] * 25 + [1] * 15)

    def fit(by_staleness: bool):
        settings = ReconcileSettings(prior_in_log=0.8, by_decline_day=False, prior_by_staleness=by_staleness)
        return fit_posterior(40, jail, pairs, _releases([], [], []), settings, entry_stale=np.zeros(40, dtype=bool))

    assert np.array_equal(fit(True).p_booking, fit(False).p_booking)


def test_a_booking_another_detainer_claims_counts_less():
    # Entry 0 fits booking 0 overwhelmingly; entry 1 fits bookings 0 and 1 equally (both in
    # custody). Different detainers are different people: entry 1 should lean to booking 1.
    def fit(detainers, exclusive=True):
        pairs = Pairs(np.array([0, 1, 1]), np.array([1e4, 20.0, 20.0]), np.array([-1, -1, -1]),
                      booking=np.array([0, 0, 1]), detainer=np.array(detainers))
        settings = FIXED.model_copy(update={"one_person_per_detainer": exclusive})
        return fit_posterior(2, np.array([0, 0]), pairs, _releases([], [], []), settings).p_booking

    alone = fit([0, 1, 1], exclusive=False)
    assert alone[1] == pytest.approx(alone[2])
    shared = fit([0, 1, 1])
    assert shared[2] > 5 * shared[1]
    assert shared[1] + shared[2] == pytest.approx(alone[1] + alone[2], abs=0.05)  # still in the log
    assert shared[0] == pytest.approx(alone[0], abs=1e-3)  # the strong claim stands
    # The same detainer listed in two weeks may name the same booking twice.
    assert fit([0, 0, 0])[1] == pytest.approx(alone[1])


def test_a_policy_day_batch_raises_its_own_custody_share():
    # One jurisdiction, two decline days. Day 0 (a policy day): 20 entries whose in-custody
    # candidate fits better than their released one; day 1: 20 entries the other way round.
    # Entry 40, on day 0, has one of each with equal evidence: its day says "in custody".
    entry, units, release, day = [], [], [], []
    for e in range(41):
        d = 0 if e < 20 or e == 40 else 1
        custody_bf, released_bf = (10.0, 10.0) if e == 40 else ((40.0, 4.0) if d == 0 else (4.0, 40.0))
        entry += [e, e]
        units += [custody_bf, released_bf]
        release += [-1, e]
        day.append(d)
    pairs = Pairs(np.array(entry), np.array(units), np.array(release))
    releases = _releases([0.0] * 41, [0.0] * 41, [0] * 41)

    def fit(by_day: bool) -> np.ndarray:
        settings = ReconcileSettings(prior_in_log=0.9, by_decline_day=by_day)
        return fit_posterior(41, np.zeros(41, dtype=int), pairs, releases, settings,
                             entry_day=np.array(day)).p_booking

    flat, by_day = fit(False), fit(True)
    assert flat[80] == pytest.approx(flat[81], rel=0.2)     # no ICE data: only hop 1 decides
    assert by_day[80] > 2 * by_day[81]                       # the policy day's custody share
    # Day 1's entries lean the other way: their released candidates gain.
    assert by_day[41] > flat[41] and by_day[40] < flat[40]


def test_decoy_windows_bound_what_a_strangers_book_in_near_a_release_may_say():
    # 3,600 releases whose windows hold only strangers' book-ins, drawn as the decoys are, and
    # 400 hand-overs far stronger. A window as strong as strangers commonly reach (10 units)
    # says little; one far beyond them keeps its weight; no window says more than Splink's
    # arithmetic did, and a stronger window never says less.
    rng = np.random.default_rng(5)
    real = np.concatenate([10 ** rng.normal(-2, 1.5, 3600), 10 ** rng.normal(5, 1, 400)])
    decoys = 10 ** rng.normal(-2, 1.5, len(real))
    probe = np.array([0.0, 10.0, 1e3, 1e7])
    lr = window_likelihood(np.concatenate([probe, real]), np.concatenate([np.zeros(4), decoys]), 0.02)[:4]
    assert lr[0] == pytest.approx(0.02)           # an empty window: the unseen share
    assert lr[1] < 10.0 / 3                        # a stranger's strength, cut by more than 3x
    assert lr[3] > 1e3                             # far beyond any stranger: still decisive
    assert np.all(lr <= probe + 0.02 + 1e-9) and np.all(np.diff(lr) >= 0)
    # Without decoys the windows count in full.
    assert window_likelihood(probe, None, 0.02) == pytest.approx(probe + 0.02)


def test_a_window_weighs_against_the_decoys_of_releases_like_it():
    # Strangers' book-ins fall near some releases far more than near others: 4,000 held,
    # foreign-born people whose namesakes' windows often reach 100 units, 30,000 others whose
    # strangers' windows stay far below, 600 hand-overs in each, and a group of 60 releases
    # too small to say anything of its own. The same 300-unit window says much less in the
    # first group than one pooled null says, much more in the second; the small group reads
    # the pool.
    rng = np.random.default_rng(8)

    def releases(strangers, hand_overs, centre):
        real = np.concatenate([10 ** rng.normal(centre, 1.2, strangers), 10 ** rng.normal(4, 1, hand_overs)])
        return real, 10 ** rng.normal(centre, 1.2, len(real))

    parts = [releases(4000, 600, 0.0), releases(30000, 600, -3.0), releases(60, 0, -3.0)]
    windows = np.concatenate([np.full(3, 300.0)] + [real for real, _ in parts])
    decoys = np.concatenate([np.zeros(3)] + [decoy for _, decoy in parts])
    group = np.concatenate([[0, 1, 2]] + [np.full(len(real), k) for k, (real, _) in enumerate(parts)])
    pooled = window_likelihood(windows, decoys, 0.02)[0]
    lr = window_likelihood(windows, decoys, 0.02, group)[:3]
    assert lr[0] < pooled / 3 and lr[1] > 3 * pooled
    assert pooled / 1.5 < lr[2] < pooled * 1.5
    # The second group's decoys never reach 300 units: what raises it above Splink's 300 would
    # be the pool's decoys lent to it, so it says no more than Splink or the pool.
    assert lr[1] <= max(300.02, pooled) + 1e-9


def test_where_the_decoys_measure_it_a_window_weighs_what_the_releases_show_not_what_splink_said():
    # FOIA-like: 400 hand-overs whose book-ins Splink scores at only 1-10 units (birth year,
    # state, hours; m mostly priors), among 3,000 releases with strangers' windows drawn as the
    # decoys are. 97% of hand-overs and 2% of strangers land in the 1-10 bin: a window there
    # is ~45x likelier a hand-over, whatever Splink's 3 units said.
    rng = np.random.default_rng(7)
    real = np.concatenate([10 ** rng.normal(-2, 1, 3000), 10 ** rng.normal(0.5, 0.2, 400)])
    decoys = 10 ** rng.normal(-2, 1, len(real))
    probe = np.array([3.0, 0.5])
    lr = window_likelihood(np.concatenate([probe, real]), np.concatenate([np.zeros(2), decoys]), 0.02)[:2]
    assert 25 < lr[0] < 80
    # Below one unit the decoys' ratio is the difference of two large counts: a cap only.
    assert lr[1] <= 0.5 + 0.02


def test_a_world_whose_decoys_look_like_its_windows_has_no_hand_over_evidence():
    rng = np.random.default_rng(6)
    windows, decoys = 10 ** rng.normal(0, 2, 5000), 10 ** rng.normal(0, 2, 5000)
    lr = window_likelihood(windows, decoys, 0.02)
    assert np.median(lr[windows > 100]) < 3


def test_a_decoy_shift_inside_the_hand_over_windows_is_refused(tmp_path):
    # A decoy window that reaches the release could hold the hand-over itself.
    from pydantic import ValidationError

    from linkage.config import load_config

    (tmp_path / "short.toml").write_text("[hop2]\ndecoy_shift_days = 5\n")
    with pytest.raises(ValidationError, match="decoy window must end before the release"):
        load_config(tmp_path / "short.toml")
    (tmp_path / "off.toml").write_text("[hop2]\ndecoy_shift_days = 0\n")
    assert load_config(tmp_path / "off.toml").hop2.decoy_shift_days == 0


def test_a_hand_over_counts_for_a_candidate_only_where_the_jails_listed_people_are_handed_over():
    # Jail 0 lists 30 people, each found released and handed to ICE within hours (ICE listed
    # its hand-overs as declines); jail 1 lists 30 found released and never handed over, and
    # one more entry whose two candidates fit equally well: one handed over, one not. Jail 1's
    # listed people are not handed over, so the look-alike's hand-over must not win the entry,
    # as it does under one run-wide rate (pulled up by jail 0).
    entry = np.r_[np.arange(60), 60, 60]
    release = np.r_[np.arange(60), 60, 61]
    pairs = Pairs(entry, np.r_[np.full(60, 50.0), 5.0, 5.0], release)
    releases = Releases(np.r_[np.full(30, 1e4), np.zeros(30), 1e4, 0.0], np.zeros(62), np.full(62, -1),
                        np.zeros(62, dtype=int), np.r_[np.zeros(30, dtype=int), np.ones(32, dtype=int)])
    jail = np.r_[np.zeros(30, dtype=int), np.ones(31, dtype=int)]

    def fit(by_jurisdiction: bool):
        settings = ReconcileSettings(listed_by_jurisdiction=by_jurisdiction, by_decline_day=False)
        return fit_posterior(61, jail, pairs, releases, settings)

    run_wide, by_jail = fit(False), fit(True)
    assert run_wide.p_booking[60] > 4 * run_wide.p_booking[61]
    assert by_jail.p_booking[60] < 0.5 * by_jail.p_booking[61]
    # Jail 0's hand-overs stay transfers; the run-wide rates reported are the same.
    assert by_jail.p_transfer[:30].min() > 0.99
    assert by_jail.listed_rates[0] == pytest.approx(run_wide.listed_rates[0], abs=0.03)
    assert run_wide.listed_rates_by_place is None
    assert by_jail.listed_rates_by_place[1, 0] < 0.2 < 0.8 < by_jail.listed_rates_by_place[0, 0]


def test_one_jurisdiction_fits_the_same_listed_rates_either_way():
    # With a single jail there is nothing to fit apart: the rates must not be shrunk twice.
    pairs = Pairs(np.arange(20), np.full(20, 50.0), np.arange(20))
    releases = _releases(np.r_[np.full(5, 1e4), np.zeros(15)], np.zeros(20), [-1] * 20)
    fits = [fit_posterior(20, np.zeros(20, dtype=int), pairs, releases,
                          ReconcileSettings(listed_by_jurisdiction=by, by_decline_day=False)) for by in (False, True)]
    assert fits[1].listed_rates_by_place is None
    assert fits[0].p_transfer == pytest.approx(fits[1].p_transfer, abs=0)
    assert fits[0].listed_rates == fits[1].listed_rates


def test_a_look_alike_released_to_ice_is_an_honoured_detainer_not_the_listed_persons_hand_over():
    # Forty listed people, each found: ten taken by ICE at the door after a bond release (the
    # jail declined; reason 'another'), thirty never booked. A hundred other releases: thirty
    # honoured detainers, logged 'to ICE' and booked in, seventy plain. One more entry has two
    # equal look-alikes, both booked in by ICE within hours: one released on bond, one logged
    # 'to ICE'. A jail logs 'to ICE' for the detainers it honours, which are not listed; the
    # listed people's hand-overs came after bonds. One set of reason rates for both
    # populations made the two look-alikes equal.
    listed_window = np.r_[np.full(10, 1e4), np.zeros(30)]
    others_window = np.r_[np.full(30, 1e4), np.zeros(70)]
    window = np.r_[listed_window, others_window, 1e4, 1e4]
    reason = np.r_[np.zeros(40), np.ones(30), np.zeros(70), 0, 1].astype(int)
    releases = _releases(window, np.zeros(len(window)), reason)
    entry = np.r_[np.arange(40), 40, 40]
    release = np.r_[np.arange(40), 140, 141]
    pairs = Pairs(entry, np.r_[np.full(40, 1e3), 5.0, 5.0], release)
    fit = fit_posterior(41, np.zeros(41, dtype=int), pairs, releases,
                        ReconcileSettings(by_decline_day=False))
    on_bond, to_ice = fit.p_booking[40], fit.p_booking[41]
    assert on_bond > 3 * to_ice
    assert fit.random_reason_rates[0] > 0.5 > fit.reason_rates[0]
    assert fit.p_transfer[:10].min() > 0.95 and fit.p_transfer[10:40].max() < 0.05


def test_each_jail_logs_its_listed_peoples_hand_overs_its_own_way():
    # Jail 0 (Hennepin's story) logged the hand-overs of its listed people 'to ICE'; jail 1's
    # listed people were taken at the door after a bond. Each jail honoured and logged 'to
    # ICE' thirty more detainers. In each, one entry has two equal look-alikes, both booked
    # in by ICE within hours, one released on bond and one 'to ICE'. In jail 1 a bond says
    # "listed" far more than in jail 0, where listed and honoured hand-overs are logged
    # alike (there the bond still leads a little: jail 0's ten hand-overs are shrunk toward
    # the run's rates). One set of reason rates for the run ranks them alike in both jails.
    blocks = []  # per jail: listed (10 handed over, 30 not), 100 others (30 honoured), 2 look-alikes
    for jail, listed_code in ((0, 1), (1, 0)):
        window = np.r_[np.full(10, 1e4), np.zeros(30), np.full(30, 1e4), np.zeros(70), 1e4, 1e4]
        reason = np.r_[np.full(10, listed_code), np.zeros(30), np.ones(30), np.zeros(70), 0, 1]
        blocks.append((window, reason, np.full(142, jail)))
    window, reason, place = (np.concatenate(parts) for parts in zip(*blocks, strict=True))
    releases = Releases(window, np.zeros(len(window)), reason.astype(int), np.zeros(len(window), dtype=int),
                        place.astype(int))
    entry = np.r_[np.arange(40), 40, 40, np.arange(41, 81), 81, 81]
    release = np.r_[np.arange(40), 140, 141, 142 + np.arange(40), 282, 283]
    pairs = Pairs(entry, np.r_[np.full(40, 1e3), 5.0, 5.0, np.full(40, 1e3), 5.0, 5.0], release)
    jails = np.r_[np.zeros(41, dtype=int), np.ones(41, dtype=int)]

    def look_alikes(by_jurisdiction: bool) -> tuple[float, float]:
        fit = fit_posterior(82, jails, pairs, releases,
                            ReconcileSettings(listed_by_jurisdiction=by_jurisdiction, by_decline_day=False))
        # P(on bond) / P('to ICE') of each jail's look-alike entry
        return fit.p_booking[40] / fit.p_booking[41], fit.p_booking[82] / fit.p_booking[83]

    hennepin, door = look_alikes(True)
    assert door > 2.5 * hennepin
    hennepin, door = look_alikes(False)
    assert door == pytest.approx(hennepin, rel=0.05)


def test_a_jail_that_logs_every_hand_over_to_ice_leaves_one_to_another_agency_possible():
    # Two hundred honoured detainers logged 'to ICE' and booked in, three hundred plain
    # releases: P('to ICE' | hand-over) reaches its 0.95 ceiling. A release logged 'to another
    # agency' with a book-in an hour later is still a possible hand-over (the rate of 'another
    # agency' given a hand-over is floored, not clipped to 0 under the ceiling).
    window = np.r_[np.full(200, 1e4), np.zeros(300), 1e4]
    reason = np.r_[np.ones(200), np.zeros(300), 2].astype(int)
    releases = Releases(window, np.zeros(501), reason, np.zeros(501, dtype=int), np.zeros(501, dtype=int))
    pairs = Pairs(np.array([0]), np.array([1e3]), np.array([500]))
    fit = fit_posterior(1, np.zeros(1, dtype=int), pairs, releases, ReconcileSettings(by_decline_day=False))
    assert fit.random_reason_rates[0] == pytest.approx(0.95)
    assert fit.random_reason_rates[2] >= 0.001
    assert fit.p_transfer[500] > 0.01


@pytest.mark.parametrize("stale", [False, True])
def test_entries_without_a_log_do_not_fit_the_in_log_prior(stale):
    # Twenty entries of a jail whose log holds each one, a fair candidate apiece, and twenty of
    # a county that sent no log (no pair at all): the prior the first jail's entries are weighed
    # with is fitted from the entries that had a log to be in.
    settings = ReconcileSettings(prior_in_log=0.8, by_decline_day=False)
    group = np.array([0] * 20 + [1] * 20)
    pairs = Pairs(np.arange(20), np.full(20, 4.0), np.full(20, -1))
    flags = np.array([stale and i % 2 == 0 for i in range(40)])

    def first_jail(n: int, logged=None):
        fit = fit_posterior(n, group[:n], pairs, _releases([], [], []), settings,
                            entry_stale=flags[:n], entry_logged=logged)
        return fit.p_booking

    alone = first_jail(20)
    assert first_jail(40, np.array([True] * 20 + [False] * 20)) == pytest.approx(alone, rel=1e-9)
    assert first_jail(40).mean() < alone.mean() - 0.01  # counted, the unlogged county drags it down
