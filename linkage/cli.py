"""`linkage` — reconcile ICE Declined Detainer Outcome Reports with jail and ICE records.

Thin face: parse, call a stage, print. Quick commands (submit, status, --help) never import
Prefect, so they answer at once; `run` and `demo` start the Prefect flow.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from linkage.cli_common import (
    ConfigOption,
    DbOption,
    config_from,
    console,
    err,
    fail,
    open_store,
    out_folder,
    store_path,
)
from linkage.config import REPO_ROOT
from linkage.errors import LinkageError

app = typer.Typer(
    help=__doc__.split("\n\n")[0] + "\n\nCommands that read or write the store take --db (default ./linkage.duckdb or $LINKAGE_DB).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
DEMO_DIR = REPO_ROOT / "fixtures" / "demo"
SOURCES = ("reports", "releases", "custody")


def print_submissions(results) -> None:
    """The validation summary: a row of counts per file, then each file's message and its
    first quarantine reasons, one line each. A message column folded the messages to a few
    letters a line in an 80-column terminal."""
    from linkage.ingest.located import in_file

    table = Table(title="Validation summary", show_lines=False)
    for column in ("file", "kind", "jurisdiction", "status", "read", "stored", "quarantined"):
        # Status and counts never wrap: a folded "dupli/cate" is unreadable and ungreppable.
        table.add_column(column, overflow="fold", no_wrap=column != "file")
    for r in results:
        colour = {"stored": "green", "duplicate": "yellow", "refused": "red"}.get(r.status, "white")
        table.add_row(
            escape(Path(r.file_name).name), r.kind, escape(r.jurisdiction or ""), f"[{colour}]{r.status}[/]",
            str(r.rows_read), str(r.rows_stored), str(r.rows_quarantined),
        )
    console.print(table)
    for r in results:
        name = Path(r.file_name).name
        if r.message:
            said = r.message if r.message.startswith(f"{name}:") else f"{name}: {r.message}"
            console.print(said, highlight=False, markup=False)
        for reason in list(r.quarantine_reasons)[:10]:
            console.print(f"  {name}: {in_file(reason, r.row_one, r.headers)}", highlight=False, markup=False)
        if r.rows_quarantined > len(r.quarantine_reasons):
            console.print(f"  … and {r.rows_quarantined - len(r.quarantine_reasons)} more quarantined rows")


@app.command()
def submit(
    kind: Annotated[str, typer.Argument(help="reports | releases | custody")],
    path: Annotated[Path, typer.Argument(help="A CSV, XLSX, Parquet or HTML-table file, or a folder of them.")],
    jurisdiction: Annotated[
        str | None, typer.Option(help="STATE/COUNTY of a release log, e.g. MN/Hennepin.")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who submits (recorded).")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Validate and store one source file (or folder). Prints a validation summary.

    Rows with unusable values are quarantined with their reasons; the rest lands. A file that
    lacks a required column is refused whole (exit code 1), and so is a submission of which
    no row could be stored (exit code 1: its rows are in the quarantine). A header with no
    rows below it is stored empty and said so (a week without releases). Re-submitting an
    identical file changes nothing.
    """
    if kind not in SOURCES:
        fail(f"kind must be one of {', '.join(SOURCES)}, not {kind!r}", 2)
    if not path.exists():
        fail(f"{path}: no such file or folder", 2)
    from linkage.ingest import submit as ingest_submit

    store = open_store(db)
    try:
        results = ingest_submit(
            store, kind, path, jurisdiction=jurisdiction, submitted_by=by, config=config_from(config)
        )
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    print_submissions(results)
    # Every row quarantined is a failure to whoever scripts this, not a success: say so.
    emptied = [r for r in results if r.status == "stored" and r.rows_read and not r.rows_stored]
    for r in emptied:
        err.print(f"[bold red]error:[/] {escape(Path(r.file_name).name)}: none of its {r.rows_read} rows could be stored"
                  " (each is quarantined with its reasons, above)", highlight=False)
    if any(r.status == "refused" for r in results) or emptied or not results:
        raise typer.Exit(1)


