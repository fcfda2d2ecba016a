"""A submitted file as text cells in DuckDB temp tables, as every reader leaves it.

    >>> raw = RawTable("raw_1", "raw_1_rejects", ["Booking No", "Name"], 1204, "csv")
    >>> raw.columns
    ['c0', 'c1']

Readers: `linkage.ingest.readers` (any file), `linkage.ingest.csvread` (CSV).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

# What a cell is trimmed of before it is compared with the header: blanks, the form feed a
# mainframe report puts before each page's header, a BOM left mid-file where exports were
# joined with `cat`. (A literal: built with chr() per call, the trim cost ~10 ms a file.)
LAYOUT_BLANKS = " \t\n\v\f\r\xa0\ufeff"


@dataclass
class RawTable:
    """A file as text cells: `table` (_row, c0..cN) and `rejects` (_row, raw_row, reason).

    Both are temp tables, or views over temp tables (a CSV read is numbered by views rather
    than copied): `cleanup` drops whatever backs them."""

    table: str
    rejects: str
    headers: list[str]
    rows_read: int
    file_format: str
    notes: list[str] = field(default_factory=list)
    rejected: int = 0
    """Rows in `rejects` (none: `rejects` need not exist)."""
    cleanup: list[str] = field(default_factory=list)
    """Statements that drop the views and tables behind `table` and `rejects` (default: both
    are plain tables)."""
    layout_free: bool = False
    """No record can be page layout (an empty record, a repeat of the header): the reader saw
    every record, so `readers` need not look (a week's ~3,000 small logs spared a query each)."""
    parts: tuple[int, ...] = ()
    """The first `_row` of each sheet or table read after the first (a workbook's month sheets):
    a repeated header's column order holds to the end of its own sheet only."""
    row_one: tuple[str, int] | None = None
    """Where data row 1 sits as a clerk counts (('line', 5), ('spreadsheet row', 6)): a quarantine's
    "row 4" counts from the header down, which is no line or spreadsheet row of the file."""

    @property
    def columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.headers))]

    def drop_statements(self) -> list[str]:
        """The statements that drop the file's temp tables and views."""
        return self.cleanup or [f"drop table {self.table}", f"drop table {self.rejects}"]

    def drop(self, con: duckdb.DuckDBPyConnection) -> None:
        """Drop the file's temp tables and views."""
        con.execute("; ".join(self.drop_statements()))


def load_arrow(con: duckdb.DuckDBPyConnection, table: str, arrow: pa.Table) -> None:
    """Temp table `table` holding the Arrow table `arrow`."""
    view = f"{table}_arrow"
    con.register(view, arrow)
    try:
        con.execute(f"create or replace temp table {table} as select * from {view}")
    finally:
        con.unregister(view)


def lit(text: object) -> str:
    """A SQL string literal: `lit("O'Brien") == "'O''Brien'"`."""
    return "'" + str(text).replace("'", "''") + "'"
