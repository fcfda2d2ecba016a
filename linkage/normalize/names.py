"""Person names: cleaned parts and surname tokens for comparison.

    >>> split_full_name("GARCIA-LOPEZ,JUAN CARLOS")
    ParsedName(last_name='GARCIA-LOPEZ', first_name='JUAN', middle_name='CARLOS', suffix=None, surname_tokens=['GARCIA', 'LOPEZ'])
    >>> surname_tokens("Garcia Lopez") == surname_tokens("GARCIA-LOPEZ") == ["GARCIA", "LOPEZ"]
    True

The splitting is written here rather than delegated to nameparser: nameparser moves words it
takes for titles into a title field ('KING PRINCE' loses its surname; MAJOR, JUDGE, BISHOP
are real surnames), cannot read the 'LAST FIRST' order jails print without a comma, and its
suffix list holds professional acronyms (MA, DO) that collide with real surnames. Jail and
ICE strings are formatted, so a comma rule plus a particle list is exact and never drops a
word.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Literal, NamedTuple

from linkage.normalize.text import blank, fold

# Generational suffixes only; 'V' and 'I' are left alone because they are usually initials.
SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})

# Particles that belong to the word after them: 'DE LA CRUZ' is one surname, and ICE systems
# often write it 'DELACRUZ', so surname_tokens glues them on: ['DELACRUZ']. Left out on
# purpose: LE, DO, DA, DI, DU are also surnames of their own (Vietnamese Le and Do, Chinese
# Da, Di and Du), so they stay tokens of their own ('DA SILVA' -> ['DA', 'SILVA']).
PARTICLES = frozenset({
    "DE", "DEL", "DELA", "DELAS", "DELOS", "LA", "LAS", "LOS", "DAS", "DOS", "VAN", "VON",
    "DER", "DEN", "TER", "TEN", "MC", "SAN", "SANTA", "ST",
})
# 'GARCIA Y LOPEZ' names two surnames joined by 'and'; the conjunction itself is not compared.
CONJUNCTIONS = frozenset({"Y", "E", "I"})

# Clerks' placeholders for a missing part: first/last/middle name unknown, no middle name.
PLACEHOLDERS = frozenset({"FNU", "LNU", "MNU", "NMN", "NMI", "UNKNOWN", "UNK", "NONE", "NA"}
                         | {"X" * n for n in range(3, 21)})  # a masked name's X's ('XXXXX, XXXXX')

_APOSTROPHES = re.compile(r"['`\u2019]")
_NOT_NAME = re.compile(r"[^A-Z0-9\- ]+")
_HYPHENS = re.compile(r"\s*-[\s-]*")
_SPACES = re.compile(r"\s+")

Order = Literal["auto", "first_last", "last_first"]


class ParsedName(NamedTuple):
    last_name: str | None
    first_name: str | None
    middle_name: str | None
    suffix: str | None
    surname_tokens: list[str]


def clean_name(text: str | None) -> str | None:
    """Upper case, accents out, punctuation gone except inner spaces and hyphens.

        >>> clean_name("  o'Brien-Núñez  jr. "), clean_name("<script>x</script>"), clean_name("FNU")
        ('OBRIEN-NUNEZ JR', 'SCRIPT X SCRIPT', None)
    """
    if blank(text):
        return None
    return _clean(str(text))


def _unescaped(text: str) -> str:
    """A web system's HTML entities read as their characters (`O&#39;NEIL`, `JOS&Eacute;`): they
    had become words of their own ('O 39 NEIL'), and the ';' a name's LAST; FIRST mark."""
    return html.unescape(text) if "&" in text and ";" in text else text


@lru_cache(maxsize=131072)
def _clean(text: str) -> str | None:
    name = _APOSTROPHES.sub("", fold(_unescaped(text)))
    name = _SPACES.sub(" ", _NOT_NAME.sub(" ", name))
    name = _HYPHENS.sub("-", name).strip(" -")
    if not name or name in PLACEHOLDERS:
        return None
    return name


