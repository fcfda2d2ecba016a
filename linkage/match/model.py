"""Training and re-use of the Splink model of each hop, saved in the store with a manifest.

    >>> hop = HOPS["hop1"]
    >>> model_id = train_or_load(store, hop, config, inputs=..., retrain=False)

u comes from random sampling of the data, m from EM on blocks where matches are common,
starting at `configs/priors.toml`. Every m that EM cannot support falls back to its prior,
and the manifest says which and why: on rare-match, weak-field data EM is not identifiable
(../shared/field-notes.md), so a model that silently kept EM's nonsense would be worse than
one that keeps a documented judgement.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import math
from dataclasses import asdict, dataclass
from datetime import datetime
from types import ModuleType
from typing import Any

import splink
from splink import DuckDBAPI, Linker

from linkage.config import CONFIG_DIR, Config, read_toml
from linkage.match import hop1, hop2
from linkage.match.em_guards import UntrainedLevels, why_em_failed
from linkage.match.spec import M_FLOOR, Comparison, splink_settings
from linkage.store import Store

log = logging.getLogger(__name__)

WORK_SCHEMA = "work"
U_FLOOR = 1e-6
PRIOR_SHARE = 0.1
"""Weight of configs/priors.toml in each trained m (the rest is EM's estimate)."""
U_UNSEEN = 1e-4
"""u of a level that random sampling never reached: rare among random pairs, but not so rare
that one such level outweighs every other comparison."""


@dataclass(frozen=True)
class Hop:
    name: str
    module: ModuleType
    unique_id: str = "uid"
    em_free_u: bool = False
    """Let EM fit u inside each training block (then restore random-sampling u); see train()."""

    def comparisons(self, store: Store) -> list[Comparison]:
        if self.module is hop2:
            return hop2.comparisons(hop2.present_columns(store))
        return hop1.comparisons()

    def blocking_rules(self, store: Store, config: Config) -> list[str]:
        if self.module is hop2:
            return hop2.blocking_rules(config, hop2.present_columns(store))
        return hop1.blocking_rules(config)

    def u_candidate_rules(self, store: Store, config: Config) -> list[str]:
        """The candidate pairs `candidate_u` counts levels over: hop 1's without the cut of its
        unheld tails, which selects on the issued date against the booking date, and without
        its long-gone rule, which selects on the hold date against the issued date."""
        if self.module is hop2:
            return self.blocking_rules(store, config)
        return hop1.blocking_rules(config, unheld_tails=True, long_gone_rule=False)

    def training_rules(self, store: Store) -> list[str]:
        if self.module is hop2:
            return hop2.training_rules(hop2.present_columns(store))
        return hop1.training_rules()


# Hop 1's training blocks select detainees (non-random non-matches); hop 2's blocks on names
# leave some u levels empty inside the block, where a free u would underflow to 0.
HOPS = {"hop1": Hop("hop1", hop1, em_free_u=True), "hop2": Hop("hop2", hop2)}


def load_priors() -> dict[str, dict[str, dict[str, float]]]:
    return read_toml(CONFIG_DIR / "priors.toml")


def linker_for(store: Store, hop: Hop, settings: dict[str, Any], *, tf_source: str | None = None,
               validate_settings: bool = False, left: str | None = None) -> Linker:
    """A Splink linker over the hop's two work tables (`left`: another left table of the same
    columns), writing its own tables to `work`, with term frequencies from the right side's
    records (`term_frequency_tables`; `tf_source`: a table holding all of them when the right
    work table holds only some)."""
    store.con.execute(f"create schema if not exists {WORK_SCHEMA}")
    store.con.execute(f"set search_path = 'main,{WORK_SCHEMA}'")
    db_api = DuckDBAPI(connection=store.con, output_schema=WORK_SCHEMA)
    left_records = db_api.register(left or hop.module.LEFT, dataset_display_name=hop.module.LEFT_NAME)
    right = db_api.register(hop.module.RIGHT, dataset_display_name=hop.module.RIGHT_NAME)
    with quiet_splink():
        # Splink's settings validation parses every comparison's SQL with sqlglot to log
        # unknown columns (~0.1 s a linker, five linkers a run): our settings come from
        # `linkage.match.spec`, and a test runs the validation on both hops' saved models.
        linker = Linker([left_records, right], settings, validate_settings=validate_settings)
        for column, table in term_frequency_tables(store, hop, settings, tf_source).items():
            linker.table_management.register_term_frequency_lookup(db_api.register(table), column)
    return linker


def term_frequency_tables(
    store: Store, hop: Hop, settings: dict[str, Any], source: str | None = None
) -> dict[str, str]:
    """For each term-frequency-adjusted column of `settings`, write its value frequencies among
    the hop's right-side records (`source`, default the right work table) as Splink's lookup
    table `work.<hop>_tf_<column>`; returns {column: bare table name}.

        >>> term_frequency_tables(store, HOPS["hop2"], settings)
        {'country': 'hop2_tf_country', 'first_name': 'hop2_tf_first_name', 'last_name': ..., 'state': ...}

    Splink's own tables count both sides of a link stacked. A Bayes factor asks how likely a
    random candidate (a booking, an ICE book-in) is to share the left record's value, so the
    frequency belongs to the pool the candidates come from. Stacked, hop 2's releases (listed
    detainees: mostly foreign-born, many from a few counties) made a shared country or state
    look far commoner than it is among ICE's book-ins, and cut those Bayes factors."""
    source = source or f"{WORK_SCHEMA}.{hop.module.RIGHT}"
    columns = sorted({
        level["tf_adjustment_column"]
        for comparison in settings["comparisons"] for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    })
    tables = {}
    for column in columns:
        tables[column] = f"{hop.name}_tf_{column}"
        # The shape of Splink's own lookup (term_frequencies_for_single_column_sql).
        store.con.execute(
            f"""create or replace table {WORK_SCHEMA}.{tables[column]} as
                select "{column}", cast(count(*) as double) / (select count("{column}") from {source})
                       as "tf_{column}"
                from {source} where "{column}" is not null group by 1"""
        )
    return tables


def _pool_prior(store: Store, hop: Hop) -> float:
    """Splink's prior per pair: one true partner per left record, among the right side's rows."""
    return 1.0 / max(store.con.execute(f"select count(*) from {WORK_SCHEMA}.{hop.module.RIGHT}").fetchone()[0], 2)


def model_signature(comparisons: list[Comparison], rules: list[str]) -> str:
    """`model_signature(hop.comparisons(store), hop.blocking_rules(store, config))`: a hash of all
    of each comparison (levels' SQL and null_if, tf weights, the m cap) and of the rules. A model
    scores with the settings it saved: a level that now read otherwise (session 38's `stay`) went on."""
    blob = [asdict(c) for c in comparisons] + rules
    return hashlib.sha256(json.dumps(blob, sort_keys=True).encode()).hexdigest()[:12]


def train_or_load(
    store: Store,
    hop: Hop,
    config: Config,
    *,
    inputs: dict[str, Any],
    retrain: bool = False,
    use_labels: bool = False,
) -> str:
    """The id of a model for `hop`: the latest saved one that fits, or a freshly trained one."""
    comparisons = hop.comparisons(store)
    signature = model_signature(comparisons, hop.blocking_rules(store, config))
    if not retrain:
        found = store.con.execute(
            """
            select model_id from models
            where hop = ? and manifest->>'config_hash' = ? and manifest->>'signature' = ?
            order by created_at desc, model_id limit 1
            """,
            [hop.name, config.config_hash(), signature],
        ).fetchall()
        if found:
            return found[0][0]
    settings, notes = train(store, hop, config, comparisons, use_labels=use_labels)
    manifest = {
        "hop": hop.name,
        "config_hash": config.config_hash(),
        "signature": signature,
        "inputs": inputs,
        "splink_version": splink.__version__,
        "seed": config.seed,
        "used_labels": use_labels,
        "trained_at": datetime.now().isoformat(timespec="seconds"),
        "notes": notes,
    }
    return save_model(store, hop.name, settings, manifest)


def save_model(store: Store, hop: str, settings: dict[str, Any], manifest: dict[str, Any]) -> str:
    blob = json.dumps(settings, sort_keys=True)
    model_id = f"{hop}-{hashlib.sha256(blob.encode()).hexdigest()[:12]}"
    store.con.execute("delete from models where model_id = ?", [model_id])
    store.con.execute(
        "insert into models values (?, ?, ?, ?, current_timestamp)",
        [model_id, hop, blob, json.dumps(manifest, sort_keys=True)],
    )
    return model_id


def load_settings(store: Store, model_id: str) -> dict[str, Any]:
    row = store.con.execute("select settings_json from models where model_id = ?", [model_id]).fetchall()
    if not row:
        raise KeyError(f"no model {model_id} in the store")
    return json.loads(row[0][0])


def train(
    store: Store, hop: Hop, config: Config, comparisons: list[Comparison], *, use_labels: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """u by random sampling, m by EM per training block, then every m checked against sense."""
    priors = load_priors()[hop.name]
    settings = splink_settings(
        comparisons,
        priors,
        unique_id=hop.unique_id,
        blocking_rules=hop.blocking_rules(store, config),
        probability_two_random_records_match=_pool_prior(store, hop),
    )
    notes: list[str] = []
    linker = linker_for(store, hop, settings)
    with quiet_splink():
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=config.seed)
    random_u = _u_values(linker.misc.save_model_to_json())
    settings_cfg = config.hop1 if hop.name == "hop1" else config.hop2
    if settings_cfg.train_em:
        for rule in hop.training_rules(store):
            # Splink's EM drops the comparisons a training block reads, and resets the prior,
            # on the linker's own settings, and puts them back only when the block succeeds:
            # after a failed block the linker would save a model without them (seed 1818's
            # hop 1 lost its stay and citizenship comparisons). So a failed block restarts
            # from the settings as they were before it.
            before = linker.misc.save_model_to_json()
            untrained = UntrainedLevels()
            try:
                with quiet_splink(), untrained:
                    # u is free inside the block: its non-matches are not random pairs (a block
                    # on the hold date holds detainees, who share citizenship far more often
                    # than two random records do). With u fixed at the random-pair value EM
                    # pushes that excess agreement into m; we keep EM's m, not its u.
                    linker.training.estimate_parameters_using_expectation_maximisation(
                        rule, max_pairs=settings_cfg.em_max_pairs, fix_u_probabilities=not hop.em_free_u
                    )
            except Exception as exc:  # EM on an empty or degenerate block: keep the m from before it
                notes.append(f"EM on [{rule}] failed ({why_em_failed(exc)}): m kept from before the block")
                log.warning("model %s: %s", hop.name, notes[-1])
                before.pop("linker_uid", None)
                linker.table_management.delete_tables_created_by_splink_from_db()
                linker = linker_for(store, hop, before)
                continue
            if untrained.levels:
                notes.append(f"EM on [{rule}] saw no pair at {untrained.summary()}: m kept from before the block")
                log.warning("model %s: %s", hop.name, notes[-1])
    trained = linker.misc.save_model_to_json()
    trained.pop("linker_uid", None)
    # Before auditors' labels: a labelled hand-over whose birth date differs is no namesake.
    _cap_m_at_prior(trained, [c for c in comparisons if c.m_capped_at_prior], priors)
    # EM leaves each training block's pairs and comparison vectors in `work`, under new names
    # every time: a store that trains weekly would pile them up.
    linker.table_management.delete_tables_created_by_splink_from_db()
    if use_labels:
        # Auditors' decisions as labelled matches add to m estimation (issue 6).
        from linkage.match.labels import add_labelled_matches

        notes += add_labelled_matches(trained, store, hop, comparisons)
    missing = {c.name for c in comparisons} - {c["output_column_name"] for c in trained["comparisons"]}
    if missing:  # never save a model that lost comparisons (see the EM loop above)
        raise RuntimeError(f"{hop.name}: training lost the comparisons {sorted(missing)}")
    _restore_u(trained, random_u)
    _restore_u(trained, candidate_u(store, hop, config, comparisons))
    notes += _check_against_priors(trained, comparisons, priors)
    _round_probabilities(trained)
    return trained, notes


def _cap_m_at_prior(settings: dict[str, Any], comparisons: list[Comparison],
                    priors: dict[str, dict[str, float]]) -> None:
    """In `comparisons` (`Comparison.m_capped_at_prior`), no level below the first keeps an m
    above its prior in configs/priors.toml; the first takes what the others give up.

    Hop 2's blocks (same name and days apart; same birth date) hold namesakes: strangers who
    agree on name, sex, country and state and differ in birth date. EM counts them as matches
    with another birth date, so its m for a birth date that differs can only come out too
    high: on two blind worlds 0.09-0.19 against none of their true hand-overs, and a namesake
    whose birth date differs by years then lost only 2.4 bits and read as a hand-over."""
    prior_m = _prior_m(comparisons, priors)
    for comparison in settings["comparisons"]:
        if (start := prior_m.get(comparison["output_column_name"])) is None:
            continue
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        if any(not isinstance(level.get("m_probability"), int | float) for level in levels):
            continue
        for level, m in zip(levels[1:], start[1:], strict=True):
            level["m_probability"] = min(level["m_probability"], m)
        levels[0]["m_probability"] = 1 - sum(level["m_probability"] for level in levels[1:])


def _prior_m(comparisons: list[Comparison], priors: dict[str, dict[str, float]]) -> dict[str, list[float]]:
    """{comparison: the m of its non-null levels, in order}, as configs/priors.toml starts them."""
    settings = splink_settings(comparisons, priors, unique_id="uid", blocking_rules=[],
                               probability_two_random_records_match=0.5)
    return {c["output_column_name"]: [level["m_probability"] for level in c["comparison_levels"]
                                      if not level.get("is_null_level")] for c in settings["comparisons"]}


def _round_probabilities(settings: dict[str, Any], digits: int = 12) -> None:
    """Round every m and u to `digits` significant digits. DuckDB sums EM's expectations in
    parallel, so the last bits of a double vary from run to run; the model's ID is a hash of
    its settings, and the same inputs must give the same model."""
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                if isinstance(level.get(key), float):
                    level[key] = float(f"{level[key]:.{digits}g}")


def candidate_u(
    store: Store, hop: Hop, config: Config, comparisons: list[Comparison]
) -> dict[tuple[str, str], float | None]:
    """u of each `u_among_candidates` comparison: its level shares among all candidate pairs.

    True matches are at most one per left record among hundreds of candidates, so the shares
    are the non-matches' to within a fraction of a percent.
    """
    wanted = [c for c in comparisons if c.u_among_candidates]
    if not wanted:
        return {}
    left, right = _work_tables(hop)
    # One join per blocking rule, each leaving out the pairs of the rules before it (as Splink
    # does): an OR of the rules in one join condition would hide the equality join from DuckDB.
    rules = hop.u_candidate_rules(store, config)
    sources = [
        f"from {left} l join {right} r on {rule}"
        + "".join(f" and not coalesce(({earlier}), false)" for earlier in rules[:k])
        for k, rule in enumerate(rules)
    ]
    counts = level_counts(store, hop, wanted, sources)
    labels = {(c.name, level.key): level.label for c in wanted for level in c.levels}
    u: dict[tuple[str, str], float | None] = {}
    for comparison in wanted:
        total = sum(counts.get((comparison.name, key), 0) for key in comparison.level_keys())
        for key in comparison.level_keys():
            label = labels.get((comparison.name, key), "else")
            u[(comparison.name, label)] = counts.get((comparison.name, key), 0) / total if total else None
    return u


def level_counts(
    store: Store, hop: Hop, comparisons: list[Comparison], sources: list[str]
) -> dict[tuple[str, str], int]:
    """How many pairs fall in each non-null level, over pairs read by `sources` (FROM clauses
    whose two sides are aliased `l` and `r`, each read once: their pairs are added up).

        >>> level_counts(store, HOPS["hop1"], comparisons, ["from work.hop1_entries l join ..."])
        {('booked_before_issue', 'same_or_next_day'): 812, ...}
    """
    con = store.con
    columns = [
        f"{side}.{name} as {name}_{side}"
        for side, table in zip(("l", "r"), _work_tables(hop), strict=True)
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
            " order by ordinal_position",
            table.split("."),
        ).fetchall()
    ]
    pairs = " union all ".join(f"select {', '.join(columns)} {source}" for source in sources)
    levels = ", ".join(f'{c.level_sql()} as "{c.name}"' for c in comparisons)
    # One pass over the pairs for every comparison; UNPIVOT leaves out the null levels.
    names = ", ".join(f'"{c.name}"' for c in comparisons)
    rows = con.execute(
        f"select comparison, level, count(*) from (unpivot (select {levels} from ({pairs}))"
        f" on {names} into name comparison value level) group by all"
    ).fetchall()
    return {(comparison, level): n for comparison, level, n in rows}


