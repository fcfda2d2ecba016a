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

from linkage.match.spec import level_labels
from linkage.report.scope import pairs_sql, scope_params
from linkage.report.words import comparison_name, level_label
from linkage.store import Store

# Every pair in scope is counted, from its gamma list (`candidate_pairs.levels`): parsing
# evidence JSON per pair was the cost here, and nationally only the top pairs keep evidence.
# Pairs share gamma lists (27 M national pairs, 25 k lists): each list is unnested once, with
# its count (5.5 -> 3.0 s nationally, against every pair's list unnested).
LEVEL_COUNTS_SQL = """
    with p as ({pairs})
    select hop, i - 1, gamma, sum(n)::bigint
    from (select hop, n, unnest(levels) as gamma, generate_subscripts(levels, 1) as i
          from (select hop, levels, count(*) as n from p group by hop, levels))
    group by all
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
    gamma_counts = con.execute(LEVEL_COUNTS_SQL.format(pairs=pairs_sql(jurisdiction)),
                               scope_params(run_id, jurisdiction)).fetchall()
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
        counts = _pairs_per_level(settings, [(i, g, n) for h, i, g, n in gamma_counts if h == hop])
        manifest = json.loads(manifest_text)
        if allowed is not None:
            manifest = only_submissions(manifest, allowed)
        lam = settings.get("probability_two_random_records_match")
        notes = [str(n) for n in manifest.get("notes") or []]
        hops.append({
            "hop": hop, "model_id": model_id, "created_at": str(created_at)[:16], "missing": False,
            "prior_weight": math.log2(lam / (1 - lam)) if lam and 0 < lam < 1 else None,
            "lambda": lam, "levels": (levels := _levels(settings, counts)),
            "groups": _grouped(levels),
            "manifest": manifest, "notes": notes,
            # Training that failed keeps the priors of configs/priors.toml and says so in a
            # note: the page flags it so nobody reads a prior as a fitted value.
            "fallback": any("prior" in n.lower() for n in notes),
        })
    return hops


def _pairs_per_level(settings: dict, gamma_counts: list[tuple[int, int, int]]) -> dict[tuple[str, str], int]:
    """(comparison index, gamma, pairs) -> {(comparison name, level label): pairs}, by the model."""
    labels = level_labels(settings)
    counts: dict[tuple[str, str], int] = {}
    for i, gamma, n in gamma_counts:
        if i < len(labels) and gamma in labels[i][1]:
            key = (labels[i][0], labels[i][1][gamma])
            counts[key] = counts.get(key, 0) + n
    return counts


def _levels(settings: dict, counts: dict) -> list[dict[str, Any]]:
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
                        "pairs": counts.get((name, label), 0),
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
