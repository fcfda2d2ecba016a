"""How often a jail logs 'released to ICE' or 'released to another agency', for a hand-over
and for anything else: fitted per population of releases (`linkage.posterior`) and, where
the releases' jurisdictions are known, per jurisdiction.

    >>> a, b, c, d = reason_rates(p_transfer, reason_codes, weights, rc)
    >>> table = reason_rates(p_transfer, reason_codes, weights, rc, place=place, run=(a, b, c, d))

Per jurisdiction because jails differ in what they log: one writes "RELEASED TO ICE" for
every detainer it honours, another only "TIME SERVED"; and in what it lists: a jail whose
listed people ICE took at the door after a bond, another (Hennepin's story) whose listed
people were hand-overs it logged as such.
"""

from __future__ import annotations

import numpy as np

from linkage.config import ReconcileSettings
from linkage.shrinkage import shrunk

Rates = tuple[float, float, float, float]


def reason_rates(p_transfer: np.ndarray, reason: np.ndarray, weights: np.ndarray, rc: ReconcileSettings,
                 *, place: np.ndarray | None = None, run: Rates | None = None,
                 own_out: bool = False) -> Rates | np.ndarray:
    """P('to ICE' | hand-over), P('to ICE' | none), P('another agency' | hand-over),
    P('another agency' | none), each a Beta-shrunk weighted mean over the releases whose
    reason is known (`reason` -1: not given). Without `place`: run-wide floats, shrunk toward
    the configured values by `reason_prior_strength` releases. With `place` (each release's
    jurisdiction): a (jurisdictions x 4) array, each jurisdiction's rates shrunk toward `run`
    by `jurisdiction_prior_strength`; with `own_out` as well, a (releases x 4) array: each
    release's jurisdiction's rates from its other releases, so that a release's own reason is
    no evidence for the rates it is read with (`linkage.shrinkage`)."""
    known = reason >= 0
    w = np.where(known, weights, 0.0)
    if place is None:
        group, n = np.zeros(len(reason), dtype=int), 1
        k, prior = rc.reason_prior_strength, (rc.p_reason_ice_if_transferred, rc.p_reason_ice_if_not,
                                              rc.p_reason_other_agency_if_transferred,
                                              rc.p_reason_other_agency_if_not)
    else:
        group, n = place, int(place.max()) + 1 if len(place) else 0
        k, prior = rc.jurisdiction_prior_strength, run

    def rate(hit: np.ndarray, resp: np.ndarray, start: float) -> np.ndarray:
        return shrunk(w * resp * hit, w * resp, group, n, start, k, own_out=own_out and place is not None)

    t = p_transfer
    a = np.clip(rate(reason == 1, t, prior[0]), 0.01, 0.95)
    b = np.clip(rate(reason == 1, 1 - t, prior[1]), 0.001, 0.95)
    # Never 0: a jail that logs every hand-over "to ICE" (a at its 0.95 ceiling) must not make
    # a hand-over logged "to another agency" impossible.
    c = np.clip(rate(reason == 2, t, prior[2]), 0.001, np.maximum(0.95 - a, 0.001))
    d = np.clip(rate(reason == 2, 1 - t, prior[3]), 0.001, np.maximum(0.95 - b, 0.001))
    if place is None:
        return float(a[0]), float(b[0]), float(c[0]), float(d[0])
    return np.stack([a, b, c, d], axis=1)

