"""The "in this log" prior and the custody share of reconcile's listed entries, fitted per
jurisdiction by stale and fresh detainers (`Staleness`) and per decline day (`DeclineDays`),
each entry weighed with the other entries' (`linkage.shrinkage`). `linkage.posterior` calls them
on each pass:

    >>> Staleness(jurisdiction, stale, 5.0).prior_odds(in_log, 0.95)         # per entry
    >>> DeclineDays(jurisdiction, day, pair_entry, in_custody, 5.0).custody_factor(in_log, p_custody)  # per pair
"""

from __future__ import annotations

import numpy as np

from linkage.shrinkage import shrunk


def _logit(p: np.ndarray | float) -> np.ndarray:
    return np.log(p) - np.log1p(-np.asarray(p))


class Staleness:
    """Whether a listed person is in the jail's log depends on the detainer's age. A fresh
    detainer's person was booked around the time it was issued, inside the period the log
    covers, and is in the log almost always; a stale one's (issued over `stale_days` before the
    decline: a policy-day re-assessment of old detainers) has often left the jail before its
    log begins. One prior per jurisdiction mixes the two: a batch of stale entries drags the
    jurisdiction's prior down, and its fresh entries, with weak evidence, go to "no release
    record" with it.

    So the "in this log" prior is fitted per jurisdiction x {fresh, stale}, as a logit-additive
    model shrunk at each step (by `strength` entries): each staleness level's run-wide rate
    (toward the run's prior); each jurisdiction's effect, its rate (toward what its own mix of
    fresh and stale entries predicts) against that prediction; each cell toward its level's
    rate moved by its jurisdiction's effect. The effect is measured against the jurisdiction's
    own mix, so a batch-heavy jail's stale entries do not drag its fresh cell down, and a jail
    with no stale entries is pulled toward the fresh rate, not the run's mixed one."""

    def __init__(self, jurisdiction: np.ndarray, stale: np.ndarray, strength: float,
                 logged: np.ndarray | None = None) -> None:
        self.stale = np.asarray(stale, dtype=int)
        # The run-wide levels are read from entries whose jurisdiction has a log (`posterior.
        # fit_posterior(entry_logged=...)`): one without says nothing of how often listed people are in theirs.
        self.logged = np.ones(len(self.stale)) if logged is None else np.asarray(logged, dtype=float)
        self.jurisdiction = jurisdiction
        self.n_jurisdictions = int(jurisdiction.max()) + 1
        self.cell = jurisdiction * 2 + self.stale
        self.counts = np.bincount(self.cell, minlength=2 * self.n_jurisdictions).reshape(-1, 2)
        """Entries per jurisdiction x (fresh, stale)."""
        self.strength = strength

    def _levels(self, in_log: np.ndarray, overall: float) -> tuple[np.ndarray, np.ndarray]:
        """Each staleness level's run-wide rate, and per jurisdiction the entries in the log
        its mix of levels predicts."""
        by_level = np.clip(shrunk(in_log * self.logged, self.logged, self.stale, 2, overall, self.strength),
                           0.01, 0.99)
        return by_level, self.counts @ by_level

    def prior_odds(self, in_log: np.ndarray, overall: float) -> np.ndarray:
        """Per entry, from each entry's P(in log) and the run's prior: its prior as fitted
        without it (`linkage.shrinkage`), its jurisdiction's effect from the other entries'
        rate against what the other entries' mix predicts, and its cell from the cell's other
        entries."""
        k, ones = self.strength, np.ones(len(in_log))
        by_level, expected = self._levels(in_log, overall)
        others = self.counts.sum(axis=1)[self.jurisdiction] - 1
        own_level = by_level[self.stale]
        others_predicted = np.clip(np.where(others > 0, (expected[self.jurisdiction] - own_level)
                                            / np.maximum(others, 1), own_level), 0.01, 0.99)
        own_rate = np.clip(shrunk(in_log, ones, self.jurisdiction, self.n_jurisdictions, others_predicted, k,
                                  own_out=True), 0.01, 0.99)
        own_target = 1 / (1 + np.exp(-(_logit(own_level) + _logit(own_rate) - _logit(others_predicted))))
        own = np.clip(shrunk(in_log, ones, self.cell, 2 * self.n_jurisdictions, own_target, k, own_out=True),
                      0.01, 0.99)
        return own / (1 - own)

    def fitted(self, in_log: np.ndarray, overall: float) -> tuple[np.ndarray, np.ndarray]:
        """What the run reports, every entry counted: the prior per jurisdiction x (fresh,
        stale), and per jurisdiction its entries' share in the log (shrunk toward what its own
        mix predicts). The jurisdiction's effect is that rate against the prediction (a logit
        offset shared by its two cells).

            >>> cells, rate = staleness.fitted(in_log, 0.95)"""
        k, ones = self.strength, np.ones(len(in_log))
        by_level, expected = self._levels(in_log, overall)
        predicted = np.clip(expected / np.maximum(self.counts.sum(axis=1), 1), 0.01, 0.99)
        rate = np.clip(shrunk(in_log, ones, self.jurisdiction, self.n_jurisdictions, predicted, k), 0.01, 0.99)
        effect = _logit(rate) - _logit(predicted)
        target = 1 / (1 + np.exp(-(_logit(by_level)[None, :] + effect[:, None])))
        cells = np.clip(shrunk(in_log, ones, self.cell, 2 * self.n_jurisdictions, target.ravel(), k), 0.01, 0.99)
        return cells.reshape(-1, 2), rate


