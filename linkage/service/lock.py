"""One writer at a time: an inter-process lock beside the DuckDB file.

    >>> handle = acquire("linkage.duckdb", shared=False, timeout=60)   # linkage.duckdb.lock
    >>> ...                                                            # open, write, close
    >>> handle.release()

DuckDB lets one process hold a file read-write, and refuses a second one at once (field
notes). The API, the served flows and the CLI all need the store, so `Store.open` takes this
lock first and keeps it for the life of the connection: exclusive for read-write, shared for
read-only. A process that finds it taken *waits* (bounded: `timeout`, default
$LINKAGE_STORE_WAIT or 60 s) instead of failing, then raises `StoreBusy`.

`flock` locks belong to an open file description, so two threads of one process exclude
each other too. A thread that already holds the lock may open the store again (nested
stages): the lock is counted, not taken twice, which would wait on itself.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from linkage.errors import LinkageError

DEFAULT_WAIT = 60.0
POLL = 0.05  # seconds between tries; flock has no timed wait


class StoreBusy(LinkageError):
    """Another process or thread held the store for longer than the caller would wait."""


@dataclass
class _Holder:
    fd: int
    shared: bool
    count: int = 1


@dataclass
class LockHandle:
    """A held lock; `release()` is idempotent."""

    key: tuple[int, str]
    shared: bool
    released: bool = field(default=False)

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        with _registry_guard:
            holder = _registry.get(self.key)
            if holder is None:
                return
            holder.count -= 1
            if holder.count > 0:
                return
            del _registry[self.key]
        # Closing the descriptor drops the flock.
        os.close(holder.fd)


# (thread id, lock path) -> holder. Keyed by the *opening* thread, and released through the
# handle, so a store opened in one thread and closed in another still lets go.
_registry: dict[tuple[int, str], _Holder] = {}
_registry_guard = threading.Lock()


def lock_path(db_path: str | os.PathLike) -> Path:
    """`store.duckdb` -> `store.duckdb.lock`."""
    path = Path(db_path).absolute()
    return path.with_name(path.name + ".lock")


def wait_seconds() -> float:
    """How long to wait for the store: $LINKAGE_STORE_WAIT, else 60 s."""
    try:
        return float(os.environ.get("LINKAGE_STORE_WAIT", DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT


def acquire(db_path: str | os.PathLike, *, shared: bool, timeout: float | None = None) -> LockHandle:
    """Take the store's lock (exclusive unless `shared`), waiting at most `timeout` seconds."""
    path = lock_path(db_path)
    key = (threading.get_ident(), str(path))
    with _registry_guard:
        held = _registry.get(key)
        if held is not None:
            if held.shared and not shared:
                raise StoreBusy(
                    f"{db_path}: this thread holds the store read-only and asked to write; "
                    "close the read-only store first"
                )
            held.count += 1
            return LockHandle(key, held.shared)
    timeout = wait_seconds() if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"{db_path}: the store is busy ({_holder_note(fd)}); gave up after "
                        f"{timeout:g} s — try again shortly (LINKAGE_STORE_WAIT sets the wait)"
                    ) from None
                time.sleep(POLL)
        if not shared:
            # Who holds it, for the next waiter's message. Never anything secret.
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%H:%M:%S')}\n".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    with _registry_guard:
        _registry[key] = _Holder(fd, shared)
    return LockHandle(key, shared)


def _holder_note(fd: int) -> str:
    try:
        note = os.pread(fd, 200, 0).decode(errors="replace").strip()
    except OSError:
        note = ""
    return f"held by {note}" if note else "held by another reader or writer"
