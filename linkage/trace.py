"""Why did a run say what it said? Replay a past run's verdicts from the store alone.

    >>> found = explain(store, "E3f2a9c0d1b7e4455", run_id="run-20170206-...")
    >>> found.reproduced, found.stored["outcome"], found.candidates[0]["p_booking"]
    (True, 'transferred_to_ice', 0.93)
    >>> verify_run(store, run_id).differences   # every entry of the run: {} when all reproduce

A replay copies what the run read into an in-memory store — the run's row, its two models,
its candidate pairs (with their evidence), and the input rows *as of the run* (live rows and
`*_history` rows of the run's submissions, so later corrections do not leak in) — and runs
the real `linkage.reconcile.reconcile` there. Nothing is re-scored and the store is only
read. The replayed row is then compared with the stored one: same outcome, links and flags,
probabilities within 1e-4. The replay shares reconcile's code, so it tracks its changes; it
can only diverge when the inputs or the config differ from the run's, and it says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from linkage.config import Config, load_config
from linkage.errors import LinkageError
from linkage.match.hop1 import in_custody_at_report_sql, released_long_before_sql
from linkage.match.hop2 import logged_without_time, release_to_book_in_hours
from linkage.stale import STALE_FACTORS
from linkage.store import Store
from linkage.units import run_model
from linkage.verdicts import SHOWN_PER_ENTRY

COMPARED = [
    "outcome", "confidence", "p_transferred", "p_other_agency", "p_declined", "p_in_custody",
    "p_no_record", "booking_uid", "booking_id", "custody_id", "duplicate_of", "stale", "reasons",
]
PROBABILITIES = {"confidence", "p_transferred", "p_other_agency", "p_declined", "p_in_custody", "p_no_record"}
TOLERANCE = 1e-4  # outcomes hold four decimals; a sum in another order may round the other way
INPUT_TABLES = {"report_entries": "entry_id", "bookings": "booking_uid", "book_ins": "custody_id"}
TOP_CANDIDATES = SHOWN_PER_ENTRY  # those reconcile gives evidence, and keeps the posteriors of


class TraceError(LinkageError):
    """No such run or entry, or a run that cannot be replayed."""


@dataclass
class Explanation:
    """One entry's verdict in one run: stored, replayed, and the evidence behind it."""

    run_id: str
    entry_id: str
    run: dict[str, Any]
    entry: dict[str, Any]
    stored: dict[str, Any]
    replayed: dict[str, Any] | None
    differences: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    priors: dict[str, Any] = field(default_factory=dict)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    n_candidates: int = 0

    @property
    def reproduced(self) -> bool:
        return self.replayed is not None and not self.differences


NOT_STORED = "not in the stored outcomes"
"""The difference of an entry the replay gave a verdict and the run did not."""


@dataclass
class Verification:
    """A whole run replayed: entry_id -> differences for each verdict that did not reproduce,
    and what may explain them (inputs, settings or code changed since the run: `replay`)."""

    run_id: str
    verdicts: int
    differences: dict[str, list[str]]
    warnings: list[str]

    @property
    def reproduced(self) -> bool:
        return not self.differences

    @property
    def verdicts_reproduced(self) -> int:
        """Of the stored verdicts, those the replay gave again (an entry only the replay has is
        a difference, not a verdict of the run)."""
        return self.verdicts - sum(NOT_STORED not in d for d in self.differences.values())


def resolve_run(store: Store, entry_id: str | None = None, run_id: str | None = None) -> str:
    """`run_id` if given, else the latest finished run (holding `entry_id`, when given)."""
    if run_id:
        if not store.con.execute("select 1 from runs where run_id = ?", [run_id]).fetchall():
            raise TraceError(f"no run {run_id!r} in the store (see `linkage status`)")
        return run_id
    found = store.con.execute(
        """select r.run_id from runs r
           where r.status = 'done' and (?::varchar is null or exists (
               select 1 from outcomes o where o.run_id = r.run_id and o.entry_id = ?))
           order by r.started_at desc limit 1""",
        [entry_id, entry_id],
    ).fetchall()
    if not found:
        raise TraceError("no finished run in the store" + (f" holds entry {entry_id!r}" if entry_id else ""))
    return found[0][0]


