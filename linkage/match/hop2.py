"""Hop 2: jail release -> ICE book-in. An *event* match: the same person, booked by ICE soon after.

    >>> left, right = prepare_inputs(store)      # work.hop2_releases, work.hop2_book_ins
    >>> comparisons(present_columns(store)), blocking_rules(config)

Only releases that are hop-1 candidates of some entry are searched (the cascade of the
design): the expensive person/event match runs on thousands of releases, not millions.
Comparisons follow the columns present, so the same command works on internal extracts with
names and on FOIA extracts with birth year only. The left side (`l`) is always the releases
(`a_releases` sorts before `b_book_ins`).
"""

from __future__ import annotations

import math

from linkage.config import Config
from linkage.match.spec import Comparison, Level
from linkage.normalize.names import PARTICLES
from linkage.normalize.neighbours import borders
from linkage.store import Store

# Tables live in the `work` schema, found by bare name (see hop1.py).
LEFT = "hop2_releases"
RIGHT = "hop2_book_ins"
LEFT_NAME, RIGHT_NAME = "a_releases", "b_book_ins"
CANDIDATE_RELEASES = "work.hop1_candidate_bookings"  # who searched it: linkage.match.searched
UNPLACED_SHARE = 0.1
"""At most this share of an extract's book-ins unnamed and without a state for them to meet
releases at a door of their own: nationally a tenth adds ~15 pairs a release to hop 2's ~50."""

NAME_TF_WEIGHT = 0.5
"""Half the term-frequency evidence of a shared name. Custody extracts are full of relatives
and namesakes (same rare surname, another person), so a rare name says less about *this*
person than its frequency alone suggests; at full weight a shared rare name outweighed both
a different birth date and a different state on synthetic worlds."""


def prepare_inputs(store: Store) -> tuple[str, str]:
    """Both sides of hop 2 in the work schema; needs `work.hop1_candidate_bookings` (uid)."""
    con = store.con
    con.execute(
        f"""
        create or replace table work.{LEFT} as
        select b.booking_uid as uid, b.last_name, b.first_name, b.surname_tokens,
               b.surname_tokens[1] as surname_first, b.surname_tokens[-1] as surname_last,
               left(b.first_name, 1) as first_initial, {_first_token("b.first_name")} as first_token,
               b.dob, b.birth_year, b.birth_year - 1 as birth_year_before, b.sex,
               b.birth_country as country, null::varchar as a_number,
               b.release_datetime as event_time, b.release_datetime::date as event_day,
               b.state, nb.state_neighbours, null::varchar as method
        from bookings b
        left join (values {_neighbour_rows()}) nb(state, state_neighbours) on nb.state = b.state
        where b.release_datetime is not null
          and b.booking_uid in (select uid from {CANDIDATE_RELEASES})
        """
    )
    con.execute(
        f"""
        create or replace table work.{RIGHT} as
        select custody_id as uid, last_name, first_name, surname_tokens,
               surname_tokens[1] as surname_first, surname_tokens[-1] as surname_last,
               left(first_name, 1) as first_initial, {_first_token("first_name")} as first_token,
               birth_date as dob, birth_year, null::integer as birth_year_before, sex,
               citizenship_country as country, a_number,
               book_in_datetime as event_time, book_in_datetime::date as event_day,
               apprehension_state as state, null::varchar[] as state_neighbours,
               upper(apprehension_method) as method
        from book_ins
        """
    )
    return LEFT, RIGHT


def _neighbour_rows() -> str:
    """SQL VALUES rows of (state, its bordering states as a sorted list) (`normalize.neighbours`)."""
    return ", ".join(f"('{state}', {list(others)!r})" for state, others in borders().items())


def _first_token(column: str) -> str:
    """SQL: the first word of a first name read as `normalize.names.surname_tokens` reads a
    surname (hyphens split, particles glued on: JOSE-LUIS -> JOSE, DE LA CRUZ -> DELACRUZ), so
    that a surname written in the first-name field meets the same surname's first token."""
    particles = "|".join(sorted(PARTICLES))
    return (f"regexp_replace(regexp_extract(replace({column}, '-', ' '), '^((?:{particles}) )*[^ ]+', 0),"
            " ' ', '', 'g')")


