"""Many small statements on one thread per core, each thread on a cursor of its own."""

import threading

import duckdb
import pytest

from linkage.cursors import each_on_cursors


def test_every_item_is_handled_once_on_as_many_threads_as_duckdb_may_use(tmp_path):
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    con.execute("set threads = 3")
    con.execute("create table base as select 10 as ten")  # committed: every cursor sees it
    names, finished = set(), []

    def handle(cursor, item):
        names.add(threading.current_thread().name)
        # A temp table is the cursor's own: two threads may use one name at once.
        cursor.execute("create or replace temp table scratch as select ? * ten as v from base", [item])
        return cursor.execute("select v from scratch").fetchall()[0][0]

    each_on_cursors(con, range(60), handle, finish=lambda cursor, results: finished.append(results))
    assert len(finished) == 3 and len(names) <= 3
    assert sorted(v for results in finished for v in results) == [10 * i for i in range(60)]
    assert con.execute("select count(*) from duckdb_tables() where temporary").fetchall()[0][0] == 0


def test_an_error_in_a_thread_is_raised_in_the_caller(tmp_path):
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    con.execute("set threads = 2")
    taken = []

    def handle(cursor, item):
        taken.append(item)
        if item == 7:
            raise ValueError("item 7")
        return item

    with pytest.raises(ValueError, match="item 7"):
        each_on_cursors(con, range(10_000), handle, finish=lambda cursor, results: None)
    assert len(taken) < 10_000  # the others stopped taking
