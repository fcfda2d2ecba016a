"""What every command of the `linkage` face shares: its consoles, options and refusals.

    >>> store = open_store(db, read_only=True, existing=True)   # or a one-line error, exit 1
    >>> fail("reports.csv: no such file", 2)                     # escaped, to stderr, exit 2

`linkage.cli` and its command groups (`cli_review`, `cli_trace`, `cli_service`, `cli_scale`)
import from here rather than from each other: `cli` registers the groups, so a group that
imported `cli` had to do it inside each function.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

console = Console(soft_wrap=True)  # a message is one line (greppable); tables still fit the width
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path | None, typer.Option("--db", help="The DuckDB store (default ./linkage.duckdb or $LINKAGE_DB).")
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="A TOML file overriding configs/default.toml.")
]


def fail(message: str, code: int = 1) -> None:
    """Print `error: message` to stderr and exit with `code`: the one refusal of every command."""
    # Messages quote data (IDs, file names): escaped, so '[/x]' in one is text.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def store_path(db: Path | None) -> str:
    """`--db`, else $LINKAGE_DB, else ./linkage.duckdb."""
    return str(db or os.environ.get("LINKAGE_DB") or "linkage.duckdb")


def open_store(db: Path | None, *, read_only: bool = False, existing: bool = False):
    """The store, or a one-line error. `existing`: a command that only reads refuses a path
    with no store (a mistyped --db would otherwise create an empty one and show nothing)."""
    from linkage.store import Store

    path = store_path(db)
    if existing and path != ":memory:" and not Path(path).is_file():
        fail(f"no store at {path} (submit files or run first, or give --db)")
    try:
        return Store.open(db, read_only=read_only)
    except Exception as exc:  # a locked or corrupt file: say which, never a traceback
        fail(f"cannot open the store {path}: {exc}")


def config_from(path: Path | None):
    """`--config` read over configs/default.toml (None: the default), or a one-line error."""
    from pydantic import ValidationError

    from linkage.config import load_config

    try:
        return load_config(path)
    except (OSError, ValidationError, ValueError) as exc:
        fail(f"config {path or 'configs/default.toml'}: {exc}")


def out_folder(out: Path) -> Path:
    """`out` created (owner-only) before a run starts: a path that names a file, or a folder
    that cannot be made, is refused in one line, not after the whole run with a traceback."""
    from linkage.files import private_dir

    try:
        return private_dir(out)
    except OSError as exc:
        fail(f"--out {out}: {exc.strerror or exc}", 2)
