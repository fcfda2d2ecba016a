"""Submit files to the store: read -> map headers -> validate -> quarantine -> replace.

    >>> results = submit(store, "releases", "logs/hennepin.csv", jurisdiction="MN/Hennepin")
    >>> results[0].status, results[0].rows_stored, results[0].rows_quarantined
    ('stored', 1180, 24)

A folder is submitted in batches of files (up to BATCH_BYTES each, in name order): each file
is read and its headers mapped on its own (on every thread DuckDB may use: `batchread`),
then the batch is staged in one pass (`linkage.ingest.staging`) and written in one
transaction, so a folder of 3,000 logs pays the fixed costs of staging and writing a few
times, not 3,000 times. Everything else is per file, as if the files had been submitted one
after another: each keeps its own `submissions` row (in file order), sha256, counts,
quarantined rows and messages.

A file's submission row, quarantined rows and stored rows land together or not at all (with
the rest of its batch). A refused file raises nothing: its result says why, and a
`submissions` row with status 'refused' records it. A file identical to one already stored
(same sha256, kind and jurisdiction) changes nothing and comes back 'duplicate'.
A stored row whose ID (booking_uid / entry_id / custody_id) arrives again is replaced; the
old version moves to the `*_history` table, and a submission left with no live rows gets
`superseded_by`. In an anonymised custody extract an ID that names a person with several
book-ins is first made one per book-in day (`custody._one_id_per_stay`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from linkage.config import Config, load_config
from linkage.errors import LinkageError, RefusedFile, file_label
from linkage.ingest.batchread import drop_tables, read_files
from linkage.ingest.custody import stage_custody
from linkage.ingest.folders import submitted_files
from linkage.ingest.headers import KINDS, map_headers, missing_columns, recognised_count
from linkage.ingest.jurisdictions import named_jurisdiction, parse_jurisdiction
from linkage.ingest.outdated import keep_outdated_in_history, outdated_notes
from linkage.ingest.rawtable import RawTable, load_arrow
from linkage.ingest.readers import read_table
from linkage.ingest.releases import stage_releases
from linkage.ingest.reports import stage_reports
from linkage.ingest.staging import Context, SourceFile, Staged
from linkage.store import Store

if TYPE_CHECKING:
    from linkage.ingest.headers import ColumnMapping

LIVE_TABLES = {"reports": "report_entries", "releases": "bookings", "custody": "book_ins"}
STAGERS = {"reports": stage_reports, "releases": stage_releases, "custody": stage_custody}
REASONS_SHOWN = 10
# Input bytes staged together. At scale 0.1 (300 logs, 158 MB) 64 MB batches take no longer
# than one batch of all and peak at ~0.95 GB RSS instead of ~1.5 GB; 16 MB batches cost ~30%
# more (each batch plans the maps, commits and checkpoints once).
BATCH_BYTES = 64 << 20


@dataclass
class SubmissionResult:
    """What became of one submitted file (the CLI and HTTP faces print these fields)."""

    submission_id: int | None
    kind: str
    file_name: str
    jurisdiction: str | None
    status: str  # stored | refused | duplicate
    rows_read: int = 0
    rows_stored: int = 0
    rows_quarantined: int = 0
    message: str = ""
    quarantine_reasons: list[str] = field(default_factory=list)
    """Up to 10 lines like 'row 12, column release_datetime: before booking_date 2017-03-02'."""
    rows_replaced: int = 0
    rows_changed: int = 0
    """Of the replaced rows, those whose values differ from the version they replace."""
    row_one: tuple[str, int] | None = None
    """Where row 1 of `quarantine_reasons` sits as a clerk counts: ('line', 5), ('spreadsheet row', 6)."""
    headers: dict[str, str] = field(default_factory=dict)
    """The file's own header of each column its reasons name ({'booking_date': 'Date Booked'})."""


@dataclass
class _File:
    """One file of a batch on its way through: read, then staged, then written."""

    path: Path
    sha: str
    result: SubmissionResult
    source: SourceFile | None = None  # set when the file is staged
    duplicate_of: _File | None = None  # an earlier file of the batch with the same bytes
    notes: list[str] = field(default_factory=list)
    period: tuple[dt.date | None, dt.date | None] = (None, None)
    blanked: int = 0  # rows stored with a bad optional cell left empty


