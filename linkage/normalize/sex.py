"""Sex codes: 'M', 'F', 'X' (another stated sex) or None (unknown).

    >>> sex_code("Male"), sex_code("Femenino"), sex_code("NON-BINARY"), sex_code("U")
    ('M', 'F', 'X', None)

US criminal-justice systems code sex as M / F / U (NCIC and FBI NIBRS). A single letter we
do not know is therefore *not* read as a sex: 'W' is NCIC's race code for White and 'H' the
ethnicity code for Hispanic, so in a sex column they signal a shifted column, not 'woman' or
'hombre'; they give None. Spelled-out words (WOMAN, HOMBRE, MUJER) are read. 'N' and 'X'
(non-binary, as in the Chicago Police code list and US passports) give 'X'.
"""

from __future__ import annotations

from functools import lru_cache

from linkage.normalize.text import blank, words

_MALE = {"M", "MALE", "MAN", "MASC", "MASCULINO", "HOMBRE", "VARON", "BOY", "MALES"}
_FEMALE = {"F", "FEMALE", "WOMAN", "FEM", "FEMENINO", "MUJER", "GIRL", "FEMALES"}
_OTHER = {"X", "N", "NONBINARY", "NON BINARY", "INTERSEX", "OTHER", "NB"}
_UNKNOWN = {
    "U", "UNK", "UNKN", "UNKNOWN", "NONE", "NULL", "NA", "N A", "NOT REPORTED", "NOT STATED",
    "REFUSED", "DECLINED",
}


def sex_code(text: str | None) -> str | None:
    """'M' | 'F' | 'X' | None, from any spelling.

        >>> sex_code("W"), sex_code("woman"), sex_code("TRANSGENDER")
        (None, 'F', 'X')
    """
    if blank(text):
        return None
    return _sex_code(str(text))


@lru_cache(maxsize=4096)
def _sex_code(text: str) -> str | None:
    key = words(text)
    if not key or key in _UNKNOWN:
        return None
    if key in _MALE:
        return "M"
    if key in _FEMALE:
        return "F"
    if key in _OTHER:
        return "X"
    if len(key) == 1:  # an unknown code letter: a shifted column, not a sex (see above)
        return None
    return "X"
