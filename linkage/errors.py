"""Errors a person can act on: each names the file, and where it can, the row and column.

The faces (CLI, HTTP) print these as messages, never as tracebacks.
"""

from __future__ import annotations

import codecs


class LinkageError(Exception):
    """Base of every error the faces show as a plain message."""


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("cp1252", "replace"), error.end


CP1252_FALLBACK = "linkage-cp1252-fallback"
"""A decoding error handler: bytes that are not UTF-8 are read as Windows-1252, the rest as
UTF-8 (`b"Pe\\xf1a a\\xc3\\xb1o".decode("utf-8", CP1252_FALLBACK) == "Peña año"`)."""
codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


def file_label(name: str) -> str:
    """A file name as text that can be printed and stored. A name that is not valid UTF-8 (a
    Windows-1252 name from a zip, say) reaches Python with surrogate escapes, which neither
    the store nor the terminal accepts: its stray bytes are read as Windows-1252 instead.

        >>> file_label("Pe\udcf1a county.csv")
        'Peña county.csv'
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", CP1252_FALLBACK)
    return name


class RefusedFile(LinkageError):
    """A whole file was refused (nothing of it was stored).

        >>> raise RefusedFile("logs/hennepin.csv", "no column 'booking_date' (closest header: 'Book Date')")
    """

    def __init__(self, file: str, reason: str):
        file = file_label(file)
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: refused: {reason}")


class ConfigError(LinkageError):
    """A configuration file that does not validate."""
