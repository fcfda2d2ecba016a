"""The stages of one reconciliation run, callable without Prefect (tests, notebooks, benchmarks).

    >>> run_id = start_run(store, config)
    >>> match_entries_to_bookings(store, run_id, config)     # hop 1
    >>> match_releases_to_book_ins(store, run_id, config)    # hop 2
    >>> decide_outcomes(store, run_id, config)               # reconcile
    >>> finish_run(store, run_id, out_dir="out/")            # outcomes.csv, report.html, ...

`flows/reconcile.py` runs the same functions as Prefect tasks; `run_all` chains them here.
Each stage takes the store and the run ID, and leaves its results in tables. Scratch work
(Splink's tables, the `work` schema) happens outside transactions — Splink cannot run inside
one — but each stage's durable writes (models, scored_pairs, outcomes) land in a single
transaction: a run killed half-way leaves whole stages or nothing, and its `runs.status`
stays 'running' until `finish_run` marks it done.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import socket
from datetime import datetime
from pathlib import Path
from typing import Any

from linkage.clocks import clock_warning, log_clock_findings
from linkage.config import Config
from linkage.errors import LinkageError
from linkage.files import private_dir
from linkage.match import hop2
from linkage.match.decoys import score_decoy_windows
from linkage.match.model import HOPS, train_or_load
from linkage.match.score import drop_kept_predictions, score_hop
from linkage.match.searched import note_searched
from linkage.reconcile import reconcile
from linkage.store import Store
from linkage.units import write_plausible_bookings

log = logging.getLogger(__name__)


class NothingToReconcile(LinkageError):
    """The store holds no report entries (or no release logs) yet."""


def run_inputs(store: Store) -> dict[str, Any]:
    """The submissions a run reads: id, kind, jurisdiction and sha256 of every stored file, and
    the IDs of the release logs refused."""
    rows = store.con.execute(
        """
        select submission_id, kind, jurisdiction, sha256 from submissions
        where status = 'stored' order by submission_id
        """
    ).fetchall()
    # The release logs refused by then: their counties' entries are unchecked (a replay reads them).
    refused = [r[0] for r in store.con.execute(
        "select submission_id from submissions where kind = 'releases' and status = 'refused' order by 1").fetchall()]
    return {"submissions": [dict(zip(("id", "kind", "jurisdiction", "sha256"), r, strict=True)) for r in rows],
            "refused": refused}


def submissions_read(inputs: dict[str, Any]) -> list[int]:
    """The IDs of the stored submissions a run read, from its recorded `run_inputs`."""
    return [int(s["id"]) for s in inputs.get("submissions", [])]


def code_versions() -> dict[str, str]:
    """Versions of the code a run used: linkage (and its git commit), the libraries, Python."""
    from importlib.metadata import version

    names = ["linkage", "splink", "duckdb", "prefect", "pydantic", "numpy", "pyarrow", "python-calamine"]
    found = {name: version(name) for name in names}
    found["python"] = platform.python_version()
    if commit := _source_commit():
        found["linkage_commit"] = commit
    return found


def _source_commit() -> str | None:
    """The git commit of the code running, where it runs from a checkout (an editable
    install); None from a built package. Uncommitted edits are not seen."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    if not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip() if done.returncode == 0 else ""
    return commit or None


