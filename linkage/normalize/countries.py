"""Countries of citizenship and places of birth as ISO 3166 alpha-3 codes.

    >>> canonical_country("CHINA, PEOPLES REPUBLIC OF")
    'CHN'
    >>> canonical_country("Mexico (Use only when state is unknown)")
    'MEX'
    >>> canonical_country("Minneapolis, MN")
    'USA'
    >>> canonical_country("YUGOSLAVIA"), successor_countries("YUG")[:2]
    ('YUG', ['BIH', 'HRV'])

Decisions (documented for the matcher):

* US places of birth - a state name or code, `City, ST`, `USA`, `UNITED STATES` - are 'USA'.
  So are the inhabited territories (Puerto Rico, Guam, US Virgin Islands, Northern Mariana
  Islands, American Samoa): people born there are US citizens or nationals, never aliens
  under a detainer, and ICE's citizenship field says 'UNITED STATES' for them. pycountry on
  its own would answer PRI/GUM/VIR/MNP/ASM.
* By default a US state name or two-letter code is read as the state (jail place-of-birth
  fields follow NCIC, where `CA` is California, not Canada, and `GEORGIA` is the state).
  ICE citizenship fields never name a state: pass `us_states=False` there, so `GEORGIA` is
  GEO and `CA` is Canada.
* Countries that split into several (Czechoslovakia, Yugoslavia, Soviet Union, Serbia and
  Montenegro, Netherlands Antilles) keep their ISO 3166-3 former codes (CSK, YUG, SUN, SCG,
  ANT): picking one successor
  would invent a fact. `successor_countries` lists the successors so a comparison can treat
  'YUG' and 'SRB' as compatible. Renamed countries with one successor (Burma, Zaire,
  East/West Germany, Rhodesia) map to the successor.
* Kosovo has no ISO code; we use the user-assigned 'XKX' (EU, IMF and US practice).
* UNKNOWN, STATELESS, NONE, N/A, NA (not Namibia: in these fields it means 'not available'),
  XX, ZZ and empty values are None.
* A comma-separated place is read from its last part. A last part that qualifies the one
  before it is read first: 'C.A.' or 'S.A.' after a Central or South American country is the
  region, not California or Saudi Arabia ('Honduras, C.A.' is HND); a Mexican state's
  abbreviation ('Guadalajara, Jal.', 'Monterrey, N.L.') is MEX, unless its letters also read
  as a US state or a country's code ('Mich.' stays Michigan, 'Col.' Colombia, a bare 'NL' the
  Netherlands; 'N.L.' with dots is no ISO code) or a Canadian province's ('B.C.', 'N.L.': no
  guess). Mexican states' names are MEX anywhere.
* What no name matches is read as a country named inside a longer text ('BORN IN GUATEMALA
  CITY'), else as an abbreviation or misspelling of one country ('GUAT', 'DOM REP',
  'COLUMBIA', `_near`). Two places as near give None: a guess would invent a fact.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

import jellyfish
import pycountry
import us

from linkage.normalize.places import mexican_state, state_code
from linkage.normalize.text import blank, join_initials, unambiguous, words

# ICE and jail spellings that pycountry's exact lookup misses (ICE's "NAME, QUALIFIER"
# inversions, pre-ISO names) or gets wrong for our data (ZAIRE is an Angolan province in
# pycountry's fuzzy search; DISTRITO FEDERAL is Brazil there, Mexico City in our jails).
# Keys are in `words()` form: upper case, punctuation removed.
_ALIASES: dict[str, str] = {
    "KOREA SOUTH": "KOR", "SOUTH KOREA": "KOR", "KOREA REPUBLIC OF": "KOR", "KOREA": "KOR",
    "KOREA NORTH": "PRK", "NORTH KOREA": "PRK",
    "KOREA DEMOCRATIC PEOPLES REPUBLIC OF": "PRK",
    "CHINA PEOPLES REPUBLIC OF": "CHN", "PEOPLES REPUBLIC OF CHINA": "CHN", "PRC": "CHN",
    "CHINA REPUBLIC OF": "TWN", "REPUBLIC OF CHINA": "TWN",
    "HONG KONG": "HKG", "MACAU": "MAC",
    "BURMA": "MMR", "IVORY COAST": "CIV", "COTE DIVOIRE": "CIV", "CAPE VERDE": "CPV",
    "CONGO DEMOCRATIC REPUBLIC OF THE": "COD", "CONGO DEMOCRATIC REPUBLIC": "COD",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "COD", "DEMOCRATIC REPUBLIC OF CONGO": "COD",
    "DRC": "COD", "CONGO KINSHASA": "COD", "ZAIRE": "COD",
    "CONGO": "COG", "CONGO REPUBLIC OF THE": "COG", "REPUBLIC OF THE CONGO": "COG",
    "CONGO BRAZZAVILLE": "COG",
    "MICRONESIA": "FSM", "MICRONESIA FEDERATED STATES OF": "FSM",
    "GREAT BRITAIN": "GBR", "BRITAIN": "GBR", "ENGLAND": "GBR", "SCOTLAND": "GBR",
    "WALES": "GBR", "NORTHERN IRELAND": "GBR", "UK": "GBR", "UNITED KINGDOM": "GBR",
    "HOLLAND": "NLD", "NETHERLANDS THE": "NLD",
    "RUSSIA": "RUS", "TURKEY": "TUR", "SWAZILAND": "SWZ", "MACEDONIA": "MKD",
    "EAST TIMOR": "TLS", "PALESTINE": "PSE", "WEST BANK": "PSE", "GAZA STRIP": "PSE",
    "LAOS": "LAO", "SYRIA": "SYR", "VATICAN CITY": "VAT", "HOLY SEE": "VAT",
    "ST KITTS AND NEVIS": "KNA", "ST LUCIA": "LCA", "ST VINCENT AND THE GRENADINES": "VCT",
    "TRINIDAD": "TTO", "TOBAGO": "TTO", "ANTIGUA": "ATG", "BARBUDA": "ATG",
    "BOSNIA": "BIH", "BOSNIA HERZEGOVINA": "BIH", "HERZEGOVINA": "BIH",
    "CZECHIA": "CZE", "SLOVAK REPUBLIC": "SVK", "KYRGYZSTAN": "KGZ",
    "DISTRITO FEDERAL": "MEX", "MEXICO CITY": "MEX", "CIUDAD DE MEXICO": "MEX",
    "SAN SALVADOR": "SLV", "EL SALVADOR": "SLV",
    "WEST GERMANY": "DEU", "EAST GERMANY": "DEU", "GERMANY WEST": "DEU", "GERMANY EAST": "DEU",
    "GERMAN DEMOCRATIC REPUBLIC": "DEU", "RHODESIA": "ZWE", "DAHOMEY": "BEN",
    "UPPER VOLTA": "BFA", "CEYLON": "LKA", "SIAM": "THA", "PERSIA": "IRN",
    "KOSOVO": "XKX",
    # A one-word subdivision elsewhere would win over the country ('SOMALI' is a region of
    # Ethiopia in pycountry; in a place-of-birth field it is Somalia); 'DOMINICAN' is one
    # letter from Dominica but means the Republic.
    "SOMALI": "SOM", "DOMINICAN": "DOM",
    # Former states with several successors: ISO 3166-3 codes (see module docstring).
    "CZECHOSLOVAKIA": "CSK", "YUGOSLAVIA": "YUG", "SOVIET UNION": "SUN", "USSR": "SUN",
    "UNION OF SOVIET SOCIALIST REPUBLICS": "SUN", "SERBIA AND MONTENEGRO": "SCG",
    # The United States and its inhabited territories (see module docstring).
    "USA": "USA", "US": "USA", "UNITED STATES": "USA", "UNITED STATES OF AMERICA": "USA",
    "AMERICA": "USA", "AMERICAN": "USA", "PUERTO RICO": "USA", "GUAM": "USA",
    "VIRGIN ISLANDS": "USA", "US VIRGIN ISLANDS": "USA", "VIRGIN ISLANDS US": "USA",
    "NORTHERN MARIANA ISLANDS": "USA", "AMERICAN SAMOA": "USA", "WASHINGTON DC": "USA",
    "PRI": "USA", "GUM": "USA", "VIR": "USA", "MNP": "USA", "ASM": "USA",
    "BRITISH VIRGIN ISLANDS": "VGB", "VIRGIN ISLANDS BRITISH": "VGB",
    # ICE's hyphenated and short forms ('ST. KITTS-NEVIS'), and names that the fuzzy search
    # would read as another country ('BRITISH HONDURAS' is Belize, not Honduras; 'HONG KONG
    # SAR' is not China; 'FORMOSA' is Taiwan, not the Argentine province).
    "ST KITTS NEVIS": "KNA", "ST KITTS": "KNA", "SAINT KITTS": "KNA",
    "ST VINCENT GRENADINES": "VCT", "ST VINCENT": "VCT", "SAINT VINCENT": "VCT",
    "SINT MAARTEN": "SXM", "BRUNEI": "BRN", "CZECH": "CZE", "SERBIA MONTENEGRO": "SCG",
    "BRITISH HONDURAS": "BLZ", "BRITISH GUIANA": "GUY", "DUTCH GUIANA": "SUR",
    "KAMPUCHEA": "KHM", "ZANZIBAR": "TZA", "PALESTINIAN TERRITORIES": "PSE",
    "HONG KONG SAR": "HKG", "MACAO SAR": "MAC", "FORMOSA": "TWN",
    "CANARY ISLANDS": "ESP", "AZORES": "PRT", "MADEIRA": "PRT", "ABU DHABI": "ARE", "DUBAI": "ARE",
    # A blind world's birthplaces no lookup read: El Salvador without its article (ICE's own
    # short form), Ireland in Irish, Ho Chi Minh City by its old name.
    "SALVADOR": "SLV", "EIRE": "IRL", "SAIGON": "VNM", "HO CHI MINH CITY": "VNM",
    # A compass point or 'DR' abbreviated: the search inside the text had read N KOREA as the
    # South, DR CONGO as the Republic of the Congo, and S AFRICA as nothing.
    "N KOREA": "PRK", "S KOREA": "KOR", "S AFRICA": "ZAF", "S SUDAN": "SSD",
    "E TIMOR": "TLS", "DR CONGO": "COD", "CONGO DR": "COD", "CONGO DRC": "COD", "DEM REP CONGO": "COD",
    "CONGO DEM REP": "COD", "DEM REP OF CONGO": "COD", "DEM REP OF THE CONGO": "COD",
    # A sports (IOC) code that jail systems also write, another blind world's HON. (Its GUA for
    # Guatemala is also Guanajuato's code, MX-GUA: no guess.)
    "HON": "HND",
    # Spanish names of the two commonest, as a Spanish-speaking clerk or a consular card writes
    # them (a probe's: no country read), and Mexico City's abbreviation.
    "ESTADOS UNIDOS": "USA", "ESTADOS UNIDOS DE AMERICA": "USA", "EEUU": "USA", "EE UU": "USA",
    "EUA": "USA", "E U A": "USA",  # (review: read as Tonga, TON)
    "ESTADOS UNIDOS MEXICANOS": "MEX", "MEJICO": "MEX", "CDMX": "MEX",
}

_UNKNOWN = {
    "UNKNOWN", "UNK", "UNKN", "UNKNOWN COUNTRY", "STATELESS", "NONE", "NULL", "N A", "NA",
    "NOT AVAILABLE", "NOT REPORTED", "NOT STATED", "OTHER", "XX", "ZZ", "XXX", "ZZZ", "0", "00",
}

_SUCCESSORS: dict[str, list[str]] = {
    "CSK": ["CZE", "SVK"],
    "YUG": ["BIH", "HRV", "MKD", "MNE", "SRB", "SVN", "XKX"],
    "SCG": ["MNE", "SRB", "XKX"],
    "ANT": ["BES", "CUW", "SXM"],
    "SUN": [
        "ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA", "RUS", "TJK",
        "TKM", "UKR", "UZB",
    ],
}

_EXTRA_NAMES = {"XKX": "Kosovo"}
_PARENTHESES = re.compile(r"\([^)]*\)?")


def canonical_country(text: str | None, *, us_states: bool = True) -> str | None:
    """ISO alpha-3 for an ICE citizenship or a jail place of birth; None when unknown.

        >>> canonical_country("KOREA, SOUTH"), canonical_country("Texas"), canonical_country("MX")
        ('KOR', 'USA', 'MEX')
    """
    if blank(text):
        return None
    return _canonical(str(text), us_states)


def iso2_birthplaces(values: list[str]) -> bool:
    """Whether a log's places of birth are ISO 3166 two-letter country codes, not US states.

        >>> iso2_birthplaces(["MX", "US", "CO", "IN"]), iso2_birthplaces(["MX", "TX", "IN"])
        (True, False)

    A two-letter birthplace is read as a US state by default (NCIC), so in a log that writes
    every birthplace as a country code `CO` (Colombia) was Colorado, `IN` (India) Indiana and
    `CA` (Canada) California. A log is read as one of country codes when all its birthplaces
    are two letters, one at least is a country's and no state's (`MX`, `GT`, `US`), and none is
    a state's and no country's (`TX`, `NY`, `FL`): such a log writes neither way ambiguously.
    """
    codes = {v.strip().upper() for v in values if not blank(v)}
    if not codes or any(len(code) != 2 or not code.isalpha() for code in codes):
        return False
    countries, states = _iso2_codes(), _state_codes()
    return bool(codes & (countries - states)) and not codes & (states - countries)


@lru_cache(maxsize=1)
def _iso2_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def _state_codes() -> frozenset[str]:
    return frozenset(s.abbr for s in us.states.STATES_AND_TERRITORIES) | {"DC"}


@lru_cache(maxsize=65536)
def _canonical(text: str, us_states: bool) -> str | None:
    whole = _key(text)
    if not whole or whole in _UNKNOWN:
        return None
    found = _lookup(whole, us_states)  # 'Cocos (Keeling) Islands' keeps its parenthesis
    if found:
        return found
    # "Mexico (Use only when state is unknown)": the parenthesis is a form instruction.
    text = _PARENTHESES.sub(" ", text)
    whole = _key(text)
    if not whole or whole in _UNKNOWN:
        return None
    found = _lookup(whole, us_states)
    if found:
        return found
    pieces = [part for part in text.split(",") if _key(part)]
    parts = [_key(part) for part in pieces]
    if len(parts) > 1:
        found = _qualified(pieces[-1], parts, us_states)
        if found is not None:
            return found or None  # '' (a Mexican state's or a Canadian province's): no guess
        # "KOREA, SOUTH" -> "SOUTH KOREA"; "BAHAMAS, THE" -> "BAHAMAS".
        inverted = " ".join(reversed(parts)) if len(parts) == 2 else ""
        for candidate in (inverted, *reversed(parts)):  # "City, State, Country": last wins
            if candidate in _UNKNOWN or candidate == "THE":
                continue
            found = _lookup(candidate, us_states)
            if found:
                return found
    # A Mexican state and the country's code without a comma between: 'GUERRERO MEX'.
    state, _, country = whole.rpartition(" ")
    if country in ("MEX", "MX") and mexican_state(state, abbreviations=False):
        return "MEX"
    found = _demonyms().get(whole) or _fuzzy(whole)  # 'MEXICAN', as a jail may type a birthplace
    if found:
        return found
    return _near(whole, us_states) or None  # '' (two places as near): no guess


# A region written after a country, as Latin American addresses do ('Honduras, C.A.').
# countryinfo knows which countries a region holds (`_regions`), not these spellings of it.
_REGION_WORDS = {
    "CA": "CENTRAL AMERICA", "CENTRAL AMERICA": "CENTRAL AMERICA", "CENTROAMERICA": "CENTRAL AMERICA",
    "SA": "SOUTH AMERICA", "SOUTH AMERICA": "SOUTH AMERICA", "SUDAMERICA": "SOUTH AMERICA",
}


def _qualified(last_piece: str, parts: list[str], us_states: bool) -> str | None:
    """The country that a place's last part settles with the part before it ('Honduras,
    C.A.', 'Guadalajara, Jal.'); '' when it leaves two ('Tijuana, B.C.'); None to read the
    parts one by one."""
    last, before = parts[-1], parts[-2]
    if last in _REGION_WORDS:
        # A country named, not a state of one: 'Sonora, CA' is the town in California.
        heads, full = _country_names_by_kind()
        country = _ALIASES.get(before) or full.get(before) or heads.get(before)
        if country in _regions().get(_REGION_WORDS[last], ()):
            return country
    if mexican_state(last):
        initials = words(last_piece) != last  # 'N.L.' and 'N L' are initials, not an ISO code
        if initials or not _lookup(last, us_states):
            return "" if last in _canadian_provinces() else "MEX"
    return None


@lru_cache(maxsize=1)
def _canadian_provinces() -> frozenset[str]:
    """Canada's province codes (pycountry): 'B.C.' and 'N.L.' end Vancouver's and St. John's
    addresses as well as Tijuana's and Monterrey's; without the town, no guess."""
    return frozenset(sub.code.split("-")[1] for sub in pycountry.subdivisions.get(country_code="CA"))


@lru_cache(maxsize=1)
def _countryinfo() -> tuple[dict, ...]:
    """countryinfo's records, one per country."""
    folder = files("countryinfo") / "data"
    return tuple(json.loads(path.read_text(encoding="utf-8"))
                 for path in folder.iterdir() if path.name.endswith(".json"))


