"""Hop 1: report entry -> jail booking. No names: place, dates, citizenship, offences, holds.

    >>> left, right = prepare_inputs(store, config)      # work.hop1_entries, work.hop1_bookings
    >>> comparisons(), blocking_rules(config), training_rules()

The left side (`l`) is always the report entries: Splink orders link inputs by dataset name,
so the entries are registered as `a_entries` and the bookings as `b_bookings`.
"""

from __future__ import annotations

from linkage.config import LONG_GONE_DAYS, Config
from linkage.match.entry_logs import ENTRY_LOGS, write_entry_logs
from linkage.match.spec import Comparison, Level
from linkage.store import Store

# Tables live in the `work` schema; Splink finds them by bare name (it looks columns up by
# table_name alone), so the names are unique across schemas.
LEFT = "hop1_entries"
RIGHT = "hop1_bookings"
LEFT_NAME, RIGHT_NAME = "a_entries", "b_bookings"
CHANGED = "hop1_changed_bookings"
UNLOGGED_ENTRIES = "work.unlogged_entries"
"""Entries whose own jurisdiction (as matched: `ENTRY_LOGS`) has no log in the store
(`write_unlogged_entries`): what became of them cannot be checked."""

def prepare_inputs(store: Store, *, changed_bookings: str | None = None) -> tuple[str, str]:
    """Write both sides of hop 1 into the work schema; returns (left, right) table names.

    `changed_bookings`: a table of the `booking_uid`s added or replaced since the right side
    was last written (an incremental week). Only those rows, and the logs whose "reports
    holds" flag or listing changed, are written again: the right side holds every booking of
    the listed counties, 10 M rows nationally (7 s to rewrite). Both kinds are then in
    `work.hop1_changed_bookings` (`booking_uid`): a rewritten log's bookings read "no hold"
    where they read "unknown", so their pairs change too."""
    con = store.con
    if changed_bookings and store.table_exists(RIGHT):
        _write_entries(store)
        _refresh_bookings(store, changed_bookings)
        return LEFT, RIGHT
    _write_entries(store)
    con.execute(f"create or replace table work.{RIGHT} as {_bookings_sql()}")
    if changed_bookings:  # nothing to update: every booking is written anew
        con.execute(f"create or replace table work.{CHANGED} as select uid as booking_uid from work.{RIGHT}")
    return LEFT, RIGHT


def _bookings_sql(where: str = "true") -> str:
    """The right side's rows: bookings of the listed counties (`where` narrows them further)."""
    # Only logs of counties that ICE listed, in any state: ICE sometimes files an entry under
    # a same-named county of another state (Montgomery, MD as Montgomery, TX), so those logs
    # are searched too, at the odds of `reconcile.p_misfiled_county`.
    return f"""
        select booking_uid as uid, b.jurisdiction, b.county, null::date as report_week,
               null::date as declined_date, null::date as issued_date,
               b.booking_date::date as booking_date, b.release_datetime::date as release_date,
               {immigration_hold_date_sql("b")} as hold_date,
               -- A jail whose log never shows an ICE hold does not report holds (an empty
               -- column is not "no hold"): unknown, so the comparison's null level applies.
               case when b.jurisdiction in ({_REPORTS_HOLDS}) then b.ice_hold end as ice_hold,
               b.birth_country as country,
               case when len(b.charge_categories) > 0 then b.charge_categories end as offences,
               null::boolean as pending_charge, b.release_class,
               b.facility_key,
               {immigration_hold_date_sql("b")} as date_key
        from bookings b
        where b.county in (select distinct county from work.{LEFT}) and ({where})
    """


_REPORTS_HOLDS = "select distinct jurisdiction from bookings where ice_hold"


def immigration_hold_date_sql(booking: str) -> str:
    """SQL: the booking's hold date where the hold may be ICE's (an ICE agency, or none named);
    a marshal's or another county's hold date says nothing of when ICE lodged its detainer.

        >>> immigration_hold_date_sql("b")
        'case when b.ice_hold is not false then b.hold_date end'
    """
    return f"case when {booking}.ice_hold is not false then {booking}.hold_date end"


