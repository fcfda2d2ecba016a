"""Soak the HTTP intake: 200 release logs from 8 concurrent clients while a reconciliation runs.

    python scripts/soak.py                       # 200 logs, 8 clients, 300 s budget, temp folder
    python scripts/soak.py --logs 40 --clients 4 --keep soak-out/

Everything runs on 127.0.0.1: a fresh store (the demo world ingested), sheriff tokens, a real
uvicorn serving `linkage.api`, and a reconciliation in another process whose stages open the
store one at a time, as the Prefect flow's tasks do (so intake and stages take turns on the
store lock). Some logs are bad on purpose: empty (refused), a row of another county
(quarantined), an identical re-send (duplicate). Afterwards it checks that the server answered
every request, every accepted row is in the store exactly once, every refused file and
quarantined row has a reason, and nothing was lost; prints a summary; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "fixtures" / "demo"
HOST = "127.0.0.1"  # loopback only, by construction
JURISDICTIONS = [("MN", "Hennepin", "Hennepin County Jail"), ("TX", "Travis", "Travis County Jail"),
                 ("OR", "Marion", "Marion County Jail"), ("GA", "Gwinnett", "Gwinnett County Jail")]
HEADER = ("Booking No,Last Name,First Name,DOB,Sex,Booking Date,Release Date,Release Reason,Charges,"
          "Place of Birth,Hold Agency,Facility,County,State")
SURNAMES = ["SOAKA", "SOAKB", "SOAKC", "SOAKD", "SOAKE"]
SERVE = """
import sys, uvicorn
from linkage.api import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""
RECONCILE = """
import sys
from linkage import pipeline
from linkage.config import load_config
from linkage.store import Store
db, config = sys.argv[1], load_config()
def stage(step, *args):
    with Store.open(db) as store:      # one stage per opening, as flows/reconcile.py does
        return step(store, *args)
run_id = stage(lambda s: pipeline.start_run(s, config))
stage(lambda s: pipeline.match_entries_to_bookings(s, run_id, config))
stage(lambda s: pipeline.match_releases_to_book_ins(s, run_id, config))
stage(lambda s: pipeline.decide_outcomes(s, run_id, config))
stage(lambda s: pipeline.finish_run(s, run_id))
print(run_id)
"""


def release_log(index: int, rows: int) -> tuple[str, str, bytes, str]:
    """(state, county, bytes, kind of case) of the index-th log: mostly good, some bad on purpose."""
    state, county, facility = JURISDICTIONS[index % len(JURISDICTIONS)]
    if index % 25 == 24:
        return state, county, b"", "empty"
    lines = [HEADER]
    for row in range(rows):
        day = 1 + (index + row) % 27
        lines.append(",".join([
            f"SOAK-{index:03d}-{row:03d}", SURNAMES[row % len(SURNAMES)], f"P{index:03d}R{row:03d}",
            f"1980-01-{day:02d}", "M", f"2017-02-{day:02d}", f"2017-02-{day + 1:02d} 10:00",
            "BOND-SURETY", "DWI", "Mexico", "", facility, county, state]))
    kind = "good"
    if index % 10 == 7:  # one row of another county: quarantined, the rest stored
        lines[1] = lines[1].replace(f",{county},{state}", ",Elsewhere,ZZ")
        kind = "one row elsewhere"
    return state, county, ("\n".join(lines) + "\n").encode(), kind


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def setup(folder: Path) -> tuple[Path, dict[str, str]]:
    """A store holding the demo world, and one sheriff token per jurisdiction."""
    sys.path.insert(0, str(REPO))
    from linkage.ingest import submit
    from linkage.service.tokens import create_token
    from linkage.store import Store

    db = folder / "soak.duckdb"
    secrets = {}
    with Store.open(db) as store:
        submit(store, "reports", DEMO / "reports.csv")
        submit(store, "releases", DEMO / "releases")
        submit(store, "custody", DEMO / "custody.csv")
        for state, county, _ in JURISDICTIONS:
            secrets[f"{state}/{county}"] = create_token(store, role="sheriff", jurisdiction=f"{state}/{county}",
                                                         label="soak")[1]
    return db, secrets


def send(base: str, secret: str, state: str, county: str, name: str, data: bytes, deadline: float) -> dict:
    """POST one log; retry 503 (store busy) until the deadline. Returns what happened."""
    import httpx

    url = f"{base}/v1/jurisdictions/{state}/{county}/release-logs"
    started, retries = time.monotonic(), 0
    while True:
        try:
            answer = httpx.post(url, files={"file": (name, data, "text/csv")},
                                headers={"Authorization": f"Bearer {secret}"},
                                timeout=max(1.0, deadline - time.monotonic()))
        except httpx.HTTPError as exc:
            return {"answered": False, "error": f"{type(exc).__name__}: {exc}", "seconds": time.monotonic() - started}
        if answer.status_code == 503 and time.monotonic() < deadline:
            retries += 1
            time.sleep(min(2.0, float(answer.headers.get("Retry-After", "1"))))
            continue
        body = answer.json() if answer.headers.get("content-type", "").startswith("application/json") else {}
        return {"answered": True, "code": answer.status_code, "body": body, "retries": retries,
                "seconds": time.monotonic() - started}


