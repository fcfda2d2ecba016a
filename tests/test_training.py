"""Training with real Splink EM on a generated world where an EM block fails."""

import json
import logging
from pathlib import Path

import pytest

from linkage.config import load_config
from linkage.ingest import submit
from linkage.match import hop1
from linkage.match.model import HOPS, load_settings, train_or_load
from linkage.pipeline import run_all, run_inputs
from linkage.store import Store
from linkage.synth import generate_world

pytestmark = pytest.mark.slow

WORLD_WHERE_BOTH_HOP1_BLOCKS_FAIL = 1414
"""In this world both of hop 1's EM blocks fail (a level's u underflows to 0). The second
block reads the citizenship and stay columns, and Splink's EM had dropped those comparisons
from the linker before failing: the saved model lacked them (found on seed 1818, whose
second block trains since the offence comparison gained levels)."""


def test_a_failed_em_block_keeps_every_comparison(tmp_path):
    world = tmp_path / "world"
    generate_world(world, seed=WORLD_WHERE_BOTH_HOP1_BLOCKS_FAIL, scale="demo")
    with Store.open(tmp_path / "store.duckdb") as store:
        submit(store, "reports", world / "reports.csv")
        submit(store, "releases", world / "releases")
        submit(store, "custody", world / "custody.csv")
        hop1.prepare_inputs(store)
        model_id = train_or_load(store, HOPS["hop1"], load_config(), inputs=run_inputs(store))
        settings = load_settings(store, model_id)
        manifest = json.loads(store.con.execute(
            "select manifest from models where model_id = ?", [model_id]).fetchall()[0][0])
        bookings = store.con.execute(f"select count(*) from work.{hop1.RIGHT}").fetchall()[0][0]
    failed = [note for note in manifest["notes"] if "failed" in note]
    assert any("l.country = r.country" in note for note in failed), "the block reading citizenship must fail here"
    # Said as what happened to EM, not as Splink's "Please use a value >= 1e-300".
    assert all("failed (EM drove the u of a level to 0: it read every pair of the block at that level as a"
               " match, leaving none to learn the level's u from): m kept from before the block" in note
               for note in failed), failed
    assert [c["output_column_name"] for c in settings["comparisons"]] == [c.name for c in hop1.comparisons()]
    # The prior stays one over the pool of bookings, not the failed block's own.
    assert settings["probability_two_random_records_match"] == pytest.approx(1 / bookings)


def test_levels_em_cannot_train_are_named_once_per_block_not_per_level(tmp_path, caplog):
    """Splink warns once per level, for m and again for u, that EM saw no pair at it (29 lines
    on the demo world); the manifest and the log carry one line per block instead."""
    demo = Path(__file__).resolve().parents[1] / "fixtures" / "demo"
    with Store.open(tmp_path / "store.duckdb") as store:
        submit(store, "reports", demo / "reports.csv")
        submit(store, "releases", demo / "releases")
        submit(store, "custody", demo / "custody.csv")
        with caplog.at_level(logging.WARNING):
            run_id = run_all(store, load_config())
        manifest = json.loads(store.con.execute(
            "select m.manifest from models m join runs r on r.hop2_model = m.model_id where r.run_id = ?",
            [run_id]).fetchall()[0][0])
    unseen = [note for note in manifest["notes"] if "saw no pair at" in note]
    assert unseen, manifest["notes"]
    assert any("Non-Custodial Arrest" in note for note in unseen)  # the demo's ICE codes no such arrest
    assert not [r for r in caplog.records if "not observed in dataset" in r.getMessage()]
    assert not [r for r in caplog.records if "Probe returned zero blocked pairs" in r.getMessage()]
    logged = [r.getMessage() for r in caplog.records if r.name == "linkage.match.model"]
    assert len([m for m in logged if m.startswith("model hop2:") and "saw no pair at" in m]) == len(unseen)


def test_hop1_date_coincidences_weigh_against_the_other_candidates_not_random_pairs(tmp_path):
    """A candidate that blocking kept is another detainee of the same weeks: its hold date and
    booking date meet the entry's issued date far more often than a random booking's. The
    saved model's u of those comparisons are their level shares among the candidate pairs."""
    from linkage.match.model import candidate_u

    demo = Path(__file__).resolve().parents[1] / "fixtures" / "demo"
    config = load_config()
    with Store.open(tmp_path / "store.duckdb") as store:
        submit(store, "reports", demo / "reports.csv")
        submit(store, "releases", demo / "releases")
        submit(store, "custody", demo / "custody.csv")
        hop1.prepare_inputs(store)
        settings = load_settings(store, train_or_load(store, HOPS["hop1"], config, inputs=run_inputs(store)))
        shares = candidate_u(store, HOPS["hop1"], config, hop1.comparisons())
    assert {name for name, _ in shares} == {"hold_vs_issued", "booked_before_issue"}
    saved = {(c["output_column_name"], lv["label_for_charts"]): lv["u_probability"]
             for c in settings["comparisons"] for lv in c["comparison_levels"] if "u_probability" in lv}
    same_day = ("hold_vs_issued", "jail hold date = detainer issued date")
    assert saved[same_day] == pytest.approx(shares[same_day], rel=1e-3)
    # Among the candidates a coincident hold date is common: nothing like a random pair's.
    assert shares[same_day] > 0.005