@lru_cache(maxsize=1)
def _regions() -> dict[str, frozenset[str]]:
    """countryinfo's intermediate regions in `words()` form -> their countries' alpha-3 codes:
    'CENTRAL AMERICA' -> BLZ, CRI, GTM, HND, MEX, NIC, PAN, SLV."""
    regions: dict[str, set[str]] = {}
    for data in _countryinfo():
        region, iso = data.get("intermediateregion"), (data.get("ISO") or {}).get("alpha3")
        if region and iso:
            regions.setdefault(words(region), set()).add(_to_ours(iso))
    return {region: frozenset(codes) for region, codes in regions.items()}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """'MEXICAN' -> MEX, from countryinfo's data (one word shared by two countries, as
    'DOMINICAN', is left out)."""
    pairs = []
    for data in _countryinfo():
        demonym, iso = data.get("demonym"), (data.get("ISO") or {}).get("alpha3")
        if demonym and iso:
            pairs.append((_key(demonym), _to_ours(iso)))
    return unambiguous(pairs)


def _key(text: str) -> str:
    return join_initials(words(text))


def _lookup(key: str, us_states: bool) -> str | None:
    if key in _ALIASES:
        return _ALIASES[key]
    if key.startswith("THE "):
        key = key[4:]
    if us_states and len(key) != 3 and state_code(key, fuzzy=False):
        return "USA"
    codes2, codes3, names = _index()
    if len(key) == 2:
        return codes2.get(key)
    if len(key) == 3 and key in codes3:
        return codes3[key]
    # pycountry's 'Michoacan de Ocampo' leaves the name in use, 'Michoacan', to `mexican_state`.
    return names.get(key) or ("MEX" if mexican_state(key, abbreviations=False) else None)


