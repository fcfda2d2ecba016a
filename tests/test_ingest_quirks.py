"""What real jail databases write where a release log's columns expect a date or a number."""

import pytest

from linkage.ingest import submit
from linkage.match.hop1 import immigration_hold_date_sql

HEADER = "Booking No,Name,Age,Booking Date,Release Date,Release Reason,Hold Agency,Facility,County,State\n"


def row(booking: str, released: str, age: str = "33", reason: str = "") -> str:
    return f'{booking},"GARCIA, JOSE",{age},2/3/2017 14:10,{released},{reason},ICE,Travis County Jail,Travis,TX\n'


def test_no_release_dates_and_pending_read_as_still_in_custody(store, tmp_path):
    # 12/31/9999 and kin had been quarantined ("in the future", "before 1950"), and with them
    # the booking and its ICE hold: its entry then had no release record to be matched with.
    log = tmp_path / "travis.csv"
    # (A probe's statuses and dashes, and the Unix epoch, had been quarantined.)
    sentinels = ["12/31/9999", "1/1/1900", "01/01/0001", "1/1/1753", "12/31/2099", "PENDING", "TBD",
                 "1970-01-01 00:00:00", "HELD", "Not Released Yet", "N/R", "0"]
    log.write_text(HEADER + "".join(row(f"B{i}", day, reason="BOND") for i, day in enumerate(sentinels))
                   + row("B99", "2/5/2017 9:30"))
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored) == ("stored", 13), result.message
    assert "read as still in custody" in result.message
    assert "release reason but no" not in result.message  # a date is there: the database's "none"
    released = store.con.execute(
        "select booking_id, release_datetime::varchar from bookings where release_datetime is not null").fetchall()
    assert released == [("B99", "2017-02-05 09:30:00")]


def test_an_en_or_em_dash_is_a_blank_like_a_hyphen(store, tmp_path):
    # A probe's: Excel and Word turn a typed '-' into a dash, and a release date of '—' had
    # been quarantined ("not a valid date"), the person still held lost with the ICE hold.
    log = tmp_path / "travis.csv"
    log.write_text(HEADER + row("B1", "\u2014") + row("B2", "\u2013", age="\u2013") + row("B3", "-"))
    [result] = submit(store, "releases", log)
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert store.con.execute("select count(*) from bookings where release_datetime is null").fetchall() == [(3,)]


def test_a_release_date_a_day_after_the_log_is_still_refused(store, tmp_path):
    # Only the databases' "no date" days are blanks; another future date is an error to show.
    log = tmp_path / "travis.csv"
    log.write_text(HEADER + row("B1", "12/30/2099"))
    [result] = submit(store, "releases", log)
    assert result.rows_quarantined == 1
    reason = store.con.execute("select reasons[1] from quarantine").fetchall()[0][0]
    assert reason == "column release_datetime: 2099-12-30 is in the future"


def test_an_age_written_with_its_unit_is_read(store, tmp_path):
    log = tmp_path / "travis.csv"
    rows = [row("B1", "", age="34 YRS"), row("B2", "", age="34y"), row("B3", "", age="34.5"),
            row("B4", "", age="34 months")]
    log.write_text(HEADER + "".join(rows))
    [result] = submit(store, "releases", log)
    assert (result.rows_stored, result.rows_quarantined) == (4, 0), result.message
    ages = store.con.execute("select booking_id, age from bookings order by 1").fetchall()
    assert ages == [("B1", 34), ("B2", 34), ("B3", 34), ("B4", None)]  # '34 months': left empty


def test_a_hold_column_named_for_ice_holds_a_flag(store, tmp_path):
    # 'Y' under 'ICE Hold' had read as a hold of some agency not ICE.
    log = tmp_path / "travis.csv"
    log.write_text("Booking No,Name,Booking Date,ICE Detainer (Y/N),Facility,County,State\n"
                   + "".join(f'B{i},"GARCIA, JOSE",2/3/2017,{flag},Travis County Jail,Travis,TX\n'
                             for i, flag in enumerate(["Y", "N", "", "yes", "ICE"])))
    [result] = submit(store, "releases", log)
    assert result.rows_stored == 5, result.message
    holds = store.con.execute("select booking_id, hold_agency, ice_hold from bookings order by 1").fetchall()
    assert holds == [("B0", "ICE", True), ("B1", None, False), ("B2", None, False), ("B3", "ICE", True),
                     ("B4", "ICE", True)]


