"""Many small DuckDB statements at once: one thread per core, each on a cursor of its own.

    >>> each_on_cursors(con, files, read_one, finish=gather)

DuckDB runs a statement without the GIL, but a connection runs one statement at a time, and
a small statement (a read of one jail's log) keeps one core busy at most: thousands of them
one after another leave the others idle. A cursor is a connection of its own to the same
database: it sees every committed table, and its temp tables are its own (gone when it closes).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

import duckdb

Item = TypeVar("Item")
Result = TypeVar("Result")


def each_on_cursors(
    con: duckdb.DuckDBPyConnection,
    items: Iterable[Item],
    handle: Callable[[duckdb.DuckDBPyConnection, Item], Result],
    *,
    finish: Callable[[duckdb.DuckDBPyConnection, list[Result]], None] | None = None,
) -> None:
    """`handle(cursor, item)` for every item, in order of taking, on as many threads as
    DuckDB's `threads` setting (an operator's limit holds here too); then, per thread,
    `finish(cursor, its results)` before its cursor closes. The first error of any thread
    stops the others from taking more and is raised here."""
    pending = iter(items)
    lock = threading.Lock()
    failures: list[BaseException] = []
    cursors: list[duckdb.DuckDBPyConnection] = []

    def work() -> None:
        cursor = con.cursor()
        cursors.append(cursor)
        try:
            results: list[Result] = []
            while not failures:
                with lock:
                    item = next(pending, _DONE)
                if item is _DONE:
                    break
                results.append(handle(cursor, item))
            if finish is not None and not failures:
                finish(cursor, results)
        except BaseException as exc:  # raised again below, in the caller's thread
            failures.append(exc)
        finally:
            cursor.close()

    threads = [threading.Thread(target=work, name=f"duckdb-cursor-{i}") for i in range(_threads(con))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    except BaseException as exc:
        # Ctrl-C reaches this thread only: the others stop taking, their statements are
        # interrupted, and none is left running on a store its caller is about to close.
        failures.append(exc)
        for cursor in list(cursors):
            with contextlib.suppress(duckdb.Error):
                cursor.interrupt()
        for thread in threads:
            if thread.ident is not None:
                thread.join()
        raise
    if failures:
        raise failures[0]


_DONE = object()


def _threads(con: duckdb.DuckDBPyConnection) -> int:
    return max(1, int(con.execute("select current_setting('threads')").fetchall()[0][0]))