@app.command()
def status(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 30,
    submission: Annotated[int | None, typer.Option(
        help="One submission: every row it quarantined and every cell it left empty, as its file names them.")] = None,
) -> None:
    """List submissions (newest first) and the latest runs, or one submission's rows in full."""
    store = open_store(db, existing=True)
    if submission is not None:
        with store:
            _print_submission_rows(store, submission)
        return
    rows = store.con.execute(
        """
        select submission_id, kind, coalesce(jurisdiction, ''), file_name, status, rows_read,
               rows_stored, strftime(submitted_at, '%d %b %Y %H:%M'),
               coalesce(superseded_by::varchar, '')
        from submissions order by submission_id desc limit ?
        """,
        [limit],
    ).fetchall()
    runs = store.con.execute(
        "select run_id, status, strftime(started_at, '%Y-%m-%d %H:%M:%S'), coalesce(out_dir, '') from runs order by started_at desc limit 5"
    ).fetchall()
    # A run killed mid-way is still 'running' in the store until the next run starts.
    dead = set(store.abandoned_runs())
    runs = [(r, "abandoned (its process is gone)" if r in dead else s, *rest) for r, s, *rest in runs]
    store.close()
    # Fits 80 columns: every column whole but the file name, last, which folds into the
    # width left; a replaced submission's replacement under its status (a column of its own
    # had folded every name to a letter a line). Of a file's rows read, those not stored are
    # quarantined (a duplicate's status says why it stored none).
    table = Table(title="Submissions", box=box.SIMPLE_HEAD, collapse_padding=True)
    for column in ("id", "kind", "jurisdiction", "status", "stored/read", "at", "file"):
        table.add_column(column, overflow="fold", no_wrap=column not in ("jurisdiction", "at", "file"),
                         min_width=12 if column == "file" else None)
    for number, kind, jurisdiction, file_name, state, read, stored, at, superseded in rows:
        table.add_row(str(number), kind, escape(jurisdiction), state + (f"\n→ #{superseded}" if superseded else ""),
                      f"{stored}/{read}", at, escape(Path(file_name).name))
    console.print(table)
    if runs:
        run_table = Table(title="Runs", box=box.SIMPLE_HEAD)
        for column in ("run", "status", "started", "outputs"):
            run_table.add_column(column, overflow="fold", no_wrap=column in ("run", "started"))
        for row in runs:
            run_table.add_row(*[escape(str(v)) for v in row])
        console.print(run_table)


@app.command()
def synth(
    out: Annotated[Path, typer.Option(help="Folder to write the world into.")],
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same bytes.")] = 0,
    scale: Annotated[str, typer.Option(help="'demo', 'national', or a fraction of national (0.01).")] = "demo",
    foia: Annotated[bool, typer.Option(help="Redact ICE names, birth dates and A-numbers as FOIA extracts do.")] = False,
) -> None:
    """Write a synthetic world with ground truth (reports, release logs, ICE book-ins, truth.csv)."""
    from linkage.cli_scale import check_scale
    from linkage.synth import generate_world

    check_scale(scale)
    summary = generate_world(out, seed=seed, scale=scale, foia=foia)
    console.print_json(json.dumps(summary, default=str))


def _print_submission_rows(store, submission_id: int) -> None:
    from linkage.ingest.located import rows_in_file

    found = store.con.execute("select file_name, status, rows_read, rows_stored, rows_quarantined from submissions"
                              " where submission_id = ?", [submission_id]).fetchall()
    if not found:
        fail(f"no submission {submission_id} in the store (`linkage status` lists them)")
    name, state, read, stored, quarantined = found[0]
    console.print(f"#{submission_id} {name}: {state}, {stored} of {read} rows stored, {quarantined} quarantined",
                  highlight=False, markup=False)
    for table, title in (("quarantine", "quarantined"), ("blanked_cells", "stored with a cell left empty")):
        rows = rows_in_file(store, submission_id, table)
        if rows:
            console.print(f"{len(rows)} row{'' if len(rows) == 1 else 's'} {title}:", highlight=False, markup=False)
        for _, _, reasons in rows:
            for reason in reasons:
                console.print(f"  {reason}", highlight=False, markup=False)


def _run_flow(*, reports, releases, custody, out: Path | None, db, config, retrain: bool, jurisdiction=None):
    from flows.reconcile import reconcile_flow

    db_path = store_path(db)
    with console.status("Running the reconciliation flow (Prefect)…"):
        return reconcile_flow(
            db_path=db_path,
            reports=[str(p) for p in reports],
            releases=[str(p) for p in releases],
            custody=[str(p) for p in custody],
            out_dir=str(out) if out else None,
            config_path=str(config) if config else None,
            retrain=retrain,
            jurisdiction=jurisdiction,
        )


