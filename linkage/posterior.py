"""One posterior over both hops: which booking an entry describes, and what became of it.

    >>> fit = fit_posterior(entries, pairs, releases, config.reconcile)
    >>> fit.p_booking      # per hop-1 pair: P(booking j | entry e)
    >>> fit.p_transfer     # per release: P(handed to ICE at release | it is a listed entry's booking)

Plain numpy over arrays that `linkage/reconcile.py` reads from the store: per hop-1 pair its
Bayes-factor units, per candidate release the hop-2 evidence. Why not SQL? The fixed point
below re-weights every pair a few times; as arrays it is a handful of vector operations.

The ICE record of a release is evidence about *which* booking an entry describes, not only
about what happened to it. A listed detainee is far likelier than a random release to have
been handed to ICE or booked by ICE later, so for a released candidate j

    factor_j = P(ICE record of j | j is the entry's person) / P(ICE record of j | a random release)
             = (tau_T L_T + tau_L L_L + tau_N) / (sigma_T L_T + sigma_L L_L + sigma_N)

where L_T, L_L, L_N = 1 are the likelihoods of j's ICE data under "handed over at release",
"booked by ICE later", "never booked" (from hop 2's Bayes factors and the release reason),
tau are those states' rates among listed entries' bookings of j's jurisdiction (how often a
jail's listed people were in fact handed over varies: in independent world A a third of
Hennepin's, one in twenty of Travis's) and sigma among candidate releases like j. Both sets of
rates, the jurisdictions' "in this log" priors and the release-reason rates (for each
population apart, `linkage.release_reasons`) are fitted to the run by EM; the loop alternates
until they settle.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from linkage.config import ReconcileSettings
from linkage.entry_priors import DeclineDays, FacilityNamed, Staleness
from linkage.release_reasons import reason_rates
from linkage.shrinkage import shrunk
from linkage.windows import unseen_share, window_likelihood


@dataclass
class Pairs:
    """Hop-1 candidate pairs: entry index, Bayes-factor units (BF / pool size), the candidate
    release's index into `Releases` (-1 when the booking was in custody at the decline)."""

    entry: np.ndarray
    units: np.ndarray
    release: np.ndarray
    ice_country_lr: np.ndarray | None = None
    """Likelihood ratio of the entry's citizenship against the candidate's ICE book-in
    (1 where either is unknown): it weighs the "booked by ICE" states of that pair."""
    booking: np.ndarray | None = None
    """The candidate booking (an index), and ..."""
    detainer: np.ndarray | None = None
    """... the entry's detainer (an index: entries listing the same detainer in several weeks
    share one). With both, a booking another detainer's entry claims is less available to
    this one (`_Claims`)."""
    long_gone: np.ndarray | None = None
    """Released long before the decline (`hop1.released_long_before_sql`). The listing says the
    detainer was still open months after that release, so we take it that the detainer was not
    honoured then: the pair is no hand-over, and the release's ICE record is weighed under
    "booked later" and "never booked" only (`_LongGonePairs`). A hand-over at that release
    then counts against the pair. (Hennepin's listings of people ICE had taken came days
    after the release, not months.)"""


