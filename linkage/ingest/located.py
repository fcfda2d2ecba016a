"""Quarantine reasons in the clerk's terms, for every face (CLI and HTTP).

    >>> in_file("row 2, column booking_date: not a valid date", ("line", 4), {"booking_date": "Date Booked"})
    "row 2 (line 5), column booking_date ('Date Booked'): not a valid date"

The store counts rows from the header down and names the contract's columns: neither is what
the clerk sees in the file (a title above the header moves every line; the log heads its
columns its own way)."""

from __future__ import annotations

import re


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
