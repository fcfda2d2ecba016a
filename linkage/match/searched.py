"""Which releases hop 2 searches (`hop2.CANDIDATE_RELEASES`), and for which run.

    >>> note_searched(store, run_id)       # after a run wrote its plausible bookings there
    >>> searched_by(store, run_id)         # an incremental week re-uses them if True
    True

A run's set is the bookings some entry plausibly describes (`units.write_plausible_bookings`),
noted with the run's ID so that the next incremental week re-uses it instead of recomputing it
over every hop-1 pair. Anything else written into the table (training or rescoring with
auditors' labels) goes through `write_candidate_releases`, which drops the note.
"""

from __future__ import annotations

from linkage.match.hop2 import CANDIDATE_RELEASES
from linkage.store import Store

SEARCHED_FOR = "hop1_candidate_bookings_run"
"""Work table noting the run whose searched set `CANDIDATE_RELEASES` holds."""


def note_searched(store: Store, run_id: str) -> None:
    """Note that `CANDIDATE_RELEASES` now holds the bookings hop 2 searches for `run_id`."""
    store.con.execute(f"create or replace table work.{SEARCHED_FOR} as select ?::varchar as run_id", [run_id])


def searched_by(store: Store, run_id: str) -> bool:
    """Whether `CANDIDATE_RELEASES` holds the bookings hop 2 searched for `run_id`."""
    if not store.table_exists(SEARCHED_FOR):  # a store from before the note was kept
        return False
    return store.con.execute(f"select run_id from work.{SEARCHED_FOR}").fetchall() == [(run_id,)]


def write_candidate_releases(store: Store, select_sql: str, params: dict | None = None) -> None:
    """`CANDIDATE_RELEASES` as `select_sql` (uid) gives it, for other than a run's search
    (training or rescoring with auditors' labels): then it is no run's searched set, and the
    note goes too (an incremental week had taken such a set for its previous run's and left
    newly plausible releases unsearched)."""
    store.con.execute(f"create or replace table {CANDIDATE_RELEASES} as {select_sql}", params or {})
    store.con.execute(f"drop table if exists work.{SEARCHED_FOR}")
