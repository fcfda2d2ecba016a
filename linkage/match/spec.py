"""Comparisons as data: each hop lists its comparisons here; Splink settings are built from them.

    >>> spec = Comparison("sex", null_if="sex_l is null or sex_r is null",
    ...                   levels=[Level("same", "same sex", "sex_l = sex_r")])
    >>> splink_settings([spec], priors={"sex": {"same": 0.97, "else": 0.03}}, ...)

Why not Splink's comparison library? Most of our comparisons cross *different* columns of
the two sides (issued date vs hold date, release time vs book-in time) or read one side only
(apprehension method), which the library's one-column creators do not express; plain SQL
levels keep them readable and let the report show the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linkage.errors import ConfigError

BEST_FIRST = "{weight: -match_weight, right_id: right_id}"
"""The order of a left record's candidate pairs, best first, as a key for `min_by`: by weight,
ties by right ID (a top-k aggregate: `min_by(right_id, BEST_FIRST, k)`)."""

M_FLOOR = 0.005
"""No level is ever impossible among true matches: one clerical slip must not veto a match
(field notes: EM drove levels to m = 0, log2 Bayes factors of -40 to -85)."""


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    sql: str
    tf_column: str | None = None
    tf_weight: float = 1.0


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: list[Level]
    null_if: str | None = None
    null_label: str = "not recorded"
    """The label of the null level (no evidence either way) in the model and the report."""
    columns: tuple[str, ...] = field(default_factory=tuple)
    """Input columns shown as evidence (value_l / value_r) in the report."""
    u_among_candidates: bool = False
    """Measure u among the candidate pairs (the prediction blocking, before any cut that selects
    on the comparison itself: `Hop.u_candidate_rules`) instead of random pairs:
    for evidence that the blocking already makes common, whose random-pair u would count the
    blocking's selection a second time (see `model.candidate_u`)."""
    ordered: bool = True
    """Levels run from the strongest agreement down to "else", so training must find the first
    likelier among matches than at random and "else" less likely (`model._check_against_priors`).
    False for categories of one side (the book-in's apprehension method), of which any may be
    commoner at random than among matches."""
    m_capped_at_prior: bool = False
    """No level but the first keeps an m above its prior in configs/priors.toml (`model.train`):
    for evidence that EM's training blocks see disagree among non-matches they hold as matches."""

    def level_sql(self) -> str:
        """SQL naming the level of a pair whose columns carry `_l` / `_r` suffixes (NULL: null level)."""
        whens = "".join(f" when {level.sql} then '{level.key}'" for level in self.levels)
        null = f" when {self.null_if} then null" if self.null_if else ""
        return f"case{null}{whens} else 'else' end"

    def level_keys(self) -> list[str]:
        return [level.key for level in self.levels] + ["else"]

    @classmethod
    def agree(cls, name: str, column: str, key: str, label: str, *, sql: str | None = None,
              tf: bool = False) -> Comparison:
        """One agreeing level on one column, "else", and a null level when either side is empty.

            >>> Comparison.agree("sex", "sex", "same", "same sex")
        """
        return cls(
            name,
            columns=(column,),
            null_if=f"{column}_l is null or {column}_r is null",
            levels=[Level(key, label, sql or f"{column}_l = {column}_r", tf_column=column if tf else None)],
        )


def splink_settings(
    comparisons: list[Comparison],
    priors: dict[str, dict[str, float]],
    *,
    unique_id: str,
    blocking_rules: list[str],
    probability_two_random_records_match: float,
) -> dict[str, Any]:
    """A Splink 5 `link_only` settings dict whose m probabilities start at the priors."""
    return {
        "link_type": "link_only",
        "unique_id_column_name": unique_id,
        "probability_two_random_records_match": probability_two_random_records_match,
        "blocking_rules_to_generate_predictions": blocking_rules,
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "max_iterations": 25,
        "em_convergence": 0.0001,
        # .get: a comparison without a [table] in priors.toml is named below, not a bare KeyError.
        "comparisons": [_comparison_dict(c, priors.get(c.name, {})) for c in comparisons],
    }


def _comparison_dict(comparison: Comparison, prior: dict[str, float]) -> dict[str, Any]:
    missing = set(comparison.level_keys()) - set(prior)
    if missing:
        raise ConfigError(f"configs/priors.toml: {comparison.name} has no prior for {sorted(missing)}")
    total = sum(prior[key] for key in comparison.level_keys())
    levels: list[dict[str, Any]] = []
    if comparison.null_if:
        levels.append(
            {"sql_condition": comparison.null_if, "label_for_charts": comparison.null_label, "is_null_level": True}
        )
    for level in comparison.levels:
        entry = {
            "sql_condition": level.sql,
            "label_for_charts": level.label,
            "m_probability": max(prior[level.key] / total, M_FLOOR),
        }
        if level.tf_column:
            entry["tf_adjustment_column"] = level.tf_column
            entry["tf_adjustment_weight"] = level.tf_weight
        levels.append(entry)
    levels.append(
        {"sql_condition": "ELSE", "label_for_charts": "else", "m_probability": max(prior["else"] / total, M_FLOOR)}
    )
    return {"output_column_name": comparison.name, "comparison_levels": levels}


def comparison_levels(settings: dict[str, Any], name: str) -> tuple[int, list[dict[str, Any]]] | None:
    """Where comparison `name` stands in a Splink model (0-based, the order of its gamma list)
    and its levels other than the null one, best first: gamma len - 1 down to 0 (None: the
    model has no such comparison).

        >>> position, levels = comparison_levels(settings, "stay")
    """
    for position, comparison in enumerate(settings["comparisons"]):
        if comparison["output_column_name"] == name:
            return position, [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
    return None


def level_labels(settings: dict[str, Any]) -> list[tuple[str, dict[int, str]]]:
    """Per comparison of a Splink model, in order: its name and gamma -> level label.

        >>> level_labels(settings)[0]
        ('stay', {-1: 'not recorded', 2: 'released 0–3 days before …', 1: '…', 0: 'else'})

    Splink numbers the null level -1 and the others down from the first (best) level to 0.
    """
    return [(comparison["output_column_name"],
             {gamma: level["label_for_charts"] for gamma, level in levels_by_gamma(comparison)})
            for comparison in settings["comparisons"]]


def levels_by_gamma(comparison: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """A Splink comparison's levels (dicts of its settings) with their gammas, in order:
    the null level -1, the others numbered down from the first to 0.

        >>> [gamma for gamma, _ in levels_by_gamma(settings["comparisons"][0])]
        [-1, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    """
    levels = comparison["comparison_levels"]
    gamma = sum(1 for lv in levels if not lv.get("is_null_level"))
    out = []
    for level in levels:
        if level.get("is_null_level"):
            out.append((-1, level))
        else:
            gamma -= 1
            out.append((gamma, level))
    return out
