"""ICE custody book-ins -> `book_ins` rows (contract §3).

    >>> staged = stage_custody(ctx)
    >>> con.sql(f"select custody_id, birth_year, a_number from {staged.good}")

Public (FOIA) extracts carry no names, birth date or A-number: those columns stay NULL.
`a_number` is nine digits (`linkage.normalize.ids.a_number`: the 8-digit form is the same
number); a cell that is not one A-number ('A12345678 / A98765432', '0000', free text) is left
empty rather than stripped to a number nobody has, and one of seven digits or more is named in
`blanked_cells`. `birth_year` comes from the column when present, else from birth_date.
"""

from __future__ import annotations

import pyarrow as pa

from linkage.ingest.headers import TIMES_OF_DAY
from linkage.ingest.identifiers import identifier_checks, whole_number_ids
from linkage.ingest.staging import (
    Context,
    Staged,
    blank_bad_cells,
    date_checks,
    date_map,
    map_distinct,
    missing,
    quoted,
    read_day_first,
    reasons_list,
    split_good_bad,
    text_table,
)
from linkage.ingest.times import add_time_of_day, local_times

COLUMNS = [
    "custody_id", "book_in_datetime", "book_in_time", "citizenship", "sex", "birth_date", "birth_year",
    "last_name", "first_name", "full_name", "a_number", "apprehension_state", "apprehension_method",
    "detention_facility", "detention_facility_code",
]


def _split_full_names(ctx: Context, text: str) -> None:
    """An extract's one name column ('Name': 'ROMERO, JUAN') as the surname and given name where
    it has no columns of their own, split as a release log's full names are (a probe's such
    extracts stored every book-in without a name, and hop 2 could meet none by name)."""
    from linkage.ingest.fullnames import split_full_names

    if ctx.has("full_name") == "false":
        return
    for file in ctx.files:
        columns = file.mapping.columns
        if "full_name" in columns and ("last_name" in columns or "first_name" in columns):
            # Beside a surname column a 'Name' may be the given name (Spanish 'Nombre'): said,
            # where it had been "not used" before full names were read (review, session 52).
            ctx.note([file.number], f"header {file.raw.headers[columns['full_name']]!r} read as a full name only"
                                    " on rows with no surname and no given name: if it holds the given name,"
                                    " a header map in configs/headers/ can name it first_name")
    split = f"{ctx.prefix}_split"
    key = split_full_names(ctx, text, split)
    ctx.con.execute(f"""
        update {text} set last_name = s.last, first_name = s.first from {split} s
        where s.k = {key(f"{text}.")} and {text}.last_name is null and {text}.first_name is null""")
    ctx.con.execute(f"drop table {split}")


