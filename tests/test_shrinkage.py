"""Reconcile's fitted rates weigh each entry and release with the other members' evidence
(linkage/shrinkage.py), never its own: on hand-made arrays, against the formula."""

import numpy as np
import pytest

from linkage.config import ReconcileSettings
from linkage.entry_priors import Staleness
from linkage.posterior import Pairs, Releases, fit_posterior
from linkage.shrinkage import shrunk


def test_a_members_rate_is_its_groups_without_it():
    rng = np.random.default_rng(5)
    group = np.array([0, 0, 0, 1, 1, 2])
    values, weights = rng.random(6), rng.random(6) + 0.5
    own = shrunk(values, weights, group, 3, 0.3, 2.0, own_out=True)
    for i in range(6):
        others = (group == group[i]) & (np.arange(6) != i)
        assert own[i] == pytest.approx((values[others].sum() + 2.0 * 0.3) / (weights[others].sum() + 2.0))
    assert own[5] == pytest.approx(0.3)  # alone in its group: the parent
    assert shrunk(values, weights, group, 3, 0.3, 2.0)[1] == pytest.approx(
        (values[3:5].sum() + 0.6) / (weights[3:5].sum() + 2.0))


def test_an_entry_alone_in_its_jurisdiction_is_weighed_with_the_runs_prior():
    # Forty entries of jail 0 with strong candidates; jail 1 has one entry whose only
    # candidate is weak (Bayes factor 0.1). Its own low P(in log) must not pull its jail's
    # prior down and so lower itself again: with nobody else in the jail, its prior is the run's.
    n = 41
    pairs = Pairs(np.arange(n), np.r_[np.full(40, 1e4), 0.1], np.full(n, -1))
    empty = Releases(np.zeros(0), np.zeros(0), np.zeros(0, dtype=int), np.zeros(0, dtype=int))
    fit = fit_posterior(n, np.r_[np.zeros(40, dtype=int), 1], pairs, empty,
                        ReconcileSettings(by_decline_day=False))
    in_log = fit.p_booking  # one candidate each
    prior = min(in_log.mean(), 0.99)  # the run's prior, as fitted (clipped)
    odds = prior / (1 - prior)
    assert in_log[40] == pytest.approx(0.1 * odds / (1 + 0.1 * odds), rel=1e-3)
    assert in_log[40] > 0.8


def _a_lone_listed_entry(units: float, window: float, reasons: tuple[int, int]):
    """Jail 0: forty listed people, each found released (strong fits, no ICE book-in); jail 1:
    one, whose one candidate has hop-1 `units` and a hand-over `window`. `reasons`: the release
    reason codes of jail 0's and of the lone release. Fitted with run-wide and with per-jail
    listed rates."""
    n = 41
    pairs = Pairs(np.arange(n), np.r_[np.full(40, 50.0), units], np.arange(n))
    releases = Releases(np.r_[np.zeros(40), window], np.zeros(n), np.r_[np.full(40, reasons[0]), reasons[1]],
                        np.zeros(n, dtype=int), np.r_[np.zeros(40, dtype=int), 1])
    jail = np.r_[np.zeros(40, dtype=int), 1]
    return tuple(fit_posterior(n, jail, pairs, releases,
                               ReconcileSettings(listed_by_jurisdiction=by, by_decline_day=False))
                 for by in (False, True))


def test_a_hand_over_is_no_evidence_for_its_own_jails_hand_over_rate():
    # Jail 0 lists forty people released and never handed over; jail 1 one person, whose one
    # candidate (a weak fit) ICE booked at the door. Jail 1's rates have nothing but that
    # release to go on, so its listed people's hand-over rate must be the run's, as if fitted
    # run-wide, not raised by the very hand-over it then weighs (0.96 by jail, before). Nor
    # may the release's own hand-over make hand-overs look common among the random releases
    # of its cell, and so this one unremarkable (0.30 run-wide, before).
    run_wide, by_jail = _a_lone_listed_entry(units=0.2, window=1e4, reasons=(-1, -1))
    # The same up to jail 0's own rates, which now differ from the run's a little.
    assert by_jail.p_booking[40] == pytest.approx(run_wide.p_booking[40], rel=0.002)
    assert run_wide.p_booking[40] > 0.95
    # What is reported for jail 1 is still its own fit, hand-over included.
    assert by_jail.listed_rates_by_place[1, 0] > by_jail.listed_rates[0]


