"""The review queue and decision form in the browser, for tokens with the auditor role.

    >>> from linkage.review_web import router
    >>> app.include_router(router)        # linkage/api.py: GET /review, /review/entries/{id}, POST .../decide

Server-rendered HTML (Jinja2, autoescaped, no scripts, no external URLs); the same stages and
rules as `linkage review` (linkage/review.py). Authentication is the HTTP service's:
`linkage.api_auth.require_role("auditor")` yields the principal, whose label (or token id) is
recorded as the decider. The store comes from `app.state.db_path` (else $LINKAGE_DB), opened
per request (read-only for pages, read-write for a decision): DuckDB allows one writer per
file, so no connection is held between requests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from linkage.errors import LinkageError
from linkage.review import (
    ReviewError,
    decision_outcome,
    entry_detail,
    entry_history,
    latest_run,
    record_decision,
    review_queue,
)
from linkage.store import Store

try:
    from linkage.api_auth import require_role
except ImportError:  # the HTTP service (issue 5) not installed yet: nobody is authenticated

    def require_role(*roles: str):  # type: ignore[no-redef]
        def unauthenticated() -> None:
            raise HTTPException(status_code=401, detail="authentication is not configured")

        return unauthenticated


AUDITOR = require_role("auditor")
"""The dependency every route needs (tests and the app may override it by this object)."""


def _store_path(request: Request) -> str | None:
    return getattr(request.app.state, "db_path", None) or os.environ.get("LINKAGE_DB")


def reading_store(request: Request) -> Iterator[Store]:
    """A read-only store for one request (shared lock: pages never block each other)."""
    store = Store.open(_store_path(request), read_only=True)
    try:
        yield store
    finally:
        store.close()


def writing_store(request: Request) -> Iterator[Store]:
    """A read-write store for one decision (exclusive lock, held only for this request)."""
    store = Store.open(_store_path(request))
    try:
        yield store
    finally:
        store.close()


router = APIRouter(prefix="/review", tags=["review"])
Principal = Annotated[Any, Depends(AUDITOR)]
StoreDep = Annotated[Store, Depends(reading_store)]
WritingStoreDep = Annotated[Store, Depends(writing_store)]

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · linkage review</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:75rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}.agrees{color:#05683b}.disagrees{color:#a0200f}.dim{color:#666;font-size:90%}
.err{background:#fde8e4;border:1px solid #a0200f;padding:.5rem}.ok{background:#e6f4ea;border:1px solid #05683b;padding:.5rem}
fieldset{margin:.5rem 0}nav a{margin-right:1rem}
</style></head><body>
<nav><a href="{{ base }}">Queue</a>{% if blind %}<b>Blind mode</b>: probabilities and weights hidden{% endif %}</nav>
{% block body %}{% endblock %}
</body></html>"""

_QUEUE = """{% extends "page" %}{% block body %}
<h1>Review queue</h1>
<p class="dim">Run {{ run_id }}. needs_review first, then close verdicts; each group by the expected
change in the confirmed-declines and transfers-to-ICE counts if decided.</p>
<form method="get" action="{{ base }}"><label>Jurisdiction <input name="jurisdiction" value="{{ jurisdiction or '' }}" placeholder="TX/TRAVIS"></label>
<label>Limit <input name="limit" type="number" min="1" value="{{ limit }}"></label>
<label><input type="checkbox" name="blind" value="1"{% if blind %} checked{% endif %}> blind</label> <button>Show</button></form>
{% if not queue %}<p>Nothing to review.</p>{% else %}
<table><tr><th>entry</th><th>jurisdiction</th><th>week</th><th>verdict</th><th>candidates</th>
{% if not blind %}<th>confidence</th><th>runner-up</th><th>priority</th>{% endif %}</tr>
{% for i in queue %}<tr><td><a href="{{ entry_url(i.entry_id) }}">{{ i.entry_id }}</a></td><td>{{ i.jurisdiction }}</td>
<td>{{ i.report_week }}</td><td>{{ i.outcome if not blind or i.outcome == 'needs_review' else 'to check' }}</td><td>{{ i.n_candidates }}</td>
{% if not blind %}<td>{{ '%.2f' % i.confidence }}</td><td>{{ i.runner_up }} {{ '%.2f' % i.p_runner_up }}</td><td>{{ '%.2f' % i.priority }}</td>{% endif %}</tr>
{% endfor %}</table>{% endif %}
{% endblock %}"""

