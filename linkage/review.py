"""Auditor review: the queue of verdicts worth a look, decisions, and how runs honour them.

    >>> queue = review_queue(store, jurisdiction="TX/TRAVIS", limit=20)
    >>> detail = entry_detail(store, queue[0]["entry_id"], blind=True)
    >>> record_decision(store, "DD20170204-0007", booking="17-004512", no_custody=True, by="R. Diaz")
    >>> apply_decisions(store, run_id)     # inside reconcile: decided entries take the auditor's links
    >>> entry_history(store, "DD20170204-0007")

Decisions are append-only; the latest per entry is in force. A decided entry's outcome is
derived from its links, never from the model: booking in custody at the decline ->
still_in_custody; released and an ICE book-in within the hand-over window ->
transferred_to_ice; released, no such book-in -> transferred_to_other_agency when the jail
logged a release to another agency, else declined_confirmed; no booking ->
no_release_record. The model's verdict moves to `overruled_verdicts`, so history keeps it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from linkage.config import Config, load_config, run_config
from linkage.errors import LinkageError
from linkage.match.hop1 import in_custody_at_report_sql
from linkage.match.hop2 import hand_over_sql, release_to_book_in_hours
from linkage.normalize.dates import report_week_start_sql
from linkage.review_candidates import candidates
from linkage.store import Store

STATE_COLUMNS = {
    "transferred_to_ice": "p_transferred",
    "transferred_to_other_agency": "p_other_agency",
    "declined_confirmed": "p_declined",
    "still_in_custody": "p_in_custody",
    "no_release_record": "p_no_record",
}
CLOSE_STATE = 0.05
"""A confident verdict joins the queue when its runner-up state has at least this probability."""
CLOSE_WEIGHT = 2.0
"""...or when its runner-up booking is within this many bits of the best one: P(j|e) of two
candidates of one entry differ by their Bayes factors alone, so 2 bits = posterior odds 4:1."""

# The latest decision per entry is the one in force (append-only table, no updates). Latest
# by the sequence: ids are handed out in the order decisions were written, whatever the
# clocks of the deciders said.
LATEST_DECISIONS = """
    select * from decisions
    qualify row_number() over (partition by entry_id order by decision_id desc) = 1
