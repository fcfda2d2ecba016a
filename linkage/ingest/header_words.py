"""A header read as words: each spelled one way, fillers and hedges dropped, order-free.

    >>> header_words("Date/Time Released") == header_words("release date time")
    True
    >>> header_key("Booking #")
    'bookingno'

`linkage.ingest.headers` maps a file's headers onto the contract's columns with these: by key
against the aliases first, then word by word (`headers.map_headers`).
"""

from __future__ import annotations

import functools
import re

from linkage.config import CONFIG_DIR, read_toml

HEADERS_DIR = CONFIG_DIR / "headers"


def header_key(text: object) -> str:
    """Case-, space- and punctuation-insensitive key of a header: `header_key("Booking #") == "bookingno"`."""
    raw = str(text or "").lower().replace("#", "no")
    return re.sub(r"[^0-9a-z]+", "", raw)


# Written by hand: no library knows the vocabulary of jail rosters. Real logs write one column
# many ways ("Inmate Last Name", "Date/Time Released", "BKG_NBR"), and an alias list cannot hold
# every combination, while an unread release-date column would store every booking as still
# held. Each word is spelled one way (a tuple: one word standing for two), and words that only
# say whose record it is are dropped.
_WORD_SPELLINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("released", "rel", "rls", "rlsd", "discharge", "discharged", "exit", "out"), ("release",)),
    **dict.fromkeys(("booked", "book", "bk", "bkg", "bking"), ("booking",)),
    **dict.fromkeys(("admission", "admit", "admitted", "adm", "admsn", "commitment", "committed"), ("intake",)),
    **dict.fromkeys(("dt", "dte"), ("date",)),
    "datetime": ("date", "time"),
    "tm": ("time",),
    **dict.fromkeys(("num", "nbr", "nmbr", "nr", "number"), ("no",)),
    **dict.fromkeys(("dob", "birthdate"), ("birth", "date")),
    **dict.fromkeys(("pob", "birthplace"), ("birth", "place")),
    "yob": ("birth", "year"),
    **dict.fromkeys(("lname", "surname"), ("last", "name")),
    "fname": ("first", "name"),
    "mname": ("middle", "name"),
    "given": ("first",),
    "family": ("last",),
    "born": ("birth",),
    **dict.fromkeys(("detainer", "detainers", "holds"), ("hold",)),
    **dict.fromkeys(("charges", "offense", "offenses", "offence", "offences"), ("charge",)),
    "gender": ("sex",),
    "nationality": ("citizenship",),
    "parish": ("county",),  # Louisiana's counties
    "cnty": ("county",),  # dropping letters would fit 'country' too (_unabbreviated)
    "st": ("state",),
    "decline": ("declined",),
    **dict.fromkeys(("agcy", "agncy"), ("agency",)),
    **dict.fromkeys(("appr", "apprh"), ("apprehension",)),
    "statute": ("charge",),
    **dict.fromkeys(("desc", "descr"), ("description",)),
}
_FILLER_WORDS = frozenset({
    # Not 'offender': a 'Sex Offender' column is no sex.
    "inmate", "subject", "detainee", "arrestee", "prisoner", "person", "defendant",
    "of", "the", "for", "at", "on", "in",
    # 'Top Charge', 'Actual Release Date', 'Alien File Number', 'Date Out of Custody',
    # 'Booking Control Nbr' name the column their other words name.
    "top", "primary", "actual", "file", "custody", "control",
})


FLAG_WORD = "yn"

# Words that only qualify a column in one kind of file: a release log or a report has no
# code column ('State Code', 'SEX_CD', 'ST_ABBR').
_KIND_FILLER_WORDS = {
    "reports": frozenset({"code", "cd", "abbr"}),
    "releases": frozenset({"code", "cd", "abbr"}),
    "custody": frozenset({"cd", "abbr"}),
}
# In a release log, when a hold was received, lodged, placed or started is its date ('Hold
# Rcvd', 'Detainer Lodged Dt', 'Date Hold Received', 'Hold Start Date').
_HOLD_DATE_WORDS = frozenset({"received", "rcvd", "recd", "lodged", "placed", "start"})