def test_a_category_comparison_keeps_em_where_its_first_level_is_commoner_at_random():
    """ICE books most people by CAP: hand-overs are CAP, later arrests at large are not, so
    CAP can be as common at random as among matches (seed 2929, FOIA: m 0.82, u 0.85). Such a
    comparison keeps EM's m; one whose first level is an agreement is still reset."""
    from linkage.match import hop2
    from linkage.match.model import PRIOR_SHARE, _check_against_priors, load_priors
    from linkage.match.spec import splink_settings

    comparisons = [c for c in hop2.comparisons({"method", "sex"}) if c.name in ("method", "sex")]
    priors = load_priors()["hop2"]
    settings = splink_settings(comparisons, priors, unique_id="uid", blocking_rules=[],
                               probability_two_random_records_match=0.01)
    trained = {"method": [(0.82, 0.85), (0.08, 0.12), (0.10, 0.03)], "sex": [(0.60, 0.80), (0.40, 0.20)]}
    levels = {}
    for comparison in settings["comparisons"]:
        levels[comparison["output_column_name"]] = [
            lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level, (m, u) in zip(levels[comparison["output_column_name"]],
                                 trained[comparison["output_column_name"]], strict=True):
            level["m_probability"], level["u_probability"] = m, u
    notes = _check_against_priors(settings, comparisons, priors)
    cap = priors["method"]["cap_local_incarceration"] / sum(priors["method"].values())
    assert levels["method"][0]["m_probability"] == pytest.approx((1 - PRIOR_SHARE) * 0.82 + PRIOR_SHARE * cap)
    assert levels["sex"][0]["m_probability"] == pytest.approx(0.97)
    assert [note.split(":")[0] for note in notes] == ["sex"]


def test_a_comparison_without_a_table_in_priors_toml_is_named_not_a_bare_key_error():
    # A newcomer adding a comparison met KeyError: 'facility_code' from the settings builder.
    from linkage.errors import ConfigError
    from linkage.match import hop2
    from linkage.match.model import load_priors
    from linkage.match.spec import splink_settings

    comparisons = hop2.comparisons(set())
    priors = {name: table for name, table in load_priors()["hop2"].items() if name != comparisons[0].name}
    with pytest.raises(ConfigError, match=f"configs/priors.toml: {comparisons[0].name} has no prior for"):
        splink_settings(comparisons, priors, unique_id="uid", blocking_rules=[],
                        probability_two_random_records_match=0.001)


def test_hop_2s_birth_date_cannot_learn_that_matches_disagree_more_than_its_prior_says():
    # Two blind worlds' namesakes (same name, days apart, another birth date) sat in hop 2's
    # training blocks as matches: EM's m(birth differs) came out 0.09-0.19, and a namesake born
    # years apart lost 2.4 bits only. Levels below the first are capped at the prior now.
    from linkage.match import hop2
    from linkage.match.model import _cap_m_at_prior, load_priors
    from linkage.match.spec import splink_settings

    comparisons = hop2.comparisons({"last_name", "first_name", "dob", "sex"})
    capped = [c for c in comparisons if c.m_capped_at_prior]
    assert {c.name for c in capped} == {"birth", "birth_vs_age"}
    priors = load_priors()["hop2"]
    settings = splink_settings(comparisons, priors, unique_id="uid", blocking_rules=[],
                               probability_two_random_records_match=0.001)
    birth = next(c for c in settings["comparisons"] if c["output_column_name"] == "birth")
    levels = [level for level in birth["comparison_levels"] if not level.get("is_null_level")]
    as_em_left_them = [0.75, 0.035, 0.022, 0.0207, 0.1723]  # world F's seed 601
    for level, m in zip(levels, as_em_left_them, strict=True):
        level["m_probability"] = m
    _cap_m_at_prior(settings, capped, priors)
    m = [level["m_probability"] for level in levels]
    prior = [priors["birth"][key] for key in ("exact_date", "day_month_swapped", "same_year", "year_within_1", "else")]
    assert m[1:] == [min(a, b) for a, b in zip(as_em_left_them[1:], prior[1:], strict=True)]
    assert m[4] == prior[4] and abs(sum(m) - 1) < 1e-12 and m[0] > 0.9


def test_a_block_whose_em_drove_an_m_to_zero_is_said_so():
    """Hop 2's birth-date block fails so on blind world D 7101; Splink's own check raises."""
    from splink.internals.comparison_level import ComparisonLevel
    from splink.internals.dialects import SplinkDialect

    from linkage.match.em_guards import why_em_failed

    level = ComparisonLevel("l.sex = r.sex", SplinkDialect.from_string("duckdb"), label_for_charts="same sex")
    with pytest.raises(ValueError) as refused:
        level.m_probability = 0.0
    assert why_em_failed(refused.value) == (
        "EM drove the m of a level to 0: it read every pair of the block at that level as no match,"
        " leaving none to learn the level's m from")
    assert why_em_failed(KeyError("x")) == "KeyError: 'x'"
