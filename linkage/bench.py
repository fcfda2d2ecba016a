"""End-to-end benchmark on a generated world: time, memory and pairs of every stage.

    python -m linkage.bench --scale 0.01 --out bench-0.01.json
    linkage bench --scale 0.1 --engine duckdb --out bench-0.1.json

    >>> figures = run_bench(0.01, root="bench-worlds")
    >>> figures["total_seconds"], figures["ratio_to_load"]

Runs ingest -> train -> hop 1 -> hop 2 -> reconcile -> report with the library stages of
`linkage.pipeline` (no Prefect) in a fresh store, and prints per stage wall time, peak RSS of
the process (and its children: Spark's JVM), rows, candidate pairs and pairs/s. It also
times DuckDB alone loading the same CSV files (`read_csv` into tables): the floor any run
over these files pays, and the yardstick of the whole run. Last, it runs the Python Record
Linkage Toolkit on hop 2's inputs with the same blocking and puts both times and both
F1s (against the world's `links.csv`) side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from linkage.config import Config, load_config
from linkage.cursors import each_on_cursors
from linkage.synth.params import scale_argument

MB = 1 << 20


# --- DuckDB settings --------------------------------------------------------------------


@dataclass(frozen=True)
class DuckDBSettings:
    """Threads, memory limit and spill folder of the store's connection (docs/scale.md).

        >>> apply_duckdb_settings(store.con, DuckDBSettings(memory_limit="6GB"))
    """

    threads: int = 0
    """0: one per core (DuckDB's default)."""
    memory_limit: str = "6GB"
    """Below the 8 GB RSS budget: DuckDB's buffer pool, not counting Python's own heap."""
    temp_directory: str | None = None
    """Where DuckDB spills when a join or sort outgrows the limit (default: next to the store)."""
    preserve_insertion_order: bool = False
    """Off: lets big CREATE TABLE AS SELECTs stream without holding rows in order."""

    def statements(self) -> list[str]:
        out = [f"set memory_limit = '{self.memory_limit}'"]
        if self.threads:
            out.append(f"set threads = {self.threads}")
        if self.temp_directory:
            out.append(f"set temp_directory = '{self.temp_directory}'")
        out.append(f"set preserve_insertion_order = {str(self.preserve_insertion_order).lower()}")
        return out


def apply_duckdb_settings(con: duckdb.DuckDBPyConnection, settings: DuckDBSettings) -> None:
    """Apply `settings` to an open connection (they last as long as the connection)."""
    for statement in settings.statements():
        con.execute(statement)


# --- measuring --------------------------------------------------------------------------


def _rss_now() -> int:
    """Resident bytes of this process and its children (Spark runs a JVM child)."""
    try:
        import psutil
    except ImportError:  # psutil is optional: fall back to the kernel's high-water mark
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    proc = psutil.Process()
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total


class RssSampler:
    """Peak RSS over a block, sampled every 50 ms (getrusage alone gives only the lifetime peak).

        >>> with RssSampler() as rss: work()
        >>> rss.peak_mb
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_now())
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self.peak = _rss_now()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_now())

    @property
    def peak_mb(self) -> float:
        return self.peak / MB


@dataclass
class Stage:
    """One stage's figures."""

    name: str
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    rows: int = 0
    pairs: int = 0
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def pairs_per_second(self) -> float:
        return self.pairs / self.seconds if self.seconds > 0 and self.pairs else 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"pairs_per_second": round(self.pairs_per_second, 1)}


@contextlib.contextmanager
def measure(stages: list[Stage], name: str, con: duckdb.DuckDBPyConnection | None = None) -> Iterator[Stage]:
    """Time a block and sample its RSS; the caller fills rows, pairs and notes. With `con`,
    the notes also say what DuckDB still holds in memory after the stage, by kind (its
    `duckdb_memory()`): what the next stage's memory limit is shared with."""
    stage = Stage(name)
    with RssSampler() as rss:
        started = time.perf_counter()
        yield stage
        stage.seconds = round(time.perf_counter() - started, 3)
    stage.peak_rss_mb = round(rss.peak_mb, 1)
    if con is not None:
        stage.notes["duckdb_memory_mb"] = {
            tag: round(n / 1e6) for tag, n in con.execute(
                "select tag, memory_usage_bytes from duckdb_memory() where memory_usage_bytes >= 1e6"
                " order by memory_usage_bytes desc").fetchall()}
    stages.append(stage)
    held = stage.notes.get("duckdb_memory_mb")
    print(_line(stage) + (f"   duckdb holds {held}" if held else ""), flush=True)


