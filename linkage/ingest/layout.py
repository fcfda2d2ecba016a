"""Records of a read file that are page layout, not rows: empty records and repeats of the
header row, in their first header's column order or another.

    >>> raw = set_aside_layout_rows(con, raw)    # `linkage.ingest.readers` calls it for every file
"""

from __future__ import annotations

import duckdb

from linkage.ingest.header_words import header_key
from linkage.ingest.rawtable import LAYOUT_BLANKS, RawTable, lit


def set_aside_layout_rows(con: duckdb.DuckDBPyConnection, raw: RawTable) -> RawTable:
    """`raw` without the records that are page layout, not rows: an all-empty record (Excel's
    trailing ',,,,' lines) is skipped and counted in a note, as a blank line or spreadsheet
    row is; a repeat of the header row (pages joined) is quarantined with that one reason, not
    as a booking with a bad value in every column. A repeat is read as headers are (`header_key`:
    case, spaces and punctuation aside) and may hold the columns in another order (two exports
    joined): the rows below it, to the next repeat, are then read by it, its cells put back in
    the first header's order. Read by the first header, they had been stored with each value in
    another column (a surname as a first name, a charge as a release reason), without a word."""
    if raw.layout_free:
        return raw
    cells = [f"trim(coalesce({c}, ''), {lit(LAYOUT_BLANKS)})" for c in raw.columns]
    # A header cell left blank is read as 'column N': its repeat may be blank too.
    placeholders = {f"column {i + 1}" for i in range(len(raw.headers))}
    keys = ["" if h in placeholders else header_key(h) for h in raw.headers]
    keys_sql = ", ".join(lit(k) for k in sorted(set(keys) | {""}))

    def key_sql(cell: str) -> str:  # `header_key` in SQL
        return f"regexp_replace(replace(lower({cell}), '#', 'no'), '[^0-9a-z]+', '', 'g')"

    # Most files have no such record: a test of the first cell alone spares them the whole
    # test, whose planning alone costs ~5 ms a file.
    if not con.execute(f"select count(*) from {raw.table} where {key_sql(cells[0])} in ({keys_sql})").fetchall()[0][0]:
        return raw
    empty = " and ".join(f"{cell} = ''" for cell in cells)
    repeat = (f"list_sort([{', '.join(key_sql(c) for c in cells)}])"
              f" = [{', '.join(lit(k) for k in sorted(keys))}]::varchar[]")
    # The first cell's key first: the sorted keys of every cell cost ~10x as much a row.
    layout = (f"case when {empty} then 'empty' when {key_sql(cells[0])} in ({keys_sql}) and {repeat}"
              f" then 'header' end")
    repeats_at = con.execute(f"select _row, [{', '.join(cells)}] from {raw.table} where {layout} = 'header'"
                             f" order by _row").fetchall()
    empties = con.execute(f"select count(*) from {raw.table} where {empty}").fetchall()[0][0]
    if not empties and not repeats_at:
        return raw
    seen: dict[str, int] = {}
    pairs = []
    for header, column in zip(raw.headers, raw.columns, strict=True):
        seen[header] = seen.get(header, 0) + 1
        pairs.append(f"{lit(header if seen[header] == 1 else f'{header} ({seen[header]})')}, {column}")
    kept, rejects = f"{raw.table}_body", f"{raw.table}_layout"
    reordered = _reordered_blocks(keys, repeats_at, raw.parts)
    con.execute(f"""create or replace temp table {kept} as
                    select _row, {_in_header_order(raw.columns, reordered)} from {raw.table}
                    where {layout} is null order by _row""")
    earlier = f"union all select _row, raw_row, reason from {raw.rejects}" if raw.rejected else ""
    moved = ", ".join(str(row) for row, _, _ in reordered) or "null"
    con.execute(f"""create or replace temp table {rejects} as
                    select _row, json_object({", ".join(pairs)}) as raw_row,
                           case when _row in ({moved})
                                then 'the header again, its columns in another order (exports joined):'
                                     || ' the rows below it are read by it'
                                else 'a repeat of the header row (pages joined)' end as reason
                    from {raw.table} where {layout} = 'header' {earlier}""")
    notes = [*raw.notes, f"{empties} empty row{'s' if empties > 1 else ''} skipped"] if empties else list(raw.notes)
    if reordered:
        notes.append(f"the header repeated with its columns in another order at row{'s' if len(reordered) > 1 else ''} "
                     + ", ".join(str(row) for row, _, _ in reordered)
                     + f": the rows below {'each' if len(reordered) > 1 else 'it'} read by it")
    return RawTable(kept, rejects, raw.headers, raw.rows_read - empties, raw.file_format, notes,
                    raw.rejected + len(repeats_at),
                    [f"drop table {kept}", f"drop table {rejects}", *raw.drop_statements()], parts=raw.parts,
                    row_one=raw.row_one)


def column_order(keys: list[str], cells: list[str]) -> list[int] | None:
    """Where `cells` (another header row) holds each column of a header whose `header_key`s are
    `keys`: `source[i]` is the position in `cells` of column i (columns of one key taken in
    order). None where `cells` is no reordering of that header.

        >>> column_order(["bookingno", "name"], ["NAME", "Booking #"])
        [1, 0]
    """
    where: dict[str, list[int]] = {}
    for position, cell in enumerate(cells):
        where.setdefault(header_key(cell), []).append(position)
    if len(cells) != len(keys) or any(len(where.get(k, [])) != keys.count(k) for k in set(keys)):
        return None
    return [where[k].pop(0) for k in keys]


def _reordered_blocks(keys: list[str], repeats_at: list[tuple[int, list[str]]],
                      parts: tuple[int, ...] = ()) -> list[tuple[int, int | None, list[int]]]:
    """(row of the repeat, row where its order ends or None, source) of each repeated header
    whose columns are in another order (`column_order`): it holds to the next repeat or the
    next sheet (`RawTable.parts`), whichever comes first."""
    blocks = []
    for number, (row, cells) in enumerate(repeats_at):
        source = column_order(keys, cells)  # (None: SQL's key and Python's disagree on an odd character)
        if source is not None and source != list(range(len(keys))):
            ends = [r for r, _ in repeats_at[number + 1:number + 2]] + [start for start in parts if start > row]
            blocks.append((row, min(ends) if ends else None, source))
    return blocks


def _in_header_order(columns: list[str], blocks: list[tuple[int, int | None, list[int]]]) -> str:
    """SQL select list of `columns`, each row's cells in the first header's order (`_reordered_blocks`)."""
    if not blocks:
        return ", ".join(columns)
    out = []
    for i, column in enumerate(columns):
        arms = " ".join(f"when _row > {row}{'' if end is None else f' and _row < {end}'} then {columns[source[i]]}"
                        for row, end, source in blocks if source[i] != i)
        out.append(f"case {arms} else {column} end as {column}" if arms else column)
    return ", ".join(out)
