"""The HTTP intake: sheriffs upload release logs, analysts upload report entries and ICE
extracts, and everyone with a token reads their jurisdiction's verdicts.

    >>> app = create_app("linkage.duckdb", max_upload_bytes=50 * 1024 * 1024)
    >>> # linkage api --host 127.0.0.1 --port 8000   (uvicorn)

A thin face: authenticate (`linkage.api_auth`), stream the upload to a temporary file
(`linkage.service.uploads`), call the same `linkage.ingest.submit` as the CLI, answer its
validation summary, and hand an accepted submission to `trigger_intake(submission_id,
db_path)` (the Prefect intake deployment under `linkage serve`). Every request opens the
store briefly and closes it (the store lock makes requests, served flows and the CLI take
turns); a store busy past the wait answers 503 with Retry-After. One `audit_log` row is
written per request by `AuditMiddleware`.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from linkage.api_auth import AUDIT_SCOPE_KEY, Principal, path_jurisdiction, require_role
from linkage.errors import LinkageError
from linkage.ingest.located import in_file, rows_in_file
from linkage.service.audit import AuditEntry, record
from linkage.service.lock import StoreBusy
from linkage.service.tokens import TokenError, jurisdiction_key
from linkage.service.uploads import UPLOAD_BODY, receive_upload
from linkage.store import Store

log = logging.getLogger("linkage.api")

DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024
RETRY_AFTER = "30"  # seconds: a busy store is usually a reconciliation stage finishing
QUARANTINE_PAGE = 1000
UNAUDITED = {"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json", "/v1/health"}

IntakeTrigger = Callable[[int, str], str | None]
"""`trigger_intake(submission_id, db_path)` -> a flow run ID (or None); may raise."""


# --- answers -------------------------------------------------------------------------------

class IntakeStatus(BaseModel):
    queued: bool = Field(description="An intake flow run was created for this submission.")
    flow_run_id: str | None = None
    detail: str = ""


class UploadSummary(BaseModel):
    """The validation summary of one uploaded file."""

    submission_id: int | None
    kind: str = Field(description="reports | releases | custody")
    jurisdiction: str | None
    file_name: str
    status: str = Field(description="stored | duplicate | refused")
    duplicate: bool = Field(description="Identical to a file already stored: nothing changed.")
    rows_read: int
    rows_stored: int
    rows_quarantined: int
    rows_replaced: int = Field(description="Stored rows that replaced earlier versions (kept in history).")
    rows_changed: int = Field(0, description="Of the replaced rows, those whose values differ from the version"
                                            " they replace (a log sent again whole replaces every row it carries).")
    message: str
    quarantine_reasons: list[str] = Field(
        description="Up to 10 lines like 'row 12, column release_datetime: before booking_date'; "
                    "all of them at GET /v1/submissions/{submission_id}.")
    quarantine_reasons_in_file: list[str] = Field(
        default_factory=list,
        description="The same lines as a clerk finds them in the file: the row's line (or spreadsheet row) and the"
                    " file's own header of each column, e.g. \"row 12 (line 15), column release_datetime"
                    " ('Release Date'): before booking_date\".")
    intake: IntakeStatus


class QuarantinedRow(BaseModel):
    row_number: int = Field(description="1-based data row of the file (header excluded).")
    reasons: list[str]
    reasons_in_file: list[str] = Field(
        default_factory=list,
        description="The same reasons as a clerk finds them in the file, as the upload's answer names its first"
                    " ten: \"row 12 (line 15), column release_datetime ('Release Date'): before booking_date\""
                    " (files stored before store version 14: as `reasons`, with the row number).")


class SubmissionDetail(BaseModel):
    submission_id: int
    kind: str
    jurisdiction: str | None
    file_name: str
    status: str
    rows_read: int
    rows_stored: int
    rows_quarantined: int
    submitted_by: str | None
    submitted_at: datetime
    message: str | None
    superseded_by: int | None
    quarantined: list[QuarantinedRow]
    blanked: list[QuarantinedRow] = Field(
        default_factory=list,
        description="Stored rows whose bad optional cells (birth date, age, hold date) were left empty, and why")


class OutcomeRow(BaseModel):
    """One report entry's verdict (the columns of outcomes.csv, with the report row)."""

    entry_id: str
    jurisdiction: str | None
    report_week: date | None
    facility: str | None
    citizenship: str | None
    notable_criminal_activity: str | None
    detainer_issued_date: date | None
    detainer_declined_date: date | None
    detainer_age_days: int | None
    outcome: str
    confidence: float
    p_transferred: float
    p_other_agency: float | None
    p_declined: float | None
    p_in_custody: float | None
    p_no_record: float | None
    booking_id: str | None
    booking_jurisdiction: str | None = Field(None, description=(
        "The jurisdiction whose log holds the booking: another one's where ICE filed the entry under"
        " a same-named county of another state (booking numbers are each jail's own)."))
    custody_id: str | None
    duplicate_of: str | None
    stale: bool
    reasons: str


