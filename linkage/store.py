"""The DuckDB warehouse: one file holds every input row, every model and every verdict.

    >>> store = Store.open("linkage.duckdb")
    >>> with store.transaction():
    ...     store.con.execute("insert into ...")
    >>> store.close()

Stages receive a `Store` and read or write *tables* in it; they pass table names and run IDs
to each other, never DataFrames, so the same code serves ten rows or ten million.

The schema is versioned: `MIGRATIONS[i]` (linkage/schema.py) takes the store from version i
to i+1, and `Store.open` applies whatever a file still lacks, inside one transaction.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from linkage.files import restrict_umask
from linkage.schema import MIGRATIONS

DEFAULT_DB = "linkage.duckdb"


def _read_pairs_as_version_16(con: duckdb.DuckDBPyConnection) -> None:
    """A store from before schema version 16 opened read-only (not migrated) reads its pairs
    under today's names, through temp views that shadow its `candidate_pairs` table: every run's
    pairs are the rows it holds (a week's were copies then)."""
    tables = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' and database_name = current_database()"
    ).fetchall()}
    if "candidate_pairs" not in tables or "scored_pairs" in tables:
        return
    # By the database's own name: `main.candidate_pairs` would bind to the temp view itself.
    name = con.execute("select current_database()").fetchall()[0][0].replace('"', '""')
    table = f'"{name}".main.candidate_pairs'
    con.execute(f"create temp view scored_pairs as select *, null::integer as carried_until from {table}")
    con.execute(f"create temp view candidate_pairs as select *, rowid as pair_row from {table}")
    con.execute("create temp table run_pair_sources (run_id varchar, source_run varchar, depth integer)")


class Store:
    """One DuckDB file, migrated to the current schema on open.

        >>> store = Store.open(":memory:")
        >>> store.schema_version()
        4
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str):
        self.con = con
        self.path = path

    @classmethod
    def open(
        cls, path: str | os.PathLike | None = None, *, read_only: bool = False,
        wait: float | None = None,
    ) -> Store:
        """Open (creating and migrating if needed) the store at `path`, `$LINKAGE_DB` or the default.

        A file store is locked for as long as it is open (`linkage.service.lock`): exclusive
        for read-write, shared for read-only, waiting at most `wait` seconds (default
        $LINKAGE_STORE_WAIT or 60) before raising `StoreBusy` — so the API, served flows and
        the CLI take turns instead of failing on DuckDB's one-writer rule.
        """
        from linkage.service.lock import acquire

        db_path = str(path or os.environ.get("LINKAGE_DB") or DEFAULT_DB)
        if db_path != ":memory:":
            # DuckDB creates the .wal (every new row until a checkpoint) and spill files with
            # the process umask: owner-only from here on, like the store itself.
            restrict_umask()
        if db_path == ":memory:":
            store = cls(duckdb.connect(db_path), db_path)
            store.migrate()
            return store
        lock = acquire(db_path, shared=read_only, timeout=wait)
        try:
            _create_private(Path(db_path))
            # This thread may already hold the store read-write (a nested open): DuckDB refuses
            # a read-only connection beside it in one process, and the lock already covers it.
            con = _connect(db_path, read_only=read_only and lock.shared, wait=wait)
        except BaseException:
            lock.release()
            raise
        _configure(con, Path(db_path))
        store = cls(con, db_path)
        store._lock = lock
        if not read_only:
            try:
                store.migrate()
            except BaseException:
                store.close()
                raise
        else:
            _read_pairs_as_version_16(con)
        return store

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            lock = getattr(self, "_lock", None)
            if lock is not None:
                lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def schema_version(self) -> int:
        exists = self.con.execute(
            "select count(*) from information_schema.tables where table_name = 'schema_version'"
        ).fetchall()[0][0]
        if not exists:
            return 0
        return self.con.execute("select max(version) from schema_version").fetchall()[0][0] or 0

    def migrate(self) -> None:
        current = self.schema_version()
        if current >= len(MIGRATIONS):
            return
        with self.transaction():
            self.con.execute(
                "create table if not exists schema_version (version integer, applied_at timestamp)"
            )
            for version in range(current, len(MIGRATIONS)):
                step = MIGRATIONS[version]
                step(self.con) if callable(step) else self.con.execute(step)
                self.con.execute(
                    "insert into schema_version values (?, current_timestamp)", [version + 1]
                )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All of the block lands, or none of it."""
        self.con.execute("begin transaction")
        try:
            yield self.con
        except BaseException:
            self.con.execute("rollback")
            raise
        else:
            self.con.execute("commit")

    def table_exists(self, name: str) -> bool:
        return bool(
            self.con.execute(
                "select count(*) from information_schema.tables where table_name = ?", [name]
            ).fetchall()[0][0]
        )

    def count(self, table: str) -> int:
        return self.con.execute(f'select count(*) from "{table}"').fetchall()[0][0]

    def abandoned_runs(self) -> list[str]:
        """Runs still 'running' whose process on this host is gone: killed mid-way (read only;
        the next `start_run` marks them, `linkage status` shows them)."""
        import socket

        rows = self.con.execute(
            "select run_id, pid from runs where status = 'running' and host = ?", [socket.gethostname()]
        ).fetchall()
        return [run_id for run_id, pid in rows if pid is None or not _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _connect(db_path: str, *, read_only: bool, wait: float | None) -> duckdb.DuckDBPyConnection:
    """Connect, retrying while DuckDB's own file lock is held by a process that does not take
    ours (the duckdb shell, an old version): bounded by the same wait."""
    import time

    from linkage.service.lock import StoreBusy, wait_seconds

    deadline = time.monotonic() + (wait_seconds() if wait is None else wait)
    while True:
        try:
            return duckdb.connect(db_path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{db_path}: held by another program: {exc}") from exc
            time.sleep(0.1)


def _configure(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """DuckDB's buffer pool is capped ($LINKAGE_MEMORY_LIMIT, default 6GB: Python, pyarrow and
    Splink sit on top, under an 8 GB budget) and spills to a folder beside the store instead of
    failing when a join outgrows it (docs/scale.md)."""
    con.execute(f"set memory_limit = '{os.environ.get('LINKAGE_MEMORY_LIMIT', '6GB')}'")
    spill = path.with_name(path.name + ".spill")
    con.execute(f"set temp_directory = '{str(spill).replace(chr(39), chr(39) * 2)}'")


def _create_private(path: Path) -> None:
    """Create the database file owner-only before DuckDB opens it (it holds PII)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    old = os.umask(0o077)
    try:
        # DuckDB refuses an empty non-database file, so only set the umask for its own create.
        duckdb.connect(str(path)).close()
    finally:
        os.umask(old)
    for extra in (path, path.with_name(path.name + ".wal")):
        if extra.exists():
            extra.chmod(0o600)