def test_a_release_reason_without_a_release_date_is_said(store, tmp_path):
    log = tmp_path / "travis.csv"
    log.write_text(HEADER + row("B1", "", reason="RELEASED TO ICE") + row("B2", ""))
    [result] = submit(store, "releases", log)
    assert result.rows_stored == 2
    assert "1 row gives a release reason but no release date: stored as still in custody" in result.message


def test_a_hold_date_without_an_agency_is_a_hold_of_unknown_agency(store, tmp_path):
    # An empty agency beside a hold date had read as "no ICE hold", which hop 1 weighs at -5
    # bits against a listed person's own booking. A marshal's hold date is not ICE's: hop 1
    # reads no immigration hold date from it.
    # B4's date is unreadable (a hold all the same); B5 is printed once per charge, its hold
    # dated on one row only; B6's rows give a marshal's hold and an unattributed dated one.
    rows = [("B0", "ICE", "2/13/2017", "DUI"), ("B1", "", "2/13/2017", "DUI"), ("B2", "", "", "DUI"),
            ("B3", "USMS", "2/14/2017", "DUI"), ("B4", "", "13/45/2017", "DUI"),
            ("B5", "", "", "DUI"), ("B5", "", "2/15/2017", "THEFT"),
            ("B6", "USMS", "2/14/2017", "DUI"), ("B6", "", "2/16/2017", "THEFT")]
    log = tmp_path / "hennepin.csv"
    log.write_text("Booking No,Name,Booking Date,Charge,Hold Agency,Hold Date,Facility,County,State\n"
                   + "".join(f'{b},"SIRLEAF, JOSEPH",2/13/2017,{charge},{agency},{day},Hennepin County Jail,'
                             "Hennepin,MN\n" for b, agency, day, charge in rows))
    # An 'ICE Detainer' flag's N beside a date is still no ICE hold.
    flags = tmp_path / "ramsey.csv"
    flags.write_text("Booking No,Name,Booking Date,ICE Detainer (Y/N),Hold Date,Facility,County,State\n"
                     + "".join(f'F{i},"SIRLEAF, JOSEPH",2/13/2017,{flag},2/13/2017,Ramsey County Jail,Ramsey,MN\n'
                               for i, flag in enumerate(["Y", "N"])))
    for path in (log, flags):
        [result] = submit(store, "releases", path)
        assert result.status == "stored", result.message
    holds = store.con.execute(f"""select booking_id, ice_hold, {immigration_hold_date_sql('b')}::varchar
                                  from bookings b order by 1""").fetchall()
    assert holds == [("B0", True, "2017-02-13"), ("B1", None, "2017-02-13"), ("B2", False, None),
                     ("B3", False, None), ("B4", None, None), ("B5", None, "2017-02-15"),
                     ("B6", None, "2017-02-16"), ("F0", True, "2017-02-13"), ("F1", False, None)]


def test_a_store_from_before_version_8_reads_its_unattributed_dated_holds_as_unknown(tmp_path, monkeypatch):
    from linkage import store as store_module
    from linkage.store import MIGRATIONS, Store
    from tests.conftest import with_todays_submission_columns

    log = tmp_path / "hennepin.csv"
    log.write_text("Booking No,Name,Booking Date,Hold Agency,Hold Date,Facility,County,State\n"
                   + "".join(f'B{i},"SIRLEAF, JOSEPH",2/13/2017,{agency},{day},Hennepin County Jail,Hennepin,MN\n'
                             for i, (agency, day) in enumerate([("", "2/13/2017"), ("", ""), ("USMS", "2/14/2017")])))
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:7])
    with Store.open(tmp_path / "old.duckdb") as old:
        with_todays_submission_columns(old)
        submit(old, "releases", log)
        old.con.execute("update bookings set ice_hold = false")  # as ingest stored them then
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with Store.open(tmp_path / "old.duckdb") as migrated:
        holds = migrated.con.execute("select booking_id, ice_hold from bookings order by 1").fetchall()
    assert holds == [("B0", None), ("B1", False), ("B2", False)]