def run_record(store: Store, run_id: str) -> dict[str, Any]:
    """The run's provenance: status, config hash, seed, models (with their manifests), inputs, versions."""
    cursor = store.con.execute(
        """select run_id, status, started_at::varchar as started_at, finished_at::varchar as finished_at,
                  config_hash, seed, hop1_model, hop2_model, inputs::varchar as inputs,
                  versions::varchar as versions, out_dir, config_json::varchar as config_json,
                  fitted::varchar as fitted
           from runs where run_id = ?""",
        [run_id],
    )
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        raise TraceError(f"no run {run_id!r} in the store")
    run = dict(zip(names, rows[0], strict=True))
    run["inputs"] = json.loads(run["inputs"] or "{}")
    run["versions"] = json.loads(run["versions"] or "{}")
    run["models"] = {}
    for hop in ("hop1", "hop2"):
        if run[f"{hop}_model"]:
            found = store.con.execute(
                "select manifest::varchar from models where model_id = ?", [run[f"{hop}_model"]]
            ).fetchall()
            run["models"][hop] = json.loads(found[0][0]) if found else None
    return run


def _copy(source: Store, target: Store, table: str, sql: str, params: list | None = None) -> int:
    """Insert the rows of `sql` (run on the source store) into `table` of the target store."""
    arrow = source.con.sql(sql, params=params or None).to_arrow_table()
    target.con.register("_trace_rows", arrow)
    try:
        target.con.execute(f"insert into {table} by name select * from _trace_rows")
    finally:
        target.con.unregister("_trace_rows")
    return arrow.num_rows


def _as_of_sql(table: str, ids: list[int]) -> str:
    """Rows of `table` as the run saw them: from the run's submissions, not replaced by one of them."""
    listed = ", ".join(str(i) for i in ids) or "null"
    return f"""
        select * from {table} where submission_id in ({listed})
        union all by name
        select * exclude (replaced_at, replaced_by) from {table}_history
        where submission_id in ({listed}) and (replaced_by is null or replaced_by not in ({listed}))
    """


def input_drift(store: Store, run: dict[str, Any]) -> list[str]:
    """How the stored inputs differ from what the run recorded (empty: nothing changed)."""
    notes = []
    recorded = {int(s["id"]): s.get("sha256") for s in run["inputs"].get("submissions", [])}
    present = dict(store.con.execute("select submission_id, sha256 from submissions").fetchall())
    missing = sorted(i for i in recorded if i not in present)
    changed = sorted(i for i in recorded if i in present and present[i] != recorded[i])
    later = store.con.execute(
        "select count(*) from submissions where status = 'stored' and submission_id > ?",
        [max(recorded, default=0)],
    ).fetchall()[0][0]
    if missing:
        notes.append(f"submissions {missing} of the run are no longer in the store")
    if changed:
        notes.append(f"submissions {changed} have another sha256 than the run recorded")
    if later:
        notes.append(f"{later} submission(s) stored after the run: replayed with the rows the run saw")
    return notes


