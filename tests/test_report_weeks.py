"""A report may be dated by any day of the week it covers (contract §1); jurisdictions.csv and
report.html label each week by its first day, a Saturday (ICE's weeks ran Saturday to Friday:
`normalize.dates.report_week_start_sql`), whichever day the file gave."""

import csv
import datetime as dt

import duckdb

from linkage.normalize.dates import report_week_start_sql
from linkage.report.sample import fill_sample_run
from linkage.report.tables import write_outputs


def test_the_first_day_of_a_report_week_is_its_saturday():
    days = [dt.date(2017, 1, 28) + dt.timedelta(days=i) for i in range(8)]  # Saturday to Saturday
    starts = duckdb.sql(f"select {report_week_start_sql('d')} from unnest(?::date[]) t(d)",
                        params=[days]).fetchall()
    assert [start for (start,) in starts] == [dt.date(2017, 1, 28)] * 7 + [dt.date(2017, 2, 4)]


def test_one_report_given_as_different_days_of_its_week_is_one_row_of_jurisdictions_csv(store, tmp_path):
    run = fill_sample_run(store, entries=60)  # the sample dates its reports by their Friday
    # Part of each week's entries given as that week's Saturday or Monday instead (a clerk's
    # choice). By ISO Monday the Friday of 3 February and the Saturday of 28 January fell in
    # different weeks, and one report became two rows.
    store.con.execute("update report_entries set report_week = report_week - 6 where row_number % 3 = 0")
    store.con.execute("update report_entries set report_week = report_week - 4 where row_number % 3 = 1")
    with open(write_outputs(store, run, tmp_path)["jurisdictions_csv"], newline="") as handle:
        rows = list(csv.DictReader(handle))
    weeks = [(row["jurisdiction"], row["report_week"]) for row in rows]
    assert len(weeks) == len(set(weeks))
    assert {dt.date.fromisoformat(week).weekday() for _, week in weeks} == {5}  # all Saturdays
    assert sum(int(row["listed"]) for row in rows) == 60
