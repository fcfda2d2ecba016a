"""Hop 2 over an ICE extract whose book-ins give a birth date for some and a birth year only
for others (a FOIA extract loaded beside an internal one): each is weighed by a comparison of
its own (real DuckDB over hand-made rows, the levels as hop 2's own SQL names them)."""

from __future__ import annotations

import duckdb

from linkage.match import hop2

MIXED = {"last_name", "first_name", "dob", "birth_year", "year_only", "sex", "state"}


def _levels(name: str, present: set[str]) -> dict[str, str | None]:
    comparison = next(c for c in hop2.comparisons(present) if c.name == name)
    con = duckdb.connect()
    # One release born 1985-04-12; book-ins giving the same date, another date that year, or the
    # year alone (FOIA).
    rows = con.execute(f"""
        select uid, {comparison.level_sql()} from (
            select uid, date '1985-04-12' as dob_l, 1985 as birth_year_l, dob_r, birth_year_r
            from (values ('same date', date '1985-04-12', 1985), ('other date', date '1985-09-30', 1985),
                         ('year only', null, 1985), ('other year only', null, 1979), ('nothing', null, null))
                 t(uid, dob_r, birth_year_r))""").fetchall()
    return dict(rows)


def test_a_year_only_book_in_is_weighed_apart_from_a_birth_date_that_differs():
    # In one comparison, "same birth year" was both the best a FOIA book-in can give and the mark
    # of another person where both give a date: EM weighed it -2.2 bits on a blind world, and 20
    # of its 31 FOIA hand-overs were lost.
    assert _levels("birth", MIXED) == {"same date": "exact_date", "other date": "same_year", "year only": None,
                                       "other year only": None, "nothing": None}
    assert _levels("birth_year", MIXED) == {"same date": None, "other date": None, "year only": "same_year",
                                            "other year only": "else", "nothing": None}


def test_an_extract_of_birth_dates_or_of_birth_years_alone_keeps_one_comparison():
    named = MIXED - {"year_only"}
    assert [c.name for c in hop2.comparisons(named) if c.name.startswith("birth")] == ["birth", "birth_vs_age"]
    foia = MIXED - {"dob", "last_name", "first_name"}
    assert [c.name for c in hop2.comparisons(foia) if c.name.startswith("birth")] == ["birth_year", "birth_vs_age"]
    assert _levels("birth_year", foia)["year only"] == "same_year"


def test_an_extract_with_year_only_book_ins_is_told_apart_from_one_of_birth_dates(store):
    rows = [("K1", "1985-04-12", 1985), ("K2", None, 1979)]
    for custody_id, born, year in rows:
        store.con.execute("insert into book_ins (custody_id, submission_id, row_number, book_in_datetime, citizenship,"
                          " birth_date, birth_year) values (?, 1, 1, timestamp '2017-02-03 10:00', 'MEXICO', ?, ?)",
                          [custody_id, born, year])
    assert {"dob", "birth_year", "year_only"} <= hop2.present_columns(store)
    store.con.execute("update book_ins set birth_date = date '1979-01-01' where custody_id = 'K2'")
    assert "year_only" not in hop2.present_columns(store)
