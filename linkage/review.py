"""Auditors' decisions applied to a run's outcomes (issue 6 fills this in).

    >>> apply_decisions(store, run_id)     # decided entries take the auditor's links
"""

from __future__ import annotations

from linkage.store import Store


def apply_decisions(store: Store, run_id: str) -> int:
    """Overwrite the outcomes of decided entries; returns how many were decided. Not yet built."""
    return 0
