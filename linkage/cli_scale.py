"""CLI commands of the scale area (issue 7), registered on the main app by linkage/cli.py.

    linkage bench --scale 0.01 --out bench-0.01.json
    linkage bench --scale 0.1 --engine spark --no-recordlinkage
    linkage run-week --reports week/reports.csv --releases week/releases --custody week/custody.csv
    linkage run-week --bench --scale 0.1
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linkage.cli_common import config_from, fail, out_folder, store_path


def bench(
    scale: Annotated[str, typer.Option(help="'demo', 'national' or a fraction of it (0.01, 0.1).")] = "0.01",
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

    check_scale(scale)
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


def check_scale(scale: str) -> None:
    """'demo', 'national' or a fraction in (0, 1], else a one-line error, not a traceback:
    `check_scale("national")` returns, `check_scale("2")` exits with code 2."""
    from linkage.synth.params import parse_scale

    try:
        parse_scale(scale)
    except ValueError as exc:
        fail(f"--scale: {exc}", 2)


def run_week_command(
    reports: Annotated[list[Path] | None, typer.Option(help="The week's report file(s).")] = None,
    releases: Annotated[list[Path] | None, typer.Option(help="The week's release logs (files or folders).")] = None,
    custody: Annotated[list[Path] | None, typer.Option(help="The week's ICE book-ins.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write outcomes.csv, report.html, ... here.")] = None,
    db: Annotated[Path | None, typer.Option(help="The store (default $LINKAGE_DB or ./linkage.duckdb).")] = None,
    config: Annotated[Path | None, typer.Option(
        help="A TOML file overriding configs/default.toml (default: the config of the run the week builds on).")] = None,
    bench: Annotated[bool, typer.Option(help="Instead: benchmark a generated world's last week.")] = False,
    scale: Annotated[str, typer.Option(help="With --bench: the world's scale.")] = "0.01",
) -> None:
    """Add one week of files and reconcile only what it changes, with the saved models.

    Needs a finished full run in the store (`linkage run`): its models and config are reused
    and the pairs of entries the week cannot change are carried (read where the previous run
    stored them, not copied). The week is every file stored since that run (given here, or
    sent before with `linkage submit` or over HTTP). See docs/scale.md."""
    import json

    from linkage.cli import print_submissions
    from linkage.store import Store

    if bench:
        from linkage.bench_week import main

        check_scale(scale)
        figures = main(["--scale", scale])
        typer.echo(json.dumps(figures.get("week", {}), indent=1))
        return
    from linkage.incremental import NoPreviousRun, previous_config, run_week

    files = {"reports": reports or [], "releases": releases or [], "custody": custody or []}
    for path in [p for paths in files.values() for p in paths]:
        if not path.exists():
            fail(f"{path}: no such file or folder", 2)
    if not Path(store_path(db)).is_file():  # a week builds on a run: a mistyped --db must not make an empty store
        fail(f"no store at {store_path(db)}: run the full pipeline once first (linkage run)")
    if out is not None:
        out_folder(out)
    with Store.open(db) as store:
        try:
            settings = config_from(config) if config is not None else previous_config(store)
            result = run_week(store, settings, files, out_dir=out)
        except NoPreviousRun as exc:
            fail(str(exc))
    if result.submitted:
        print_submissions(result.submitted)
    typer.echo(f"{result.run_id}: {len(result.new_submissions)} new files since {result.previous_run}, "
               f"{result.affected_entries} entries re-scored, {result.hop2_releases_scored} releases searched again;"
               f" seconds {result.seconds}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if any(r.status == "refused" for r in result.submitted):
        raise typer.Exit(1)  # as `linkage submit` does: a file given was not read


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command("bench")(bench)
    app.command("run-week")(run_week_command)
