"""Hop 2 with first and last names swapped between the jail's record and ICE's: the pair is
found without a birth date, and the surname comparison, not the first name's, weighs the swap
(real DuckDB over hand-made rows)."""

from __future__ import annotations

import duckdb
import pytest

from linkage.config import load_config
from linkage.match import hop2

NAMES = {"last_name", "first_name", "sex", "method", "state"}  # no birth dates at all

# uid, last name, first name, state, event time. Surname tokens and first tokens are derived
# below as `hop2.prepare_inputs` derives them from the stored records.
RELEASES = [("miranda", "MIRANDA", "DAVID JUAN", "TX", "2017-03-01 10:00")]
BOOK_INS = [
    ("swapped", "DAVID JUAN", "MIRANDA", "CA", "2017-03-06 14:00"),
    ("straight", "MIRANDA", "DAVID", "CA", "2017-03-06 14:00"),
    ("half-swapped", "DAVID", "JOSE", "CA", "2017-03-06 14:00"),
    ("swapped-too-late", "DAVID JUAN", "MIRANDA", "CA", "2017-08-06 14:00"),
]


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table, rows in (("l", RELEASES), ("r", BOOK_INS)):
        con.execute(f"create table {table}_raw (uid varchar, last_name varchar, first_name varchar, "
                    "state varchar, event_time timestamp)")
        con.executemany(f"insert into {table}_raw values (?, ?, ?, ?, ?)", rows)
        con.execute(f"""create table {table} as
            select *, string_split(last_name, ' ') as surname_tokens,
                   string_split(last_name, ' ')[1] as surname_first,
                   string_split(last_name, ' ')[-1] as surname_last,
                   left(first_name, 1) as first_initial, split_part(first_name, ' ', 1) as first_token,
                   null::date as dob, null::int as birth_year, null::int as birth_year_before,
                   null::varchar as country, null::varchar as sex, event_time::date as event_day
            from {table}_raw""")
    return con


def test_a_book_in_with_the_names_swapped_is_paired_without_a_birth_date(con):
    found = set()
    for rule in hop2.blocking_rules(load_config(), NAMES):
        found |= {right for _, right in con.execute(f"select l.uid, r.uid from l, r where {rule}").fetchall()}
    assert {"swapped", "straight"} <= found
    assert "half-swapped" not in found  # only one of the two names crosses over
    assert "swapped-too-late" not in found  # outside the search window


def _levels(con, name: str) -> dict[str, str | None]:
    comparison = next(c for c in hop2.comparisons(NAMES) if c.name == name)
    columns = ", ".join(f"{side}.{col} as {col}_{side}" for side in ("l", "r")
                        for col in ("last_name", "first_name", "surname_tokens", "surname_first", "first_token"))
    return dict(con.execute(
        f"select r_uid, {comparison.level_sql()} from (select r.uid as r_uid, {columns} from l, r)").fetchall())


def test_the_swap_is_the_surname_comparisons_evidence_and_not_the_first_names(con):
    surname, first = _levels(con, "surname"), _levels(con, "first_name")
    assert surname["swapped"] == "names_swapped"
    assert first["swapped"] is None  # null level: weighed once, in the surname comparison
    assert (surname["straight"], first["straight"]) == ("exact", "similar")
    assert (surname["half-swapped"], first["half-swapped"]) == ("else", "else")