def test_excels_text_formula_cells_are_read_as_their_value(store, tmp_path):
    # ="..." is how exports keep an ID's leading zeros in Excel; stored verbatim, the same
    # booking exported plainly next week was another booking.
    log = tmp_path / "travis.csv"
    log.write_text(HEADER + '"=""0140781""","GARCIA, JOSE",33,="2/3/2017 14:10",,,ICE,Travis County Jail,Travis,TX\n'
                   + row("0140782", ""))
    [result] = submit(store, "releases", log)
    assert (result.rows_stored, result.rows_quarantined) == (2, 0), result.message
    stored = store.con.execute("select booking_id, booking_date::varchar from bookings order by 1").fetchall()
    assert stored == [("0140781", "2017-02-03 14:10:00"), ("0140782", "2017-02-03 14:10:00")]


@pytest.mark.parametrize(("ids", "other_ids", "said", "stored"), [
    # pandas writes an ID column with a gap as floats: 14062252.0 was another ID than next
    # week's plain 14062252.
    (["14062252.0", "14062253.00"], ["7.0", "7.5"], "written as a decimal (14062252.0)",
     ["14062252", "14062253", "7.0", "7.5"]),
    # A probe's: a spreadsheet's number format wrote '16,062,378', and the same booking sent
    # plainly the next week was a second booking of the same person.
    (['"16,062,378"', "999"], ['"1,234"', "A-7"], "written with thousands separators (16,062,378)",
     ["1,234", "16062378", "999", "A-7"]),
])
def test_ids_written_as_numbers_are_their_digits_where_every_id_of_the_file_is(store, tmp_path, ids, other_ids,
                                                                                said, stored):
    # Only where every ID of the file is so written: Hays' other IDs are not.
    whole, mixed = tmp_path / "travis.csv", tmp_path / "hays.csv"
    whole.write_text(HEADER + "".join(row(booking, "") for booking in ids))
    mixed.write_text((HEADER + "".join(row(booking, "") for booking in other_ids)).replace("Travis", "Hays"))
    results = [r for path in (whole, mixed) for r in submit(store, "releases", path)]
    assert [r.rows_stored for r in results] == [2, 2]
    assert f"every booking_id {said}: read as the whole number" in results[0].message, results[0].message
    assert "every booking_id" not in results[1].message
    assert store.con.execute("select booking_id from bookings order by 1").fetchall() == [(i,) for i in stored]


def test_na_is_blank_outside_names_and_a_name_within_them(store, tmp_path):
    # R writes NA for a missing cell; Li Na's given name is NA too (review of session 32: a demo
    # log's HUANG, NA had lost the name from its full name).
    log = tmp_path / "travis.csv"
    log.write_text("Booking No,Last Name,First Name,Booking Date,Release Date,Hold Agency,Facility,County,State\n"
                   "B1,LI,NA,2/3/2017 14:10,NA,NA,Travis County Jail,Travis,TX\n")
    [result] = submit(store, "releases", log)
    assert (result.rows_stored, result.rows_quarantined) == (1, 0), result.message
    stored = store.con.execute("select full_name, release_datetime, hold_agency from bookings").fetchall()
    assert stored == [("LI, NA", None, None)]


def _submitted(store, path, text: str):
    """`text` written to `path` and submitted as a release log: its one result."""
    path.write_text(text)
    [result] = submit(store, "releases", path)
    return result