def _print_summary(result: dict) -> None:
    for sub in result.get("submissions", []):
        console.print(
            f"  submitted {sub['file']}: {sub['status']} "
            f"({sub['stored']} stored, {sub['quarantined']} quarantined)", highlight=False, markup=False
        )
        if sub["status"] == "refused":  # the run went on without it: say why, loudly
            err.print(f"[bold red]error:[/] {escape(sub.get('message') or sub['file'])}", highlight=False)
    table = Table(title=f"Listed by ICE vs what the evidence supports — run {result['run_id']}")
    rows = result.get("jurisdictions", [])
    if rows:
        headers = {"jurisdiction": "jurisdiction", "listed": "listed", "declined": "declined",
                   "to_ice": "to ICE", "to_other": "other agency", "in_custody": "in custody",
                   "no_record": "no record", "review": "review", "dup": "dup.", "stale": "stale"}
        for column in rows[0]:
            # The name keeps its width; counts never wrap (a folded count is misread).
            if column == "jurisdiction":
                table.add_column(headers[column], min_width=14, no_wrap=True)
            else:
                table.add_column(headers.get(column, column), justify="right")
        for row in rows:
            table.add_row(*[escape(str(v)) for v in row.values()])
        console.print(table)
    for name, path in sorted(result.get("outputs", {}).items()):
        console.print(f"  {name}: {path}", highlight=False, markup=False)