def surname_tokens(last_name: str | None) -> list[str]:
    """Comparable surname words: hyphens split, particles glued on, 'Y' dropped.

        >>> surname_tokens("DE LA CRUZ"), surname_tokens("GARCIA Y LOPEZ"), surname_tokens("LE")
        (['DELACRUZ'], ['GARCIA', 'LOPEZ'], ['LE'])
    """
    return list(_surname_tokens(last_name)) if not blank(last_name) else []


@lru_cache(maxsize=131072)
def _surname_tokens(last_name: str) -> tuple[str, ...]:
    """Cached on the distinct spelling; a tuple, so callers cannot change the cached value."""
    name = clean_name(last_name)
    if name is None:
        return ()
    words = name.replace("-", " ").split()
    tokens: list[str] = []
    pending: list[str] = []
    for index, word in enumerate(words):
        inner = 0 < index < len(words) - 1
        if word in CONJUNCTIONS and inner and not pending:
            continue
        if word in PARTICLES and index < len(words) - 1:
            pending.append(word)
            continue
        tokens.append("".join(pending) + word)
        pending = []
    if pending:
        tokens.append("".join(pending))
    return tuple(tokens)


def split_full_name(text: str | None, order: Order = "auto") -> ParsedName:
    """Split a jail's full name into parts.

        >>> split_full_name("DE LA CRUZ, JOSE").last_name
        'DE LA CRUZ'
        >>> split_full_name("JUAN CARLOS GARCIA LOPEZ")[:3]
        ('GARCIA LOPEZ', 'JUAN', 'CARLOS')

    A comma always separates the surname from the given names ('LAST, FIRST MIDDLE').
    Without one, `order` says which comes first: 'auto' and 'first_last' read natural order
    (first token = first name; the last token with its particles is the surname, and with
    exactly four tokens the last two are two surnames: Hispanic 'JUAN CARLOS GARCIA LOPEZ');
    'last_first' reads 'GARCIA LOPEZ JUAN' jail order. Suffixes JR, SR, II-IV are set aside.
    """
    if blank(text):
        return ParsedName(None, None, None, None, [])
    parsed = _split(str(text), order)
    return parsed._replace(surname_tokens=list(parsed.surname_tokens))  # the cache keeps its own


def _last_first_mark(text: str) -> str:
    """A mainframe's 'LAST/FIRST' or 'LAST; FIRST' as 'LAST, FIRST': one slash or semicolon,
    no comma, two letters or more before it and a letter after ('N/A' and 'A/K/A' are not)."""
    if "," in text or text.count("/") + text.count(";") != 1:
        return text
    head, tail = re.split(r"[/;]", text)
    if sum(c.isalpha() for c in head) < 2 or not any(c.isalpha() for c in tail):
        return text
    return f"{head}, {tail}"


@lru_cache(maxsize=131072)
def _split(text: str, order: Order) -> ParsedName:
    suffix: str | None = None
    text = _last_first_mark(_unescaped(text))
    if "," in text:
        head, _, tail = text.partition(",")
        surname = _words(head)
        given = _words(tail.replace(",", " "))
        surname, suffix = _pop_suffix(surname, suffix)
        given, suffix = _pop_suffix(given, suffix)
        if len(given) > 1 and given[0] in SUFFIXES and suffix is None:  # 'GARCIA, JR., JOSE'
            suffix, given = given[0], given[1:]
    else:
        words, suffix = _pop_suffix(_words(text), None)
        if order == "last_first":
            cut = _surname_end(words)
            surname, given = words[:cut], words[cut:]
        else:
            cut = _surname_start(words)
            surname, given = words[cut:], words[:cut]
    last = _join(surname)
    first = given[0] if given else None
    middle = _join(given[1:])
    return ParsedName(last, first, middle, suffix, surname_tokens(last))


def _words(text: str) -> list[str]:
    name = clean_name(text)
    return [w for w in name.split() if w not in PLACEHOLDERS] if name else []


def _pop_suffix(words: list[str], suffix: str | None) -> tuple[list[str], str | None]:
    if len(words) > 1 and words[-1] in SUFFIXES and suffix is None:
        return words[:-1], words[-1]
    return words, suffix


