"""Shared test set-up. PREFECT_HOME goes to a temporary folder *before* prefect is imported,
so cached task results never leak between test sessions (../shared/field-notes.md)."""

import atexit
import os
import shutil
import socket
import tempfile
from pathlib import Path

_PREFECT_HOME = tempfile.mkdtemp(prefix="linkage-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)  # one folder a session piled up in /tmp
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# rich fixes a console's width from COLUMNS when the console is made (linkage.cli_common, at
# import): a COLUMNS in the session's environment (pytest-xdist's workers set 80) would
# override the width each CliRunner.invoke(env={"COLUMNS": ...}) asks for.
os.environ.pop("COLUMNS", None)

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
DEMO = FIXTURES / "demo"
BAD = FIXTURES / "bad"


@pytest.fixture
def store(tmp_path):
    """A real DuckDB file in a temporary folder, migrated to the current schema."""
    from linkage.store import Store

    s = Store.open(tmp_path / "test.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every test that runs real flows (~10-20 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def loopback_socket() -> socket.socket:
    """A socket bound to a port of 127.0.0.1 that the kernel picks, for a server to take as it
    is: a port looked up, released and then bound again could be taken in between by another
    test worker's server (the tests run on every core)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def with_todays_submission_columns(old) -> None:
    """Give a store built at an old schema version (`MIGRATIONS[:k]`) the submission columns
    today's `submit` writes, so a test can fill it with today's code before migrating it."""
    old.con.execute("alter table submissions add column if not exists located json")


def pytest_collection_modifyitems(items) -> None:
    """Refuse a collection where two items share a node ID: pytest-xdist (the README's test
    command) runs items by node ID, so it would run one of them and report nothing missing
    (schemathesis' `schema.parametrize()` did so under pytest 9: one API operation of seven)."""
    from collections import Counter

    shared = sorted(nodeid for nodeid, n in Counter(item.nodeid for item in items).items() if n > 1)
    if shared:
        raise pytest.UsageError(f"items share a node ID, so pytest-xdist would run one of each: {shared}")