@app.command()
def run(
    reports: Annotated[list[Path] | None, typer.Option(help="Report entries file/folder.")] = None,
    releases: Annotated[list[Path] | None, typer.Option(help="Release log file/folder (repeatable).")] = None,
    custody: Annotated[list[Path] | None, typer.Option(help="ICE book-ins file/folder.")] = None,
    out: Annotated[Path, typer.Option(help="Folder for outcomes.csv, jurisdictions.csv, matches.parquet, report.html.")] = Path("out"),
    retrain: Annotated[bool, typer.Option(help="Train new models instead of re-using saved ones.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Ingest what is given (idempotently), train or load models, score both hops, reconcile,
    and write the outputs. With no inputs, reconciles what is already in the store."""
    config_from(config)
    # Checked here, before the flow: a Prefect flow with no server waits ~10 s for a
    # temporary one, and its failures are logged with tracebacks.
    for path in [*(reports or []), *(releases or []), *(custody or [])]:
        if not path.exists():
            fail(f"{path}: no such file or folder", 2)
    # The inputs a run needs, given or stored: inside the flow a refusal came after two Prefect
    # tracebacks (and the ingest of what was given).
    needed = [(flag, table, what) for flag, given, table, what in (
        ("--reports", reports, "report_entries", "report entries"),
        ("--releases", releases, "bookings", "jail release logs")) if not given]
    if needed:
        if Path(store_path(db)).is_file() or store_path(db) == ":memory:":
            store = open_store(db)
            try:
                empty = [(flag, what) for flag, table, what in needed if not store.count(table)]
            finally:
                store.close()
        else:  # no store there yet: refused without creating an empty one
            empty = [(flag, what) for flag, _, what in needed]
        for flag, what in empty[:1]:
            fail(f"the store {store_path(db)} holds no {what}: give {flag}"
                  + (" (and --releases, --custody)" if flag == "--reports" else ""))
    out_folder(out)
    try:
        result = _run_flow(
            reports=reports or [], releases=releases or [], custody=custody or [],
            out=out, db=db, config=config, retrain=retrain,
        )
    except LinkageError as exc:
        fail(str(exc))
    _print_summary(result)
    if any(sub["status"] == "refused" for sub in result.get("submissions", [])):
        raise typer.Exit(1)  # as `linkage submit` does: a file given was not read


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Where to write the outputs.")] = Path("demo-out"),
    db: Annotated[Path | None, typer.Option("--db", help="Store for the demo (default: OUT/demo.duckdb).")] = None,
) -> None:
    """Run the whole job on the bundled demo world (fixtures/demo/) and print the summary."""
    out_folder(out)
    result = _run_flow(
        reports=[DEMO_DIR / "reports.csv"],
        releases=[DEMO_DIR / "releases"],
        custody=[DEMO_DIR / "custody.csv"],
        out=out,
        db=db or out / "demo.duckdb",
        config=None,
        retrain=False,
    )
    _print_summary(result)
    console.print(f"\nOpen {out / 'report.html'} in a browser. Truth: {DEMO_DIR / 'truth.csv'}")


@app.command()
def evaluate(
    truth: Annotated[Path, typer.Option(help="truth.csv of a synthetic world.")],
    outcomes: Annotated[Path, typer.Option(help="outcomes.csv of a run.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Precision/recall/F1 of transferred_to_ice, decided accuracy, needs_review share,
    release-link accuracy, duplicate F1, Brier score and skill, and a reliability table."""
    from linkage.evaluate import evaluate as run_evaluate

    for path in (truth, outcomes):
        if not path.is_file():
            fail(f"{path}: no such file")
    try:
        metrics = run_evaluate(truth, outcomes)
    except LinkageError as exc:
        fail(str(exc))
    if as_json:
        console.print_json(json.dumps(metrics))
        return
    t, d = metrics["transferred_to_ice"], metrics["duplicates"]
    scored = metrics["entries"] + metrics["entries_missing"]
    console.print(f"entries scored      {metrics['entries']} of the truth's {scored}", highlight=False)
    if metrics["entries_missing"]:
        err.print(f"[yellow]warning:[/] {metrics['entries_missing']} of the truth's entries have no verdict in"
                  f" {escape(str(outcomes))}: the figures below are of the {metrics['entries']} that do", highlight=False)
    if metrics["entries_unknown"]:
        err.print(f"[yellow]warning:[/] {metrics['entries_unknown']} verdicts are of entries the truth does not list"
                  " (outcomes of another world?)", highlight=False)
    duplicates = f"{d['f1']:.3f}" if d["tp"] + d["fp"] + d["fn"] else "n/a (no duplicates in either file)"
    console.print(
        f"transferred_to_ice  precision {t['precision']:.3f}  recall {t['recall']:.3f}  F1 {t['f1']:.3f}"
        f"  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})\n"
        f"decided accuracy    {metrics['decided_accuracy']:.3f}\n"
        f"needs_review share  {metrics['needs_review_share']:.3f}\n"
        f"release-link acc.   {metrics['release_link_accuracy']:.3f}\n"
        f"duplicates F1       {duplicates}\n"
        f"Brier               {metrics['brier']:.4f}  skill {metrics['brier_skill']:.3f}"
        f"  (base rate {metrics['base_rate']:.3f})",
        highlight=False,
    )
    table = Table(title="Reliability of p_transferred")
    for column in ("bin", "n", "mean p", "observed", "transfers: expected", "real"):
        table.add_column(column)
    for row in metrics["reliability"]:
        fmt = lambda v: "" if v is None else f"{v:.4f}"  # noqa: E731
        table.add_row(row["bin"], str(row["n"]), fmt(row["mean_p"]), fmt(row["observed"]),
                      f"{row['expected_transfers']:.2f}", str(row["transfers"]))
    console.print(table)


@app.command()
def report(
    out: Annotated[Path, typer.Option(help="The HTML file to write.")] = Path("report.html"),
    run_id: Annotated[str | None, typer.Option("--run", help="A run ID (default: the latest finished run).")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="Limit to STATE/COUNTY (a sheriff's view).")] = None,
    redact: Annotated[bool, typer.Option(help="Mask names and birth dates (initials, birth year).")] = False,
    db: DbOption = None,
) -> None:
    """Write the self-contained match confidence report of a run."""
    from linkage.report.html import write_report

    if out.is_dir():
        fail(f"{out} is a folder: give the HTML file to write (e.g. {out / 'report.html'})")
    if jurisdiction and "/" not in jurisdiction:
        fail(f"--jurisdiction {jurisdiction!r}: give STATE/COUNTY, e.g. TX/Travis")
    store = open_store(db, existing=True)
    try:
        if run_id is None:
            found = store.con.execute(
                "select run_id from runs where status = 'done' order by started_at desc limit 1"
            ).fetchall()
            if not found:
                fail("no finished run in the store: run `linkage run` first")
            run_id = found[0][0]
        key = None
        if jurisdiction:
            from linkage.normalize.places import county_key, state_code

            state, _, county = jurisdiction.partition("/")
            if state_code(state) is None:
                fail(f"--jurisdiction {jurisdiction!r}: {state!r} is not a US state")
            key = f"{state_code(state)}/{county_key(county)}"
        path = write_report(store, run_id, out, jurisdiction=key, redact=redact)
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    console.print(f"wrote {path}")


# Commands of the service, review, scale and traceability areas live in their own modules so
# that each area's face stays small; they import nothing heavy at import time.
from linkage import cli_review, cli_scale, cli_service, cli_trace  # noqa: E402

for _area in (cli_service, cli_review, cli_scale, cli_trace):
    _area.register(app)


def main() -> None:
    app()


if __name__ == "__main__":  # `python -m linkage.cli`, as well as the `linkage` script
    main()
