"""Incremental weekly runs: add one week of files and re-score only what it can change.

    >>> result = run_week(store, config, {"reports": [...], "releases": [...], "custody": [...]})
    >>> result.run_id, result.affected_entries, result.seconds

With the models of the previous run (no training), a week's run:

1. ingests the week's files (`linkage.ingest.submit`): the week is every submission the previous
   run did not read (`unread_submissions`), these and any sent before;
2. brings hop 1's work tables up to date (the bookings side by the week's rows only) and
   finds the entries the week can change: its new entries, entries of a jurisdiction whose
   hop-1 blocking (release window or custody over the decline) could reach a new or replaced
   booking, and entries that had such a booking among their candidates;
3. scores hop 1 for the pairs the week can change only (new entries, and entries whose matched
   log the week changed (`entry_logs.ENTRY_LOGS`, `run_entry_logs`), x every booking a
   blocking rule pairs them with; other affected entries x the new or replaced bookings), and
   carries every other pair of the previous run (a pair's comparisons read only its two
   records): the run reads them where they are stored, not copies (`carry_pairs`);
4. scores hop 2 for the plausible bookings hop 2 has not searched yet (the previous run's
   searched set is noted in the store, `searched.searched_by`) and changed bookings
   (against every book-in), and for releases whose search window reaches a new or replaced
   book-in (against the week's book-ins only); carries the rest of the previous run's hop-2
   pairs;
5. reconciles the whole run from the pairs (per entry, cheap) and writes the outputs.

Scored pairs weigh as a full run's would: each pass restricts the hop's work tables, but its
term frequencies come from every right-side record (`score_hop(tf_source=...)`). Carried pairs
keep the previous run's weights, whose term frequencies came from last week's records: a
shared country or surname can weigh slightly differently from a full run's (docs/scale.md).
`split_world` cuts a generated world into a base and its last week to benchmark this.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from linkage.config import Config, run_config
from linkage.ingest import submit
from linkage.ingest.submission import SubmissionResult
from linkage.match import hop1, hop2
from linkage.match.decoys import score_decoy_windows, week_scope
from linkage.match.model import HOPS, load_settings, model_signature
from linkage.match.score import drop_kept_predictions, score_hop
from linkage.match.searched import searched_by
from linkage.pipeline import (
    decide_outcomes,
    finish_run,
    record_hop1_candidates,
    start_run,
    submissions_read,
)
from linkage.store import Store
from linkage.units import write_plausible_bookings

KINDS = ("reports", "releases", "custody")


class NoPreviousRun(Exception):
    """An incremental run needs a finished full run (its models and pairs) to build on."""


@dataclass
class WeekResult:
    """What one incremental week did, and how long each step took."""

    run_id: str
    previous_run: str
    new_submissions: list[int]
    affected_entries: int
    hop1_pairs_scored: int
    hop1_pairs_carried: int
    hop2_releases_scored: int
    hop2_pairs_scored: int
    hop2_pairs_carried: int
    seconds: dict[str, float] = field(default_factory=dict)
    searched_set_kept: bool = False
    """Hop 2's searched releases came from the previous run's note, not recomputed."""
    submitted: list[SubmissionResult] = field(default_factory=list)
    """What this call's files came to (stored, duplicate, refused), file by file."""
    warnings: list[str] = field(default_factory=list)
    """A saved model that today's code and config would not reuse (`models_out_of_date`)."""


def previous_run(store: Store) -> tuple[str, str, str | None]:
    """(run_id, hop1_model, hop2_model) of the latest finished run with a hop-1 model."""
    rows = store.con.execute(
        """select run_id, hop1_model, hop2_model from runs
           where status = 'done' and hop1_model is not null
           order by started_at desc, run_id desc limit 1"""
    ).fetchall()
    if not rows:
        raise NoPreviousRun("no finished run in the store: run the full pipeline once (linkage run)")
    return rows[0]


def previous_config(store: Store) -> Config:
    """The config of the run a week builds on (`previous_run`): its models were trained and its
    pairs scored and weighed with it, so the week's are too unless told otherwise."""
    return run_config(store, previous_run(store)[0])