def replay(store: Store, run_id: str, config: Config | None = None) -> tuple[Store, list[str]]:
    """An in-memory store holding the run's inputs, models and pairs, with its outcomes re-derived.

        >>> memory, warnings = replay(store, run_id)
        >>> memory.con.sql("select outcome, count(*) from outcomes group by all")

    Returns the in-memory store (close it) and warnings about what may make it differ."""
    from linkage.match import hop1, hop2
    from linkage.match.decoys import score_decoy_windows
    from linkage.pipeline import code_versions, record_hop1_candidates, submissions_read
    from linkage.reconcile import reconcile

    run = run_record(store, run_id)
    # The settings the run itself recorded; older runs kept only their hash.
    if config is None and run.get("config_json"):
        try:
            config = Config.model_validate_json(run["config_json"])
        except ValueError as exc:  # settings a later version bounds (`linkage.config`)
            raise TraceError(f"run {run_id} was made with settings this version refuses"
                             f" ({str(exc).splitlines()[1:2]}): it cannot be replayed as it ran") from exc
    config = config or load_config()
    warnings = input_drift(store, run)
    if config.config_hash() != run["config_hash"]:
        warnings.append(
            f"the config now hashes to {config.config_hash()}, the run used {run['config_hash']}: "
            "settings or config files (priors, charges, facilities, header maps) changed since"
        )
    if run["status"] != "done":
        warnings.append(f"the run's status is {run['status']!r}, not 'done'")
    ran, now = run["versions"].get("linkage_commit"), code_versions().get("linkage_commit")
    if ran and now and ran != now:
        warnings.append(f"the code is now commit {now[:12]}, the run used {ran[:12]}")
    ids = submissions_read(run["inputs"])
    memory = Store.open(":memory:")
    try:
        memory.migrate()
        memory.con.execute("set enable_progress_bar = false")  # a CLI's output, not a meter
        memory.con.execute("create schema if not exists work")
        _copy(store, memory, "runs", "select * from runs where run_id = ?", [run_id])
        _copy(store, memory, "models",
              "select * from models where model_id in (select hop1_model from runs where run_id = $1"
              " union select hop2_model from runs where run_id = $1)", [run_id])
        # The run's pairs, carried ones too, as rows it scored itself (`schema` version 16), all
        # but the view's `pair_row`, which the memory store's table has no column for.
        _copy(store, memory, "scored_pairs",
              "select columns(lambda c: c <> 'pair_row') from candidate_pairs where run_id = ?", [run_id])
        for table in INPUT_TABLES:
            _copy(store, memory, table, _as_of_sql(table, ids))
        # The files the run read, and the release logs refused by then: an entry whose log was
        # refused is unchecked, not "no release record" (`entry_logs.write_refused_log_entries`).
        _copy(store, memory, "submissions", "select * from submissions where submission_id in (select unnest(?::bigint[]))",
              [ids + [int(i) for i in run["inputs"].get("refused", [])]])
        if store.table_exists("blanked_cells"):  # a store last written before version 7, opened read-only
            _copy(store, memory, "blanked_cells",
                  "select * from blanked_cells where submission_id in (select unnest(?::bigint[]))", [ids])
        # The decisions the run's outcomes took, whether reconcile applied them or `linkage
        # review apply` did after the run: each is recorded on the model's verdict it overruled.
        # (Not "decided before the run finished": apply rewrites a finished run's outcomes.)
        _copy(store, memory, "decisions",
              "select * from decisions where decision_id in"
              " (select decision_id from overruled_verdicts where run_id = ?)", [run_id])
        # The scratch inputs of reconcile, rebuilt as pipeline.match_* leave them (the same
        # prepare_inputs functions, over the rows as of the run).
        hop1.prepare_inputs(memory)
        record_hop1_candidates(memory, run_id, config)
        hop2.prepare_inputs(memory)
        score_decoy_windows(memory, run_id, config)
        reconcile(memory, run_id, config)
    except BaseException:
        memory.close()
        raise
    return memory, warnings


def _rows(store: Store, sql: str, params: list) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def compare(stored: dict[str, Any], replayed: dict[str, Any] | None) -> list[str]:
    """'column: stored X, replayed Y' for every column that differs (probabilities within 1e-4)."""
    if replayed is None:
        return ["the replay gave this entry no outcome"]
    out = []
    for column in COMPARED:
        a, b = stored.get(column), replayed.get(column)
        if column in PROBABILITIES and a is not None and b is not None:
            if abs(a - b) > TOLERANCE + 1e-12:
                out.append(f"{column}: stored {a}, replayed {b}")
        elif a != b:
            out.append(f"{column}: stored {a!r}, replayed {b!r}")
    return out


def verify_run(store: Store, run_id: str, config: Config | None = None) -> Verification:
    """Replay a whole run: the verdicts that do not reproduce, and the replay's warnings.

        >>> found = verify_run(store, run_id)
        >>> found.reproduced, found.differences, found.warnings
    """
    status = run_record(store, run_id)["status"]
    verdicts = store.con.execute("select count(*) from outcomes where run_id = ?", [run_id]).fetchall()[0][0]
    if not verdicts:
        # A run killed (or failed) before reconcile: there is nothing to reproduce, and a
        # replay's own verdicts listed as "not in the stored outcomes" said the opposite.
        raise TraceError(f"run {run_id} ({status}) has no verdicts to verify: it has not reconciled")
    memory, warnings = replay(store, run_id, config)
    try:
        stored = {r["entry_id"]: r for r in _rows(store, "select * from outcomes where run_id = ?", [run_id])}
        again = {r["entry_id"]: r for r in _rows(memory, "select * from outcomes where run_id = ?", [run_id])}
    finally:
        memory.close()
    bad = {e: compare(row, again.get(e)) for e, row in stored.items()}
    bad.update({e: [NOT_STORED] for e in again if e not in stored})
    return Verification(run_id, verdicts, {e: d for e, d in bad.items() if d}, warnings)


