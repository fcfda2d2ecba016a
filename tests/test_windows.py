"""Hop 2's windows read per kind of disagreement (`linkage.windows`, `units.disagreement_sql`)."""

import duckdb
import numpy as np
import pytest

from linkage.units import disagreement_sql
from linkage.windows import window_likelihood

BIRTH = 3
"""A kind: the window's strongest book-in disagrees on the model's third comparison."""


def _world(rng: np.random.Generator, hand_overs_unsure: int) -> tuple[np.ndarray, ...]:
    """20,000 releases with strangers' windows, 1% of them a namesake at ~300 units whose birth
    date disagrees (and their decoys alike), and 1,000 hand-overs: 900 far stronger, the rest
    (book-ins without a birth date) ~300 units with no disagreement."""
    strangers = 20000
    namesake = rng.random(strangers) < 0.01
    real = np.where(namesake, 10 ** rng.normal(2.5, 0.3, strangers), 10 ** rng.normal(-2, 1, strangers))
    decoy_namesake = rng.random(strangers + 1000) < 0.01
    decoys = np.where(decoy_namesake, 10 ** rng.normal(2.5, 0.3, strangers + 1000),
                      10 ** rng.normal(-2, 1, strangers + 1000))
    hand_overs = np.concatenate([10 ** rng.normal(6, 1, 1000 - hand_overs_unsure),
                                 10 ** rng.normal(2.5, 0.3, hand_overs_unsure)])
    windows = np.concatenate([real, hand_overs])
    kinds = (np.concatenate([np.where(namesake, BIRTH, 0), np.zeros(1000, dtype=int)]),
             np.where(decoy_namesake, BIRTH, 0))
    return windows, decoys, kinds


def test_a_window_whose_book_in_disagrees_weighs_against_decoys_that_disagree_alike():
    # Splink's EM took a birth-date disagreement for something a hand-over shows 1.3% of the
    # time, so a namesake's window read 100-700 units; here, as nationally, no hand-over's
    # book-in disagrees. Read with every window together, a 300-unit window is a ~10x
    # hand-over; read by kind, a disagreeing one says about nothing (what strangers show; the
    # half-release pseudo-counts keep it near 1, not 0), and one without a disagreement keeps
    # its weight.
    windows, decoys, (kind, decoy_kind) = _world(np.random.default_rng(11), 100)
    probe = np.full(2, 300.0)
    windows, decoys = np.concatenate([probe, windows]), np.concatenate([np.zeros(2), decoys])
    kinds = (np.concatenate([[BIRTH, 0], kind]), np.concatenate([[0, 0], decoy_kind]))
    together = window_likelihood(windows, decoys, 0.02)[:2]
    by_kind = window_likelihood(windows, decoys, 0.02, disagrees_on=kinds)[:2]
    assert together[0] == together[1] and 3 < together[0] < 100
    assert by_kind[0] < 2 and 100 < by_kind[1] <= 300.02
    # The same per group of releases (each reads its own decoys, shrunk toward the pool's).
    group = np.arange(len(windows)) % 2
    by_group = window_likelihood(windows, decoys, 0.02, group, kinds)[:2]
    assert by_group[0] < 2 and by_group[1] > 100


def test_a_disagreement_hand_overs_do_show_keeps_its_weight():
    # Where hand-overs' book-ins disagree on the birth date as often as strangers' do (a log
    # that mistypes birth dates), that kind's decoys leave most of its real windows
    # unexplained: it is not read down to a stranger's, while the state, which only strangers
    # contradict here, is.
    STATE = 9
    rng = np.random.default_rng(12)
    windows, decoys, (kind, decoy_kind) = _world(rng, 300)
    kind, decoy_kind = kind.copy(), decoy_kind.copy()
    kind[-300:] = BIRTH
    kind[:20000][kind[:20000] == BIRTH] = np.where(rng.random(int(np.sum(kind[:20000] == BIRTH))) < 0.5, BIRTH, STATE)
    decoy_kind[decoy_kind == BIRTH] = np.where(rng.random(int(np.sum(decoy_kind == BIRTH))) < 0.5, BIRTH, STATE)
    windows, decoys = np.concatenate([[300.0, 300.0], windows]), np.concatenate([[0.0, 0.0], decoys])
    lr = window_likelihood(windows, decoys, 0.02, disagrees_on=(np.concatenate([[BIRTH, STATE], kind]),
                                                                 np.concatenate([[0, 0], decoy_kind])))[:2]
    assert lr[0] > 5 and lr[1] < lr[0] / 5


