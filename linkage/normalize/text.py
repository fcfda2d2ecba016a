"""Shared text folding for every normaliser: accents out, upper case, punctuation to spaces.

    >>> fold("Distrito Federal, México")
    'DISTRITO FEDERAL, MEXICO'
    >>> words("St. Louis  County")
    'ST LOUIS COUNTY'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from text_unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^A-Z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """ASCII, upper case, whitespace folded; punctuation kept.

    text-unidecode (already pulled in by python-slugify) also transliterates letters that
    NFKD cannot decompose (Ł, Ø, ß, Cyrillic), which plain `unicodedata` would drop.
    """
    return _SPACES.sub(" ", unidecode(text).upper()).strip()


@lru_cache(maxsize=65536)
def words(text: str) -> str:
    """`fold`, then apostrophes removed and dots and any other punctuation made a space."""
    folded = fold(text).replace("'", "").replace(".", " ")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", folded)).strip()


_SINGLE_LETTERS = re.compile(r"\b([A-Z]) (?=[A-Z]\b)")


def join_initials(key: str) -> str:
    """A `words` text with its runs of single letters joined: initials written with dots or
    spaces read as one word ('U S A' -> 'USA', 'D H S' -> 'DHS')."""
    return _SINGLE_LETTERS.sub(r"\1", key)


def blank(text: object) -> bool:
    """True for None, NaN-like and whitespace-only values."""
    if text is None:
        return True
    if isinstance(text, float) and text != text:  # NaN from pandas
        return True
    return not str(text).strip()


def unambiguous(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Key -> value, leaving out every key given two different values.

        >>> unambiguous([("DEWITT", "DE WITT"), ("DEWITT", "DEWITT"), ("DUPAGE", "DUPAGE")])
        {'DUPAGE': 'DUPAGE'}
    """
    index: dict[str, str | None] = {}
    for key, value in pairs:
        index[key] = value if index.get(key, value) == value else None
    return {key: value for key, value in index.items() if value is not None}
