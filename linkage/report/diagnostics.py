"""Model diagnostics: the m/u parameters and match weights of both hops, read from the Splink
settings JSON in `models`, the training manifest, and how often each comparison level occurs
among the candidate pairs in the report's scope.

    >>> hops = model_diagnostics(store, "run-1", jurisdiction="TX/TRAVIS")
    >>> hops[0]["levels"][0]
    {'name': 'stay', 'comparison': 'Release vs recorded decline', 'label': 'released 0–3 days …', 'm': 0.5, ...}

With a jurisdiction, the level counts come from that jurisdiction's pairs only, and the
manifest's lists of submissions keep only that jurisdiction's files (and the jurisdiction-free
ones: ICE reports and book-ins), so a sheriff's view shows no other county's inputs.
"""

from __future__ import annotations

import json
import math
from typing import Any

from linkage.report.scope import PAIRS_SQL, scope_params
from linkage.report.words import comparison_name, level_label
from linkage.store import Store

# Every pair in scope is read (the counts are of all of them), so parsing its JSON is the
# cost: one `from_json` into name/label structs parses each document once, where two
# `json_extract_string` wildcards parsed it twice (4.3 s vs 5.5 s CPU for 2.8 M pairs).
LEVELS_SHAPE = '{"comparisons": [{"name": "VARCHAR", "label": "VARCHAR"}]}'
LEVEL_COUNTS_SQL = f"""
    with p as ({PAIRS_SQL}),
    levels as (
        select hop, unnest(from_json(evidence, '{LEVELS_SHAPE}').comparisons, recursive := true)
        from p
    )
    select hop, name, label, count(*) from levels group by all
"""


def match_weight(m: float | None, u: float | None) -> float | None:
    """log2(m / u), the weight a comparison level adds: `match_weight(0.9, 0.01)` ≈ 6.49."""
    if not m or not u:
        return None
    return math.log2(m / u)


def model_diagnostics(store: Store, run_id: str, *, jurisdiction: str | None = None) -> list[dict]:
    """One dict per hop: model id, prior weight, levels (m, u, weight, pairs in scope), manifest."""
    con = store.con
    run = con.execute("select hop1_model, hop2_model from runs where run_id = ?", [run_id]).fetchall()
    model_ids = dict(zip(("hop1", "hop2"), run[0], strict=True)) if run else {}
    counts: dict[tuple[str, str, str], int] = {
        (hop, name, label): n
        for hop, name, label, n in con.execute(
            LEVEL_COUNTS_SQL, scope_params(run_id, jurisdiction)).fetchall()
    }
    allowed = allowed_submissions(store, jurisdiction)
    hops = []
    for hop in ("hop1", "hop2"):
        row = con.execute(
            "select model_id, settings_json::varchar, manifest::varchar, created_at"
            " from models where model_id = ?", [model_ids.get(hop)]).fetchall()
        if not row:
            hops.append({"hop": hop, "model_id": model_ids.get(hop), "levels": [],
                         "prior_weight": None, "manifest": {}, "missing": True})
            continue
        model_id, settings_text, manifest_text, created_at = row[0]
        settings = json.loads(settings_text)
        manifest = json.loads(manifest_text)
        if allowed is not None:
            manifest = only_submissions(manifest, allowed)
        lam = settings.get("probability_two_random_records_match")
        notes = [str(n) for n in manifest.get("notes") or []]
        hops.append({
            "hop": hop, "model_id": model_id, "created_at": str(created_at)[:16], "missing": False,
            "prior_weight": math.log2(lam / (1 - lam)) if lam and 0 < lam < 1 else None,
            "lambda": lam, "levels": (levels := _levels(hop, settings, counts)),
            "groups": _grouped(levels),
            "manifest": manifest, "notes": notes,
            # Training that failed keeps the priors of configs/priors.toml and says so in a
            # note: the page flags it so nobody reads a prior as a fitted value.
            "fallback": any("prior" in n.lower() for n in notes),
        })
    return hops


def _levels(hop: str, settings: dict, counts: dict) -> list[dict[str, Any]]:
    out = []
    for comparison in settings.get("comparisons", []):
        name = comparison.get("output_column_name") or comparison.get("comparison_description")
        for level in comparison.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue  # a null level adds no weight (Splink shows it apart, too)
            label = level.get("label_for_charts") or level.get("sql_condition")
            m, u = level.get("m_probability"), level.get("u_probability")
            out.append({"name": name, "comparison": comparison_name(name),
                        "label": level_label(name, label), "m": m, "u": u,
                        "weight": match_weight(m, u),
                        "pairs": counts.get((hop, name, label), 0),
                        "tf": bool(level.get("tf_adjustment_column"))})
    return out


def _grouped(levels: list[dict]) -> list[tuple[str, list[dict]]]:
    """Levels grouped by comparison, in the model's order (the page's table has one block each)."""
    groups: dict[str, list[dict]] = {}
    for lv in levels:
        groups.setdefault(lv["comparison"], []).append(lv)
    return list(groups.items())


def allowed_submissions(store: Store, jurisdiction: str | None) -> set[int] | None:
    if jurisdiction is None:
        return None
    rows = store.con.execute(
        "select submission_id from submissions where jurisdiction is null or jurisdiction = ?",
        [jurisdiction]).fetchall()
    return {r[0] for r in rows}


def only_submissions(value: Any, allowed: set[int], key: str = "") -> Any:
    """Drop other jurisdictions' submissions: IDs in a list under a key naming submissions,
    `{"id": …}` items of such a list (the manifests' `inputs.submissions`), and
    `{"submission_id": …}` items of any list.

        >>> only_submissions({"input_submissions": [1, 2, 7]}, {1, 7})
        {'input_submissions': [1, 7]}
        >>> only_submissions({"submissions": [{"id": 1}, {"id": 2}]}, {1})
        {'submissions': [{'id': 1}]}
    """
    if isinstance(value, dict):
        return {k: only_submissions(v, allowed, k) for k, v in value.items()}
    if isinstance(value, list):
        ids_list = "submission" in key.lower()
        return [only_submissions(v, allowed, key) for v in value if _keep(v, allowed, ids_list)]
    return value


def _keep(item: Any, allowed: set[int], ids_list: bool) -> bool:
    if isinstance(item, int) and not isinstance(item, bool):
        return not ids_list or item in allowed
    if isinstance(item, dict):
        sid = item.get("submission_id", item.get("id") if ids_list else None)
        return sid is None or sid in allowed
    return True