def submit(
    store: Store,
    kind: str,
    path: str | Path | Sequence[str | Path],
    *,
    jurisdiction: str | None = None,
    submitted_by: str | None = None,
    config: Config | None = None,
    headers_dir: str | Path | None = None,
) -> list[SubmissionResult]:
    """Ingest a file, every CSV/XLSX/Parquet file of a folder (sorted by name), or a list of
    files and folders (in the order given; staged in batches, like one folder's files).

        >>> [r.status for r in submit(store, "reports", "fixtures/demo/reports/")]
        ['stored', 'stored']

    Raises LinkageError only for a bad call (unknown kind, no such path, empty folder)."""
    if kind not in KINDS:
        raise LinkageError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    config = config or load_config()
    paths = [path] if isinstance(path, str | Path) else list(path)
    files = [file for p in paths for file in submitted_files(Path(p))]
    try:
        scope = parse_jurisdiction(jurisdiction) if jurisdiction else None
    except ValueError as exc:
        refusal = str(exc)
        scope = None
    else:
        refusal = None
    headers_path = Path(headers_dir) if headers_dir else None
    results = []
    for batch in _batches(files, BATCH_BYTES):
        results += _submit_batch(store, kind, batch, scope, refusal, submitted_by, config, headers_path)
    return results


def submit_world(store: Store, folder: str | Path, *, custody: str = "custody.csv",
                 config: Config | None = None) -> list[SubmissionResult]:
    """A world folder's inputs in turn, as `linkage synth` and the benchmarks' generators
    write them: reports.csv, every log of releases/, then `custody` (custody_foia.csv for a
    FOIA extract).

        >>> [r.status for r in submit_world(store, "worlds/seed-7")][:1]
        ['stored']
    """
    folder = Path(folder)
    return [*submit(store, "reports", folder / "reports.csv", config=config),
            *submit(store, "releases", folder / "releases", config=config),
            *submit(store, "custody", folder / custody, config=config)]


def _batches(files: list[Path], limit: int) -> list[list[Path]]:
    """`files` cut, in order, into runs of at most `limit` bytes (a bigger file is a batch alone)."""
    batches: list[list[Path]] = []
    size = 0
    for path in files:
        length = path.stat().st_size
        if not batches or size + length > limit:
            batches.append([])
            size = 0
        batches[-1].append(path)
        size += length
    return batches


def _submit_batch(
    store: Store,
    kind: str,
    paths: list[Path],
    scope: tuple[str, str] | None,
    refusal: str | None,
    submitted_by: str | None,
    config: Config,
    headers_dir: Path | None,
) -> list[SubmissionResult]:
    """Read each file of the batch (refusals and duplicates stop there), stage the rest in one
    pass, write everything in one transaction; the results in file order."""
    flag = "/".join(scope) if scope else None
    files = [_File(p, _sha256(p), SubmissionResult(None, kind, file_label(p.name), flag, "stored")) for p in paths]
    stored_before = _stored_shas(store, kind, flag, [f.sha for f in files])
    prefix = "ing_" + uuid.uuid4().hex[:10]
    ctx = Context(store.con, prefix, None if kind == "custody" else scope, config)
    first_of: dict[str, _File] = {}  # sha256 -> the file of this batch that will store those bytes
    read_one = partial(_read, kind=kind, scope=scope, headers_dir=headers_dir)
    try:
        # The first file of each content is read (on every core: `batchread`); a later one
        # with the same bytes is its duplicate, or read in turn if the first was refused.
        firsts = {} if refusal else {f.sha: f for f in reversed(files) if f.sha not in stored_before}
        reads = {id(r.job): r for r in read_files(
            ctx, [(i, f) for i, f in enumerate(files) if firsts.get(f.sha) is f], read_one)}
        for i, f in enumerate(files):
            if refusal:
                f.result.status, f.result.message = "refused", str(RefusedFile(f.path.name, refusal))
            elif f.sha in stored_before:
                _duplicate(f, *stored_before[f.sha])
            elif f.sha in first_of:
                f.duplicate_of = first_of[f.sha]  # its submission ID is known once IDs are drawn
            else:
                read = reads.get(id(f)) or read_files(ctx, [(i, f)], read_one)[0]
                if read.refused:
                    f.result.status, f.result.message = "refused", str(read.refused)
                else:
                    f.source = read.source
                    f.result.rows_read = read.source.raw.rows_read
                    ctx.files.append(read.source)
                    first_of[f.sha] = f
        if staged := STAGERS[kind](ctx) if ctx.files else None:
            _count_rows(ctx, staged, kind, files)
        _write(store, kind, files, staged, ctx, submitted_by)
    finally:
        drop_tables(store.con, prefix)
    return [f.result for f in files]