def models_out_of_date(store: Store, config: Config, models: dict[str, str | None]) -> list[str]:
    """One line per hop whose saved model (`models`: {hop: model_id}) a full run with `config`
    would not reuse (`model.train_or_load`): its comparisons or blocking rules are not today's
    (`model_signature`), or its config was another (`Config.config_hash`). NoPreviousRun where
    a model is not in the store at all.

    A week scores with the model as it is, the same model as the pairs it carries; the full run
    is what trains again (a week's 30 seconds hold no training)."""
    stale = []
    for hop_name, model_id in models.items():
        if model_id is None:
            continue
        hop = HOPS[hop_name]
        row = store.con.execute("select manifest->>'signature', manifest->>'config_hash' from models"
                                " where model_id = ?", [model_id]).fetchone()
        if row is None:  # before the week starts a run that could not score
            raise NoPreviousRun(f"{hop_name}: model {model_id} of the previous run is not in the store:"
                                " run the full pipeline (linkage run)")
        if row[0] != model_signature(hop.comparisons(store), hop.blocking_rules(store, config)):
            why = "other comparisons or blocking rules than this code and config give"
        elif row[1] != config.config_hash():
            why = "another config (configs/*.toml or --config)"
        else:
            continue
        stale.append(f"{hop_name}: model {model_id} was trained with {why}; the week scores with it as it is,"
                     " and the next full run (linkage run) does not reuse it")
    return stale


def unread_submissions(store: Store, run_id: str) -> list[int]:
    """The stored submissions `run_id` did not read (not among its recorded inputs)."""
    inputs = store.con.execute("select inputs from runs where run_id = ?", [run_id]).fetchall()[0][0]
    read = set(submissions_read(json.loads(inputs or "{}")))
    return [sid for (sid,) in store.con.execute(
        "select submission_id from submissions where status = 'stored' order by 1").fetchall() if sid not in read]


