"""Submit files to the store: read -> map headers -> validate -> quarantine -> replace, per file.

    >>> results = submit(store, "releases", "logs/hennepin.csv", jurisdiction="MN/Hennepin")
    >>> results[0].status, results[0].rows_stored, results[0].rows_quarantined
    ('stored', 1180, 24)

Each file is one transaction: its submission row, quarantined rows and stored rows land
together or not at all. A refused file raises nothing: its result says why, and a
`submissions` row with status 'refused' records it. A file identical to one already stored
(same sha256, kind and jurisdiction) changes nothing and comes back 'duplicate'.
A stored row whose ID (booking_uid / entry_id / custody_id) arrives again is replaced; the
old version moves to the `*_history` table, and a submission left with no live rows gets
`superseded_by`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from linkage.config import Config, load_config
from linkage.errors import LinkageError, RefusedFile
from linkage.ingest.custody import stage_custody
from linkage.ingest.headers import KINDS, map_headers, missing_columns, recognised_count
from linkage.ingest.readers import SUFFIXES, read_table
from linkage.ingest.releases import stage_releases
from linkage.ingest.reports import stage_reports
from linkage.ingest.staging import Context, Staged
from linkage.store import Store

LIVE_TABLES = {"reports": "report_entries", "releases": "bookings", "custody": "book_ins"}
STAGERS = {"reports": stage_reports, "releases": stage_releases, "custody": stage_custody}
REASONS_SHOWN = 10


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


def submit(
    store: Store,
    kind: str,
    path: str | Path,
    *,
    jurisdiction: str | None = None,
    submitted_by: str | None = None,
    config: Config | None = None,
    headers_dir: str | Path | None = None,
) -> list[SubmissionResult]:
    """Ingest a file, or every CSV/XLSX/Parquet file of a folder (sorted by name).

        >>> [r.status for r in submit(store, "reports", "fixtures/demo/reports/")]
        ['stored', 'stored']

    Raises LinkageError only for a bad call (unknown kind, no such path, empty folder)."""
    if kind not in KINDS:
        raise LinkageError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    config = config or load_config()
    files = _files(Path(path))
    try:
        scope = parse_jurisdiction(jurisdiction) if jurisdiction else None
    except ValueError as exc:
        return [_record(store, kind, f, None, "refused", str(RefusedFile(f.name, str(exc))),
                        submitted_by, _sha256(f)) for f in files]
    headers_path = Path(headers_dir) if headers_dir else None
    return [_submit_file(store, kind, f, scope, submitted_by, config, headers_path) for f in files]


def parse_jurisdiction(text: str) -> tuple[str, str]:
    """'TX/Travis County' -> ('TX', 'TRAVIS'); ValueError when it cannot be read."""
    from linkage.normalize.places import county_key, state_code

    state_text, sep, county_text = text.partition("/")
    state, county = state_code(state_text.strip()), county_key(county_text.strip())
    if not sep or not state or not county:
        raise ValueError(f"jurisdiction {text!r} is not of the form ST/County (e.g. TX/Travis)")
    return state, county


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise LinkageError(f"{path}: no CSV, XLSX or Parquet files in this folder")
        return files
    if not path.exists():
        raise LinkageError(f"{path}: no such file or folder")
    return [path]


def _submit_file(
    store: Store,
    kind: str,
    path: Path,
    scope: tuple[str, str] | None,
    submitted_by: str | None,
    config: Config,
    headers_dir: Path | None,
) -> SubmissionResult:
    sha = _sha256(path)
    flag = "/".join(scope) if scope else None
    earlier = store.con.execute(
        """select submission_id from submissions
           where sha256 = ? and kind = ? and status = 'stored' and (?::varchar is null or jurisdiction = ?)
           order by submission_id limit 1""",
        [sha, kind, flag, flag],
    ).fetchall()
    if earlier:
        message = f"{path.name}: identical to submission {earlier[0][0]} (same sha256); nothing changed"
        return _record(store, kind, path, flag, "duplicate", message, submitted_by, sha)

    prefix = "ing_" + uuid.uuid4().hex[:10]
    try:
        try:
            staged, ctx = _stage(store, kind, path, scope, config, headers_dir, prefix)
        except RefusedFile as exc:
            return _record(store, kind, path, flag, "refused", str(exc), submitted_by, sha)
        return _write(store, kind, path, flag, submitted_by, sha, staged, ctx)
    finally:
        _drop_temp(store, prefix)


def _stage(
    store: Store,
    kind: str,
    path: Path,
    scope: tuple[str, str] | None,
    config: Config,
    headers_dir: Path | None,
    prefix: str,
) -> tuple[Staged, Context]:
    raw = read_table(store.con, path, f"{prefix}_raw",
                     header_score=lambda cells: recognised_count(cells, kind, headers_dir))
    flag = "/".join(scope) if scope else None
    mapping = map_headers(raw.headers, kind, jurisdiction=flag, directory=headers_dir)
    problems = missing_columns(mapping, kind, jurisdiction=flag, directory=headers_dir)
    if problems:
        raise RefusedFile(path.name, "; ".join(problems))
    notes = list(raw.notes) + mapping.notes
    if mapping.header_map:
        notes.append(f"headers mapped by {mapping.header_map.path.name}")
    if kind == "custody" and scope:
        notes.append("--jurisdiction ignored for custody book-ins")
        scope = None
    elif scope:
        absent = [c for c in ("state", "county", "facility") if c not in mapping.columns]
        if kind == "reports":
            absent = [c for c in absent if c != "facility"]
        if absent:
            notes.append(f"no {'/'.join(absent)} column: {'left empty' if absent == ['facility'] else 'taken from --jurisdiction ' + flag}")
    ctx = Context(store.con, raw, mapping, scope, config, prefix, notes=notes)
    return STAGERS[kind](ctx), ctx


def _write(
    store: Store,
    kind: str,
    path: Path,
    flag: str | None,
    submitted_by: str | None,
    sha: str,
    staged: Staged,
    ctx: Context,
) -> SubmissionResult:
    con, live = store.con, LIVE_TABLES[kind]
    stored = con.execute(f"select count(*) from {staged.good}").fetchall()[0][0]
    quarantined = con.execute(f"select count(*) from {staged.bad}").fetchall()[0][0]
    period = con.execute(f"select {staged.period[0]}, {staged.period[1]} from {staged.good}").fetchall()[0]
    jurisdiction = flag
    if kind == "releases" and not flag:
        found = con.execute(f"select distinct jurisdiction from {staged.good} limit 2").fetchall()
        jurisdiction = found[0][0] if len(found) == 1 else None
    reasons = [
        f"row {row}, {'; '.join(why)}"
        for row, why in con.execute(
            f"select _row, reasons from {staged.bad} order by _row limit {REASONS_SHOWN}"
        ).fetchall()
    ]
    with store.transaction():
        now = con.execute("select now()::timestamp").fetchall()[0][0]
        submission_id = con.execute(
            """insert into submissions (kind, jurisdiction, file_name, sha256, rows_read, rows_stored,
                   rows_quarantined, submitted_by, submitted_at, status, period_start, period_end)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'stored', ?, ?) returning submission_id""",
            [kind, jurisdiction, path.name, sha, ctx.raw.rows_read, stored, quarantined,
             submitted_by, now, period[0], period[1]],
        ).fetchall()[0][0]
        con.execute(
            f"insert into quarantine select ?, _row, raw_row, reasons from {staged.bad}", [submission_id]
        )
        replaced = _replace_rows(store, live, staged, submission_id, now)
        parts = [f"{stored} of {ctx.raw.rows_read} rows stored, {quarantined} quarantined"]
        if replaced:
            parts.append(f"{replaced} replaced earlier rows (kept in {live}_history)")
        message = "; ".join(parts + ctx.notes)
        con.execute("update submissions set message = ? where submission_id = ?", [message, submission_id])
    return SubmissionResult(
        submission_id, kind, path.name, jurisdiction, "stored", ctx.raw.rows_read, stored,
        quarantined, message, reasons, replaced,
    )


def _replace_rows(store: Store, live: str, staged: Staged, submission_id: int, now: dt.datetime) -> int:
    """Move live rows whose ID arrives again to `<live>_history`, insert the new rows, and
    mark earlier submissions left with no live rows as superseded. Returns rows replaced."""
    con, key = store.con, staged.id_column
    replaced = con.execute(
        f"""insert into {live}_history
            select l.*, ?::timestamp, ?::bigint from {live} l
            where l.{key} in (select {key} from {staged.good})""",
        [now, submission_id],
    ).fetchall()[0][0]
    if replaced:
        con.execute(f"delete from {live} where {key} in (select {key} from {staged.good})")
    con.execute(
        f"insert into {live} by name select ?::bigint as submission_id, * from {staged.good}",
        [submission_id],
    )
    if replaced:
        con.execute(
            f"""update submissions set superseded_by = ?
                where submission_id in (select distinct submission_id from {live}_history
                                        where replaced_by = ?)
                  and submission_id <> ? and superseded_by is null
                  and submission_id not in (select distinct submission_id from {live})""",
            [submission_id, submission_id, submission_id],
        )
    return replaced


def _record(
    store: Store,
    kind: str,
    path: Path,
    jurisdiction: str | None,
    status: str,
    message: str,
    submitted_by: str | None,
    sha: str,
) -> SubmissionResult:
    """Record a refused or duplicate file (a submissions row, nothing else)."""
    with store.transaction() as con:
        submission_id = con.execute(
            """insert into submissions (kind, jurisdiction, file_name, sha256, submitted_by,
                   submitted_at, status, message)
               values (?, ?, ?, ?, ?, now()::timestamp, ?, ?) returning submission_id""",
            [kind, jurisdiction, path.name, sha, submitted_by, status, message],
        ).fetchall()[0][0]
    return SubmissionResult(submission_id, kind, path.name, jurisdiction, status, message=message)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 24):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def _drop_temp(store: Store, prefix: str) -> None:
    names = store.con.execute(
        "select table_name from duckdb_tables() where temporary and starts_with(table_name, ?)", [prefix]
    ).fetchall()
    for (name,) in names:
        store.con.execute(f"drop table if exists temp.{name}")
