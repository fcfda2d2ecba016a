"""An open row from a file older than a booking's stored release does not erase the release."""

import datetime as dt

import pytest

from linkage.ingest import submit

HEADER = "Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Release Reason,Charges,Facility,County,State\n"
ROSTER = (  # who was held on 4 December 2016
    "B1,GARCIA,JUAN,4/12/1985,2016-11-20,,,DWI,Travis County Jail,Travis,TX\n"
    "B2,NGUYEN,AN,1/5/1990,2016-12-01,,,ASSAULT,Travis County Jail,Travis,TX\n"
)
JULY = (  # B1 released in July; B3 booked and still held
    "B1,GARCIA,JUAN,4/12/1985,2016-11-20,2017-07-15 10:00,BOND,DWI,Travis County Jail,Travis,TX\n"
    "B3,DIAZ,LUIS,1/1/1990,2017-07-10,,,THEFT,Travis County Jail,Travis,TX\n"
)


def _live(store):
    return dict(store.con.execute("select booking_id, release_datetime from bookings").fetchall())


def test_a_roster_sent_after_a_later_log_keeps_the_release_it_could_not_know(store, tmp_path):
    # A folder is stored in name order: the roster after July's log.
    (tmp_path / "a-travis-2017-07.csv").write_text(HEADER + JULY)
    (tmp_path / "b-travis-roster-2016-12-04.csv").write_text(HEADER + ROSTER)
    july, roster = submit(store, "releases", tmp_path)
    assert _live(store) == {"B1": dt.datetime(2017, 7, 15, 10), "B2": None, "B3": None}
    assert (roster.rows_read, roster.rows_stored, roster.rows_quarantined) == (2, 2, 0)
    assert ("1 open row (B1) kept only in bookings_history: its booking's release, sent before, is later"
            " than this file's last date (2016-12-01) and stands") in roster.message, roster.message
    history = store.con.execute(
        "select booking_id, submission_id, replaced_by, release_datetime from bookings_history").fetchall()
    assert history == [("B1", roster.submission_id, july.submission_id, None)]


def test_an_old_week_sent_again_later_does_not_reopen_a_booking_released_since(store, tmp_path):
    (tmp_path / "roster.csv").write_text(HEADER + ROSTER)
    (tmp_path / "july.csv").write_text(HEADER + JULY)
    submit(store, "releases", tmp_path / "roster.csv")
    submit(store, "releases", tmp_path / "july.csv")
    # The roster again, one charge corrected: B1's row is older than its release, B2's is not outdated.
    (tmp_path / "roster-fixed.csv").write_text(HEADER + ROSTER.replace("DWI", "DWI 2ND"))
    [again] = submit(store, "releases", tmp_path / "roster-fixed.csv")
    assert _live(store)["B1"] == dt.datetime(2017, 7, 15, 10)
    assert again.rows_replaced == 1 and again.rows_stored == 2


@pytest.mark.parametrize("other_row", [
    # A file that reaches past the release could know of it: the jail re-opened B1.
    "B4,LOPEZ,ANA,2/2/1980,2017-08-02,2017-08-03 09:00,BOND,DWI,Travis County Jail,Travis,TX\n",
    # Its last date is the day of the release: it may have been exported after it.
    "B9,ROSS,ANA,3/3/1980,2017-07-15,,,DWI,Travis County Jail,Travis,TX\n",
])
def test_a_file_reaching_the_release_s_day_may_reopen_the_booking(store, tmp_path, other_row):
    (tmp_path / "july.csv").write_text(HEADER + JULY)
    submit(store, "releases", tmp_path / "july.csv")
    (tmp_path / "later.csv").write_text(HEADER + "B1,GARCIA,JUAN,4/12/1985,2016-11-20,,,DWI,Travis County Jail,Travis,TX\n"
                                        + other_row)
    [result] = submit(store, "releases", tmp_path / "later.csv")
    assert _live(store)["B1"] is None
    assert result.rows_replaced == 1 and "kept only in" not in result.message


def test_in_one_batch_a_later_file_replaces_the_open_row_as_sent_one_by_one(store, tmp_path):
    # The roster comes first in name order: July's release replaces its open row.
    (tmp_path / "a-roster.csv").write_text(HEADER + ROSTER)
    (tmp_path / "b-july.csv").write_text(HEADER + JULY)
    roster, july = submit(store, "releases", tmp_path)
    assert _live(store)["B1"] == dt.datetime(2017, 7, 15, 10)
    assert "kept only in" not in roster.message and july.rows_replaced == 1


def test_a_file_whose_every_row_is_outdated_is_filed_under_its_jurisdiction(store, tmp_path):
    (tmp_path / "july.csv").write_text(HEADER + JULY)
    [july] = submit(store, "releases", tmp_path / "july.csv")
    (tmp_path / "old.csv").write_text(HEADER + ROSTER.splitlines(keepends=True)[0])
    [old] = submit(store, "releases", tmp_path / "old.csv")
    assert (old.status, old.jurisdiction, old.rows_stored) == ("stored", "TX/TRAVIS", 1)
    assert store.con.execute("select replaced_by from bookings_history where submission_id = ?",
                             [old.submission_id]).fetchall() == [(july.submission_id,)]


def test_only_the_version_a_row_would_replace_can_outdate_it(store, tmp_path):
    # July's release is live; in one batch August re-opens B1 (its last date is past the
    # release), then the roster's open row replaces August's open row, as sent one by one.
    (tmp_path / "july.csv").write_text(HEADER + JULY)
    submit(store, "releases", tmp_path / "july.csv")
    august = "B1,GARCIA,JUAN,4/12/1985,2016-11-20,,,DWI,Travis County Jail,Travis,TX\n" \
             "B4,LOPEZ,ANA,2/2/1980,2017-08-02,,,DWI,Travis County Jail,Travis,TX\n"
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "a-august.csv").write_text(HEADER + august)
    (tmp_path / "batch" / "b-roster.csv").write_text(HEADER + ROSTER)
    _, roster = submit(store, "releases", tmp_path / "batch")
    assert _live(store)["B1"] is None
    assert "kept only in" not in roster.message and roster.rows_replaced == 1
