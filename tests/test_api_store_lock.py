"""One writer at a time: the store lock across processes and threads, and what the API
answers when a reconciliation holds the store (503 + Retry-After; the audit row waits)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from linkage.service.lock import StoreBusy
from linkage.store import Store


def hold_in_subprocess(db: str, seconds: float) -> subprocess.Popen:
    """A process that holds the store read-write for `seconds`; returns once it holds it."""
    code = textwrap.dedent(f"""
        import sys, time
        from linkage.store import Store
        with Store.open({db!r}):
            print("held", flush=True)
            time.sleep({seconds})
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_process_waits_for_the_writer_then_gets_the_store(tmp_path):
    db = str(tmp_path / "lock.duckdb")
    Store.open(db).close()
    holder = hold_in_subprocess(db, 1.0)
    try:
        with pytest.raises(StoreBusy, match="busy .*held by pid"):
            Store.open(db, wait=0.2)
        started = time.monotonic()
        with Store.open(db, wait=15) as store:  # waits, then writes: nothing fails by luck
            store.con.execute("create table t as select 1 as x")
        assert time.monotonic() - started > 0.3
    finally:
        holder.wait(timeout=15)


def test_nested_open_in_one_thread_does_not_wait_on_itself(tmp_path):
    db = str(tmp_path / "nested.duckdb")
    with Store.open(db, wait=0.5) as outer, Store.open(db, wait=0.5) as inner:
        inner.con.execute("create table t as select 1 as x")
        assert outer.count("t") == 1
        with Store.open(db, read_only=True, wait=0.5) as reader:
            assert reader.count("t") == 1


def test_api_answers_503_while_a_run_holds_the_store_and_keeps_the_audit_row(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from linkage.api import create_app
    from linkage.service.audit import spool_path
    from linkage.service.tokens import create_token

    db = str(tmp_path / "busy.duckdb")
    with Store.open(db) as store:
        _, secret = create_token(store, role="analyst")
    app = create_app(db)
    monkeypatch.setenv("LINKAGE_STORE_WAIT", "0.3")
    holder = hold_in_subprocess(db, 2.5)
    try:
        with TestClient(app) as client:
            answer = client.post("/v1/reports", files={"file": ("r.csv", b"a\n")},
                                 headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "30"
        assert spool_path(db).exists()  # the audit row waits on disk, not lost
    finally:
        holder.wait(timeout=15)
    monkeypatch.setenv("LINKAGE_STORE_WAIT", "10")
    with TestClient(app) as client:
        assert client.get("/v1/jurisdictions/MN/Hennepin/outcomes",
                          headers={"Authorization": f"Bearer {secret}"}).status_code == 404
    with Store.open(db, read_only=True) as store:
        statuses = [r[0] for r in store.con.execute(
            "select status from audit_log order by logged_at").fetchall()]
    assert statuses == [503, 404]
    assert not spool_path(db).exists()