@functools.lru_cache(maxsize=8192)  # a week maps ~3,000 logs' headers, mostly the same words
def header_words(text: object, kind: str | None = None) -> frozenset[str]:
    """The words of a header, each spelled one way, without fillers and order-free:
    `header_words("Date/Time Released") == header_words("release date time")`. With `kind`,
    also without the filler words of that kind of file ('State Code' is the state's)."""
    # A flag's 'Y/N' stays as the word 'yn': a Y/N column is read only as an ICE hold (see
    # map_headers), never as the date or column its other words name ('Released (Y/N)').
    raw = re.sub(r"\(?\b[Yy] ?/ ?[Nn]\b\)?", f" {FLAG_WORD} ", str(text or ""))
    bare = re.sub(r"\([^)]*\)", " ", raw)
    outside = _words(bare)
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", bare)).lower()
    inside = [word for bracket in re.findall(r"\(([^)]*)\)", raw)
              if not _restates(bracket, outside, initials) for word in _words(bracket)]
    found = frozenset(outside + inside) - _KIND_FILLER_WORDS.get(kind or "", frozenset())
    if "description" in found and len(found) > 2:
        # 'Release Reason Desc' is the reason; but 'Release Description' is no release date.
        found -= {"description"}
    if kind == "releases" and found & _HOLD_DATE_WORDS:
        found = found - _HOLD_DATE_WORDS | {"date"}
    return found


# A bracket that says how the column is written ('(MM/DD/YYYY HH:MM)', '(M/F)', '(s)'), or
# spells the initials of the header ('Notable Criminal Activity (NCA)') or its words again
# ('Place of Birth (POB)'), adds nothing; any other ('Release Date (Projected)') is part of it.
_FORMAT_WORDS = frozenset({"m", "d", "y", "h", "s", "f", "n", "mm", "dd", "yy", "yyyy", "hh", "mi", "ss",
                           "am", "pm"})
# Nor does one that hedges ('(if any)', '(optional)'), restates the header's words with hedges
# ('(if released)'), or opens with a condition or example ('(when held)', '(e.g. ICE, USM)'),
# unless it names another date: '(when eligible)', '(if sentenced)', '(incl. projected)'.
_HEDGE_WORDS = frozenset({"optional", "opt", "required", "req", "mandatory", "if", "when", "where", "any",
                          "known", "applicable", "available", "none", "blank", "na", "only", "free", "text", "etc"})
_OPENERS = frozenset({"eg", "ex", "example", "examples", "such", "incl", "including", "if", "when"})
_OTHER_DATE_WORDS = frozenset({"projected", "projection", "estimated", "est", "expected", "eligible", "eligibility",
                               "scheduled", "anticipated", "tentative", "sentence", "sentenced", "parole", "court"})
# The parts a birthplace is written in ('Place of Birth (City, State/Country)') are its format,
# as 'Name (Last, First)' is a name's; after any other header 'State' may name a column.
_PLACE_PARTS = frozenset({"city", "town", "state", "country", "county", "province", "nation", "zip"})


def _restates(bracket: str, outside: list[str], initials: str) -> bool:
    letters = re.findall(r"[a-z]+", bracket.lower())
    return (all(word in _FORMAT_WORDS for word in letters) or "".join(letters) == initials
            or set(_words(bracket)) - _HEDGE_WORDS <= set(outside)
            or (letters[:1] and letters[0] in _OPENERS or letters[:2] == ["e", "g"]) and not _OTHER_DATE_WORDS & set(letters)
            or "place" in outside and all(word in _PLACE_PARTS for word in letters)
            or outside == ["name"] and {"last", "first"} <= set(letters))  # 'Name (Last, First)': its order


def _words(text: str) -> list[str]:
    """Words of `text` spelled one way, without fillers (camelCase and 'InmateDOB' split)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)
    words = [spelled for found in re.findall(r"[a-z]+|[0-9]+", text.replace("#", " no ").lower())
             for word in [_unabbreviated(found)] for spelled in _WORD_SPELLINGS.get(word, (word,))]
    return [word for word in words if word not in _FILLER_WORDS]


@functools.lru_cache(maxsize=4096)
def _unabbreviated(word: str) -> str:
    """The one word of the aliases' vocabulary that `word` abbreviates by dropping letters
    ('crim' criminal, 'gndr' gender), else `word`. 'cnty' stays: county and country both fit."""
    vocabulary = _vocabulary()
    if len(word) < 4 or word in vocabulary or not word.isalpha():  # "jid" is no "jurisdiction"
        return word
    fits = [v for v in vocabulary if v[0] == word[0] and len(v) > len(word) and _drops_letters(word, v)]
    return fits[0] if len(fits) == 1 else word


def _drops_letters(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


@functools.lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of the committed aliases, canonical names and spellings above."""
    data = read_toml(HEADERS_DIR / "aliases.toml")
    texts = [text for columns in data.values() for canonical, spellings in columns.items()
             for text in [canonical, *spellings]]
    found = {word for text in texts for word in re.findall(r"[a-z]+", text.lower())}
    return frozenset(found | set(_WORD_SPELLINGS) | _FILLER_WORDS)