def _to_ours(code: str) -> str:
    return _ALIASES.get(code, code)  # PRI -> USA and friends


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """pycountry's data as dicts (its own `lookup` scans every record: ~1 ms a call).

    Names in `words()` form -> alpha-3, lowest priority first: subdivision names whose country
    is unambiguous ('JALISCO' -> MEX, so 'Guadalajara, Jalisco' resolves), former countries,
    the head of an inverted name ('IRAN' from 'IRAN, ISLAMIC REPUBLIC OF'), current names,
    our aliases.
    """
    codes2 = {c.alpha_2: _to_ours(c.alpha_3) for c in pycountry.countries}
    codes3 = {c.alpha_3: c.alpha_3 for c in pycountry.historic_countries}
    codes3.update({c.alpha_3: _to_ours(c.alpha_3) for c in pycountry.countries})
    names: dict[str, str] = {}
    by_subdivision: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is not None:
            by_subdivision.setdefault(words(sub.name), set()).add(_to_ours(country.alpha_3))
    names.update({name: codes.pop() for name, codes in by_subdivision.items() if len(codes) == 1})
    names.update({words(c.name): c.alpha_3 for c in pycountry.historic_countries})
    heads, full = _country_names_by_kind()
    names.update(heads)
    names.update(full)
    names.update(_ALIASES)
    return codes2, codes3, names


