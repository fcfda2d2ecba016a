"""The service's plumbing that is not a face: the store lock, tokens, uploads, the audit log.

`lock`, `tokens` and `audit` import no FastAPI, Prefect or Typer (the store itself uses
`lock`); `uploads` is the HTTP face's helper. The faces: `linkage.api` / `linkage.api_auth` (HTTP),
`linkage.cli_service` (CLI) and `flows/serve.py`, `flows/intake.py` (Prefect) are the faces.
"""
