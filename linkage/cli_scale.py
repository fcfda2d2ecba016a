"""CLI commands of the scale area (issue 7), registered on the main app by linkage/cli.py.

    linkage bench --scale 0.01 --out bench-0.01.json
    linkage bench --scale 0.1 --engine spark --no-recordlinkage
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def bench(
    scale: Annotated[str, typer.Option(help="'demo' or a fraction of the national world (0.01, 0.1, 1.0).")] = "0.01",
    seed: Annotated[int, typer.Option(help="Seed of the generated world.")] = 7,
    out: Annotated[Path | None, typer.Option(help="Write the figures as JSON to this file.")] = None,
    root: Annotated[Path | None, typer.Option(help="Worlds and scratch stores (default $TMPDIR/linkage-bench); worlds are reused.")] = None,
    engine: Annotated[str, typer.Option(help="duckdb | spark (Splink's SparkAPI, local mode).")] = "duckdb",
    threads: Annotated[int, typer.Option(help="DuckDB threads (0: one per core).")] = 0,
    memory_limit: Annotated[str, typer.Option(help="DuckDB memory_limit.")] = "6GB",
    recordlinkage: Annotated[bool, typer.Option(help="Also run recordlinkage on hop 2 and compare.")] = True,
    keep: Annotated[bool, typer.Option(help="Keep the scratch store and outputs.")] = False,
) -> None:
    """Benchmark ingest -> train -> hop 1 -> hop 2 -> reconcile -> report on a generated world.

    Prints per stage wall time, peak RSS, rows, candidate pairs and pairs/s, the time DuckDB
    alone needs to load the same files and the ratio of the run to it; with recordlinkage,
    both hop-2 times and F1s side by side. See docs/scale.md."""
    from linkage.bench import main

    argv = ["--scale", scale, "--seed", str(seed), "--engine", engine, "--threads", str(threads),
            "--memory-limit", memory_limit]
    if out:
        argv += ["--out", str(out)]
    if root:
        argv += ["--root", str(root)]
    if not recordlinkage:
        argv.append("--no-recordlinkage")
    if keep:
        argv.append("--keep")
    main(argv)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command("bench")(bench)
