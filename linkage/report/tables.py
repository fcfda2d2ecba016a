"""Machine outputs of a run: outcomes.csv, jurisdictions.csv, matches.parquet, outcomes.json.

    >>> paths = write_outputs(store, "run-1", "out/", jurisdiction="TX/TRAVIS")
    >>> paths["outcomes_csv"]
    PosixPath('out/outcomes.csv')

All of it is DuckDB SQL over whole tables (no per-row Python), so 15,000 entries take a
fraction of a second; matches.parquet (every candidate pair: millions nationally) is one
`COPY ... TO ... (FORMAT parquet)`. Probabilities carry four decimals and rows a fixed order,
so the same run gives the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from linkage.files import private_dir, written_whole
from linkage.report.scope import ENTRIES_SQL, OUTCOMES, check_run, pairs_sql, scope_params
from linkage.store import Store

DECIMALS = 4


def csv_safe(column: str) -> str:
    """SQL that neutralises a *text* cell a spreadsheet would run as a formula.

    A leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` prefix (OWASP's advice).
    Only text columns go through this: a negative number is a number, not a formula.

        >>> con.sql(f"select {csv_safe('reasons')} from outcomes")   # '=1+2' -> "'=1+2"
    """
    return (
        f"case when regexp_matches({column}, '^[=+\\-@\\t\\r]') "
        f"then '''' || {column} else {column} end"
    )


def csv_safe_id(column: str) -> str:
    """`csv_safe` for an identifier, a key that stays as ingested where a spreadsheet would read
    it as a number, not a formula: `-0042` and `+17` stay, `=HYPERLINK(..)` does not.

        >>> con.sql(f"select {csv_safe_id('entry_id')} from outcomes")
    """
    return f"case when regexp_full_match({column}, '[+\\-][0-9.]+') then {column} else {csv_safe(column)} end"


def sql_text(value: object) -> str:
    """A SQL string literal (for COPY's file name, which takes no parameter): `sql_text("a'b")`
    gives `'a''b'`."""
    return "'" + str(value).replace("'", "''") + "'"


def _fixed(column: str) -> str:
    # Text with a fixed number of decimals: float printing may differ between versions.
    return f"printf('%.{DECIMALS}f', {column})"


OUTCOMES_CSV_SQL = f"""
    select {csv_safe_id('entry_id')} as entry_id,
           outcome,
           {_fixed('confidence')} as confidence,
           {_fixed('p_transferred')} as p_transferred,
           {csv_safe_id('booking_id')} as booking_id,
           {csv_safe_id('custody_id')} as custody_id,
           {csv_safe_id('duplicate_of')} as duplicate_of,
           stale,
           {csv_safe('reasons')} as reasons
    from ({ENTRIES_SQL})
    order by entry_id
"""

_OUTCOME_COUNTS = ",\n".join(
    f"count(*) filter (where outcome = '{o}') as {o}" for o in OUTCOMES
)

# One row per jurisdiction and report week (its first day, a Saturday): the outcome columns add
# up to `listed`; duplicates and stale are flags across outcomes.
JURISDICTIONS_SQL = f"""
    select jurisdiction, state, county, report_week,
           count(*) as listed,
           {_OUTCOME_COUNTS},
           count(duplicate_of) as duplicates,
           count(*) filter (where stale) as stale
    from ({ENTRIES_SQL})
    group by jurisdiction, state, county, report_week
    order by jurisdiction, report_week
"""

# Weights and probabilities only (the contract's columns): each pair's evidence stays in the
# store (`linkage explain ENTRY_ID`, the report's cards). Nationally the evidence of every
# pair is ~20 GB of JSON, and sorting it into this file alone needed 6 GB at a tenth of that.
# The run ID (one value) is put on after the sort: carried through it, its 36 characters on
# each of ~26 M national pairs were most of what the sort moved (same bytes out).
MATCHES_SQL = """
    select $run_id as run_id, *
    from (select hop, left_id, right_id, match_weight, match_probability
          from ({pairs})
          order by hop, left_id, match_weight desc, right_id)
"""

OUTCOMES_JSON_SQL = f"""
    select to_json({{
        run_id: $run_id,
        jurisdiction: $jurisdiction,
        entries: coalesce(list({{
            entry_id: entry_id, jurisdiction: jurisdiction, report_week: report_week,
            outcome: outcome,
            confidence: round(confidence, {DECIMALS}),
            p_transferred: round(p_transferred, {DECIMALS}),
            p_other_agency: round(p_other_agency, {DECIMALS}),
            p_declined: round(p_declined, {DECIMALS}),
            p_in_custody: round(p_in_custody, {DECIMALS}),
            p_no_record: round(p_no_record, {DECIMALS}),
            booking_id: booking_id, custody_id: custody_id, duplicate_of: duplicate_of,
            stale: stale, reasons: reasons
        }} order by entry_id), [])
    }})
    from ({ENTRIES_SQL})
"""


def write_outputs(
    store: Store, run_id: str, out_dir: str | os.PathLike, *, jurisdiction: str | None = None,
    matches: bool = True,
) -> dict[str, Path]:
    """Write the four machine outputs of `run_id` into `out_dir`; return their paths.
    `matches=False` leaves matches.parquet as it is (it holds the pairs, not the verdicts).

        >>> write_outputs(store, "run-1", "out")
        {'outcomes_csv': ..., 'jurisdictions_csv': ..., 'matches_parquet': ..., 'outcomes_json': ...}
    """
    check_run(store, run_id, jurisdiction)
    out = private_dir(out_dir)  # outputs name people: owner-only (linkage/files.py)
    params = scope_params(run_id, jurisdiction)
    con = store.con
    paths = {
        "outcomes_csv": out / "outcomes.csv",
        "jurisdictions_csv": out / "jurisdictions.csv",
        "matches_parquet": out / "matches.parquet",
        "outcomes_json": out / "outcomes.json",
    }
    jurisdictions = f"""
        select {csv_safe('jurisdiction')} as jurisdiction, {csv_safe('state')} as state,
               {csv_safe('county')} as county, * exclude (jurisdiction, state, county)
        from ({JURISDICTIONS_SQL})
    """
    # Each file is written under a temporary name and renamed over the old one when whole
    # (a kill mid-write leaves the last good file); owner-only from the first byte.
    with written_whole(paths["outcomes_csv"]) as part:
        con.sql(OUTCOMES_CSV_SQL, params=params).write_csv(str(part), header=True)
    with written_whole(paths["jurisdictions_csv"]) as part:
        con.sql(jurisdictions, params=params).write_csv(str(part), header=True)
    # Every pair of the run, straight from DuckDB to the file: nothing passes through
    # Python, and the sort spills to disk past DuckDB's memory_limit.
    if matches:
        with written_whole(paths["matches_parquet"]) as part:
            pairs = MATCHES_SQL.format(pairs=pairs_sql(jurisdiction))
            # zstd level 1: nationally 2.5 s less than its default (3) for a file 0.6% larger.
            con.execute(f"copy ({pairs}) to {sql_text(part)}"
                        " (format parquet, compression zstd, compression_level 1)", params)
    with written_whole(paths["outcomes_json"]) as part:
        document = con.execute(OUTCOMES_JSON_SQL, params).fetchall()[0][0]
        part.write_text(document + "\n", encoding="utf-8")
    return paths