@dataclass
class Releases:
    """Per candidate release: hop-2 units of book-ins inside the hand-over window and later,
    and the jail's release reason (1 'to ICE', 2 'to another agency', 0 another reason,
    -1 not given)."""

    window: np.ndarray
    later: np.ndarray
    reason_ice: np.ndarray
    group: np.ndarray
    """What hop 1 already knows of the release: hold yes/no/unknown x foreign-born yes/no/unknown.
    The random population's rates are estimated per group: hop 1 has already rewarded a hold
    and a foreign birthplace, which are what make a hand-over likely, so the ICE record may
    only add what those do not already say."""
    place: np.ndarray | None = None
    """The release's jurisdiction (an index). Random rates are estimated per jurisdiction and
    group, shrunk toward the group's: whether a jail hands detainees over is its policy, so a
    hand-over says much more in a jail that rarely does it than in one that always does."""
    decoy: np.ndarray | None = None
    """Per release, its decoy window's units (`linkage.match.decoys`; 0 where it met no
    book-in). With them the window's evidence is bounded by what strangers reach
    (`window_likelihood`); None: the window's units are taken as they are."""
    disagrees_on: tuple[np.ndarray, np.ndarray] | None = None
    """Per release, what its window's and its decoy window's strongest book-in most disagree
    on (`units.disagreement_sql`): `window_likelihood` reads each kind apart. None: together."""
    covered: np.ndarray | None = None
    """Per release, whether the ICE extract spans its hand-over window (`coverage.ice_covers_sql`).
    Where it does not, a book-in it shows is evidence, and none is no evidence either way: the
    window and the later book-ins weigh at least 1. None: every release is covered."""


@dataclass
class Fit:
    p_booking: np.ndarray
    p_transfer: np.ndarray
    p_transfer_pair: np.ndarray
    """P(handed over at release | the pair's booking is the entry's person), per hop-1 pair."""
    prior_in_log: np.ndarray
    """Per jurisdiction: the "in this log" prior of its entries (of its fresh detainers' when
    the prior is fitted by staleness)."""
    prior_in_log_stale: np.ndarray | None
    """Per jurisdiction: the prior of its stale detainers' entries (None: not fitted apart)."""
    listed_rates: tuple[float, float, float]
    random_rates: tuple[float, float, float]
    reason_rates: tuple[float, float, float, float]
    """P(reason 'to ICE' | hand-over), P('to ICE' | none), P('another agency' | hand-over),
    P('another agency' | none), among listed people's releases."""
    random_reason_rates: tuple[float, float, float, float] | None = None
    """The same among all candidate releases."""
    reason_rates_by_place: tuple[np.ndarray, np.ndarray] | None = None
    """Both, per release jurisdiction (listed, all; a row of four each), where fitted so."""
    window_lr: np.ndarray | None = None
    """Per release: its hand-over window's likelihood ratio as weighed (`window_likelihood`)."""
    unseen_share: float | None = None
    """Hand-overs without a visible ICE book-in (`unseen_share`, or the configured share)."""
    listed_rates_by_place: np.ndarray | None = None
    """Per release jurisdiction (`Releases.place`), its listed population's rates (None: one
    run-wide set, `listed_rates`)."""
    facility_unnamed: tuple[np.ndarray, np.ndarray] | None = None
    """Per jurisdiction, the share of its in-log entries at a facility its log does not name,
    and that share among its entries not in their log (`FacilityNamed`; None: not fitted)."""
    facility_factor: np.ndarray | None = None
    """Per entry, the likelihood ratio its facility's being named or not gave its "in log" odds."""


def _clip(p: float, lo: float = 0.001, hi: float = 0.999) -> float:
    return float(min(max(p, lo), hi))


def _state_rates(post: np.ndarray, weights: np.ndarray, start: np.ndarray, strength: float) -> np.ndarray:
    """Weighted mean of per-release state posteriors, shrunk toward `start`."""
    return _grouped_state_rates(post, weights, np.zeros(len(weights), dtype=int), 1, start, strength)[0]


def _grouped_state_rates(post: np.ndarray, weights: np.ndarray, index: np.ndarray, n: int,
                         start: np.ndarray, strength: float, *, own_out: bool = False) -> np.ndarray:
    """`_state_rates` of each of `n` groups of releases at once (`index`: each release's group;
    `start`: one row per group, or one row for all), as bincounts rather than a loop. With
    `own_out`, a row per release: its group's rates from the other releases (`linkage.shrinkage`)."""
    if own_out and start.ndim == 2:
        start = start[index]
    rates = np.stack([shrunk(post[:, k] * weights, weights, index, n, start[..., k], strength, own_out=own_out)
                      for k in range(3)], axis=1)
    rates = np.clip(rates, 1e-4, None)
    return rates / rates.sum(axis=1, keepdims=True)