class Outcomes(BaseModel):
    run_id: str
    jurisdiction: str
    finished_at: datetime | None
    count: int
    outcomes: list[OutcomeRow]


class Health(BaseModel):
    status: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No token, or an unknown, wrong or revoked one."},
    403: {"description": "The token's role or jurisdiction does not reach this route (logged)."},
    503: {"description": "The store stayed busy (a reconciliation stage); retry after Retry-After."},
}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"description": "The multipart body could not be read."},
    413: {"description": "The upload is larger than the configured limit."},
    415: {"description": "Not multipart/form-data, or not a CSV, XLSX, Parquet or HTML-table file."},
    422: {"description": "The file was refused whole (e.g. a required column is missing); "
                         "the body is the validation summary.", "model": UploadSummary},
}


# --- the app -------------------------------------------------------------------------------

def create_app(
    db_path: str,
    *,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
    trigger_intake: IntakeTrigger | None = None,
    config_path: str | None = None,
) -> FastAPI:
    """The intake app over the store at `db_path`; `trigger_intake` queues the intake flow."""
    from linkage.config import load_config

    app = FastAPI(
        title="linkage intake",
        version="1",
        description=(
            "Submit jail release logs (sheriffs, own jurisdiction only), ICE Declined Detainer "
            "Outcome Report entries and ICE custody extracts (analysts); read each "
            "jurisdiction's reconciled verdicts. Authenticate with `Authorization: Bearer "
            "<token>` (tokens: `linkage tokens create`)."
        ),
    )
    app.state.db_path = str(db_path)
    app.state.max_upload_bytes = max_upload_bytes
    app.state.trigger_intake = trigger_intake
    app.state.config = load_config(config_path)
    # Make sure the file exists at the current schema before the first request.
    Store.open(db_path).close()

    app.add_middleware(AuditMiddleware, db_path=str(db_path))
    app.add_exception_handler(StoreBusy, _store_busy)
    app.include_router(_routes())
    if importlib.util.find_spec("linkage.review_web") is not None:
        review = importlib.import_module("linkage.review_web")
        # Server-rendered pages for people, not the machine API: kept out of openapi.json.
        app.include_router(review.router, include_in_schema=False)
    return app


async def _store_busy(request: Request, exc: Exception) -> JSONResponse:
    request.state.audit_detail = f"store busy: {exc}"
    return JSONResponse({"detail": "the store is busy; try again shortly"}, status_code=503,
                        headers={"Retry-After": RETRY_AFTER})


class AuditMiddleware:
    """Writes one `audit_log` row per request, after the answer has been sent."""

    def __init__(self, app, db_path: str):
        self.app = app
        self.db_path = db_path

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in UNAUDITED:
            await self.app(scope, receive, send)
            return
        scope[AUDIT_SCOPE_KEY] = True
        status = 500

        async def send_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            state = scope.get("state") or {}
            principal: Principal | None = state.get("principal")
            entry = AuditEntry(
                method=scope["method"], path=scope["path"][:500], status=status,
                token_id=principal.token_id if principal else None,
                role=principal.role if principal else None,
                jurisdiction=_scope_jurisdiction(scope) or (principal.jurisdiction if principal else None),
                detail=state.get("audit_detail"),
            )
            try:
                await run_in_threadpool(record, self.db_path, entry)
            except Exception:  # the answer is out; a lost log line must be loud, not a 500
                log.exception("audit log write failed for %s %s", entry.method, entry.path)


def _scope_jurisdiction(scope) -> str | None:
    params = scope.get("path_params") or {}
    if "state" in params and "county" in params:
        try:
            return jurisdiction_key(f"{params['state']}/{params['county']}")
        except TokenError:
            return f"{params['state']}/{params['county']}"[:100]
    return None


# --- routes --------------------------------------------------------------------------------

State = Annotated[str, PathParam(description="State code or name, e.g. MN", max_length=40)]
County = Annotated[str, PathParam(description="County name, e.g. Hennepin", max_length=80)]
Uploader = Annotated[Principal, Depends(require_role("sheriff", "analyst"))]
Reader = Annotated[Principal, Depends(require_role("sheriff", "analyst", "auditor"))]
Analyst = Annotated[Principal, Depends(require_role("analyst"))]