def test_a_time_column_joins_a_date_of_digits_alone_and_an_unread_time_is_said(store, tmp_path):
    # A mainframe's 20170204 beside '05:21 PM', an Excel serial beside '1:00 PM': the times had
    # been left out without a word, every such booking and release at midnight.
    result = _submitted(store, tmp_path / "travis.csv",
                        "Booking No,Name,Booking Date,Booking Time,Release Date,Release Time,Facility,County,State\n"
                        '1,"GARCIA, JOSE",20170204,05:21 PM,42779,1:00 PM,Travis County Jail,Travis,TX\n'
                        '2,"LOPEZ, ANA",20170204,1 PM,20170206,1300,Travis County Jail,Travis,TX\n'
                        # A military log's end of the day (a probe's: it had been left out).
                        '3,"LEE, AL",2/4/2017,2400,2/6/2017,24:00,Travis County Jail,Travis,TX\n')
    assert (result.status, result.rows_stored) == ("stored", 3), result.message
    assert "1 'Booking Time' cell not read as a time of day (e.g. '1 PM'): its date stands alone" in result.message
    stored = store.con.execute(
        "select booking_id, booking_date::varchar, release_datetime::varchar from bookings order by 1").fetchall()
    assert stored == [("1", "2017-02-04 17:21:00", "2017-02-13 13:00:00"),
                      ("2", "2017-02-04 00:00:00", "2017-02-06 13:00:00"),
                      ("3", "2017-02-05 00:00:00", "2017-02-07 00:00:00")]


def test_a_time_given_in_utc_or_with_an_offset_is_read_in_the_states_own_time(store, tmp_path):
    # A Virginia jail's export stamped in UTC: read as wall-clock time, each release sat 5 hours
    # late, after the ICE book-in at the door, and the hand-overs came out "declined" at 0.99.
    result = _submitted(store, tmp_path / "richmond.csv",
                        "Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
                        '1,"DOE, JOHN",2017-02-01T13:00:00Z,2017-02-18T21:22:10Z,Richmond City Jail,Richmond City,VA\n'
                        '2,"ROE, JANE",2017-02-01 08:00,2017-07-04T16:30:00.000Z,Richmond City Jail,Richmond City,VA\n'
                        '3,"POE, JIM",2017-02-01 08:00,2017-02-18T16:22:10-06:00,Travis County Jail,Travis,TX\n')
    assert (result.status, result.rows_stored) == ("stored", 3), result.message
    assert "4 date-times given with a time zone (UTC or an offset) read in the state's own time" in result.message
    stored = store.con.execute(
        "select booking_id, booking_date::varchar, release_datetime::varchar from bookings order by 1").fetchall()
    assert stored == [("1", "2017-02-01 08:00:00", "2017-02-18 16:22:10"),   # EST
                      ("2", "2017-02-01 08:00:00", "2017-07-04 12:30:00"),   # EDT
                      ("3", "2017-02-01 08:00:00", "2017-02-18 16:22:10")]   # CST, as written


def test_charge_wordings_in_no_offence_category_are_named(store, tmp_path):
    # Hop 1 reads such a charge as no offence recorded: a log's commonest wordings had been
    # lost so without a word ('OPERATING VEHICLE WHILE INTOXICATED', 'POSS SCHED II').
    result = _submitted(store, tmp_path / "travis.csv",
                        "Booking No,Name,Booking Date,Release Date,Charges,Facility,County,State\n"
                        '1,"DOE, JOHN",2/1/2017,2/3/2017,POSS SCHED II; BLUE SKY VIOLATION,Travis County Jail,Travis,TX\n'
                        '2,"ROE, JANE",2/1/2017,2/3/2017,OPERATING VEHICLE WHILE INTOXICATED,Travis County Jail,Travis,TX\n'
                        # One charge a line (world E's St. Tammany): the second line is a wording too.
                        '3,"POE, JIM",2/1/2017,2/3/2017,"DWI\nJAYWALKING",Travis County Jail,Travis,TX\n')
    assert ("2 charge wordings in no offence category (e.g. 'BLUE SKY VIOLATION', 'JAYWALKING')"
            in result.message), result.message
    assert store.con.execute("select booking_id, charge_categories from bookings order by 1").fetchall() == [
        ("1", ["drugs"]), ("2", ["dui"]), ("3", ["dui"])]


