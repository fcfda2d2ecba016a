"""Who may do what over HTTP: bearer tokens, roles, and a sheriff's own jurisdiction.

    >>> from fastapi import APIRouter, Depends
    >>> router = APIRouter()
    >>> @router.get("/v1/review")
    ... def review(who: Principal = Depends(require_role("auditor"))): ...

`require_role(*roles)` is a FastAPI dependency: it reads `Authorization: Bearer <secret>`,
checks it against the store named by `request.app.state.db_path`, and answers 401 (no,
unknown, wrong or revoked token) or 403 (a role not in `roles`, or a sheriff on a route whose
`{state}/{county}` is another jurisdiction). It returns the `Principal` and leaves it, and any
refusal, on `request.state` for the audit middleware of `linkage.api.create_app`, which
writes one `audit_log` row per request. Used in an app without that middleware, it writes
refusals to `audit_log` itself, so a denied attempt is never silent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from linkage.service.tokens import Principal, TokenError, jurisdiction_key, verify_token
from linkage.store import Store

__all__ = ["Principal", "bearer", "path_jurisdiction", "require_role"]

AUDIT_SCOPE_KEY = "linkage.audit"  # set in the ASGI scope by the audit middleware

bearer = HTTPBearer(auto_error=False, description="A token from `linkage tokens create`.")


def path_jurisdiction(request: Request) -> str | None:
    """'MN/HENNEPIN' for a route with {state} and {county}; None for other routes; 404 if unreadable."""
    state, county = request.path_params.get("state"), request.path_params.get("county")
    if state is None or county is None:
        return None
    try:
        return jurisdiction_key(f"{state}/{county}")
    except TokenError:
        raise HTTPException(404, f"no such jurisdiction: {state}/{county}") from None


def _check(db_path: str, secret: str) -> Principal:
    with Store.open(db_path, read_only=True) as store:
        return verify_token(store, secret)


def require_role(*roles: str) -> Callable:
    """A dependency admitting tokens of `roles` (a sheriff only to their own jurisdiction)."""
    allowed = set(roles)

    async def dependency(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            _deny(request, 401, "no bearer token", None)
        try:
            principal = await run_in_threadpool(_check, request.app.state.db_path, credentials.credentials)
        except TokenError as exc:
            # The log says which check failed; the caller learns only that it did.
            _deny(request, 401, str(exc), None, public="invalid or revoked token")
        request.state.principal = principal
        if principal.role not in allowed:
            _deny(request, 403, f"role {principal.role} may not use this route "
                                f"(allowed: {', '.join(sorted(allowed))})", principal)
        wanted = path_jurisdiction(request)
        if principal.role == "sheriff" and wanted is not None and wanted != principal.jurisdiction:
            _deny(request, 403, f"a token for {principal.jurisdiction} cannot reach {wanted}", principal)
        return principal

    return dependency


def _deny(request: Request, status: int, reason: str, principal: Principal | None,
          *, public: str | None = None) -> None:
    request.state.audit_detail = f"denied: {reason}"
    if AUDIT_SCOPE_KEY not in request.scope:
        # No audit middleware in this app: log the refusal here.
        from linkage.service.audit import AuditEntry, record

        record(request.app.state.db_path, AuditEntry(
            method=request.method, path=request.url.path, status=status,
            token_id=principal.token_id if principal else None,
            role=principal.role if principal else None,
            jurisdiction=principal.jurisdiction if principal else None,
            detail=request.state.audit_detail,
        ))
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    raise HTTPException(status, public or reason, headers=headers)