def explain(store: Store, entry_id: str, run_id: str | None = None, config: Config | None = None) -> Explanation:
    """Replay `run_id` (default: the latest finished run holding the entry) and gather the evidence."""
    run_id = resolve_run(store, entry_id, run_id)
    stored = _rows(store, "select * from outcomes where run_id = ? and entry_id = ?", [run_id, entry_id])
    if not stored:
        raise TraceError(f"run {run_id} has no outcome for entry {entry_id!r}")
    run = run_record(store, run_id)
    memory, warnings = replay(store, run_id, config)
    try:
        entry = _rows(memory, "select * from report_entries where entry_id = ?", [entry_id])
        replayed = _rows(memory, "select * from outcomes where run_id = ? and entry_id = ?", [run_id, entry_id])
        found = Explanation(
            run_id, entry_id, run, entry[0] if entry else {}, stored[0],
            replayed[0] if replayed else None, warnings=warnings,
        )
        found.differences = compare(found.stored, found.replayed)
        found.priors = _priors(memory, run_id, found.entry.get("jurisdiction"), bool(found.stored.get("stale")))
        found.n_candidates, found.candidates = _candidates(memory, run_id, entry_id)
    finally:
        memory.close()
    return found


def _priors(memory: Store, run_id: str, jurisdiction: str | None, stale: bool = False) -> dict[str, Any]:
    """The replayed run's fitted "in this log" prior of the jurisdiction (of its stale detainers'
    entries when `stale`), how often its listed people's releases were handed over, booked by
    ICE later or neither (the run's rates where not fitted per jurisdiction), its log size, the
    book-ins."""
    priors: dict[str, Any] = {}
    row = memory.con.execute("select fitted from runs where run_id = ?", [run_id]).fetchall()
    fitted = json.loads(row[0][0]) if row and row[0][0] else {}
    if stale and jurisdiction in (fitted.get("prior_in_log_stale") or {}):
        priors["prior_in_log"] = fitted["prior_in_log_stale"][jurisdiction]
    elif jurisdiction in (fitted.get("prior_in_log") or {}):
        priors["prior_in_log"] = fitted["prior_in_log"][jurisdiction]
    by_jurisdiction = fitted.get("listed_release_states_by_jurisdiction") or {}
    listed = by_jurisdiction.get(jurisdiction) or fitted.get("listed_release_states")
    if listed:
        priors["listed_release_states"] = listed
    # How often releases here were logged "to ICE": (listed people's, all) rates (`release_reasons`).
    reasons = (fitted.get("reason_rates_by_jurisdiction") or {}).get(jurisdiction)
    if reasons:
        priors["reason_rates"] = reasons
    if jurisdiction:
        priors["jurisdiction_log_rows"] = memory.con.execute(
            "select count(*) from bookings where jurisdiction = ?", [jurisdiction]).fetchall()[0][0]
    priors["book_ins"] = memory.count("book_ins")
    return priors


