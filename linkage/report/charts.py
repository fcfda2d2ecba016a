"""Vega-Lite specs of the report's charts, with their data aggregated in DuckDB first (a
chart of 10,000 entries carries a few hundred numbers, not 10,000 rows).

    >>> spec = outcomes_by_jurisdiction(store, scope_params("run-1"))
    >>> spec["mark"]["type"]
    'bar'

Specs carry no `$schema` URL: the page draws them with the inlined Vega and must not
reference the network.
"""

from __future__ import annotations

from typing import Any

from linkage.report.scope import (
    ENTRIES_SQL,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    OUTCOMES,
)
from linkage.report.words import place_name
from linkage.store import Store

Spec = dict[str, Any]

_COLOUR = {
    "field": "label",
    "type": "nominal",
    "title": None,
    "scale": {"domain": [OUTCOME_LABELS[o] for o in OUTCOMES],
              "range": [OUTCOME_COLOURS[o] for o in OUTCOMES]},
    "legend": {"orient": "bottom", "columns": 3},
}
_BASE: Spec = {"width": "container", "background": None,
               "config": {"view": {"stroke": None}, "font": "system-ui, sans-serif",
                          "axis": {"labelFontSize": 11, "titleFontSize": 11}}}
_ORDER = {"field": "order", "type": "quantitative"}

AGE_BUCKETS = [(0, 7, "< 1 week"), (7, 28, "1–4 weeks"), (28, 91, "1–3 months"),
               (91, 365, "3–12 months"), (365, 730, "1–2 years"), (730, 1826, "2–5 years"),
               (1826, 10**6, "5+ years")]


def _rows(store: Store, sql: str, params: dict) -> list[dict[str, Any]]:
    result = store.con.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _outcome_case() -> str:
    labels = " ".join(f"when '{o}' then '{OUTCOME_LABELS[o]}'" for o in OUTCOMES)
    order = " ".join(f"when '{o}' then {i}" for i, o in enumerate(OUTCOMES))
    return f"case outcome {labels} end as label, case outcome {order} end as \"order\""


def outcomes_by_jurisdiction(store: Store, params: dict) -> Spec:
    """Stacked bars: per jurisdiction, how ICE's listed entries break down by outcome."""
    rows = _rows(store, f"""
        select jurisdiction, {_outcome_case()}, count(*) as n,
               sum(count(*)) over (partition by jurisdiction) as listed
        from ({ENTRIES_SQL}) group by jurisdiction, outcome
        order by listed desc, jurisdiction, "order"
    """, params)
    n_jurisdictions = len({r["jurisdiction"] for r in rows})
    for r in rows:
        r["place"] = place_name(r["jurisdiction"])
    return {**_BASE, "height": max(60, 22 * n_jurisdictions),
            "data": {"values": rows}, "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "place", "type": "nominal", "sort": "-x", "title": None},
                "x": {"aggregate": "sum", "field": "n", "type": "quantitative",
                      "title": "entries listed by ICE"},
                "color": _COLOUR, "order": _ORDER,
                "tooltip": [{"field": "place", "title": "jurisdiction"},
                            {"field": "label", "title": "outcome"},
                            {"field": "n", "type": "quantitative", "title": "entries"}]}}


def weekly_trend(store: Store, params: dict) -> Spec:
    """Per report week, the entries ICE listed (grey) with the declines the evidence supports
    drawn over them (orange): "67 listed, 3 confirmed" reads as a nearly empty bar."""
    rows = _rows(store, f"""
        select strftime(report_week, '%d %b') as week, report_week::varchar as week_start,
               count(*) as listed,
               count(*) filter (where outcome = 'declined_confirmed') as confirmed,
               count(*) filter (where outcome = 'transferred_to_ice') as to_ice,
               count(*) filter (where stale) as stale
        from ({ENTRIES_SQL}) group by report_week order by report_week
    """, params)
    x = {"field": "week", "type": "ordinal", "sort": None, "title": "report week (its first day)",
         "axis": {"labelAngle": 0}}
    tooltip = [{"field": "week_start", "title": "week of"},
               {"field": "listed", "title": "listed by ICE"},
               {"field": "confirmed", "title": "declines confirmed"},
               {"field": "to_ice", "title": "transferred to ICE"},
               {"field": "stale", "title": "stale detainers"}]
    return {**_BASE, "height": 170, "data": {"values": rows},
            "layer": [
                {"mark": {"type": "bar", "color": "#c5cbd6", "tooltip": True},
                 "encoding": {"x": x, "y": {"field": "listed", "type": "quantitative",
                                            "title": "entries"}, "tooltip": tooltip}},
                {"mark": {"type": "bar", "color": OUTCOME_COLOURS["declined_confirmed"],
                          "tooltip": True},
                 "encoding": {"x": x, "y": {"field": "confirmed", "type": "quantitative"},
                              "tooltip": tooltip}},
                {"mark": {"type": "text", "dy": -6, "fontSize": 11, "color": "#1d2330"},
                 "encoding": {"x": x, "y": {"field": "listed", "type": "quantitative"},
                              "text": {"field": "listed"}}},
            ]}


