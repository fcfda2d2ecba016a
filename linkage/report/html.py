"""The match confidence report: one self-contained HTML file (scripts, styles, data and
charts inlined; opens from disk; fetches nothing).

    >>> write_report(store, "run-1", "out/report.html")
    PosixPath('out/report.html')
    >>> write_report(store, "run-1", "travis.html", jurisdiction="TX/TRAVIS", redact=True)

Jinja escapes every value put into HTML; data for the page's script goes into one
`<script type="application/json">` block with `<`, `>`, `&` written as `\\u003c` … so no value
can close the script element. The page's own script builds DOM nodes with `textContent`
only, never `innerHTML`, so values stay text there too.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from linkage.files import private_dir, written_whole
from linkage.report import charts
from linkage.report.assets import page_css, page_js, vega_libraries
from linkage.report.diagnostics import allowed_submissions, model_diagnostics, only_submissions
from linkage.report.payload import MAX_CANDIDATES, build_payload
from linkage.report.scope import (
    ENTRIES_SQL,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    OUTCOMES,
    check_run,
    scope_params,
)
from linkage.report.tables import JURISDICTIONS_SQL
from linkage.report.words import (
    CARD_ROWS,
    COMPARISONS,
    FIELD_PREFIXES,
    OUTCOME_MEANINGS,
    OUTCOME_PHRASES,
    place_name,
)
from linkage.store import Store

TEMPLATES = Path(__file__).parent / "templates"
GAP_CARDS = 5  # jurisdiction-weeks with the widest gap between listed and verified


def script_json(value: Any) -> Markup:
    """JSON safe inside a <script> element: nothing in it can end the element or a comment.

        >>> script_json({"x": "</script>"})
        Markup('{"x":"\\\\u003c/script\\\\u003e"}')
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every {{ value }} is HTML-escaped unless marked safe here
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda x, total: f"{100 * x / total:.0f}%" if total else "–"
    env.filters["week"] = lambda d: d.strftime("%-d %b %Y") if isinstance(d, date) else str(d)
    env.filters["num"] = lambda x, digits=4: "–" if x is None else f"{x:.{digits}f}"
    env.filters["place"] = place_name
    env.filters["plural"] = lambda n, word, many=None: f"{n} {word if n == 1 else many or word + 's'}"
    return env


def headline(store: Store, run_id: str, jurisdiction: str | None) -> dict[str, Any]:
    """Totals over the scope, per-jurisdiction-week rows, and the widest gaps first."""
    result = store.con.execute(JURISDICTIONS_SQL, scope_params(run_id, jurisdiction))
    names = [d[0] for d in result.description]
    weeks = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    totals = {k: sum(w[k] for w in weeks)
              for k in ("listed", *OUTCOMES, "duplicates", "stale")}
    by_jurisdiction: dict[str, dict[str, Any]] = {}
    for w in weeks:
        j = by_jurisdiction.setdefault(w["jurisdiction"], {"jurisdiction": w["jurisdiction"],
                                       **{k: 0 for k in totals}, "weeks": 0})
        j["weeks"] += 1
        for k in totals:
            j[k] += w[k]
    gaps = sorted(weeks, key=lambda w: (-(w["listed"] - w["declined_confirmed"]),
                                        w["jurisdiction"], w["report_week"]))[:GAP_CARDS]
    # Weeks the run covers (of every jurisdiction): a week in which ICE listed nobody from
    # this jurisdiction is a week with no declines, and counts in its weekly rate.
    n_weeks = store.con.execute(
        f"select count(distinct report_week) from ({ENTRIES_SQL})", scope_params(run_id)
    ).fetchall()[0][0]
    # Label-free expected errors of the transfer count (Σ 1 − p over transfer verdicts, Σ p
    # over the rest): how far the headline count may be off, from the posteriors alone.
    from linkage.match.labels import expected_errors

    return {"totals": totals, "weeks": weeks, "gaps": gaps, "n_weeks": n_weeks,
            "jurisdictions": sorted(by_jurisdiction.values(), key=lambda j: -j["listed"]),
            "expected": expected_errors(store, run_id, jurisdiction)}


