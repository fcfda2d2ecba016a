"""Sending an earlier file again undoes a later correction: a submission some of whose rows a
later file replaced is no duplicate of its own bytes (`submission._stored_shas`)."""

from linkage.ingest import submit
from tests.test_ingest_submit import RELEASES, write


def test_an_earlier_log_sent_again_brings_its_rows_back(store, tmp_path):
    original = write(tmp_path, "week1.csv", RELEASES)
    [first] = submit(store, "releases", original)
    # A wrong correction: B2, still held, is logged as released.
    wrong = RELEASES.replace(",31,F,2017-01-15,,,", ",31,F,2017-01-15,2017-02-08 12:00,TIME SERVED,")
    [correction] = submit(store, "releases", write(tmp_path, "fix.csv", wrong))
    assert correction.rows_replaced == 2
    # The sheriff sends the first file again to undo it: it had answered "duplicate, nothing
    # changed" and the wrong release stayed live.
    [again] = submit(store, "releases", write(tmp_path, "week1-again.csv", RELEASES))
    assert again.status == "stored" and again.rows_replaced == 2, again.message
    assert store.con.execute("select release_datetime from bookings where booking_id = 'B2'").fetchall() == [(None,)]
    # Bytes whose rows are all live are still a duplicate.
    [same] = submit(store, "releases", write(tmp_path, "week1-third.csv", RELEASES))
    assert same.status == "duplicate" and first.submission_id != again.submission_id