def start_run(store: Store, config: Config, *, out_dir: str | Path | None = None) -> str:
    """Record a new run with its inputs, config hash, versions and seed; returns its ID."""
    for table, what in (("report_entries", "report entries"), ("bookings", "jail release logs")):
        if store.count(table) == 0:
            raise NothingToReconcile(f"the store holds no {what}: submit them first (linkage submit)")
    inputs = run_inputs(store)
    stamp = datetime.now()
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:8]
    run_id = f"run-{stamp:%Y%m%d-%H%M%S-%f}-{digest}"
    mark_abandoned_runs(store)
    store.con.execute(
        """
        insert into runs (run_id, started_at, status, config_hash, seed, inputs, versions, out_dir,
                          config_json, pid, host)
        values (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            run_id,
            stamp,
            config.config_hash(),
            config.seed,
            json.dumps(inputs),
            json.dumps(code_versions()),
            # Absolute: `linkage review apply` rewrites the files there, from whatever folder.
            str(Path(out_dir).resolve()) if out_dir else None,
            config.model_dump_json(),
            os.getpid(),
            socket.gethostname(),
        ],
    )
    return run_id


def mark_abandoned_runs(store: Store) -> int:
    """Runs still 'running' whose process on this host is gone were killed: say so."""
    dead = store.abandoned_runs()
    for run_id in dead:
        store.con.execute("update runs set status = 'abandoned' where run_id = ?", [run_id])
    return len(dead)


def train_hop(store: Store, hop: str, config: Config, *, retrain: bool = False) -> str | None:
    """A hop's inputs (its `work` tables) and the model for them: the latest saved one that
    fits, or one trained now. None for hop 2 without an ICE extract.

        >>> model_id = train_hop(store, "hop1", config)
    """
    HOPS[hop].module.prepare_inputs(store)
    if hop == "hop2" and store.count("book_ins") == 0:
        return None
    return train_or_load(store, HOPS[hop], config, inputs=run_inputs(store), retrain=retrain)


def _model_for(store: Store, hop: str, config: Config, *, retrain: bool, model_id: str | None) -> str | None:
    """The model a hop scores with: `model_id` as given, else `train_hop`'s. (Hop 2 given
    None, which `train_hop` returns without an extract, prepares its few inputs again.)"""
    if model_id is None:
        return train_hop(store, hop, config, retrain=retrain)
    if retrain:
        raise ValueError(f"{hop}: model_id given; pass retrain=True to train_hop instead")
    return model_id


def match_entries_to_bookings(
    store: Store, run_id: str, config: Config, *, retrain: bool = False, model_id: str | None = None
) -> int:
    """Hop 1: score every candidate booking of every report entry. Returns the pair count.
    `model_id`: what `train_hop` gave just before; the hop's work tables must be the ones it
    built, for nothing is prepared again (a benchmark times training on its own, and must not
    prepare 10 M bookings twice)."""
    model_id = _model_for(store, "hop1", config, retrain=retrain, model_id=model_id)
    store.con.execute("update runs set hop1_model = ? where run_id = ?", [model_id, run_id])
    drop_kept_predictions(store, "hop1")
    # Kept until reconcile has chosen the pairs its verdicts rest on (their evidence JSON).
    pairs = score_hop(store, HOPS["hop1"], model_id, run_id=run_id, engine=config.engine, keep=True)
    record_hop1_candidates(store, run_id, config)
    return pairs


def record_hop1_candidates(store: Store, run_id: str, config: Config) -> None:
    """The bookings hop 2 searches: those a listed entry plausibly describes (a scratch table
    rebuilt from the stored pairs, so a run resumed after hop 1 can rebuild it too). The
    table's run is noted beside it: the next incremental week re-uses the set
    (`searched.searched_by`) instead of recomputing it over every hop-1 pair."""
    store.con.execute("create schema if not exists work")
    write_plausible_bookings(store, run_id, config, hop2.CANDIDATE_RELEASES)
    note_searched(store, run_id)


def match_releases_to_book_ins(
    store: Store, run_id: str, config: Config, *, retrain: bool = False, model_id: str | None = None
) -> int:
    """Hop 2: score ICE book-ins against the releases that hop 1 found. Returns the pair count.
    `model_id`: as for `match_entries_to_bookings`."""
    model_id = _model_for(store, "hop2", config, retrain=retrain, model_id=model_id)
    if model_id is None:
        # No ICE extract: every release keeps only its release reason as evidence.
        store.con.execute("update runs set hop2_model = null where run_id = ?", [run_id])
        score_decoy_windows(store, run_id, config)  # none: an earlier run's must not linger
        return 0
    store.con.execute("update runs set hop2_model = ? where run_id = ?", [model_id, run_id])
    pairs = score_hop(store, HOPS["hop2"], model_id, run_id=run_id, engine=config.engine)
    score_decoy_windows(store, run_id, config)
    return pairs


def decide_outcomes(store: Store, run_id: str, config: Config) -> dict[str, object]:
    """Reconcile: one outcome per entry with its probability, duplicates and stale flags; the
    fitted priors, with the logs whose clock is not ICE's (`clocks.log_clock_findings`), go
    into the run's manifest."""
    fitted = reconcile(store, run_id, config)
    # A log on another clock than ICE's extract loses its hand-overs in hop 2: named, not mended.
    # Here and not in reconcile, which `linkage trace` replays: the inputs are checked once a run.
    fitted["log_clocks"] = log_clock_findings(store)
    for finding in fitted["log_clocks"]:
        log.warning("%s", clock_warning(finding))
    store.con.execute("update runs set fitted = ? where run_id = ?", [json.dumps(fitted), run_id])
    return fitted


def write_run_files(store: Store, run_id: str, out_dir: str | Path, *, matches: bool = True) -> dict[str, Path]:
    """Write the run's output files (outcomes.csv, jurisdictions.csv, matches.parquet,
    outcomes.json, report.html) into `out_dir`; returns their paths. `matches=False`: all but
    matches.parquet, which holds the pairs (27 s nationally), not the verdicts."""
    from linkage.report.html import write_report
    from linkage.report.tables import write_outputs

    out = private_dir(out_dir)
    written = dict(write_outputs(store, run_id, out, matches=matches))
    written["report.html"] = write_report(store, run_id, out / "report.html")
    return written


def rewrite_run_files(store: Store, run_id: str) -> Path | None:
    """Write the run's output files again where the run wrote them, after its stored outcomes
    changed (`linkage review apply`): the folder, if it still holds this run's outputs (its
    outcomes.json names the run). Returns the folder, or None when there is none to rewrite."""
    rows = store.con.execute("select out_dir from runs where run_id = ?", [run_id]).fetchall()
    if not rows or not rows[0][0]:
        return None
    out = Path(rows[0][0])
    try:
        with open(out / "outcomes.json", encoding="utf-8") as fh:
            if json.load(fh).get("run_id") != run_id:
                return None  # the folder now holds another run's outputs: leave them
    except (OSError, ValueError):
        return None
    write_run_files(store, run_id, out, matches=False)  # decisions change verdicts, not pairs
    return out


def finish_run(store: Store, run_id: str, *, out_dir: str | Path | None = None) -> dict[str, Path]:
    """Write the run's output files (when out_dir is given) and mark it done."""
    written = write_run_files(store, run_id, out_dir) if out_dir is not None else {}
    store.con.execute(
        "update runs set status = 'done', finished_at = current_timestamp where run_id = ?", [run_id]
    )
    return written


def run_all(
    store: Store, config: Config, *, out_dir: str | Path | None = None, retrain: bool = False
) -> str:
    """Every stage in order, without Prefect. Returns the run ID."""
    run_id = start_run(store, config, out_dir=out_dir)
    match_entries_to_bookings(store, run_id, config, retrain=retrain)
    match_releases_to_book_ins(store, run_id, config, retrain=retrain)
    decide_outcomes(store, run_id, config)
    finish_run(store, run_id, out_dir=out_dir)
    return run_id
