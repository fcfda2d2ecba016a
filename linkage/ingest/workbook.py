"""What calamine's rows of an XLSX sheet do not show: cells merged down the rows, formulas
saved without their values, and error values.

    >>> fill_merged_down(rows, sheet.merged_cell_ranges)     # rows as calamine's to_python gives them
    [(13, 1, 12)]                                            # (column, first row, last row), 0-based
    >>> unshown = unshown_cells(Path("roster.xlsx"))
    >>> unshown.formulas                                     # said in the file's message
    {'Sheet1': [('G2', 'E2+3'), ...]}                       # (cell, formula)
    >>> unshown.errors                                       # written into calamine's rows
    {'Sheet1': [(1, 7, '#VALUE!'), ...]}                     # (row, column, error), 0-based

Hand-written: calamine reads merged ranges but gives their value to the first cell only, and it
gives a formula without a saved value, and an error value (`#VALUE!`), as an empty cell;
openpyxl would read the whole workbook a second time to say any of them.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def fill_merged_down(rows: list[list[object]],
                     merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[tuple[int, int, int]]:
    """Give every cell of a range merged down several rows the value of its first cell, as the
    sheet shows it on each row (a printout's Facility merged down its rows had left every row
    but the first without one). Ranges over one row only (a title across the columns) are left
    as they are; a block over several columns fills its first column, as an HTML colspan is read.
    Returns the ranges filled: (column, first row, last row)."""
    filled = []
    for (top, left), (bottom, _right) in merged:
        if bottom <= top or top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        for row in rows[top + 1: bottom + 1]:
            if left < len(row):  # a block over several columns: its first, as HTML's colspans are read
                row[left] = value
        filled.append((left, top, bottom))
    return filled


@dataclass
class UnshownCells:
    """`unshown_cells`: per sheet, the formula cells saved without a value, (cell, formula), and
    the error values, (row, column, error) 0-based as in calamine's rows."""

    formulas: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    errors: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


def unshown_cells(path: Path) -> UnshownCells:
    """The cells calamine reads as empty that are not: formulas saved without a value, and
    error values.

    Excel saves each formula's value beside it (a result of "" as `t="str"` with an empty
    value); a script or a reporting tool may write formulas alone, and calamine reads each such
    cell as empty (release dates computed as '=E2+3' had read as "still in custody"). An error
    (`t="e"`: `#VALUE!`, `#REF!`) read as empty did the same to a release date, and a CSV of the
    same sheet quarantined the row as `not a valid date: "#VALUE!"`. Only a sheet whose XML
    holds a formula tag or an error cell is parsed, and a sheet lxml cannot parse is passed by
    (calamine has read it: the cells stand as it read them)."""
    from openpyxl.utils.cell import coordinate_to_tuple

    found = UnshownCells()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part, sheet in _sheet_parts(archive, names).items():
            with archive.open(part) as stream:
                if not _holds_formula_or_error(stream):
                    continue
            with contextlib.suppress(etree.XMLSyntaxError), archive.open(part) as stream:
                for _, cell in etree.iterparse(stream, tag=f"{_MAIN}c", recover=True):
                    formula, value = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
                    computed = value is not None and (value.text or cell.get("t") == "str")
                    if formula is not None and not computed and cell.find(f"{_MAIN}is") is None:
                        found.formulas.setdefault(sheet, []).append(
                            (cell.get("r") or "(unnamed)", formula.text or "(a shared formula)"))
                    elif cell.get("t") == "e" and value is not None and value.text and cell.get("r"):
                        with contextlib.suppress(ValueError):
                            row, column = coordinate_to_tuple(cell.get("r"))
                            found.errors.setdefault(sheet, []).append((row - 1, column - 1, value.text))
                    # Read cells go, and the rows read before: a sheet's tree stays small.
                    cell.clear()
                    while cell.getprevious() is not None:
                        del cell.getparent()[0]
                    row_element = cell.getparent()
                    while row_element is not None and row_element.getprevious() is not None:
                        del row_element.getparent()[0]
    return found


_FORMULA_OR_ERROR = re.compile(rb"<(?:\w+:)?f[\s>/]|\st=[\"']e[\"']")


def _holds_formula_or_error(stream) -> bool:
    """Whether a sheet's XML holds a formula tag or an error cell: a byte search, far cheaper
    than a parse."""
    tail = b""
    while chunk := stream.read(1 << 20):
        if _FORMULA_OR_ERROR.search(tail + chunk):
            return True
        tail = chunk[-16:]  # a tag split across two reads
    return False


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """{zip part: sheet name} of the workbook's worksheets."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets = {rel.get("Id"): rel.get("Target") for rel in etree.fromstring(
        archive.read("xl/_rels/workbook.xml.rels")) if rel.get("Target")}
    parts = {}
    for sheet in etree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in names and re.search(r"worksheets/", part):
            parts[part] = sheet.get("name")
    return parts
