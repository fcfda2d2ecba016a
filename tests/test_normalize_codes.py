"""Sex codes, release-reason classes, and the doctests of the normalisers."""

import doctest
import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.normalize.release import CLASSES, names_ice, release_class
from linkage.normalize.sex import sex_code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M", "M"), ("m", "M"), ("MALE", "M"), ("Masculino", "M"), ("hombre", "M"),
        ("F", "F"), ("FEMALE", "F"), ("Femenino", "F"), ("Woman", "F"), ("mujer", "F"),
        ("X", "X"), ("N", "X"), ("Non-binary", "X"), ("INTERSEX", "X"), ("Transgender", "X"),
        ("W", None), ("H", None), ("B", None),  # race/ethnicity letters: a shifted column
        ("U", None), ("UNKNOWN", None), ("unk", None), ("", None), (None, None),
    ],
)
def test_sex_code(text, expected):
    assert sex_code(text) == expected


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("RELEASED TO ICE", "ice"), ("ICE", "ice"), ("TRANSFER TO IMMIGRATION", "ice"),
        ("DHS", "ice"), ("Transferred to ICE custody", "ice"), ("REL TO INS", "ice"),
        ("RELEASED TO OTHER AGENCY", "other_agency"), ("TRANSFER TO WILLIAMSON COUNTY", "other_agency"),
        ("US MARSHAL", "other_agency"), ("RELEASED TO HARRIS CO SO", "other_agency"),
        ("TDCJ", "other_agency"),
        ("BOND-SURETY", "bond"), ("PR BOND", "bond"), ("CASH BOND", "bond"),
        ("Released on own recognizance", "bond"), ("ICE HOLD LIFTED - PR BOND", "bond"),
        ("TIME SERVED", "served"), ("SENTENCE COMPLETED", "served"), ("DISCHARGED", "served"),
        ("COURT ORDER", "court"), ("DISMISSED", "court"), ("NO CHARGES FILED", "court"),
        ("ICE DID NOT PICK UP", "other"), ("RELEASED - ICE DETAINER DECLINED", "other"),
        ("ESCAPED", "other"), ("DECEASED", "other"),
        ("IMMIGRATION HOLD - RELEASED TO ICE", "ice"), ("ICE HOLD RELEASED", "other"),
        ("ICE HOLD RELEASED TO BOND", "bond"),
        # Wordings that say ICE did *not* take the person (a sheriff's log, not a hand-over).
        ("ICE DETAINER NOT HONORED - RELEASED ON BOND", "bond"), ("ICE HOLD EXPIRED", "other"),
        ("ICE 48 HR HOLD EXPIRED", "other"), ("ICE NOTIFIED - NO PICKUP", "other"),
        ("IMMIGRATION HOLD REFUSED", "other"), ("ICE DETAINER RESCINDED", "other"),
        ("ICE REFUSED CUSTODY", "other"),
        # ICE told of the release, not taking the person (a probe's jail wordings).
        ("RELEASED - ICE NOTIFIED", "other"), ("ICE NOTIFIED - NO RESPONSE", "other"),
        ("NOTIFIED ICE - PR BOND", "bond"), ("ICE NOTIFICATION SENT", "other"),
        # ... unless it says ICE took the person too (a review's wordings).
        ("RELEASED TO ICE - ICE NOTIFIED", "ice"), ("ICE NOTIFIED - PICKED UP BY ICE", "ice"),
        ("TRANSFERRED TO ICE, ICE NOTIFIED", "ice"), ("ICE NOTIFIED AND TOOK CUSTODY", "ice"),
        ("ICE PICKED UP - NO RESPONSE NEEDED", "ice"),
        ("RELEASED ON OWN RECOG", "bond"), ("OR RELEASE", "bond"), ("RELEASED TO FEDS", "other_agency"),
        ("RELEASED TO HSI", "ice"), ("DEPORTED", "ice"),
        # ICE glued to the words around it, and its names clipped or pluralised.
        ("RELEASED TO USICE", "ice"), ("RELEASED TO U.S.I.C.E.", "ice"), ("ICEHOLD", "ice"),
        ("TRANSFER TO IMMIGRATIONS", "ice"), ("RELEASED TO HOMELAND SEC", "ice"),
        ("USICE DECLINED", "other"), ("ICEHOLD EXPIRED", "other"), ("ICE-HOLD LIFTED - CASH BOND", "bond"),
        # Marshals, prisons and counties by their initials or bare names (independent worlds).
        ("TO USM", "other_agency"), ("USM HOLD", "other_agency"), ("FBOP", "other_agency"),
        ("CDCR", "other_agency"), ("NMCD", "other_agency"), ("NYS DOCCS", "other_agency"),
        ("ODOC", "other_agency"), ("MN DOC", "other_agency"), ("NC DPS", "other_agency"),
        ("ON WRIT", "other_agency"), ("BENTON CO", "other_agency"), ("LINN COUNTY", "other_agency"),
        ("TO BENTON CO", "other_agency"), ("PICKED UP BY WILLIAMSON CO", "other_agency"),
        ("CASH BOND POSTED TO COUNTY CLERK", "bond"), ("DOCKET CLEARED", "other"),
        # ... and not ordinary releases that name a state, a county or an order.
        ("RELEASED FROM CUSTODY", "other"), ("RELEASED ON BOND-STATE", "bond"),
        ("RELEASED ON PR BOND - COUNTY COURT", "bond"), ("RELEASED - CHARGES DISMISSED BY STATE", "court"),
        ("RELEASED - CASE DISMISSED SO ORDERED", "court"), ("RELEASED TIME SERVED COUNTY SENTENCE", "served"),
        ("RELEASED BY ARRESTING AGENCY", "other"), ("TIME SERVED CO", "served"), ("DISMISSED CO", "court"),
        # A blind world's jargon: 287(g) is ICE's own program; Oregon's bail; a clipped sentence.
        ("287G TRANSFER", "ice"), ("TO ICE 287G", "ice"), ("287(g) PICKUP", "ice"), ("SECURITY RELEASE", "bond"),
        ("SENT COMPLETE", "served"), ("HOMELAND SECURITY RELEASE", "ice"),
        ("PROBATION - CO", "court"), ("WRIT OF HABEAS CORPUS", "court"), ("HABEAS WRIT GRANTED", "court"),
        ("", None), ("  ", None), (None, None),
    ],
)
def test_release_class(reason, expected):
    assert release_class(reason) == expected


