"""The stages of `linkage.pipeline` as Prefect tasks, one set for every flow (`linkage run`,
the weekly deployment, the intake).

    >>> pairs = hop1(db_path, run_id, config_path, retrain=False)   # inside a flow

Tasks pass the store's path and the run ID, never DataFrames or connections (Prefect would
hash them); each opens the store, does one stage, and closes it. A task that meets a busy
store (`StoreBusy`, DuckDB's own file lock) is retried after 10, 30 and 90 s; any other error
fails it at once. `linkage run` and the served flows had each their own copy of these tasks,
and only the served ones waited for a busy store.
"""

from __future__ import annotations

import duckdb
from prefect import task
from prefect.cache_policies import NO_CACHE

from linkage import pipeline
from linkage.config import load_config
from linkage.service.lock import StoreBusy
from linkage.store import Store

RETRIES = {"retries": 3, "retry_delay_seconds": [10, 30, 90]}


def transient(task, task_run, state) -> bool:
    """Retry only what waiting can fix: a busy store, DuckDB's own file lock."""
    try:
        state.result()
    except StoreBusy:
        return True
    except duckdb.IOException as exc:  # DuckDB's own word for another process's lock, not any path with "lock"
        return "could not set lock" in str(exc).lower()
    except BaseException:
        return False
    return False


def open_store(db_path: str) -> Store:
    return Store.open(db_path)


@task(name="hop 1: report entry → jail booking", cache_policy=NO_CACHE,
      retry_condition_fn=transient, **RETRIES)
def hop1(db_path: str, run_id: str, config_path: str | None, retrain: bool) -> int:
    with open_store(db_path) as store:
        return pipeline.match_entries_to_bookings(store, run_id, load_config(config_path), retrain=retrain)


@task(name="hop 2: release → ICE book-in", cache_policy=NO_CACHE,
      retry_condition_fn=transient, **RETRIES)
def hop2(db_path: str, run_id: str, config_path: str | None, retrain: bool, resumed: bool = False) -> int:
    """`resumed`: hop 1 ran in an earlier process, whose note of hop 1's candidates is gone."""
    config = load_config(config_path)
    with open_store(db_path) as store:
        if resumed:
            pipeline.record_hop1_candidates(store, run_id, config)
        return pipeline.match_releases_to_book_ins(store, run_id, config, retrain=retrain)


@task(name="reconcile outcomes", cache_policy=NO_CACHE, retry_condition_fn=transient, **RETRIES)
def reconcile(db_path: str, run_id: str, config_path: str | None) -> dict[str, float]:
    with open_store(db_path) as store:
        return pipeline.decide_outcomes(store, run_id, load_config(config_path))


@task(name="write outputs", cache_policy=NO_CACHE, retry_condition_fn=transient, **RETRIES)
def write_outputs(db_path: str, run_id: str, out_dir: str | None) -> dict[str, str]:
    with open_store(db_path) as store:
        return {k: str(v) for k, v in pipeline.finish_run(store, run_id, out_dir=out_dir).items()}