def run_week(
    store: Store,
    config: Config,
    files: dict[str, Iterable[str | Path]],
    *,
    out_dir: str | Path | None = None,
) -> WeekResult:
    """Ingest `files` ({kind: [paths]}) and reconcile what they change, reusing the previous
    run's models and the pairs of everything else. Returns counts and per-step seconds."""
    con = store.con
    prev, hop1_model, hop2_model = previous_run(store)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 3)
        clock = now

    submitted: list[SubmissionResult] = []
    for kind in KINDS:
        if paths := list(files.get(kind, [])):
            # All of a kind in one call: staged in batches, not one pass per jurisdiction's file.
            submitted += submit(store, kind, paths, config=config)
    # The week is everything stored since the previous run read its inputs, not only what this
    # call stored: files sent before (`linkage submit`, the HTTP intake) or by a week that was
    # killed after its ingest, whose second try finds them "duplicate", are the week's too.
    new_ids = unread_submissions(store, prev)
    lap("ingest")

    warnings = models_out_of_date(store, config, {"hop1": hop1_model, "hop2": hop2_model})
    run_id = start_run(store, config, out_dir=out_dir)
    # First: a week killed after this has a run the Prefect flow will not resume as a full run.
    join_chain(store, prev, run_id)
    con.execute("update runs set hop1_model = ?, hop2_model = ? where run_id = ?",
                [hop1_model, hop2_model, run_id])
    _new_rows_tables(store, new_ids)
    hop1.prepare_inputs(store, changed_bookings="work.week_bookings")
    # The log each entry is matched against (`entry_logs.ENTRY_LOGS`): a log the week brings may
    # change it from the previous run's (`run_entry_logs`), and such an entry meets its new log
    # as a new entry would, none of its old pairs carried (a full run blocks it on the new log
    # alone). A run from before that table was kept counts every other-spelled entry as changed.
    con.execute(f"""insert into work.week_new_entries
                    select l.uid from work.{hop1.LEFT} l join report_entries e on e.entry_id = l.uid
                    left join run_entry_logs r on r.run_id = ? and r.entry_id = l.uid
                    where l.jurisdiction <> coalesce(r.jurisdiction, e.jurisdiction)
                      and l.uid not in (select entry_id from work.week_new_entries)""", [prev])
    rules = _blocking_rules(store, hop1_model)
    affected = _affected_entries(store, prev, rules)
    # The bookings the new entries can meet: those a blocking rule pairs with one. Splink
    # then blocks them against these alone (nationally 0.2 M bookings, not the 3.5 M of the
    # entries' counties), with term frequencies from every booking as before.
    new_entries = f"(select * from work.{hop1.LEFT} where uid in (select entry_id from work.week_new_entries))"
    con.execute("create or replace table work.week_reachable as"
                f" {_blocked_sql(rules, new_entries, f'work.{hop1.RIGHT}', 'r')}")
    lap("scope")

    # Hop 1 scores only pairs the week can change: a pair's comparisons read its two records,
    # so (old entry, unchanged booking) pairs are carried; new entries meet every booking a
    # rule pairs them with (pass A), the other affected entries only the new or replaced
    # bookings (pass B).
    drop_kept_predictions(store, "hop1")
    scored1 = _score_in_passes(store, "hop1", hop1_model, run_id, config, [
        ("(select entry_id from work.week_new_entries)", "(select uid from work.week_reachable)"),
        ("(select entry_id from work.week_entries except select entry_id from work.week_new_entries)",
         f"(select booking_uid from work.{hop1.CHANGED})"),
    ], keep=True)
    carried1 = carry_pairs(store, run_id, "hop1",
                           "left_id not in (select entry_id from work.week_new_entries)"
                           f" and right_id not in (select booking_uid from work.{hop1.CHANGED})")
    lap("hop 1")

    # The bookings hop 2 searched for the previous run, kept aside before this run's replace
    # them (recomputing the set takes a pass over every hop-1 pair: 7 s nationally).
    con.execute("drop table if exists work.week_searched")
    if kept := searched_by(store, prev):
        con.execute(f"alter table {hop2.CANDIDATE_RELEASES} rename to week_searched")
    record_hop1_candidates(store, run_id, config)
    scored_releases, scored2, carried2 = 0, 0, 0
    hop2.prepare_inputs(store)
    if hop2_model is not None and store.count("book_ins"):
        scored_releases = _hop2_scope(store, config, prev, searched_kept=kept)
        # Releases hop 2 has not searched (or whose record changed) meet every book-in (pass
        # A); releases it searched meet only the week's new or replaced book-ins (pass B).
        scored2 = _score_in_passes(store, "hop2", hop2_model, run_id, config, [
            ("(select uid from work.week_releases)", None),
            ("(select uid from work.week_reached)", "(select custody_id from work.week_book_ins)"),
        ])
        carried2 = carry_pairs(
            store, run_id, "hop2",
            f"left_id in (select uid from work.{hop2.LEFT})"
            " and left_id not in (select uid from work.week_releases)"
            " and right_id not in (select custody_id from work.week_book_ins)",
        )
    else:  # as a full run without hop 2: none of the previous run's hop-2 pairs
        carry_pairs(store, run_id, "hop2", "false")
    # Decoys of the releases scored this week; the others keep the previous run's.
    score_decoy_windows(store, run_id, config, releases=(
        week_scope(config) if hop2_model is not None and store.count("book_ins") else None))
    lap("hop 2")

    con.execute("drop table if exists work.week_searched")
    decide_outcomes(store, run_id, config)
    lap("reconcile")
    finish_run(store, run_id, out_dir=out_dir)
    lap("report")
    return WeekResult(run_id, prev, new_ids, affected, scored1, carried1, scored_releases,
                      scored2, carried2, seconds, kept, submitted, warnings)


def _new_rows_tables(store: Store, submission_ids: list[int]) -> None:
    """work.week_bookings / week_book_ins / week_new_entries: the rows the week brought."""
    con = store.con
    con.execute("create schema if not exists work")
    ids = ", ".join(str(int(i)) for i in submission_ids) or "null"
    con.execute(f"""create or replace table work.week_bookings as
        select booking_uid from bookings where submission_id in ({ids})""")
    con.execute(f"""create or replace table work.week_book_ins as
        select custody_id, book_in_datetime from book_ins where submission_id in ({ids})""")
    con.execute(f"""create or replace table work.week_new_entries as
        select entry_id from report_entries where submission_id in ({ids})""")


def _blocking_rules(store: Store, hop1_model: str) -> list[str]:
    """The blocking rules of the hop-1 model that scores the week: its own, not today's
    config's (a store trained before a change of the rules is scored with its old ones)."""
    return [rule["blocking_rule"] if isinstance(rule, dict) else rule
            for rule in load_settings(store, hop1_model)["blocking_rules_to_generate_predictions"]]


