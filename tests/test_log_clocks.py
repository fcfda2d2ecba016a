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
    for row in rows:  # exported in UTC: six hours on throughout (Arkansas's winter time)
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


NAMES = ["GARCIA", "LOPEZ", "PEREZ", "RAMOS", "CRUZ", "REYES", "MORALES", "ORTIZ", "DIAZ", "TORRES",
         "FLORES", "RIVERA", "GOMEZ"]


def _findings(store, folder, minutes: list[int], *, released: str = "2017-02-10 14:00",
              booked: str = "2017-02-01 09:00") -> list[dict]:
    """One Travis log of len(minutes) people released at `released`, ICE's book-ins of the same
    people (name and birth date) `minutes` after it, and the log's clock findings."""
    start = datetime.fromisoformat(released)
    log = ["Booking No,Name,DOB,Booking Date,Release Date,Facility,County,State"]
    extract = ["Unique Identifier,Book In Date Time,Citizenship Country,Gender,Birth Date,Last Name,First Name"]
    for n, (name, after) in enumerate(zip(NAMES, minutes, strict=False)):
        log.append(f'{n},"{name}, JOSE",1980-01-{n + 1:02d},{booked},{released},Travis County Jail,Travis,TX')
        at = (start + timedelta(minutes=after)).strftime("%Y-%m-%d %H:%M")
        extract.append(f"K{n},{at},MEXICO,M,1980-01-{n + 1:02d},{name},JOSE")
    (folder / "travis.csv").write_text("\n".join(log) + "\n")
    (folder / "ice.csv").write_text("\n".join(extract) + "\n")
    assert [r.status for r in submit(store, "releases", folder / "travis.csv")] == ["stored"]
    assert [r.status for r in submit(store, "custody", folder / "ice.csv")] == ["stored"]
    return log_clock_findings(store)


def test_a_log_three_of_whose_people_ice_booked_in_over_an_hour_before_release_is_named(store, tmp_path):
    [finding] = _findings(store, tmp_path, [-61, -90, -120, 30, 45, 60, 120, 180])
    assert finding == {"submission_id": finding["submission_id"], "file_name": "travis.csv",
                       "jurisdiction": "TX/TRAVIS", "book_ins": 8, "before_release": 3, "median_hours": 0.6}
    assert clock_warning(finding).startswith("travis.csv (TX/TRAVIS): 3 of the 8 ICE book-ins")


@pytest.mark.parametrize(("later", "named"), [(9, True), (10, False)])  # 3 of 12, 3 of 13
def test_a_quarter_of_the_book_ins_must_come_over_an_hour_before(store, tmp_path, later, named):
    assert bool(_findings(store, tmp_path, [-61, -90, -120] + [60] * later)) is named


@pytest.mark.parametrize("minutes", [
    [-61, -90, 30, 45, 60, 120, 180, 240],  # two over an hour before: strays, not a clock
    [-60, -60, -60, -60, 30, 45, 60, 120],  # an hour before is inside hop 2's window
    [-61, -90, -120, -150],  # four book-ins met: too few to judge
])
def test_too_little_says_nothing_of_a_log_s_clock(store, tmp_path, minutes):
    assert _findings(store, tmp_path, minutes) == []


def test_a_release_logged_by_its_day_only_says_nothing_of_its_clock(store, tmp_path):
    # Read at midnight, a release of that day comes after every book-in of the evening before.
    assert _findings(store, tmp_path, [-61, -90, -120, -150, -180], released="2017-02-10") == []


def test_a_book_in_before_the_booking_began_is_another_custody(store, tmp_path):
    # ICE handing the person to the jail, 1-3 hours before a booking of 30 minutes.
    assert _findings(store, tmp_path, [-61, -90, -120, -150, -180],
                     booked="2017-02-10 13:30") == []


def test_without_book_ins_no_clock_is_judged(store, tmp_path):
    log = tmp_path / "travis.csv"
    log.write_text("Booking No,Name,DOB,Booking Date,Release Date,Facility,County,State\n"
                   '1,"GARCIA, JOSE",1980-01-01,2017-02-01 09:00,2017-02-10 14:00,Travis County Jail,Travis,TX\n')
    submit(store, "releases", log)
    assert log_clock_findings(store) == []