@pytest.mark.parametrize("seed", range(6))
def test_a_disagreeing_window_says_no_more_than_every_window_together_and_more_when_stronger(seed):
    # Whatever the world, a window whose book-in disagrees weighs at most what it would with
    # every kind read together, and from 1 unit on (below it the kinds share bins) a stronger
    # window of one kind never weighs less. Groups of releases included: each reads its own
    # decoys, shrunk toward the pool's.
    rng = np.random.default_rng(seed)
    windows, decoys, (kind, decoy_kind) = _world(rng, int(rng.integers(0, 300)))
    probe = 10 ** np.linspace(-1, 7, 33)
    windows, decoys = np.concatenate([probe, probe, windows]), np.concatenate([np.zeros(66), decoys])
    kinds = (np.concatenate([np.full(33, BIRTH), np.zeros(33, dtype=int), kind]),
             np.concatenate([np.zeros(66, dtype=int), decoy_kind]))
    group = None
    if seed % 2:  # the probes in one group, each read by the same group's ratios
        group = rng.integers(0, 3, len(windows))
        group[:66] = 0
    by_kind = window_likelihood(windows, decoys, 0.02, group, kinds)
    together = window_likelihood(windows, decoys, 0.02, group)
    assert np.all(by_kind[:33] <= together[:33] * (1 + 1e-9))
    strong = probe >= 1
    assert np.all(np.diff(by_kind[:33][strong]) >= -1e-9) and np.all(np.diff(by_kind[33:66][strong]) >= -1e-9)


def test_a_kind_with_few_decoys_of_its_own_is_shrunk_toward_every_window_together():
    # Two strangers' windows and six decoys disagree on the state, all near 300 units, where
    # 300 hand-overs also sit: its own counts would read ~4x, every window together ~24x; six
    # decoys weigh 6 / (6 + SUPPORT) of the way toward its own, in log space: ~12x.
    STATE = 9
    windows, decoys, (kind, decoy_kind) = _world(np.random.default_rng(13), 300)
    kind, decoy_kind = kind.copy(), decoy_kind.copy()
    kind[:2], windows[:2], decoy_kind[:6], decoys[:6] = STATE, 300.0, STATE, 300.0
    windows, decoys = np.concatenate([[300.0], windows]), np.concatenate([[0.0], decoys])
    kinds = (np.concatenate([[STATE], kind]), np.concatenate([[0], decoy_kind]))
    sparse = window_likelihood(windows, decoys, 0.02, disagrees_on=kinds)[0]
    together = window_likelihood(windows, decoys, 0.02)[0]
    assert together / 2.4 < sparse < together / 1.6


def test_what_a_pair_most_disagrees_on_is_its_comparison_with_the_lowest_else_factor():
    def comparison(m_else: float, u_else: float) -> dict:
        return {"comparison_levels": [{"is_null_level": True}, {"m_probability": 0.9, "u_probability": 0.01},
                                      {"m_probability": m_else, "u_probability": u_else}]}

    # 1: "else" a factor 0.5; 2: 0.01; 3: 2 (not against a match).
    settings = {"comparisons": [comparison(0.4, 0.8), comparison(0.009, 0.9), comparison(0.2, 0.1)]}
    sql = disagreement_sql(settings, "levels")
    rows = [[0, 0, 0], [0, 1, 0], [1, 1, 0], [-1, -1, -1], [1, 0, 1]]
    got = [duckdb.sql(f"select {sql} from (select {row}::tinyint[] as levels)").fetchall()[0][0] for row in rows]
    assert got == [2, 1, 0, 0, 2]
    assert disagreement_sql(None, "levels") == "0"


def test_a_disagreement_measured_on_its_own_still_says_no_more_than_every_kind_together():
    # A review's case: in the 1-10-unit bin, 40 windows and 12 decoys disagree on the birth
    # date (a cell measured by itself) and 21 windows and 40 decoys on the state, so every
    # kind together is not measured there and reads Splink's 2 units. The birth-date window
    # had read its own cell's 30x.
    rng = np.random.default_rng(0)
    strangers = 20000
    windows = np.concatenate([[2.0], 10 ** rng.normal(-2, 0.5, strangers), np.full(40, 3.0), np.full(21, 3.0)])
    kind = np.concatenate([[1], np.zeros(strangers, dtype=int), np.full(40, 1), np.full(21, 2)])
    decoys = np.concatenate([[0.0], 10 ** rng.normal(-2, 0.5, strangers + 9), np.full(12, 3.0), np.full(40, 3.0)])
    decoy_kind = np.concatenate([[0], np.zeros(strangers + 9, dtype=int), np.full(12, 1), np.full(40, 2)])
    together = window_likelihood(windows, decoys, 0.02)[0]
    assert window_likelihood(windows, decoys, 0.02, disagrees_on=(kind, decoy_kind))[0] <= together < 3