def _routes():
    from fastapi import APIRouter

    router = APIRouter(prefix="/v1")

    @router.get("/health", response_model=Health, tags=["service"])
    def health() -> Health:
        """Liveness: answers without touching the store or needing a token."""
        return Health(status="ok")

    @router.post(
        "/jurisdictions/{state}/{county}/release-logs", response_model=UploadSummary,
        responses=UPLOAD_ERRORS, openapi_extra=UPLOAD_BODY, tags=["uploads"],
    )
    async def upload_release_log(
        request: Request, state: State, county: County,
        who: Uploader,
    ):
        """A jail release log (CSV/XLSX/Parquet, field `file`) for this jurisdiction only.

        Rows for another jurisdiction are quarantined with their reasons; an identical
        re-upload answers `"duplicate": true` and stores nothing."""
        return await _upload(request, "releases", path_jurisdiction(request), who)

    @router.post("/reports", response_model=UploadSummary, responses=UPLOAD_ERRORS,
                 openapi_extra=UPLOAD_BODY, tags=["uploads"])
    async def upload_report_entries(request: Request, who: Analyst):
        """ICE Declined Detainer Outcome Report entries (analysts)."""
        return await _upload(request, "reports", None, who)

    @router.post("/custody", response_model=UploadSummary, responses=UPLOAD_ERRORS,
                 openapi_extra=UPLOAD_BODY, tags=["uploads"])
    async def upload_custody(request: Request, who: Analyst):
        """ICE custody book-ins, internal or FOIA extract (analysts)."""
        return await _upload(request, "custody", None, who)

    @router.get("/submissions/{submission_id}", response_model=SubmissionDetail,
                responses={**ERRORS, 404: {"description": "No such submission."}},
                tags=["uploads"])
    def submission(
        request: Request, who: Reader,
        submission_id: Annotated[int, PathParam(ge=1, le=2**62)],
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
        limit: Annotated[int, Query(ge=1, le=QUARANTINE_PAGE)] = QUARANTINE_PAGE,
    ) -> SubmissionDetail:
        """A submission, its quarantined rows and its rows stored with a bad optional cell left
        empty, each with every reason (both paged by offset/limit)."""
        with Store.open(request.app.state.db_path, read_only=True) as store:
            return _submission(request, store, submission_id, who, offset, limit)

    @router.get("/jurisdictions/{state}/{county}/report", response_class=HTMLResponse,
                responses={**ERRORS, 404: {"description": "No finished run covers this jurisdiction."},
                           200: {"content": {"text/html": {}}, "description": "report.html"}},
                tags=["verdicts"])
    def report(
        request: Request, state: State, county: County, who: Reader,
        redact: Annotated[bool, Query(description="Initials and birth years instead of names and birth dates.")] = False,
        run_id: Annotated[str | None, Query(max_length=200, description="A run (default: the latest finished run).")] = None,
    ) -> HTMLResponse:
        """The self-contained match confidence report of this jurisdiction (latest finished run)."""
        key = path_jurisdiction(request)
        with Store.open(request.app.state.db_path, read_only=True) as store:
            run, _ = _latest_run(store, key, run_id)
            html = _render_report(store, run, key, redact)
        request.state.audit_detail = f"report of {run}"
        return HTMLResponse(html)

    @router.get("/jurisdictions/{state}/{county}/outcomes", response_model=Outcomes,
                responses={**ERRORS, 404: {"description": "No finished run covers this jurisdiction."}},
                tags=["verdicts"])
    def outcomes(
        request: Request, state: State, county: County, who: Reader,
        run_id: Annotated[str | None, Query(max_length=200, description="A run (default: the latest finished run).")] = None,
    ) -> Outcomes:
        """Every listed entry of this jurisdiction with its verdict and probabilities."""
        from linkage.ingest.releases import booking_jurisdiction
        from linkage.report.scope import ENTRIES_SQL, scope_params

        key = path_jurisdiction(request)
        with Store.open(request.app.state.db_path, read_only=True) as store:
            run, finished = _latest_run(store, key, run_id)
            cursor = store.con.execute(f"{ENTRIES_SQL} order by report_week, entry_id",
                                       scope_params(run, key))
            names = [d[0] for d in cursor.description]
            rows = [OutcomeRow(**found, booking_jurisdiction=booking_jurisdiction(found["booking_uid"]))
                    for found in (dict(zip(names, row, strict=True)) for row in cursor.fetchall())]
        request.state.audit_detail = f"outcomes of {run}"
        return Outcomes(run_id=run, jurisdiction=key, finished_at=finished, count=len(rows), outcomes=rows)

    return router


