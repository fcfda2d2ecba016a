"""Errors a person can act on: each names the file, and where it can, the row and column.

The faces (CLI, HTTP) print these as messages, never as tracebacks.
"""

from __future__ import annotations


class LinkageError(Exception):
    """Base of every error the faces show as a plain message."""


class RefusedFile(LinkageError):
    """A whole file was refused (nothing of it was stored).

        >>> raise RefusedFile("logs/hennepin.csv", "no column 'booking_date' (closest header: 'Book Date')")
    """

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: refused: {reason}")


class ConfigError(LinkageError):
    """A configuration file that does not validate."""