def _refresh_bookings(store: Store, changed: str) -> None:
    """Bring `work.hop1_bookings` up to date after `changed` bookings arrived: rows of logs
    that must be rewritten whole (a county newly listed, or a log whose first ICE hold came,
    which turns its others' unknown holds into "no hold") and the changed rows themselves."""
    con = store.con
    con.execute(
        f"""create or replace temp table hop1_rewrite as
            with listed as (select distinct county from work.{LEFT}),
            changed_logs as (select distinct b.jurisdiction from bookings b
                             where b.booking_uid in (select booking_uid from {changed})),
            reported as (select distinct jurisdiction from work.{RIGHT} where ice_hold is not null)
            -- logs of a county listed for the first time
            select distinct jurisdiction from bookings
            where county in (select county from listed except select distinct county from work.{RIGHT})
            union
            -- logs whose "reports holds" flag the changed bookings turned
            select jurisdiction from changed_logs
            where (jurisdiction in ({_REPORTS_HOLDS})) <> (jurisdiction in (select jurisdiction from reported))"""
    )
    con.execute(
        f"""delete from work.{RIGHT}
            where uid in (select booking_uid from {changed})
               or jurisdiction in (select jurisdiction from hop1_rewrite)
               or county not in (select distinct county from work.{LEFT})"""
    )
    con.execute(
        f"""insert into work.{RIGHT} {_bookings_sql(
            f"b.booking_uid in (select booking_uid from {changed})"
            " or b.jurisdiction in (select jurisdiction from hop1_rewrite)")}"""
    )
    con.execute(
        f"""create or replace table work.{CHANGED} as
            select booking_uid from {changed}
            union select booking_uid from bookings where jurisdiction in (select jurisdiction from hop1_rewrite)"""
    )
    con.execute("drop table hop1_rewrite")


def write_unlogged_entries(store: Store) -> str:
    """`UNLOGGED_ENTRIES`(entry_id) from hop 1's entries (`prepare_inputs` first); returns its name."""
    store.con.execute(f"""create or replace table {UNLOGGED_ENTRIES} as
                          select uid as entry_id from work.{LEFT}
                          where jurisdiction not in (select distinct jurisdiction from bookings)""")
    return UNLOGGED_ENTRIES


def _write_entries(store: Store) -> None:
    con = store.con
    con.execute("create schema if not exists work")
    write_entry_logs(store)
    con.execute(
        f"""
        create or replace table work.{LEFT} as
        -- An entry meets the log of its own county, or the one ICE spelled otherwise (`ENTRY_LOGS`).
        select entry_id as uid, coalesce(el.jurisdiction, e.jurisdiction) as jurisdiction,
               coalesce(el.county, e.county) as county, report_week,
               detainer_declined_date as declined_date, detainer_issued_date as issued_date,
               null::date as booking_date, null::date as release_date, null::date as hold_date,
               null::boolean as ice_hold,
               citizenship_country as country,
               case when len(offence_categories) > 0 then offence_categories end as offences,
               case when len(offence_categories) > 0 then len(charged_categories) > 0 end as pending_charge,
               null::varchar as release_class,
               facility_key,
               detainer_issued_date as date_key
        from report_entries e left join {ENTRY_LOGS} el using (entry_id)
        """
    )


def released_long_before_sql(release: str, declined: str) -> str:
    """SQL: the booking was released more than `LONG_GONE_DAYS` before the recorded decline."""
    return f"({release}::date < {declined} - {LONG_GONE_DAYS})"


# "Issued during the stay", or issued before it and carried: a jail that carries an old detainer
# onto a later booking (a 2012 detainer on a 2016 booking, re-assessed on a policy day) records
# its issued day as the booking's hold date, and "predates the booking" had taken 2.9 bits from
# the very booking whose hold date matched (independent world I). A hold dated after the stay
# ended (a detainer logged once the person was gone: world B's strangers) is not carried. The
# hold date must be the issued day itself; `linkage.stale` keeps Splink's evidence for a stale
# pair whose hold is within 30 days of it, so such a pair off by 1-30 days still meets
# "predates the booking" (left alone this session).
_IN_STAY = ("(issued_date_l between booking_date_r - 1 and coalesce(release_date_r, declined_date_l)"
            " or (hold_date_r = issued_date_l and issued_date_l < booking_date_r))")
_OLD_DETAINER = "date_diff('day', issued_date_l, declined_date_l) > 90"
_IN_CUSTODY = (
    "booking_date_r <= declined_date_l and (release_date_r is null or release_date_r > declined_date_l + 7)"
)


