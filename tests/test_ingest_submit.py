"""Submissions: canonical columns, idempotence, replacement with history, rollback, entry IDs."""

import datetime as dt
import gzip
import json
import os
import zipfile

import pytest

from linkage.errors import LinkageError
from linkage.ingest import submission, submit
from tests.conftest import with_todays_submission_columns

RELEASES = (
    "Booking No,Last Name,First Name,DOB,Age,Sex,Booking Date,Release Date,Release Reason,Charges,"
    "Place of Birth,Hold Agency,Hold Date,Facility,County,State\n"
    "B1,GARCIA LOPEZ,JUAN,4/12/1985,,Male,2017-02-01,2017-02-03 10:15,RELEASED TO ICE,"
    "DWI; THEFT PROP >=$100<$750,\"Distrito Federal, Mexico\",I.C.E.,2017-02-02,Travis County Jail,Travis County,Texas\n"
    "B2,NGUYEN,AN,,31,F,2017-01-15,,,ASSAULT,Vietnam,,,Travis County Jail,Travis,TX\n"
)
REPORTS = (
    "Report Week,State,County,City,Facility,Citizenship,Notable Criminal Activity,"
    "Detainer Lodged Date,Detainer Declined Date\n"
    "2017-02-03,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,MEXICO,Charged: Burglary,2017-01-20,2017-02-02\n"
    "2017-02-03,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,MEXICO,Charged: Burglary,2017-01-20,2017-02-02\n"
    "2017-02-03,TX,Travis,AUSTIN,TRAVIS COUNTY JAIL,\"CHINA, PEOPLES REPUBLIC OF\",,2015-06-01,2017-02-02\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_release_log_lands_in_canonical_columns(store, tmp_path):
    [result] = submit(store, "releases", write(tmp_path, "travis.csv", RELEASES), submitted_by="sheriff")
    assert (result.status, result.rows_stored, result.jurisdiction) == ("stored", 2, "TX/TRAVIS")
    b1, b2 = store.con.execute("""
        select booking_uid, jurisdiction, last_name, first_name, surname_tokens, dob, birth_year, sex,
               release_class, charge_categories, birth_country, ice_hold, hold_date::varchar
        from bookings order by booking_uid""").fetchall()
    assert b1[:5] == ("TX/TRAVIS#B1", "TX/TRAVIS", "GARCIA LOPEZ", "JUAN", ["GARCIA", "LOPEZ"])
    assert (str(b1[5]), b1[6], b1[7], b1[8], b1[10], b1[11], b1[12]) == (
        "1985-04-12", 1985, "M", "ice", "MEX", True, "2017-02-02")
    assert len(b1[9]) >= 1 and b1[9] == sorted(b1[9])
    # birth year from age at booking; no hold agency in a log that has the column -> no ICE hold
    assert (b2[5], b2[6], b2[7], b2[11]) == (None, 1986, "F", False)
    sub = store.con.execute(
        "select submitted_by, period_start::varchar, period_end::varchar, jurisdiction from submissions"
    ).fetchall()[0]
    assert sub == ("sheriff", "2017-01-15", "2017-02-03", "TX/TRAVIS")


def test_identical_resubmission_is_a_duplicate(store, tmp_path):
    path = write(tmp_path, "travis.csv", RELEASES)
    [first] = submit(store, "releases", path, jurisdiction="TX/Travis")
    [again] = submit(store, "releases", path, jurisdiction="TX/Travis")
    assert again.status == "duplicate"
    assert f"identical to submission {first.submission_id}" in again.message
    assert store.count("bookings") == 2 and store.count("bookings_history") == 0
    assert store.con.execute("select status from submissions order by 1").fetchall() == [
        ("duplicate",), ("stored",)
    ]
    # The same bytes as another kind are a different submission.
    assert submit(store, "custody", path)[0].status == "refused"


def test_later_file_replaces_rows_and_keeps_history(store, tmp_path):
    [first] = submit(store, "releases", write(tmp_path, "week1.csv", RELEASES))
    # Week 2: B2 was released since; B1 is unchanged; B3 is new.
    week2 = RELEASES.replace(",31,F,2017-01-15,,,", ",31,F,2017-01-15,2017-02-08 12:00,TIME SERVED,") + (
        "B3,DIAZ,LUIS,1990-01-01,,M,2017-02-05,,,DWI,Mexico,,,Travis County Jail,Travis,TX\n"
    )
    [second] = submit(store, "releases", write(tmp_path, "week2.csv", week2))
    assert (second.rows_replaced, second.rows_changed) == (2, 1)  # B1 came again unchanged
    assert "2 replaced earlier rows, 1 of them changed" in second.message
    assert store.count("bookings") == 3
    history = store.con.execute(
        "select booking_uid, submission_id, replaced_by, replaced_at is not null, release_datetime "
        "from bookings_history order by 1").fetchall()
    assert history == [
        ("TX/TRAVIS#B1", first.submission_id, second.submission_id, True, history[0][4]),
        ("TX/TRAVIS#B2", first.submission_id, second.submission_id, True, None),
    ]
    live_b2 = store.con.execute(
        "select submission_id, release_class from bookings where booking_id = 'B2'").fetchall()
    assert live_b2 == [(second.submission_id, "served")]
    superseded = store.con.execute(
        "select submission_id, superseded_by from submissions order by 1").fetchall()
    assert superseded == [(first.submission_id, second.submission_id), (second.submission_id, None)]


def test_partly_replaced_submission_is_not_superseded(store, tmp_path):
    submit(store, "releases", write(tmp_path, "week1.csv", RELEASES))
    only_b1 = "\n".join(RELEASES.splitlines()[:2]).replace("RELEASED TO ICE", "BOND") + "\n"
    submit(store, "releases", write(tmp_path, "fix.csv", only_b1))
    assert store.con.execute("select superseded_by from submissions order by submission_id").fetchall() == [
        (None,), (None,)
    ]


def test_failure_mid_ingest_leaves_nothing(store, tmp_path, monkeypatch):
    real = submission._replace_rows

    def fail_after_writing(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(submission, "_replace_rows", fail_after_writing)
    bad_row = RELEASES + "B9,X,Y,2030-01-01,,M,2017-02-01,,,,,,,Travis County Jail,Travis,TX\n"
    with pytest.raises(RuntimeError, match="disk full"):
        submit(store, "releases", write(tmp_path, "travis.csv", bad_row))
    for table in ("submissions", "quarantine", "bookings", "bookings_history"):
        assert store.count(table) == 0, table
    temp = store.con.execute("select count(*) from duckdb_tables() where temporary").fetchall()[0][0]
    assert temp == 0  # staging tables are dropped even when the write fails


def test_entry_ids_are_stable_and_distinct(store, tmp_path):
    [first] = submit(store, "reports", write(tmp_path, "week.csv", REPORTS))
    ids = [r[0] for r in store.con.execute("select entry_id from report_entries order by row_number").fetchall()]
    assert len(set(ids)) == 3  # two identical listings are still two entries
    assert all(i.startswith("E") and len(i) == 17 for i in ids)
    # The same content with other date spellings and spacing gives the same IDs (and replaces).
    respelled = REPORTS.replace("2017-02-03", "2/3/2017").replace("2017-01-20", "1/20/17").replace(
        "AUSTIN", "Austin ")
    [second] = submit(store, "reports", write(tmp_path, "week-again.csv", respelled))
    again = [r[0] for r in store.con.execute("select entry_id from report_entries order by row_number").fetchall()]
    assert again == ids and second.rows_replaced == 3
    entry = store.con.execute("""
        select citizenship_country, charged_categories, offence_categories, jurisdiction
        from report_entries where row_number = 3""").fetchall()[0]
    assert entry == ("CHN", [], [], "TX/TRAVIS")


def test_entry_id_column_is_kept_when_given(store, tmp_path):
    text = "Entry ID," + REPORTS.replace("\n2017", "\nX{}2017")
    lines = text.splitlines()
    lines = [lines[0]] + [line.replace("X{}", f"R{i},") for i, line in enumerate(lines[1:], start=1)]
    submit(store, "reports", write(tmp_path, "week.csv", "\n".join(lines) + "\n"))
    assert store.con.execute("select entry_id from report_entries order by 1").fetchall() == [
        ("R1",), ("R2",), ("R3",)
    ]


def test_quarantine_keeps_the_raw_row_and_names_the_column(store, tmp_path):
    text = RELEASES + "B3,DIAZ,LUIS,1990-01-01,,M,2017-03-02,2017-02-27,,,,,,Travis County Jail,Travis,TX\n"
    [result] = submit(store, "releases", write(tmp_path, "travis.csv", text))
    assert result.quarantine_reasons == ["row 3, column release_datetime: before booking_date 2017-03-02"]
    raw_row, reasons = store.con.execute("select raw_row, reasons from quarantine").fetchall()[0]
    assert json.loads(raw_row)["Booking No"] == "B3"
    assert reasons == ["column release_datetime: before booking_date 2017-03-02"]


def test_rows_outside_the_submitted_jurisdiction_are_quarantined(store, tmp_path):
    [result] = submit(store, "releases", write(tmp_path, "travis.csv", RELEASES), jurisdiction="TX/Harris")
    assert result.rows_quarantined == 2
    assert "is not the submitted jurisdiction TX/HARRIS" in result.quarantine_reasons[0]


def test_unreadable_jurisdiction_flag_refuses_the_file(store, tmp_path):
    [result] = submit(store, "releases", write(tmp_path, "travis.csv", RELEASES), jurisdiction="Travis")
    assert result.status == "refused" and "ST/County" in result.message


def test_folder_means_every_table_file_sorted(store, tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir()
    write(folder, "b.csv", RELEASES)
    write(folder, "a.csv", RELEASES.replace("B1,", "A1,").replace("B2,", "A2,"))
    write(folder, "readme.md", "not data")
    write(folder, ".~lock.a.csv#", "an editor's lock file")
    # Excel's while it has a workbook open (a probe's: it had refused the folder's submission).
    (folder / "~$a.xlsx").write_bytes(b"\x05clerk" + b"\x00" * 100)
    (folder / "c.csv.gz").write_bytes(gzip.compress(RELEASES.encode()))
    with zipfile.ZipFile(folder / "d.ods", "w") as archive:  # LibreOffice's own spreadsheet
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    results = submit(store, "releases", folder)
    # A file the readers cannot take is refused in words, never skipped without one.
    assert [(r.file_name, r.status) for r in results] == [
        ("a.csv", "stored"), ("b.csv", "stored"), ("c.csv.gz", "refused"), ("d.ods", "refused")]
    assert "gzip-compressed" in results[2].message
    assert "an OpenDocument spreadsheet (LibreOffice's .ods): save it as .xlsx or as CSV" in results[3].message
    assert store.count("bookings") == 4


def test_a_folder_whose_tables_are_all_in_sub_folders_names_them(store, tmp_path):
    """A year's logs filed by month: 'no CSV files in this folder' alone had left the clerk
    to guess. Sub-folders are not read (an old/ copy there would replace newer rows)."""
    folder = tmp_path / "2017"
    for month in ("2017-05", "2017-06"):
        (folder / month).mkdir(parents=True)
        write(folder / month, "hennepin.csv", RELEASES)
    (folder / ".git").mkdir()
    write(folder / ".git", "x.csv", RELEASES)
    with pytest.raises(LinkageError) as refused:
        submit(store, "releases", folder)
    assert str(refused.value) == (f"{folder}: no CSV, XLSX or Parquet files in this folder; its sub-folders"
                                  " 2017-05, 2017-06 hold some: submit each of them (sub-folders are not read)")
    assert [r.status for r in submit(store, "releases", folder / "2017-05")] == ["stored"]


def test_bad_calls_raise_linkage_errors(store, tmp_path):
    with pytest.raises(LinkageError, match="unknown kind"):
        submit(store, "arrests", tmp_path)
    with pytest.raises(LinkageError, match="no such file"):
        submit(store, "releases", tmp_path / "missing.csv")
    with pytest.raises(LinkageError, match="no CSV, XLSX or Parquet"):
        submit(store, "releases", tmp_path)


def test_a_file_name_that_is_not_utf8_is_read_and_stored_under_a_printable_name(store, tmp_path):
    # A Windows-1252 name from a zip reaches Python with surrogate escapes: DuckDB refused the
    # path and storing the name raised UnicodeEncodeError (a traceback, the batch lost).
    folder = tmp_path / "logs"
    folder.mkdir()
    strange = folder / os.fsdecode(b"Pe\xf1a county.csv")
    strange.write_text(RELEASES)
    write(folder, "good.csv", RELEASES.replace("B1,", "B7,").replace("B2,", "B8,"))
    results = submit(store, "releases", folder)
    assert [(r.file_name, r.status, r.rows_stored) for r in results] == [
        ("Peña county.csv", "stored", 2), ("good.csv", "stored", 2)]
    assert store.con.execute("select file_name from submissions order by submission_id").fetchall() == [
        ("Peña county.csv",), ("good.csv",)]


def test_a_booking_number_like_b6_is_not_a_withholding_mark(store, tmp_path):
    [result] = submit(store, "releases", write(tmp_path, "travis.csv", RELEASES.replace("B1,", "B6,")))
    assert result.rows_stored == 2
    assert store.con.execute("select booking_id from bookings order by 1").fetchall() == [("B2",), ("B6",)]


@pytest.mark.parametrize("flag", ["TX/Travis/Extra", "Travis", "XX/Travis", "TX/"])
def test_a_jurisdiction_flag_that_is_not_st_county_refuses_the_file(store, tmp_path, flag):
    # 'TX/Travis/Extra' was taken as the county 'TRAVIS EXTRA'.
    [result] = submit(store, "releases", write(tmp_path, "travis.csv", RELEASES), jurisdiction=flag)
    assert result.status == "refused" and "not of the form ST/County" in result.message


def test_a_log_written_day_first_is_read_day_first_and_a_us_log_beside_it_is_not(store, tmp_path):
    header = "Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Facility,County,State"
    (tmp_path / "a_day_first.csv").write_text(
        f"{header}\nD1,GARCIA,JUAN,25/12/1985,03/02/2017,14/02/2017 14:10,Travis County Jail,Travis,TX\n"
        "D2,LOPEZ,ANA,04/05/1990,01/02/2017,02/02/2017,Travis County Jail,Travis,TX\n")
    (tmp_path / "b_month_first.csv").write_text(
        f"{header}\nM1,DIAZ,LUIS,12/25/1985,03/02/2017,03/14/2017 14:10,Travis County Jail,Travis,TX\n"
        "M2,RUIZ,EVA,04/05/1990,01/02/2017,01/30/2017,Travis County Jail,Travis,TX\n")
    results = submit(store, "releases", tmp_path)
    assert [r.rows_stored for r in results] == [2, 2]
    assert "read day first" in results[0].message and "day first" not in results[1].message
    rows = dict(
        (booking, (dob, booked.date(), released))
        for booking, dob, booked, released in store.con.execute(
            "select booking_id, dob, booking_date, release_datetime from bookings").fetchall())
    assert rows["D1"] == (dt.date(1985, 12, 25), dt.date(2017, 2, 3), dt.datetime(2017, 2, 14, 14, 10))
    assert rows["D2"][:2] == (dt.date(1990, 5, 4), dt.date(2017, 2, 1))
    assert rows["M1"] == (dt.date(1985, 12, 25), dt.date(2017, 3, 2), dt.datetime(2017, 3, 14, 14, 10))
    assert rows["M2"][:2] == (dt.date(1990, 4, 5), dt.date(2017, 1, 2))


def test_a_typo_does_not_turn_a_weekly_us_log_without_later_days(store, tmp_path):
    # No date past the 12th in the second field, so nothing outvotes the typo but its share.
    header = "Booking No,Last Name,First Name,Booking Date,Release Date,Facility,County,State"
    rows = [f"B{i},GARCIA,JUAN,3/{i}/2017,3/{i + 1}/2017,Travis County Jail,Travis,TX" for i in range(1, 8)]
    rows.append("B9,LOPEZ,ANA,13/03/2017,3/9/2017,Travis County Jail,Travis,TX")
    (tmp_path / "week.csv").write_text("\n".join([header, *rows]) + "\n")
    [result] = submit(store, "releases", tmp_path / "week.csv")
    assert (result.rows_stored, result.rows_quarantined) == (7, 1) and "day first" not in result.message
    assert store.con.execute("select booking_date::date from bookings where booking_id = 'B1'").fetchall() == [
        (dt.date(2017, 3, 1),)]


def test_one_day_first_typo_does_not_turn_a_us_log(store, tmp_path):
    header = "Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Facility,County,State"
    rows = [f"B{i},GARCIA,JUAN,1/{13 + i % 15}/1985,2/{1 + i % 27}/2017,3/1/2017,Travis County Jail,Travis,TX" for i in range(40)]
    rows.append("TYPO,LOPEZ,ANA,25/01/1985,2/1/2017,3/1/2017,Travis County Jail,Travis,TX")
    (tmp_path / "log.csv").write_text("\n".join([header, *rows]) + "\n")
    [result] = submit(store, "releases", tmp_path / "log.csv")
    assert result.rows_stored == 41 and result.rows_quarantined == 0
    assert "day first" not in result.message
    # The typo's birth date is left empty, its booking stored.
    assert store.con.execute("select b.dob, c.reasons from bookings b join blanked_cells c"
                             " using (submission_id, row_number)"
                             " where booking_id = 'TYPO'").fetchall() == [
        (None, ['column dob: not a valid date: "25/01/1985"'])]


def test_release_and_booking_times_kept_in_columns_of_their_own_are_read(store, tmp_path):
    header = ("Booking No,Last Name,First Name,DOB,Booking Date,Booking Time,Release Date,Release Time,"
              "Facility,County,State")
    rows = [
        "B1,GARCIA,JUAN,1/2/1985,2/1/2017,0805,2/3/2017,14:10",
        "B2,LOPEZ,ANA,1/2/1985,2/1/2017,8:05 PM,2/3/2017 0:00,2:10 PM",      # a midnight stands in for no time
        "B3,DIAZ,LUIS,1/2/1985,2/1/2017 09:30,,2/3/2017 16:45,10:00",          # the date's own time wins
        "B4,PEREZ,JOSE,1/2/1985,2017-02-01 00:00:00,0.25,2017-02-03,0.5902777",  # Excel's fraction of a day
        "B5,ROJAS,RAUL,1/2/1985,2/1/2017,25:99,2/3/2017,",
        # Times not read are left out, the date stands: never a row lost to its time.
        "B6,SOTO,LUZ,1/2/1985,2/1/2017,UNK,2/3/2017,14:10 HRS",
        "B7,VEGA,RAY,1/2/1985,2/1/2017,1899-12-30 08:05:00,42769,0.5",  # Access's time; a serial date's
    ]
    (tmp_path / "log.csv").write_text(
        "\n".join([header, *(f"{row},Travis County Jail,Travis,TX" for row in rows)]) + "\n")
    [result] = submit(store, "releases", tmp_path / "log.csv")
    assert (result.rows_stored, result.rows_quarantined) == (7, 0), result.quarantine_reasons
    stored = dict((b, (booked, released)) for b, booked, released in store.con.execute(
        "select booking_id, booking_date, release_datetime from bookings").fetchall())
    assert stored == {
        "B1": (dt.datetime(2017, 2, 1, 8, 5), dt.datetime(2017, 2, 3, 14, 10)),
        "B2": (dt.datetime(2017, 2, 1, 20, 5), dt.datetime(2017, 2, 3, 14, 10)),
        "B3": (dt.datetime(2017, 2, 1, 9, 30), dt.datetime(2017, 2, 3, 16, 45)),
        "B4": (dt.datetime(2017, 2, 1, 6, 0), dt.datetime(2017, 2, 3, 14, 10)),
        "B5": (dt.datetime(2017, 2, 1), dt.datetime(2017, 2, 3)),
        "B6": (dt.datetime(2017, 2, 1), dt.datetime(2017, 2, 3)),
        "B7": (dt.datetime(2017, 2, 1, 8, 5), dt.datetime(2017, 2, 3, 12, 0)),
    }


def test_a_time_column_without_its_date_column_is_named_not_dropped_silently(store, tmp_path):
    header = "Booking No,Last Name,First Name,Booking Date,Release Time,Facility,County,State"
    (tmp_path / "log.csv").write_text(f"{header}\nB1,GARCIA,JUAN,2/1/2017,14:10,Travis County Jail,Travis,TX\n")
    [result] = submit(store, "releases", tmp_path / "log.csv")
    assert result.rows_stored == 1
    assert "column release_time ignored: no release_datetime column to join it to" in result.message


def test_a_log_printed_one_row_per_charge_folds_into_one_booking_per_stay(store, tmp_path):
    header = ("Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Release Reason,Charge,"
              "Hold Agency,Facility,County,State")
    rows = [
        "B1,GARCIA,JUAN,1/2/1985,2/1/2017,2/3/2017 14:10,TIME SERVED,DWI,US MARSHALS",
        "B1,GARCIA,JUAN,1/2/1985,2/1/2017,2/3/2017 14:10,TIME SERVED,BURGLARY OF HABITATION,ICE",
        "B1,GARCIA,JUAN,1/2/1985,2/1/2017,2/3/2017 14:10,TIME SERVED,DWI,",
        "B2,LOPEZ,ANA,1/2/1985,2/1/2017,,,ASSAULT,",
        "B3,DIAZ,LUIS,1/2/1985,2/1/2017,,,THEFT,",
        "B3,DIAS,LUIS,1/2/1986,2/1/2017,,,THEFT,",   # another person under one ID: a duplicate
    ]
    (tmp_path / "roster.csv").write_text(
        "\n".join([header, *(f"{row},Travis County Jail,Travis,TX" for row in rows)]) + "\n")
    [result] = submit(store, "releases", tmp_path / "roster.csv")
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (6, 5, 1)
    assert "2 rows folded into 1 booking " in result.message
    assert result.quarantine_reasons == ["row 6, column booking_uid: duplicate of row 5"]
    b1 = store.con.execute(
        "select row_number, charges, charge_categories, ice_hold, hold_agency from bookings where booking_id = 'B1'"
    ).fetchall()
    # The ICE hold was on the second row only: before, it was quarantined with it. Its agency
    # comes with it, not the marshals' of the first row.
    assert b1 == [(1, "DWI; BURGLARY OF HABITATION", ["burglary", "dui"], True, "ICE")]
    assert store.count("bookings") == 3 and store.count("quarantine") == 1


def test_an_empty_cells_placeholder_is_a_blank_not_a_value(store, tmp_path):
    header = "Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Hold Date,Place of Birth,Facility,County,State"
    # R's and pandas' NA too: an R export's NA release dates quarantined every booking still held.
    placeholders = ["NULL", "(null)", "None", "N/A", "#N/A", "-", "00/00/0000", "0000-00-00 00:00:00", " null ",
                    "NA"]
    rows = [f"B{i},GARCIA,JUAN,1/2/1985,2/1/2017,{v},{v},{v}" for i, v in enumerate(placeholders)]
    rows += ["BN,NULL,JUAN,1/2/1985,2/1/2017,,,"]          # no surname: quarantined as such
    (tmp_path / "export.csv").write_text(
        "\n".join([header, *(f"{row},Travis County Jail,Travis,TX" for row in rows)]) + "\n")
    [result] = submit(store, "releases", tmp_path / "export.csv")
    assert (result.rows_stored, result.rows_quarantined) == (len(placeholders), 1)
    assert result.quarantine_reasons == ["row 11, column last_name: missing"]
    stored = store.con.execute(
        "select count(*), count(release_datetime), count(hold_date), count(place_of_birth) from bookings").fetchall()
    assert stored == [(len(placeholders), 0, 0, 0)]


def test_a_roster_printing_full_names_surname_first_without_a_comma_is_read_so(store, tmp_path):
    header = "Booking No,Inmate Name,DOB,Booking Date,Facility,County,State"
    jail = ",Travis County Jail,Travis,TX"
    (tmp_path / "a_surname_first.csv").write_text("\n".join([
        header, f"B1,GARCIA LOPEZ JUAN CARLOS,1/2/1985,2/1/2017{jail}", f"B2,NGUYEN TRUNG,1/2/1985,2/1/2017{jail}",
        f'B3,"SMITH, JOHN",1/2/1985,2/1/2017{jail}']) + "\n")
    (tmp_path / "b_natural.csv").write_text("\n".join([
        header, f"C1,JUAN CARLOS GARCIA,1/2/1985,2/1/2017{jail}", f"C2,MARIA LOPEZ,1/2/1985,2/1/2017{jail}"]) + "\n")
    first, second = submit(store, "releases", tmp_path)
    assert "read surname first" in first.message and "surname first" not in second.message
    names = {b: (last, given, middle) for b, last, given, middle in store.con.execute(
        "select booking_id, last_name, first_name, middle_name from bookings").fetchall()}
    assert names == {
        "B1": ("GARCIA LOPEZ", "JUAN", "CARLOS"), "B2": ("NGUYEN", "TRUNG", None), "B3": ("SMITH", "JOHN", None),
        "C1": ("GARCIA", "JUAN", "CARLOS"), "C2": ("LOPEZ", "MARIA", None),
    }


def test_a_store_from_before_version_6_keeps_its_bookings_and_drops_only_their_key(tmp_path, monkeypatch):
    from linkage import store as store_module
    from linkage.store import MIGRATIONS, Store

    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:5])
    with Store.open(tmp_path / "old.duckdb") as old:
        with_todays_submission_columns(old)
        submit(old, "releases", write(tmp_path, "week1.csv", RELEASES))
        assert "PRIMARY KEY" in old.con.execute("select sql from duckdb_tables() where table_name = 'bookings'").fetchall()[0][0]
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with Store.open(tmp_path / "old.duckdb") as migrated:
        assert migrated.schema_version() == len(MIGRATIONS)
        ddl = migrated.con.execute("select sql from duckdb_tables() where table_name = 'bookings'").fetchall()[0][0]
        assert "PRIMARY KEY" not in ddl and "booking_uid VARCHAR NOT NULL" in ddl
        assert migrated.con.execute("select booking_uid from bookings order by 1").fetchall() == [
            ("TX/TRAVIS#B1",), ("TX/TRAVIS#B2",)]
        # Uniqueness is ingest's: the same IDs submitted again replace the live rows.
        [again] = submit(migrated, "releases", write(tmp_path, "again.csv", RELEASES.replace("RELEASED TO ICE", "BOND")))
        assert again.rows_replaced == 2 and migrated.count("bookings") == 2


def test_roster_words_and_partial_birth_years_are_read_not_quarantined(store, tmp_path):
    # A roster prints the status where the release date would be; 'UNK' fills an unknown
    # birth date; a FOIA extract keeps a year in its birth-date column or writes '85'.
    releases = RELEASES.replace("2017-02-03 10:15,RELEASED", "IN CUSTODY,RELEASED").replace("4/12/1985", "UNK")
    [result] = submit(store, "releases", write(tmp_path, "log.csv", releases))
    assert (result.rows_stored, result.rows_quarantined) == (2, 0), result.message
    assert store.con.execute("select dob, release_datetime from bookings where booking_id = 'B1'").fetchall() == [
        (None, None)]
    custody = ("Anonymized Identifier,Book In Date Time,Citizenship Country,Birth Date,Birth Year\n"
               "K1,2017-02-03 12:00,MEXICO,1985,\nK2,2017-02-03 12:00,MEXICO,,85\n"
               "K3,2017-02-03 12:00,MEXICO,,1985-01-01\nK4,2017-02-03 12:00,MEXICO,,07\n"
               "K5,2017-02-03 12:00,MEXICO,,2030\n"
               # A date under Birth Year, month first (a probe of session 50: blanked, "not a year").
               "K6,2017-02-03 12:00,MEXICO,,1/1/1985\n")
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert (result.rows_stored, result.rows_quarantined) == (6, 0), result.message
    assert store.con.execute("select custody_id, birth_date, birth_year from book_ins order by 1").fetchall() == [
        ("K1", None, 1985), ("K2", None, 1985), ("K3", None, 1985), ("K4", None, 2007), ("K5", None, None),
        ("K6", None, 1985)]


def test_a_booking_printed_while_held_and_again_once_released_is_one_released_booking(store, tmp_path):
    # The later row adds the release: it had been quarantined as a duplicate, and the booking
    # stored as still in custody. Two different release times stay a duplicate.
    header = "Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Release Reason,Charge,Facility,County,State"
    rows = [
        "B1,GARCIA,JUAN,1/2/1985,2/1/2017,,,DWI",
        "B1,GARCIA,JUAN,1/2/1985,2/1/2017,2/3/2017 14:10,RELEASED TO ICE,DWI",
        "B2,LOPEZ,ANA,1/2/1985,2/1/2017,2/3/2017 09:00,BOND,THEFT",
        "B2,LOPEZ,ANA,1/2/1985,2/1/2017,2/5/2017 09:00,BOND,THEFT",
    ]
    (tmp_path / "roster.csv").write_text(
        "\n".join([header, *(f"{row},Travis County Jail,Travis,TX" for row in rows)]) + "\n")
    [result] = submit(store, "releases", tmp_path / "roster.csv")
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (4, 3, 1), result.message
    assert result.quarantine_reasons == ["row 4, column booking_uid: duplicate of row 3"]
    assert store.con.execute(
        "select row_number, release_datetime, release_class from bookings where booking_id = 'B1'").fetchall() == [
        (1, dt.datetime(2017, 2, 3, 14, 10), "ice")]


def test_a_bad_birth_date_on_one_charge_row_does_not_part_the_booking(store, tmp_path):
    # The first row's birth date is left empty (a bad cell); its charge rows still fold into
    # one booking, the ICE hold of the second row and the birth date of the third kept.
    header = "Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Charge,Hold Agency,Facility,County,State"
    rows = ["B1,GARCIA,JUAN,1/32/1984,2/1/2017,2/3/2017 14:10,DWI,", "B1,GARCIA,JUAN,1/2/1984,2/1/2017,2/3/2017 14:10,THEFT,ICE",
            "B1,GARCIA,JUAN,1/2/1984,2/1/2017,2/3/2017 14:10,ASSAULT,"]
    (tmp_path / "roster.csv").write_text(
        "\n".join([header, *(f"{row},Travis County Jail,Travis,TX" for row in rows)]) + "\n")
    [result] = submit(store, "releases", tmp_path / "roster.csv")
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert store.con.execute("select dob, ice_hold, charges from bookings").fetchall() == [
        (dt.date(1984, 1, 2), True, "DWI; THEFT; ASSAULT")]
    assert store.con.execute("select row_number, reasons from blanked_cells").fetchall() == [
        (1, ['column dob: not a valid date: "1/32/1984"'])]


def test_offence_categories_are_stored_as_sorted_sets(store, tmp_path):
    # Hop 1 compares the two lists by plain equality (hop1.comparisons), so both sides must
    # be stored sorted and without duplicates, whatever order the file lists them in.
    listed = "Charged: Traffic Offense; Convicted: Larceny; Charged: Burglary; Convicted: Assault; Charged: Larceny"
    reports = REPORTS.replace("Charged: Burglary", f"\"{listed}\"", 1)
    submit(store, "reports", write(tmp_path, "week.csv", reports))
    [(charged, convicted, offences)] = store.con.execute("""
        select charged_categories, convicted_categories, offence_categories
        from report_entries where row_number = 1""").fetchall()
    assert sorted(charged) == ["burglary", "larceny", "traffic"]
    assert sorted(convicted) == ["assault", "larceny"]
    assert offences == ["assault", "burglary", "larceny", "traffic"]
    releases = RELEASES.replace("ASSAULT,Vietnam", "\"THEFT; BURGLARY; ASSAULT; THEFT\",Vietnam")
    submit(store, "releases", write(tmp_path, "travis.csv", releases))
    [(categories,)] = store.con.execute(
        "select charge_categories from bookings where booking_id = 'B2'").fetchall()
    assert categories == sorted(set(categories)) and len(categories) == 3
