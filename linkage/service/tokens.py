"""Bearer tokens: created once, stored only as a salted hash, revocable.

    >>> token_id, secret = create_token(store, role="sheriff", jurisdiction="MN/Hennepin")
    >>> verify_token(store, secret)
    Principal(token_id='tok_…', role='sheriff', jurisdiction='MN/HENNEPIN')
    >>> revoke_token(store, token_id)

A secret reads `<token_id>.<random>`: the public id in front finds the row at once, the
random part (256 bits) is what proves possession. Only sha256(salt || secret) is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from linkage.errors import LinkageError
from linkage.store import Store

ROLES = ("sheriff", "analyst", "auditor")
TOKEN_ID = re.compile(r"^tok_[0-9a-f]{12}$")


class TokenError(LinkageError):
    """A token that cannot be created, found or used."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: never the secret."""

    token_id: str
    role: str
    jurisdiction: str | None = None


def jurisdiction_key(text: str) -> str:
    """'MN/Hennepin County' -> 'MN/HENNEPIN' (the store's spelling); TokenError if unreadable."""
    from linkage.ingest import parse_jurisdiction

    try:
        return "/".join(parse_jurisdiction(text))
    except ValueError as exc:
        raise TokenError(str(exc)) from exc


def _hash(salt: str, secret: str) -> str:
    return hashlib.sha256((salt + secret).encode()).hexdigest()


def create_token(
    store: Store, *, role: str, jurisdiction: str | None = None, label: str | None = None,
    created_by: str | None = None,
) -> tuple[str, str]:
    """Store a new token's salted hash; returns (token_id, secret). The secret is not kept."""
    if role not in ROLES:
        raise TokenError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role == "sheriff" and not jurisdiction:
        raise TokenError("a sheriff's token needs --jurisdiction ST/County (e.g. MN/Hennepin)")
    key = jurisdiction_key(jurisdiction) if jurisdiction else None
    if role != "sheriff" and key:
        raise TokenError(f"an {role}'s token reaches every jurisdiction: drop --jurisdiction")
    token_id = "tok_" + secrets.token_hex(6)
    secret = f"{token_id}.{secrets.token_urlsafe(32)}"
    salt = secrets.token_hex(16)
    store.con.execute(
        "insert into tokens values (?, ?, ?, ?, ?, ?, ?, now()::timestamp, null)",
        [token_id, role, key, salt, _hash(salt, secret), label, created_by],
    )
    return token_id, secret


def verify_token(store: Store, secret: str) -> Principal:
    """The principal a presented secret stands for; TokenError if unknown, wrong or revoked."""
    token_id = secret.partition(".")[0]
    if not TOKEN_ID.match(token_id):
        raise TokenError("malformed token")
    rows = store.con.execute(
        "select role, jurisdiction, salt, token_hash, revoked_at from tokens where token_id = ?",
        [token_id],
    ).fetchall()
    if not rows:
        raise TokenError(f"unknown token {token_id}")
    role, jurisdiction, salt, token_hash, revoked_at = rows[0]
    if not hmac.compare_digest(_hash(salt, secret), token_hash):
        raise TokenError(f"wrong secret for token {token_id}")
    if revoked_at is not None:
        raise TokenError(f"token {token_id} was revoked at {revoked_at:%Y-%m-%d %H:%M}")
    return Principal(token_id, role, jurisdiction)


def revoke_token(store: Store, token_id: str) -> datetime:
    """Mark a token revoked (kept for the audit trail); returns when. TokenError if unknown."""
    rows = store.con.execute(
        "select revoked_at from tokens where token_id = ?", [token_id]
    ).fetchall()
    if not rows:
        raise TokenError(f"no token {token_id!r} (see `linkage tokens list`)")
    if rows[0][0] is not None:
        return rows[0][0]
    return store.con.execute(
        "update tokens set revoked_at = now()::timestamp where token_id = ? returning revoked_at",
        [token_id],
    ).fetchall()[0][0]


def list_tokens(store: Store, *, include_revoked: bool = True) -> list[dict[str, Any]]:
    """Every token's public fields (never salt or hash), newest first."""
    cursor = store.con.execute(
        f"""select token_id, role, jurisdiction, label, created_by, created_at, revoked_at
            from tokens {'' if include_revoked else 'where revoked_at is null'}
            order by created_at desc, token_id"""
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
