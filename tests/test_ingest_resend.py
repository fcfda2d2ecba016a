"""A folder sent again changes nothing: `linkage run` ingests its inputs on every run, so a
log and its later correction in one folder must both read as duplicates the second time
(session 33 tried storing an earlier file again once a later one had replaced its rows, to
undo a correction by re-sending; the review found the folder's bookings then flipped between
the two files on every run)."""

import datetime as dt

from linkage.ingest import submit
from tests.test_ingest_submit import RELEASES, write


def test_a_folder_of_a_log_and_its_correction_sent_again_changes_nothing(store, tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir()
    write(folder, "a-week1.csv", RELEASES)
    write(folder, "b-fix.csv", RELEASES.replace(",31,F,2017-01-15,,,", ",31,F,2017-01-15,2017-02-08 12:00,TIME SERVED,"))
    assert [r.status for r in submit(store, "releases", folder)] == ["stored", "stored"]
    for _ in range(2):
        assert [r.status for r in submit(store, "releases", folder)] == ["duplicate", "duplicate"]
        assert store.con.execute("select release_datetime from bookings where booking_id = 'B2'").fetchall() == [
            (dt.datetime(2017, 2, 8, 12, 0),)]


def test_an_earlier_file_sent_again_says_its_rows_stay_replaced(store, tmp_path):
    # "identical to submission 1; nothing changed" read as if its rows were live (an analyst's probe).
    [first] = submit(store, "releases", write(tmp_path, "week1.csv", RELEASES))
    fixed = RELEASES.replace(",31,F,2017-01-15,,,", ",31,F,2017-01-15,2017-02-08 12:00,TIME SERVED,")
    [fix] = submit(store, "releases", write(tmp_path, "fix.csv", fixed))
    [again] = submit(store, "releases", tmp_path / "week1.csv")
    assert again.status == "duplicate"
    assert f"its rows stay as submission {fix.submission_id} replaced them" in again.message, again.message
    assert [r.message.endswith("nothing changed") for r in submit(store, "releases", tmp_path / "fix.csv")] == [True]
    assert first.submission_id < fix.submission_id


def test_booking_numbers_that_lost_their_leading_zeros_are_said(store, tmp_path):
    # A log opened and saved again in Excel: 0017000 came back as 17000, a booking of its own,
    # and every person of the log was listed twice without a word (a sheriff's probe).
    log = ("Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
           '{0}17000,"DOE, JOHN",2/1/2017,2/3/2017,Travis County Jail,Travis,TX\n'
           '{0}17001,"ROE, JANE",2/1/2017,2/3/2017,Travis County Jail,Travis,TX\n')
    [first] = submit(store, "releases", write(tmp_path, "log.csv", log.format("00")))
    assert "leading" not in first.message
    [again] = submit(store, "releases", write(tmp_path, "saved.csv", log.format("")))
    assert "2 booking numbers stored before with other leading zeros (e.g. 17000 here, 0017000 stored)" \
        in again.message, again.message
    assert store.count("bookings") == 4  # said, not merged: 17000 may be another booking's number


def test_a_zero_width_space_copied_into_a_booking_number_is_no_part_of_it(store, tmp_path):
    # Invisible, it made the next file's plain 0017003 another booking of the same person.
    log = ("Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
           '{0}0017003{1},"DOE, JOHN",2/1/2017,2/3/2017,Travis County Jail,Travis,TX\n')
    submit(store, "releases", write(tmp_path, "a.csv", log.format("\u200b", "\ufeff")))
    submit(store, "releases", write(tmp_path, "b.csv", log.format("", "").replace("2/3/2017", "2/4/2017")))
    assert store.con.execute("select booking_id, release_datetime::date::varchar from bookings").fetchall() == [
        ("0017003", "2017-02-04")]