def test_a_total_or_footer_row_is_quarantined_as_no_record(store, tmp_path):
    # Each had been quarantined as a booking with "column full_name: missing" and the like: a
    # clerk looked for an inmate without a name.
    result = _submitted(store, tmp_path / "travis.csv",
                        HEADER + row("B1", "2/5/2017 9:30") + "TOTAL BOOKINGS: 1,,,,,,,,,\n" + "Page 1 of 1,,,,,,,,,\n")
    assert (result.rows_stored, result.rows_quarantined) == (1, 2), result.message
    assert all(reason.split(", ", 1)[1].startswith("no record: 1 of 10 cells filled (a total, page footer or group")
               for reason in result.quarantine_reasons), result.quarantine_reasons


def test_a_zoned_midnight_is_a_date_and_indiana_reads_in_its_capitals_zone(store, tmp_path):
    # Review: '2017-02-10T00:00:00Z' is a date a program wrote as a datetime (converted, it
    # became the evening before); `us` lists Indiana with Chicago first, Indianapolis is Eastern.
    result = _submitted(store, tmp_path / "marion.csv",
                        "Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
                        '1,"DOE, JOHN",2017-02-10T00:00:00Z,2017-02-18T21:22:10z,Marion County Jail,Marion,IN\n')
    assert "1 date-time given with a time zone" in result.message, result.message
    assert store.con.execute("select booking_date::varchar, release_datetime::varchar from bookings").fetchall() == [
        ("2017-02-10 00:00:00", "2017-02-18 16:22:10")]


def test_a_zoned_midnight_among_zoned_times_is_a_time(store, tmp_path):
    # Second review: in a column of real UTC times, 00:00Z is 19:00 the evening before.
    result = _submitted(store, tmp_path / "richmond.csv",
                        "Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
                        '1,"DOE, JOHN",2017-02-10,2017-02-18T00:00:00Z,Jail,Richmond City,VA\n'
                        '2,"ROE, JANE",2017-02-10,2017-02-18T21:22:10 utc,Jail,Richmond City,VA\n')
    assert "2 date-times given with a time zone" in result.message, result.message
    assert store.con.execute("select release_datetime::varchar from bookings order by 1").fetchall() == [
        ("2017-02-17 19:00:00",), ("2017-02-18 16:22:10",)]


def test_birth_dates_written_day_first_beside_booking_dates_written_month_first_are_each_read_so(store, tmp_path):
    # A blind world's log wrote birth dates 26/12/1996 beside release dates 12/26/2017 (two
    # systems in one export). Judged as one file it read month first: birth dates past the
    # 12th were left empty, the others read with day and month swapped.
    result = _submitted(store, tmp_path / "franklin.csv",
                        "Booking No,Name,DOB,Booking Date,Release Date,Facility,County,State\n"
                        '1,"SINGH, RAJESH",26/12/1996,2/13/2017,2/14/2017,Jail,Franklin,OH\n'
                        '2,"DOE, JOHN",01/03/1995,2/1/2017,2/20/2017,Jail,Franklin,OH\n'
                        '3,"ROE, ANA",15/07/1988,2/3/2017,,Jail,Franklin,OH\n'
                        '4,"POE, EVA",31/01/1970,2/5/2017,2/16/2017,Jail,Franklin,OH\n')
    assert (result.status, result.rows_stored) == ("stored", 4), result.message
    assert "dob read day first" in result.message and "release_datetime read day first" not in result.message
    read = store.con.execute("select booking_id, dob::varchar, release_datetime::date::varchar from bookings"
                             " order by 1").fetchall()
    assert read == [("1", "1996-12-26", "2017-02-14"), ("2", "1995-03-01", "2017-02-20"), ("3", "1988-07-15", None),
                    ("4", "1970-01-31", "2017-02-16")]


