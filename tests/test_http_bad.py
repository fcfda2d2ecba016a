"""The HTTP intake's bad-input cases (fixtures/bad/expected.toml, `[[http_case]]`) against a
real uvicorn on 127.0.0.1, and what its logs and store must never hold (secrets, names)."""

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BAD, REPO, loopback_socket
from test_ingest_bad import HTTP_CASES

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("linkage.api") is None,
    reason="linkage/api.py (issue 5, the HTTP intake) is not in this checkout yet",
)

MAX_UPLOAD = 100_000
SERVE = """
import socket, sys, uvicorn
from linkage.api import create_app
app = create_app(sys.argv[1], max_upload_bytes=int(sys.argv[3]))
uvicorn.Server(uvicorn.Config(app, log_level="info")).run(sockets=[socket.socket(fileno=int(sys.argv[2]))])
"""
TOKENS = ["sheriff TX/Travis", "sheriff MN/Hennepin", "analyst", "auditor", "revoked"]


def start_server(db: Path, log: Path, *, max_upload: int = MAX_UPLOAD) -> tuple[subprocess.Popen, str]:
    """uvicorn serving linkage.api on 127.0.0.1 (stdout and stderr to `log`); waits for /v1/health."""
    import httpx

    # The server takes the bound socket itself (its descriptor passed on): a port released for
    # it to bind could be taken by another test worker's server, whose /v1/health would answer.
    with loopback_socket() as sock:
        port = sock.getsockname()[1]
        handle = open(log, "wb")  # noqa: SIM115 - the server process writes it until it stops
        server = subprocess.Popen([sys.executable, "-c", SERVE, str(db), str(sock.fileno()), str(max_upload)],
                                  stdout=handle, stderr=subprocess.STDOUT, cwd=REPO, pass_fds=[sock.fileno()])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the API exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the API did not answer /v1/health within 30 s")


def make_tokens(db: Path) -> dict[str, str]:
    """One secret per kind of caller; the 'revoked' one is revoked at once."""
    from linkage.service.tokens import create_token, revoke_token
    from linkage.store import Store

    secrets = {}
    with Store.open(db) as store:
        for name in TOKENS:
            role, _, jurisdiction = name.partition(" ")
            role = "sheriff" if role == "revoked" else role
            token_id, secret = create_token(store, role=role, jurisdiction=jurisdiction or
                                            ("TX/Travis" if name == "revoked" else None), label=name)
            if name == "revoked":
                revoke_token(store, token_id)
            secrets[name] = secret
    secrets["unknown"] = "lk_" + "0" * 40
    return secrets


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    folder = tmp_path_factory.mktemp("http")
    db, log = folder / "store.duckdb", folder / "server.log"
    secrets = make_tokens(db)
    server, base = start_server(db, log)
    yield {"base": base, "secrets": secrets, "db": db, "log": log, "server": server}
    if server.poll() is None:
        server.terminate()
        server.wait(10)


def _send(api, case):
    import httpx

    headers = {}
    if case["token"] != "none":
        headers["Authorization"] = f"Bearer {api['secrets'][case['token']]}"
    data = (BAD / case["file"]).read_bytes()
    url = api["base"] + case["path"]
    if case.get("body") == "raw":
        return httpx.post(url, content=data, headers=headers | {"Content-Type": "text/csv"}, timeout=60)
    files = {case.get("field", "file"): (case.get("upload_name", case["file"]), data, "application/octet-stream")}
    return httpx.post(url, files=files, headers=headers, timeout=60)


@pytest.mark.parametrize("case", HTTP_CASES, ids=[c["name"] for c in HTTP_CASES])
def test_http_case(api, case):
    from linkage.store import Store

    answer = _send(api, case)
    assert answer.status_code == case["http"], answer.text
    body = answer.json()  # every answer, refusals included, is JSON: never a traceback page
    text = body.get("message") or json.dumps(body.get("detail"))
    if "message" in case:
        assert case["message"] in text, body
    if "status" not in case:
        return
    assert body["status"] == case["status"], body
    assert body["rows_read"] == body["rows_stored"] + body["rows_quarantined"]
    if "stored" in case:
        assert body["rows_stored"] == case["stored"], body
    if "quarantined" in case:
        assert body["rows_quarantined"] == case["quarantined"], body
    if "reason" in case:
        assert any(case["reason"] in line for line in body["quarantine_reasons"]), body
    assert "/" not in body["file_name"] and ".." not in body["file_name"]
    with Store.open(api["db"], read_only=True) as store:
        row = store.con.execute(
            "select status, rows_stored, rows_quarantined from submissions where submission_id = ?",
            [body["submission_id"]],
        ).fetchall()
        live = store.con.execute(
            "select count(*) from bookings where submission_id = ?", [body["submission_id"]]
        ).fetchall()[0][0]
    assert row == [(body["status"], body["rows_stored"], body["rows_quarantined"])]
    assert live == body["rows_stored"]


def test_an_upload_the_client_drops_half_way_is_audited_without_a_traceback(api):
    """A connection closed mid-upload (a probe of session 50: a 500 in the audit log and a
    traceback in the server's) is a 400 with its reason, and nothing is stored."""
    import socket

    from linkage.store import Store

    def submissions() -> int:
        with Store.open(api["db"], read_only=True) as store:
            return store.con.execute("select count(*) from submissions").fetchall()[0][0]

    before = submissions()
    port = int(api["base"].rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                     + api["secrets"]["analyst"].encode()
                     + b"\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 50000\r\n\r\n"
                     b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc')
    deadline, found = time.monotonic() + 20, []
    while not found and time.monotonic() < deadline:
        time.sleep(0.2)
        with Store.open(api["db"], read_only=True) as store:
            found = store.con.execute("select status, detail from audit_log where detail like '%connection closed%'"
                                      ).fetchall()
    assert found == [(400, "the connection closed before the upload ended: nothing stored")]
    assert "ClientDisconnect" not in api["log"].read_text(errors="replace")
    assert submissions() == before


def test_no_secret_or_name_in_server_logs_or_store(api):
    """Run after the cases (same module): the server's log and the store file never hold a
    token secret; the log never holds a name from an uploaded file."""
    from linkage.store import Store

    assert _send(api, HTTP_CASES[1]).status_code == 200  # names reach the server at least once
    with Store.open(api["db"], read_only=True) as store:
        audited = store.con.execute("select count(*) from audit_log").fetchall()[0][0]
        names = {n for (n,) in store.con.execute("select last_name from bookings").fetchall() if n}
    assert audited > 0 and names
    api["server"].terminate()
    api["server"].wait(10)
    log = api["log"].read_text(errors="replace")
    assert "GET /v1/health" in log or "POST /v1" in log  # uvicorn's access log was captured
    stored = api["db"].read_bytes() + (
        api["db"].with_name(api["db"].name + ".wal").read_bytes()
        if api["db"].with_name(api["db"].name + ".wal").exists() else b"")
    for name, secret in api["secrets"].items():
        assert secret not in log, f"the {name} token's secret is in the server log"
        assert secret.encode() not in stored, f"the {name} token's secret is in the store file"
    for name in names:
        assert name not in log, "a name from an uploaded file is in the server log"
