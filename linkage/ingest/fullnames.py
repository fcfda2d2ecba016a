"""Full names in one column ('GARCIA LOPEZ, JUAN CARLOS'), split into their parts: a release
log's and an ICE extract's alike.

    >>> key = split_full_names(ctx, "s1_text", "s1_split")    # temp table s1_split(k, last, first, middle)
    >>> f"left join s1_split sp on sp.k = {key('t.')}"
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pyarrow as pa

from linkage.ingest.staging import Context, lit, map_distinct

# 'LAST, FIRST MIDDLE' in plain capitals, as most jails print full names.
PLAIN_FULL_NAME = r"^([A-Z]+(?:[ -][A-Z]+)*), ?([A-Z]+)((?: [A-Z]+)*)$"


def plain_full_names(values_sql: str) -> str:
    """SQL of (v, last, first, middle) for the distinct names `v` of `values_sql` that are
    plain 'LAST, FIRST MIDDLE' capitals with no placeholder or suffix among their words.

        >>> con.sql(plain_full_names("select 'GARCIA LOPEZ,JUAN CARLOS' as v")).fetchall()
        [('GARCIA LOPEZ,JUAN CARLOS', 'GARCIA LOPEZ', 'JUAN', 'CARLOS')]

    For those, split_full_name (linkage.normalize.names) only cuts at the comma and the first
    space after it, which SQL does for a fraction of a Python call: a log of 300 k distinct
    full names sends only its other spellings to Python (tests/test_ingest_names.py checks
    the two agree)."""
    from linkage.normalize.names import PLACEHOLDERS, SUFFIXES

    # A word among the space-separated words of the name: one regex test per name, where
    # splitting each name into a list to compare took 3x as long as the whole rest.
    special = "(^| )(" + "|".join(re.escape(word) for word in sorted(PLACEHOLDERS | SUFFIXES)) + ")( |$)"
    return f"""
        select v, n.last, n.first, nullif(ltrim(n.middle), '') as middle
        from (select v, regexp_extract(v, {lit(PLAIN_FULL_NAME)}, ['last', 'first', 'middle']) as n
              from (select distinct v from ({values_sql}) where v is not null))
        where n.last <> ''
          and not regexp_matches(concat_ws(' ', n.last, n.first, n.middle), {lit(special)})
    """


NAME_ORDER_SAMPLE = 2000
"""Comma-less full names of each file read to tell its name order (`files_with_surname_first`)."""


def split_full_names(ctx: Context, text: str, table: str) -> Callable[[str], str]:
    """Temp table `table(k, last, first, middle)`: each distinct full name of `text` split into
    its parts (a file whose comma-less names print the surname first read so:
    `files_with_surname_first`); returns the SQL of a row's key into it, given the row's alias.

        >>> key = split_full_names(ctx, "s1_text", "s1_split")
        >>> f"left join s1_split sp on sp.k = {key('t.')}"

    Release logs' and ICE extracts' one name column are split alike. Plain 'LAST, FIRST MIDDLE'
    names are split in SQL, every other spelling by split_full_name."""
    from linkage.normalize.names import split_full_name

    def split(value: str) -> tuple:
        # A leading \x01 marks a comma-less name of a file that prints surnames first.
        parsed = split_full_name(value[1:], "last_first") if value[:1] == "\x01" else split_full_name(value)
        return (parsed.last_name, parsed.first_name, parsed.middle_name)

    surname_first = files_with_surname_first(ctx, text)

    def name_key(alias: str = "") -> str:
        if not surname_first:
            return f"{alias}full_name"
        files = ", ".join(map(str, sorted(surname_first)))
        return (f"(case when {alias}_file in ({files}) and {alias}full_name not like '%,%'"
                f" then chr(1) || {alias}full_name else {alias}full_name end)")

    con = ctx.con
    con.execute(f"create or replace temp table {table}_plain as {plain_full_names(f'select full_name as v from {text}')}")
    map_distinct(con, table, f"select {name_key()} as v from {text} except select v from {table}_plain",
                 split, {"last": pa.string(), "first": pa.string(), "middle": pa.string()})
    con.execute(f"insert into {table} select * from {table}_plain; drop table {table}_plain")
    return name_key


def files_with_surname_first(ctx: Context, text: str) -> set[int]:
    """Numbers of the batch's files whose comma-less full names print the surname first
    ('GARCIA LOPEZ JUAN'; `linkage.normalize.names.full_name_order` on up to
    NAME_ORDER_SAMPLE of each file's names); their submissions say so.

        >>> files_with_surname_first(ctx, "s1_text")
        {0}

    Read in natural order, 'GARCIA JUAN CARLOS' became first name GARCIA, surname CARLOS: hop 2
    then met the ICE record of GARCIA, JUAN with a surname that disagrees."""
    from linkage.normalize.names import full_name_order

    if not any("full_name" in f.mapping.columns for f in ctx.files):
        return set()
    names: dict[int, list[str]] = {}
    for number, name in ctx.con.execute(f"""
        select _file, full_name from {text}
        where full_name is not null and full_name not like '%,%'
        qualify row_number() over (partition by _file order by _row) <= {NAME_ORDER_SAMPLE}
    """).fetchall():
        names.setdefault(number, []).append(name)
    surname_first = {number for number, found in names.items() if full_name_order(found) == "last_first"}
    ctx.note(sorted(surname_first), "full names without a comma read surname first (GARCIA JUAN)")
    return surname_first
