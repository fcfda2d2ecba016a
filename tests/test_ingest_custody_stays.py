"""A custody ID that names a person, not a book-in (FOIA's `Anonymized Identifier`): each of
their book-ins is kept, in one file or across files, and a re-sent book-in still replaces its
stored row (`linkage.ingest.custody._one_id_per_stay`). Real DuckDB stores, the real submit."""

from linkage.ingest import submit

HEADER = "Anonymized Identifier,Stay Book In Date Time,Citizenship Country,Gender,Birth Year\n"
P1_2015 = "P1,2015-06-01 10:00,MEXICO,Male,1985\n"
P1_2017 = "P1,2017-02-03 15:05,MEXICO,Male,1985\n"


def _send(store, tmp_path, name: str, *rows: str):
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows))
    [result] = submit(store, "custody", path)
    return result


def _stored(store) -> list[tuple[str, str]]:
    return store.con.execute("select custody_id, book_in_datetime::varchar from book_ins order by 1").fetchall()


def test_a_foia_extract_naming_people_keeps_each_of_their_book_ins(store, tmp_path):
    # Read as one book-in sent twice, the hand-over was quarantined as a duplicate and its
    # release read as a decline. Rows that agree on the day are still one book-in, and a
    # row quarantined for its own reason does not make its ID a person's.
    result = _send(store, tmp_path, "foia.csv", P1_2015, "P2,2017-02-03 16:10,GUATEMALA,Male,1990\n", P1_2017,
                   "P3,2017-02-04 09:00,HONDURAS,Female,1979\n", "P3,2017-02-04 09:00:40,HONDURAS,Female,1979\n",
                   "P2,2099-01-01 10:00,GUATEMALA,Male,1990\n")
    assert (result.rows_stored, result.rows_quarantined) == (4, 2), result.message
    assert "2 book-ins under an ID that names a person with several (first: row 1)" in result.message
    assert _stored(store) == [("P1@2015-06-01", "2015-06-01 10:00:00"), ("P1@2017-02-03", "2017-02-03 15:05:00"),
                              ("P2", "2017-02-03 16:10:00"), ("P3", "2017-02-04 09:00:00")]
    assert result.quarantine_reasons[0] == "row 5, column custody_id: duplicate of row 4"
    assert result.quarantine_reasons[1].startswith("row 6, column book_in_datetime:")


def test_a_later_file_with_another_book_in_of_a_stored_id_adds_it(store, tmp_path):
    # Monthly exports: the person's 2017 book-in in a later file had replaced the 2015 one.
    _send(store, tmp_path, "jan.csv", P1_2015)
    later = _send(store, tmp_path, "feb.csv", P1_2017)
    assert _stored(store) == [("P1", "2015-06-01 10:00:00"), ("P1@2017-02-03", "2017-02-03 15:05:00")]
    assert "1 book-in under an ID that names a person with several" in later.message


def test_a_fuller_export_replaces_the_book_ins_it_shares_with_the_store(store, tmp_path):
    # (a) bare P1 stored, then both of P1's book-ins; (b) both stored, then one sent again.
    _send(store, tmp_path, "first.csv", P1_2015)
    fuller = _send(store, tmp_path, "fuller.csv", P1_2015, P1_2017)
    assert _stored(store) == [("P1", "2015-06-01 10:00:00"), ("P1@2017-02-03", "2017-02-03 15:05:00")]
    assert fuller.rows_replaced == 1, fuller.message
    again = _send(store, tmp_path, "again.csv", P1_2017.replace("Male", "M"))
    assert again.rows_replaced == 1, again.message
    assert _stored(store) == [("P1", "2015-06-01 10:00:00"), ("P1@2017-02-03", "2017-02-03 15:05:00")]