def _work_tables(hop: Hop) -> tuple[str, str]:
    return f"{WORK_SCHEMA}.{hop.module.LEFT}", f"{WORK_SCHEMA}.{hop.module.RIGHT}"


def _u_values(settings: dict[str, Any]) -> dict[tuple[str, str], float | None]:
    return {
        (c["output_column_name"], lv["label_for_charts"]): lv.get("u_probability")
        for c in settings["comparisons"]
        for lv in c["comparison_levels"]
    }


def _restore_u(settings: dict[str, Any], u_values: dict[tuple[str, str], float | None]) -> None:
    """Put back the u of random sampling: the u that describes random pairs, as the prior needs."""
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            u = u_values.get((comparison["output_column_name"], level["label_for_charts"]))
            if u is not None:
                level["u_probability"] = u


def _check_against_priors(
    settings: dict[str, Any], comparisons: list[Comparison], priors: dict[str, dict[str, float]]
) -> list[str]:
    """Reset to its prior every comparison whose trained m/u contradicts common sense."""
    notes = []
    prior_m = _prior_m(comparisons, priors)
    ordered = {c.name: c.ordered for c in comparisons}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            u = level.get("u_probability")
            if u is None or not math.isfinite(u):
                level["u_probability"] = U_UNSEEN
            level["u_probability"] = min(max(level["u_probability"], U_FLOOR), 1 - U_FLOOR)
        ms = [lv.get("m_probability") for lv in levels]
        top, bottom = levels[0], levels[-1]
        problem = None
        if any(m is None or not math.isfinite(m) for m in ms):
            problem = "EM left a level without m"
        elif not ordered.get(name, True):
            problem = None  # categories: no level is bound to agree more among matches
        elif top["m_probability"] <= top["u_probability"]:
            problem = (
                f"m({top['label_for_charts']}) = {top['m_probability']:.3g} is not above "
                f"u = {top['u_probability']:.3g}"
            )
        elif bottom["m_probability"] >= bottom["u_probability"]:
            problem = (
                f"m(else) = {bottom['m_probability']:.3g} is not below u = {bottom['u_probability']:.3g}"
            )
        if problem:
            for level, m in zip(levels, prior_m[name], strict=True):
                level["m_probability"] = m
            notes.append(f"{name}: {problem}; kept the priors of configs/priors.toml")
            log.warning("model: %s", notes[-1])
            continue
        # Shrink EM's m toward the documented prior (worth PRIOR_SHARE of the evidence): a
        # level EM never saw among matches is rare, not impossible.
        for level, m in zip(levels, prior_m[name], strict=True):
            level["m_probability"] = (1 - PRIOR_SHARE) * level["m_probability"] + PRIOR_SHARE * m
        clipped = [lv["label_for_charts"] for lv in levels if lv["m_probability"] < M_FLOOR]
        for level in levels:
            level["m_probability"] = min(max(level["m_probability"], M_FLOOR), 1 - M_FLOOR)
        if clipped:
            notes.append(f"{name}: m raised to the floor {M_FLOOR} for {clipped}")
    return notes


@contextlib.contextmanager
def quiet_splink():
    """Splink logs every EM iteration; our faces show their own progress (warnings still pass)."""
    splink_log = logging.getLogger("splink")
    level = splink_log.level
    splink_log.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        splink_log.setLevel(level)