_ENTRY = """{% extends "page" %}{% block body %}
{% set e = d.entry %}
<h1>{{ e.entry_id }}</h1>
{% if error %}<p class="err">{{ error }}</p>{% endif %}{% if message %}<p class="ok">{{ message }}</p>{% endif %}
<p>{{ e.jurisdiction }} · week of {{ e.report_week }} · {{ e.facility }} · {{ e.citizenship or 'citizenship unknown' }}<br>
issued {{ e.detainer_issued_date }}, decline recorded {{ e.detainer_declined_date }} · {{ e.notable_criminal_activity or 'no offence listed' }}</p>
{% if not blind and d.verdict %}<p>Model (run {{ d.run_id }}): <b>{{ d.model_verdict.outcome }}</b> {{ '%.2f' % d.model_verdict.confidence }}
· P(ICE) {{ '%.2f' % d.model_verdict.p_transferred }} · P(declined) {{ '%.2f' % d.model_verdict.p_declined }}
· P(in custody) {{ '%.2f' % d.model_verdict.p_in_custody }} · P(no record) {{ '%.2f' % d.model_verdict.p_no_record }}</p>
<p class="dim">{{ d.verdict.reasons }}</p>{% endif %}
{% if d.decision %}<p>Decision {{ 'that no longer holds' if d.decision_lapsed else 'in force' }}: #{{ d.decision.decision_id }} by {{ d.decision.decided_by }} on {{ d.decision.decided_at|when }}
— booking {{ d.decision.booking_uid or 'none' }}, custody {{ d.decision.custody_id or ('none' if d.decision.no_custody else '–') }}
{% if d.decision.note %}({{ d.decision.note }}){% endif %}</p>{% endif %}
<p><a href="{{ history_url }}">History</a> · <a href="{{ toggle_url }}">{{ 'show the model' if blind else 'blind mode' }}</a></p>
<h2>Candidate bookings ({{ d.candidates|length }} of {{ d.n_candidates }})</h2>
{% if d.candidates %}<table><tr><th></th><th>entry</th>{% for c in d.candidates %}<th>{{ c.booking_uid }}</th>{% endfor %}</tr>
{% for f in fields %}<tr><th>{{ f }}</th><td></td>{% for c in d.candidates %}<td>{{ c[f] if c[f] is not none else '' }}</td>{% endfor %}</tr>{% endfor %}
{% for comp in d.candidates[0].comparisons %}{% set n = loop.index0 %}<tr><th>{{ comp.name }}</th><td>{{ comp.value_l or '–' }}</td>
{% for c in d.candidates %}{% set x = c.comparisons[n] %}<td class="{{ x.get('verdict', '') }}">{{ x.value_r or '–' }}<br><span class="dim">{{ x.label }}{% if not blind %} ({{ '%+.1f' % x.match_weight }}){% endif %}</span></td>{% endfor %}</tr>{% endfor %}
{% if not blind %}<tr><th>match weight</th><td></td>{% for c in d.candidates %}<td>{{ '%.1f' % c.match_weight }}</td>{% endfor %}</tr>
<tr><th>P(booking)</th><td></td>{% for c in d.candidates %}<td>{{ '%.2f' % c.p_booking if c.p_booking is not none else '–' }}</td>{% endfor %}</tr>{% endif %}
</table>
{% for c in d.candidates %}{% set ks = d.book_ins[c.booking_uid] %}{% if ks %}
<h3>ICE book-ins after {{ c.booking_uid }}</h3><table><tr><th>custody</th><th>book-in</th><th>hours after</th><th>name</th><th>birth</th><th>sex</th><th>method</th>{% if not blind %}<th>weight</th>{% endif %}</tr>
{% for k in ks %}<tr><td>{{ k.custody_id }}</td><td>{{ k.book_in_datetime }}</td><td>{{ k.hours_after }}{% if k.release_day_only %} from the release day's start{% endif %}</td><td>{{ k.last_name or '' }} {{ k.first_name or '' }}</td>
<td>{{ k.birth_date or k.birth_year or '' }}</td><td>{{ k.sex or '' }}</td><td>{{ k.apprehension_method or '' }}</td>{% if not blind %}<td>{{ '%.1f' % k.match_weight }}</td>{% endif %}</tr>{% endfor %}
</table>{% endif %}{% endfor %}{% endif %}
<h2>Decide</h2>
<form method="post" action="{{ decide_url }}">
<fieldset><legend>Booking</legend>
{% for c in d.candidates %}<label><input type="radio" name="booking" value="{{ c.booking_uid }}"> {{ c.booking_uid }}</label><br>{% endfor %}
<label><input type="radio" name="booking" value="__other__"> another: <input name="other_booking" placeholder="booking_id or ST/COUNTY#ID"></label><br>
<label><input type="radio" name="booking" value="__none__"> none fits (no release record)</label></fieldset>
<fieldset><legend>ICE custody after release</legend>
<label><input type="radio" name="custody_choice" value="" checked> not applicable (in custody at the decline, or no booking)</label><br>
<label><input type="radio" name="custody_choice" value="__none__"> no ICE book-in followed</label><br>
<label><input type="radio" name="custody_choice" value="__id__"> book-in: <input name="custody" placeholder="custody_id"></label></fieldset>
<label>Note <input name="note" size="60"></label>
<input type="hidden" name="blind" value="{{ '1' if blind else '' }}">
<input type="hidden" name="run_id" value="{{ d.run_id }}">
<button>Record decision</button></form>
{% endblock %}"""

