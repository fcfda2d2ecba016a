"""Header wordings that qualify a column ('Hold Agency (if any)') rather than rename it, or
give it two names ('Release Reason / Disposition')."""

import pytest

from linkage.ingest.headers import map_headers


@pytest.mark.parametrize(("header", "canonical"), [
    ("Hold Agency (if any)", "hold_agency"),
    ("Place of Birth (City, State/Country)", "place_of_birth"),
    ("POB (City/State)", "place_of_birth"),
    ("Release Reason (optional)", "release_reason"),
    ("Release Date (if released)", "release_datetime"),
    ("Hold Agency (e.g. ICE, USM)", "hold_agency"),
    ("Detainer Agency (when known)", "hold_agency"),
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


@pytest.mark.parametrize("header", [
    "Release Reason / Disposition", "Release Reason or Disposition", "Reason/Disposition",
    "Release Reason/Type",  # 'Release Type'
])
def test_two_names_of_one_column_read_as_it(header):
    mapping = map_headers(["Booking #", header], "releases")
    assert mapping.columns == {"booking_id": 0, "release_reason": 1}
