"""Read a batch's files on as many threads as DuckDB may use, each on a connection of its own.

    >>> reads = read_files(ctx, list(enumerate(files)), read_one)  # then staging's `<prefix>_cells`

A national week is ~3,000 small logs. Each read is a few DuckDB statements, which run without
the GIL, and some Python (sniffing, header mapping): read one after another, one of the
machine's two cores idled through most of the week's ingest. Each thread
(`linkage.cursors.each_on_cursors`) reads its files into temp tables of its own cursor, then
moves their cells into the tables of an in-memory database attached for the batch
(`<prefix>.cells`, `<prefix>.rejects`), which every connection to the store sees; the
batch's own connection reads them through the temp views `<prefix>_cells` and
`<prefix>_rejects` that staging reads (`staging.Context`).

A file's number is given by the caller (its place in the batch), whichever thread reads it:
the batch's order is the same as when its files were read one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import duckdb

from linkage.cursors import each_on_cursors
from linkage.errors import RefusedFile
from linkage.ingest.headers import ColumnMapping
from linkage.ingest.rawtable import RawTable
from linkage.ingest.staging import Context, SourceFile

Job = TypeVar("Job")

GATHER_FILES = 250
"""Files moved into the batch's tables per statement: a UNION ALL of many files costs less
than an insert per file, but planning grows faster than linearly."""


@dataclass
class FileRead(Generic[Job]):
    """What became of one file: its number, and its text and mapping or why it was refused."""

    job: Job
    number: int
    source: SourceFile | None = None
    refused: RefusedFile | None = None


def read_files(
    ctx: Context,
    jobs: Sequence[tuple[int, Job]],
    read_one: Callable[[duckdb.DuckDBPyConnection, Job, str], tuple[RawTable, ColumnMapping]],
) -> list[FileRead[Job]]:
    """Read every (number, job) with `read_one(con, job, table)`, which leaves the file in
    temp tables named from `table` on `con` or raises RefusedFile; returns one FileRead per
    job, in order. A file's number is its `_file`, which orders the batch (a later file's row
    replaces an earlier one's): its place among the batch's files. A later call for the same
    `ctx` adds to its tables."""
    reads = [FileRead(job, number) for number, job in jobs]
    _open_tables(ctx)

    def read(con: duckdb.DuckDBPyConnection, file: FileRead[Job]) -> SourceFile | None:
        try:
            raw, mapping = read_one(con, file.job, f"{ctx.prefix}_raw{file.number}")
        except RefusedFile as exc:
            file.refused = exc
        else:
            file.source = SourceFile(file.number, raw, mapping)
        return file.source

    # Gathered once a thread has read all it takes, not between reads: appending to a growing
    # table between reads made DuckDB's CSV reads about twice as slow.
    each_on_cursors(ctx.con, reads, read,
                    finish=lambda con, sources: _gather(con, ctx.prefix, [f for f in sources if f]))
    return reads


def drop_tables(con: duckdb.DuckDBPyConnection, prefix: str) -> None:
    """Drop the batch's temp tables and views (every name starting with `prefix`) and detach
    its in-memory database."""
    for kind, catalog in (("view", "duckdb_views()"), ("table", "duckdb_tables()")):
        names = con.execute(
            f"select {kind}_name from {catalog} where temporary and starts_with({kind}_name, ?)", [prefix]
        ).fetchall()
        for (name,) in names:
            con.execute(f"drop {kind} if exists temp.{name}")
    con.execute(f"detach database if exists {prefix}")


def _open_tables(ctx: Context) -> None:
    con, prefix = ctx.con, ctx.prefix
    con.execute(f"attach if not exists ':memory:' as {prefix}")
    con.execute(f"create table if not exists {prefix}.cells (_file integer, _row bigint, cells varchar[])")
    con.execute(f"create table if not exists {prefix}.rejects"
                " (_file integer, _row bigint, raw_row json, reason varchar)")
    con.execute(f"create or replace temp view {prefix}_cells as select * from {prefix}.cells")
    con.execute(f"create or replace temp view {prefix}_rejects as select * from {prefix}.rejects")


def _gather(con: duckdb.DuckDBPyConnection, prefix: str, files: list[SourceFile]) -> None:
    """Move `files`' cells and rejects into the batch's tables and drop the files' own."""
    for start in range(0, len(files), GATHER_FILES):
        group = files[start:start + GATHER_FILES]
        con.execute(f"insert into {prefix}.cells " + " union all ".join(
            f"select {f.number}, _row, [{', '.join(f.raw.columns)}] from {f.raw.table}" for f in group))
        if with_rejects := [f for f in group if f.raw.rejected]:
            con.execute(f"insert into {prefix}.rejects " + " union all ".join(
                f"select {f.number}, _row, raw_row, reason from {f.raw.rejects}" for f in with_rejects))
        # One statement for the group's drops: a national week drops ~3,000 files' tables.
        con.execute("; ".join(sql for f in group for sql in f.raw.drop_statements()))