def test_an_id_of_one_book_in_sent_again_still_replaces_its_row(store, tmp_path):
    _send(store, tmp_path, "first.csv", P1_2017)
    again = _send(store, tmp_path, "fixed.csv", P1_2017.replace("MEXICO", "GUATEMALA"))
    assert (again.rows_replaced, again.rows_changed) == (1, 1), again.message
    assert store.con.execute("select custody_id, citizenship_country from book_ins").fetchall() == [("P1", "GTM")]


def test_a_named_extract_that_moves_a_book_in_corrects_its_time(store, tmp_path):
    # A named extract's ID is its book-in's: the same ID three weeks later is ICE's correction,
    # not a second stay, and replaces the row (a decision on it goes back to review).
    named = "Unique Identifier,Book In Date Time,Citizenship Country,Last Name,First Name\n"
    row = "K1,2017-02-03 15:05,MEXICO,ROMERO,JUAN\n"
    (tmp_path / "extract.csv").write_text(named + row)
    (tmp_path / "fixed.csv").write_text(named + row.replace("2017-02-03", "2017-02-24"))
    submit(store, "custody", tmp_path / "extract.csv")
    [fixed] = submit(store, "custody", tmp_path / "fixed.csv")
    assert (fixed.rows_replaced, fixed.rows_changed) == (1, 1), fixed.message
    assert _stored(store) == [("K1", "2017-02-24 15:05:00")]


def test_an_overlapping_anonymised_export_keeps_the_earlier_stay(store, tmp_path):
    # Rolling-window FOIA exports overlap: the second re-sends most of the first and brings P1's
    # later book-in. Read as a correction of P1's only stored book-in, it sent 2015 to history.
    others = ("P2,2017-02-03 16:10,GUATEMALA,Male,1990\n", "P3,2017-02-04 09:00,HONDURAS,Female,1979\n")
    _send(store, tmp_path, "jan.csv", P1_2015, *others)
    _send(store, tmp_path, "feb.csv", P1_2017, *others)
    assert [row[0] for row in _stored(store)] == ["P1", "P1@2017-02-03", "P2", "P3"]


def test_a_folder_of_monthly_exports_keeps_each_book_in_once(store, tmp_path):
    # One batch: P1's two book-ins in two files are both kept; P2's one book-in in both files
    # (overlapping exports) is one row.
    folder = tmp_path / "ice"
    folder.mkdir()
    p2 = "P2,2017-02-03 16:10,GUATEMALA,Male,1990\n"
    (folder / "01.csv").write_text(HEADER + P1_2015 + p2)
    (folder / "02.csv").write_text(HEADER + P1_2017 + p2)
    results = submit(store, "custody", folder)
    assert [r.status for r in results] == ["stored", "stored"], [r.message for r in results]
    assert _stored(store) == [("P1@2015-06-01", "2015-06-01 10:00:00"), ("P1@2017-02-03", "2017-02-03 15:05:00"),
                              ("P2", "2017-02-03 16:10:00")]


def test_a_re_export_that_writes_its_times_otherwise_is_the_same_book_ins(store, tmp_path):
    # Keyed by the minute, a re-export with dates only (or another zone's minutes) had stored
    # every book-in of a person with two a second time.
    _send(store, tmp_path, "first.csv", P1_2015, P1_2017)
    again = _send(store, tmp_path, "dates.csv", P1_2015.replace(" 10:00", ""), P1_2017.replace(" 15:05", " 15:06"))
    assert again.rows_replaced == 2, again.message
    assert [row[0] for row in _stored(store)] == ["P1@2015-06-01", "P1@2017-02-03"]


def test_an_id_written_with_an_at_sign_is_not_read_as_a_stay(store, tmp_path):
    _send(store, tmp_path, "first.csv", "A@1,2015-06-01 10:00,MEXICO,Male,1985\n")
    _send(store, tmp_path, "second.csv", "A,2017-02-03 15:05,MEXICO,Male,1985\n")
    assert [row[0] for row in _stored(store)] == ["A", "A@1"]