def _read(con: duckdb.DuckDBPyConnection, f: _File, table: str, *, kind: str, scope: tuple[str, str] | None,
          headers_dir: Path | None) -> tuple[RawTable, ColumnMapping]:
    """Read `f` into temp tables `table`... of `con` and map its headers, or raise RefusedFile
    (unreadable, required columns missing). Runs in `batchread`'s threads: touches only `f`."""
    raw = read_table(con, f.path, table, header_score=lambda cells: recognised_count(cells, kind, headers_dir))
    flag = "/".join(scope) if scope else None
    try:
        mapping = map_headers(raw.headers, kind, jurisdiction=flag, directory=headers_dir)
        problems = missing_columns(mapping, kind, jurisdiction=flag, directory=headers_dir)
        if problems:
            if kind == "releases" and not flag:
                f.result.jurisdiction = named_jurisdiction(con, raw.table, mapping)
            raise RefusedFile(f.path.name, "; ".join(problems))
    except RefusedFile:
        raw.drop(con)
        raise
    notes = list(raw.notes) + mapping.notes
    if mapping.header_map:
        notes.append(f"headers mapped by {mapping.header_map.path.name}")
    if kind == "custody" and scope:
        notes.append("--jurisdiction ignored for custody book-ins")
    elif scope:
        absent = [c for c in ("state", "county", "facility") if c not in mapping.columns]
        if kind == "reports":
            absent = [c for c in absent if c != "facility"]
        if absent:
            notes.append(f"no {'/'.join(absent)} column: {'left empty' if absent == ['facility'] else 'taken from --jurisdiction ' + flag}")
    f.notes = notes
    return raw, mapping


def _count_rows(ctx: Context, staged: Staged, kind: str, files: list[_File]) -> None:
    """Fill each staged file's counts, period, jurisdiction and first quarantine reasons."""
    con = ctx.con
    by_number = {f.source.number: f for f in files if f.source}
    stored_rows = staged.good if not staged.outdated else (  # those kept only in history count too
        f"(select * from {staged.good} union all by name select * exclude (file_last_date) from {staged.outdated})")
    for number, stored, start, end in con.execute(
        f"select _file, count(*), {staged.period[0]}, {staged.period[1]} from {stored_rows} group by _file"
    ).fetchall():
        by_number[number].result.rows_stored = stored
        by_number[number].period = (start, end)
    for number, quarantined in con.execute(f"select _file, count(*) from {staged.bad} group by _file").fetchall():
        by_number[number].result.rows_quarantined = quarantined
    for f in by_number.values():  # kept with the submission: its blanked cells are named so too
        f.result.row_one = f.source.raw.row_one
        f.result.headers = {column: f.source.mapping.header_of(column) for column in f.source.mapping.columns}
    for number, row, why in con.execute(f"""
        select _file, _row, reasons from {staged.bad}
        qualify row_number() over (partition by _file order by _row) <= {REASONS_SHOWN}
        order by _file, _row""").fetchall():
        by_number[number].result.quarantine_reasons.append(f"row {row}, {'; '.join(why)}")
    for number, rows, columns in con.execute(f"""
        select _file, count(distinct _row), string_agg(distinct column_name, ', ' order by column_name)
        from (select _file, _row, regexp_extract(unnest(reasons), '^column ([a-z_]+):', 1) as column_name
              from {staged.blanked})
        group by _file""").fetchall():
        by_number[number].blanked = rows
        by_number[number].notes.append(
            f"{rows} row{'s' * (rows != 1)} stored with a bad optional cell left empty ({columns};"
            " the values and why: blanked_cells)")
    if staged.folded:
        for number, rows, bookings in con.execute(
            f"select _file, count(*), count(distinct into_row) from {staged.folded} group by _file"
        ).fetchall():
            by_number[number].result.rows_stored += rows
            by_number[number].notes.append(
                f"{rows} row{'s' * (rows != 1)} folded into {bookings} booking{'s' * (bookings != 1)}"
                " with the same person and stay (one row per charge)")
    for number, note in (outdated_notes(con, staged.outdated) if staged.outdated else {}).items():
        by_number[number].notes.append(note)
    for number, notes in sorted(ctx.notes.items()):
        by_number[number].notes += notes
    if kind == "releases" and not ctx.jurisdiction:
        # A log without --jurisdiction is filed under the one jurisdiction of its rows, if one.
        for number, found, jurisdiction in con.execute(
            f"select _file, count(distinct jurisdiction), min(jurisdiction) from {stored_rows} group by _file"
        ).fetchall():
            by_number[number].result.jurisdiction = jurisdiction if found == 1 else None


