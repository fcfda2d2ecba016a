"""Benchmark of an incremental week: a world's last report week added to a store holding the rest.

    python -m linkage.bench_week --scale 0.1 --out week-0.1.json
    linkage run-week --bench --scale 0.1

    >>> figures = bench_week(0.1, root="bench-worlds")
    >>> figures["week"]["seconds"], figures["agreement"]["same_outcome"]

`split_world` cuts a generated world into `base/` (everything before its last report week)
and `week/` (that week's report entries, the release-log rows released - or booked and still
in custody - from that day on, and the week's ICE book-ins; later book-ins are dropped as
not yet arrived). The base is ingested and run in full (training the models); then
`linkage.incremental.run_week` adds the week, and a full run over the same store is the
reference its outcomes are compared with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from linkage.bench import RssSampler, release_files, world_for
from linkage.synth.params import scale_argument

LIVE = {"reports": ("report_entries", "report_week"),
        "releases": ("bookings", "coalesce(release_datetime, booking_date)"),
        "custody": ("book_ins", "book_in_datetime")}


def split_world(world: Path, out: Path, store, *, week_start: dt.date | None = None) -> dt.date:
    """Write `out/base` and `out/week` from `world`, whose files `store` holds (ingested whole).
    Returns the first day of the week. A file whose lines are not one record each (a line
    break inside a cell) stays whole in the base."""
    con = store.con
    if week_start is None:
        week_start = con.execute("select max(report_week) from report_entries").fetchall()[0][0]
    week_end = week_start + dt.timedelta(days=7)
    inputs = [("reports", world / "reports.csv"), ("custody", world / "custody.csv")]
    inputs += [("releases", path) for path in release_files(world)]
    for kind, path in inputs:
        table, when = LIVE[kind]
        rows = dict(con.execute(
            f"""select t.row_number, case when {when} >= ? and {when} < ? then 'week'
                                          when {when} >= ? then 'later' else 'base' end
                from {table} t join submissions s using (submission_id)
                where s.file_name = ? and s.kind = ?""",
            [week_start, week_end if kind == "custody" else dt.date.max, week_end, path.name, kind],
        ).fetchall())
        if path.suffix.lower() != ".csv":  # XLSX (demo worlds): kept whole in the base
            (out / "base" / path.relative_to(world)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, out / "base" / path.relative_to(world))
            continue
        lines = path.read_bytes().splitlines(keepends=True)
        parts: dict[str, list[bytes]] = {"base": [lines[0]], "week": [lines[0]]}
        whole = len(lines) - 1 != con.execute(
            "select max(rows_read) from submissions where file_name = ? and kind = ?", [path.name, kind]
        ).fetchall()[0][0]
        for number, line in enumerate(lines[1:], start=1):
            # Quarantined rows (no stored date) stay in the base, where they were submitted.
            part = "base" if whole else rows.get(number, "base")
            if part != "later":
                parts[part].append(line)
        for part, chunk in parts.items():
            if part == "week" and len(chunk) == 1:
                continue  # nothing new from this source this week
            target = out / part / path.relative_to(world)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"".join(chunk))
    for part in ("base", "week"):
        if (world / "headers").is_dir():
            shutil.copytree(world / "headers", out / part / "headers", dirs_exist_ok=True)
    return week_start


def week_files(folder: Path) -> dict[str, list[Path]]:
    """{kind: [paths]} of a week folder written by `split_world`."""
    files: dict[str, list[Path]] = {"reports": [], "releases": [], "custody": []}
    if (folder / "reports.csv").exists():
        files["reports"].append(folder / "reports.csv")
    if (folder / "releases").is_dir():
        files["releases"] = sorted((folder / "releases").iterdir())
    if (folder / "custody.csv").exists():
        files["custody"].append(folder / "custody.csv")
    return files


def agreement(store, run_a: str, run_b: str) -> dict[str, Any]:
    """How far two runs' outcomes agree: same outcome, same booking, largest probability gap."""
    row = store.con.execute(
        """select count(*), count(*) filter (where a.outcome = b.outcome),
                  count(*) filter (where a.booking_uid is not distinct from b.booking_uid),
                  max(abs(a.p_transferred - b.p_transferred))
           from outcomes a join outcomes b using (entry_id)
           where a.run_id = ? and b.run_id = ?""",
        [run_a, run_b],
    ).fetchall()[0]
    n = max(row[0], 1)
    return {"entries": row[0], "same_outcome": round(row[1] / n, 4), "same_booking": round(row[2] / n, 4),
            "max_p_transferred_gap": round(row[3] or 0.0, 4)}


