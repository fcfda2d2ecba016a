"""States, counties, facilities, jurisdictions."""

import pytest

from linkage.normalize.places import (
    county_key,
    facility_default_key,
    facility_key,
    jurisdiction_key,
    state_code,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TX", "TX"), ("Texas", "TX"), ("TEXAS", "TX"), ("tex.", "TX"), ("Tex", "TX"),
        ("Minn.", "MN"), ("Minn", "MN"), ("Calif.", "CA"), ("N.Y.", "NY"), ("new york", "NY"),
        ("Wyomng", "WY"), ("D.C.", "DC"), ("Washington, D.C.", "DC"), ("Puerto Rico", "PR"),
        ("mn", "MN"), ("Mexico", None), ("XX", None), ("", None), (None, None), ("Dakota", None),
        # GPO abbreviations and shortened names that jail systems still print.
        ("Kans.", "KS"), ("Nebr.", "NE"), ("N. Dak.", "ND"), ("S. Dak.", "SD"), ("N. Carolina", "NC"),
        ("W. Virginia", "WV"), ("USVI", "VI"), ("CNMI", "MP"), ("Wash. D.C.", "DC"),
    ],
)
def test_state_code(text, expected):
    assert state_code(text) == expected


def test_state_code_without_fuzzy_is_exact():
    assert state_code("Wyomng", fuzzy=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Travis County", "TRAVIS"), ("TRAVIS", "TRAVIS"), ("travis co.", "TRAVIS"),
        ("Travis Cnty", "TRAVIS"), ("Travis County Sheriff's Office", "TRAVIS"),
        ("St. Louis County", "ST LOUIS"), ("Saint Louis Co", "ST LOUIS"),
        ("Ste. Genevieve County", "STE GENEVIEVE"), ("Orleans Parish", "ORLEANS"),
        ("Matanuska-Susitna Borough", "MATANUSKA SUSITNA"), ("Baltimore City", "BALTIMORE CITY"),
        ("County of Los Angeles", "LOS ANGELES"), ("City and County of San Francisco", "SAN FRANCISCO"),
        ("Doña Ana County", "DONA ANA"), ("", None), (None, None),
        # A report and a log that spell one county apart meet on the official name's key.
        ("De Kalb", "DEKALB"), ("DeKalb County", "DEKALB"), ("Du Page", "DUPAGE"), ("Mc Lennan", "MCLENNAN"),
        ("Lewis & Clark", "LEWIS AND CLARK"), ("City of St. Louis", "ST LOUIS CITY"),
        ("Montgomery County, MD", "MONTGOMERY"), ("Kent County, New York", "KENT"),
        ("Harris County Jail", "HARRIS"),
        # Alaska's and Puerto Rico's kinds of county, either way round.
        ("Municipality of Anchorage", "ANCHORAGE"), ("Anchorage Municipality", "ANCHORAGE"),
        ("City and Borough of Juneau", "JUNEAU"), ("Juneau City and Borough", "JUNEAU"),
        ("San Juan Municipio", "SAN JUAN"), ("Municipio de San Juan", "SAN JUAN"),
        # Two official spellings fold alike (De Witt, IL; DeWitt, TX): each stays as written.
        ("De Witt", "DE WITT"), ("DeWitt", "DEWITT"), ("Anaheim", "ANAHEIM"),
    ],
)
def test_county_key(text, expected):
    assert county_key(text) == expected


@pytest.mark.parametrize(
    ("state", "county", "expected"),
    [
        ("TX", "Travis", "TX/TRAVIS"), ("Texas", "TRAVIS COUNTY", "TX/TRAVIS"),
        ("Minnesota", "Hennepin Co.", "MN/HENNEPIN"), ("XX", "Travis", None), ("TX", "", None),
    ],
)
def test_jurisdiction_key(state, county, expected):
    assert jurisdiction_key(state, county) == expected


@pytest.mark.parametrize(
    ("ice", "jail"),
    [
        ("TRAVIS COUNTY JAIL", "Travis Co. Correctional Complex"),
        ("TRAVIS COUNTY JAIL", "Del Valle Correctional Complex"),
        ("HENNEPIN COUNTY JAIL", "Hennepin County Adult Detention Center"),
        ("HARRIS COUNTY JAIL", "1200 Baker Street Jail"),
        ("SMITH COUNTY JAIL", "Smith Co. Detention Center"),   # no alias: default rule
        ("ST. LOUIS COUNTY JAIL", "Saint Louis County Justice Center"),
    ],
)
def test_facility_spellings_meet(ice, jail):
    assert facility_key(ice) == facility_key(jail)
    assert facility_key(ice) is not None


def test_facility_aliases_give_the_configured_key():
    assert facility_key("Lew Sterrett Justice Center") == "DALLAS CO JAIL"
    assert facility_key("TCCC") == "TRAVIS CO JAIL"


def test_facility_default_rule():
    assert facility_default_key("Hennepin County Adult Detention Center") == "HENNEPIN CO JAIL"
    assert facility_default_key("Smith Co. Jail & Detention Center") == "SMITH CO JAIL"
    assert facility_default_key("  ") is None
    assert facility_key(None) is None


def test_facility_different_counties_stay_apart():
    assert facility_key("TRAVIS COUNTY JAIL") != facility_key("WILLIAMSON COUNTY JAIL")


def test_facility_config_refuses_a_spelling_listed_twice(tmp_path):
    (tmp_path / "facilities.toml").write_text(
        '[[facility]]\nkey = "A"\naliases = ["X JAIL"]\n'
        '[[facility]]\nkey = "B"\naliases = ["X Detention Center"]\n'
    )
    with pytest.raises(ValueError, match="listed for both"):
        facility_key("anything", config_dir=tmp_path)


def test_facility_config_refuses_unknown_keys(tmp_path):
    (tmp_path / "facilities.toml").write_text('[[facility]]\nkey = "A"\nalias = ["X"]\n')
    with pytest.raises(ValueError):
        facility_key("other thing", config_dir=tmp_path)