def _write(
    store: Store,
    kind: str,
    files: list[_File],
    staged: Staged | None,
    ctx: Context,
    submitted_by: str | None,
) -> None:
    """Write the batch in one transaction: submission rows in file order, quarantined rows, and
    the stored rows with their replacements (`_replace_rows`)."""
    con, live = store.con, LIVE_TABLES[kind]
    with store.transaction():
        now = con.execute("select now()::timestamp").fetchall()[0][0]
        # IDs drawn in file order, as one insert per file would have drawn them.
        ids = sorted(row[0] for row in con.execute(
            "select nextval('submission_seq') from range(?)", [len(files)]).fetchall())
        for f, submission_id in zip(files, ids, strict=True):
            f.result.submission_id = submission_id
            if f.duplicate_of:
                _duplicate(f, f.duplicate_of.result.submission_id)
        replaced = _plan_replacements(store, live, staged, ctx.prefix) if staged else {}
        for f in files:
            if f.source:
                f.result.rows_replaced, f.result.rows_changed = replaced.get(f.source.number, (0, 0))
                f.result.message = _stored_message(f, live)
        load_arrow(con, f"{ctx.prefix}_submissions", _submission_rows(files, kind, submitted_by, now))
        con.execute(f"insert into submissions by name select * from {ctx.prefix}_submissions")
        if staged:
            numbered = [f for f in files if f.source]
            load_arrow(con, f"{ctx.prefix}_ids", pa.table({
                "_file": pa.array([f.source.number for f in numbered], pa.int32()),
                "submission_id": pa.array([f.result.submission_id for f in numbered], pa.int64()),
            }))
            con.execute(f"""insert into quarantine select s.submission_id, b._row, b.raw_row, b.reasons
                            from {staged.bad} b join {ctx.prefix}_ids s using (_file)""")
            if any(f.blanked for f in numbered):
                con.execute(f"""insert into blanked_cells select s.submission_id, b._row, b.reasons
                                from {staged.blanked} b join {ctx.prefix}_ids s using (_file)""")
            _replace_rows(store, live, staged, ctx.prefix, now)


def _stored_message(f: _File, live: str) -> str:
    """'1180 of 1204 rows stored, 24 quarantined; 3 replaced earlier rows (...); <notes>'."""
    result = f.result
    parts = [f"{result.rows_stored} of {result.rows_read} rows stored, {result.rows_quarantined} quarantined"]
    if not result.rows_read:  # an export of an empty date range: stored, but it says nothing
        parts.append("the file holds a header and no rows")
    if result.rows_replaced:
        # A log sent again whole replaces every row it carries: say how many it changed.
        changed = {0: "none", result.rows_replaced: "all"}.get(result.rows_changed, str(result.rows_changed))
        parts.append(f"{result.rows_replaced} replaced earlier rows, {changed} of them changed"
                     f" (earlier versions kept in {live}_history)")
    return "; ".join(parts + f.notes)


def _submission_rows(files: list[_File], kind: str, submitted_by: str | None, now: dt.datetime) -> pa.Table:
    """The `submissions` rows of a batch, one per file."""
    return pa.table({
        "submission_id": [f.result.submission_id for f in files],
        "kind": [kind] * len(files),
        "jurisdiction": [f.result.jurisdiction for f in files],
        "file_name": [f.result.file_name for f in files],
        "sha256": [f.sha for f in files],
        "rows_read": [f.result.rows_read for f in files],
        "rows_stored": [f.result.rows_stored for f in files],
        "rows_quarantined": [f.result.rows_quarantined for f in files],
        "submitted_by": [submitted_by] * len(files),
        "submitted_at": [now] * len(files),
        "status": [f.result.status for f in files],
        "message": [f.result.message for f in files],
        "period_start": [f.period[0] for f in files],
        "period_end": [f.period[1] for f in files],
        "located": [json.dumps({"row_one": f.result.row_one, "headers": f.result.headers}) if f.source else None
                    for f in files],
    })