def stage_custody(ctx: Context) -> Staged:
    """Stage book-ins: canonical rows in `<prefix>_good`, the rest in `_bad`."""
    from linkage.normalize.countries import canonical_country
    from linkage.normalize.ids import a_number
    from linkage.normalize.names import clean_name, surname_tokens
    from linkage.normalize.places import state_code
    from linkage.normalize.sex import sex_code

    con, p = ctx.con, ctx.prefix
    text = text_table(ctx, COLUMNS)
    whole_number_ids(ctx, text, "custody_id")
    _split_full_names(ctx, text)
    map_distinct(con, f"{p}_cit", f"select citizenship as v from {text}",
                 lambda v: canonical_country(v, us_states=False), {"iso": pa.string()})
    map_distinct(con, f"{p}_sex", f"select sex as v from {text}", sex_code, {"code": pa.string()})
    map_distinct(con, f"{p}_anum", f"select a_number as v from {text}", a_number, {"digits": pa.string()})
    map_distinct(con, f"{p}_state", f"select apprehension_state as v from {text}", state_code,
                 {"code": pa.string()})
    map_distinct(con, f"{p}_clean", f"select last_name as v from {text} union select first_name from {text}",
                 clean_name, {"name": pa.string()})
    # Tokens of every cleaned name (a superset of the last names kept below).
    map_distinct(con, f"{p}_tokens", f"select name as v from {p}_clean", surname_tokens,
                 {"tokens": pa.list_(pa.string())})
    # An extract that keeps the time of day apart ("Stay Book In Date", "Stay Book In Time"):
    # left out, every book-in sat at midnight and read as stamped with its day alone.
    add_time_of_day(ctx, text, TIMES_OF_DAY["custody"])
    # A book-in written in UTC ('2017-02-15T08:39:27Z') is 8 hours late against a California
    # release read on the jail's clock (world K): read it on the apprehension state's clock.
    local_times(ctx, text, ["book_in_datetime"], f"{p}_state", None, state_column="apprehension_state")
    read = read_day_first(ctx, text, ["book_in_datetime", "birth_date"])
    date_map(ctx, f"{p}_d_in", f"select {read['book_in_datetime']} as v from {text}", "event", with_time=True)
    date_map(ctx, f"{p}_d_birth", f"select {read['birth_date']} as v from {text}", "birth")
    # Each row's typed values: a subquery of the checks below, not a table of its own.
    year_only = "regexp_full_match(t.birth_date, '[0-9]{4}')"
    year_text = f"coalesce(t.birth_year, case when {year_only} then t.birth_date end)"
    typed = f"""
        select t._file, t._row, t.long_reasons, t.custody_id,
               t.book_in_datetime as book_in_text,
               -- An extract that keeps only the year in its birth-date column ('1985') gives a
               -- birth year, not an unreadable date.
               case when not {year_only} then t.birth_date end as birth_text,
               {year_text} as birth_year_text,
               d_in.v as book_in_datetime,
               t.citizenship, ci.iso as citizenship_country, sx.code as sex,
               case when not {year_only} then d_birth.v end as birth_date,
               {_birth_year_sql(year_text, "year(d_in.v)")} as birth_year_value,
               cl.name as last_name, cf.name as first_name,
               an.digits as a_number, t.a_number as a_number_text,
               st.code as apprehension_state, t.apprehension_state as apprehension_state_text,
               t.apprehension_method,
               t.detention_facility, t.detention_facility_code
        from {text} t
        left join {p}_cit ci on ci.k = t.citizenship
        left join {p}_sex sx on sx.k = t.sex
        left join {p}_anum an on an.k = t.a_number
        left join {p}_state st on st.k = t.apprehension_state
        left join {p}_clean cl on cl.k = t.last_name
        left join {p}_clean cf on cf.k = t.first_name
        left join {p}_d_in d_in on d_in.k = t.{read['book_in_datetime']}
        left join {p}_d_birth d_birth on d_birth.k = t.{read['birth_date']}
    """
    year_now = ctx.today.year
    checks = [
        *identifier_checks("custody_id"),
        missing("book_in_datetime", "book_in_text"),
        # Not the citizenship: ICE writes UNKNOWN for some, and a book-in without one is still
        # the person's (name, birth date, time); quarantined, a hand-over read as a decline.
        *date_checks(ctx, "book_in_datetime", "book_in_text", "book_in_datetime", floor_year=ctx.config.ingest.min_event_year),
    ]
    # Optional cells: a bad one is left empty and its book-in stored (`blank_bad_cells`).
    cells = {
        "birth_date": [*date_checks(ctx, "birth_date", "birth_text", "birth_date"),
                       "case when birth_date > book_in_datetime::date then "
                       "'column birth_date: after book_in_datetime ' || book_in_datetime::date end"],
        "birth_year_value": [
            f"case when birth_year_text is not null and birth_year_value is null then "
            f"'column birth_year: not a year: ' || {quoted('birth_year_text')} end",
            f"case when birth_year_value < {ctx.config.ingest.min_year} or birth_year_value > {year_now} "
            "then 'column birth_year: ' || birth_year_value || ' is not a plausible birth year' end",
            "case when birth_year_value > year(book_in_datetime) then "
            "'column birth_year: after book_in_datetime ' || book_in_datetime::date end"],
        # Seven digits or more that are not one A-number (two in a cell, ten digits, all
        # zeros) are left out, said so; fewer ('UNKNOWN', FOIA's '(b)(6), (b)(7)(C)', a
        # stray count) were never meant as one.
        "a_number": ["case when a_number is null and length(regexp_replace(a_number_text, '[^0-9]', '', 'g')) >= 7 then "
                     f"'column a_number: not one A-number (7 to 9 digits, not all zeros): ' || {quoted('a_number_text')} end"],
        # ('MEXICO', 'XX', 'US' had been emptied without a word: a probe's.)
        "apprehension_state": ["case when apprehension_state_text is not null and apprehension_state is null then "
                               f"'column apprehension_state: not a US state: ' || {quoted('apprehension_state_text')} end"],
    }
    rows = f"""
        select t.*, tk.tokens as surname_tokens, {reasons_list(checks)} || long_reasons as reasons
        from ({typed}) t left join {p}_tokens tk on tk.k = t.last_name"""
    con.execute(f"create or replace temp table {p}_checked as {blank_bad_cells(rows, cells)}")
    con.execute(f"drop table {text}")
    _one_id_per_stay(ctx, f"{p}_checked")
    select = """
        custody_id, _row as row_number, book_in_datetime, citizenship, citizenship_country, sex,
        birth_date, coalesce(birth_year_value, year(birth_date)) as birth_year, last_name, first_name, surname_tokens,
        a_number, apprehension_state, apprehension_method, detention_facility,
        detention_facility_code
    """
    good, bad, blanked = split_good_bad(ctx, f"{p}_checked", "custody_id", select)
    return Staged(good, bad, "custody_id", ("min(book_in_datetime)::date", "max(book_in_datetime)::date"),
                  blanked=blanked)


