"""Names: cleaning, splitting a jail's full name, surname tokens."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.normalize.names import (
    PLACEHOLDERS,
    SUFFIXES,
    ParsedName,
    clean_name,
    full_name_order,
    split_full_name,
    surname_tokens,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("García", "GARCIA"), ("  o'Brien ", "OBRIEN"), ("Núñez-López", "NUNEZ-LOPEZ"),
        ("GARCIA - LOPEZ", "GARCIA-LOPEZ"), ("-GARCIA-", "GARCIA"), ("Mary  Ann", "MARY ANN"),
        ("Łukasz", "LUKASZ"), ("Straße", "STRASSE"), ("<script>alert(1)</script>", "SCRIPT ALERT 1 SCRIPT"),
        ("FNU", None), ("lnu", None), ("", None), (None, None), ("...", None),
    ],
)
def test_clean_name(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    ("text", "last", "first", "middle", "suffix", "tokens"),
    [
        ("GARCIA-LOPEZ,JUAN CARLOS", "GARCIA-LOPEZ", "JUAN", "CARLOS", None, ["GARCIA", "LOPEZ"]),
        ("Garcia Lopez, Juan", "GARCIA LOPEZ", "JUAN", None, None, ["GARCIA", "LOPEZ"]),
        ("LOPEZ, MARIA DE LA CRUZ", "LOPEZ", "MARIA", "DE LA CRUZ", None, ["LOPEZ"]),
        ("DE LA CRUZ, JOSE", "DE LA CRUZ", "JOSE", None, None, ["DELACRUZ"]),
        ("JUAN CARLOS GARCIA LOPEZ", "GARCIA LOPEZ", "JUAN", "CARLOS", None, ["GARCIA", "LOPEZ"]),
        ("MARIA DE LA CRUZ", "DE LA CRUZ", "MARIA", None, None, ["DELACRUZ"]),
        ("JUAN GARCIA Y LOPEZ", "GARCIA Y LOPEZ", "JUAN", None, None, ["GARCIA", "LOPEZ"]),
        ("JOHN MICHAEL SMITH", "SMITH", "JOHN", "MICHAEL", None, ["SMITH"]),
        ("SMITH JR, JOHN", "SMITH", "JOHN", None, "JR", ["SMITH"]),
        ("SMITH, JOHN III", "SMITH", "JOHN", None, "III", ["SMITH"]),
        ("SMITH, JOHN, JR.", "SMITH", "JOHN", None, "JR", ["SMITH"]),
        ("JOHN SMITH JR", "SMITH", "JOHN", None, "JR", ["SMITH"]),
        ("KING, PRINCE", "KING", "PRINCE", None, None, ["KING"]),
        ("Núñez, José", "NUNEZ", "JOSE", None, None, ["NUNEZ"]),
        ("GARCIA, FNU", "GARCIA", None, None, None, ["GARCIA"]),
        ("XXXXX, XXXXX", None, None, None, None, []),   # a masked name (review, session 52)
        ("MADONNA", "MADONNA", None, None, None, ["MADONNA"]),
        # A mainframe's LAST/FIRST and LAST; FIRST, and a suffix before the given names (a
        # probe's spellings: they had come out reversed, JR a first name).
        ("GARCIA/JOSE", "GARCIA", "JOSE", None, None, ["GARCIA"]),
        ("DE LA CRUZ; JOSE LUIS", "DE LA CRUZ", "JOSE", "LUIS", None, ["DELACRUZ"]),
        ("SMITH, JR., JOHN", "SMITH", "JOHN", None, "JR", ["SMITH"]),
        ("O/BRIEN", "BRIEN", "O", None, None, ["BRIEN"]),  # no surname of one letter: as before
        ("JOHN SMITH; ", "SMITH", "JOHN", None, None, ["SMITH"]),  # nothing after the mark: as before
        # A web export's HTML entities (a probe's: 'O 39 NEIL', 'JOS EACUTE').
        ("O&#39;NEIL, JOS&Eacute;", "ONEIL", "JOSE", None, None, ["ONEIL"]),
        ("JOS&Eacute; O&#39;NEIL", "ONEIL", "JOSE", None, None, ["ONEIL"]),
        ("", None, None, None, None, []),
        (None, None, None, None, None, []),
    ],
)
def test_split_full_name(text, last, first, middle, suffix, tokens):
    assert split_full_name(text) == ParsedName(last, first, middle, suffix, tokens)


def test_split_last_first_order_without_comma():
    assert split_full_name("GARCIA JUAN CARLOS", "last_first")[:3] == ("GARCIA", "JUAN", "CARLOS")
    assert split_full_name("DE LA CRUZ JOSE", "last_first")[:2] == ("DE LA CRUZ", "JOSE")
    assert split_full_name("GARCIA Y LOPEZ JUAN", "last_first")[:2] == ("GARCIA Y LOPEZ", "JUAN")
    # Two surnames without a conjunction: the cut falls before the first word that can be a
    # given name (LOPEZ cannot).
    assert split_full_name("GARCIA LOPEZ JUAN CARLOS", "last_first")[:3] == ("GARCIA LOPEZ", "JUAN", "CARLOS")


def test_a_files_name_order_is_told_from_its_names():
    assert full_name_order(["GARCIA JUAN", "NGUYEN TRUNG", "SMITH JOHN", "LOPEZ MARIA ELENA"]) == "last_first"
    assert full_name_order(["JUAN GARCIA", "MARIA ELENA LOPEZ", "TRUNG NGUYEN"]) == "first_last"
    # No vote either way, or a mixed file: the natural order.
    assert full_name_order(["JOHN JAMES", "KIM LEE"]) == "first_last"
    assert full_name_order(["GARCIA JUAN", "JUAN GARCIA"]) == "first_last"


@pytest.mark.parametrize(
    ("last_name", "tokens"),
    [
        ("GARCIA LOPEZ", ["GARCIA", "LOPEZ"]), ("GARCIA-LOPEZ", ["GARCIA", "LOPEZ"]),
        ("garcía lópez", ["GARCIA", "LOPEZ"]), ("DE LA CRUZ", ["DELACRUZ"]),
        ("DELACRUZ", ["DELACRUZ"]), ("GARCIA DE LA CRUZ", ["GARCIA", "DELACRUZ"]),
        ("DEL RIO", ["DELRIO"]), ("VAN DER BERG", ["VANDERBERG"]), ("GARCIA Y LOPEZ", ["GARCIA", "LOPEZ"]),
        ("LE", ["LE"]), ("TRAN LE", ["TRAN", "LE"]), ("DA SILVA", ["DA", "SILVA"]), ("DE", ["DE"]),
        ("Y", ["Y"]), ("", []), (None, []),
    ],
)
def test_surname_tokens(last_name, tokens):
    assert surname_tokens(last_name) == tokens


def test_cached_results_cannot_be_changed_by_a_caller():
    surname_tokens("GARCIA LOPEZ").append("X")
    split_full_name("GARCIA LOPEZ, JUAN").surname_tokens.append("X")
    assert surname_tokens("GARCIA LOPEZ") == ["GARCIA", "LOPEZ"]
    assert split_full_name("GARCIA LOPEZ, JUAN").surname_tokens == ["GARCIA", "LOPEZ"]


# --- properties ---------------------------------------------------------------------------

_word = st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÑÜ'-"), min_size=1, max_size=10)
_words = st.lists(_word, min_size=1, max_size=6)


def _tokens(text: str) -> list[str]:
    """Every word of every comma-separated part, as clean_name leaves it."""
    tokens = []
    for part in text.split(","):
        cleaned = clean_name(part)
        tokens += [w for w in cleaned.split() if w not in PLACEHOLDERS] if cleaned else []
    return tokens


def _parsed_tokens(parsed: ParsedName) -> list[str]:
    parts = [parsed.last_name, parsed.first_name, parsed.middle_name, parsed.suffix]
    return [w for part in parts if part for w in part.split()]


@given(surname=_words, given_names=_words)
def test_split_with_comma_never_loses_a_token(surname, given_names):
    text = " ".join(surname) + ", " + " ".join(given_names)
    parsed = split_full_name(text)
    assert sorted(_parsed_tokens(parsed)) == sorted(_tokens(text))


@given(words=_words, order=st.sampled_from(["auto", "first_last", "last_first"]))
def test_split_without_comma_never_loses_a_token(words, order):
    text = " ".join(words)
    parsed = split_full_name(text, order)
    assert sorted(_parsed_tokens(parsed)) == sorted(_tokens(text))
    if _tokens(text):
        assert parsed.last_name is not None


@given(st.text(max_size=60))
def test_names_never_raise_on_arbitrary_text(text):
    parsed = split_full_name(text)
    assert isinstance(parsed, ParsedName)
    cleaned = clean_name(text)
    assert cleaned is None or (cleaned == cleaned.strip() and "  " not in cleaned)
    for token in surname_tokens(text):
        assert token and " " not in token and "-" not in token
    assert parsed.suffix is None or parsed.suffix in SUFFIXES


@given(_words)
def test_surname_tokens_are_hyphen_and_space_blind(words):
    assert surname_tokens(" ".join(words)) == surname_tokens("-".join(words))
