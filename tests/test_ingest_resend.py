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