def present_columns(store: Store) -> set[str]:
    """Columns of the ICE extract that hold any value (FOIA extracts have no names), and
    "year_only" where some book-in gives a birth year without a birth date."""
    row = store.con.execute(
        """
        select count(last_name), count(first_name), count(birth_date), count(a_number),
               count(birth_year), count(birth_year) filter (where birth_date is null),
               count(sex), count(apprehension_method), count(apprehension_state),
               count(*) filter (where apprehension_state is null and last_name is null), count(*)
        from book_ins
        """
    ).fetchall()[0]
    names = ["last_name", "first_name", "dob", "a_number", "birth_year", "year_only", "sex", "method", "state"]
    present = {name for name, n in zip(names, row[:len(names)], strict=True) if n}
    # Unnamed book-ins without a state meet releases at a door of their own (`blocking_rules`)
    # while they are a few: every release meets all of a day's in the country, so an extract
    # whose stateless FOIA rows were a large share would multiply hop 2's pairs.
    unplaced, total = row[-2:]
    # (None at all counts as a few: the door then finds nothing, and the model's rules do not
    # change with a week's first such row.)
    if "state" in present and unplaced <= UNPLACED_SHARE * total:
        present.add("unplaced")
    # Jail logs carry no A-number (contract §2): the comparison could never agree.
    present.discard("a_number")
    return present


# ICE's codes for arrests made at large, not taken from a jail's or prison's custody (design:
# "CAP Local Incarceration at release vs Non-Custodial Arrest weeks later"). Evidence against a
# hand-over, not proof: ICE's coding is loose, and a book-in so coded 1.5 h after the release of
# the same name and birth date is a pick-up at the door (`at_large_sql`).
AT_LARGE_METHODS = "(NON.?CUSTODIAL|LOCATED).*"


def at_large_sql(method: str) -> str:
    """SQL: ICE coded the book-in as an arrest at large. Inside the transfer window such a
    book-in counts as a hand-over at `Hop2Settings.at_large_hand_over_share` of its evidence
    (`linkage.units.hop2_odds_sql`); outside it, as any later arrest.

        >>> at_large_sql("k.apprehension_method")
    """
    return f"coalesce(upper({method}) similar to '{AT_LARGE_METHODS}', false)"


def minutes_to_book_in(release: str, book_in: str) -> str:
    """SQL: minutes from a release to an ICE book-in. A book-in at exactly midnight of the
    release's own day — an extract that gives the day only, or 00:00 for a time it did not
    know — is read at the middle of what is left of that day after the release: read as
    00:00, a hand-over on the day of a 07:05 release came before it and was never one. (Any
    other midnight is read as written: a day-only book-in the day after a release is 0-24 h
    after the day begins, and hop 2's timing levels already span that.)

        >>> minutes_to_book_in("b.release_datetime", "k.book_in_datetime")
    """
    return (f"(case when {_day_only_before(release, book_in)}"
            f" then date_diff('minute', {release}, {book_in} + interval 1439 minute) // 2"
            f" else date_diff('minute', {release}, {book_in}) end)")


def days_to_book_in(release: str, book_in: str) -> str:
    """SQL: calendar days from a release's day to an ICE book-in's (0: the same day), how a
    release logged without a time is weighed (`timing_day`) and described (`linkage.reasons`).

        >>> days_to_book_in("b.release_datetime", "k.book_in_datetime")
    """
    return f"date_diff('day', {release}::date, {book_in}::date)"


def logged_without_time(column: str) -> str:
    """SQL: `column` is a midnight, taken as a record of the day only (a log, or an extract,
    that gives no time of day; a real 00:00 is 1 in 1,440).

        >>> logged_without_time("b.release_datetime")
    """
    return f"{column} = date_trunc('day', {column})"