def _line(stage: Stage) -> str:
    pps = f"{stage.pairs_per_second:>12,.0f}" if stage.pairs else f"{'':>12}"
    return (f"  {stage.name:<16}{stage.seconds:>9.2f} s {stage.peak_rss_mb:>9,.0f} MB"
            f" {stage.rows:>12,} rows {stage.pairs:>12,} pairs {pps} pairs/s")


# --- worlds -----------------------------------------------------------------------------


def world_for(scale: float | str, seed: int, root: Path) -> tuple[Path, float | None]:
    """The world of (scale, seed) under `root`, generated unless a complete one is there.
    Returns its folder and the generation time (None when reused)."""
    from linkage.synth import generate_world

    folder = root / f"world-{scale}-{seed}"
    marker = folder / "world.json"
    if marker.exists():
        world = json.loads(marker.read_text())
        if world.get("seed") == seed and str(world["params"]["scale"]) == str(scale):
            return folder, None
    started = time.perf_counter()
    generate_world(folder, seed=seed, scale=scale)
    return folder, round(time.perf_counter() - started, 2)


def release_files(world: Path) -> list[Path]:
    """A generated world's release logs (CSV and XLSX), in name order: `release_files(world)[0]`."""
    return sorted(p for p in (world / "releases").iterdir() if p.suffix in (".csv", ".xlsx"))


def duckdb_load(world: Path, workdir: Path, settings: DuckDBSettings) -> tuple[float, int]:
    """Seconds DuckDB alone needs to `read_csv` every input file into tables, and the rows.

    Each file goes into a table of its own, all text, in a fresh database file: no header
    mapping, no validation, no normalising: the floor of any run over these files. Files are
    read on as many threads as the run's own ingest reads them (`cursors.each_on_cursors`)."""
    path = workdir / "load-only.duckdb"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    apply_duckdb_settings(con, settings)
    # (XLSX, in demo worlds only, is no DuckDB read_csv.)
    files = [f for f in [world / "reports.csv", world / "custody.csv", *release_files(world)] if f.suffix == ".csv"]
    counted: list[int] = []

    def load(cur: duckdb.DuckDBPyConnection, numbered: tuple[int, Path]) -> int:
        i, file = numbered
        quoted = str(file).replace("'", "''")  # county names like ST. MARY'S
        source = f"read_csv('{quoted}', all_varchar = true"
        try:
            cur.execute(f"create table t{i} as select * from {source})")
        except duckdb.InvalidInputException:
            # Windows-1252 logs: DuckDB reads them as latin-1 (same bytes for letters).
            cur.execute(f"create or replace table t{i} as select * from {source}, encoding = 'latin-1')")
        return cur.execute(f"select count(*) from t{i}").fetchall()[0][0]

    started = time.perf_counter()
    each_on_cursors(con, list(enumerate(files)), load, finish=lambda cur, rows: counted.extend(rows))
    seconds = time.perf_counter() - started
    con.close()
    path.unlink(missing_ok=True)
    return round(seconds, 3), sum(counted)


# --- the run ----------------------------------------------------------------------------


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> int:
    return con.execute(sql, params or []).fetchall()[0][0]


