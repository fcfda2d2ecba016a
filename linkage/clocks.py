"""Does each release log keep the clock ICE's book-ins keep?

    >>> log_clock_findings(store)
    [{'submission_id': 7, 'file_name': 'pgcdc_release_log.csv', 'jurisdiction': 'MD/PRINCE GEORGES',
      'book_ins': 28, 'before_release': 16, 'median_hours': -1.6}]

ICE books a person in after the jail hands them over, so the book-ins of the same surname, first
name and birth date within 12 hours of a release follow it. A log stamped on another clock — a
vendor's export in UTC without a marker, read as the jail's own time — puts its releases hours
after those book-ins. Hop 2 meets a book-in from an hour before a release on
(`hop2.after_release`), so most of such a log's hand-overs are no candidates and are decided
"declined" at 0.88 and over (blind world E's Prince George's: 5 missed hand-overs a seed).

The check says that a log's clock is not ICE's, not which clock it keeps, so it reports
(`pipeline.decide_outcomes`: a warning, and the run's fitted priors under `log_clocks`) and
corrects nothing. A log submitted again with the zone on its times (`2017-02-04T22:21:00Z`) is
read in its state's own time (`ingest.times.local_times`).
"""

from __future__ import annotations

from linkage.match.hop2 import logged_without_time
from linkage.store import Store

MIN_BOOK_INS = 5
"""Book-ins of the log's released people it takes before a log's clock is judged."""
MIN_BEFORE = 3
BEFORE_SHARE = 0.25
"""Of those, book-ins over an hour before the release (where hop 2's window opens) that mark a
log: at least `MIN_BEFORE` and this share. With both clocks right there are almost none (at most
one a log on seven blind and own worlds): ICE cannot book in a person the jail holds. A log whose
hand-overs take hours shows a clock hours off in only part of them (the demo's Washington County
on UTC: 6 of 13, median -0.1 h)."""


def log_clock_findings(store: Store) -> list[dict[str, object]]:
    """Per release log whose releases come after ICE's book-ins of the same people: how many
    such book-ins within 12 hours, how many over an hour before the release, and the median
    hours from release to book-in (negative: before).

        >>> [finding["file_name"] for finding in log_clock_findings(store)]
        ['pgcdc_release_log.csv']
    """
    # Timed on both sides: a log or an extract that gives the day only says nothing of clocks.
    # A book-in before the booking began is another custody (ICE handing the person to the jail).
    rows = store.con.execute(f"""
        with met as (
            select b.submission_id, date_diff('minute', b.release_datetime, k.book_in_datetime) as minutes
            from bookings b join book_ins k
              on k.last_name = b.last_name and k.first_name = b.first_name and k.birth_date = b.dob
             and k.book_in_datetime between b.release_datetime - interval 12 hour
                                        and b.release_datetime + interval 12 hour
             and k.book_in_datetime >= b.booking_date
            where not {logged_without_time("b.release_datetime")} and not {logged_without_time("k.book_in_datetime")}
        )
        select * from (
            select m.submission_id, s.file_name, s.jurisdiction, count(*) as book_ins,
                   count(*) filter (where m.minutes < -60) as before_release,
                   round(median(m.minutes) / 60, 1) as median_hours
            from met m join submissions s using (submission_id)
            group by all)
        where book_ins >= {MIN_BOOK_INS} and before_release >= {MIN_BEFORE}
          and before_release >= {BEFORE_SHARE} * book_ins
        order by submission_id
    """).fetchall()
    keys = ("submission_id", "file_name", "jurisdiction", "book_ins", "before_release", "median_hours")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def clock_warning(finding: dict[str, object]) -> str:
    """The sentence a run logs for one finding of `log_clock_findings`.

        >>> clock_warning(finding)
        'pgcdc_release_log.csv (MD/PRINCE GEORGES): 16 of the 28 ICE book-ins of ...'
    """
    # A log of several jurisdictions is stored without one.
    place = f" ({finding['jurisdiction']})" if finding["jurisdiction"] else ""
    return (f"{finding['file_name']}{place}: {finding['before_release']} of the"
            f" {finding['book_ins']} ICE book-ins of its released people within 12 hours came over an"
            f" hour before the release as logged (median {finding['median_hours']:+.1f} h). Its times"
            " look stamped on another clock (UTC?), and hop 2 misses such hand-overs: submit it again"
            " with the zone on its times (2017-02-04T22:21:00Z) or on the jail's own clock")