def _blocked_sql(rules: list[str], left: str, right: str, side: str) -> str:
    """SQL of the uids on `side` ("l" or "r") of the pairs one of hop 1's blocking `rules`
    makes between the relations `left` (entries) and `right` (bookings).

        >>> _blocked_sql(rules, "work.hop1_entries", "work.week_hop1_bookings", "l")"""
    return " union ".join(f"select {side}.uid from {left} l join {right} r on {rule}" for rule in rules)


def _affected_entries(store: Store, prev: str, rules: list[str]) -> int:
    """work.week_entries(entry_id): entries whose hop-1 candidates the week can change.

    Needs hop 1's work tables. An entry is affected when it is new, when one of the blocking
    `rules` of the model that scores the week (`_blocking_rules`) pairs it with a changed
    booking (new, replaced, or of a log rewritten: `hop1.CHANGED`), or when such a booking
    was among its previous candidates (a replaced booking may leave its blocks)."""
    con = store.con
    con.execute(f"""create or replace table work.week_hop1_bookings as
        select * from work.{hop1.RIGHT} where uid in (select booking_uid from work.{hop1.CHANGED})""")
    blocked = _blocked_sql(rules, f"work.{hop1.LEFT}", "work.week_hop1_bookings", "l")
    con.execute(
        f"""
        create or replace table work.week_entries as
        select entry_id from work.week_new_entries
        union select uid from ({blocked})
        union select c.left_id from candidate_pairs c
              where c.run_id = ? and c.hop = 'hop1'
                and c.right_id in (select booking_uid from work.{hop1.CHANGED})
        """,
        [prev],
    )
    con.execute("drop table work.week_hop1_bookings")
    return _count(store, "work.week_entries")


def _hop2_scope(store: Store, config: Config, prev: str, *, searched_kept: bool) -> int:
    """work.week_releases(uid): plausible releases hop 2 must search in full this week (not
    searched before, or their record changed); work.week_reached(uid): releases it searched
    that a new or replaced book-in can pair with. Returns how many releases either holds."""
    days = config.hop2.search_window_days
    con = store.con
    # work.week_searched: the previous run's searched set, set aside by run_week, or else
    # written here (run_week drops it after hop 2).
    if not searched_kept:
        # Bookings plausible for the previous run's pairs, judged with today's pool sizes: pools
        # only grow, so this set is within what the previous run searched (and has pairs for).
        write_plausible_bookings(store, prev, config, "work.week_searched")
    con.execute(
        f"""
        create or replace table work.week_releases as
        select r.uid from work.{hop2.LEFT} r
        where r.uid not in (select uid from work.week_searched)
           or r.uid in (select booking_uid from work.week_bookings)
        """
    )
    con.execute(
        f"""
        create or replace table work.week_reached as
        select r.uid from work.{hop2.LEFT} r
        where r.uid not in (select uid from work.week_releases)
          and (-- a new book-in can follow this release within hop 2's search window
               r.event_time >= (select min(book_in_datetime) from work.week_book_ins)
                               - interval {days} day - interval 1 hour
               -- or it had a pair with a book-in the week replaced
               or r.uid in (select left_id from candidate_pairs where run_id = ? and hop = 'hop2'
                            and right_id in (select custody_id from work.week_book_ins)))
        """,
        [prev],
    )
    return _count(store, "work.week_releases") + _count(store, "work.week_reached")