async def _upload(request: Request, kind: str, jurisdiction: str | None, who: Principal):
    state = request.app.state
    folder, path = await receive_upload(request, limit=state.max_upload_bytes)
    try:
        result = await run_in_threadpool(_ingest, state.db_path, kind, path, jurisdiction, who,
                                         state.config)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    intake = IntakeStatus(queued=False, detail="nothing new to process")
    if result.status == "stored":
        intake = await run_in_threadpool(_queue, state.trigger_intake, result.submission_id, state.db_path)
    summary = UploadSummary(
        submission_id=result.submission_id, kind=kind, jurisdiction=result.jurisdiction or jurisdiction,
        file_name=result.file_name, status=result.status, duplicate=result.status == "duplicate",
        rows_read=result.rows_read, rows_stored=result.rows_stored,
        rows_quarantined=result.rows_quarantined, rows_replaced=result.rows_replaced,
        rows_changed=result.rows_changed, message=result.message, quarantine_reasons=result.quarantine_reasons,
        quarantine_reasons_in_file=[in_file(reason, result.row_one, result.headers)
                                    for reason in result.quarantine_reasons],
        intake=intake,
    )
    request.state.audit_detail = (
        f"submission {result.submission_id} ({result.file_name}): {result.status}, "
        f"{result.rows_stored} stored, {result.rows_quarantined} quarantined"
    )[:500]
    code = 422 if result.status == "refused" else 200
    return JSONResponse(summary.model_dump(mode="json"), status_code=code)


def _ingest(db_path: str, kind: str, path: Path, jurisdiction: str | None, who: Principal, config):
    from linkage.ingest import submit

    with Store.open(db_path) as store:
        try:
            results = submit(store, kind, path, jurisdiction=jurisdiction,
                             submitted_by=f"{who.role}:{who.token_id}", config=config)
        except StoreBusy:
            raise
        except LinkageError as exc:
            raise HTTPException(422, str(exc)) from exc
    return results[0]


def _queue(trigger: IntakeTrigger | None, submission_id: int, db_path: str) -> IntakeStatus:
    if trigger is None:
        return IntakeStatus(queued=False, detail="no intake trigger configured; the weekly run will include it")
    try:
        flow_run_id = trigger(submission_id, db_path)
    except Exception as exc:  # the file is stored either way; say why nothing was queued
        log.warning("intake trigger failed for submission %s: %s", submission_id, exc)
        return IntakeStatus(queued=False, detail=f"intake not queued ({type(exc).__name__}: {exc}); "
                                                 "the weekly run will include it")
    return IntakeStatus(queued=True, flow_run_id=str(flow_run_id) if flow_run_id else None,
                        detail="intake flow run created")


def _submission(request: Request, store: Store, submission_id: int, who: Principal,
                offset: int, limit: int) -> SubmissionDetail:
    cursor = store.con.execute(
        """select submission_id, kind, jurisdiction, file_name, status, rows_read, rows_stored,
                  rows_quarantined, submitted_by, submitted_at, message, superseded_by
           from submissions where submission_id = ?""", [submission_id])
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        raise HTTPException(404, f"no submission {submission_id}")
    found = dict(zip(names, rows[0], strict=True))
    if who.role == "sheriff" and found["jurisdiction"] != who.jurisdiction:
        request.state.audit_detail = (f"denied: submission {submission_id} belongs to "
                                      f"{found['jurisdiction'] or 'no jurisdiction'}")
        raise HTTPException(403, f"submission {submission_id} is not of {who.jurisdiction}")
    request.state.audit_detail = f"submission {submission_id}"
    rows = {table: [QuarantinedRow(row_number=number, reasons=why, reasons_in_file=located)
                    for number, why, located in rows_in_file(store, submission_id, table, offset=offset, limit=limit)]
            for table in ("quarantine", "blanked_cells")}
    return SubmissionDetail(**found, quarantined=rows["quarantine"], blanked=rows["blanked_cells"])


def _latest_run(store: Store, key: str, run_id: str | None) -> tuple[str, datetime | None]:
    """The run (given, or the latest finished one) that has verdicts for `key`; 404 if none."""
    rows = store.con.execute(
        """select r.run_id, r.finished_at from runs r
           where r.status = 'done' and (?::varchar is null or r.run_id = ?)
             and exists (select 1 from outcomes o join report_entries e using (entry_id)
                         where o.run_id = r.run_id and e.jurisdiction = ?)
           order by r.started_at desc limit 1""", [run_id, run_id, key]).fetchall()
    if not rows:
        if run_id:
            raise HTTPException(404, f"run {run_id!r} has no verdicts for {key}")
        # "Yet" only where a run may still bring some: after one, ICE listed nobody here.
        latest = store.con.execute("select arg_max(run_id, started_at) from runs where status = 'done'").fetchall()[0][0]
        raise HTTPException(404, f"no finished run has verdicts for {key} yet" if latest is None
                            else f"ICE listed no entry for {key} in any finished run (the latest: {latest})")
    return rows[0][0], rows[0][1]


def _render_report(store: Store, run_id: str, key: str, redact: bool) -> str:
    import tempfile

    from linkage.report.html import write_report

    with tempfile.TemporaryDirectory(prefix="linkage-report-") as tmp:
        path = write_report(store, run_id, Path(tmp) / "report.html", jurisdiction=key, redact=redact)
        return path.read_text(encoding="utf-8")
