"""CLI commands of the service: `linkage tokens …`, `linkage api`, `linkage serve`.

Thin faces over `linkage.service` (tokens), `linkage.api` (uvicorn) and `flows/serve.py`
(Prefect). Nothing heavy is imported until a command runs: `linkage tokens list` never
loads FastAPI or Prefect.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from linkage.cli_common import DbOption, console, err, fail, open_store, store_path

tokens = typer.Typer(help="Bearer tokens of the HTTP intake: create, list, revoke.", no_args_is_help=True)


@tokens.command("create")
def tokens_create(
    role: Annotated[str, typer.Option(help="sheriff | analyst | auditor")],
    jurisdiction: Annotated[str | None, typer.Option(help="A sheriff's ST/County, e.g. MN/Hennepin.")] = None,
    label: Annotated[str | None, typer.Option(help="A note shown in `tokens list` (who holds it).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who creates it (recorded).")] = None,
    db: DbOption = None,
) -> None:
    """Create a token and print its secret ONCE (only a salted hash is stored).

    A sheriff's token reaches its own jurisdiction only; analysts upload report entries and
    ICE extracts and read every jurisdiction; auditors read every jurisdiction.
    """
    from linkage.service.tokens import TokenError, create_token

    store = open_store(db)
    try:
        token_id, secret = create_token(store, role=role, jurisdiction=jurisdiction, label=label,
                                        created_by=by or os.environ.get("USER"))
    except TokenError as exc:
        fail(str(exc), 2)
    finally:
        store.close()
    console.print(f"token {token_id} ({role}{' ' + jurisdiction if jurisdiction else ''})",
                  highlight=False)
    console.print("secret (shown once; send it as 'Authorization: Bearer <secret>'):", highlight=False)
    # Plain print: rich would wrap or colour the secret, and it must copy cleanly.
    print(secret)


@tokens.command("list")
def tokens_list(
    active: Annotated[bool, typer.Option("--active", help="Hide revoked tokens.")] = False,
    db: DbOption = None,
) -> None:
    """List tokens (ids, roles, jurisdictions, labels; never secrets)."""
    from rich.table import Table

    from linkage.service.tokens import list_tokens

    store = open_store(db)
    try:
        rows = list_tokens(store, include_revoked=not active)
    finally:
        store.close()
    table = Table(title="Tokens")
    for column in ("token", "role", "jurisdiction", "label", "created by", "created", "revoked"):
        table.add_column(column, no_wrap=column in ("token", "role"))
    for row in rows:
        table.add_row(row["token_id"], row["role"], row["jurisdiction"] or "", row["label"] or "",
                      row["created_by"] or "", f"{row['created_at']:%Y-%m-%d %H:%M}",
                      f"{row['revoked_at']:%Y-%m-%d %H:%M}" if row["revoked_at"] else "")
    console.print(table)


@tokens.command("revoke")
def tokens_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (tok_…), as `tokens list` shows.")],
    db: DbOption = None,
) -> None:
    """Revoke a token: every later request with it answers 401. The row stays for the audit."""
    from linkage.service.tokens import TokenError, revoke_token

    store = open_store(db)
    try:
        when = revoke_token(store, token_id)
    except TokenError as exc:
        fail(str(exc), 2)
    finally:
        store.close()
    console.print(f"token {token_id} revoked at {when:%Y-%m-%d %H:%M:%S}", highlight=False)


def _prefect_api_url() -> str | None:
    """PREFECT_API_URL as Prefect reads it: the environment, else the active profile."""
    if url := os.environ.get("PREFECT_API_URL"):
        return url
    from prefect.settings import get_current_settings  # only `linkage api --intake` pays for it

    return get_current_settings().api.url


def intake_trigger(intake: bool, api_url: str | None) -> Callable[[int, str], str | None] | None:
    """What queues the intake flow after an upload: a run of `linkage serve`'s deployment on the
    Prefect API at `api_url` (PREFECT_API_URL, from the environment or a Prefect profile), or
    None (the weekly run takes the file) with a warning when there is none. Without an API the
    first upload had started a temporary Prefect server inside the request (~9 s), answered
    'ObjectNotFound: None' (the deployments live on another server), and a SIGTERM left that
    server running.

        >>> intake_trigger(True, None) is None     # and a warning on stderr
        True
    """
    if not intake:
        return None
    if not api_url:
        err.print("warning: PREFECT_API_URL is not set, so uploads queue no intake run (the weekly run"
                  " takes them): point it at the server `linkage serve` uses (docs/service.md), or pass"
                  " --no-intake", highlight=False, markup=False)
        return None

    def trigger(submission_id: int, db_path: str) -> str | None:
        from flows.intake import queue_intake  # Prefect loads on the first upload only

        return queue_intake(submission_id, db_path)

    return trigger


def api(
    host: Annotated[str, typer.Option(help="Interface to bind (127.0.0.1; put a TLS proxy in front).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    max_upload_mb: Annotated[float, typer.Option(help="Largest accepted upload, in MB (413 above).")] = 50.0,
    intake: Annotated[bool, typer.Option(help="Queue the intake flow deployment of `linkage serve` after each stored upload.")] = True,
    config: Annotated[Path | None, typer.Option("--config", help="A TOML file overriding configs/default.toml.")] = None,
    db: DbOption = None,
    openapi: Annotated[Path | None, typer.Option(help="Write the OpenAPI document to this file and exit.")] = None,
) -> None:
    """Run the HTTP intake (FastAPI on uvicorn). OpenAPI docs at /docs."""
    from linkage.api import create_app

    trigger = intake_trigger(intake, _prefect_api_url() if intake else None)

    def app_over(db_path: str):
        return create_app(db_path, max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                          trigger_intake=trigger, config_path=str(config) if config else None)

    if openapi is not None:
        import tempfile

        # The document does not depend on the store: a scratch one, not ./linkage.duckdb left behind.
        with tempfile.TemporaryDirectory(prefix="linkage-openapi-") as scratch:
            write_openapi(app_over(str(Path(scratch) / "schema.duckdb")), openapi)
        console.print(f"wrote {openapi}")
        return
    app = app_over(store_path(db))
    import uvicorn

    uvicorn.run(app, host=host, port=port, proxy_headers=False)


def write_openapi(app, path: Path) -> None:
    """The app's OpenAPI document as committed in openapi.json (sorted keys, trailing newline)."""
    import json

    path.write_text(json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


def serve(
    cron: Annotated[str, typer.Option(help="When the weekly reconciliation runs (cron).")] = "0 6 * * 1",
    timezone: Annotated[str, typer.Option(help="Time zone of the cron schedule (IANA name).")] = "UTC",
    out: Annotated[Path | None, typer.Option(help="Folder for each run's outputs (outcomes.csv, report.html, …).")] = None,
    intake_reconciles: Annotated[bool, typer.Option(help="Each accepted submission also re-runs the reconciliation.")] = True,
    config: Annotated[Path | None, typer.Option("--config", help="A TOML file overriding configs/default.toml.")] = None,
    db: DbOption = None,
) -> None:
    """Serve the weekly reconciliation and the per-upload intake flow (Prefect deployments).

    The weekly run follows --cron (default Monday 06:00); the intake runs once per file the
    HTTP intake stores. Set PREFECT_API_URL to the server the API uses; watch runs in its UI.
    """
    from flows.serve import serve_service

    serve_service(
        store_path(db), cron=cron, timezone=timezone, out_dir=str(out) if out else None,
        config_path=str(config) if config else None, intake_reconciles=intake_reconciles,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.add_typer(tokens, name="tokens")
    app.command()(api)
    app.command()(serve)