def check(db: Path, sent: list[dict]) -> list[str]:
    """Every accepted row in the store exactly once; every refusal and quarantined row with a reason."""
    from linkage.store import Store

    problems = []
    with Store.open(db, read_only=True) as store:
        con = store.con
        for item in sent:
            r = item["result"]
            if not r.get("answered"):
                problems.append(f"log {item['index']}: no answer ({r.get('error')})")
                continue
            body, code = r["body"], r["code"]
            if code not in (200, 422):
                problems.append(f"log {item['index']}: HTTP {code} {body}")
                continue
            status = body.get("status")
            if status == "refused":
                if not body.get("message") or not con.execute(
                        "select message from submissions where submission_id = ? and status = 'refused'",
                        [body["submission_id"]]).fetchall():
                    problems.append(f"log {item['index']}: refused without a recorded reason")
                continue
            if status == "duplicate":
                continue
            sid = body["submission_id"]
            ids = [f"SOAK-{item['index']:03d}-{row:03d}" for row in range(item["rows"])]
            found = dict(con.execute(
                "select booking_id, count(*) from bookings where booking_id in (select unnest(?)) group by all",
                [ids]).fetchall())
            in_submission = con.execute("select count(*) from bookings where submission_id = ?", [sid]).fetchall()[0][0]
            quarantined = con.execute(
                "select count(*) from quarantine where submission_id = ? and len(reasons) > 0", [sid]).fetchall()[0][0]
            if any(n != 1 for n in found.values()):
                problems.append(f"log {item['index']}: a booking stored more than once")
            if in_submission != body["rows_stored"] or quarantined != body["rows_quarantined"]:
                problems.append(f"log {item['index']}: store holds {in_submission} rows + {quarantined} "
                                f"quarantined, the answer said {body['rows_stored']} + {body['rows_quarantined']}")
            if len(found) + quarantined != item["rows"]:
                problems.append(f"log {item['index']}: {item['rows'] - len(found) - quarantined} rows lost")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--logs", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rows", type=int, default=40, help="rows per release log")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds for the whole soak")
    parser.add_argument("--keep", type=Path, help="keep the store and server log in this folder")
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="linkage-soak-"))
    folder.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    deadline = began + args.budget
    db, secrets = setup(folder)
    port = free_port()
    env = os.environ | {"LINKAGE_STORE_WAIT": "120"}
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - the server writes it until the end
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(db), str(port)], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    run = None
    try:
        import httpx

        while True:
            try:
                if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print("the API did not start", file=sys.stderr)
                return 1
            time.sleep(0.1)
        run = subprocess.Popen([sys.executable, "-c", RECONCILE, str(db)], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        items, lock = [], threading.Lock()
        logs = [release_log(i, args.rows) for i in range(args.logs)]
        # Every 20th log is sent twice (identical bytes): the second must come back a duplicate.
        plan = [(i, *logs[i]) for i in range(args.logs)] + [(i, *logs[i]) for i in range(3, args.logs, 20)]
        sent_at = time.monotonic()

        def one(entry):
            index, state, county, data, kind = entry
            name = f"soak-{index:03d}.csv"
            result = send(base, secrets[f"{state}/{county}"], state, county, name, data, deadline)
            with lock:
                items.append({"index": index, "kind": kind, "rows": args.rows if data else 0, "result": result})

        with futures.ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(one, plan))
        intake_seconds = time.monotonic() - sent_at
        try:
            run_out, run_err = run.communicate(timeout=max(1.0, deadline - time.monotonic()))
            run_status = "done" if run.returncode == 0 else f"failed ({run_err.strip().splitlines()[-1:]})"
        except subprocess.TimeoutExpired:
            run.kill()
            run_status = "killed at the time budget"
    finally:
        if run is not None and run.poll() is None:
            run.kill()
        server.terminate()
        server.wait(30)
        log.close()
    answered = [i for i in items if i["result"].get("answered")]
    codes = [i["result"]["code"] for i in answered]
    statuses = [i["result"]["body"].get("status") for i in answered]
    problems = check(db, items)
    if any(c >= 500 for c in codes):
        problems.append(f"{sum(c >= 500 for c in codes)} answers were 5xx")
    seconds = [i["result"]["seconds"] for i in answered]
    accepted = [i for i in answered if i["result"]["body"].get("status") == "stored"]
    rows_sent = sum(i["rows"] for i in accepted)
    stored = sum(i["result"]["body"]["rows_stored"] for i in accepted)
    quarantined = sum(i["result"]["body"]["rows_quarantined"] for i in accepted)
    summary = {
        "requests": len(items), "answered": len(answered), "clients": args.clients,
        "accepted": statuses.count("stored"), "duplicates": statuses.count("duplicate"),
        "refused": statuses.count("refused"), "http_codes": {str(c): codes.count(c) for c in sorted(set(codes))},
        "busy_retries": sum(i["result"].get("retries", 0) for i in answered),
        "rows_in_accepted_logs": rows_sent, "rows_stored": stored, "rows_quarantined": quarantined,
        "lost": rows_sent - stored - quarantined + (len(items) - len(answered)),
        "latency_s": {"p50": round(statistics.median(seconds), 2) if seconds else None,
                      "max": round(max(seconds), 2) if seconds else None},
        "reconciliation": run_status, "intake_seconds": round(intake_seconds, 1),
        "duration_s": round(time.monotonic() - began, 1), "problems": problems[:20],
    }
    print(json.dumps(summary, indent=1))
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if problems or summary["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