"""


def lapsed_sql(reasons: str) -> str:
    """SQL: whether an outcome row (its `reasons` column) is a decision that lapsed (`apply_decisions`)."""
    return f"{reasons} like 'decision #% no longer holds%'"


def applied_sql(reasons: str) -> str:
    """SQL: whether `apply_decisions` wrote the outcome row: a decision in force, or one that lapsed."""
    return f"({reasons} like 'decided by %' or {lapsed_sql(reasons)})"


class ReviewError(LinkageError):
    """A decision or lookup that cannot be honoured (unknown entry, booking, custody, run).

    `form`: the same message worded for the web form, where the CLI's flags do not exist.

        >>> raise ReviewError("give --custody C or --no-custody", form="choose a book-in or 'none'")
    """

    def __init__(self, message: str, *, form: str | None = None) -> None:
        super().__init__(message)
        self.form = form or message


def latest_run(store: Store, run_id: str | None = None) -> str:
    """`run_id` if it exists, else the latest finished run (else the latest with outcomes)."""
    if run_id:
        if not store.con.execute("select 1 from runs where run_id = ?", [run_id]).fetchall():
            raise ReviewError(f"no run {run_id!r} in the store")
        return run_id
    found = store.con.execute(
        """select run_id from runs r
           where exists (select 1 from outcomes o where o.run_id = r.run_id)
           order by (status = 'done') desc, started_at desc limit 1"""
    ).fetchall()
    if not found:
        raise ReviewError("no run with outcomes in the store: run `linkage run` first")
    return found[0][0]


def decided_outcomes_sql(config: Config, decisions: str) -> str:
    """Outcome, links and reason of each decision in `decisions` (a relation with decision rows)."""
    hours = release_to_book_in_hours("b.release_datetime", "k.book_in_datetime")
    return f"""
        select d.decision_id, d.entry_id, d.booking_uid, b.booking_id, d.decided_by, d.decided_at,
               d.decided_on, d.note, d.no_booking, d.no_custody, d.decided_outcome,
               case when d.no_booking then 'no_release_record'
                    when {in_custody_at_report_sql("b", "e")}
                      then 'still_in_custody'
                    when k.custody_id is not null and {hand_over_sql(config, hours, 'k.apprehension_method', 'b.release_class')}
                      then 'transferred_to_ice'
                    when b.release_class = 'other_agency' then 'transferred_to_other_agency'
                    else 'declined_confirmed' end as outcome,
               k.custody_id as decided_custody
        from ({decisions}) d
        join report_entries e using (entry_id)
        left join bookings b on b.booking_uid = d.booking_uid
        left join book_ins k on k.custody_id = d.custody_id
        where d.no_booking or b.booking_uid is not null
    """


def apply_decisions(store: Store, run_id: str, config: Config | None = None) -> int:
    """Overwrite the outcomes of decided entries in `run_id`; returns how many were decided.

    Called last inside reconcile's outcome transaction, and callable alone (`linkage review
    apply`; `config` defaults to the run's own). The model's row moves to `overruled_verdicts`
    first, once per run and entry. A decision from which today's inputs derive another outcome
    than it gave when made (a corrected ICE extract moved the book-in it named) lapses: the
    entry goes back to review with the model's probabilities, its reason saying so.
    """
    config = config or run_config(store, run_id)
    con = store.con
    decided = (f"select *, coalesce(decided_outcome <> outcome, false) as lapsed"
               f" from ({decided_outcomes_sql(config, LATEST_DECISIONS)})")
    # A model row is one apply has not written yet; a stale copy of an older model row goes.
    con.execute(
        f"""delete from overruled_verdicts where run_id = $run and entry_id in
           (select entry_id from outcomes where run_id = $run and not {applied_sql("reasons")})""",
        {"run": run_id},
    )
    con.execute(
        f"""
        insert into overruled_verdicts
        select o.run_id, o.entry_id, d.decision_id, o.outcome, o.confidence, o.p_transferred,
               o.p_other_agency, o.p_declined, o.p_in_custody, o.p_no_record, o.booking_uid,
               o.booking_id, o.custody_id, o.reasons
        from outcomes o join ({decided}) d using (entry_id)
        where o.run_id = $run and not {applied_sql("o.reasons")}
        """,
        {"run": run_id},
    )
    # The day on the decider's own calendar (schema 12), whoever applies or replays it: a UTC
    # day read a day late in the US evening, and the applying machine's day failed to replay
    # in another zone. A store opened read-only before schema 12 (`explain` of an old run) has
    # no decided_on: its day as the migration would give it.
    day = "strftime(coalesce(d.decided_on, d.decided_at::date), '%Y-%m-%d')"
    con.execute(
        f"""
        update outcomes set
            outcome = d.outcome, confidence = 1.0,
            p_transferred = (d.outcome = 'transferred_to_ice')::int,
            p_other_agency = (d.outcome = 'transferred_to_other_agency')::int,
            p_declined = (d.outcome = 'declined_confirmed')::int,
            p_in_custody = (d.outcome = 'still_in_custody')::int,
            p_no_record = (d.outcome = 'no_release_record')::int,
            booking_uid = d.booking_uid, booking_id = d.booking_id,
            custody_id = case when d.outcome = 'transferred_to_ice' then d.decided_custody end,
            reasons = printf('decided by %s on %s', d.decided_by, {day})
                      || coalesce(': ' || nullif(trim(d.note), ''), '')
                      || printf('; model said %s (%.2f)', v.outcome, v.confidence)
        from ({decided}) d
        join overruled_verdicts v on v.run_id = $run and v.entry_id = d.entry_id
        where outcomes.run_id = $run and outcomes.entry_id = d.entry_id and not d.lapsed
        """,
        {"run": run_id},
    )
    con.execute(
        f"""
        update outcomes set
            outcome = 'needs_review', confidence = v.confidence, p_transferred = v.p_transferred,
            p_other_agency = v.p_other_agency, p_declined = v.p_declined, p_in_custody = v.p_in_custody,
            p_no_record = v.p_no_record, booking_uid = v.booking_uid, booking_id = v.booking_id,
            custody_id = v.custody_id,
            reasons = printf('decision #%d by %s on %s no longer holds: it gave %s, the inputs or settings now give %s;'
                             ' review it again. Model said %s (%.2f)', d.decision_id, d.decided_by, {day},
                             d.decided_outcome, d.outcome, v.outcome, v.confidence)
        from ({decided}) d
        join overruled_verdicts v on v.run_id = $run and v.entry_id = d.entry_id
        where outcomes.run_id = $run and outcomes.entry_id = d.entry_id and d.lapsed
        """,
        {"run": run_id},
    )
    # Keep the decision id current on the model's copy (a newer decision may supersede).
    con.execute(
        f"""update overruled_verdicts set decision_id = d.decision_id from ({decided}) d
            where overruled_verdicts.run_id = $run and overruled_verdicts.entry_id = d.entry_id""",
        {"run": run_id},
    )
    return con.execute(
        "select count(*) from overruled_verdicts where run_id = ?", [run_id]
    ).fetchall()[0][0]


def record_decision(
    store: Store,
    entry_id: str,
    *,
    by: str,
    booking: str | None = None,
    none: bool = False,
    custody: str | None = None,
    no_custody: bool = False,
    note: str | None = None,
    run_id: str | None = None,
    blind: bool = False,
    config: Config | None = None,
) -> dict[str, Any]:
    """Validate and append one decision; returns it with the outcome it will give the entry
    (with `config`, by default the config of the run it is recorded against, as apply reads it)."""
    con = store.con
    config = config or run_config(store, latest_run(store, run_id))
    if not by or not by.strip():
        raise ReviewError("say who decides (--by NAME)")
    entry = con.execute(
        "select jurisdiction, detainer_declined_date from report_entries where entry_id = ?", [entry_id]
    ).fetchall()
    if not entry:
        raise ReviewError(f"no report entry {entry_id!r}")
    jurisdiction, declined = entry[0]
    if (booking is None) == (not none):
        raise ReviewError("give exactly one of --booking B or --none")
    if custody is not None and no_custody:
        raise ReviewError("give at most one of --custody C or --no-custody")
    if none and (custody is not None or no_custody):
        raise ReviewError("--none means no booking, so there is no release to follow into ICE custody",
                          form="'none fits' means no booking, so there is no release to follow into ICE"
                               " custody: choose 'not applicable' for the custody")
    booking_uid = _booking_uid(store, booking, jurisdiction, entry_id) if booking is not None else None
    if custody is not None and not con.execute(
        "select 1 from book_ins where custody_id = ?", [custody]
    ).fetchall():
        raise ReviewError(f"no ICE book-in {custody!r} in the store")
    if booking_uid and custody is not None:
        _refuse_unless_handed_over(store, config, entry_id, booking, booking_uid, custody)
    if booking_uid and custody is None and not no_custody:
        released = con.execute(
            f"""select release_datetime from bookings where booking_uid = ?
                and release_datetime::date <= ?::date + {config.hop1.release_window_days_after}""",
            [booking_uid, declined],
        ).fetchall()
        if released:
            went = f"booking {booking} was released {released[0][0]:%Y-%m-%d %H:%M}: say where the person went, "
            raise ReviewError(went + "--custody C (the ICE book-in) or --no-custody",
                              form=went + "the ICE book-in that followed, or 'no ICE book-in followed'")
    run_id = latest_run(store, run_id)
    models = con.execute("select hop1_model, hop2_model from runs where run_id = ?", [run_id]).fetchall()[0]
    model_ids = {"hop1": models[0], "hop2": models[1]}
    now = datetime.now(UTC)  # an instant; its day on this machine's calendar is the decider's
    decision_id = con.execute(
        """insert into decisions (entry_id, booking_uid, no_booking, custody_id, no_custody,
               decided_by, decided_at, decided_on, note, run_id, model_ids, blind)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning decision_id""",
        [entry_id, booking_uid, none, custody, no_custody, by.strip(), now, now.astimezone().date(),
         note, run_id, json.dumps(model_ids), blind],
    ).fetchall()[0][0]
    outcome = decision_outcome(store, decision_id, config)["outcome"]
    con.execute("update decisions set decided_outcome = ? where decision_id = ?", [outcome, decision_id])
    return {"decision_id": decision_id, "entry_id": entry_id, "booking_uid": booking_uid,
            "custody_id": custody, "outcome": outcome, "run_id": run_id, "model_ids": model_ids,
            "decided_by": by.strip(), "blind": blind}


def _refuse_unless_handed_over(store: Store, config: Config, entry_id: str, booking: str | None,
                               booking_uid: str, custody: str) -> None:
    """A named book-in must be the release's hand-over: refuse a decision whose own outcome
    (`decided_outcomes_sql`, what apply will give the entry) is no transfer to ICE, one of a
    booking still held at the decline or of a book-in outside the hand-over window."""
    proposed = ("select null::bigint as decision_id, ?::varchar as entry_id, ?::varchar as booking_uid,"
                " false as no_booking, ?::varchar as custody_id, false as no_custody,"
                " null::varchar as decided_by, null::timestamptz as decided_at, null::date as decided_on,"
                " null::varchar as note, null::varchar as decided_outcome")
    outcome = store.con.execute(f"select outcome from ({decided_outcomes_sql(config, proposed)})",
                                [entry_id, booking_uid, custody]).fetchall()[0][0]
    if outcome == "transferred_to_ice":
        return
    held_at = f"booking {booking} was still in custody at the decline, so no ICE book-in followed a release: "
    if outcome == "still_in_custody":
        raise ReviewError(held_at + "leave out --custody", form=held_at + "choose 'not applicable' for the custody")
    hours = release_to_book_in_hours("b.release_datetime", "k.book_in_datetime")
    after = store.con.execute(f"select round({hours}, 1) from bookings b, book_ins k"
                              " where b.booking_uid = ? and k.custody_id = ?", [booking_uid, custody]).fetchall()[0][0]
    h, when = config.hop2, "not timed" if after is None else f"{after:g} h"
    raise ReviewError(f"ICE book-in {custody} was {when} after booking {booking}'s release: outside the hand-over"
                      f" window (-1 to {h.transfer_window_hours:g} h; to {h.custodial_window_hours:g} h for a"
                      " CAP or 287(g) book-in of a release not to another agency)")


def decision_outcome(store: Store, decision_id: int, config: Config | None = None) -> dict[str, Any] | None:
    """The decision with the outcome its links give its entry today (with `config`, by default
    that of the run it was recorded against); None if there is none.

        >>> decision_outcome(store, 7)["outcome"]     # 'transferred_to_ice'
    """
    if config is None:
        run = store.con.execute("select run_id from decisions where decision_id = ?", [decision_id]).fetchall()
        config = run_config(store, run[0][0]) if run and run[0][0] else load_config()
    sql = decided_outcomes_sql(config, "select * from decisions where decision_id = $id")
    return _record(store, f"select * from ({sql})", {"id": decision_id})


def _booking_uid(store: Store, booking: str, jurisdiction: str, entry_id: str | None = None) -> str:
    """A booking ID of the entry's own log (or of the log it is matched against, where ICE spelled
    its county otherwise: `entry_logs.ENTRY_LOGS`), or a full `ST/COUNTY#ID` (another county's log:
    ICE sometimes files an entry under a same-named county)."""
    from linkage.match.entry_logs import ENTRY_LOGS

    if entry_id is not None and store.table_exists(ENTRY_LOGS.split(".")[1]):
        matched = store.con.execute(f"select jurisdiction from {ENTRY_LOGS} where entry_id = ?", [entry_id]).fetchall()
        jurisdiction = matched[0][0] if matched else jurisdiction
    rows = store.con.execute(
        """select booking_uid from bookings
           where booking_uid = $b or (jurisdiction = $j and booking_id = $b)""",
        {"b": booking, "j": jurisdiction},
    ).fetchall()
    if rows:
        return rows[0][0]
    elsewhere = store.con.execute(
        "select booking_uid from bookings where booking_id = ? order by booking_uid", [booking]
    ).fetchall()
    hint = ""
    if elsewhere:
        hint = "; it exists as " + ", ".join(r[0] for r in elsewhere) + " (give that full ID to pick it)"
    raise ReviewError(f"no booking {booking!r} in the {jurisdiction} log{hint}")


def review_queue(
    store: Store,
    *,
    run_id: str | None = None,
    jurisdiction: str | None = None,
    limit: int | None = 50,
    include_decided: bool = False,
) -> list[dict[str, Any]]:
    """Entries most worth a human look, best first (see `priority`)."""
    run_id = latest_run(store, run_id)
    result = store.con.execute(
        f"""
        with cand as (
            select left_id as entry_id, count(*) as n_candidates,
                   list(match_weight order by match_weight desc) as weights
            from candidate_pairs where run_id = $run and hop = 'hop1' group by left_id
        )
        -- the week by its first day, as the report labels it
        select o.entry_id, e.jurisdiction, {report_week_start_sql('e.report_week')} as report_week,
               o.outcome, o.confidence,
               o.p_transferred, o.p_other_agency, o.p_declined, o.p_in_custody, o.p_no_record,
               o.booking_id, coalesce(c.n_candidates, 0) as n_candidates,
               c.weights[1] - c.weights[2] as weight_gap,
               -- A decision that lapsed (apply_decisions) puts its entry back in the queue.
               d.decision_id is not null and not {lapsed_sql("o.reasons")} as decided
        from outcomes o join report_entries e using (entry_id)
        left join cand c using (entry_id)
        left join ({LATEST_DECISIONS}) d using (entry_id)
        where o.run_id = $run and ($jur is null or e.jurisdiction = $jur)
        """,
        {"run": run_id, "jur": jurisdiction},
    )
    names = [c[0] for c in result.description]
    queue = []
    for row in result.fetchall():
        item = dict(zip(names, row, strict=True))
        if item["decided"] and not include_decided:
            continue
        probs = {s: item[c] or 0.0 for s, c in STATE_COLUMNS.items()}
        ranked = sorted(probs.items(), key=lambda kv: (-kv[1], kv[0]))
        verdict = item["outcome"] if item["outcome"] in probs else None
        runner_up = next((kv for kv in ranked if kv[0] != (verdict or ranked[0][0])), ranked[1])
        gap = item["weight_gap"]
        close_candidate = gap is not None and gap <= CLOSE_WEIGHT
        if verdict and runner_up[1] < CLOSE_STATE and not close_candidate:
            continue
        item.update(
            runner_up=runner_up[0], p_runner_up=runner_up[1], close_candidate=close_candidate,
            priority=priority(item["outcome"], probs), run_id=run_id,
        )
        queue.append(item)
    queue.sort(key=lambda i: (i["outcome"] != "needs_review", -i["priority"], i["entry_id"]))
    return queue[:limit] if limit else queue


def priority(outcome: str, probs: dict[str, float]) -> float:
    """Expected change in the two headline counts if an auditor decided this entry.

    E|Δ confirmed declines| + E|Δ transfers to ICE|: for the count of the entry's current
    verdict, 1 − P(that state); for any other count, P(that state). A needs_review entry is
    in neither count, so it scores P(declined) + P(transferred).

        >>> priority("declined_confirmed", {"declined_confirmed": 0.7, "transferred_to_ice": 0.3})
        0.6
    """
    score = 0.0
    for state in ("declined_confirmed", "transferred_to_ice"):
        p = probs.get(state, 0.0)
        score += 1 - p if outcome == state else p
    return round(score, 4)


def entry_detail(
    store: Store, entry_id: str, *, run_id: str | None = None, blind: bool = False, top: int = 5
) -> dict[str, Any]:
    """The entry, its verdict, its candidate bookings (with their ICE book-ins) and decisions.

    With `blind`, probabilities and weights are left out and candidates come in release
    order, so the auditor's label is not anchored on the model.
    """
    con = store.con
    run_id = latest_run(store, run_id)
    entry = _record(store, "select * exclude (submission_id, row_number) from report_entries where entry_id = ?",
                    [entry_id])
    if entry is None:
        raise ReviewError(f"no report entry {entry_id!r}")
    verdict = _record(store, "select * exclude (run_id) from outcomes where run_id = ? and entry_id = ?",
                      [run_id, entry_id])
    model = _record(store, "select * exclude (run_id) from overruled_verdicts where run_id = ? and entry_id = ?",
                    [run_id, entry_id])
    decision = _record(store, f"select * from ({LATEST_DECISIONS}) where entry_id = ?", [entry_id])
    hop1, hop2 = candidates(store, run_id, entry_id, top=top, blind=blind)
    # A decision that no longer holds (`apply_decisions`) is shown as such, not as in force.
    reasons = str((verdict or {}).get("reasons") or "")
    lapsed = bool(decision) and reasons.startswith(f"decision #{decision['decision_id']} ") and "no longer holds" in reasons
    if blind and verdict:
        verdict = {k: v for k, v in verdict.items()
                   if k in ("entry_id", "duplicate_of", "stale")}
        model = None
    n = con.execute(
        "select count(*) from candidate_pairs where run_id = ? and hop = 'hop1' and left_id = ?",
        [run_id, entry_id],
    ).fetchall()[0][0]
    return {"run_id": run_id, "entry": entry, "verdict": verdict, "model_verdict": model or verdict,
            "decision": decision, "decision_lapsed": lapsed, "candidates": hop1, "book_ins": hop2,
            "n_candidates": n, "blind": blind}


def _record(store: Store, sql: str, params: list[Any] | dict[str, Any]) -> dict[str, Any] | None:
    result = store.con.execute(sql, params)
    names = [c[0] for c in result.description]
    rows = result.fetchall()
    return dict(zip(names, rows[0], strict=True)) if rows else None


def entry_history(store: Store, entry_id: str) -> dict[str, list[dict[str, Any]]]:
    """Each run's model verdict (and what was in force), and every decision, oldest first."""
    if not store.con.execute("select 1 from report_entries where entry_id = ?", [entry_id]).fetchall():
        raise ReviewError(f"no report entry {entry_id!r}")
    runs = store.con.execute(
        """
        select r.run_id, r.started_at, r.hop1_model, r.hop2_model,
               coalesce(v.outcome, o.outcome) as model_outcome,
               coalesce(v.confidence, o.confidence) as model_confidence,
               coalesce(v.p_transferred, o.p_transferred) as model_p_transferred,
               coalesce(v.booking_id, o.booking_id) as model_booking_id,
               coalesce(v.custody_id, o.custody_id) as model_custody_id,
               o.outcome as in_force, o.booking_id, o.custody_id, v.decision_id
        from outcomes o join runs r using (run_id)
        left join overruled_verdicts v using (run_id, entry_id)
        where o.entry_id = ? order by r.started_at, r.run_id
        """,
        [entry_id],
    )
    names = [c[0] for c in runs.description]
    run_rows = [dict(zip(names, row, strict=True)) for row in runs.fetchall()]
    decisions = store.con.execute(
        """select d.decision_id, d.decided_at, d.decided_by, d.booking_uid, b.booking_id, d.no_booking,
                  d.custody_id, d.no_custody, d.note, d.run_id, d.model_ids::varchar, d.blind
           from decisions d left join bookings b using (booking_uid)
           where d.entry_id = ? order by d.decision_id""",
        [entry_id],
    )
    names = [c[0] for c in decisions.description]
    return {"runs": run_rows, "decisions": [dict(zip(names, row, strict=True)) for row in decisions.fetchall()]}