@lru_cache(maxsize=1)
def _country_names_by_kind() -> tuple[dict[str, str], dict[str, str]]:
    """Current countries' names in `words()` form -> alpha-3: (the heads of inverted names,
    'IRAN' of 'IRAN, ISLAMIC REPUBLIC OF'; every name, official name and common name)."""
    heads: dict[str, str] = {}
    full: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                full[words(value)] = _to_ours(country.alpha_3)
                if "," in value:
                    heads[words(value.split(",")[0])] = _to_ours(country.alpha_3)
    return heads, full


# Alias words too loose to trust inside a longer text ('SOUTH AMERICA', 'AMERICAN SAMOA').
_NOT_INSIDE = {"AMERICA", "AMERICAN", "WALES", "GEORGIA"}


@lru_cache(maxsize=1)
def _country_words() -> re.Pattern[str]:
    """Current country names and our aliases of 4+ letters, longest first, as whole words."""
    heads, full = _country_names_by_kind()
    wanted = {key for key in (*_ALIASES, *heads, *full) if len(key) >= 4} | {"USA"}
    ordered = sorted(wanted - _NOT_INSIDE, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in ordered) + r")\b")


def _fuzzy(key: str) -> str | None:
    """A country name inside a longer text ('BORN IN GUATEMALA CITY GUATEMALA'), trusted only
    when every name found points to one country."""
    _, _, names = _index()
    found = {names[m.group(1)] for m in _country_words().finditer(key)}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=2)
