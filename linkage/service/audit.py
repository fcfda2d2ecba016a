"""The audit trail: one row per request in `audit_log` (who, what, when, outcome).

    >>> record(db_path, AuditEntry(token_id="tok_…", role="sheriff", method="POST",
    ...        path="/v1/jurisdictions/MN/Hennepin/release-logs", jurisdiction="MN/HENNEPIN",
    ...        status=200, detail="submission 12: stored"))

An entry must not be lost because a long reconciliation holds the store: when the store
stays busy past a short wait, the entry goes to `<db>.audit-pending.jsonl` and the next
write that gets the store moves the pending entries in first, in their order.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from linkage.service.lock import StoreBusy, wait_seconds
from linkage.store import Store

AUDIT_WAIT = 5.0  # seconds: a request's worker thread should not hang on its log line
_spool_guard = threading.Lock()


@dataclass
class AuditEntry:
    """One request: never a secret, never a request body."""

    method: str
    path: str
    status: int
    token_id: str | None = None
    role: str | None = None
    jurisdiction: str | None = None
    detail: str | None = None
    logged_at: str = field(default_factory=lambda: datetime.now().isoformat(sep=" "))


def spool_path(db_path: str | os.PathLike) -> Path:
    path = Path(db_path).absolute()
    return path.with_name(path.name + ".audit-pending.jsonl")


def record(db_path: str, entry: AuditEntry) -> bool:
    """Write `entry` (after any pending ones). False when it was spooled for later instead."""
    spool = spool_path(db_path)
    try:
        with Store.open(db_path, wait=min(AUDIT_WAIT, wait_seconds())) as store, _spool_guard:
            pending = _read_spool(spool)
            with store.transaction() as con:
                for item in [*pending, entry]:
                    con.execute(
                        "insert into audit_log values (?::timestamp, ?, ?, ?, ?, ?, ?, ?)",
                        [item.logged_at, item.token_id, item.role, item.method, item.path,
                         item.jurisdiction, item.status, item.detail],
                    )
            if pending:
                spool.unlink(missing_ok=True)
        return True
    except StoreBusy:
        with _spool_guard:
            fd = os.open(spool, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(entry)) + "\n")
        return False


def _read_spool(spool: Path) -> list[AuditEntry]:
    if not spool.exists():
        return []
    entries = []
    for line in spool.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(AuditEntry(**json.loads(line)))
        except (ValueError, TypeError):
            continue  # a torn last line from a crash: the rest still counts
    return entries
