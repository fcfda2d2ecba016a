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
    # Where hand-overs' book-ins disagree as often as strangers' (a log that mistypes birth
    # dates), the decoys of that kind leave most real windows unexplained: the kind is not
    # read down to a stranger's.
    rng = np.random.default_rng(12)
    windows, decoys, (kind, decoy_kind) = _world(rng, 300)
    kind = kind.copy()
    kind[-300:] = BIRTH
    windows, decoys = np.concatenate([[300.0], windows]), np.concatenate([[0.0], decoys])
    lr = window_likelihood(windows, decoys, 0.02, disagrees_on=(np.concatenate([[BIRTH], kind]),
                                                                 np.concatenate([[0], decoy_kind])))[0]
    assert lr > 5


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


@pytest.mark.parametrize("kinds", [None, (np.zeros(3, dtype=int), np.zeros(3, dtype=int))])
def test_one_kind_reads_as_no_kinds(kinds):
    rng = np.random.default_rng(3)
    windows, decoys = 10 ** rng.normal(0, 2, 3), 10 ** rng.normal(-1, 2, 3)
    assert window_likelihood(windows, decoys, 0.02, disagrees_on=kinds) == pytest.approx(
        window_likelihood(windows, decoys, 0.02))
