"""A run whose outcomes took auditors' decisions still replays: `linkage review apply` after
the run, then `explain` and `verify-run` reproduce every verdict (the decisions apply used,
not those taken before the run finished, nor one recorded since and not applied).
A copy of the demo store of tests/test_review.py, the real CLI."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from tests.test_review import built_demo

runner = CliRunner()


def _cli(*args: str):
    return runner.invoke(app, [*args], env={"COLUMNS": "250"})


def test_a_decision_applied_after_the_run_still_replays(tmp_path):
    db = str(tmp_path / "store.duckdb")
    shutil.copy(built_demo(), db)
    entry = "DD20170128-0001"
    decided = _cli("review", "decide", entry, "--booking", "2017-010747", "--no-custody", "--by", "R. Diaz",
                   "--db", db)
    assert decided.exit_code == 0, decided.output
    assert _cli("review", "apply", "--db", db).exit_code == 0
    explained = _cli("explain", entry, "--db", db)
    assert explained.exit_code == 0, explained.output
    assert "transferred_to_other_agency" in explained.output and "NOT the stored verdict" not in explained.output
    # A later decision not applied yet is not what the run's outcomes took: still reproduced.
    assert _cli("review", "decide", entry, "--none", "--by", "second", "--db", db).exit_code == 0
    verified = _cli("verify-run", "--db", db)
    assert verified.exit_code == 0, verified.output


def test_a_run_that_never_reconciled_has_nothing_to_verify(tmp_path):
    # A run killed before reconcile: "-214 of 0 verdicts reproduced", after a line per entry.
    from linkage.config import load_config
    from linkage.pipeline import start_run
    from linkage.store import Store

    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    with Store.open(db) as store:
        killed = start_run(store, load_config())
    result = _cli("verify-run", "--run", killed, "--db", str(db))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    text = " ".join(result.output.split())
    assert f"run {killed} (running) has no verdicts to verify: it has not reconciled" in text, text
    assert "not in the stored outcomes" not in text and len(result.output.splitlines()) <= 3


def test_a_store_of_decisions_from_before_their_day_was_kept_replays_read_only(tmp_path):
    # `explain` and `verify-run` open a store read-only, so one last written before schema 12
    # is not migrated: its decisions have no decided_on, and every replay failed on a null reason.
    from linkage.review import apply_decisions, latest_run, record_decision
    from linkage.store import Store

    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    with Store.open(db) as store:
        record_decision(store, "DD20170128-0001", by="old auditor", none=True)
        apply_decisions(store, latest_run(store))
        store.con.execute("alter table decisions drop column decided_outcome")
        store.con.execute("alter table decisions drop column decided_on")
    result = _cli("verify-run", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "verdicts reproduced" in result.output


def _demo_with_its_run_edited(tmp_path, column: str, edit) -> str:
    """A copy of the demo store whose latest run's JSON `column` went through `edit`."""
    import json

    from linkage.review import latest_run
    from linkage.store import Store

    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)
    with Store.open(db) as store:
        run = latest_run(store)
        value = json.loads(store.con.execute(f"select {column}::varchar from runs where run_id = ?",
                                             [run]).fetchall()[0][0])
        edit(value)
        store.con.execute(f"update runs set {column} = ? where run_id = ?", [json.dumps(value), run])
    return str(db)


def test_a_run_made_with_settings_now_refused_says_so(tmp_path):
    # A run recorded with a setting this version bounds (prior_in_log = 1.0 was accepted
    # before session 34) met a validation traceback in `explain` and `verify-run`.
    db = _demo_with_its_run_edited(tmp_path, "config_json", lambda s: s["reconcile"].update(prior_in_log=1.0))
    result = _cli("verify-run", "--db", db)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "was made with settings this version refuses" in " ".join(result.output.split())


def test_a_run_of_other_code_says_so_beside_its_differences(tmp_path):
    # A run made by other code replays with today's: its warnings ("the code is now commit X,
    # the run used Y") were dropped, and verify-run listed differences with no word of why.
    from linkage.pipeline import code_versions

    if "linkage_commit" not in code_versions():
        pytest.skip("not running from a git checkout: no commit to compare")
    db = _demo_with_its_run_edited(tmp_path, "versions", lambda v: v.update(linkage_commit="0123456789abcdef"))
    result = _cli("verify-run", "--db", db)
    assert result.exit_code == 0, result.output
    assert "! the code is now commit" in result.output and "the run used 0123456789ab" in result.output


def test_an_entry_only_the_replay_has_is_no_verdict_of_the_run_that_failed():
    # "-214 of 0" once; and "8 of 10" where one of two differences was an entry the run never had.
    from linkage.trace import NOT_STORED, Verification

    found = Verification("run", 10, {"E1": ["outcome: stored 'a', replayed 'b'"], "E9": [NOT_STORED]}, [])
    assert (found.verdicts_reproduced, found.reproduced) == (9, False)
