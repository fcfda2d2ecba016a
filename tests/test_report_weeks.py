"""A report week is stored as its first day (ICE's weeks run Saturday to Friday), whichever day
of it the file gives (contract §1: "any day of the week the report covers")."""

import datetime as dt

from linkage.ingest import submit
from linkage.store import MIGRATIONS, Store

HEADER = ("Report Date,State,County,Facility,Citizenship,Detainer Prepare Date,Declined Date\n")


def test_one_report_given_as_different_days_of_its_week_is_one_week(store, tmp_path):
    # The report of 28 January - 3 February 2017 as its Saturday, its Monday and its Friday,
    # and the next report as its Saturday. Stored as given, the Friday and the Monday had been
    # other weeks in jurisdictions.csv (an ISO Monday label split ICE's week in two).
    rows = [f"{day},TX,Travis,TRAVIS COUNTY JAIL,MEXICO,2017-01-20,2017-01-{29 + i}\n"
            for i, day in enumerate(["2017-01-28", "2017-01-30", "2017-02-03"])]
    path = tmp_path / "reports.csv"
    path.write_text(HEADER + "".join(rows) + "2017-02-04,TX,Travis,TRAVIS COUNTY JAIL,MEXICO,2017-01-20,2017-02-05\n")
    [result] = submit(store, "reports", path)
    assert result.rows_stored == 4
    weeks = store.con.execute("select report_week from report_entries order by row_number").fetchall()
    assert weeks == [(dt.date(2017, 1, 28),)] * 3 + [(dt.date(2017, 2, 4),)]


def test_a_store_from_before_version_10_has_its_report_weeks_moved_to_their_first_day(tmp_path, monkeypatch):
    from linkage import store as store_module

    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:9])
    with Store.open(tmp_path / "old.duckdb") as old:
        old.con.execute(
            """insert into report_entries (entry_id, submission_id, row_number, report_week, state, county,
               jurisdiction, facility, citizenship, detainer_issued_date, detainer_declined_date)
               values ('E1', 1, 1, date '2017-02-03', 'TX', 'TRAVIS', 'TX/TRAVIS', 'JAIL', 'MEXICO',
                       date '2017-01-20', date '2017-02-02'),
                      ('E2', 1, 2, date '2017-02-04', 'TX', 'TRAVIS', 'TX/TRAVIS', 'JAIL', 'MEXICO',
                       date '2017-01-20', date '2017-02-05')""")
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with Store.open(tmp_path / "old.duckdb") as migrated:
        assert migrated.con.execute("select entry_id, report_week from report_entries order by 1").fetchall() == [
            ("E1", dt.date(2017, 1, 28)), ("E2", dt.date(2017, 2, 4))]
