"""Human words for what the report shows: places, comparisons, levels, outcomes, card rows.

    >>> place_name("TX/TRAVIS")
    'Travis County, TX'
    >>> comparison_name("hold_vs_issued")
    'Jail hold date vs detainer issued'
    >>> level_label("ice_hold", "else")
    'no ICE hold recorded'

The models name comparisons and their catch-all level for code (`hold_vs_issued`, `else`);
a sheriff reads "Jail hold date vs detainer issued" and "hold date over 30 days from issued".
Unknown names fall back to a readable form of the code name, so a new comparison still shows.
"""

from __future__ import annotations

COMPARISONS: dict[str, str] = {
    # hop 1: report entry → jail booking
    "stay": "Release vs recorded decline",
    "hold_vs_issued": "Jail hold date vs detainer issued",
    "booked_before_issue": "Booking date vs detainer issued",
    "ice_hold": "ICE hold on the booking",
    "citizenship": "Citizenship vs place of birth",
    "offences": "Offences vs jail charges",
    "charge_status": "Charged or convicted vs release reason",
    "facility": "Facility",
    # hop 2: release → ICE book-in
    "surname": "Surname",
    "first_name": "First name",
    "birth": "Birth date",
    "birth_year": "Birth year",
    "birth_vs_age": "Birth year vs the age logged",
    "sex": "Sex",
    "a_number": "A-number",
    "timing": "Release → ICE book-in",
    "timing_day": "Release day → ICE book-in",
    "method": "How ICE apprehended",
    "state": "State of apprehension",
}

# What Splink's catch-all `else` level means for each comparison.
ELSE_LEVELS: dict[str, str] = {
    "stay": "released outside the window, or the detainer falls outside the stay",
    "hold_vs_issued": "hold date over 30 days from the issued date",
    "booked_before_issue": "detainer issued over 14 days after the booking, or before it",
    "ice_hold": "no ICE hold recorded",
    "citizenship": "citizenship differs from place of birth",
    "offences": "no offence category in common",
    "charge_status": "served a sentence, but the entry lists a pending charge",
    "facility": "other facility",
    "surname": "surnames differ",
    "first_name": "first names differ",
    "birth": "birth dates differ",
    "birth_year": "birth years over 1 apart",
    "birth_vs_age": "birth year does not fit the age logged",
    "sex": "sex differs",
    "a_number": "A-numbers differ",
    "timing": "ICE book-in before the release or over 17 weeks after",
    "timing_day": "ICE book-in before the release day or over 120 days after",
    "method": "another apprehension method",
    "state": "apprehended in another state",
}

# Model labels reworded for the page: an example surname in a label would look like a leaked
# name in a redacted report (and be one, if a person bears it).
LEVEL_WORDS: dict[str, str] = {
    "a surname token in common (double surname)":
        "a surname part in common (one half of a double surname)",
}

OUTCOME_MEANINGS: dict[str, str] = {
    "transferred_to_ice": "the jail released the person to ICE: an ICE book-in follows the release",
    "transferred_to_other_agency": "released to another agency (another jail, a marshal), not to the street",
    "declined_confirmed": "the jail's log shows a release near the decline and no ICE book-in follows",
    "still_in_custody": "the booking was still open when ICE recorded the decline: no release to decline",
    "no_release_record": "no booking in the jail's log fits this entry: it cannot be verified",
    "needs_review": "no outcome is probable enough: an auditor should look at the candidates",
}

# The outcomes inside a sentence ("3 transferred to ICE"): lower case, but ICE stays ICE.
OUTCOME_PHRASES: dict[str, str] = {
    "transferred_to_ice": "transferred to ICE",
    "transferred_to_other_agency": "transferred to another agency",
    "declined_confirmed": "declines confirmed",
    "still_in_custody": "still in custody",
    "no_release_record": "with no release record",
    "needs_review": "needing review",
}

# The evidence card's side-by-side table: one row per fact, the three records' fields in
# line, and the comparisons of each hop that judge that fact (`label`, entry fields,
# booking fields, book-in fields, hop-1 comparisons, hop-2 comparisons).
CARD_ROWS: list[tuple[str, list[str], list[str], list[str], list[str], list[str]]] = [
    ("Record", ["entry_id"], ["booking_id"], ["custody_id"], [], []),
    ("Place", ["jurisdiction", "facility"], ["jurisdiction", "facility"],
     ["apprehension_state", "detention_facility"], ["facility"], ["state"]),
    ("Detainer / ICE hold", ["detainer_issued_date"], ["hold_agency", "hold_date"], [],
     ["ice_hold", "hold_vs_issued", "booked_before_issue"], []),
    ("Dates", ["detainer_declined_date"], ["booking_date", "release_datetime"],
     ["book_in_datetime"], ["stay"], ["timing", "timing_day"]),
    ("Release / apprehension", [], ["release_reason"], ["apprehension_method"], [], ["method"]),
    ("Citizenship / birthplace", ["citizenship"], ["place_of_birth"], ["citizenship"],
     ["citizenship"], ["citizenship"]),
    ("Offences / charges", ["notable_criminal_activity"], ["charges"], [], ["offences"], []),
    ("Surname", [], ["last_name"], ["last_name"], [], ["surname"]),
    ("First name", [], ["first_name", "middle_name"], ["first_name"], [], ["first_name"]),
    ("Name as logged", [], ["full_name"], [], [], []),
    ("Birth", [], ["dob", "age"], ["birth_date", "birth_year"], [], ["birth", "birth_year", "birth_vs_age"]),
    ("Sex", [], ["sex"], ["sex"], [], ["sex"]),
    ("A-number", [], [], ["a_number"], [], ["a_number"]),
]

# Prefixes that make a bare value in a card row say what it is.
FIELD_PREFIXES: dict[str, str] = {
    "detainer_issued_date": "issued ", "detainer_declined_date": "decline recorded ",
    "hold_date": "received ", "booking_date": "booked ", "release_datetime": "released ",
    "book_in_datetime": "booked in ", "age": "age ", "birth_year": "born ",
    "hold_agency": "hold by ", "apprehension_state": "apprehended in ",
    "detention_facility": "held at ",
}


def place_name(jurisdiction: str | None) -> str:
    """`TX/TRAVIS` → `Travis County, TX`; anything else is returned as it is."""
    if not jurisdiction or "/" not in jurisdiction:
        return jurisdiction or "–"
    state, county = jurisdiction.split("/", 1)
    words = " ".join(w.capitalize() for w in county.replace("_", " ").split())
    suffix = "" if words.endswith(("County", "Parish", "City")) else " County"
    return f"{words}{suffix}, {state}"


def comparison_name(name: str) -> str:
    """The heading a person reads for a comparison."""
    return COMPARISONS.get(name, name.replace("_", " ").capitalize())


def level_label(comparison: str, label: str | None) -> str:
    """A level's chart label, with `else` spelled out for its comparison."""
    if label in (None, "", "else"):
        return ELSE_LEVELS.get(comparison, "differs")
    return LEVEL_WORDS.get(label, label)
