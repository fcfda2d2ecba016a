"""States, counties, facilities, jurisdictions."""

import pycountry
import pytest

from linkage.normalize.countries import canonical_country
from linkage.normalize.places import (
    _MX_ABBREVIATIONS,
    county_key,
    facility_default_key,
    facility_key,
    jurisdiction_key,
    mexican_state,
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
        # A consolidated city-county's kind after its name: it had kept 'CITY AND' (a probe).
        ("SAN FRANCISCO CITY AND COUNTY", "SAN FRANCISCO"), ("Denver City & County", "DENVER"),
        ("James City County", "JAMES CITY"),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jalisco", "MX-JAL"), ("Michoacan", "MX-MIC"), ("Michoacán de Ocampo", "MX-MIC"),
        ("Veracruz", "MX-VER"), ("Coahuila", "MX-COA"), ("Nuevo León", "MX-NLE"),
        ("Jal.", "MX-JAL"), ("N.L.", "MX-NLE"), ("B.C.", "MX-BCN"), ("B.C.S.", "MX-BCS"),
        ("Edo. Mex.", "MX-MEX"), ("D.F.", "MX-CMX"), ("Q. Roo", "MX-ROO"), ("S.L.P.", "MX-SLP"),
        ("Texas", None), ("Ciudad", None), ("", None), (None, None),
    ],
)
def test_mexican_state(text, expected):
    assert mexican_state(text) == expected


def test_mexican_abbreviations_name_iso_subdivisions():
    codes = {sub.code for sub in pycountry.subdivisions.get(country_code="MX")}
    assert {f"MX-{code}" for code in _MX_ABBREVIATIONS.values()} == codes
    assert mexican_state("Jal.", abbreviations=False) is None


MEXICAN_TOWNS = [
    "Guadalajara, Jal.", "La Paz, B.C.S.", "Leon, Gto.",
    "Reynosa, Tamps.", "Juarez, Chih.", "Xalapa, Ver.", "Oaxaca, Oax.", "Acapulco, Gro.",
    "Puebla, Pue.", "Toluca, Edo. Mex.", "Mexico City, D.F.", "Cancun, Q. Roo",
    "San Luis Potosi, S.L.P.", "Culiacan, Sin.", "Hermosillo, Son.", "Saltillo, Coah.",
    "Durango, Dgo.", "Zacatecas, Zac.", "Tepic, Nay.", "Aguascalientes, Ags.", "Queretaro, Qro.",
    "Pachuca, Hgo.", "Tlaxcala, Tlax.", "Cuernavaca, Mor.", "Villahermosa, Tab.",
    "Campeche, Camp.", "Merida, Yuc.", "Tuxtla Gutierrez, Chis.", "Michoacan", "Veracruz",
    "Monterrey, Nuevo Leon", "Tijuana, Baja California",
]


@pytest.mark.parametrize("place_of_birth", MEXICAN_TOWNS)
def test_a_mexican_town_and_state_is_mexico(place_of_birth):
    assert canonical_country(place_of_birth) == "MEX"


@pytest.mark.parametrize(
    ("place_of_birth", "expected"),
    [
        # 'C.A.' after a Central American country is the region, not California.
        ("Honduras, C.A.", "HND"), ("Tegucigalpa, Honduras, C.A.", "HND"),
        ("Guatemala, Centroamerica", "GTM"), ("Bogota, Colombia, S.A.", "COL"),
        # US towns keep their state; a town named like a country is still in the US.
        ("Austin, TX", "USA"), ("Los Angeles, CA", "USA"), ("Sacramento, C.A.", "USA"), ("Sonora, CA", "USA"),
        ("Lebanon, PA", "USA"), ("Mexico, MO", "USA"), ("Riyadh, SA", "SAU"),
        # Letters a Mexican abbreviation shares with a US state or a country's code keep that.
        ("Detroit, Mich.", "USA"), ("Amsterdam, NL", "NLD"), ("Bogota, Col.", "COL"),
        # Letters it shares with a Canadian province: Tijuana's B.C. is Vancouver's too.
        ("Tijuana, B.C.", None), ("Vancouver, B.C.", None), ("Monterrey, N.L.", None),
    ],
)
def test_a_place_qualified_by_its_last_part(place_of_birth, expected):
    assert canonical_country(place_of_birth) == expected
