"""Which rows a report covers: one run, optionally one jurisdiction.

    >>> rows = store.con.execute(f"select count(*) from ({ENTRIES_SQL})", scope_params("run-1")).fetchall()

Every query here takes the named parameters `$run_id` and `$jurisdiction` (NULL = all), so
tables, charts and the page share one definition of "the entries of this report".
"""

from __future__ import annotations

from linkage.errors import LinkageError
from linkage.normalize.dates import report_week_start_sql
from linkage.store import Store

OUTCOMES: tuple[str, ...] = (
    "transferred_to_ice",
    "transferred_to_other_agency",
    "declined_confirmed",
    "still_in_custody",
    "no_release_record",
    "needs_review",
)

OUTCOME_LABELS: dict[str, str] = {
    "transferred_to_ice": "Transferred to ICE",
    "transferred_to_other_agency": "Transferred to other agency",
    "declined_confirmed": "Decline confirmed",
    "still_in_custody": "Still in custody",
    "no_release_record": "No release record",
    "needs_review": "Needs review",
}

# Colour-blind-safe (Okabe–Ito); "decline confirmed" gets the strongest colour because it is
# the only outcome that supports what ICE's report claims.
OUTCOME_COLOURS: dict[str, str] = {
    "transferred_to_ice": "#0072B2",
    "transferred_to_other_agency": "#56B4E9",
    "declined_confirmed": "#D55E00",
    "still_in_custody": "#009E73",
    "no_release_record": "#999999",
    "needs_review": "#E69F00",
}

# One row per report entry of the run: the report row, its verdict and its week, labelled by its
# first day whichever day of it the report gave (`normalize.dates.report_week_start_sql`).
ENTRIES_SQL = f"""
    select o.entry_id, e.jurisdiction, e.state, e.county,
           {report_week_start_sql('e.report_week')} as report_week,
           e.facility, e.citizenship, e.notable_criminal_activity,
           e.detainer_issued_date, e.detainer_declined_date,
           date_diff('day', e.detainer_issued_date, e.detainer_declined_date) as detainer_age_days,
           o.outcome, o.confidence, o.p_transferred, o.p_other_agency, o.p_declined,
           o.p_in_custody, o.p_no_record, o.booking_uid, o.booking_id, o.custody_id,
           o.duplicate_of, o.stale, o.reasons
    from outcomes o
    left join report_entries e using (entry_id)
    where o.run_id = $run_id
      and ($jurisdiction is null or e.jurisdiction = $jurisdiction)
"""

# Bookings that are a hop-1 candidate of an entry in scope: the left side of its hop-2 pairs.
HOP1_BOOKINGS_SQL = f"""
    select distinct right_id from candidate_pairs
    where run_id = $run_id and hop = 'hop1'
      and left_id in (select entry_id from ({ENTRIES_SQL}))
"""

# Candidate pairs of both hops that belong to the entries in scope: hop 1 of those entries,
# hop 2 of every booking that was a hop-1 candidate of one of them. The scope is decided on
# IDs alone: a CTE of whole pairs read twice is materialised with its evidence JSON (1 GB at
# scale 0.1), a list of IDs is not.
PAIRS_SQL = f"""
    select * from candidate_pairs
    where run_id = $run_id and hop = 'hop1'
      and left_id in (select entry_id from ({ENTRIES_SQL}))
    union all
    select * from candidate_pairs
    where run_id = $run_id and hop = 'hop2'
      and left_id in ({HOP1_BOOKINGS_SQL})
"""

# Without a jurisdiction every pair of the run is in scope. DuckDB does not fold the ID lists
# away for a NULL jurisdiction, and nationally they are millions of bookings in hash tables
# that cannot spill: the matches file ran out of memory on them.
ALL_PAIRS_SQL = """
    select * from candidate_pairs where run_id = $run_id and $jurisdiction is null
"""


def pairs_sql(jurisdiction: str | None) -> str:
    """The candidate pairs in scope: `PAIRS_SQL`, or every pair of the run without a jurisdiction."""
    return ALL_PAIRS_SQL if jurisdiction is None else PAIRS_SQL


def scope_params(run_id: str, jurisdiction: str | None = None) -> dict[str, str | None]:
    """The named parameters of every scope query: `scope_params("run-1", "TX/TRAVIS")`."""
    return {"run_id": run_id, "jurisdiction": jurisdiction}


def check_run(store: Store, run_id: str, jurisdiction: str | None = None) -> int:
    """Number of entries in scope; a plain error when the run or jurisdiction has none."""
    n = store.con.execute(
        f"select count(*) from ({ENTRIES_SQL})", scope_params(run_id, jurisdiction)
    ).fetchall()[0][0]
    if n == 0:
        if not store.con.execute("select 1 from runs where run_id = ?", [run_id]).fetchall():
            raise LinkageError(f"no run {run_id!r} in the store (`linkage status` lists the runs)")
        where = f" for jurisdiction {jurisdiction}" if jurisdiction else ""
        raise LinkageError(f"run {run_id!r} has no outcomes{where}")
    return n