def _plan_replacements(store: Store, live: str, staged: Staged, prefix: str) -> dict[int, tuple[int, int]]:
    """Temp table `<prefix>_chain` (_file, ID, next_file: the next file of the batch carrying
    the same ID) and, per file number, how many rows it replaces — rows live before the batch,
    or written by an earlier file of the batch, as if the files had been submitted in turn —
    and how many of those it changes (any value but where it was read from)."""
    con, key, chain = store.con, staged.id_column, f"{prefix}_chain"
    con.execute(f"""
        create or replace temp table {chain} as
        select _file, {key}, lag(_file) over w as prev_file, lead(_file) over w as next_file
        from {staged.good} window w as (partition by {key} order by _file)
    """)
    columns = [c for (c,) in con.execute(f"select column_name from (describe {live})").fetchall()
               if c not in ("submission_id", "row_number")]
    content = f"struct_pack({', '.join(columns)})"
    # Only the IDs that replace something are compared: a first national ingest carries 10 M
    # IDs, none stored before.
    rows = con.execute(f"""
        with replaced as (
            select {key} from {chain} where prev_file is not null
            union select {key} from {chain} semi join {live} using ({key})
        ), versions as (
            select -1 as _file, {key}, {content} as content from {live}
            where {key} in (select {key} from replaced)
            union all
            select _file, {key}, {content} from {staged.good} where {key} in (select {key} from replaced)
        ), chained as (
            select _file, content, lag(content) over (partition by {key} order by _file) as before
            from versions
        )
        select _file, count(*), count(*) filter (where content is distinct from before)
        from chained where _file >= 0 and before is not null group by _file""").fetchall()
    return {file: (replaced, changed) for file, replaced, changed in rows}


def _replace_rows(store: Store, live: str, staged: Staged, prefix: str, now: dt.datetime) -> None:
    """Move live rows whose ID arrives again to `<live>_history`, insert the new rows, and mark
    earlier submissions left with no live rows as superseded.

    An ID carried by several files of the batch keeps the last file's row; each earlier
    version goes to history, replaced by the next file that carries it — what submitting the
    files one after another would leave."""
    con, key, chain, ids = store.con, staged.id_column, f"{prefix}_chain", f"{prefix}_ids"
    con.execute(f"""
        insert into {live}_history
        select l.*, ?::timestamp, s.submission_id
        from {live} l
        join (select {key}, min(_file) as _file from {staged.good} group by {key}) g using ({key})
        join {ids} s using (_file)""", [now])
    versions = f"""
        select s.submission_id, g.* exclude (_file), n.submission_id as replaced_by
        from {staged.good} g join {chain} c using (_file, {key})
        join {ids} s on s._file = g._file left join {ids} n on n._file = c.next_file"""
    con.execute(f"""insert into {live}_history by name
                    select * exclude (replaced_by), ?::timestamp as replaced_at, replaced_by
                    from ({versions}) where replaced_by is not null""", [now])
    con.execute(f"delete from {live} where {key} in (select {key} from {staged.good})")
    # In file and row order, as one file after another would have appended them.
    con.execute(f"insert into {live} by name select * exclude (replaced_by) from ({versions}) "
                "where replaced_by is null order by submission_id, row_number")
    if staged.outdated:  # replaced by the live rows (`linkage.ingest.outdated`)
        keep_outdated_in_history(con, staged.outdated, ids, now)
    # A submission is superseded by the file that replaced its last live row. (One whose rows
    # were all outdated on arrival, `linkage.ingest.outdated`, is not: nothing later replaced it.)
    con.execute(f"""
        update submissions set superseded_by = h.last
        from (select submission_id, max(replaced_by) as last from {live}_history
              where replaced_by in (select submission_id from {ids}) group by submission_id) h
        where submissions.submission_id = h.submission_id and submissions.superseded_by is null
          and submissions.submission_id not in (select distinct submission_id from {live})""")


def _duplicate(f: _File, submission_id: int | None, superseded_by: int | None = None) -> None:
    f.result.status = "duplicate"
    f.result.message = f"{f.result.file_name}: identical to submission {submission_id} (same sha256); nothing changed"
    if superseded_by is not None:
        # Sending it again does not bring its rows back (a folder sent again would then flip
        # them between the file and its correction on every run): say so.
        f.result.message += (f": its rows stay as submission {superseded_by} replaced them; to restore a row,"
                             " send it in a new file")


def _stored_shas(store: Store, kind: str, flag: str | None, shas: list[str]) -> dict[str, tuple[int, int | None]]:
    """sha256 -> (the first stored submission of the same kind (and jurisdiction) with those
    bytes, the later submission that replaced its rows, if one did)."""
    return {sha: (first, superseded) for sha, first, superseded in store.con.execute(
        """select sha256, min(submission_id), arg_min(superseded_by, submission_id) from submissions
           where sha256 in (select unnest(?::varchar[])) and kind = ? and status = 'stored'
             and (?::varchar is null or jurisdiction = ?)
           group by sha256""",
        [shas, kind, flag, flag],
    ).fetchall()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 24):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()
