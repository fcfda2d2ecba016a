"""Reconcile leaves out the hop-1 pairs far below their entry's best (`units.NEGLIGIBLE_BITS`):
on the demo world that changes no verdict, booking or reason, and no probability by more than
the outcomes' last stored place, against a reconcile that keeps every pair."""

from __future__ import annotations

import shutil

from linkage import units
from linkage.config import load_config
from linkage.reconcile import reconcile
from linkage.store import Store
from tests.test_review import built_demo

_OUTCOMES = """select entry_id, outcome, booking_uid, custody_id, duplicate_of, reasons, confidence, p_transferred,
                      p_other_agency, p_declined, p_in_custody, p_no_record from outcomes where run_id = ? order by entry_id"""


def _reconciled(store: Store, run_id: str) -> tuple[list[tuple], dict[tuple[str, str], float]]:
    """The run's outcomes, and each pair reconcile kept with its fitted P(booking)."""
    reconcile(store, run_id, load_config())
    con = store.con
    posteriors = dict(((e, b), p) for e, b, p in con.execute(
        "select entry_id, booking_uid, p_booking from work.entry_booking").fetchall())
    return con.execute(_OUTCOMES, [run_id]).fetchall(), posteriors


def test_pairs_left_out_as_negligible_change_no_verdict(tmp_path, monkeypatch):
    shutil.copy(built_demo(), tmp_path / "demo.duckdb")
    with Store.open(tmp_path / "demo.duckdb") as store:
        run_id = store.con.execute("select run_id from runs where status = 'done'"
                                   " order by started_at desc limit 1").fetchall()[0][0]
        with monkeypatch.context() as every_pair:
            every_pair.setattr(units, "NEGLIGIBLE_BITS", 100_000)
            whole, every = _reconciled(store, run_id)
        cut, kept = _reconciled(store, run_id)
    left_out = [p for pair, p in every.items() if pair not in kept]
    assert len(left_out) > 0.2 * len(every) and len(kept) + len(left_out) == len(every)
    # What the left-out pairs were worth when kept: far below anything a verdict shows.
    assert max(left_out) < 1e-6
    assert len(cut) == len(whole) > 100
    for a, b in zip(cut, whole, strict=True):
        assert a[:6] == b[:6]  # entry, outcome, booking, book-in, duplicate, reasons
        assert max(abs(x - y) for x, y in zip(a[6:], b[6:], strict=True)) <= 1e-4 + 1e-12