_HISTORY = """{% extends "page" %}{% block body %}
<h1>History of {{ entry_id }}</h1>
<table><tr><th>run</th><th>models</th><th>model verdict</th><th>confidence</th><th>in force</th><th>booking</th><th>custody</th></tr>
{% for r in h.runs %}<tr><td>{{ r.run_id }}</td><td>{{ r.hop1_model }} / {{ r.hop2_model }}</td><td>{{ r.model_outcome }}</td>
<td>{{ '%.2f' % r.model_confidence }}</td><td>{{ ('%s (decision #%s)' % (r.in_force, r.decision_id)) if r.decision_id else 'model' }}</td>
<td>{{ r.booking_id or '' }}</td><td>{{ r.custody_id or '' }}</td></tr>{% endfor %}</table>
<h2>Decisions</h2>{% if not h.decisions %}<p>None.</p>{% else %}
<table><tr><th>#</th><th>when</th><th>by</th><th>booking</th><th>custody</th><th>note</th><th>run on screen</th><th>blind</th></tr>
{% for x in h.decisions %}<tr><td>{{ x.decision_id }}</td><td>{{ x.decided_at|when }}</td><td>{{ x.decided_by }}</td>
<td>{{ 'none' if x.no_booking else x.booking_uid }}</td><td>{{ x.custody_id or ('none' if x.no_custody else '–') }}</td>
<td>{{ x.note or '' }}</td><td>{{ x.run_id }}</td><td>{{ 'yes' if x.blind else '' }}</td></tr>{% endfor %}</table>{% endif %}
<p><a href="{{ entry_url }}">Back to the entry</a></p>
{% endblock %}"""

_ENV = jinja2.Environment(
    loader=jinja2.DictLoader({"page": _PAGE, "queue": _QUEUE, "entry": _ENTRY, "history": _HISTORY}),
    autoescape=True,  # every value is HTML-escaped: names and notes are data, never markup
    undefined=jinja2.StrictUndefined,
)
# A decision's time is an instant: shown to the minute, with the zone it is shown in.
_ENV.filters["when"] = lambda t: t.strftime("%Y-%m-%d %H:%M %Z").strip() if hasattr(t, "strftime") else t
FIELDS = ("booking_id", "full_name", "dob", "age", "sex", "booking_date", "release_datetime",
          "release_reason", "charges", "place_of_birth", "hold_agency", "hold_date")


