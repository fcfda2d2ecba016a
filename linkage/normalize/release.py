"""Jail release reasons in six classes: ice, other_agency, bond, served, court, other.

    >>> release_class("RELEASED TO ICE"), release_class("BOND-SURETY"), release_class("")
    ('ice', 'bond', None)

The reason is evidence, never proof (jails under-report hand-overs). Rules are tried in
order and the first that matches wins: a hand-over to immigration is the fact we look for,
so 'ice' comes first, unless the wording says ICE did *not* take the person
('ICE HOLD LIFTED', 'ICE DID NOT PICK UP'); then the other rules decide.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linkage.normalize.text import blank, join_initials, words

CLASSES = ("ice", "other_agency", "bond", "served", "court", "other")

# Words that name ICE (after `_keys`: 'D.H.S.' and 'I.C.E.' read as DHS and ICE).
_ICE_WORDS = (r"ICE|BICE|INS|DHS|ERO|HSI|IMMIGRATION|IMMIG|HOMELAND SECURITY|CBP|BORDER PATROL|INS HOLD"
              r"|287 ?G|I ?247[A-Z]?|DEPORT\w*")
_ICE = re.compile(rf"\b({_ICE_WORDS})\b")

_NOT_ICE = re.compile(
    # 'ICE HOLD RELEASED' is a lifted hold; 'IMMIGRATION HOLD - RELEASED TO ICE' is a hand-over.
    rf"\b(ICE|IMMIGRATION|DHS)\b.{{0,20}}\b(LIFTED|DECLINED|CANCEL\w*|REMOVED"
    rf"|RELEASED(?! TO (US )?({_ICE_WORDS})\b)|WITHDRAWN|DID NOT|DIDNT|FAILED|NO SHOW|NOT PICK\w*"
    # A hold that ran out or that ICE would not act on: 'ICE 48 HR HOLD EXPIRED'.
    rf"|NOT HONOU?RED|EXPIRED|REFUSED|RESCINDED|VACATED|NO PICK ?UP)\b"
    r"|\b(NO|NOT|NOT RELEASED TO|NOT PICKED UP BY|DECLINED BY|REFUSED BY)\s+(US )?(ICE|IMMIGRATION)\b"
)

# A release reason that says only that ICE was told of the release, which is what a declined
# detainer's jail does ('RELEASED - ICE NOTIFIED', 'ICE NOTIFIED - NO RESPONSE'): told is not
# taken, unless the reason also says ICE took the person (`_HANDED`). Release reasons only: a
# hold agency's 'ICE - NOTIFY ON RELEASE' is an ICE hold.
_TOLD_ONLY = re.compile(r"\b(ICE|IMMIGRATION|DHS)\b.{0,20}\b(NOTIFIED|NOTIFICATION|NO RESPONSE)\b"
                        r"|\b(NOTIFIED|NOTIFY)\s+(US )?(ICE|IMMIGRATION|DHS)\b")
_HANDED = re.compile(rf"\b(RELEASED|RELEASE|RLSD|REL|TRANSFER\w*|TURNED OVER|REMANDED) TO (US )?({_ICE_WORDS})\b"
                     rf"|\bPICKED UP BY (US )?({_ICE_WORDS})\b|\b({_ICE_WORDS}) PICKED UP\b|\bTOOK CUSTODY\b")

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("other_agency", re.compile(
        r"\b(OTHER AGENCY|OTHER AGENCIES|OUTSIDE AGENCY|ANOTHER AGENCY|TRANSFER\w*|TRANSPORT\w*"
        r"|US MARSHALS?|USMS?|MARSHALS?|FEDERAL|FBI|DEA|ATF|EXTRADIT\w*|OTHER COUNTY"
        # Prison systems by their initials: the federal Bureau of Prisons, a state's DOC
        # (ODOC, KDOC, WADOC, DOCCS, DOCR), California's CDCR, New Mexico's NMCD, Texas's TDCJ,
        # North Carolina's DPS.
        r"|F?BOP|BUREAU OF PRISONS|TDCJ|[A-Z]{0,2}DOC(CS|R|S)?|CDCR?|NMCD|DPS|DEPT OF CORRECTIONS?"
        r"|DEPARTMENT OF CORRECTIONS?|STATE PRISON|PRISON|OTHER JURISDICTION"
        r"|STATE JAIL|PAROLE HOLD|OUT OF COUNTY|HOLD FOR|FEDS?)\b"
        r"|(\b(RELEASED|RELEASE|RLSD) TO|\bPICKED UP BY|^TO)\b.*\b(CO|COUNTY|CNTY|PARISH|SO|SHERIFF|PD|POLICE"
        r"|AGENCY|STATE|CUSTODY)\b"
    )),
    ("bond", re.compile(
        r"\b(BOND\w*|BAIL\w*|SURETY|PR|P R|ROR|R O R|O R|PERSONAL RECOGNIZANCE"
        # Oregon's 'security release' is release on a security deposit (bail).
        r"|RECOGNIZANCE|OWN RECOG\w*|RECOG|CASH|OR RELEASE\w*|RELEASED ON OR|SECURITY RELEASE)\b"
    )),
    ("served", re.compile(
        r"\b(TIME SERVED|SERVED|SENTENCE COMPLETED?|SENT COMPLETED?|COMPLETED SENTENCE|SENTENCE EXPIRED"
        r"|EXPIRATION OF SENTENCE|END OF SENTENCE|DISCHARGED?|FINE PAID|PAID FINE|LAID OUT"
        r"|CREDIT FOR TIME|CTS|TIME DONE|SERVED TIME)\b"
    )),
    ("court", re.compile(
        r"\b(COURT|JUDGE|DISMISS\w*|NO CHARGES?|CHARGES? DROPPED|NOT FILED|NO BILL\w*"
        r"|NO PROBABLE CAUSE|NO PC|ACQUIT\w*|NOT GUILTY|CASE CLOSED|PROBATION|DEFERRED"
        r"|REFUSED BY DA|DA REJECT\w*|REJECTED|HABEAS)\b"
    )),
    # Last, once no other class has a word for it: a writ takes the person to another court's
    # custody, and a reason that is only a county's name ('BENTON CO', 'LINN COUNTY') is a
    # release to it ('TIME SERVED CO' is time served).
    ("other_agency", re.compile(r"\bWRIT\b|^[A-Z ]+ (CO|COUNTY|CNTY|PARISH)( SO| SHERIFF| JAIL)?$")),
]


def names_ice(text: str | None) -> bool | None:
    """Whether a jail's text (a hold agency, a release reason) says ICE holds or took the
    person; None when empty. The same words and negations as `release_class`'s 'ice' rule.

        >>> names_ice("Dept of Homeland Security"), names_ice("No ICE hold"), names_ice("USMS")
        (True, False, False)
    """
    if blank(text):
        return None
    return _says_ice(_keys(str(text)))


# Jail logs glue ICE to the words around it ('USICE', 'ICEHOLD'; 'U.S.I.C.E.' joins to
# USICE) and clip or pluralise the agency's names. Respelt apart and in full, they meet the
# words and the negations above as written ('USICE DECLINED' -> 'US ICE DECLINED'). Whole
# words only: SERVICE, POLICE, NOTICE and ICED stay as they are.
_GLUED_ICE = re.compile(r"\b(US)?ICE(HOLD)?\b")
_CLIPPED = {"IMMIGRATIONS": "IMMIGRATION", "HOMELAND SEC": "HOMELAND SECURITY"}
_CLIPPED_RE = re.compile(r"\b(" + "|".join(_CLIPPED) + r")\b")


def _respell(key: str) -> str:
    key = _GLUED_ICE.sub(lambda m: " ".join(w for w in (m[1], "ICE", m[2]) if w), key)
    return _CLIPPED_RE.sub(lambda m: _CLIPPED[m[1]], key)


def _keys(text: str) -> tuple[str, ...]:
    """The text in `words` form, and again with runs of single letters joined and ICE's
    glued or clipped names respelt: initials written with dots ('D.H.S.', 'I.N.S.') come out
    of `words` as 'D H S'.

        >>> _keys("U.S.I.C.E. HOLD"), _keys("ICEHOLD")
        (('U S I C E HOLD', 'US ICE HOLD'), ('ICEHOLD', 'ICE HOLD'))
    """
    key = words(text)
    joined = _respell(join_initials(key))
    return (key,) if joined == key else (key, joined)


def _says_ice(keys: tuple[str, ...]) -> bool:
    joined = keys[-1]  # ICE's names and their negations are read with initials joined
    return bool(_ICE.search(joined)) and not _NOT_ICE.search(joined)


def release_class(reason_text: str | None) -> str | None:
    """The class of a free-text release reason; 'other' when none fits, None when empty.

        >>> release_class("TRANSFER TO WILLIAMSON COUNTY"), release_class("SENTENCE COMPLETED")
        ('other_agency', 'served')
    """
    if blank(reason_text):
        return None
    return _release_class(str(reason_text))


@lru_cache(maxsize=16384)
def _release_class(text: str) -> str | None:
    keys = _keys(text)
    if not keys[0]:
        return None
    if _says_ice(keys) and not (_TOLD_ONLY.search(keys[-1]) and not _HANDED.search(keys[-1])):
        return "ice"
    for name, pattern in _RULES:
        if any(pattern.search(k) for k in keys):
            return name
    return "other"
