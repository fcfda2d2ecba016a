"""ICE's identifiers as the matcher compares them.

    >>> a_number("A-123-456-789"), a_number("1.23456789E+08"), a_number("A12345678 / A98765432")
    ('123456789', '123456789', None)
"""

from __future__ import annotations

import re

_LEAD = re.compile(r"^A\s*[#:./_\-]?\s*", re.IGNORECASE)
_DIGITS = re.compile(r"^\d[\d\s.,_\-]*$")
_FLOAT = re.compile(r"^\d+(\.\d*)?(E\+?\d+)?$", re.IGNORECASE)


def a_number(text: str | None) -> str | None:
    """An alien registration number as nine digits ('A12345678' is '012345678'), or None when
    the cell is not one A-number of 7-9 significant digits: two numbers in a cell, all zeros,
    a stray count. A spreadsheet's float ('123456789.0', '1.23456789E+08') is its number;
    'A', '#', ':', dashes, dots, commas and spaces around the digits are layout."""
    if text is None:
        return None
    rest = _LEAD.sub("", text.strip())
    if _FLOAT.match(rest) and ("." in rest or "E" in rest.upper()):
        number = float(rest)
        digits = str(int(number)) if number.is_integer() else ""
    else:
        digits = re.sub(r"\D", "", rest) if _DIGITS.match(rest) else ""
    significant = digits.lstrip("0")
    if len(digits) < 7 or not significant or len(significant) > 9:
        return None
    return significant.zfill(9)