def _render(name: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    base = str(request.url_for("review_queue_page").path)
    html = _ENV.get_template(name).render(base=base, **context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _who(principal: Any, store: Store) -> str:
    """The decider as recorded: the token's label with its public id ('R. Diaz (tok_ab12)')."""
    token_id = getattr(principal, "token_id", None)
    if not token_id:
        raise HTTPException(status_code=403, detail="no token id to record as the decider")
    found = store.con.execute("select label from tokens where token_id = ?", [token_id]).fetchall()
    label = found[0][0] if found else None
    return f"{label} ({token_id})" if label else str(token_id)


def _entry_url(request: Request, entry_id: str, page: str = "", **query: str) -> str:
    """The entry's page (or its `page`: 'history', 'decide'), the ID as one percent-encoded
    segment: IDs come from ICE files and may hold '/', '#', '?', spaces or any script.

        >>> _entry_url(request, "DD/1#2", "history")   # '/review/entries/DD%2F1%232/history'
    """
    base = str(request.url_for("review_queue_page").path)
    path = f"{base}/entries/{quote(entry_id, safe='')}" + (f"/{page}" if page else "")
    extra = "&".join(f"{k}={quote(v, safe='')}" for k, v in query.items() if v)
    return path + ("?" + extra if extra else "")


@router.get("", response_class=HTMLResponse, name="review_queue_page")
def queue_page(request: Request, principal: Principal, store: StoreDep, jurisdiction: str | None = None,
               limit: int = 50, blind: bool = False) -> HTMLResponse:
    """The queue (same order and filter as `linkage review list`)."""
    key = None
    if jurisdiction:
        from linkage.normalize.places import county_key, state_code

        state, _, county = jurisdiction.partition("/")
        key = f"{state_code(state)}/{county_key(county)}"
    try:
        queue = review_queue(store, jurisdiction=key, limit=max(limit, 1))
        run_id = queue[0]["run_id"] if queue else latest_run(store)
    except LinkageError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return _render("queue", request, title="Queue", queue=queue, run_id=run_id, jurisdiction=jurisdiction,
                   limit=limit, blind=blind,
                   entry_url=lambda e: _entry_url(request, e, blind="1" if blind else ""))


def _entry_response(request: Request, store: Store, entry_id: str, blind: bool, status: int = 200,
                    **context: Any) -> HTMLResponse:
    try:
        detail = entry_detail(store, entry_id, blind=blind)
    except LinkageError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return _render(
        "entry", request, status, title=entry_id, d=detail, blind=blind, fields=FIELDS,
        decide_url=_entry_url(request, entry_id, "decide"), history_url=_entry_url(request, entry_id, "history"),
        toggle_url=_entry_url(request, entry_id, blind="" if blind else "1"),
        error=context.get("error"), message=context.get("message"),
    )


@router.post("/entries/{entry_id:path}/decide", name="review_decide")
def decide(
    request: Request, entry_id: str, principal: Principal, store: WritingStoreDep,
    booking: Annotated[str, Form()] = "", other_booking: Annotated[str, Form()] = "",
    custody_choice: Annotated[str, Form()] = "", custody: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "", blind: Annotated[str, Form()] = "", run_id: Annotated[str, Form()] = "",
) -> Any:
    """Record a decision (same validation as `linkage review decide`); 303 back to the entry."""
    _same_origin(request)
    is_blind = bool(blind)
    chosen = other_booking.strip() if booking == "__other__" else booking.strip()
    try:
        if not booking or (booking == "__other__" and not chosen):
            raise LinkageError("choose a booking, or 'none fits'")
        if custody_choice == "__id__" and not custody.strip():
            raise LinkageError("give the custody_id of the ICE book-in, or choose another custody option")
        with store.transaction():
            result = record_decision(
                store, entry_id, by=_who(principal, store),
                booking=None if booking == "__none__" else chosen, none=booking == "__none__",
                custody=custody.strip() if custody_choice == "__id__" else None,
                no_custody=custody_choice == "__none__", note=note.strip() or None,
                run_id=run_id or None, blind=is_blind,
            )
    except ReviewError as exc:
        return _entry_response(request, store, entry_id, is_blind, status=422, error=exc.form)
    except LinkageError as exc:
        return _entry_response(request, store, entry_id, is_blind, status=422, error=str(exc))
    # The page shows the banner of the decision it looks up, never text from the URL.
    url = _entry_url(request, entry_id, blind="1" if is_blind else "", decided=str(result["decision_id"]))
    return RedirectResponse(url, status_code=303)


@router.get("/entries/{entry_id:path}/history", response_class=HTMLResponse, name="review_history_page")
def history_page(request: Request, entry_id: str, principal: Principal, store: StoreDep) -> HTMLResponse:
    """Each run's model verdict and every decision."""
    try:
        h = entry_history(store, entry_id)
    except LinkageError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return _render("history", request, title=f"History {entry_id}", h=h, entry_id=entry_id, blind=False,
                   entry_url=_entry_url(request, entry_id))


# Registered after /decide and /history: the entry page's `path` parameter would otherwise
# swallow "<id>/history" (IDs may hold '/', so the parameter must be a path).
@router.get("/entries/{entry_id:path}", response_class=HTMLResponse, name="review_entry_page")
def entry_page(request: Request, entry_id: str, principal: Principal, store: StoreDep,
               blind: bool = False, decided: int | None = None) -> HTMLResponse:
    """The entry, its candidates side by side, and the decision form; after a decision
    (`?decided=ID`, the redirect of decide), a banner saying what it recorded."""
    message = None
    found = decision_outcome(store, decided) if decided is not None else None
    if found and found["entry_id"] == entry_id:
        message = f"decision #{found['decision_id']} recorded: {found['outcome']} (applies at the next run)"
    return _entry_response(request, store, entry_id, blind, message=message)


def _same_origin(request: Request) -> None:
    """Refuse a cross-site form post (a browser sends Origin on POST): a token held in a
    cookie must not let another site record decisions."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise HTTPException(status_code=403, detail="cross-origin form post refused")
