"""The book-in's country weighed against both the entry's and the jail's (real DuckDB)."""

from __future__ import annotations

import duckdb
import pytest

from linkage.citizenship import JailBirthplace, book_in_country_lr_sql

SHARES = {"HND": 0.03, "MEX": 0.50, "GTM": 0.10}
HOP2 = JailBirthplace(agrees=0.88, else_factor=0.117)


def _factor(entry: str | None, birthplace: str | None, ice: str | None, hop2: JailBirthplace | None = HOP2) -> float:
    con = duckdb.connect()
    con.execute("create table share (country varchar, share double)")
    con.executemany("insert into share values (?, ?)", list(SHARES.items()))
    sql = book_in_country_lr_sql("x.e", "x.j", "x.k", shares=("fe.share", "fj.share", "fk.share"),
                                 ice_agrees=0.97, hop2=hop2, n_book_ins=1000)
    return con.execute(
        f"""select {sql} from (select ?::varchar as e, ?::varchar as j, ?::varchar as k) x
            left join share fe on fe.country = x.e left join share fj on fj.country = x.j
            left join share fk on fk.country = x.k""", [entry, birthplace, ice]).fetchone()[0]


def test_a_book_in_that_agrees_with_ice_against_a_wrong_birthplace_is_not_counted_down_twice():
    # ICE says Honduras twice; the jail wrote Mexico. Hop 1 already counted the jail's slip
    # against the booking; hop 2's "else" (x0.117) must not count it against the book-in.
    factor = _factor("HND", "MEX", "HND")
    given_both = factor * HOP2.else_factor
    assert 20 < given_both < 0.97 / SHARES["HND"]  # near two ICE records agreeing, a little less
    assert factor > 150


def test_a_book_in_that_agrees_with_the_jail_against_ice_weighs_less_than_hop_2_said():
    # Jail and book-in say Mexico, the entry Honduras: one of ICE's records is wrong, or the
    # book-in is a stranger; hop 2 counted a full agreement.
    assert 0.1 < _factor("HND", "MEX", "MEX") < 0.5
    # A third country agrees with neither ICE record: weaker than hop 2's plain "else".
    assert _factor("HND", "MEX", "GTM") == pytest.approx(0.03 / HOP2.else_factor)


def test_where_jail_and_entry_agree_or_something_is_missing_hop_2_stands():
    assert _factor("MEX", "MEX", "HND") == 1.0
    assert _factor(None, "MEX", "HND") == 1.0
    assert _factor("HND", "MEX", None) == 1.0
    # No birthplace in the log: hop 2 compared nothing, so the two ICE records alone.
    assert _factor("HND", None, "HND") == pytest.approx(0.97 / 0.03)
    assert _factor("HND", None, "MEX") == pytest.approx(0.03 / 0.97)
    # Hop 2 without a citizenship comparison: nothing of its to replace.
    assert _factor("HND", "MEX", "HND", hop2=None) == 1.0