class DeclineDays:
    """ICE lists a jail's entries in batches that differ by day: on a policy day (Travis) a
    re-assessment of old detainers whose people are partly still held, on other days people
    who walked out. Splink's m for the in-custody stay levels is one average over all entries,
    so a batch's in-custody candidates are under-weighted (Bayes factor < 1) and its entries
    go to "no release record" or to a released namesake with a hold.

    Per decline day of a jurisdiction, EM fits the share of in-log entries that are in custody
    at the decline, shrunk toward the jurisdiction's share and that toward the run's (each
    worth `strength` entries). A pair's odds are multiplied by day share / run share (in
    custody) or (1 - day share) / (1 - run share) (released): a day like the run's average
    changes nothing. (An "in this log" prior per day as well was tried: on policy days it
    reinforced itself, and decided accuracy fell on the unseen worlds, 0.933 -> 0.923.)"""

    def __init__(self, jurisdiction: np.ndarray, day: np.ndarray, pair_entry: np.ndarray,
                 pair_in_custody: np.ndarray, strength: float) -> None:
        self.jurisdiction, self.day, self.strength = jurisdiction, day, strength
        self.n_jurisdictions = int(jurisdiction.max()) + 1
        self.n_days = int(day.max()) + 1
        # Per pair, its cell of an (entry, released / in custody) table: one gather per pass.
        self.pair_cell = pair_entry * 2 + pair_in_custody

    def custody_factor(self, in_log: np.ndarray, p_custody: np.ndarray) -> np.ndarray:
        """Per pair, from each entry's P(in log) and P(in custody), its day's share from the day's
        other entries (`linkage.shrinkage`)."""
        run = float(np.clip(p_custody.sum() / max(in_log.sum(), 1e-9), 0.001, 0.999))
        by_jurisdiction = shrunk(p_custody, in_log, self.jurisdiction, self.n_jurisdictions, run, self.strength,
                                 own_out=True)
        share = np.clip(shrunk(p_custody, in_log, self.day, self.n_days, by_jurisdiction, self.strength,
                               own_out=True), 0.001, 0.999)
        return np.stack([(1 - share) / (1 - run), share / run], axis=1).ravel()[self.pair_cell]


ENTRY_FACILITIES = "work.entry_facilities"
"""Where reconcile keeps, per entry, whether its log names its facility (facility_named: 1, 0;
-1 where that says nothing) and the facility_factor `FacilityNamed` gave it (for the reasons)."""


class FacilityNamed:
    """ICE names the facility of each listed entry; the sheriff's log names its own. An entry
    at a facility the log never names (the city jail, the juvenile centre, the workhouse of a
    county whose log is the county jail's) is less often in that log - but how much less
    depends on the jail, whose facility ICE may spell in a way the log never does.

    So per jurisdiction EM fits q, the share of its in-log entries whose facility the log does
    not name (from its other entries, shrunk toward the run's share by `strength` entries), and
    r, that share among its entries not in their log (from its other entries, shrunk toward its
    own q: by default those not in the log are named as often as the rest). An entry's "in
    log" odds are multiplied by q / r' where its log does not name its facility, and by
    (1 - q) / (1 - r') where it does, r' = max(r, q): someone not in the log is at least as
    often listed at a facility it does not name as someone in it. A jail whose facility ICE
    never spells as its log does (q near 1), or whose entries outside the log are named as
    often, learns nothing from it; an entry at a facility its log does not name loses at most
    its jail's own rate q. Both are per jurisdiction: with one r for the run, one jail whose
    every entry was unnamed raised every other jail's odds x20 (the first review's demo world),
    then, one-sided, penalised another jail's annex x0.03 (the second's). An entry whose
    facility says nothing (none given, a name of its kind alone, a log without facilities)
    keeps its odds.

        >>> FacilityNamed(jurisdiction, named, 5.0).odds_factor(in_log)   # named: 1, 0 or -1
    """

    def __init__(self, jurisdiction: np.ndarray, named: np.ndarray, strength: float) -> None:
        self.jurisdiction, self.strength = jurisdiction, strength
        self.n_jurisdictions = int(jurisdiction.max()) + 1 if len(jurisdiction) else 0
        self.known = (np.asarray(named) >= 0).astype(float)
        self.unnamed = (np.asarray(named) == 0).astype(float)

    def rates(self, in_log: np.ndarray, *, own_out: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(q, r) per entry, each from its jurisdiction's other entries - or, without `own_out`,
        per jurisdiction, every entry counted."""
        inside, outside = in_log * self.known, (1 - in_log) * self.known
        q_run = float(np.clip((np.sum(self.unnamed * inside) + self.strength * 0.5) / (np.sum(inside) + self.strength),
                              0.01, 0.99))
        q = np.clip(shrunk(self.unnamed * inside, inside, self.jurisdiction, self.n_jurisdictions, q_run,
                           self.strength, own_out=own_out), 0.01, 0.99)
        # Per jurisdiction as well, toward its own q: without entries of its own outside its log, a
        # jail's r is its q and the factor 1 (a run-wide r let one jail's spelling penalise
        # another's annex: x0.03 in the second review's demo world).
        r = np.clip(shrunk(self.unnamed * outside, outside, self.jurisdiction, self.n_jurisdictions, q,
                           self.strength, own_out=own_out), 0.01, 0.99)
        return q, r

    def odds_factor(self, in_log: np.ndarray) -> np.ndarray:
        """Per entry, the likelihood ratio of its facility's being named (or not) by its log (1
        where that says nothing)."""
        q, r = self.rates(in_log)
        r = np.maximum(r, q)
        factor = np.where(self.unnamed > 0, q / r, (1 - q) / (1 - r))
        return np.where(self.known > 0, factor, 1.0)