def _join(words: list[str]) -> str | None:
    return " ".join(words) or None


def _surname_start(words: list[str]) -> int:
    """Index where the surname begins in natural order; never 0 unless one word."""
    if len(words) <= 1:
        return 0
    if len(words) == 4 and not (set(words) & (PARTICLES | CONJUNCTIONS)):
        return 2
    start = len(words) - 1
    while start > 1 and (words[start - 1] in PARTICLES or words[start - 1] in CONJUNCTIONS):
        start -= 1
        if words[start] in CONJUNCTIONS and start > 1:  # 'GARCIA Y LOPEZ': take GARCIA too
            start -= 1
    return start


def _surname_end(words: list[str]) -> int:
    """Index just past the surname in 'LAST FIRST MIDDLE' order; never past the last word:
    before the first later word that can be a given name ('GARCIA LOPEZ JUAN': LOPEZ cannot,
    JUAN can), else after the first word with its particles and a conjunction."""
    given, _ = name_vocabulary()
    for index in range(1, len(words)):
        if words[index] in given and words[index - 1] not in PARTICLES | CONJUNCTIONS:
            return index
    end = 0
    while end < len(words) - 1 and words[end] in PARTICLES:
        end += 1
    end += 1
    if end < len(words) - 1 and words[end] in CONJUNCTIONS:  # 'GARCIA Y LOPEZ JUAN'
        end += 2
    return min(end, len(words))


@lru_cache(maxsize=1)
def name_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames) in upper ASCII, from Faker's person data of the locales a US
    jail's people come from (~11,000 given names, ~8,400 surnames). Many words are both
    (JAMES, THOMAS, KIM): callers count only a word that is one and not the other."""
    import importlib

    def values(provider: type, attribute: str) -> list[str]:
        found = getattr(provider, attribute, None)
        if isinstance(found, dict):
            found = list(found)
        return [str(v) for v in found] if isinstance(found, list | tuple | set | frozenset) else []

    given: set[str] = set()
    surnames: set[str] = set()
    for locale in _NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):  # a locale a Faker release dropped
            continue
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            given.update(fold(v).upper() for v in values(provider, attribute))
        surnames.update(fold(v).upper() for v in values(provider, "last_names"))
    return frozenset(given - {""}), frozenset(surnames - {""})


_NAME_LOCALES = (
    "en_US", "es_MX", "es_ES", "es_CO", "es_CL", "es_AR", "pt_BR", "fr_FR", "vi_VN", "hi_IN",
    "en_IN", "tl_PH", "en_PH", "ar_AA", "ru_RU", "uk_UA", "pl_PL", "ro_RO", "it_IT", "de_DE",
    "en_GB", "yo_NG", "zu_ZA", "ne_NP", "bn_BD", "fa_IR", "tr_TR", "id_ID",
)


def full_name_order(names: list[str]) -> Order:
    """How a file writes its comma-less full names: 'last_first' ('GARCIA JUAN CARLOS', as
    many rosters print them) or 'first_last' ('JUAN CARLOS GARCIA').

        >>> full_name_order(["GARCIA JUAN", "NGUYEN TRUNG", "SMITH JOHN"])
        'last_first'

    Each name of two or more words votes by its first two and last words: a given name that is
    no surname first (and a surname that is no given name last) reads 'first_last'; the
    reverse reads 'last_first'. The file reads 'last_first' when those votes outnumber the
    others three to one; with no vote either way it stays 'first_last', the natural order."""
    given, surnames = name_vocabulary()

    def is_given(word: str) -> bool:
        return word in given and word not in surnames

    def is_surname(word: str) -> bool:
        return word in surnames and word not in given

    first_last = last_first = 0
    for name in names:
        words = _words(name)
        if len(words) < 2:
            continue
        natural = is_given(words[0]) + is_surname(words[-1])
        reverse = is_surname(words[0]) + is_given(words[1])
        first_last += natural > reverse
        last_first += reverse > natural
    return "last_first" if last_first and last_first >= 3 * first_last else "first_last"