def run_stages(
    store, world: Path, config: Config, out_dir: Path, stages: list[Stage]
) -> str:
    """Ingest `world` into `store` and run every stage, one `Stage` each. Returns the run ID.

    Training is timed on its own (`pipeline.train_hop`: the hop's inputs and its model), and
    the hop stage then scores with that model, as the pipeline's hop functions do in one."""
    from linkage.ingest import submit
    from linkage.match import hop1, hop2
    from linkage.pipeline import (
        decide_outcomes,
        finish_run,
        match_entries_to_bookings,
        match_releases_to_book_ins,
        start_run,
        train_hop,
    )

    con = store.con
    with measure(stages, "ingest", con) as stage:
        results = []
        results += submit(store, "reports", world / "reports.csv", config=config)
        # (Hennepin's header map is committed in configs/headers/, as for real submissions.)
        results += submit(store, "releases", world / "releases", config=config)
        results += submit(store, "custody", world / "custody.csv", config=config)
        stage.rows = sum(r.rows_read for r in results)
        stage.notes = {"stored": sum(r.rows_stored for r in results),
                       "quarantined": sum(r.rows_quarantined for r in results),
                       "refused": [r.file_name for r in results if r.status == "refused"]}
    with measure(stages, "train hop 1", con) as stage:
        model_1 = stage.notes["model"] = train_hop(store, "hop1", config)
        stage.rows = _count(con, f"select count(*) from work.{hop1.LEFT}") + _count(
            con, f"select count(*) from work.{hop1.RIGHT}")
    run_id = start_run(store, config, out_dir=out_dir)
    with measure(stages, "hop 1", con) as stage:
        stage.pairs = match_entries_to_bookings(store, run_id, config, model_id=model_1)
        stage.rows = _count(con, f"select count(*) from work.{hop1.LEFT}") + _count(
            con, f"select count(*) from work.{hop1.RIGHT}")
    with measure(stages, "train hop 2", con) as stage:
        model_2 = stage.notes["model"] = train_hop(store, "hop2", config)
        stage.rows = _count(con, f"select count(*) from work.{hop2.LEFT}") + _count(
            con, f"select count(*) from work.{hop2.RIGHT}")
    with measure(stages, "hop 2", con) as stage:
        stage.pairs = match_releases_to_book_ins(store, run_id, config, model_id=model_2)
        stage.rows = stages[-1].rows
    with measure(stages, "reconcile", con) as stage:
        fitted = decide_outcomes(store, run_id, config)
        # Scalar priors only (per-jurisdiction maps would swamp the JSON); keys follow reconcile.
        stage.notes["priors"] = {k: v for k, v in fitted.items() if not isinstance(v, dict)}
        stage.rows = _count(con, "select count(*) from outcomes where run_id = ?", [run_id])
    with measure(stages, "report", con) as stage:
        written = finish_run(store, run_id, out_dir=out_dir)
        stage.rows = stages[-1].rows
        stage.notes["files"] = sorted(written)
    return run_id


def run_bench(
    scale: float | str,
    *,
    seed: int = 7,
    root: str | Path | None = None,
    engine: str = "duckdb",
    duckdb_settings: DuckDBSettings | None = None,
    recordlinkage: bool = True,
    keep: bool = False,
) -> dict[str, Any]:
    """Generate (or reuse) the world of `scale`, run every stage, and return the figures."""
    from linkage.store import Store

    root = Path(root or os.environ.get("LINKAGE_BENCH_DIR") or Path(tempfile.gettempdir()) / "linkage-bench")
    root.mkdir(parents=True, exist_ok=True)
    world, generated = world_for(scale, seed, root)
    workdir = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    settings = duckdb_settings or DuckDBSettings(temp_directory=str(workdir / "spill"))
    config = load_config()
    if engine != "duckdb":
        config = config.model_copy(update={"engine": engine})
    print(f"world {world} (scale {scale}, seed {seed})"
          + (f": generated in {generated:.1f} s" if generated is not None else ": reused"), flush=True)
    load_seconds, load_rows = duckdb_load(world, workdir, settings)
    print(f"  {'duckdb load':<16}{load_seconds:>9.2f} s  ({load_rows:,} rows, read_csv only)", flush=True)

    from linkage.match.spark import engine as scoring_engine
    from linkage.match.spark import stop_session

    stages: list[Stage] = []
    store = Store.open(workdir / "bench.duckdb")
    try:
        apply_duckdb_settings(store.con, settings)
        started = time.perf_counter()
        # Over any $LINKAGE_ENGINE of the shell: the bench measures the engine it was given.
        with scoring_engine(engine):
            try:
                run_id = run_stages(store, world, config, workdir / "out", stages)
            finally:
                stop_session()
        total = round(time.perf_counter() - started, 3)
        quality = _quality(store, run_id, world, workdir / "out")
        comparison = None
        if recordlinkage:
            from linkage.bench_rl import compare_hop2

            comparison = compare_hop2(store, run_id, world, splink_seconds=_hop2_seconds(stages))
    finally:
        store.close()
    input_rows = stages[0].rows
    figures = {
        "scale": scale, "seed": seed, "engine": engine, "world": str(world),
        "generated_seconds": generated,
        "duckdb_settings": asdict(settings),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                    "duckdb": duckdb.__version__},
        "input_rows": input_rows,
        "duckdb_load_seconds": load_seconds,
        "duckdb_load_rows": load_rows,
        "stages": [s.as_dict() for s in stages],
        "total_seconds": total,
        "peak_rss_mb": max(s.peak_rss_mb for s in stages),
        "ratio_to_load": round(total / load_seconds, 2) if load_seconds else None,
        "microseconds_per_input_row": round(1e6 * total / max(input_rows, 1), 2),
        "quality": quality,
        "recordlinkage": comparison,
    }
    _print_summary(figures)
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return figures


