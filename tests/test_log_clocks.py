"""A release log stamped on another clock than ICE's extract (a vendor's export in UTC without a
marker, read as the jail's own time) puts its releases after their hand-overs' book-ins, where
hop 2 never looks: the run names it (`linkage.clocks`), and names no log on ICE's clock."""

import csv
import json
from datetime import datetime, timedelta

import pytest

from linkage.clocks import clock_warning, log_clock_findings
from linkage.config import load_config
from linkage.ingest import submit
from linkage.pipeline import run_all
from linkage.store import Store
from tests.conftest import DEMO

UTC_LOG = "ar-washington.csv"
"""Washington County, AR: 10 of its releases meet an ICE book-in of the same name and birth date
within 12 hours, all 1-12 hours after the release as logged; stamped in UTC, 13 meet one and 6 of
those come over an hour before the release."""


@pytest.fixture(scope="module")
def utc_log_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clocks")
    with (DEMO / "releases" / UTC_LOG).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # exported in UTC: six hours on from Arkansas's winter time
        for column in ("date_booked", "ReleaseDatetime"):
            if row[column]:
                row[column] = (datetime.fromisoformat(row[column]) + timedelta(hours=6)).isoformat(" ")
    shifted = folder / UTC_LOG
    with shifted.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    store = Store.open(folder / "store.duckdb")
    submit(store, "reports", [DEMO / "reports.csv"])
    others = [path for path in sorted((DEMO / "releases").iterdir()) if path.name != UTC_LOG]
    submit(store, "releases", [*others, shifted])
    submit(store, "custody", [DEMO / "custody.csv"])
    run_id = run_all(store, load_config())
    yield store, run_id
    store.close()


def test_a_log_on_another_clock_is_named_by_the_run(utc_log_run):
    store, run_id = utc_log_run
    fitted = json.loads(store.con.execute("select fitted from runs where run_id = ?", [run_id]).fetchall()[0][0])
    # The demo's seven other logs keep ICE's clock: none of them is named.
    [finding] = fitted["log_clocks"]
    assert (finding["file_name"], finding["jurisdiction"]) == (UTC_LOG, "AR/WASHINGTON")
    assert finding["book_ins"] >= 10 and finding["before_release"] >= finding["book_ins"] / 4
    assert log_clock_findings(store) == fitted["log_clocks"]
    said = clock_warning(finding)
    assert said.startswith(f"{UTC_LOG} (AR/WASHINGTON): ") and "(UTC?)" in said


def test_without_book_ins_no_clock_is_judged(store):
    assert log_clock_findings(store) == []