@given(st.text(max_size=60))
def test_release_class_never_raises(text):
    assert release_class(text) in (*CLASSES, None)


@given(st.text(max_size=20))
def test_sex_code_never_raises(text):
    assert sex_code(text) in ("M", "F", "X", None)


@pytest.mark.parametrize(
    "module",
    ["text", "countries", "places", "names", "dates", "sex", "release", "charges"],
)
def test_docstring_examples(module):
    """The calls shown in docstrings are real."""
    mod = importlib.import_module(f"linkage.normalize.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@pytest.mark.parametrize(("hold_agency", "expected"), [
    ("I.C.E.", True), ("IMMIGRATION", True), ("DHS/ICE", True), ("I-247A", True),
    ("Dept of Homeland Security", True),   # was no hold: the agency spelled out
    ("No ICE hold", False),                # was a hold: the word ICE alone decided
    ("ICE HOLD LIFTED", False), ("USMS", False), ("WILLIAMSON CO", False), ("", None),
    ("D.H.S.", True), ("I.N.S.", True), ("E.R.O.", True),   # initials with dots
    ("IMMIGRATION HOLD - RELEASED TO I.C.E.", True), ("ICE HOLD RELEASED TO U.S. ICE", True),
    ("ICE HOLD RELEASED TO CBP", True), ("NOT PICKED UP BY I.C.E.", False),
    # A hold that asks to be told of the release is an ICE hold (a review of session 50).
    ("ICE DETAINER - NOTIFY ON RELEASE", True), ("NOTIFY ICE UPON RELEASE", True), ("ICE NOTIFICATION", True),
    # Spellings release logs print for the holding agency.
    ("USICE", True), ("U.S.I.C.E.", True), ("U S I C E", True), ("IMMIGRATIONS", True),
    ("HOMELAND SEC", True), ("ICEHOLD", True), ("ICE-HOLD", True), ("U.S. ICE", True),
    ("USICE DECLINED", False), ("USICE HOLD EXPIRED", False), ("ICEHOLD LIFTED", False),
    ("NO USICE HOLD", False), ("NOT PICKED UP BY USICE", False), ("IMMIGRATIONS HOLD LIFTED", False),
])
def test_a_hold_agency_names_ice(hold_agency, expected):
    assert names_ice(hold_agency) is expected


@pytest.mark.parametrize("text", [
    "SERVICE", "POLICE", "JUSTICE", "NOTICE", "ICED TEA", "OFFICE", "PRICE", "ICELAND",
    "US JUSTICE", "SECRET SERVICE", "AUSTIN POLICE", "HOMELAND",
])
def test_words_that_contain_ice_name_no_ice(text):
    assert names_ice(text) is False
    assert release_class(text) != "ice"
