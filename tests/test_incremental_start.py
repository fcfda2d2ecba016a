"""What an incremental week starts from: a finished run, its models as the code and blocking
that trained them left them, and a store from before a week carried its pairs."""

from __future__ import annotations

import pytest

from linkage.bench_week import split_world, week_files
from linkage.config import load_config
from linkage.incremental import NoPreviousRun, run_week
from linkage.ingest import submit_world
from linkage.pipeline import run_all
from linkage.store import Store
from tests.conftest import DEMO
from tests.test_incremental import _pairs


def _first_hold_in_a_silent_log(week_folder):
    """Give the first row of the week's OR/MARION log (a hold column, never an ICE hold) one."""
    path = week_folder / "releases" / "or-marion.csv"
    lines = path.read_text(encoding="cp1252").splitlines(keepends=True)  # as the jail wrote it
    header, row = lines[0].rstrip("\r\n").split(","), lines[1].split(",")
    row[header.index("HOLDS")], row[header.index("Hold Date")] = "ICE", "1/5/17"
    lines[1] = ",".join(row)
    path.write_text("".join(lines), encoding="cp1252")


def test_run_week_finds_the_pairs_of_its_models_own_blocking(tmp_path):
    # A base trained before hop 1's unheld tails were cut (its model keeps them), and a week
    # that brings a log its first ICE hold (its other bookings turn from "unknown" to "no hold"):
    # the week's hop-1 pairs are those the week's model finds over the whole store.
    from linkage.match import hop1
    from linkage.match.model import HOPS
    from linkage.match.score import score_hop

    uncut = load_config()
    uncut = uncut.model_copy(update={"hop1": uncut.hop1.model_copy(update={"unheld_tails": True})})
    with Store.open(tmp_path / "whole.duckdb") as whole:
        submit_world(whole, DEMO, config=uncut)
        split_world(DEMO, tmp_path / "split", whole)
    _first_hold_in_a_silent_log(tmp_path / "split" / "week")
    with Store.open(tmp_path / "store.duckdb") as store:
        con = store.con
        submit_world(store, tmp_path / "split" / "base", config=uncut)
        run_all(store, uncut)
        result = run_week(store, load_config(), week_files(tmp_path / "split" / "week"))
        model = con.execute("select hop1_model from runs where run_id = ?", [result.run_id]).fetchall()[0][0]
        hop1.prepare_inputs(store)
        score_hop(store, HOPS["hop1"], model, run_id="reference")

        assert set(_pairs(store, result.run_id, "hop1")) == set(_pairs(store, "reference", "hop1"))
        flipped = con.execute("""select count(*) from work.hop1_bookings
                                 where jurisdiction = 'OR/MARION' and ice_hold = false""").fetchall()[0][0]
        assert flipped > 0  # the log now reads "no hold" for its other bookings

        def marion_weights(run_id: str) -> set[tuple[str, str, float]]:
            return set(con.execute(
                """select left_id, right_id, round(match_weight, 6) from candidate_pairs
                   where run_id = ? and hop = 'hop1' and right_id like 'OR/MARION#%'""", [run_id]).fetchall())

        # Its pairs were scored again, not carried with the weights of "unknown".
        assert marion_weights(result.run_id) == marion_weights("reference")
    # The week scored with models of another config, hop 1's of other blocking rules, and says so.
    assert [w.split(":")[0] for w in result.warnings] == ["hop1", "hop2"], result.warnings
    assert "blocking rules" in result.warnings[0] and "another config" in result.warnings[1]
    assert all("linkage run" in warning for warning in result.warnings)


def test_run_week_needs_a_finished_run(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store, pytest.raises(NoPreviousRun):
        run_week(store, load_config(), {})


def test_a_previous_runs_model_missing_from_the_store_is_refused_before_the_week_starts(tmp_path):
    # It was a warning, lost when the week's run then failed to load the model (review 39).
    from linkage.incremental import models_out_of_date

    with Store.open(tmp_path / "s.duckdb") as store, pytest.raises(NoPreviousRun, match="hop2-gone"):
        models_out_of_date(store, load_config(), {"hop1": None, "hop2": "hop2-gone"})


def test_run_week_command_is_registered():
    from typer.testing import CliRunner

    from linkage.cli import app

    result = CliRunner().invoke(app, ["run-week", "--help"])
    assert result.exit_code == 0 and "--releases" in result.output


def test_a_store_from_before_version_16_reads_its_pairs_as_before(tmp_path, monkeypatch):
    from linkage import store as store_module
    from linkage.store import MIGRATIONS

    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:15])
    with Store.open(tmp_path / "old.duckdb") as old:
        old.con.execute("insert into candidate_pairs values"
                        " ('run-1', 'hop1', 'E1', 'B1', 3.5, 0.9, null, [1, 2]::tinyint[])")
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    # Opened read-only (`linkage explain`, a report), it is not migrated: its table is read
    # under today's names.
    with Store.open(tmp_path / "old.duckdb", read_only=True) as old:
        assert old.schema_version() == 15
        assert old.con.execute("select left_id, pair_row from candidate_pairs").fetchall() == [("E1", 0)]
        assert old.con.execute("select carried_until from scored_pairs").fetchall() == [(None,)]
    with Store.open(tmp_path / "old.duckdb") as migrated:
        assert migrated.con.execute(
            "select run_id, hop, left_id, right_id, match_weight, levels from candidate_pairs").fetchall() == [
            ("run-1", "hop1", "E1", "B1", 3.5, [1, 2])]
        assert migrated.con.execute("select carried_until from scored_pairs").fetchall() == [(None,)]
