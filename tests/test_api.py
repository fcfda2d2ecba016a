"""The HTTP intake, served for real: uvicorn on a loopback port, a real store file, httpx."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEMO, REPO, loopback_socket

LIMIT = 2_000_000  # bytes: every demo file fits, a 3 MB body does not


@dataclass
class Service:
    url: str
    db: str
    tokens: dict[str, str]
    ids: dict[str, str]
    queued: list[int] = field(default_factory=list)

    def client(self, who: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)


def serve_in_thread(app) -> tuple:
    """Start uvicorn on a loopback port in a daemon thread; returns (server, thread, port)."""
    import uvicorn

    sock = loopback_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start in 20 s"
        assert thread.is_alive(), "uvicorn exited"
        time.sleep(0.05)
    return server, thread, port


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from linkage.api import create_app
    from linkage.service.tokens import create_token, revoke_token
    from linkage.store import Store

    db = str(tmp_path_factory.mktemp("api") / "api.duckdb")
    tokens, ids = {}, {}
    with Store.open(db) as store:
        for name, role, place in [
            ("hennepin", "sheriff", "MN/Hennepin"), ("travis", "sheriff", "TX/Travis County"),
            ("marion", "sheriff", "OR/Marion"), ("teton", "sheriff", "WY/Teton"), ("analyst", "analyst", None),
            ("auditor", "auditor", None), ("revoked", "analyst", None),
        ]:
            ids[name], tokens[name] = create_token(store, role=role, jurisdiction=place)
        revoke_token(store, ids["revoked"])
    svc = Service("", db, tokens, ids)

    def trigger(submission_id: int, db_path: str) -> str:
        assert db_path == db
        svc.queued.append(submission_id)
        return f"flow-run-{submission_id}"

    server, thread, port = serve_in_thread(create_app(db, max_upload_bytes=LIMIT, trigger_intake=trigger))
    svc.url = f"http://127.0.0.1:{port}"
    yield svc
    server.should_exit = True
    thread.join(timeout=10)


def upload(client: httpx.Client, route: str, path: Path, name: str | None = None) -> httpx.Response:
    with open(path, "rb") as handle:
        return client.post(route, files={"file": (name or path.name, handle)})


def audit_rows(db: str, where: str = "true", at_least: int = 0) -> list[tuple]:
    """Audit rows; waits (5 s at most) for `at_least`: a row lands just after its answer."""
    from linkage.store import Store

    deadline = time.monotonic() + 5
    while True:
        with Store.open(db, read_only=True) as store:
            rows = store.con.execute(
                f"select token_id, role, method, path, jurisdiction, status, detail from audit_log "
                f"where {where} order by logged_at"
            ).fetchall()
        if len(rows) >= at_least or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


HENNEPIN = "/v1/jurisdictions/MN/Hennepin/release-logs"


def test_health_and_docs_need_no_token(service):
    with service.client() as client:
        assert client.get("/v1/health").json() == {"status": "ok"}
        assert client.get("/docs").status_code == 200
        assert "/v1/reports" in client.get("/openapi.json").json()["paths"]


def test_no_bad_or_revoked_token_is_401_and_logged(service):
    csv = DEMO / "releases" / "mn-hennepin.csv"
    with service.client() as client:
        assert upload(client, HENNEPIN, csv).status_code == 401
        for secret in ("nonsense", service.tokens["hennepin"] + "x", service.tokens["revoked"]):
            answer = client.post(HENNEPIN, files={"file": ("a.csv", b"x")},
                                 headers={"Authorization": f"Bearer {secret}"})
            assert answer.status_code == 401, secret
            assert answer.headers["www-authenticate"] == "Bearer"
            assert secret not in answer.text
    rows = audit_rows(service.db, "status = 401", at_least=4)
    assert len(rows) >= 4
    assert all(r[3] == HENNEPIN and r[4] == "MN/HENNEPIN" for r in rows)
    assert any(r[0] is None and "no bearer token" in r[6] for r in rows)
    dump = json.dumps([list(map(str, r)) for r in audit_rows(service.db)])
    assert not any(secret in dump for secret in service.tokens.values())  # never a secret


def test_sheriff_cannot_reach_another_jurisdiction(service):
    with service.client("hennepin") as client:
        answer = upload(client, "/v1/jurisdictions/TX/Travis/release-logs", DEMO / "releases" / "tx-travis.csv")
        assert answer.status_code == 403
        assert client.get("/v1/jurisdictions/TX/Travis/outcomes").status_code == 403
        assert client.get("/v1/jurisdictions/tx/travis%20county/report").status_code == 403
        # Roles: a sheriff uploads no report entries or ICE extracts.
        assert upload(client, "/v1/reports", DEMO / "reports.csv").status_code == 403
        assert upload(client, "/v1/custody", DEMO / "custody.csv").status_code == 403
    with service.client("auditor") as client:
        assert upload(client, HENNEPIN, DEMO / "releases" / "mn-hennepin.csv").status_code == 403
    denied = audit_rows(service.db, f"status = 403 and token_id = '{service.ids['hennepin']}'", 5)
    assert len(denied) == 5
    token, role, method, path, jurisdiction, status, detail = denied[0]
    assert (role, method, path, jurisdiction) == ("sheriff", "POST",
                                                  "/v1/jurisdictions/TX/Travis/release-logs", "TX/TRAVIS")
    assert "MN/HENNEPIN cannot reach TX/TRAVIS" in detail


def test_oversized_upload_is_413_declared_or_streamed(service):
    from linkage.store import Store

    with Store.open(service.db, read_only=True) as store:
        before = store.count("submissions")
    big = b"booking_id\n" + b"1\n" * (LIMIT // 2)
    with service.client("hennepin") as client:
        answer = client.post(HENNEPIN, files={"file": ("big.csv", big)})
        assert answer.status_code == 413
        assert "limit" in answer.json()["detail"]

        def chunks():  # no Content-Length: the limit must hold while streaming
            yield b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n"
            for _ in range(40):
                yield b"1\n" * 50_000
            yield b"\r\n--xyz--\r\n"

        streamed = client.post(HENNEPIN, content=chunks(),
                               headers={"Content-Type": "multipart/form-data; boundary=xyz"})
        assert streamed.status_code == 413
    with Store.open(service.db, read_only=True) as store:
        assert store.count("submissions") == before  # nothing recorded, nothing on disk


def test_bad_requests_are_plain_4xx(service):
    with service.client("hennepin") as client:
        assert client.post(HENNEPIN, content=b"a,b\n", headers={"Content-Type": "text/csv"}).status_code == 415
        assert client.post(HENNEPIN, files={"file": ("log.exe", b"MZ")}).status_code == 415
        assert client.post(HENNEPIN, files={"other": ("log.csv", b"a\n")}).status_code == 422
        refused = client.post(HENNEPIN, files={"file": ("log.csv", b"name,colour\nA,red\n")})
        assert refused.status_code == 422
        assert refused.json()["status"] == "refused" and refused.json()["duplicate"] is False
        assert client.get("/v1/jurisdictions/ZZ/Nowhere/outcomes").status_code == 404


def test_upload_answers_a_summary_and_reupload_is_a_duplicate(service):
    csv = DEMO / "releases" / "mn-hennepin.csv"
    with service.client("hennepin") as client:
        first = upload(client, HENNEPIN, csv)
        assert first.status_code == 200, first.text
        summary = first.json()
        assert summary["status"] == "stored" and summary["duplicate"] is False
        assert summary["jurisdiction"] == "MN/HENNEPIN" and summary["file_name"] == "mn-hennepin.csv"
        assert summary["rows_read"] == summary["rows_stored"] + summary["rows_quarantined"] > 0
        assert summary["intake"] == {"queued": True, "flow_run_id": f"flow-run-{summary['submission_id']}",
                                     "detail": "intake flow run created"}
        again = upload(client, HENNEPIN, csv, name="renamed.csv")
        assert again.status_code == 200
        assert again.json()["duplicate"] is True and again.json()["rows_stored"] == 0
        assert again.json()["intake"]["queued"] is False
        detail = client.get(f"/v1/submissions/{summary['submission_id']}").json()
        assert detail["rows_stored"] == summary["rows_stored"]
        assert len(detail["quarantined"]) == summary["rows_quarantined"]
    assert service.queued.count(summary["submission_id"]) == 1
    from linkage.store import Store

    with Store.open(service.db, read_only=True) as store:
        stored = store.con.execute("select count(*) from bookings where jurisdiction = 'MN/HENNEPIN'").fetchall()
    assert stored[0][0] == summary["rows_stored"]  # nothing stored twice
    with service.client("travis") as client:
        assert client.get(f"/v1/submissions/{summary['submission_id']}").status_code == 403


def test_rows_of_another_jurisdiction_are_quarantined(service):
    travis = (DEMO / "releases" / "tx-travis.csv").read_text(encoding="utf-8-sig")
    head, *rows = travis.splitlines()
    with service.client("marion") as client:
        answer = client.post("/v1/jurisdictions/OR/Marion/release-logs",
                             files={"file": ("travis-as-marion.csv", "\n".join([head, *rows[:5]]) + "\n")})
    summary = answer.json()
    assert answer.status_code == 200 and summary["rows_stored"] == 0
    assert summary["rows_quarantined"] == 5
    assert all("is not the submitted jurisdiction OR/MARION" in r for r in summary["quarantine_reasons"])


def test_a_quarantined_row_is_also_named_as_the_clerk_finds_it_in_the_file(service):
    # A clerk's probe: over HTTP "row 2, column booking_date" counted from the header down and
    # named no header of the file; the CLI already said line and header.
    log = "\n".join(["TRAVIS COUNTY RELEASES", "",
                     "Booking No,Name,Date Booked,Release Date,Facility,County,State",
                     "B1,\"DOE, JOHN\",2/1/2017,2/3/2017,Jail,Travis,TX",
                     "B2,\"ROE, JANE\",2/31/2017,2/3/2017,Jail,Travis,TX"]) + "\n"
    with service.client("travis") as client:
        summary = client.post("/v1/jurisdictions/TX/Travis/release-logs",
                              files={"file": ("titled.csv", log)}).json()
    assert summary["rows_quarantined"] == 1, summary
    assert summary["quarantine_reasons"][0].startswith("row 2, column booking_date: "), summary
    assert summary["quarantine_reasons_in_file"][0].startswith(
        "row 2 (line 5), column booking_date ('Date Booked'): "), summary
    # Every quarantined row is at GET, named the same way (the answer shows ten).
    with service.client("travis") as client:
        detail = client.get(f"/v1/submissions/{summary['submission_id']}").json()
    assert detail["quarantined"][0]["reasons_in_file"] == summary["quarantine_reasons_in_file"], detail


def test_a_bad_age_is_left_empty_and_shown_with_the_submission(service):
    travis = (DEMO / "releases" / "tx-travis.csv").read_text(encoding="utf-8-sig")
    head, first, second, *_ = travis.splitlines()
    bad_age = first.replace(",34,M,", ",THIRTY,M,", 1)
    assert bad_age != first
    with service.client("analyst") as client:
        answer = client.post("/v1/jurisdictions/TX/Travis/release-logs",
                             files={"file": ("travis-ages.csv", "\n".join([head, bad_age, second]) + "\n")})
        summary = answer.json()
        assert answer.status_code == 200 and (summary["rows_stored"], summary["rows_quarantined"]) == (2, 0)
        assert "blanked_cells" in summary["message"]
        detail = client.get(f"/v1/submissions/{summary['submission_id']}").json()
    assert detail["quarantined"] == []
    assert detail["blanked"] == [{"row_number": 1, "reasons": ['column age: not a whole number: "THIRTY"'],
                                  "reasons_in_file": ['row 1 (line 2), column age (\'AGE AT BOOKING\'): not a whole number: "THIRTY"']}]


def test_concurrent_uploads_for_two_jurisdictions_both_land(service):
    jobs = [("analyst", "/v1/jurisdictions/OR/Washington/release-logs", DEMO / "releases" / "or-washington.csv"),
            ("marion", "/v1/jurisdictions/OR/Marion/release-logs", DEMO / "releases" / "or-marion.csv")]

    def send(job):
        who, route, path = job
        with service.client(who) as client:
            return upload(client, route, path)

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(send, jobs))
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    assert [a.json()["status"] for a in answers] == ["stored", "stored"]
    from linkage.store import Store

    with Store.open(service.db, read_only=True) as store:
        counts = dict(store.con.execute(
            "select jurisdiction, count(*) from bookings group by all").fetchall())
    assert counts["OR/WASHINGTON"] == answers[0].json()["rows_stored"]
    assert counts["OR/MARION"] == answers[1].json()["rows_stored"]


@pytest.mark.slow
def test_round_trip_upload_reconcile_report(service):
    from linkage.config import load_config
    from linkage.pipeline import run_all
    from linkage.store import Store

    with service.client("analyst") as client:
        assert client.get("/v1/jurisdictions/MN/Hennepin/report").status_code == 404  # no run yet
        for route, path in [("/v1/reports", DEMO / "reports.csv"), ("/v1/custody", DEMO / "custody.csv")]:
            assert upload(client, route, path).json()["status"] == "stored"
        # With the logs sent above (Hennepin, Marion, Washington), three jurisdictions keep
        # the training short; an analyst may send any jurisdiction's log (a duplicate here).
        for path in [DEMO / "releases" / "mn-hennepin.csv"]:
            state, _, county = path.stem.partition("-")
            answer = upload(client, f"/v1/jurisdictions/{state}/{county}/release-logs", path)
            assert answer.status_code == 200 and answer.json()["status"] in ("stored", "duplicate"), answer.text
    with Store.open(service.db) as store:
        run_id = run_all(store, load_config())
        booked = dict(store.con.execute(
            """select o.booking_id, b.full_name from outcomes o join bookings b using (booking_uid)
               where o.run_id = ? and b.jurisdiction = 'MN/HENNEPIN'""", [run_id]).fetchall())
    assert booked, "the demo's Hennepin entries match bookings"
    with service.client("hennepin") as client:
        page = client.get("/v1/jurisdictions/MN/Hennepin/report")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert run_id in page.text
        for booking_id, name in booked.items():
            assert booking_id in page.text and name in page.text
        redacted = client.get("/v1/jurisdictions/MN/Hennepin/report", params={"redact": True}).text
        assert not any(name in redacted for name in booked.values())
        outcomes = client.get("/v1/jurisdictions/MN/Hennepin/outcomes").json()
    assert outcomes["run_id"] == run_id and outcomes["count"] == len(outcomes["outcomes"]) > 0
    assert {o["jurisdiction"] for o in outcomes["outcomes"]} == {"MN/HENNEPIN"}
    assert set(booked) <= {o["booking_id"] for o in outcomes["outcomes"]}
    # A place ICE listed nobody in: after a run that is the answer, not "no run yet".
    with service.client("teton") as client:
        nobody = client.get("/v1/jurisdictions/WY/Teton/outcomes")
    assert nobody.status_code == 404 and nobody.json()["detail"].startswith("ICE listed no entry for WY/TETON")
    # Which log a booking number is of: a misfiled entry's may be a same-named county's.
    assert {o["booking_jurisdiction"] for o in outcomes["outcomes"] if o["booking_id"] in booked} == {"MN/HENNEPIN"}


def test_committed_openapi_matches_the_app(tmp_path):
    from linkage.api import create_app
    from linkage.cli_service import write_openapi

    fresh = tmp_path / "openapi.json"
    write_openapi(create_app(str(tmp_path / "o.duckdb")), fresh)
    committed = REPO / "openapi.json"
    assert committed.exists(), "run: linkage api --openapi openapi.json"
    assert json.loads(committed.read_text()) == json.loads(fresh.read_text()), (
        "openapi.json is stale: run `linkage api --openapi openapi.json`")
