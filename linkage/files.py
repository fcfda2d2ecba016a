"""Owner-only files and folders: everything this service writes may hold names and birth dates.

    >>> out = private_dir("out/")                 # created 0700 (an existing folder is left alone)
    >>> with owner_only():
    ...     con.sql("select 1").write_csv(str(out / "x.csv"))
    >>> private_file(out / "x.csv")               # 0600, whatever the writer did

DuckDB's writers delete and re-create their target, so a mode set on the file beforehand does
not survive: the process umask does. `owner_only()` narrows it to 0o077 for the block; the
umask belongs to the whole process, so while one thread is inside, files other threads create
are owner-only too (never looser). `restrict_umask()` narrows it for good: call it where a
process starts to serve the store (the CLI, the API), so DuckDB's own files — the `.wal` beside
the store, spill files — are owner-only as well.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

OWNER_ONLY = 0o077
FILE_MODE = 0o600

_guard = threading.Lock()
_depth = 0
_saved: int | None = None


@contextlib.contextmanager
def owner_only() -> Iterator[None]:
    """Files and folders created inside the block get no group or other permissions.

    Nested and concurrent blocks count, so the first one in saves the umask and the last one
    out restores it (a plain save/restore per block could leave a thread's narrower value)."""
    global _depth, _saved
    with _guard:
        if _depth == 0:
            _saved = os.umask(OWNER_ONLY)
        _depth += 1
    try:
        yield
    finally:
        with _guard:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                os.umask(_saved | _umask_floor())
                _saved = None


_floor = 0  # bits every restore keeps once restrict_umask() has run


def _umask_floor() -> int:
    return _floor


def restrict_umask() -> int:
    """Make every file this process creates from now on owner-only; returns the old umask.

        >>> restrict_umask()
        18
    """
    global _floor
    with _guard:
        _floor = OWNER_ONLY  # an owner_only() block still open restores to this, not wider
        return os.umask(OWNER_ONLY)


def private_dir(path: str | os.PathLike) -> Path:
    """Create `path` (and missing parents) 0700; an existing folder keeps the mode it has."""
    folder = Path(path)
    if not folder.is_dir():
        with owner_only():
            folder.mkdir(parents=True, exist_ok=True)
    return folder


def private_file(path: str | os.PathLike) -> Path:
    """Set `path` to 0600 (after a writer that may have re-created it with looser bits)."""
    target = Path(path)
    target.chmod(FILE_MODE)
    return target


@contextlib.contextmanager
def written_whole(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary name beside `path` to write into, owner-only; when the block ends well it
    replaces `path` in one rename, so a reader or a kill finds the old file or the new one,
    never half of one. A failed block leaves `path` as it was and no temporary file.

        >>> with written_whole(out / "outcomes.csv") as part:
        ...     con.sql(query).write_csv(str(part))
    """
    target = Path(path)
    part = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        with owner_only():
            yield part
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    private_file(target)