def in_custody_at_report_sql(booking: str = "b", entry: str = "re") -> str:
    """SQL: the booking was still in custody at the end of the entry's report week. ICE names a
    report week by its first day, so a person released a week or more after it was listed
    while still held; one released within the week was released."""
    return (
        f"({booking}.release_datetime is null"
        f" or {booking}.release_datetime >= ({entry}.report_week + 7)::timestamp)"
    )


def comparisons() -> list[Comparison]:
    return [
        # Release timing and "detainer issued during the stay" are one comparison: for anyone
        # still in custody the detainer date almost always falls inside the stay, so scoring
        # the two separately would multiply one piece of evidence twice (Fellegi-Sunter
        # assumes independence). Joint levels get a joint u from random sampling.
        Comparison(
            "stay",
            columns=("declined_date", "release_date", "issued_date", "booking_date", "hold_date"),
            null_if="declined_date_l is null or booking_date_r is null",
            levels=[
                Level(
                    "released_0_3_days_before",
                    "released 0–3 days before the recorded decline, detainer issued during the stay or carried onto it",
                    f"release_date_r between declined_date_l - 3 and declined_date_l and {_IN_STAY}",
                ),
                Level(
                    "released_4_10_days_before",
                    "released 4–10 days before the decline, detainer issued during the stay or carried onto it",
                    f"release_date_r between declined_date_l - 10 and declined_date_l - 4 and {_IN_STAY}",
                ),
                Level(
                    "released_11_21_days_before",
                    "released 11–21 days before the decline, detainer issued during the stay or carried onto it",
                    f"release_date_r between declined_date_l - 21 and declined_date_l - 11 and {_IN_STAY}",
                ),
                # ICE keys some declines weeks late (the person was long gone, or long handed
                # over, when the row was filed): a rare tail, but out of the window it is lost.
                Level(
                    "released_22_45_days_before",
                    "released 22–45 days before the decline, detainer issued during the stay or carried onto it",
                    f"release_date_r between declined_date_l - 45 and declined_date_l - 22 and {_IN_STAY}",
                ),
                Level(
                    "released_up_to_7_days_after",
                    "released up to 7 days after the decline, detainer issued during the stay or carried onto it",
                    f"release_date_r between declined_date_l + 1 and declined_date_l + 7 and {_IN_STAY}",
                ),
                # A re-assessment may list detainers of people the jail released months before
                # (independent world B's policy day): only a hold dated within 3 days of the
                # issued date brings such a booking in (`blocking_rules`), and EM's first
                # block, hold date = issued date, sees some of them.
                Level(
                    "released_long_before",
                    f"released over {LONG_GONE_DAYS} days before the decline, detainer issued during the stay or carried onto it",
                    f"{released_long_before_sql('release_date_r', 'declined_date_l')} and {_IN_STAY}",
                ),
                # Who is listed while still in custody depends on the detainer's age: a
                # policy-day re-assessment lists old detainers of people still held, while
                # fresh detainers are listed when people walk out. Separate levels let each
                # situation have its own m.
                Level(
                    "in_custody_old_detainer",
                    "still in custody at the decline, detainer over 90 days old, issued during the stay or carried onto it",
                    f"{_IN_CUSTODY} and {_IN_STAY} and {_OLD_DETAINER}",
                ),
                Level(
                    "in_custody_at_decline",
                    "still in custody at the decline, detainer issued during the stay or carried onto it",
                    f"{_IN_CUSTODY} and {_IN_STAY}",
                ),
                # ICE lodges a detainer on the booking's fingerprints; a jail that releases
                # within hours may be gone before it arrives, and ICE still lists the decline.
                Level(
                    "released_before_issue",
                    "released before the detainer was issued (1–7 days after the release)",
                    "release_date_r between declined_date_l - 21 and declined_date_l"
                    " and issued_date_l between release_date_r + 1 and release_date_r + 7",
                ),
                Level(
                    "released_near_decline_outside_stay",
                    "released near the decline, but the detainer predates the booking",
                    "release_date_r between declined_date_l - 45 and declined_date_l + 7",
                ),
                Level(
                    "in_custody_outside_stay",
                    "in custody at the decline, but the detainer predates the booking",
                    _IN_CUSTODY,
                ),
            ],
        ),
        # Its u among the candidates, not random pairs: a candidate blocking kept is another
        # detainee of the same weeks, whose own hold date falls in the stay that holds the
        # entry's issued date, so a coincident hold date is far commoner than at random
        # (docs/model.md: a third of the false transfers at scale 0.1 were such look-alikes).
        Comparison(
            "hold_vs_issued",
            columns=("issued_date", "hold_date"),
            null_if="hold_date_r is null",
            u_among_candidates=True,
            levels=[
                Level("same_day", "jail hold date = detainer issued date", "hold_date_r = issued_date_l"),
                Level(
                    "within_3_days",
                    "hold date within 3 days of issued date",
                    "abs(date_diff('day', issued_date_l, hold_date_r)) <= 3",
                ),
                Level(
                    "within_30_days",
                    "hold date within 30 days of issued date",
                    "abs(date_diff('day', issued_date_l, hold_date_r)) <= 30",
                ),
                # An old detainer lodged again on a later booking: the jail's hold date follows
                # that booking, not ICE's original issued date (policy-day re-assessments).
                Level(
                    "relodged",
                    "hold placed on a booking that began after the detainer was issued",
                    "booking_date_r > issued_date_l + 30 and hold_date_r >= booking_date_r - 1",
                ),
            ],
        ),
        # Where the jail logs no hold date, the booking date stands in for it: ICE learns of an
        # arrest from the booking's fingerprints and most detainers follow within days. Null
        # where a hold date exists (hold_vs_issued already reads it; the two would count one
        # fact twice). Its u is measured among the candidates: a candidate released near the
        # decline with the detainer inside its stay is booked near the issued date far more
        # often than a random booking, and the stay comparison has already counted that.
        Comparison(
            "booked_before_issue",
            columns=("issued_date", "booking_date"),
            null_if="hold_date_r is not null or booking_date_r is null or issued_date_l is null",
            u_among_candidates=True,
            levels=[
                Level(
                    "same_or_next_day",
                    "detainer issued the day of the booking or the next",
                    "issued_date_l between booking_date_r and booking_date_r + 1",
                ),
                Level(
                    "day_before_or_2_after",
                    "detainer issued the day before the booking or 2 days after",
                    "issued_date_l between booking_date_r - 1 and booking_date_r + 2",
                ),
                Level(
                    "within_14_days",
                    "detainer issued 3–14 days after the booking",
                    "issued_date_l between booking_date_r + 3 and booking_date_r + 14",
                ),
            ],
        ),
        Comparison(
            "ice_hold",
            columns=("ice_hold",),
            null_if="ice_hold_r is null",
            levels=[Level("yes", "jail recorded an ICE hold", "ice_hold_r")],
        ),
        Comparison.agree("citizenship", "country", "same_country", "citizenship = place of birth", tf=True),
        # ICE lists the person's notable criminal activity (current charges and known
        # convictions); the jail's booking holds the current charges. So the same person's
        # booking categories are mostly all on the entry, while a stranger's often are not:
        # how much of the booking the entry covers says more than one category in common.
        Comparison(
            "offences",
            columns=("offences",),
            null_if="offences_l is null or offences_r is null",
            levels=[
                # Both lists are stored as sets, sorted and without duplicates (the store's
                # schema): sorting them again per pair cost ~12 s of 15.7 M national pairs.
                Level("same_set", "the same offence categories", "offences_l = offences_r"),
                Level(
                    "booking_within_entry",
                    "every offence category of the booking is on the entry",
                    "list_has_all(offences_l, offences_r)",
                ),
                Level("overlap", "an offence category in common", "list_has_any(offences_l, offences_r)"),
            ],
        ),
        # ICE marks each offence "Charged" (pending) or "Convicted". A person released after
        # serving a sentence has been convicted of the booking's charges; one released on
        # bond or by a court mostly still faces them. Null where the release reason says
        # neither (hand-overs, other, unknown) or the entry lists no offence.
        Comparison(
            "charge_status",
            columns=("pending_charge", "release_class"),
            null_if="pending_charge_l is null or release_class_r is null"
                    " or release_class_r not in ('served', 'bond', 'court')",
            levels=[
                Level(
                    "served_no_pending",
                    "served a sentence, and the entry lists no pending charge",
                    "release_class_r = 'served' and not pending_charge_l",
                ),
                Level(
                    "pretrial_pending",
                    "released on bond or by a court, and the entry lists a pending charge",
                    "release_class_r <> 'served' and pending_charge_l",
                ),
                Level(
                    "pretrial_no_pending",
                    "released on bond or by a court, but the entry lists convictions only",
                    "release_class_r <> 'served'",
                ),
            ],
        ),
    ]