def _country_names(us_states: bool) -> dict[str, str]:
    """Country names (current and former) and our aliases, in `words()` form, and with
    `us_states` the states' names (as 'USA'): what a misspelt or abbreviated place of birth is
    read against (not subdivisions). A name that is a country and a state ('GEORGIA') maps to
    '': a spelling near it names neither for sure."""
    names = {words(c.name): c.alpha_3 for c in pycountry.historic_countries}
    heads, full = _country_names_by_kind()
    names.update(heads)
    names.update(full)
    names.update({key: code for key, code in _ALIASES.items() if len(key) > 3})
    if us_states:
        for state in us.states.STATES_AND_TERRITORIES:
            key = words(state.name)
            names[key] = "USA" if names.get(key, "USA") == "USA" else ""
    return names


@lru_cache(maxsize=2)
def _near_candidates(us_states: bool) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """`_country_names` as (words, the words run together, code), split once for `_near`."""
    return tuple((tuple(name.split()), name.replace(" ", ""), code)
                 for name, code in _country_names(us_states).items())


def _near(key: str, us_states: bool = True) -> str | None:
    """The one country a jail's abbreviation or misspelling names: 'GUAT', 'EL SALV', 'DOM REP'
    (each word the start of the name's word, 3+ letters unless whole; 4+ letters in all), or
    'GUATAMALA', 'COLUMBIA', 'NICARAUGA', 'COSTARICA' (one word of 6+ letters at
    Damerau-Levenshtein distance 1, or 2 from 9 letters; or the words run together), read
    against the US states too (INDIANNA is Indiana). None when nothing is near, '' when two
    places are as near ('XAMBIA': Zambia, Gambia; 'GEORGA': the country or the state).

    Written here because no country library reads misspellings; jellyfish gives the distance.
    Jail logs spell places of birth by hand, and the top origins' misspellings (GUATAMALA,
    HONDURUS, COLUMBIA) had been no place of birth at all."""
    names = _near_candidates(us_states)
    parts = key.split()
    joined = key.replace(" ", "")
    if len(joined) >= 4:
        found = {
            code for full, _, code in names
            if len(full) == len(parts)
            and all(f.startswith(p) and (p == f or len(p) >= 3) for p, f in zip(parts, full, strict=True))
        }
        if len(found) == 1:
            return found.pop()
        if found:
            return ""
    # One word misspelt, the others as written ('EL SALVDOR'), or the words run together.
    best, codes = 3, set()
    for full, run_together, code in names:
        if run_together == joined:
            distance = 0
        else:
            if len(full) != len(parts):
                continue
            differ = [(a, b) for a, b in zip(parts, full, strict=True) if a != b]
            if len(differ) != 1:
                continue
            written, word = differ[0]
            if min(len(written), len(word)) < 6:  # SEDAN is no SUDAN
                continue
            distance = jellyfish.damerau_levenshtein_distance(written, word)
            if distance > (1 if len(word) <= 8 else 2):
                continue
        if distance < best:
            best, codes = distance, {code}
        elif distance == best:
            codes.add(code)
    return (codes.pop() if len(codes) == 1 else "") if codes else None


def successor_countries(iso3: str) -> list[str]:
    """Current countries that a former one (CSK, YUG, SUN, SCG) split into; [] otherwise.

        >>> successor_countries("CSK")
        ['CZE', 'SVK']
    """
    return list(_SUCCESSORS.get(iso3, []))


def same_country(a: str | None, b: str | None) -> bool | None:
    """True when two codes name the same country or a former one and its successor.

        >>> same_country("YUG", "SRB"), same_country("MEX", "GTM"), same_country(None, "MEX")
        (True, False, None)
    """
    if a is None or b is None:
        return None
    return a == b or b in _SUCCESSORS.get(a, ()) or a in _SUCCESSORS.get(b, ())


@lru_cache(maxsize=1024)
def country_name(iso3: str) -> str:
    """A display name: the common name where ISO has one, else the ISO name.

        >>> country_name("VNM"), country_name("SUN")
        ('Vietnam', 'USSR, Union of Soviet Socialist Republics')
    """
    if iso3 in _EXTRA_NAMES:
        return _EXTRA_NAMES[iso3]
    country = pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(
        alpha_3=iso3
    )
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name
