"""A release's hand-over window as evidence: what the ICE book-ins soon after it say for a
hand-over against none, weighed against decoy windows, and the share of hand-overs the
extract does not show at all.

    >>> unseen = unseen_share(window_likelihood(units, decoys, 0.0), reason_ice == 1, 0.02, 10.0)
    >>> lr = window_likelihood(units, decoys, unseen)

`linkage.posterior` multiplies each release's "handed over at release" state by `lr`.
"""

from __future__ import annotations

import numpy as np

WINDOW_BINS = 10.0 ** np.arange(-3, 10)
"""Edges of the (log) bins of window units in which real and decoy windows are compared."""
SUPPORT = 10
"""Decoys, and windows beyond what the decoys explain, that a bin needs before its ratio is
read as the evidence itself rather than only as a cap on it."""


def window_likelihood(window: np.ndarray, decoy: np.ndarray | None, unseen: float,
                      group: np.ndarray | None = None,
                      disagrees_on: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Per release, the likelihood ratio of its hand-over window, hand-over against none: hop
    2's units plus the unseen share, bounded by the ratio the decoys support.

        >>> window_likelihood(window_units, decoy_units, 0.02)    # decoy_units None: w + 0.02
        >>> window_likelihood(window_units, decoy_units, 0.02, releases.group)

    The searched releases' windows are a mixture pi0 f0 + (1 - pi0) f1 of windows without a
    hand-over (f0: strangers' book-ins, whose distribution the decoy windows sample) and
    with one (f1). pi0 is read where hand-overs leave no trace (below 1 unit), f1 per bin
    follows, and f1 / f0 — made non-decreasing in the units (from 1 unit on, within each
    kind of window: below) — caps w + unseen, up to the strongest decoy (beyond it the null
    has no support). (A window just past a measured bin may read less than one inside it,
    whose measured ratio is above its own units.)

    Where the ratio is measured, not guessed — a bin of 1 unit or more holding at least
    `SUPPORT` decoys and `SUPPORT` windows more than the decoys explain — it replaces Splink's
    arithmetic both ways. On FOIA extracts (birth year, state, hours) hop 2's m are mostly
    priors, and its units for a real hand-over sat 2–4x below what the releases themselves
    showed (docs/model.md). Elsewhere the cap only lowers. Nothing here is fitted to labels.

    `group` (what hop 1 knows of each release: `posterior.Releases.group`): the mixture is
    read per group. Strangers' book-ins do not fall alike near every release: nationally a
    held, foreign-born person's decoy window reached 100 units 1.4 times in 1,000, a US-born
    person's of unknown hold never, and listed detainees are the held and foreign-born. One
    pooled null made a window of 100-1,000 units a ~100x hand-over for them, where their
    own group's decoys say ~20x. A group's counts are shrunk toward the pooled shares by as
    many releases as hold `SUPPORT` decoys of 1 unit or more in the pool: a small group (a
    demo's) reads mostly the pool, a national one its own. The bins the pool measures are
    measured in every group (a demo's groups hold too few decoys to measure any: FOIA
    hand-overs would lose what session 15 found), but there a group's ratio says no more
    than the larger of the pool's and Splink's: above them it would rest on the pool's
    decoys lent to the group, not on its own.

    `disagrees_on` (per release, of its window and of its decoy window: the comparison its
    strongest book-in most disagrees on, `units.disagreement_sql`; 0 none): windows of 1 unit
    or more are read per such kind, each kind's bins apart (`_ratio`: a kind of few decoys
    reads mostly every window together, and a disagreement never says more than that). A bin
    measured with every kind together is measured in each (`_read`'s ceiling). Splink's EM sets a
    disagreement's m from pairs that agree on the rest, namesakes among them (birth date
    "else": m 0.013), so a name-and-state match a decade off in birth date still read 100-700
    units. On national seed 9 the strongest book-in of 225 strangers' windows of 1 unit or
    more disagreed on the birth date, of 197 on the state, and of none of the 19,285
    hand-overs' windows (docs/model.md). What the decoys of each kind reach says how far a
    window of that kind is worth its units. Below 1 unit the kinds share bins: `_null_share`
    is read there."""
    base = window + unseen
    if decoy is None or not len(window):
        return base
    lr = _likelihood(window, decoy, unseen, group, disagrees_on or (0, 0))
    if disagrees_on is not None and np.any(disagrees_on[0] > 0):
        # A disagreement never says more than the same window read with every kind together:
        # a kind's own measured cell may sit in a bin that all kinds together do not measure.
        lr = np.where(disagrees_on[0] > 0, np.minimum(lr, _likelihood(window, decoy, unseen, group, (0, 0))), lr)
    return lr


def _likelihood(window: np.ndarray, decoy: np.ndarray, unseen: float, group: np.ndarray | None,
                kinds: tuple[np.ndarray | int, np.ndarray | int]) -> np.ndarray:
    """`window_likelihood` with its kinds given ((0, 0): none)."""
    base = window + unseen
    n_bins = _N_BINS * (1 + int(max(np.max(kinds[0], initial=0), np.max(kinds[1], initial=0))))
    bins, decoy_bins = _bins(window, kinds[0]), _bins(decoy, kinds[1])
    real = np.bincount(bins, minlength=n_bins).astype(float)
    null = np.bincount(decoy_bins, minlength=n_bins).astype(float)
    strong = _strong(n_bins)
    pooled = _ratio(real, null)
    measured = _measured(real, null)
    ceiling = None
    if n_bins > _N_BINS:
        # A bin measured only with every kind together (a kind's share of its decoys may fall
        # short of SUPPORT where together they measure what FOIA hand-overs are worth) is read
        # as measured in each kind, but says no more than Splink or every kind together do.
        every_real, every_null = _every_kind(real), _every_kind(null)
        measured_together = np.tile(_measured(every_real, every_null), n_bins // _N_BINS)
        ceiling = np.where(measured, np.inf, np.tile(_ratio(every_real, every_null), n_bins // _N_BINS))
        measured = measured | measured_together
    assert group is None or len(group) == len(window), "one group per release"
    groups = np.unique(group) if group is not None else np.zeros(1)
    # No strong decoy in the pool: nothing tells one group's strangers from another's.
    if len(groups) == 1 or not null[strong].any():
        return _read(base, bins, pooled, measured, unseen, ceiling)
    ceiling = pooled if ceiling is None else np.minimum(pooled, ceiling)
    strength = SUPPORT * len(window) / null[strong].sum()
    lr = np.empty(len(window))
    for g in groups:
        rows = np.flatnonzero(group == g)
        # A small group has too few decoys of its own to say where strangers reach: it reads
        # mostly the pool's shares, a large one mostly its own.
        own_real = np.bincount(bins[rows], minlength=n_bins) + strength * real / len(window)
        own_null = np.bincount(decoy_bins[rows], minlength=n_bins) + strength * null / len(window)
        lr[rows] = _read(base[rows], bins[rows], _ratio(own_real, own_null), measured, unseen, ceiling)
    return lr


_N_BINS = len(WINDOW_BINS) + 1
_WEAK = int(np.searchsorted(WINDOW_BINS, 1.0, side="right"))
"""The first bin of 1 unit or more: below it a hand-over leaves no trace."""


def _bins(units: np.ndarray, kind: np.ndarray | int) -> np.ndarray:
    """Each window's bin: its units' (log) bin, from 1 unit on in its own kind's run of bins."""
    bins = np.searchsorted(WINDOW_BINS, units, side="right")
    return np.where(bins >= _WEAK, bins + _N_BINS * np.asarray(kind, dtype=int), bins)


def _strong(n_bins: int) -> np.ndarray:
    """Which of `n_bins` (runs of `_N_BINS`, one per kind) hold windows of 1 unit or more."""
    return np.arange(n_bins) % _N_BINS >= _WEAK


def _every_kind(counts: np.ndarray) -> np.ndarray:
    """Per-bin counts of every kind together (one run of `_N_BINS`)."""
    return counts.reshape(-1, _N_BINS).sum(0)


def _measured(real: np.ndarray, null: np.ndarray) -> np.ndarray:
    """The bins whose ratio is measured, not guessed: 1 unit or more, at least `SUPPORT` decoys
    and `SUPPORT` windows more than the decoys explain."""
    return _strong(len(real)) & (null >= SUPPORT) & (real - _null_share(real, null) * null >= SUPPORT)


def _null_share(real: np.ndarray, null: np.ndarray) -> float:
    """pi0: the share of windows without a hand-over, read below 1 unit. Not bounded below: in
    a group of held, foreign-born releases most are hand-overs (0.2-0.6 in demo worlds)."""
    return float(np.clip(real[:_WEAK].sum() / max(null[:_WEAK].sum(), 1.0), 0.0, 1.0))


def _ratio(real: np.ndarray, null: np.ndarray) -> np.ndarray:
    """Per bin, f1 / f0 made non-decreasing within each kind, from the bin counts of real and
    decoy windows. Each kind's own ratio is shrunk toward the ratio of every window together,
    in log space by weight d / (d + `SUPPORT`) for its d decoys of 1 unit or more: in a demo
    world most kinds meet a handful of decoys, or none. Past a kind's strongest decoy its own
    ratio is the half-release pseudo-count's, which only a kind of many decoys trusts (the
    ratio together is unbounded past the strongest decoy of all). A disagreement's kind (all
    but the first) never says more than every window together does at the same units."""
    kinds = len(real) // _N_BINS
    together = _kind_ratio(_every_kind(real), _every_kind(null))
    if kinds == 1:
        return together
    own, together = _kind_ratio(real, null, bounded=False), np.tile(together, kinds)
    decoys = null.reshape(kinds, _N_BINS)[:, _WEAK:].sum(1)
    weight = np.repeat(decoys / (decoys + SUPPORT), _N_BINS)
    weight[:_WEAK] = 0.0  # below 1 unit the first kind's bins are every window's: read together
    ratio = together.copy()
    blend = (own > 0) & np.isfinite(together) & (weight > 0)  # own 0: a kind's slots below 1 unit
    ratio[blend] = np.exp(weight[blend] * np.log(own[blend]) + (1 - weight[blend]) * np.log(together[blend]))
    # The smaller of two non-decreasing runs is non-decreasing: a stronger window still never
    # says less.
    disagreeing = np.arange(len(real)) >= _N_BINS
    ratio[disagreeing] = np.minimum(ratio[disagreeing], together[disagreeing])
    return ratio


def _kind_ratio(real: np.ndarray, null: np.ndarray, *, bounded: bool = True) -> np.ndarray:
    """`_ratio` of each kind from its own counts (as shares of all windows) alone; `bounded`
    False: past a kind's strongest decoy too, the pseudo-count's ratio rather than none (inf)."""
    pi0 = _null_share(real, null)
    # The bins in use: the first kind's, and from 1 unit on those of each kind some window
    # reached (a kind's bins below 1 unit are the first kind's).
    kind_seen = np.add.reduceat(real + null, np.arange(0, len(real), _N_BINS)) > 0
    used = (np.arange(len(real)) < _N_BINS) | (_strong(len(real)) & np.repeat(kind_seen, _N_BINS))
    f1 = np.where(used, np.maximum(real - pi0 * null, 0.0) + 0.5, 0.0)  # half a release per bin: no empty bin
    f0 = np.where(used, null + 0.5, 0.0)
    # Shares of all hand-overs and all strangers' windows, counted as if of one kind: a kind's
    # own half-releases would otherwise lower every other kind's shares (by a fifth in a FOIA world).
    every_real, every_null = _every_kind(real), _every_kind(null)
    f1_total = np.sum(np.maximum(every_real - pi0 * every_null, 0.0) + 0.5)
    f0_total = np.sum(every_null + 0.5)
    ratio = np.zeros(len(real))
    np.divide(f1 / f1_total, f0 / f0_total, out=ratio, where=used)
    for start in range(0, len(ratio), _N_BINS):
        if not used[start + _WEAK]:
            continue
        run = slice(start if start == 0 else start + _WEAK, start + _N_BINS)
        ratio[run] = _non_decreasing(ratio[run], (real + null + 1.0)[run])
        # Beyond the kind's strongest decoy the null says nothing (a few thousand releases
        # reach ~100 units; nationally 1e8): there the half-release pseudo-count alone would
        # set the cap. A group's shrunk counts hold the pool's decoys, so its strongest is the
        # pool's.
        seen = np.flatnonzero(null[run])
        if bounded:
            ratio[run][seen[-1] + 1 if len(seen) else 0:] = np.inf
    return ratio


def _read(base: np.ndarray, bins: np.ndarray, ratio: np.ndarray, measured: np.ndarray, unseen: float,
          ceiling: np.ndarray | None = None) -> np.ndarray:
    """Each window's ratio: a cap on w + unseen, or where `measured` the ratio itself. A
    group's measured ratio may go below the pool's (its own decoys reach further) but above
    both the pool's and Splink's only on decoys it borrowed from the pool, so `ceiling` (the
    pool's ratio, and the ratio of every kind together where a kind's own decoys do not
    measure the bin) bounds it there."""
    lr = np.minimum(base, np.maximum(ratio[bins], unseen))
    measured = measured & np.isfinite(ratio)
    at = measured[bins]
    value = ratio[bins][at]
    if ceiling is not None:
        value = np.minimum(value, np.maximum(base[at], ceiling[bins][at]))
    lr[at] = value
    return lr


def unseen_share(window_lr: np.ndarray, logged_to_ice: np.ndarray, prior: float, strength: float) -> float:
    """The share of hand-overs whose ICE book-in the extract does not show (or hop 2 cannot
    find), fitted by EM on the releases a jail logged as handed to ICE, shrunk toward `prior`
    by `strength` releases. Such a release's window is seen, with its likelihood ratio
    (`window_likelihood` without the unseen share), or unseen, like a stranger's (ratio 1).

        >>> unseen_share(window_lr, releases.reason_ice == 1, 0.02, 10.0)

    A log's "to ICE" is taken as a hand-over: one that was not counts as unseen, so the share
    errs high, toward hedging a decline. A fixed share would be a guess about the extract."""
    ratio = window_lr[logged_to_ice]
    share = prior
    for _ in range(500):
        fitted = (float(np.sum(share / ((1 - share) * ratio + share))) + strength * prior) / (len(ratio) + strength)
        if abs(fitted - share) < 1e-7:
            break
        share = fitted
    return fitted  # with no logged hand-over: the prior itself


def _non_decreasing(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted least-squares non-decreasing fit (pool adjacent violators): a dozen bins, by
    hand rather than a scikit-learn dependency for one call."""
    blocks: list[list[float]] = []  # [value, weight, bins]
    for value, weight in zip(values.tolist(), weights.tolist(), strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return np.concatenate([np.full(int(n), v) for v, _, n in blocks])