def test_a_day_first_logs_column_with_no_numeric_date_in_the_sampled_rows_is_read_day_first_too(store, tmp_path):
    # The review: a big day-first log whose release dates begin past the sampled rows had them
    # read month first (05/03/2017 as 3 May), when each column was judged on its own evidence.
    from linkage.ingest.staging import DAY_FIRST_SAMPLE_ROWS

    lines = ["Booking No,Name,DOB,Booking Date,Release Date,Facility,County,State"]
    for i in range(1, DAY_FIRST_SAMPLE_ROWS + 3):
        day = 13 + i % 15
        released = "05/03/2017" if i > DAY_FIRST_SAMPLE_ROWS else ""
        lines.append(f'{i},"DOE, JOHN",{day}/06/1980,{day}/01/2017,{released},Jail,Franklin,OH')
    result = _submitted(store, tmp_path / "franklin.csv", "\n".join(lines) + "\n")
    assert result.rows_quarantined == 0 and "dates read day first" in result.message, result.message
    assert store.con.execute("select distinct release_datetime::date::varchar from bookings"
                             " where release_datetime is not null").fetchall() == [("2017-03-05",)]


def test_a_log_of_two_letter_country_codes_reads_co_as_colombia_not_colorado(store, tmp_path):
    # A log that writes every birthplace as an ISO country code (US for the US-born) had its
    # Colombians read as born in Colorado and its Indians in Indiana: citizenship then weighed
    # against their own bookings. A log that writes states (TX) keeps CO as Colorado.
    header = "Booking No,Name,Booking Date,Place of Birth,Facility,County,State\n"
    iso = tmp_path / "iso.csv"
    iso.write_text(header + "".join(f'B{i},"GARCIA, JOSE",2/3/2017,{pob},Travis County Jail,Travis,TX\n'
                                    for i, pob in enumerate(["MX", "US", "CO", "IN", "ca"])))
    states = tmp_path / "states.csv"
    states.write_text(header + "".join(f'S{i},"GARCIA, JOSE",2/3/2017,{pob},Dallas County Jail,Dallas,TX\n'
                                       for i, pob in enumerate(["MX", "TX", "CO", "IN"])))
    [by_country] = submit(store, "releases", iso)
    [by_state] = submit(store, "releases", states)
    assert "CA, CO, IN and the like read as Canada, Colombia, India" in by_country.message
    assert "two-letter country codes" not in by_state.message
    born = store.con.execute("select booking_id, birth_country from bookings order by 1").fetchall()
    assert born == [("B0", "MEX"), ("B1", "USA"), ("B2", "COL"), ("B3", "IND"), ("B4", "CAN"),
                    ("S0", "MEX"), ("S1", "USA"), ("S2", "USA"), ("S3", "USA")]


def test_an_ice_book_in_given_in_utc_is_read_on_its_apprehension_states_clock(store, tmp_path):
    # World K: an area's extract stamped in UTC put every San Francisco hand-over 8 hours after
    # the release it followed (read against the jail's wall clock). A row without a state reads
    # in the zone its file's other rows share, and where they share none keeps its clock; a time
    # without a zone is as written.
    sfr, mixed = tmp_path / "sfr_aor.csv", tmp_path / "two_zones.csv"
    header = "Unique Identifier,Book In Date Time,Citizenship Country,Apprehension State,Last Name\n"
    sfr.write_text(header + "1,2017-02-15T08:39:27Z,MEXICO,CA,DOE\n2,2017-02-15T08:39:27Z,MEXICO,,ROE\n"
                   "3,2017-07-04 16:30,MEXICO,CA,POE\n4,2017-07-04T16:30:00Z,MEXICO,California,MOE\n")
    mixed.write_text(header + "5,2017-02-15T08:39:27Z,MEXICO,CA,DOE\n6,2017-02-15T08:39:27Z,MEXICO,NY,ROE\n"
                     "7,2017-02-15T08:39:27Z,MEXICO,,POE\n")
    results = submit(store, "custody", [sfr, mixed])
    assert [(r.status, r.rows_stored) for r in results] == [("stored", 4), ("stored", 3)]
    assert "3 date-times given with a time zone" in results[0].message, results[0].message
    assert "no state to read it in" not in results[0].message
    assert "1 row with a time zone but no state to read it in: kept on the clock as written" in results[1].message
    assert store.con.execute("select custody_id, book_in_datetime::varchar from book_ins order by 1").fetchall() == [
        ("1", "2017-02-15 00:39:27"),   # PST
        ("2", "2017-02-15 00:39:27"),   # no state: the file's one zone
        ("3", "2017-07-04 16:30:00"),
        ("4", "2017-07-04 09:30:00"),   # PDT
        ("5", "2017-02-15 00:39:27"), ("6", "2017-02-15 03:39:27"),
        ("7", "2017-02-15 08:39:27")]   # no state in a file of two zones: as written


