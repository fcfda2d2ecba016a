"""Training with real Splink EM on a generated world where an EM block fails."""

import json

import pytest

from linkage.config import load_config
from linkage.ingest import submit
from linkage.match import hop1
from linkage.match.model import HOPS, load_settings, train_or_load
from linkage.pipeline import run_inputs
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
    assert [c["output_column_name"] for c in settings["comparisons"]] == [c.name for c in hop1.comparisons()]
    # The prior stays one over the pool of bookings, not the failed block's own.
    assert settings["probability_two_random_records_match"] == pytest.approx(1 / bookings)