def _day_only_before(release: str, book_in: str) -> str:
    """SQL: the book-in is a midnight of the release's own day, before the release."""
    return (f"{logged_without_time(book_in)} and {book_in} < {release}"
            f" and {book_in} >= date_trunc('day', {release})")


def release_to_book_in_hours(release: str, book_in: str) -> str:
    """SQL: hours from a release to an ICE book-in (`minutes_to_book_in`)."""
    return f"({minutes_to_book_in(release, book_in)} / 60.0)"


def after_release(reach: str) -> str:
    """SQL of a blocking rule: the book-in from an hour before the release to `reach` after it
    ('3 day'), or given by its day only (midnight) on the release's own day, which
    `minutes_to_book_in` reads after the release."""
    return (f"(r.event_time between l.event_time - interval 1 hour and l.event_time + interval {reach}"
            f" or ({_day_only_before('l.event_time', 'r.event_time')}))")


def hand_over_sql(config: Config, hours: str, method: str, release_class: str) -> str:
    """SQL: a book-in `hours` after a release counts as a hand-over from the jail: within the
    transfer window whatever ICE's method (one coded as an arrest at large is weighed down,
    `at_large_sql`), or within the custodial window when ICE recorded a custodial method (CAP,
    287(g)) and the jail did not release the person to another agency, whose custody it came from.

        >>> hand_over_sql(config, "hours_after", "k.apprehension_method", "b.release_class")
    """
    h = config.hop2
    return (
        f"((({hours}) between -1 and {h.transfer_window_hours})"
        f" or (({hours}) between -1 and {h.custodial_window_hours}"
        f" and {release_class} is distinct from 'other_agency'"
        f" and (upper({method}) like 'CAP%' or {method} like '287%')))"
    )


# First and last names swapped between the jail's record and ICE's (MIRANDA, DAVID JUAN against
# DAVID JUAN, MIRANDA): forms filled surname first, two-surname names read as given names.
# The first surname token against the first given-name token, as the blocking rule pairs them:
# plain string equalities, cheap on hop 2's ten million national pairs. (It must not read
# `surname_tokens`: Splink leaves out of an EM block every comparison that reads a column of
# the block's rule, and the first-name comparison must stay in the block on surname tokens.)
NAMES_SWAPPED = (
    "first_token_l <> first_token_r"
    " and surname_first_l = first_token_r and first_token_l = surname_first_r"
)


def _hours(after: str) -> str:
    return f"{minutes_to_book_in('event_time_l', 'event_time_r')} between -60 and {after}"


DAY_ONLY_RELEASE = logged_without_time("event_time_l")
"""SQL (a comparison's): the jail logged the release's day, not its time (read as 00:00)."""


def _days(first: int, last: int) -> str:
    return f"{days_to_book_in('event_time_l', 'event_time_r')} between {first} and {last}"


