"""CLI commands of one area, registered on the main app by linkage/cli.py (thin faces)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