def _hop2_seconds(stages: list[Stage]) -> float:
    return sum(s.seconds for s in stages if s.name in ("train hop 2", "hop 2"))


def _quality(store, run_id: str, world: Path, out_dir: Path) -> dict[str, Any]:
    """Outcome metrics against truth.csv, and hop 2's link F1 against links.csv."""
    from linkage.evaluate import evaluate, transfer_errors_by_hop
    from linkage.match.labels import expected_errors

    metrics = evaluate(world / "truth.csv", out_dir / "outcomes.csv")
    t = metrics["transferred_to_ice"]
    expected = expected_errors(store, run_id)
    quality = {"transferred_f1": round(t["f1"], 4), "precision": round(t["precision"], 4),
               "recall": round(t["recall"], 4), "decided_accuracy": round(metrics["decided_accuracy"], 4),
               "needs_review_share": round(metrics["needs_review_share"], 4),
               "brier_skill": round(metrics["brier_skill"], 4),
               # Issue 6: the posteriors' own estimate of the errors, beside the real ones.
               "false_transfers": {"expected": expected["expected_false_transfers"], "real": t["fp"]},
               "missed_transfers": {"expected": expected["expected_missed_transfers"], "real": t["fn"]},
               "transfer_errors_by_hop": transfer_errors_by_hop(store.con, run_id, world / "truth.csv")}
    if (world / "links.csv").exists():
        from linkage.bench_rl import hop2_f1, splink_links

        quality["hop2_links"] = hop2_f1(store, world, splink_links(store, run_id))
    return quality


def _print_summary(f: dict[str, Any]) -> None:
    print(f"  {'total':<16}{f['total_seconds']:>9.2f} s {f['peak_rss_mb']:>9,.0f} MB"
          f" {f['input_rows']:>12,} rows  = {f['ratio_to_load']}x the DuckDB load,"
          f" {f['microseconds_per_input_row']} us per input row")
    q = f["quality"]
    print(f"  quality: transferred F1 {q['transferred_f1']} (precision {q['precision']}, recall"
          f" {q['recall']}), decided accuracy {q['decided_accuracy']}, needs_review"
          f" {q['needs_review_share']}, Brier skill {q['brier_skill']}")
    print(f"  false transfers: expected {q['false_transfers']['expected']}, real {q['false_transfers']['real']};"
          f" missed transfers: expected {q['missed_transfers']['expected']}, real {q['missed_transfers']['real']}")
    if by_hop := q.get("transfer_errors_by_hop"):
        print(f"  of {by_hop['verdicts']} transfer verdicts: booking wrong expected {by_hop['hop1']['expected']},"
              f" real {by_hop['hop1']['real']} ({by_hop['hop1']['real_not_transferred']} no transfer);"
              f" right booking, no hand-over expected {by_hop['hop2']['expected']}, real {by_hop['hop2']['real']}")
    rl = f.get("recordlinkage")
    if rl:
        print(f"  hop 2     {'splink':>12} {'recordlinkage':>14}")
        print(f"  seconds   {rl['splink_seconds']:>12.2f} {rl['rl_seconds']:>14.2f}"
              f"   (x{rl['speedup']:.1f})")
        print(f"  pairs     {rl['splink_pairs']:>12,} {rl['rl_pairs']:>14,}")
        print(f"  F1        {rl['splink_f1']['f1']:>12.4f} {rl['rl_f1']['f1']:>14.4f}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """`python -m linkage.bench --scale S [--seed N] [--out FILE] [--engine duckdb|spark]`"""
    parser = argparse.ArgumentParser(prog="python -m linkage.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=scale_argument, default="0.01", help="'demo', 'national' or a fraction of it (0.01, 0.1)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--root", type=Path, help="worlds and scratch stores (default $TMPDIR/linkage-bench)")
    parser.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"])
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--no-recordlinkage", action="store_true", help="skip the recordlinkage comparison")
    parser.add_argument("--keep", action="store_true", help="keep the scratch store and outputs")
    args = parser.parse_args(argv)
    settings = None
    if args.threads or args.memory_limit != "6GB":
        settings = DuckDBSettings(threads=args.threads, memory_limit=args.memory_limit)
    figures = run_bench(args.scale, seed=args.seed, root=args.root, engine=args.engine, duckdb_settings=settings,
                        recordlinkage=not args.no_recordlinkage, keep=args.keep)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1, default=str) + "\n")
        print(f"wrote {args.out}")
    return figures


if __name__ == "__main__":
    main()