def confidence_distribution(store: Store, params: dict) -> Spec:
    """Histogram of verdict confidence in bins of 0.05, stacked by outcome."""
    rows = _rows(store, f"""
        select least(floor(confidence * 20), 19) / 20 as lo,
               least(floor(confidence * 20), 19) / 20 + 0.05 as hi,
               {_outcome_case()}, count(*) as n
        from ({ENTRIES_SQL}) group by all order by lo, "order"
    """, params)
    return {**_BASE, "height": 200, "data": {"values": rows},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {"field": "lo", "type": "quantitative", "bin": {"binned": True, "step": 0.05},
                      "title": "confidence of the verdict", "scale": {"domain": [0, 1]}},
                "x2": {"field": "hi"},
                "y": {"aggregate": "sum", "field": "n", "type": "quantitative", "title": "entries"},
                "color": _COLOUR, "order": _ORDER}}


def detainer_age(store: Store, params: dict) -> Spec:
    """Bars of the detainer's age when ICE recorded the decline; a year or more is stale."""
    cases = " ".join(f"when detainer_age_days < {hi} then {i}"
                     for i, (_, hi, _) in enumerate(AGE_BUCKETS))
    rows = _rows(store, f"""
        select case {cases} end as bucket, count(*) as n,
               case when bool_or(stale) then 'stale detainer' else 'recent detainer' end as kind
        from ({ENTRIES_SQL}) where detainer_age_days is not null
        group by bucket, stale order by bucket, stale
    """, params)
    for r in rows:
        r["age"] = AGE_BUCKETS[r.pop("bucket")][2]
    return {**_BASE, "height": 200, "data": {"values": rows},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {"field": "age", "type": "ordinal", "title": "age of the detainer at decline",
                      "sort": [b[2] for b in AGE_BUCKETS], "axis": {"labelAngle": 0}},
                "y": {"aggregate": "sum", "field": "n", "type": "quantitative", "title": "entries"},
                "color": {"field": "kind", "type": "nominal", "title": None,
                          "scale": {"domain": ["recent detainer", "stale detainer"],
                                    "range": ["#56B4E9", "#CC79A7"]},
                          "legend": {"orient": "bottom"}}}}


def match_weights(levels: list[dict], prior_weight: float | None) -> Spec:
    """Splink's match-weights chart: one bar per comparison level, log2(m/u), under a bold
    label row per comparison (the comparison's name once, not before every level)."""
    rows = [{"key": "Prior: two random records match", "comparison": "prior", "label": "prior",
             "weight": prior_weight, "m": None, "u": None}] if prior_weight is not None else []
    seen: set[str] = set()
    for lv in levels:
        if lv["weight"] is None:
            continue
        if lv["comparison"] not in seen:
            seen.add(lv["comparison"])
            rows.append({"key": lv["comparison"], "comparison": lv["comparison"], "label": None,
                         "weight": None, "m": None, "u": None})
        key = "· " + lv["label"]
        while any(r["key"] == key for r in rows):  # the axis needs each label once
            key += "\u200b"
        rows.append({"key": key, **{k: lv[k] for k in ("comparison", "label", "weight", "m", "u")}})
    return {**_BASE, "height": max(80, 17 * len(rows)), "data": {"values": rows},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "key", "type": "nominal", "sort": [r["key"] for r in rows],
                      "title": None,
                      "axis": {"labelLimit": 520, "labelFontWeight": {
                          "condition": {"test": "indexof(datum.value, '·') !== 0",
                                        "value": "bold"}, "value": "normal"}}},
                "x": {"field": "weight", "type": "quantitative",
                      "title": "match weight log2(m/u)"},
                "color": {"condition": {"test": "datum.weight < 0", "value": "#D55E00"},
                          "value": "#0072B2"},
                "tooltip": [{"field": "comparison"}, {"field": "label"},
                            {"field": "m", "format": ".4f"}, {"field": "u", "format": ".4f"},
                            {"field": "weight", "format": ".2f"}]}}