def _release_states(releases: Releases, rates: np.ndarray, reason: tuple,
                    window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per release: the likelihood of its ICE data and release reason under (T, L, N) and the
    state posterior. `rates`: (T, L, N) rates, a row per release or one for all; `reason`:
    the population's reason rates (`reason_rates`: floats, or a value per release each);
    `window`: the hand-over window's likelihood ratio. The reason's probabilities, not their
    ratio: a random release's reason rates differ."""
    a, b, c, d = reason
    code = releases.reason_ice
    known = [code == 1, code == 2, code == 0]
    handed = np.select(known, [a, c, 1 - a - c], 1.0)
    not_handed = np.select(known, [b, d, 1 - b - d], 1.0)
    likelihood = np.stack([window * handed, releases.later * not_handed, not_handed], axis=1)
    joint = likelihood * rates
    return likelihood, joint / joint.sum(axis=1, keepdims=True)


def _ice_evidence(releases: Releases, rc: ReconcileSettings) -> tuple[Releases, np.ndarray, float]:
    """`releases` with the later book-ins of those the extract does not cover weighed at least
    1, each release's hand-over window as a likelihood ratio (`window_likelihood`), and the
    share of hand-overs the extract does not show (`unseen_share`). A covered release's window
    is read with the mixture and unseen share of the covered releases alone (an uncovered
    release's empty window says nothing of how hand-overs' windows look); an uncovered one's,
    read with every window's, counts only above 1 (a book-in the extract does show)."""
    covered = releases.covered if releases.covered is not None else np.ones(len(releases.window), dtype=bool)

    def likelihood(rows: np.ndarray | slice, unseen: float) -> np.ndarray:
        kinds = releases.disagrees_on
        return window_likelihood(releases.window[rows], None if releases.decoy is None else releases.decoy[rows],
                                 unseen, None if releases.group is None else releases.group[rows],
                                 None if kinds is None else (kinds[0][rows], kinds[1][rows]))

    unseen = rc.p_transfer_unseen
    if rc.estimate_priors and covered.any():
        unseen = unseen_share(likelihood(covered, 0.0), releases.reason_ice[covered] == 1, unseen,
                              rc.reason_prior_strength)
    if covered.all():
        return releases, likelihood(slice(None), unseen), unseen
    window = np.maximum(likelihood(slice(None), unseen), 1.0)
    if covered.any():
        window[covered] = likelihood(covered, unseen)
    later = np.where(covered, releases.later, np.maximum(releases.later, 1.0))
    return replace(releases, later=later), window, unseen


def fit_posterior(
    n_entries: int,
    entry_group: np.ndarray,
    pairs: Pairs,
    releases: Releases,
    rc: ReconcileSettings,
    *,
    entry_day: np.ndarray | None = None,
    entry_stale: np.ndarray | None = None,
    entry_logged: np.ndarray | None = None,
    entry_facility_named: np.ndarray | None = None,
    iterations: int = 25,
) -> Fit:
    """Alternate the hop-1 posterior and the release-state rates until they settle.
    `entry_day`: each entry's decline day within its jurisdiction (an index), for the custody
    shares of `entry_priors.DeclineDays`; `entry_stale`: whether its detainer is stale
    (`entry_priors.Staleness`); `entry_logged`: whether the store holds its own jurisdiction's
    log. An entry without one is "not in the log" for want of a log, which says nothing of how
    often listed people are in their jail's log: the run-wide prior is read from the others.
    `entry_facility_named`: whether its log names the facility ICE gives (1, 0; -1: says
    nothing), for `entry_priors.FacilityNamed`."""
    n_groups = int(entry_group.max()) + 1 if n_entries else 0
    logged = entry_logged if entry_logged is not None else np.ones(n_entries, dtype=bool)
    pi_global = rc.prior_in_log
    pi = np.full(n_groups, pi_global)
    start_listed = np.array([rc.prior_book_in * 0.5, rc.prior_book_in * 0.5, 1 - rc.prior_book_in])
    listed_global = start_listed.copy()
    n_release_groups = int(releases.group.max()) + 1 if len(releases.group) else 0
    place = releases.place if releases.place is not None else np.zeros(len(releases.group), dtype=int)
    n_places = int(place.max()) + 1 if len(place) else 0
    # The listed population's rates: a row per jurisdiction (one row for all when fitted
    # run-wide), and per release its jurisdiction's row (fitted from the other releases).
    by_place = rc.listed_by_jurisdiction and n_places > 1
    listed_row = place if by_place else np.zeros(len(place), dtype=int)
    listed_table = np.tile(start_listed, (n_places if by_place else 1, 1))
    listed = listed_table[listed_row]
    # One cell per jurisdiction x group; cell_group maps a cell back to its group.
    cell = place * max(n_release_groups, 1) + releases.group
    cells, cell = np.unique(cell, return_inverse=True) if len(cell) else (cell, cell)
    cell_group = cells % max(n_release_groups, 1)
    random_global = np.array([0.01, 0.02, 0.97])
    random = np.tile(random_global, (len(cell), 1))  # per release: its cell's, from the others
    reason = (rc.p_reason_ice_if_transferred, rc.p_reason_ice_if_not,
              rc.p_reason_other_agency_if_transferred, rc.p_reason_other_agency_if_not)
    released = pairs.release >= 0
    country_lr = pairs.ice_country_lr if pairs.ice_country_lr is not None else np.ones(len(pairs.units))
    # Index arrays of the released and in-custody pairs, once: a boolean mask over every pair
    # in each of the 25 passes cost a third of the fit nationally (11 M pairs).
    long_gone = released & pairs.long_gone if pairs.long_gone is not None else np.zeros_like(released)
    released_pairs = _ReleasedPairs(pairs, released & ~long_gone, country_lr)
    long_gone_pairs = _LongGonePairs(pairs, long_gone, country_lr) if long_gone.any() else None
    in_custody = ~released
    custody_pairs = np.flatnonzero(in_custody)
    custody_entry = pairs.entry[custody_pairs]
    releases, window, unseen = _ice_evidence(releases, rc)
    # The rates are read from the releases the extract covers: where it shows nothing either
    # way, a release's states follow the rates and its reason alone, and EM on those would only
    # feed the reason rates back to themselves (with no extract, 'not logged to ICE' became
    # proof of no hand-over).
    seen = np.ones(len(releases.window)) if releases.covered is None else releases.covered.astype(float)
    likelihood_prev, _ = _release_states(releases, listed, reason, window)
    random_like = likelihood_prev @ random_global
    # A random release's reason rates apart from a listed person's: a jail logs "to ICE" for
    # detainers it honours (seldom listed); ICE took listed people at the door after a bond.
    # Run-wide (reported) and, where fitted by jurisdiction, per release (`reason_rates`).
    reason_random = listed_reason = random_reason = reason
    reason_tables = None
    p_booking = np.zeros(len(pairs.units))
    free = np.ones(len(pairs.units))
    exclusive = rc.one_person_per_detainer and pairs.booking is not None and pairs.detainer is not None
    claims = _Claims(pairs.booking, pairs.detainer) if exclusive else None
    days = (DeclineDays(entry_group, entry_day, pairs.entry, in_custody, rc.jurisdiction_prior_strength)
            if rc.by_decline_day and rc.estimate_priors and entry_day is not None and n_entries else None)
    custody_factor = np.ones(len(pairs.units))
    prior_odds = np.full(n_entries, pi_global / (1 - pi_global))
    # Only where some detainer is stale: otherwise one prior per jurisdiction, exactly as before.
    staleness = (Staleness(entry_group, entry_stale, rc.jurisdiction_prior_strength, logged)
                 if rc.prior_by_staleness and rc.estimate_priors and entry_stale is not None
                 and n_entries and entry_stale.any() else None)
    facilities = (FacilityNamed(entry_group, entry_facility_named, rc.jurisdiction_prior_strength)
                  if rc.facility_evidence and rc.estimate_priors and entry_facility_named is not None
                  and n_entries and (entry_facility_named >= 0).any() else None)
    facility_factor = None
    pair_factor = np.ones(len(pairs.units))
    odds = np.empty(len(pairs.units))
    weighed = None  # the facility factor in this pass's prior odds (`Fit.facility_factor`)
    for _ in range(iterations):
        weighed = facility_factor
        # Hop 1, with each released candidate's ICE record as one more likelihood ratio.
        pair_factor[released_pairs.index] = released_pairs.factor(likelihood_prev * listed, random_like)
        if long_gone_pairs is not None:
            pair_factor[long_gone_pairs.index] = long_gone_pairs.factor(likelihood_prev, listed, random_like)
        # In place, in the same order (11.6 M pairs nationally: each temporary costs).
        odds = np.multiply(pairs.units, pair_factor, out=odds)
        odds *= free
        odds *= custody_factor
        odds *= prior_odds[pairs.entry]
        total = np.bincount(pairs.entry, weights=odds, minlength=n_entries)
        denominator = total[pairs.entry].astype(float, copy=False)  # bincount of no pair: ints
        denominator += 1
        p_booking = np.divide(odds, denominator, out=denominator)
        in_log = total / (1 + total)
        if claims is not None:
            # Halfway to the new value: two entries that want one booking would otherwise
            # hand it back and forth between iterations. Only pairs whose booking is claimed
            # move (the rest stay at 1): nationally 6.3 M of 11.6 M pairs.
            touched, now_free = claims.free_where_claimed(p_booking)
            free[touched] = 0.5 * free[touched] + 0.5 * now_free
        if rc.estimate_priors and n_entries:
            pi_global = _clip(float(in_log[logged].mean()) if logged.any() else pi_global, 0.01, 0.99)
            if staleness is None:
                own_pi = np.clip(shrunk(in_log, np.ones(n_entries), entry_group, n_groups, pi_global,
                                        rc.jurisdiction_prior_strength, own_out=True), 0.01, 0.99)
                prior_odds = own_pi / (1 - own_pi)
            else:
                prior_odds = staleness.prior_odds(in_log, pi_global)
            if facilities is not None:
                facility_factor = facilities.odds_factor(in_log)
                prior_odds = prior_odds * facility_factor
            if days is not None:
                p_custody = np.bincount(custody_entry, weights=p_booking[custody_pairs], minlength=n_entries)
                custody_factor = days.custody_factor(in_log, p_custody)
        # Releases: state posteriors under the listed-population rates.
        relevance = np.bincount(released_pairs.release, weights=p_booking[released_pairs.index],
                                minlength=len(releases.window)) * seen
        likelihood, post_listed = _release_states(releases, listed, listed_reason, window)
        likelihood_random, post_random = _release_states(releases, random, random_reason, window)
        if rc.estimate_priors and len(releases.window):
            listed_global = _state_rates(post_listed, relevance, start_listed, rc.reason_prior_strength)
            listed = (_grouped_state_rates(post_listed, relevance, place, n_places, listed_global,
                                           rc.jurisdiction_prior_strength, own_out=True)
                      if by_place else np.tile(listed_global, (len(place), 1)))
            ones = seen
            random_global = _state_rates(post_random, ones, random_global, 1.0)
            by_group = _grouped_state_rates(post_random, ones, releases.group, n_release_groups,
                                            random_global, 10.0)
            random = _grouped_state_rates(post_random, ones, cell, len(cells), by_group[cell_group], 10.0,
                                          own_out=True)
            code = releases.reason_ice
            reason = reason_rates(post_listed[:, 0], code, relevance, rc)
            reason_random = reason_rates(post_random[:, 0], code, ones, rc)
            listed_reason, random_reason = reason, reason_random
            if by_place:
                populations = ((post_listed[:, 0], relevance, reason), (post_random[:, 0], ones, reason_random))
                listed_reason, random_reason = (
                    tuple(reason_rates(t, code, w, rc, place=place, run=run, own_out=True).T)
                    for t, w, run in populations)
        likelihood_prev = likelihood
        random_like = np.einsum("ij,ij->i", likelihood_random, random)
    # What the run reports: each group's own fit, every member counted, from the last pass.
    pi_stale = None
    if staleness is not None:
        cells, rate = staleness.fitted(in_log, pi_global)
        # A jurisdiction without fresh entries reports its one prior, not a cell nobody used.
        pi, pi_stale = np.where(staleness.counts[:, 0] > 0, cells[:, 0], rate), cells[:, 1]
    elif rc.estimate_priors and n_entries:
        pi = np.clip(shrunk(in_log, np.ones(n_entries), entry_group, n_groups, pi_global,
                            rc.jurisdiction_prior_strength), 0.01, 0.99)
    if rc.estimate_priors and len(releases.window) and by_place:
        listed_table = _grouped_state_rates(post_listed, relevance, place, n_places, listed_global,
                                            rc.jurisdiction_prior_strength)
        reason_tables = tuple(reason_rates(t, releases.reason_ice, w, rc, place=place, run=run)
                              for t, w, run in populations)
    likelihood, post_listed = _release_states(releases, listed, listed_reason, window)
    p_transfer_pair = np.zeros(len(pairs.units))
    if released.any():
        like = released_pairs.likelihood(likelihood * listed)
        p_transfer_pair[released_pairs.index] = like[:, 0] / like.sum(axis=1)
    return Fit(
        p_booking=p_booking,
        p_transfer=post_listed[:, 0],
        p_transfer_pair=p_transfer_pair,
        prior_in_log=pi,
        prior_in_log_stale=pi_stale,
        listed_rates=tuple(float(x) for x in listed_global),
        listed_rates_by_place=listed_table if by_place else None,
        random_rates=tuple(float(x) for x in random_global),
        reason_rates=reason,
        random_reason_rates=reason_random,
        reason_rates_by_place=reason_tables,
        window_lr=window,
        unseen_share=unseen,
        facility_unnamed=None if facilities is None else facilities.rates(in_log, own_out=False),
        facility_factor=weighed,
    )


class _Claims:
    """Each listed detainer is a different person, so a booking that another detainer's entry
    describes is not this one's: per pair, the probability that no other detainer claims its
    booking, prod over other detainers d of (1 - P(booking | d)) (a mean-field reading of the
    one-to-one constraint; entries of one detainer in several weeks claim it once, by their
    largest P). Where nobody else wants the booking it is 1 and changes nothing.

    Only pairs with P >= `CLAIM_FLOOR` at the first call claim anything (a claim of 1e-8 moves
    no other entry), and only pairs whose booking such a pair claims get a factor: nationally
    2.3 M of the 11.6 M pairs reconcile keeps claim and 6.3 M are touched, and the fixed point
    visits only those on each of its 25 passes."""

    CLAIM_FLOOR = 1e-8

    def __init__(self, booking: np.ndarray, detainer: np.ndarray) -> None:
        self.booking, self.detainer = booking, detainer
        self.claimants: np.ndarray | None = None

    def _index(self, p_booking: np.ndarray) -> None:
        claimants = np.flatnonzero(p_booking >= self.CLAIM_FLOOR)
        bookings, dense = np.unique(self.booking[claimants], return_inverse=True)
        key = self.detainer[claimants].astype(np.int64) * max(len(bookings), 1) + dense
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        new = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.zeros(0, dtype=bool)
        self.claimants, self.order, self.starts = claimants, claimants[order], np.flatnonzero(new)
        self.claim_booking = dense[order][self.starts]
        self.n_bookings = len(bookings)
        claim_of_claimant = np.empty(len(claimants), dtype=int)
        claim_of_claimant[order] = np.cumsum(new) - 1
        # Pairs whose booking is claimed, each with its booking's index among the claimed; of
        # those, the claimants' positions among them and their own claims.
        self.touched = np.flatnonzero(np.isin(self.booking, bookings))
        self.touched_booking = np.searchsorted(bookings, self.booking[self.touched])
        own = np.full(len(self.booking), -1)
        own[claimants] = claim_of_claimant
        touched_claim = own[self.touched]
        self.claiming = np.flatnonzero(touched_claim >= 0)
        self.claiming_claim = touched_claim[self.claiming]

    def free_where_claimed(self, p_booking: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per pair, the probability that no other detainer claims its booking, where it can differ
        from 1: (the pairs whose booking is claimed, their values)."""
        if self.claimants is None:
            self._index(p_booking)
        if not len(self.starts):
            return self.touched[:0], np.ones(0)
        claim = np.maximum.reduceat(p_booking[self.order], self.starts)
        log_free = np.log1p(-np.minimum(claim, 0.999))
        total = np.bincount(self.claim_booking, weights=log_free, minlength=self.n_bookings)
        # Everyone else's claims: the booking's total, less the pair's own where it claims.
        others = total[self.touched_booking]
        others[self.claiming] -= log_free[self.claiming_claim]
        return self.touched, np.exp(others, out=others)


class _ReleasedPairs:
    """The hop-1 pairs whose candidate was released: their indices, releases and the entry's
    citizenship likelihood ratio against the release's ICE book-in."""

    def __init__(self, pairs: Pairs, released: np.ndarray, country_lr: np.ndarray) -> None:
        self.index = np.flatnonzero(released)
        self.release = pairs.release[self.index]
        self.country_lr = country_lr[self.index][:, None]

    def likelihood(self, weighted: np.ndarray) -> np.ndarray:
        """Per pair: its release's (T, L, N) likelihoods times its jurisdiction's listed rates
        (`weighted`, one row per release), the entry's citizenship weighing the two "booked by
        ICE" states."""
        like = weighted[self.release]
        like[:, :2] *= self.country_lr
        return like

    def factor(self, weighted: np.ndarray, random_like: np.ndarray) -> np.ndarray:
        """P(ICE data of j | j is the entry's person) / P(ICE data of j | a release like j)."""
        # `likelihood(weighted).sum(axis=1)` column by column, in the same order: no (pairs x 3)
        # matrix (nationally 1.5 M released pairs, 25 passes).
        columns = np.ascontiguousarray(weighted.T)
        country = self.country_lr[:, 0]
        total = columns[0][self.release] * country
        total += columns[1][self.release] * country
        total += columns[2][self.release]
        total /= random_like[self.release]
        return total


class _LongGonePairs(_ReleasedPairs):
    """The hop-1 pairs released long before the decline (`Pairs.long_gone`): their releases'
    ICE records weighed as a listed person's with the hand-over state taken out."""

    def factor(self, likelihood: np.ndarray, listed: np.ndarray, random_like: np.ndarray) -> np.ndarray:
        """P(ICE data of j | j is the entry's person, not handed over) / P(ICE data of j | a
        release like j); `likelihood` and `listed`: one (T, L, N) row per release."""
        like, rates = likelihood[self.release], listed[self.release]
        kept = like[:, 1] * rates[:, 1] * self.country_lr[:, 0] + like[:, 2] * rates[:, 2]
        return kept / (rates[:, 1] + rates[:, 2]) / random_like[self.release]
