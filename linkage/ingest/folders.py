"""Which files a submission of a path reads: a file, or a folder's own tables (not its
sub-folders'), with packed or foreign tables kept in so that they are refused in words."""

from __future__ import annotations

from pathlib import Path

from linkage.errors import LinkageError
from linkage.ingest.readers import HTML_SUFFIXES, SUFFIXES

UNREADABLE_TABLES = {".gz", ".zip", ".bz2", ".xz", ".7z", ".xlsb", ".ods", ".numbers"}
"""Suffixes of tables packed or saved in a form the readers refuse (in a folder: refused, not skipped)."""


def submitted_files(path: Path) -> list[Path]:
    """The files a submission of `path` reads: the file, or a folder's tables in name order.

        >>> submitted_files(Path("logs"))  # [logs/a.csv, logs/b.xlsx, logs/c.csv.gz]
    """
    if path.is_dir():
        # A table in a form the readers cannot take (a .csv.gz, an .xlsb) is refused with its
        # reason in the summary, never skipped without a word; other files (notes, a store,
        # lock files, an .html report) are not tables and are left alone. So is the lock file
        # Excel keeps beside a workbook it has open, '~$<name>.xlsx' (a few bytes, no workbook),
        # which had refused the folder's submission.
        tables = SUFFIXES - HTML_SUFFIXES
        files = sorted(p for p in path.iterdir() if _listed(p, path, tables | UNREADABLE_TABLES))
        if not any(p.suffix.lower() in tables for p in files):
            below = _in_sub_folders(path, tables)
            raise LinkageError(f"{path}: no CSV, XLSX or Parquet files in this folder{below}")
        return files
    if not path.exists():
        raise LinkageError(f"{path}: no such file or folder")
    return [path]


def _in_sub_folders(path: Path, tables: set[str]) -> str:
    """'; its sub-folders 2017-05, 2017-06 hold some: …' where they do (else ''). A folder's
    sub-folders are not read: an old/ or backup/ copy there would replace newer rows, and a
    refusal of its files would mark the jurisdiction's entries unchecked (`entry_logs`)."""
    holding = sorted({p.relative_to(path).parts[0] for p in path.rglob("*") if _listed(p, path, tables)})
    if not holding:
        return ""
    named = ", ".join(holding[:5]) + (f" and {len(holding) - 5} more" if len(holding) > 5 else "")
    several = len(holding) > 1
    return (f"; its sub-folder{'s' if several else ''} {named} hold{'' if several else 's'} some:"
            " submit each of them (sub-folders are not read)")


def _listed(file: Path, folder: Path, suffixes: set[str]) -> bool:
    """Whether `file`, in `folder` or below it, is a table of `suffixes` that a folder's
    submission lists: no Excel lock file ('~$…'), nothing hidden on the way ('.git/…')."""
    return (file.is_file() and file.suffix.lower() in suffixes and not file.name.startswith("~$")
            and not any(part.startswith(".") for part in file.relative_to(folder).parts))
