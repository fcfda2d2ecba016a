"""`linkage review decide --custody C` names the ICE book-in that followed the chosen release:
one outside the release's hand-over window, or after a booking still held at the decline, is
refused (the outcome would ignore it while the pair became a "match" label). The demo store
of tests/test_review.py, the real CLI."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from linkage.cli import app
from linkage.store import Store
from tests.test_review import built_demo

runner = CliRunner()


def test_a_book_in_outside_the_hand_over_window_is_refused(tmp_path):
    db = tmp_path / "store.duckdb"
    shutil.copy(built_demo(), db)

    def decide(entry: str, *args: str):
        return runner.invoke(app, ["review", "decide", entry, "--by", "A", "--db", str(db), *args],
                             env={"COLUMNS": "250"})

    # PEREZ's book-in came a week after ANAYA's release (2017-002466): not its hand-over.
    late = decide("DD20170211-0010", "--booking", "2017-002466", "--custody", "D0F4CB92DD")
    assert late.exit_code == 1
    text = " ".join(late.output.split())
    assert "D0F4CB92DD was" in text and "h after booking 2017-002466's release" in text, text
    assert "outside the hand-over window (-1 to 72 h" in text, text
    held = decide("DD20170128-0007", "--booking", "2017-002049", "--custody", "D0F4CB92DD")
    assert held.exit_code == 1 and "still in custody at the decline" in held.output, held.output
    with Store.open(db, read_only=True) as store:
        assert store.count("decisions") == 0
    handed = decide("DD20170211-0010", "--booking", "2017-002457", "--custody", "49D9352F95")
    assert handed.exit_code == 0 and "transferred_to_ice" in handed.output, handed.output
