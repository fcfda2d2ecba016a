"""Report rows as ICE's weekly files write them."""

from linkage.ingest import submit

HEADER = "report_week,state,county,city,facility,citizenship,notable_criminal_activity,detainer_issued_date,detainer_declined_date\n"


def _submitted(store, tmp_path, *rows: str):
    """Submit a report of `rows` (the columns of HEADER); its SubmissionResult."""
    report = tmp_path / "week.csv"
    report.write_text(HEADER + "".join(row + "\n" for row in rows))
    [result] = submit(store, "reports", report)
    return result


def test_an_issued_and_a_declined_date_typed_in_each_others_column_are_read_swapped(store, tmp_path):
    # A blind world's week 7: 'issued 3/19/2017, declined 9/11/2015' in the report of the week
    # of 3/19 was quarantined ("declined before issued"), and its listing had no verdict. A
    # decline before an issue date that is not in the report's week stays quarantined.
    result = _submitted(store, tmp_path, "3/25/2017,TX,Harris,HOUSTON,HARRIS COUNTY JAIL,MEXICO,,3/19/2017,9/11/2015",
                        "3/25/2017,TX,Harris,HOUSTON,HARRIS COUNTY JAIL,HONDURAS,,3/1/2017,3/20/2017",
                        "3/25/2017,TX,Harris,HOUSTON,HARRIS COUNTY JAIL,CUBA,,2/1/2017,1/15/2017")
    assert (result.rows_stored, result.rows_quarantined) == (2, 1), result.message
    assert "1 row gives a declined date before the issued date, the issued one in the report's week" in result.message
    assert "row 3, column detainer_declined_date: before detainer_issued_date 2017-02-01" in result.quarantine_reasons[0]
    dates = store.con.execute("select citizenship, detainer_issued_date::varchar, detainer_declined_date::varchar"
                              " from report_entries order by 1").fetchall()
    assert dates == [("HONDURAS", "2017-03-01", "2017-03-20"), ("MEXICO", "2015-09-11", "2017-03-19")]


def test_a_listing_of_unknown_citizenship_is_stored_and_matched_without_a_country(store, tmp_path):
    # A blind world's reports wrote UNKNOWN for 4% of citizenships: each row was quarantined
    # ("column citizenship: missing"), and its listing had no verdict in outcomes.csv at all.
    result = _submitted(store, tmp_path, "2/4/2017,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,UNKNOWN,,1/9/2016,2/1/2017",
                        "2/4/2017,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,,,1/10/2016,2/1/2017",
                        "2/4/2017,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,MEXICO,,1/11/2016,2/1/2017")
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert "2 rows give no citizenship ('UNKNOWN' or empty; first: row 1)" in result.message
    assert store.con.execute("select detainer_issued_date::varchar, citizenship, citizenship_country"
                             " from report_entries order by 1").fetchall() == [
        ("2016-01-09", None, None), ("2016-01-10", None, None), ("2016-01-11", "MEXICO", "MEX")]


def test_a_report_pasted_with_no_break_spaces_keeps_its_listings_ids(store, tmp_path):
    # The same week converted twice from ICE's PDF, once with no-break spaces inside the facility
    # and the offences (as a PDF's copy and paste gives): the second's derived IDs differed, and
    # every listing counted twice (a probe of session 50).
    rows = ["2/4/2017,CA,Orange,SANTA ANA,ORANGE CO JAIL,MEXICO,Convicted: Assault,1/9/2017,2/1/2017",
            "2/4/2017,CA,Orange,SANTA ANA,ORANGE CO JAIL,GUATEMALA,Charged: DUI,1/10/2017,2/2/2017"]
    (tmp_path / "plain").mkdir()
    (tmp_path / "pasted").mkdir()
    _submitted(store, tmp_path / "plain", *rows)
    pasted = [row.replace("ORANGE CO JAIL", "ORANGE\u00a0CO\u00a0JAIL").replace(": ", ":\u00a0") for row in rows]
    result = _submitted(store, tmp_path / "pasted", *pasted)
    assert result.rows_stored == 2, result.message
    assert store.con.execute("select count(distinct entry_id) from report_entries").fetchall() == [(2,)]


def test_a_report_week_written_as_the_range_of_its_days_is_that_week(store, tmp_path):
    # ICE's 2017 PDFs print the week as the range of its days: such rows had been quarantined
    # (a probe of session 50). A range over two of ICE's Saturday-to-Friday weeks names none.
    result = _submitted(store, tmp_path, "1/28/2017 - 2/3/2017,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,MEXICO,,1/9/2017,1/30/2017",
                        "1/28/2017 to 2/3/2017,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,CUBA,,1/9/2017,1/31/2017",
                        "1/22/2017 - 1/28/2017,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,PERU,,1/9/2017,1/25/2017",
                        # With month names, the first year left to the second day, or words
                        # before the day (a probe of session 52: every such row quarantined).
                        '"Week of Jan 28 - Feb 3, 2017",TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,CHILE,,1/9/2017,1/31/2017',
                        '"January 28, 2017 through February 3, 2017",TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,CHINA,,1/9/2017,1/31/2017',
                        "Week of 1/30/2017,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,INDIA,,1/9/2017,1/31/2017",
                        '"Dec 30 - Jan 5, 2018",TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,IRAN,,12/9/2017,1/2/2018')
    assert (result.rows_stored, result.rows_quarantined) == (6, 1), result.message
    assert "5 report weeks written as the range of their days, read by the week they span" in result.message
    assert store.con.execute("select distinct report_week::varchar from report_entries order by 1").fetchall() == [
        ("2017-01-28",), ("2017-01-30",), ("2017-12-30",)]  # (any day of the week dates the report)
    assert "row 3, column report_week" in result.quarantine_reasons[0]