def test_an_entry_alone_on_its_decline_day_takes_its_jurisdictions_custody_share():
    # Jail 0: on day 0 ten entries found released; on day 1 one entry with two equal
    # candidates, one in custody and one released. Its own leaning must not set its day's
    # custody share: the day has nobody else, so the share is the jurisdiction's other
    # entries', and the in-custody candidate is weighed down by it, not up.
    entry = np.r_[np.arange(10), 10, 10]
    release = np.r_[np.arange(10), -1, 10]
    pairs = Pairs(entry, np.r_[np.full(10, 1e3), 5.0, 5.0], release)
    releases = Releases(np.zeros(11), np.zeros(11), np.full(11, -1), np.zeros(11, dtype=int), np.zeros(11, dtype=int))
    day = np.r_[np.zeros(10, dtype=int), 1]
    fit = fit_posterior(11, np.zeros(11, dtype=int), pairs, releases, ReconcileSettings(), entry_day=day)
    assert fit.p_booking[10] < fit.p_booking[11]


def test_a_releases_own_reason_is_no_evidence_for_its_jails_reason_rates():
    # Jail 1's one listed person was released "to ICE" with no ICE book-in in sight. Were its
    # own reason counted in jail 1's rates, "to ICE" would look like what its non-hand-overs
    # are logged as, and the hand-over would lose most of its weight (0.118 run-wide, 0.013 by
    # jail, before): with nothing else in jail 1, its rates are the run's.
    run_wide, by_jail = _a_lone_listed_entry(units=2.0, window=0.0, reasons=(0, 1))
    assert by_jail.p_transfer[40] == pytest.approx(run_wide.p_transfer[40], rel=0.05)
    assert by_jail.p_transfer[40] > 0.05


def test_with_stale_detainers_too_an_entry_alone_in_its_jurisdiction_takes_the_runs_prior():
    # test_an_entry_alone_in_its_jurisdiction_is_weighed_with_the_runs_prior, with one stale
    # detainer in jail 0 (the prior is then fitted per jurisdiction x staleness,
    # entry_priors.Staleness): the lone fresh entry of jail 1 must not drag its jurisdiction's
    # effect, nor its cell, down with its own weak evidence (0.23, before).
    n = 42
    pairs = Pairs(np.arange(n), np.r_[np.full(41, 1e4), 0.1], np.full(n, -1))
    empty = Releases(np.zeros(0), np.zeros(0), np.zeros(0, dtype=int), np.zeros(0, dtype=int))
    fit = fit_posterior(n, np.r_[np.zeros(41, dtype=int), 1], pairs, empty, ReconcileSettings(by_decline_day=False),
                        entry_stale=np.r_[np.zeros(40, dtype=bool), True, False])
    fresh = min(np.r_[fit.p_booking[:40], fit.p_booking[41]].mean(), 0.99)  # the fresh level's rate
    odds = fresh / (1 - fresh)
    assert fit.p_booking[41] == pytest.approx(0.1 * odds / (1 + 0.1 * odds), rel=0.01)


def test_each_entrys_staleness_prior_is_the_one_fitted_without_it():
    # The prior by jurisdiction x staleness (entry_priors.Staleness), against its definition:
    # each entry's prior is what the same fit gives its cell with that entry taken out. Mixed
    # jails (one stale entry among fresh ones, the other way, alone) are where leaving the
    # entry out of its cell only, and not out of its jurisdiction's effect, went wrong.
    rng = np.random.default_rng(29)
    jurisdiction = np.r_[np.zeros(9, dtype=int), 0, 1, np.ones(5, dtype=int), 2, np.full(300, 3), np.full(300, 4)]
    stale = np.r_[np.zeros(9), 1, 0, np.ones(5), 1, np.zeros(300), np.ones(300)].astype(bool)
    in_log = np.where(stale, rng.uniform(0.05, 0.4, len(stale)), rng.uniform(0.8, 1.0, len(stale)))
    odds = Staleness(jurisdiction, stale, 5.0).prior_odds(in_log, 0.7)
    for i in range(17):  # the small jails; the two large ones only pin the levels down
        keep = np.arange(len(stale)) != i
        cells, _ = Staleness(jurisdiction[keep], stale[keep], 5.0).fitted(in_log[keep], 0.7)
        # (Entry 16 is alone in jail 2: without it, the cell reads its level's rate.)
        assert odds[i] / (1 + odds[i]) == pytest.approx(cells[jurisdiction[i], int(stale[i])], rel=2e-3), i
