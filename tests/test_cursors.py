"""Many small statements on one thread per core, each thread on a cursor of its own."""

import signal
import threading

import duckdb
import pytest

from linkage.cursors import each_on_cursors


def _store(tmp_path, *, threads: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    con.execute(f"set threads = {threads}")
    return con


def test_every_item_is_handled_once_on_as_many_threads_as_duckdb_may_use(tmp_path):
    con = _store(tmp_path, threads=3)
    con.execute("create table base as select 10 as ten")  # committed: every cursor sees it
    # The first three items are taken by three threads at once: each waits here for the
    # others (a thread that waits takes nothing more), and fewer threads would time out.
    together = threading.Barrier(3, timeout=30)
    finished = []

    def handle(cursor, item):
        if item < 3:
            together.wait()
        # A temp table is the cursor's own: the threads use one name at once.
        cursor.execute("create or replace temp table scratch as select ? * ten as v from base", [item])
        return cursor.execute("select v from scratch").fetchall()[0][0]

    each_on_cursors(con, range(60), handle, finish=lambda cursor, results: finished.append(results))
    assert len(finished) == 3
    assert sorted(v for results in finished for v in results) == [10 * i for i in range(60)]


def test_an_error_in_a_thread_is_raised_in_the_caller(tmp_path):
    con, taken = _store(tmp_path, threads=2), []

    def handle(cursor, item):
        taken.append(item)
        if item == 7:
            raise ValueError("item 7")
        return item

    with pytest.raises(ValueError, match="item 7"):
        each_on_cursors(con, range(10_000), handle, finish=lambda cursor, results: None)
    assert len(taken) < 10_000  # the others stopped taking


def test_ctrl_c_stops_every_thread_before_it_is_raised(tmp_path):
    # Ctrl-C reaches the caller's thread only; the store may be closed right after, so no
    # thread may still be running a statement on it. A real SIGINT to the caller's thread
    # (a simulated one does not wake a thread waiting in join), under Python's own handler
    # (an earlier test's server may have set another).
    con, taken = _store(tmp_path, threads=2), []

    def handle(cursor, item):
        taken.append(item)
        if item == 0:
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return cursor.execute("select count(*) from range(50_000_000) t(x) where x % 7 = 3").fetchall()

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            each_on_cursors(con, range(1_000), handle)
    finally:
        signal.signal(signal.SIGINT, before)
    assert not [t for t in threading.enumerate() if t.name.startswith("duckdb-cursor")]
    assert len(taken) < 1_000
