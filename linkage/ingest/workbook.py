"""What calamine's rows of an XLSX sheet do not show: cells merged down the rows, and formulas
saved without their values.

    >>> fill_merged_down(rows, sheet.merged_cell_ranges)     # rows as calamine's to_python gives them
    [(13, 1, 12)]                                            # (column, first row, last row), 0-based
    >>> uncomputed_formulas(Path("roster.xlsx"))              # said in the file's message
    {'Sheet1': [('G2', 'E2+3'), ...]}                       # (cell, formula)

Hand-written: calamine reads merged ranges but gives their value to the first cell only, and it
gives a formula without a saved value as an empty cell; openpyxl would read the whole workbook
a second time to say either.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
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


def uncomputed_formulas(path: Path) -> dict[str, list[tuple[str, str]]]:
    """{sheet name: [(cell, formula)]} of the formula cells saved without a value.

    Excel saves each formula's value beside it (a result of "" as `t="str"` with an empty
    value); a script or a reporting tool may write formulas alone, and calamine reads each such
    cell as empty (release dates computed as '=E2+3' had read as "still in custody"). Only a
    sheet whose XML holds a formula tag is parsed, and a sheet lxml cannot parse is passed by
    (calamine has read it: the cells stand as it read them)."""
    found: dict[str, list[tuple[str, str]]] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part, sheet in _sheet_parts(archive, names).items():
            with archive.open(part) as stream:
                if not _holds_formula(stream):
                    continue
            with contextlib.suppress(etree.XMLSyntaxError), archive.open(part) as stream:
                for _, cell in etree.iterparse(stream, tag=f"{_MAIN}c", recover=True):
                    formula, value = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
                    computed = value is not None and (value.text or cell.get("t") == "str")
                    if formula is not None and not computed and cell.find(f"{_MAIN}is") is None:
                        found.setdefault(sheet, []).append((cell.get("r") or "(unnamed)", formula.text or "(a shared formula)"))
                    # Read cells go, and the rows read before: a sheet's tree stays small.
                    cell.clear()
                    while cell.getprevious() is not None:
                        del cell.getparent()[0]
                    row = cell.getparent()
                    while row is not None and row.getprevious() is not None:
                        del row.getparent()[0]
    return found


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _holds_formula(stream) -> bool:
    """Whether a sheet's XML holds a formula tag: a byte search, far cheaper than a parse."""
    tail = b""
    while chunk := stream.read(1 << 20):
        if _FORMULA_TAG.search(tail + chunk):
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