def comparisons(present: set[str]) -> list[Comparison]:
    found: list[Comparison] = []
    if "last_name" in present:
        found.append(
            Comparison(
                "surname",
                columns=("last_name",),
                null_if="last_name_l is null or last_name_r is null",
                levels=[
                    Level(
                        "exact",
                        "surname identical",
                        "last_name_l = last_name_r",
                        tf_column="last_name",
                        tf_weight=NAME_TF_WEIGHT,
                    ),
                    # Before the weaker agreements: a swap explains both name fields at once
                    # (LOPEZ GARCIA, GARCIA against GARCIA, LOPEZ shares a token as well).
                    *([Level("names_swapped", "first and last names swapped", NAMES_SWAPPED)]
                      if "first_name" in present else []),
                    Level(
                        "shared_token",
                        "a surname token in common (double surname)",
                        "len(list_intersect(surname_tokens_l, surname_tokens_r)) > 0",
                    ),
                    Level("similar", "surname similar (Jaro-Winkler ≥ 0.9)", "jaro_winkler_similarity(last_name_l, last_name_r) >= 0.9"),
                ],
            )
        )
    if "first_name" in present:
        found.append(
            Comparison(
                "first_name",
                columns=("first_name",),
                # Swapped names are the surname comparison's evidence: counted here as well,
                # one slip would weigh as two disagreements, or as two agreements.
                null_if=f"first_name_l is null or first_name_r is null or ({NAMES_SWAPPED})",
                null_label="not recorded, or names swapped (weighed with the surname)",
                levels=[
                    Level(
                        "exact",
                        "first name identical",
                        "first_name_l = first_name_r",
                        tf_column="first_name",
                        tf_weight=NAME_TF_WEIGHT,
                    ),
                    Level("similar", "first name similar (Jaro-Winkler ≥ 0.88)", "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.88"),
                    Level("same_initial", "same first initial", "left(first_name_l, 1) = left(first_name_r, 1)"),
                ],
            )
        )
    # A jail that logs an age, not a birth date, pins the birth year to one of two (the
    # birthday falls before or after the booking day); its own comparison keeps each one's m
    # conditional on what the jail logged, whatever the mix of jails in the data.
    jail_logged_dob = "dob_l is not null"
    year_levels = [
        Level("same_year", "same birth year", "birth_year_l = birth_year_r"),
        Level("year_within_1", "birth years 1 apart", "abs(birth_year_l - birth_year_r) <= 1"),
    ]
    # FOIA extracts give ICE's birth year only; so may some rows of an extract that names people,
    # or a FOIA extract loaded beside an internal one. Such a book-in's year is weighed in a
    # comparison of its own: within the birth date's, "same year" is the best a year-only book-in
    # can do and the mark of a different person where both give a date (EM weighed it -2.2 bits
    # on a blind world whose one county's book-ins were FOIA's, and lost 20 of its 31 hand-overs).
    year_only = Comparison(
        "birth_year",
        columns=("birth_year",),
        null_if=f"not ({jail_logged_dob}) or birth_year_r is null" + (" or dob_r is not null" if "dob" in present else ""),
        m_capped_at_prior=True,
        levels=year_levels,
    )
    if "dob" in present:
        found.append(Comparison(
            "birth",
            columns=("dob", "birth_year"),
            null_if=f"not ({jail_logged_dob}) or dob_r is null",
            m_capped_at_prior=True,
            levels=[
                Level("exact_date", "birth date identical", "dob_l = dob_r"),
                Level(
                    "day_month_swapped",
                    "birth date with day and month swapped",
                    "year(dob_l) = year(dob_r) and month(dob_l) = day(dob_r) and day(dob_l) = month(dob_r)",
                ),
                *year_levels,
            ],
        ))
    if "dob" not in present or "year_only" in present:
        found.append(year_only)
    found.append(
        Comparison(
            "birth_vs_age",
            columns=("birth_year",),
            null_if=f"{jail_logged_dob} or birth_year_l is null or birth_year_r is null",
            m_capped_at_prior=True,
            levels=[
                Level(
                    "fits_age",
                    "birth year fits the age the jail logged",
                    "birth_year_r between birth_year_l - 1 and birth_year_l",
                ),
                Level(
                    "year_within_1",
                    "birth year 1 off the age the jail logged",
                    "birth_year_r between birth_year_l - 2 and birth_year_l + 1",
                ),
            ],
        )
    )
    if "sex" in present:
        found.append(Comparison.agree("sex", "sex", "same", "same sex"))
    found.append(
        Comparison.agree("citizenship", "country", "same_country", "citizenship = place of birth", tf=True)
    )
    if "a_number" in present:
        found.append(Comparison.agree("a_number", "a_number", "same", "A-number identical"))
    found.append(
        Comparison(
            "timing",
            columns=("event_time",),
            null_if=f"event_time_l is null or event_time_r is null or {DAY_ONLY_RELEASE}",
            null_label="not recorded, or the release has no time of day (weighed by `timing_day`)",
            levels=[
                Level("within_6_hours", "ICE book-in within 6 h of release", _hours("360")),
                Level("within_24_hours", "ICE book-in 6–24 h after release", _hours("1440")),
                Level("within_72_hours", "ICE book-in 1–3 days after release", _hours("4320")),
                Level("within_14_days", "ICE book-in 3–14 days after release", _hours("20160")),
                Level("within_120_days", "ICE book-in 2–17 weeks after release", _hours("172800")),
            ],
        )
    )
    # A log that gives the release day only (00:00): read from midnight, a hand-over hours
    # after a release late in the day fell to "1–3 days", whose weight is 5 bits below
    # "within 6 h" (FOIA, seeds 2424-3232: 43 true hand-overs from such logs, 23 called,
    # mean P(transferred) 0.60 against 0.87 for timed releases). Counted in calendar days in
    # a comparison of its own, whose m is conditional on the log giving no time, whatever
    # the share of such logs in the data (as `birth_vs_age` is for logs with an age).
    found.append(
        Comparison(
            "timing_day",
            columns=("event_time",),
            null_if=f"event_time_l is null or event_time_r is null or not ({DAY_ONLY_RELEASE})",
            null_label="not recorded, or the release has a time of day (weighed by `timing`)",
            levels=[
                # From an hour before the 00:00, as `timing` reads a book-in just before a release.
                Level("same_day", "ICE book-in the release day (release logged without a time)",
                      "date_diff('minute', event_time_l, event_time_r) between -60 and 1439"),
                Level("next_day", "ICE book-in the day after the release day", _days(1, 1)),
                Level("within_3_days", "ICE book-in 2–3 days after the release day", _days(2, 3)),
                Level("within_14_days", "ICE book-in 4–14 days after the release day", _days(4, 14)),
                Level("within_120_days", "ICE book-in 15–120 days after the release day", _days(15, 120)),
            ],
        )
    )
    if "method" in present:
        found.append(
            Comparison(
                "method",
                columns=("method",),
                null_if="method_r is null",
                # ICE books most people by CAP: hand-overs are CAP, later arrests at large are
                # not, so CAP may be as common at random as among matches (seed 2929, FOIA:
                # m 0.82, u 0.85), and a prior put in its place weighed every CAP hand-over down.
                ordered=False,
                levels=[
                    Level("cap_local_incarceration", "CAP Local Incarceration", "method_r like 'CAP%'"),
                    Level("non_custodial_arrest", "Non-Custodial Arrest", "method_r like 'NON%CUSTODIAL%'"),
                ],
            )
        )
    if "state" in present:
        # Term-frequency adjusted: ICE's book-ins crowd into a few states, so sharing CA or TX
        # says far less than sharing a state where ICE books few people.
        # Apart from that, a state bordering the jail's is where some jails' hand-overs are
        # booked (New York City's in New Jersey, Kansas City's in Kansas): as "else" they made
        # a book-in a thousand miles away look as likely (m 0.35 on world K, where a namesake
        # booked in another region 2-40 hours after a release read as the hand-over at 0.99).
        found.append(Comparison("state", columns=("state",), null_if="state_l is null or state_r is null", levels=[
            Level("same", "apprehended in the jail's state", "state_l = state_r", tf_column="state"),
            Level("neighbour", "apprehended in a state bordering the jail's",
                  "list_contains(state_neighbours_l, state_r)"),
        ]))
    return found


