"""States, counties, facilities and jurisdictions as comparison keys.

    >>> state_code("Texas"), county_key("travis co."), jurisdiction_key("TEXAS", "Travis County")
    ('TX', 'TRAVIS', 'TX/TRAVIS')
    >>> mexican_state("Michoacán"), mexican_state("N.L.")
    ('MX-MIC', 'MX-NLE')
    >>> facility_key("TRAVIS COUNTY JAIL") == facility_key("Travis Co. Correctional Complex")
    True
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import jellyfish
import pycountry
import us
from pydantic import BaseModel, ConfigDict

from linkage.config import CONFIG_DIR, read_toml
from linkage.normalize.text import blank, join_initials, unambiguous, words

# `us` knows codes, names and AP abbreviations ('Calif.', 'Minn.'); it lacks the older
# GPO/postal-era abbreviations that still appear in jail systems, and its AP form of Texas
# is 'Texas'. Keys are in `words()` form (dots removed).
_STATE_ALIASES: dict[str, str] = {
    "TEX": "TX", "TEXS": "TX", "CAL": "CA", "CALIF": "CA", "PENN": "PA", "PENNA": "PA",
    "WISC": "WI", "WASH DC": "DC", "WASHINGTON DC": "DC", "D C": "DC", "WASHINGTON D C": "DC", "N MEX": "NM",
    "NEW MEX": "NM", "ARIZ": "AZ", "ILLS": "IL", "MASS": "MA", "MICH": "MI", "MINN": "MN",
    "OKLA": "OK", "ORE": "OR", "OREG": "OR", "W VA": "WV", "VIRGIN ISLANDS": "VI",
    "US VIRGIN ISLANDS": "VI", "NORTHERN MARIANA ISLANDS": "MP", "USVI": "VI", "CNMI": "MP",
    "KANS": "KS", "NEBR": "NE", "N DAK": "ND", "S DAK": "SD", "N DAKOTA": "ND", "S DAKOTA": "SD",
    "N CAROLINA": "NC", "S CAROLINA": "SC", "W VIRGINIA": "WV", "WASH D C": "DC",
}


@lru_cache(maxsize=1)
def _state_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for state in us.states.STATES_AND_TERRITORIES:  # 50 states, DC, 5 territories
        index[state.abbr] = state.abbr
        index[words(state.name)] = state.abbr
        if state.ap_abbr:
            index[words(state.ap_abbr)] = state.abbr
            index[words(state.ap_abbr).replace(" ", "")] = state.abbr
    index.update(_STATE_ALIASES)
    return index


def state_code(text: str | None, *, fuzzy: bool = True) -> str | None:
    """Two-letter USPS code for a state, DC or territory; None when not one.

        >>> state_code("TEXAS"), state_code("tex."), state_code("Minn."), state_code("Mexico")
        ('TX', 'TX', 'MN', None)

    With `fuzzy`, a misspelling of five or more letters is matched by `us`'s metaphone
    lookup ('Texsas'); shorter strings are not, because metaphone makes 'Minn' sound like Maine.
    """
    if blank(text):
        return None
    return _state_code(str(text), fuzzy)


@lru_cache(maxsize=65536)
def _state_code(text: str, fuzzy: bool) -> str | None:
    key = words(text)
    found = _state_index().get(key)
    if found or not fuzzy or len(key.replace(" ", "")) < 5 or not key.replace(" ", "").isalpha():
        return found
    state = us.states.lookup(key.title())
    # Metaphone is loose; insist the first letter agrees as a guard ('Wyoming' vs 'Oming').
    if state is None or state.is_obsolete or state.name[0].upper() != key[0]:
        return None
    if jellyfish.jaro_winkler_similarity(state.name.upper(), key) < 0.85:
        return None
    return state.abbr


# --- Mexican states ---------------------------------------------------------------------------

# The abbreviations Mexican documents (birth certificates, matriculas) print after a town,
# as the jail copies them. pycountry has the states' names and ISO 3166-2 codes ('MX-NLE'),
# but not these, which are not ISO's ('N.L.', 'Gto.', 'Tamps.'). Keys in `join_initials(words())`
# form ('N.L.' -> 'NL', 'Q. Roo' -> 'Q ROO'); values are ISO codes after 'MX-'. 'Distrito
# Federal' and 'D.F.' name Mexico City before its 2016 renaming, which is all pycountry has.
_MX_ABBREVIATIONS: dict[str, str] = {
    "AGS": "AGU", "BC": "BCN", "BCS": "BCS", "CAMP": "CAM", "CHIS": "CHP",
    "CHIH": "CHH", "COAH": "COA", "COL": "COL", "DF": "CMX", "CDMX": "CMX",
    "DISTRITO FEDERAL": "CMX", "DGO": "DUR", "EDO MEX": "MEX", "EDO DE MEX": "MEX",
    "EDOMEX": "MEX", "GTO": "GUA", "GRO": "GRO", "HGO": "HID", "JAL": "JAL", "MICH": "MIC",
    "MOR": "MOR", "NAY": "NAY", "NL": "NLE", "OAX": "OAX", "PUE": "PUE", "QRO": "QUE",
    "Q ROO": "ROO", "QROO": "ROO", "SLP": "SLP", "SIN": "SIN", "SON": "SON", "TAB": "TAB",
    "TAMPS": "TAM", "TLAX": "TLA", "VER": "VER", "YUC": "YUC", "ZAC": "ZAC",
}


@lru_cache(maxsize=1)
def _mexican_names() -> dict[str, str]:
    """pycountry's names of Mexico's states in `words()` form -> ISO 3166-2 code, and the short
    names in use for the three named after a person ('Michoacan' of 'Michoacan de Ocampo')."""
    index: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code="MX"):
        index[words(sub.name)] = sub.code
        if sub.type == "State" and " de " in sub.name:  # not 'Ciudad de Mexico', a federal entity
            index[words(sub.name.split(" de ")[0])] = sub.code
    return index


def mexican_state(text: str | None, *, abbreviations: bool = True) -> str | None:
    """ISO 3166-2 code of a Mexican state named or, with `abbreviations`, abbreviated as Mexican
    documents do; None when not one.

        >>> mexican_state("Veracruz"), mexican_state("Jal."), mexican_state("Jal.", abbreviations=False)
        ('MX-VER', 'MX-JAL', None)

    Several abbreviations also spell something else ('Mich.' is Michigan's too, 'Col.'
    Colombia's, 'NL' the Netherlands' code): the caller knows where the text stood.
    """
    if blank(text):
        return None
    key = join_initials(words(str(text)))
    found = _mexican_names().get(key)
    if found is None and abbreviations and key in _MX_ABBREVIATIONS:
        found = f"MX-{_MX_ABBREVIATIONS[key]}"
    return found


# Suffixes that name the kind of county, not the county (Louisiana parishes, Alaska boroughs,
# San Francisco's and Denver's 'City and County'). 'CITY' is kept: Baltimore City and Baltimore
# County are different jurisdictions, and Virginia's James City County is JAMES CITY.
_COUNTY_WORDS = re.compile(
    r"\b(CITY AND COUNTY|COUNTY|CNTY|CTY|CO|PARISH|PAR|CITY AND BOROUGH|BOROUGH|BORO|CENSUS AREA|MUNICIPALITY|MUNICIPIO"
    r"|SHERIFFS OFFICE|SHERIFFS DEPARTMENT|SHERIFFS DEPT|SHERIFF|SO"
    r"|JAIL|DETENTION CENTER|DETENTION FACILITY|CORRECTIONAL FACILITY|CORRECTIONAL CENTER)$"
)
_COUNTY_PREFIX = re.compile(r"^(COUNTY OF|PARISH OF|BOROUGH OF|CITY AND COUNTY OF|CITY AND BOROUGH OF|MUNICIPALITY OF|MUNICIPIO DE)\s+")
_SAINT = re.compile(r"\b(SAINT|ST)\b")
_SAINTE = re.compile(r"\b(SAINTE|STE)\b")


def county_key(text: str | None) -> str | None:
    """Upper-case county name without its kind: 'Travis County' = 'TRAVIS' = 'travis co.'.

        >>> county_key("St. Louis County"), county_key("Orleans Parish"), county_key("Baltimore City")
        ('ST LOUIS', 'ORLEANS', 'BALTIMORE CITY')
        >>> county_key("De Kalb"), county_key("Montgomery County, MD"), county_key("Lewis & Clark")
        ('DEKALB', 'MONTGOMERY', 'LEWIS AND CLARK')

    A report and a log spell one county apart ('Du Page' / 'DuPage'): a spelling that folds
    (spaces, 'and', a state after the name) onto one official county name (addfips) is read
    as that name's key; others stay as written.
    """
    if blank(text):
        return None
    return _county_key(str(text))


@lru_cache(maxsize=65536)
def _county_key(text: str) -> str | None:
    key = _plain_county_key(text)
    if not key:
        return None
    official = _official_counties()
    if found := official.get(_fold(key)):
        return found  # 'De Kalb' = 'DeKalb', 'Lewis & Clark' = 'Lewis and Clark'
    if key.startswith("CITY OF ") and (found := official.get(_fold(key[8:] + " CITY"))):
        return found  # 'City of St. Louis' = 'St. Louis city'
    parts = key.split()
    for width in (1, 2):  # 'Montgomery County, MD', 'Kent County, New York'
        head, tail = " ".join(parts[:-width]), " ".join(parts[-width:])
        if head and tail in _state_index() and (found := official.get(_fold(_plain_county_key(head) or ""))):
            return found
    return key


def _fold(key: str) -> str:
    return key.replace(" AND ", " ").replace(" ", "")


@lru_cache(maxsize=1)
def _official_counties() -> dict[str, str]:
    """Folded key (no spaces, no 'AND') -> the key of the official county name (addfips' list),
    where only one official name folds so: 'DE WITT' (IL) and 'DEWITT' (TX) both stay as they are."""
    with open(files("addfips") / "data" / "counties_2020.csv", newline="") as fh:
        keys = [key for row in csv.DictReader(fh) if (key := _plain_county_key(row["name"]))]
    return unambiguous((_fold(key), key) for key in keys)


@lru_cache(maxsize=1)
def official_counties_by_state() -> tuple[tuple[str, str], ...]:
    """(state code, county key) of every county and county-equivalent (addfips' 2020 list), as
    `jurisdiction_key` reads its name: ('FL', 'MIAMI DADE'), ('VA', 'NORFOLK')."""
    data = files("addfips") / "data"
    with open(data / "states.csv", newline="") as fh:
        postal = {row["fips"]: row["postal"] for row in csv.DictReader(fh)}
    with open(data / "counties_2020.csv", newline="") as fh:
        return tuple(sorted({(postal[row["statefp"]], key) for row in csv.DictReader(fh)
                             if row["statefp"] in postal and (key := county_key(row["name"]))}))


def _plain_county_key(text: str) -> str | None:
    key = words(text.replace("&", " AND "))  # 'City & County' is 'City and County'
    key = _COUNTY_PREFIX.sub("", key)
    previous = None
    while key != previous:  # 'TRAVIS CO SHERIFFS OFFICE' -> 'TRAVIS CO' -> 'TRAVIS'
        previous = key
        stripped = _COUNTY_WORDS.sub("", key).strip()
        key = stripped or key  # a county called 'CO' alone stays 'CO'
    key = _SAINTE.sub("STE", _SAINT.sub("ST", key))
    return key or None


def jurisdiction_key(state: str | None, county: str | None) -> str | None:
    """'TX/TRAVIS'; None when the state or the county cannot be read (the caller quarantines).

        >>> jurisdiction_key("Texas", "Travis County")
        'TX/TRAVIS'
    """
    code, name = state_code(state), county_key(county)
    if code is None or name is None:
        return None
    return f"{code}/{name}"


# --- facilities ------------------------------------------------------------------------------

# Phrases that name the kind of building. Both ICE and jails spell these many ways; folding
# them all to one word lets 'TRAVIS COUNTY JAIL' meet 'Travis Co. Correctional Complex'
# without an alias. Longest phrases first, so 'DETENTION CENTER' wins over 'CENTER'.
_FACILITY_KINDS = [
    "ADULT DETENTION CENTER", "ADULT DETENTION FACILITY", "DETENTION CENTER", "DETENTION CTR",
    "DETENTION FACILITY", "DETENTION FAC", "DET CTR", "DET CENTER", "CORRECTIONAL COMPLEX",
    "CORRECTIONAL CENTER", "CORRECTIONAL CTR", "CORRECTIONAL FACILITY", "CORRECTIONAL FAC",
    "CORRECTIONS CENTER", "CORRECTIONS FACILITY", "CORR FACILITY", "CORR FAC", "CORR CTR",
    "CORRECTIONAL INSTITUTION", "JUSTICE CENTER", "JUSTICE COMPLEX", "LAW ENFORCEMENT CENTER",
    "PUBLIC SAFETY FACILITY", "PUBLIC SAFETY BUILDING", "SECURITY CENTER", "HOLDING FACILITY",
    "JAIL FACILITY", "JAIL COMPLEX", "JAIL", "GAOL", "ADC", "LEC", "DETENTION", "CORRECTIONS",
    "CORRECTIONAL", "STOCKADE",
]
_KIND_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _FACILITY_KINDS) + r")\b")
# Applied before the kinds: saints and filler words.
_FACILITY_FILLERS = [
    (re.compile(r"\b(SAINT|ST)\b"), "ST"),
    (re.compile(r"\b(AND|THE|OF)\b"), ""),
]
# Applied after the kinds: the remaining common words, one spelling each.
_FACILITY_WORDS = [
    (re.compile(r"\b(COUNTY|CNTY|CTY)\b"), "CO"),
    (re.compile(r"\b(SHERIFFS OFFICE|SHERIFFS DEPARTMENT|SHERIFFS DEPT|SHERIFF)\b"), "SO"),
    (re.compile(r"\b(DEPARTMENT|DEPT)\b"), "DEPT"),
    (re.compile(r"\b(CENTER|CTR|CNTR|CENTRE)\b"), "CENTER"),
]
_REPEATED_JAIL = re.compile(r"\bJAIL( JAIL)+\b")


class _Facility(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    state: str | None = None
    county: str | None = None
    aliases: list[str] = []


class _FacilitiesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    facility: list[_Facility] = []


def facility_default_key(text: str | None) -> str | None:
    """The rule used when no alias is listed: upper, no punctuation, kinds of building folded.

        >>> facility_default_key("Hennepin County Adult Detention Center")
        'HENNEPIN CO JAIL'
    """
    if blank(text):
        return None
    key = words(str(text).replace("&", " AND "))
    for pattern, replacement in _FACILITY_FILLERS:
        key = pattern.sub(replacement, key)
    key = _KIND_RE.sub("JAIL", " ".join(key.split()))
    for pattern, replacement in _FACILITY_WORDS:
        key = pattern.sub(replacement, key)
    key = _REPEATED_JAIL.sub("JAIL", " ".join(key.split()))
    return key or None


@lru_cache(maxsize=8)
def _facility_aliases(path: Path) -> dict[str, str]:
    """Default-rule form of every alias (and every key) -> canonical key; read once."""
    parsed = _FacilitiesFile.model_validate(read_toml(path)) if path.exists() else _FacilitiesFile()
    table: dict[str, str] = {}
    for facility in parsed.facility:
        for spelling in (facility.key, *facility.aliases):
            folded = facility_default_key(spelling)
            if folded is None:
                continue
            if table.get(folded, facility.key) != facility.key:
                raise ValueError(
                    f"{path}: {spelling!r} is listed for both {table[folded]!r} and {facility.key!r}"
                )
            table[folded] = facility.key
    return table


def facility_key(text: str | None, *, config_dir: Path | None = None) -> str | None:
    """Canonical facility key: the alias from configs/facilities.toml, else the default rule.

        >>> facility_key("Travis County Correctional Complex"), facility_key("Smith County Jail")
        ('TRAVIS CO JAIL', 'SMITH CO JAIL')
    """
    if blank(text):
        return None
    return _facility_key(str(text), config_dir or CONFIG_DIR)


@lru_cache(maxsize=65536)
def _facility_key(text: str, config_dir: Path) -> str | None:
    folded = facility_default_key(text)
    if folded is None:
        return None
    return _facility_aliases(config_dir / "facilities.toml").get(folded, folded)