def _candidates(memory: Store, run_id: str, entry_id: str) -> tuple[int, list[dict[str, Any]]]:
    """The entry's candidate bookings, most probable first, each with its ICE book-ins."""
    has_posterior = memory.table_exists("entry_booking")
    # A pair reconcile left out as negligible (units.NEGLIGIBLE_BITS) has P 0 to 4 places.
    posterior = (
        "coalesce(eb.p_booking, 0.0) as p_booking, eb.p_transfer, eb.past_log_end, eb.p_held" if has_posterior
        else "null::double as p_booking, null::double as p_transfer, null::boolean as past_log_end,"
             " null::double as p_held"
    )
    joined = "left join work.entry_booking eb on eb.entry_id = c.left_id and eb.booking_uid = c.right_id" \
        if has_posterior else ""
    # A stale detainer's pair: the booking's state at the decline in place of its issued-date
    # comparisons (linkage/stale.py), a factor on the odds its evidence lines do not show.
    has_stale = memory.table_exists(STALE_FACTORS.split(".")[1])
    stale = "sf.stale_factor" if has_stale else "null::double as stale_factor"
    if has_stale:
        joined += f" left join {STALE_FACTORS} sf on sf.entry_id = c.left_id and sf.booking_uid = c.right_id"
    rows = _rows(memory, f"""
        select c.right_id as booking_uid, b.booking_id, c.match_weight, c.match_probability,
               c.evidence::varchar as evidence, {posterior}, {stale},
               {in_custody_at_report_sql("b", "re")} as in_custody,
               {released_long_before_sql("b.release_datetime", "re.detainer_declined_date")} as long_gone,
               date_diff('day', b.release_datetime::date, re.detainer_declined_date) as days_before_decline,
               b.booking_date::varchar as booking_date, b.release_datetime::varchar as release_datetime,
               {logged_without_time("b.release_datetime")} as release_day_only,
               b.release_reason, b.release_class, b.hold_date::varchar as hold_date,
               coalesce(bc.reasons, []) as blanked
        from candidate_pairs c
        join report_entries re on re.entry_id = c.left_id
        left join bookings b on b.booking_uid = c.right_id
        left join blanked_cells bc on bc.submission_id = b.submission_id and bc.row_number = b.row_number
        {joined}
        where c.run_id = ? and c.hop = 'hop1' and c.left_id = ?
        order by {'eb.p_booking desc nulls last, ' if has_posterior else ''}c.match_weight desc, c.right_id
        """, [run_id, entry_id])
    for row in rows:
        row["evidence"] = json.loads(row["evidence"] or "{}")
    top = rows[:TOP_CANDIDATES]
    if memory.table_exists("release_units"):
        # The hand-over window as hop 2 scored it (units) and as reconcile weighed it.
        # What its strongest book-in most disagrees on, by the comparison's name (units.disagreement_sql).
        names = [c["output_column_name"] for c in (run_model(memory, run_id, "hop2") or {}).get("comparisons", [])]
        windows = {uid: (units, lr, names[kind - 1] if kind else None) for uid, units, lr, kind in memory.con.execute(
            "select booking_uid, window_units, window_lr, window_disagrees_on from work.release_units"
            " where booking_uid in (select unnest(?::varchar[]))", [[r["booking_uid"] for r in top]]).fetchall()}
        for row in top:
            row["window_units"], row["window_lr"], row["window_disagrees_on"] = windows.get(
                row["booking_uid"], (None, None, None))
    has_odds = memory.table_exists("hop2_odds")
    # A pair of a book-in on file missing from the odds was too weak to weigh
    # (units.NEGLIGIBLE_UNITS_BITS): its hours are read here, as hop2_odds_sql reads them.
    hours = release_to_book_in_hours("b.release_datetime", "k.book_in_datetime")
    in_window = (f"o.in_window, coalesce(o.hours_after, {hours}) as hours_after, o.later_release,"
                 " o.rebooking_of, o.custody_id is null and k.custody_id is not null as negligible"
                 if has_odds else
                 "null::boolean as in_window, null::double as hours_after, null::varchar as later_release,"
                 " null::varchar as rebooking_of, null::boolean as negligible")
    odds_join = ("left join work.hop2_odds o on o.booking_uid = c.left_id and o.custody_id = c.right_id"
                 if has_odds else "")
    for row in top:
        row["book_ins"] = _rows(memory, f"""
            select c.right_id as custody_id, c.match_weight, c.match_probability,
                   c.evidence::varchar as evidence, k.book_in_datetime::varchar as book_in_datetime,
                   k.apprehension_method, {in_window}, coalesce(bc.reasons, []) as blanked
            from candidate_pairs c
            left join book_ins k on k.custody_id = c.right_id
            left join bookings b on b.booking_uid = c.left_id
            left join blanked_cells bc on bc.submission_id = k.submission_id and bc.row_number = k.row_number
            {odds_join}
            where c.run_id = ? and c.hop = 'hop2' and c.left_id = ?
            order by c.match_weight desc, c.right_id limit {TOP_CANDIDATES}
            """, [run_id, row["booking_uid"]])
        for book_in in row["book_ins"]:
            book_in["evidence"] = json.loads(book_in["evidence"] or "{}")
    return len(rows), top
