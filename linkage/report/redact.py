"""Masking for a report shared outside the agency: names become initials, birth dates years.

    >>> initials("GARCIA LOPEZ, JUAN")
    'G. L., J.'
    >>> birth_year_only("1985-03-12")
    '1985'
"""

from __future__ import annotations

import re

# Evidence comparisons whose compared values are names, birth dates or A-numbers.
NAME_FIELD = re.compile(r"name|surname", re.IGNORECASE)
BIRTH_FIELD = re.compile(r"dob|birth", re.IGNORECASE)
ID_FIELD = re.compile(r"a_?number|alien", re.IGNORECASE)

_TOKEN = re.compile(r"[^\s,;/\-]+")
_DATE = re.compile(r"\b(\d{4})-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/(\d{4})\b")


def initials(name: str | None) -> str | None:
    """Each token of a name reduced to its first letter or digit and a dot."""
    if not name:
        return name

    def first(token: re.Match) -> str:
        chars = [c for c in token.group(0) if c.isalnum()]
        return (chars[0].upper() + ".") if chars else ""

    # "GALVEZ,ELOY" reads better as "G., E." than "G.,E.".
    return _TOKEN.sub(first, re.sub(r",\s*", ", ", name))


def birth_year_only(value: str | None) -> str | None:
    """Every date in `value` (ISO or M/D/YYYY) reduced to its year; other text unchanged."""
    if not value:
        return value
    return _DATE.sub(lambda m: m.group(1) or m.group(2), value)


def mask_value(comparison: str, value: str | None) -> str | None:
    """Mask one compared value according to what the comparison compares."""
    if not value:
        return value
    if ID_FIELD.search(comparison):
        return "•••"
    if BIRTH_FIELD.search(comparison):
        return birth_year_only(value)
    if NAME_FIELD.search(comparison):
        return initials(value)
    return value


def scrub(text: str | None, names: set[str], dates: set[str]) -> str | None:
    """Replace known name tokens and birth dates that leaked into free text (e.g. reasons).

        >>> scrub("booked in as GARCIA, born 1985-03-12", {"GARCIA"}, {"1985-03-12"})
        'booked in as G., born 1985'
    """
    if not text:
        return text
    for date in dates:
        if date in text:
            text = text.replace(date, date[:4])
    for name in sorted(names, key=len, reverse=True):
        if len(name) > 1 and name.upper() in text.upper():
            # Whole words only: the surname DE must not turn "detainer" into "D.tainer".
            text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", name[0].upper() + ".", text,
                          flags=re.IGNORECASE)
    return text
