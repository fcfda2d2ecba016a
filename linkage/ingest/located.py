"""Quarantine reasons in the clerk's terms, for every face (CLI and HTTP).

    >>> in_file("row 2, column booking_date: not a valid date", ("line", 4), {"booking_date": "Date Booked"})
    "row 2 (line 5), column booking_date ('Date Booked'): not a valid date"

The store counts rows from the header down and names the contract's columns: neither is what
the clerk sees in the file (a title above the header moves every line; the log heads its
columns its own way)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkage.store import Store


def in_file(reason: str, row_one: tuple[str, int] | None, headers: dict[str, str]) -> str:
    """`reason` with its row's line or spreadsheet row (row 1 sits at `row_one`) and the file's
    own header beside each contract column it names (`SubmissionResult.row_one`, `.headers`)."""
    found = re.match(r"row (\d+), ", reason)
    if found and row_one:
        word, first = row_one
        reason = f"row {found[1]} ({word} {int(found[1]) + first - 1}), {reason[found.end():]}"
    headers = {**headers, "booking_uid": headers.get("booking_id", "")}  # (the log's booking number)

    def named(column: re.Match) -> str:
        header = headers.get(column[1])
        same = header is None or re.sub(r"\W", "", header).lower() == column[1].replace("_", "")
        return column[0] if same or not header else f"column {column[1]} ({header!r}):"

    return re.sub(r"column ([a-z_]+):", named, reason)


def rows_in_file(store: Store, submission_id: int, table: str, *, offset: int = 0,
                 limit: int | None = None) -> list[tuple[int, list[str], list[str]]]:
    """(row_number, reasons, the reasons as `in_file` words them) of one submission's rows in
    `table` (`quarantine` or `blanked_cells`), by row; as the store names them where the
    submission predates store version 14 and kept no place of its rows."""
    if table not in ("quarantine", "blanked_cells"):
        raise ValueError(f"no rows of a submission in {table!r}")
    found = store.con.execute("select located from submissions where submission_id = ?", [submission_id]).fetchall()
    located = json.loads(found[0][0]) if found and found[0][0] else {}
    row_one = tuple(located["row_one"]) if located.get("row_one") else None
    headers = located.get("headers") or {}
    rows = store.con.execute(
        f"select row_number, reasons from {table} where submission_id = ? order by row_number limit ? offset ?",
        [submission_id, limit if limit is not None else 2**62, offset]).fetchall()
    return [(number, list(why), [in_file(f"row {number}, {reason}", row_one, headers) for reason in why])
            for number, why in rows]
