"""Hop 2 with first and last names swapped between the jail's record and ICE's: the pair is
found without a birth date, and the surname comparison, not the first name's, weighs the swap
(real DuckDB over hand-made rows, name keys derived by hop 2's own SQL)."""

from __future__ import annotations

import duckdb
import pytest

from linkage.config import load_config
from linkage.match import hop2
from linkage.match.score import _compared_columns
from linkage.normalize.names import surname_tokens

NAMES = {"last_name", "first_name", "sex", "method", "state"}  # no birth dates at all

# uid, last name, first name, state, event time
RELEASES = [
    ("miranda", "MIRANDA", "DAVID JUAN", "TX", "2017-03-01 10:00"),
    ("garcia", "GARCIA-LOPEZ", "JUAN", "TX", "2017-03-01 10:00"),
    ("delacruz", "DE LA CRUZ", "PEDRO", "TX", "2017-03-01 10:00"),
    ("lopez", "LOPEZ", "JOSE-LUIS", "TX", "2017-03-01 10:00"),
    ("lopez-garcia", "LOPEZ GARCIA", "GARCIA", "TX", "2017-03-01 10:00"),
]
BOOK_INS = [
    ("swapped", "DAVID JUAN", "MIRANDA", "CA", "2017-03-06 14:00"),
    ("straight", "MIRANDA", "DAVID", "CA", "2017-03-06 14:00"),
    ("half-swapped", "DAVID", "JOSE", "CA", "2017-03-06 14:00"),
    ("swapped-too-late", "DAVID JUAN", "MIRANDA", "CA", "2017-08-06 14:00"),
    ("garcia-swapped", "JUAN", "GARCIA-LOPEZ", "CA", "2017-03-06 14:00"),
    ("delacruz-swapped", "PEDRO", "DE LA CRUZ", "CA", "2017-03-06 14:00"),
    ("lopez-swapped", "JOSE LUIS", "LOPEZ", "CA", "2017-03-06 14:00"),
    ("lopez-garcia-swapped", "GARCIA", "LOPEZ", "CA", "2017-03-06 14:00"),
]
SWAPS = {("miranda", "swapped"), ("garcia", "garcia-swapped"), ("delacruz", "delacruz-swapped"),
         ("lopez", "lopez-swapped"), ("lopez-garcia", "lopez-garcia-swapped")}


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table, rows in (("l", RELEASES), ("r", BOOK_INS)):
        con.execute(f"create table {table}_raw (uid varchar, last_name varchar, first_name varchar, "
                    "state varchar, event_time timestamp, surname_tokens varchar[])")
        con.executemany(f"insert into {table}_raw values (?, ?, ?, ?, ?, ?)",
                        [(*row, surname_tokens(row[1])) for row in rows])
        con.execute(f"""create table {table} as
            select *, surname_tokens[1] as surname_first, surname_tokens[-1] as surname_last,
                   left(first_name, 1) as first_initial, {hop2._first_token("first_name")} as first_token,
                   null::date as dob, null::int as birth_year, null::int as birth_year_before,
                   null::varchar as country, null::varchar as sex, event_time::date as event_day
            from {table}_raw""")
    return con


def test_a_book_in_with_the_names_swapped_is_paired_without_a_birth_date(con):
    found = set()
    for rule in hop2.blocking_rules(load_config(), NAMES):
        found |= set(con.execute(f"select l.uid, r.uid from l, r where {rule}").fetchall())
    # Hyphenated and particle surnames too: the first name is read as a surname is.
    assert SWAPS | {("miranda", "straight")} <= found
    assert ("miranda", "half-swapped") not in found  # only one of the two names crosses over
    assert ("miranda", "swapped-too-late") not in found  # outside the search window


def _levels(con, name: str) -> dict[tuple[str, str], str | None]:
    comparison = next(c for c in hop2.comparisons(NAMES) if c.name == name)
    columns = ", ".join(f"{side}.{col} as {col}_{side}" for side in ("l", "r")
                        for col in ("last_name", "first_name", "surname_tokens", "surname_first", "first_token"))
    rows = con.execute(f"select l_uid, r_uid, {comparison.level_sql()} from "
                       f"(select l.uid as l_uid, r.uid as r_uid, {columns} from l, r)").fetchall()
    return {(left, right): level for left, right, level in rows}


def test_the_swap_is_the_surname_comparisons_evidence_and_not_the_first_names(con):
    surname, first = _levels(con, "surname"), _levels(con, "first_name")
    for pair in SWAPS:
        assert (surname[pair], first[pair]) == ("names_swapped", None), pair  # null: weighed once
    swapped = {pair for pair, level in surname.items() if level == "names_swapped"}
    assert swapped == SWAPS | {("miranda", "swapped-too-late")}  # (the names alone: no time here)
    assert (surname["miranda", "straight"], first["miranda", "straight"]) == ("exact", "similar")
    assert (surname["miranda", "half-swapped"], first["miranda", "half-swapped"]) == ("else", "else")


def test_the_evidence_of_a_name_shows_the_names_not_the_keys_derived_from_them():
    settings = {c.name: c for c in hop2.comparisons(NAMES)}
    columns = {f"{col}_{side}" for side in ("l", "r") for col in
               ("last_name", "first_name", "surname_tokens", "surname_first", "first_token", "first_initial")}
    shown = {
        name: _compared_columns({"comparison_levels": [{"sql_condition": lv.sql} for lv in c.levels]
                                 + [{"sql_condition": c.null_if}]}, columns)
        for name, c in settings.items() if name in ("surname", "first_name")
    }
    assert shown == {"surname": ["last_name", "surname_tokens"], "first_name": ["first_name"]}