# A booking that may be the detainee's even far from the decline: the jail recorded an ICE
# hold, or records none at all (null), or the detainer followed the booking within two weeks
# (ICE issues it on the booking's fingerprints: the `booked_before_issue` levels).
_MAY_BE_HELD = (
    "(coalesce(r.ice_hold, true) or r.booking_date is null or l.issued_date is null"
    " or l.issued_date between r.booking_date - 1 and r.booking_date + 14)"
)


def blocking_rules(config: Config, *, unheld_tails: bool | None = None,
                   long_gone_rule: bool | None = None) -> list[str]:
    """Candidates: same jurisdiction, and released near the decline or in custody over it;
    in a same-named county of another state (see `prepare_inputs`), only a booking whose hold
    or booking date meets the issued date, so that common county names (31 Washingtons) do
    not multiply the pairs.

    Released 22-45 days before the decline, or in custody over it by the issued date alone, a
    booking of a jail that records holds but recorded none for it is a candidate only when the
    detainer followed its booking (`_MAY_BE_HELD`). Those tails grow with the square of a
    county's size (entries x releases); at scales 0.01 and 0.1 they were 46% and 37% of hop
    1's pairs, held 0.012 and 0.001 of the posterior mass and no true pair (docs/scale.md).
    `unheld_tails=True` keeps them (default: `config.hop1.unheld_tails`); so does the
    population `model.candidate_u` counts levels over, so that a pair's Bayes factors do not
    depend on what blocking left out.

    Released more than `LONG_GONE_DAYS` (45) before the decline, a booking is a candidate only
    with a hold dated within 3 days of the issued date (`long_gone_rule`, default
    `config.hop1.long_gone_rule`): a policy-day re-assessment may list people the jail released
    months before."""
    before, after = config.hop1.release_window_days_before, config.hop1.release_window_days_after
    unheld = config.hop1.unheld_window_days_before
    tail, in_stay = "", "l.issued_date between r.booking_date - 1 and l.declined_date"
    if not (config.hop1.unheld_tails if unheld_tails is None else unheld_tails):
        tail = f" and (r.release_date >= l.declined_date - {unheld} or {_MAY_BE_HELD})"
        in_stay = f"({in_stay} and {_MAY_BE_HELD})"
    rules = [
        "l.jurisdiction = r.jurisdiction and r.release_date between "
        f"l.declined_date - {before} and l.declined_date + {after}{tail}"
    ]
    if config.hop1.custody_rule:
        rules.append(
            "l.jurisdiction = r.jurisdiction and r.booking_date <= l.declined_date"
            f" and (r.release_date is null or r.release_date > l.declined_date + {after})"
            " and (abs(date_diff('day', l.issued_date, r.hold_date)) <= 3"
            f"      or {in_stay}"
            "      or r.hold_date >= r.booking_date - 1)"
        )
    if config.hop1.long_gone_rule if long_gone_rule is None else long_gone_rule:
        # `r.hold_date is not null` on its own is pushed down to the bookings' scan: the join
        # then meets only held bookings (a few percent of a log), not every booking of the jail.
        rules.append(
            "l.jurisdiction = r.jurisdiction and r.hold_date is not null"
            f" and r.release_date < l.declined_date - {LONG_GONE_DAYS}"
            " and r.hold_date between l.issued_date - 3 and l.issued_date + 3"
        )
    rules.append(
        "l.county = r.county and l.jurisdiction <> r.jurisdiction"
        " and r.booking_date <= l.declined_date"
        f" and (r.release_date is null or r.release_date >= l.declined_date - {before})"
        " and (abs(date_diff('day', l.issued_date, r.hold_date)) <= 3"
        "      or l.issued_date between r.booking_date - 1 and r.booking_date + 2)"
    )
    return rules


def training_rules() -> list[str]:
    """EM blocks where true matches are common, each leaving some comparisons to estimate."""
    return [
        # Holds reported: the hold date pins the booking; learn the stay, citizenship, offences.
        # `date_key` copies issued date / hold date so that Splink, which leaves out of EM every
        # comparison reading a column of the blocking rule, still estimates the stay levels.
        "l.jurisdiction = r.jurisdiction and l.date_key = r.date_key",
        # Released right before the decline with the same country: learn hold and stay levels.
        "l.jurisdiction = r.jurisdiction and l.country = r.country"
        " and r.release_date between l.declined_date - 3 and l.declined_date",
    ]