def test_an_offset_set_apart_by_a_space_is_read_in_the_states_own_time(store, tmp_path):
    # A probe's SQL Server export ('… 08:19:00.0000000 +00:00'): DuckDB casts no offset after a
    # space, and such times were kept on the UTC clock as written, 8 hours late in Oregon.
    result = _submitted(store, tmp_path / "washington.csv",
                        "Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
                        '1,"DOE, JOHN",2016-12-16 19:54,2016-12-17 08:19:00.0000000 +00:00,Jail,Washington,OR\n'
                        '2,"ROE, JANE",2016-12-16 19:54,2016-12-17 07:46:00 +0000,Jail,Washington,OR\n'
                        '3,"POE, JIM",2016-12-16 19:54,2016-12-17 11:40:00 -08:00,Jail,Washington,OR\n')
    assert (result.status, result.rows_stored) == ("stored", 3), result.message
    assert "3 date-times given with a time zone" in result.message, result.message
    assert store.con.execute("select release_datetime::varchar from bookings order by booking_id").fetchall() == [
        ("2016-12-17 00:19:00",), ("2016-12-16 23:46:00",), ("2016-12-17 11:40:00",)]


def test_an_excel_error_in_a_csv_is_no_name_and_no_booking_number(store, tmp_path):
    # A CSV saved from a sheet whose formulas failed: '#NAME?' had been the surname NAME of every
    # such row (agreeing with each other in hop 2), '#REF!' a booking number.
    result = _submitted(store, tmp_path / "travis.csv",
                        "Booking No,Last Name,First Name,Booking Date,Release Date,Facility,County,State\n"
                        "1,#NAME?,JOHN,2/1/2017,2/3/2017,Travis County Jail,Travis,TX\n"
                        "#REF!,ROE,JANE,2/1/2017,2/3/2017,Travis County Jail,Travis,TX\n"
                        "3,POE,JIM,2/1/2017,#VALUE!,Travis County Jail,Travis,TX\n")
    assert (result.rows_stored, result.rows_quarantined) == (0, 3), result.message
    assert sorted(result.quarantine_reasons) == [
        "row 1, column last_name: missing", "row 2, column booking_id: missing",
        'row 3, column release_datetime: not a valid date: "#VALUE!"'], result.quarantine_reasons


def test_a_no_release_day_written_with_a_zone_is_still_none_yet(store, tmp_path):
    # Review: converted into the state's time first, '1970-01-01T00:00:00Z' became 1969-12-31
    # 18:00 in Texas and was quarantined as a release before the booking.
    result = _submitted(store, tmp_path / "travis.csv",
                        "Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
                        '1,"DOE, JOHN",2017-02-01 08:00,2017-02-18T21:22:10Z,Jail,Travis,TX\n'
                        '2,"ROE, JANE",2017-02-01 08:00,1970-01-01T00:00:00Z,Jail,Travis,TX\n'
                        '3,"POE, JIM",2017-02-01 08:00,1970-01-01 00:00:00.000 +00:00,Jail,Travis,TX\n')
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert store.con.execute("select booking_id, release_datetime::varchar from bookings order by 1").fetchall() == [
        ("1", "2017-02-18 15:22:10"), ("2", None), ("3", None)]