def _score_in_passes(store: Store, hop: str, model_id: str, run_id: str, config: Config,
                     passes: list[tuple[str, str | None]], *, keep: bool = False) -> int:
    """Score `hop` once per (left uids, right uids) pass, each a SQL subquery of uids (None:
    every right record), and make the passes' pairs the run's pairs of the hop. Inside a pass
    `work.week_all_left` / `week_all_right` hold the hop's whole inputs, which are whole again
    afterwards (reconcile and the next week read them). Returns the pairs scored.

    Each pass adds its pairs to the run's (`score_hop(append=True)`). `run_week`'s passes have
    disjoint left records: no pair is stored twice, and each record's evidence pairs come from
    the one pass that scores it."""
    con = store.con
    module = HOPS[hop].module
    left, right = f"work.{module.LEFT}", f"work.{module.RIGHT}"
    con.execute("delete from scored_pairs where run_id = ? and hop = ?", [run_id, hop])
    # Set aside by renaming, not copying: hop 1's right side is every booking of the listed
    # counties (10 M rows nationally).
    for table in ("week_all_left", "week_all_right"):
        con.execute(f"drop table if exists work.{table}")
    con.execute(f"alter table {left} rename to week_all_left")
    con.execute(f"alter table {right} rename to week_all_right")
    scored = 0
    try:
        for lefts, rights in passes:
            con.execute(f"create or replace table {left} as select * from work.week_all_left where uid in {lefts}")
            con.execute(f"create or replace table {right} as select * from work.week_all_right"
                        + (f" where uid in {rights}" if rights else ""))
            if _count(store, left) and _count(store, right):
                # Term frequencies from every right-side record, not the pass's few: the same
                # weights as a full run's.
                scored += score_hop(store, HOPS[hop], model_id, run_id=run_id, engine=config.engine, keep=keep,
                                    tf_source="work.week_all_right", append=True)
    finally:
        # Whole again even if a pass failed: `explain` and the next run read these tables.
        con.execute(f"drop table if exists {left}")
        con.execute(f"drop table if exists {right}")
        con.execute(f"alter table work.week_all_left rename to {module.LEFT}")
        con.execute(f"alter table work.week_all_right rename to {module.RIGHT}")
    return scored


def join_chain(store: Store, prev: str, run_id: str) -> None:
    """Make `run_id` the next run of `prev`'s chain (a full run is its depth 1, its first week
    2): it carries the pairs `prev` has (its own and those it carries) that `carry_pairs` does
    not take out.

    A week that died after taking pairs out of the chain left marks at `prev`'s depth or later;
    `prev` being the latest finished run, no live run made them, and they are undone here."""
    con = store.con
    depth = con.execute("select coalesce(max(depth), 1) from run_pair_sources where run_id = ?",
                        [prev]).fetchall()[0][0]
    after = con.execute("""select s.run_id from run_pair_sources s join runs r using (run_id)
                           where s.source_run = ? and s.depth = ? + 1 and r.status = 'done'""",
                        [prev, depth]).fetchall()
    if after:  # its marks would be cleared below: only a run's latest week may follow it
        raise ValueError(f"run {prev} already has a finished week after it ({after[0][0]})")
    con.execute(
        """insert into run_pair_sources
           select $run, source_run, $depth + 1 from run_pair_sources where run_id = $prev
           union all select $run, $prev, $depth + 1""",
        {"run": run_id, "prev": prev, "depth": depth})
    con.execute(
        """update scored_pairs set carried_until = null
           where run_id in (select source_run from run_pair_sources where run_id = ?)
             and carried_until >= ?""",
        [run_id, depth])


def carry_pairs(store: Store, run_id: str, hop: str, where: str) -> int:
    """Of the pairs of `hop` that `run_id`'s chain holds for it (`join_chain`), keep those that
    satisfy `where` (SQL over left_id, right_id) and take the rest out of the chain from this
    run on; returns how many it carries. The pairs stay where they are: a national week's copy
    of them took ~20 s and 1.3 GiB of store (docs/scale.md, round 39)."""
    con = store.con
    sources = "(select source_run from run_pair_sources where run_id = $run)"
    depth = "(select any_value(depth) from run_pair_sources where run_id = $run)"
    # Taken out: valid through the previous run's depth, not this one's. A null `where` (an
    # ID list holding a null) takes the pair out, as the copy it replaced left such a pair behind.
    con.execute(
        f"""update scored_pairs set carried_until = {depth} - 1
            where run_id in {sources} and hop = $hop and carried_until is null
              and not coalesce(({where}), false)""",
        {"run": run_id, "hop": hop})
    return con.execute(
        f"select count(*) from scored_pairs where run_id in {sources} and hop = $hop and carried_until is null",
        {"run": run_id, "hop": hop}).fetchall()[0][0]


def _count(store: Store, table: str) -> int:
    # Store.count quotes its argument as one name; these tables live in the work schema.
    return store.con.execute(f"select count(*) from {table}").fetchall()[0][0]
