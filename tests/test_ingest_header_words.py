"""Header wordings that qualify a column ('(if any)'), give it two names ('Reason / Disposition')
or seem to name a column the matching relies on without being read (a warning)."""

import pytest

from linkage.ingest import submit
from linkage.ingest.headers import map_headers


@pytest.mark.parametrize(("header", "canonical"), [
    ("Hold Agency (if any)", "hold_agency"),
    ("Place of Birth (City, State/Country)", "place_of_birth"),
    ("POB (City/State)", "place_of_birth"),
    ("Release Reason (optional)", "release_reason"),
    ("Release Date (if released)", "release_datetime"),
    ("Hold Agency (e.g. ICE, USM)", "hold_agency"),
    ("Detainer Agency (when known)", "hold_agency"),
    # A condition or 'incl.' naming no other date (second review of session 32).
    ("Release Date (if still in custody, blank)", "release_datetime"),
    ("Release Date (incl. time)", "release_datetime"),
    ("Hold Date (when placed)", "hold_date"),
])
def test_a_bracket_that_qualifies_does_not_block_the_alias(header, canonical):
    mapping = map_headers(["Zzz", header], "releases")
    assert mapping.columns == {canonical: 1}
    assert f"header {header!r} read as {canonical}" in mapping.notes


def test_a_bracket_that_renames_still_blocks_and_decoys_stay_unread():
    # 'Projected' makes another date of the release date; places' parts are a birthplace's
    # format only: after 'Jurisdiction' a '(County, State)' may hold what the county column would.
    headers = ["Booking #", "Release Date (Projected)", "Projected Release Date", "Next Court Date",
               "Jurisdiction (County, State)", "Hold Agency (State)", "Hold Agency (if any)"]
    mapping = map_headers(headers, "releases")
    assert mapping.columns == {"booking_id": 0, "hold_agency": 6}
    # A condition in other words than the header's is another date (review of session 32).
    for decoy in ["Release Date (when eligible)", "Release Date (if sentenced)", "Release Date (incl. projected)",
                  "Release Date (when sentence ends)"]:
        assert "release_datetime" not in map_headers(["Booking #", decoy], "releases").columns, decoy


@pytest.mark.parametrize("header", [
    "Release Reason / Disposition", "Release Reason or Disposition", "Reason/Disposition",
    "Release Reason/Type",  # 'Release Type'
])
def test_two_names_of_one_column_read_as_it(header):
    mapping = map_headers(["Booking #", header], "releases")
    assert mapping.columns == {"booking_id": 0, "release_reason": 1}


@pytest.mark.parametrize(("header", "both"), [
    ("Hold Agency / Hold Date", "hold_agency and hold_date"),
    ("Release Date or Reason", "release_datetime and release_reason"),
    ("DOB / Age", "age and dob"),
])
def test_names_of_two_columns_read_as_neither_and_are_a_warning(header, both):
    mapping = map_headers(["Booking #", header], "releases")
    assert mapping.columns == {"booking_id": 0}
    assert any(note.startswith(f"warning: header {header!r} not read: it names both {both}? ")
               for note in mapping.notes), mapping.notes


def test_an_unread_header_that_seems_a_hold_reason_or_birthplace_is_a_warning():
    headers = ["Booking #", "Hold Agency, if any", "Reason for Leaving", "Place of Birth - Country",
               "ICE Detainer Date", "Projected Release Date", "Next Court Date", "Arresting Officer Name"]
    mapping = map_headers(headers, "releases")
    assert mapping.columns == {"booking_id": 0}
    warnings = [note for note in mapping.notes if note.startswith("warning:")]
    assert warnings == [
        f"warning: header {header!r} not read: is it {canonical}? If it holds {canonical}, "
        f'a header map in configs/headers/ can name it ("{header}" = "{canonical}")'
        for header, canonical in [("Hold Agency, if any", "hold_agency"), ("Reason for Leaving", "release_reason"),
                                  ("Place of Birth - Country", "place_of_birth"), ("ICE Detainer Date", "hold_date")]
    ]
    # Once a header fills the column, another that seems to be it is only not used.
    filled = map_headers([*headers, "Hold Agency"], "releases")
    assert not any("'Hold Agency, if any'" in note for note in filled.notes if note.startswith("warning:"))


def test_a_log_with_qualified_and_doubled_headers_keeps_holds_reasons_and_birthplaces(store, tmp_path):
    log = tmp_path / "anytown.csv"
    log.write_text(
        'Booking #,"Inmate Name (Last, First M)",Booking Date & Time,Release Date/Time,'
        'Release Reason / Disposition,"Place of Birth (City, State/Country)",Hold Agency (if any),'
        'Projected Release Date,Hold Agency / Hold Date,Facility:,County:,State:\n'
        '0042,"GARCIA,JOSE",2017-01-30 08:00,2017-02-03 14:10,RELEASED TO ICE,"Oaxaca, Mexico",DHS/ICE,'
        '2017-03-01,ICE 2017-02-01,ANYTOWN JAIL,Anytown,TX\n'
        '0043,"SMITH,JOHN",2017-02-01 09:00,,,"Austin, TX",,2017-04-01,,ANYTOWN JAIL,Anytown,TX\n'
    )
    [result] = submit(store, "releases", log)
    assert (result.status, result.rows_stored) == ("stored", 2), result.message
    assert "warning: header 'Hold Agency / Hold Date' not read: it names both hold_agency and hold_date?" \
        in result.message
    assert "header 'Release Reason / Disposition' read as release_reason" in result.message
    rows = store.con.execute("""select booking_id, ice_hold, hold_agency, release_reason, place_of_birth,
                                       release_datetime::varchar from bookings order by 1""").fetchall()
    assert rows == [
        ("0042", True, "DHS/ICE", "RELEASED TO ICE", "Oaxaca, Mexico", "2017-02-03 14:10:00"),
        ("0043", False, None, None, "Austin, TX", None),
    ]


def test_a_file_whose_header_is_below_many_notice_lines_is_told_so_once(store, tmp_path):
    # The notice line was repeated as 'headers found' after each of six missing columns.
    log = tmp_path / "notice.csv"
    log.write_text("".join(f"NOTICE line {i}: a public record\n" for i in range(25))
                   + "Booking No,Name,Booking Date,Facility,County,State\n"
                   + 'B1,"GARCIA, JOSE",2/3/2017,Travis County Jail,Travis,TX\n')
    [result] = submit(store, "releases", log)
    assert result.status == "refused"
    assert result.message.count("headers found") == 1
    assert "none names a column: if the header is below other lines, remove them" in result.message