def bench_week(scale: float | str, *, seed: int = 7, root: str | Path | None = None,
               keep: bool = False) -> dict[str, Any]:
    """Split the world of `scale`, run its base in full, time the incremental week, and compare
    the week's outcomes with a full run over the same store."""
    from linkage.config import load_config
    from linkage.incremental import run_week
    from linkage.ingest import submit_world
    from linkage.pipeline import run_all
    from linkage.store import Store

    root = Path(root or Path(tempfile.gettempdir()) / "linkage-bench")
    root.mkdir(parents=True, exist_ok=True)
    world, _ = world_for(scale, seed, root)
    workdir = Path(tempfile.mkdtemp(prefix="week-", dir=root))
    config = load_config()
    figures: dict[str, Any] = {"scale": scale, "seed": seed, "world": str(world)}
    try:
        with Store.open(workdir / "whole.duckdb") as store:
            submit_world(store, world, config=config)
            week_start = split_world(world, workdir / "split", store)
        (workdir / "whole.duckdb").unlink()
        figures["week_start"] = str(week_start)
        with Store.open(workdir / "bench.duckdb") as store:
            started = time.perf_counter()
            submit_world(store, workdir / "split" / "base", config=config)
            base_run = run_all(store, config)
            figures["base_seconds"] = round(time.perf_counter() - started, 2)
            print(f"  base: ingest + full run {figures['base_seconds']:.1f} s", flush=True)
            files = week_files(workdir / "split" / "week")
            figures["week_rows"] = sum(max(p.read_bytes().count(b"\n") - 1, 0)
                                       for paths in files.values() for p in paths)
            with RssSampler() as rss:
                started = time.perf_counter()
                result = run_week(store, config, files)
                seconds = round(time.perf_counter() - started, 2)
            figures["week"] = {"seconds": seconds, "peak_rss_mb": round(rss.peak_mb, 1),
                               "steps": result.seconds,
                               "affected_entries": result.affected_entries,
                               "entries": store.count("report_entries"),
                               "hop1_pairs_scored": result.hop1_pairs_scored,
                               "hop1_pairs_carried": result.hop1_pairs_carried,
                               "hop2_releases_scored": result.hop2_releases_scored,
                               "hop2_pairs_scored": result.hop2_pairs_scored,
                               "hop2_pairs_carried": result.hop2_pairs_carried}
            print(f"  week: {figures['week_rows']:,} new rows in {seconds:.1f} s {result.seconds}", flush=True)
            started = time.perf_counter()
            full_run = run_all(store, config)
            figures["full_seconds"] = round(time.perf_counter() - started, 2)
            figures["agreement"] = agreement(store, result.run_id, full_run)
            figures["base_run"] = base_run
            print(f"  full run over the same store {figures['full_seconds']:.1f} s;"
                  f" agreement {figures['agreement']}", flush=True)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """`python -m linkage.bench_week --scale S [--seed N] [--out FILE]`"""
    parser = argparse.ArgumentParser(prog="python -m linkage.bench_week", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=scale_argument, default="0.01")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--root", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    figures = bench_week(args.scale, seed=args.seed, root=args.root, keep=args.keep)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1, default=str) + "\n")
    return figures


if __name__ == "__main__":
    main()