STAY_SUFFIX = "@[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""The suffix `_one_id_per_stay` gives a person's book-in: `ID@YYYY-MM-DD`, its book-in day."""


def _one_id_per_stay(ctx: Context, checked: str) -> None:
    """Give each book-in its own ID where an ID names a person, not a book-in.

    FOIA's `Unique Identifier` / `Anonymized Identifier` is the person's: one who was held in
    2015 and handed over in 2017 has two rows under one ID, in one file or in two. Read as one
    book-in sent twice, the second row was quarantined as a duplicate (or, from a later file,
    replaced the first), and where the hand-over was the one lost its release read as a decline.
    So in a file without names or A-numbers (an anonymised extract), a book-in is its ID and
    its book-in *day* (a re-export that writes times otherwise, or dates only, is still the
    same book-ins): where an ID has more than one day among the batch's such rows and the
    stored book-ins, a row takes the ID of the stored book-in of its ID and day (which it then
    replaces), else `ID@YYYY-MM-DD`. An ID of one day stays as it is, so a re-sent file still
    replaces its rows; rows that agree on ID and day are one book-in (later ones quarantined as
    duplicates). A named extract's ID is its book-in's: another time under it is ICE's
    correction and replaces the row, so a decision on that book-in goes back to review
    (tests/test_review_lapse.py).

        >>> _one_id_per_stay(ctx, f"{ctx.prefix}_checked")  # '88213' -> '88213@2017-03-02'
    """
    con, p = ctx.con, ctx.prefix
    bare = f"regexp_replace(custody_id, '{STAY_SUFFIX}', '')"
    con.execute(f"""
        create or replace temp table {p}_stays as
        with live as (select {bare} as id, book_in_datetime::date as day, min(custody_id) as stored
                      from book_ins group by all),
             anonymous as (select _file from {checked} where len(reasons) = 0 group by _file
                           having bool_and(last_name is null and first_name is null and a_number is null)),
             batch as (select _file, custody_id as id, book_in_datetime::date as day from {checked}
                       semi join anonymous using (_file) where len(reasons) = 0),
             several as (select id from (select id, day from live union select id, day from batch)
                         group by id having count(*) > 1)
        select b._file, c._row, l.stored is null as new_stay,
               coalesce(l.stored, c.custody_id || '@' || strftime(c.book_in_datetime, '%Y-%m-%d')) as custody_id
        from {checked} c join anonymous b using (_file) semi join several s on s.id = c.custody_id
        left join live l on l.id = c.custody_id and l.day = c.book_in_datetime::date
        where len(c.reasons) = 0
    """)
    con.execute(f"update {checked} c set custody_id = s.custody_id from {p}_stays s"
                " where c._file = s._file and c._row = s._row")
    for number, stays, first in con.execute(f"""
            select _file, count(distinct custody_id), min(_row) from {p}_stays where new_stay
            group by 1 order by 1""").fetchall():
        ctx.note([number], f"{stays} book-in{'s' * (stays != 1)} under an ID that names a person with several"
                           f" (first: row {first}): stored as ID@book-in day")
    con.execute(f"drop table {p}_stays")


def _birth_year_sql(text: str, book_in_year: str) -> str:
    """SQL: the birth year in `text`: four digits, or the year of a date written there
    ('1985-01-01', '1/1/1985'), or two digits pivoted so that the year is not after the book-in
    ('85')."""
    return f"""case when regexp_full_match({text}, '[0-9]{{2}}')
                     then {text}::integer + case when 2000 + {text}::integer <= {book_in_year} then 2000 else 1900 end
                     when regexp_full_match({text}, '[0-9]{{4}}[-/.].*') then left({text}, 4)::integer
                     when regexp_full_match({text}, '[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.][0-9]{{4}}( .*)?')
                     then regexp_extract({text}, '^[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.]([0-9]{{4}})', 1)::integer
                     else try_cast({text} as integer) end"""