def write_report(store: Store, run_id: str, out_file: str | os.PathLike, *,
                 jurisdiction: str | None = None, redact: bool = False,
                 top_k: int = MAX_CANDIDATES) -> Path:
    """Render the report of `run_id` (optionally one jurisdiction, optionally redacted); each
    evidence card lists the `top_k` best candidates of each hop."""
    check_run(store, run_id, jurisdiction)
    params = scope_params(run_id, jurisdiction)
    run = _run(store, run_id, jurisdiction)
    hops = model_diagnostics(store, run_id, jurisdiction=jurisdiction)
    specs = {
        "outcomes_by_jurisdiction": charts.outcomes_by_jurisdiction(store, params),
        "weekly_trend": charts.weekly_trend(store, params),
        "confidence": charts.confidence_distribution(store, params),
        "detainer_age": charts.detainer_age(store, params),
    }
    for hop in hops:
        specs[f"weights_{hop['hop']}"] = charts.match_weights(hop["levels"], hop["prior_weight"])
    data = build_payload(store, run_id, jurisdiction=jurisdiction, redact=redact,
                         top_k=top_k)
    data["specs"] = specs
    data["outcomes"] = {o: {"label": OUTCOME_LABELS[o], "colour": OUTCOME_COLOURS[o],
                            "meaning": OUTCOME_MEANINGS[o]} for o in OUTCOMES}
    data["words"] = _card_words(store, params, hops, run)
    html = _environment().get_template("report.html.j2").render(
        run=run, jurisdiction=jurisdiction, redact=redact, head=headline(store, run_id, jurisdiction),
        hops=hops, outcomes=OUTCOMES, labels=OUTCOME_LABELS, colours=OUTCOME_COLOURS,
        meanings=OUTCOME_MEANINGS, phrases=OUTCOME_PHRASES,
        data=script_json(data), css=Markup(page_css()), js=Markup(page_js()),
        libraries=[(name, note, Markup(code)) for name, note, code in vega_libraries()],
    )
    out = Path(out_file)
    private_dir(out.parent)  # the report names people: owner-only (linkage/files.py)
    with written_whole(out) as part:  # the old report stays until the new one is whole
        part.write_text(html, encoding="utf-8")
    return out


def _card_words(store: Store, params: dict, hops: list[dict], run: dict) -> dict[str, Any]:
    """What the evidence card needs to speak in words: comparison names, card rows, place
    names, and each level's model weight, so a card can tell the term-frequency part of a
    pair's weight (the pair's weight minus its level's) from the level's own."""
    places = [r[0] for r in store.con.execute(
        f"select distinct jurisdiction from ({ENTRIES_SQL}) where jurisdiction is not null"
        " order by jurisdiction",
        params).fetchall()]
    levels = {hop["hop"]: {} for hop in hops}
    for hop in hops:
        for lv in hop["levels"]:
            levels[hop["hop"]].setdefault(lv["name"], {})[lv["label"]] = [
                None if lv["weight"] is None else round(lv["weight"], 3), lv["tf"]]
    return {"comparisons": COMPARISONS, "levels": levels, "card_rows": CARD_ROWS,
            "prefixes": FIELD_PREFIXES, "places": {j: place_name(j) for j in places},
            "review_threshold": run.get("review_threshold")}


def _run(store: Store, run_id: str, jurisdiction: str | None) -> dict[str, Any]:
    result = store.con.execute(
        "select run_id, started_at, finished_at, status, config_hash, seed, hop1_model,"
        " hop2_model, inputs::varchar as inputs, versions::varchar as versions,"
        " config_json->'$.reconcile.review_threshold' as review_threshold,"
        " (config_json->>'$.reconcile.stale_days')::integer as stale_days"
        " from runs where run_id = ?", [run_id])
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    run = dict(zip(names, rows[0], strict=True)) if rows else {"run_id": run_id}
    # Minutes are enough for a person; the store keeps the microseconds.
    run = {k: str(v)[:16] if isinstance(v, date) else v for k, v in run.items()}
    if run.get("review_threshold") is not None:
        run["review_threshold"] = float(run["review_threshold"])
    for key in ("inputs", "versions"):
        value = json.loads(run[key]) if run.get(key) else {}
        allowed = allowed_submissions(store, jurisdiction)
        run[key] = only_submissions(value, allowed) if allowed is not None else value
    return run