def blocking_rules(config: Config, present: set[str]) -> list[str]:
    """Book-ins after the release: by name, by birth year and country, or at the jail door.

    Each rule is an equality join plus a filter, so candidate pairs grow with the releases
    searched, not with releases x book-ins: a double surname is caught by either end
    (GARCIA LOPEZ ~ GARCIA, ~ LOPEZ), swapped names by the first name against the surname,
    and the jail-door rule joins on the state and the day.
    """
    days = config.hop2.search_window_days
    window = after_release(f"{days} day")
    rules = []
    # Every key below is an equality of a fairly rare combination: nationally a surname alone
    # (GARCIA) or a birth year with a country (MEXICO, 1990) meets thousands of book-ins in
    # the window, and candidate pairs would grow with releases x book-ins.
    if "last_name" in present and "first_name" in present:
        rules.append(f"l.surname_first = r.surname_first and l.first_initial = r.first_initial and {window}")
        rules.append(f"l.surname_last = r.surname_last and l.first_initial = r.first_initial and {window}")
        rules.append(f"l.first_token = r.surname_first and l.surname_first = r.first_token and {window}")
    elif "last_name" in present:
        rules.append(f"l.surname_first = r.surname_first and {window}")
        rules.append(f"l.surname_last = r.surname_last and {window}")
    if "dob" in present:
        # Catches a surname the clerk or ICE spelled another way.
        rules.append(f"l.dob = r.dob and {window}")
    else:
        rules.append(f"l.birth_year = r.birth_year and l.country = r.country and l.sex = r.sex and {window}")
    # The hand-over itself: booked by ICE within three days in the same state, whatever the
    # name, with a birth year that fits (the jail's, or one less where it logged an age).
    # Without the year a big state pairs every release of a day with every book-in of the
    # next days: 660 k releases made hop 2 of a national run crawl.
    # Where either side has no birth year (a jail that logs no birth date or age, a FOIA row
    # without one) no rule finds the pair, not even by name on a FOIA extract: at the door,
    # the citizenship and sex stand in for the year. Such rows are few, so the pairs are.
    # Without names the door is the only rule that finds a hand-over of a release whose log
    # has no birthplace, so it spans the whole hand-over window: ICE books a custodial
    # hand-over up to a week after the release (`hand_over_sql`). With names, the name rules
    # span the search window, and the door stays at three days (it doubles with each day).
    hours = 72.0 if "last_name" in present else max(config.hop2.transfer_window_hours,
                                                     config.hop2.custodial_window_hours, 72.0)
    reach = "3 day" if hours == 72.0 else f"{int(math.ceil(hours))} hour"
    door = after_release(reach)
    keys = ["l.birth_year = r.birth_year", "l.birth_year_before = r.birth_year",
            "l.country = r.country and l.sex = r.sex and (l.birth_year is null or r.birth_year is null)"]
    # A book-in without a state (some extracts leave a tenth of rows empty) passes no door:
    # where it has no name either (a FOIA row in a mixed extract) no rule found it, and a
    # hand-over 4 hours after the release went unscored (world K). It meets releases by the
    # day and the birth year, never by citizenship alone, where such rows are a few
    # ("unplaced", `present_columns`); otherwise they keep to the other rules (every one of a
    # day would meet every release of its birth year).
    unplaced = "r.state is null" + (" and r.last_name is null" if "last_name" in present else "")
    def at_the_door(place: str, keys: list[str]) -> list[str]:
        return [f"{place} and r.event_day = l.event_day + {offset} and {key} and {door}"
                for offset in range(-1, int(math.ceil(hours / 24)) + 1) for key in keys]

    rules += at_the_door("l.state = r.state", keys)
    if "unplaced" in present:
        rules += at_the_door(unplaced, keys[:2])
    return rules


def training_rules(present: set[str]) -> list[str]:
    """Blocks of nearly pure matches, so EM's two classes are matches and *random* pairs.

    A block on names alone is full of namesakes (same name, another person): non-matches that
    agree on names far more than random pairs, which EM then counts as matches with a
    "different birth date" (m(birth differs) came out 0.31). Each block below adds a second
    independent key that namesakes rarely share.
    """
    window = after_release("3 day")
    rules = []
    if "last_name" in present:
        # Same name, booked by ICE within three days: learns birth, sex, citizenship, place.
        rules.append(f"l.last_name = r.last_name and l.first_name = r.first_name and {window}")
        if "dob" in present:
            # Same birth date and a surname token: learns first name, timing, method.
            rules.append("l.dob = r.dob and len(list_intersect(l.surname_tokens, r.surname_tokens)) > 0")
    else:
        # FOIA: no names. Same birth year, sex and citizenship at the jail door.
        rules.append(f"l.birth_year = r.birth_year and l.sex = r.sex and l.country = r.country and {window}")
    return rules
