"""`linkage review …` and `linkage train`: the auditor's queue, decisions and label-based measures.

    $ linkage review list --jurisdiction TX/Travis --limit 20
    $ linkage review show DD20170211-0010 --blind
    $ linkage review decide DD20170211-0010 --booking 2017-002457 --custody 49D9352F95 --by "R. Diaz"
    $ linkage review history DD20170211-0010
    $ linkage review accuracy
    $ linkage train --use-labels

Thin face: parse, call linkage.review / linkage.match.labels, print.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from linkage.cli_common import ConfigOption, DbOption, config_from, console, fail, open_store

review_app = typer.Typer(
    help="Auditor review: the queue of verdicts worth a look, decisions, history and accuracy.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

RunOption = Annotated[str | None, typer.Option("--run", help="A run ID (default: the latest finished run).")]
BlindOption = Annotated[
    bool, typer.Option("--blind", help="Hide the model's probabilities, weights and ranking (labels not anchored on the model).")
]


def _jurisdiction_key(jurisdiction: str | None) -> str | None:
    if not jurisdiction:
        return None
    from linkage.normalize.places import county_key, state_code

    state, _, county = jurisdiction.partition("/")
    return f"{state_code(state)}/{county_key(county)}"


def _p(value: Any) -> str:
    return "" if value is None else f"{value:.2f}"


SHORT = {"transferred_to_ice": "to ICE", "transferred_to_other_agency": "other agency",
         "declined_confirmed": "declined", "still_in_custody": "in custody",
         "no_release_record": "no record", "needs_review": "needs review"}


def _v(value: Any) -> str:
    """Display text of a stored value, markup-escaped: data such as '[larceny]' stays text."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        if getattr(value, "tzinfo", None) is not None:  # an instant (decided_at): say in which zone
            return value.strftime("%Y-%m-%d %H:%M %Z")
        return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else value.isoformat()
    return escape(str(value))


@review_app.command("list")
def list_queue(
    jurisdiction: Annotated[str | None, typer.Option(help="Only STATE/COUNTY, e.g. TX/Travis.")] = None,
    limit: Annotated[int, typer.Option(help="Entries to show (0 = all).")] = 30,
    run_id: RunOption = None,
    blind: BlindOption = False,
    include_decided: Annotated[bool, typer.Option(help="Also list entries already decided.")] = False,
    db: DbOption = None,
) -> None:
    """The entries most worth a human look, best first.

    Which: every needs_review entry, then confident verdicts whose runner-up state has
    P ≥ 0.05 or whose runner-up booking is within 2 bits of match weight of the best one
    (posterior odds under 4:1). Entries with a decision in force are left out.

    Order: needs_review first; within each group by PRIORITY, the expected change in the
    two headline counts if an auditor decided the entry: E|Δ confirmed declines| +
    E|Δ transfers to ICE|, where for the count of the current verdict the expectation is
    1 − P(that state) and for the other count it is P(that state) (a needs_review entry is
    in neither count: P(declined) + P(transferred)). Ties by entry ID.
    """
    from linkage.errors import LinkageError
    from linkage.review import review_queue

    store = open_store(db)
    try:
        queue = review_queue(store, run_id=run_id, jurisdiction=_jurisdiction_key(jurisdiction),
                             limit=limit or None, include_decided=include_decided)
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    if not queue:
        console.print("Nothing to review: no needs_review entries and no close verdicts.")
        return
    table = Table(title=f"Review queue — run {_v(queue[0]['run_id'])}" + (" (blind)" if blind else ""))
    columns = ["entry", "jurisdiction", "week", "verdict", "cand."]
    if not blind:
        columns += ["runner-up", "gap", "priority"]
    for column in columns:
        table.add_column(column, no_wrap=column in ("entry", "priority"), overflow="fold")
    for i in queue:
        if blind:
            verdict = "needs review" if i["outcome"] == "needs_review" else "to check"
        else:
            verdict = f"{SHORT[i['outcome']]} {_p(i['confidence'])}"
        row = [_v(i["entry_id"]), _v(i["jurisdiction"]), _v(i["report_week"]), verdict, str(i["n_candidates"])]
        if not blind:
            gap = i["weight_gap"]
            row += [f"{SHORT[i['runner_up']]} {_p(i['p_runner_up'])}",
                    "" if gap is None else f"{gap:.1f}", f"{i['priority']:.2f}"]
        table.add_row(*row)
    console.print(table)
    console.print("Next: linkage review show ENTRY_ID" + (" --blind" if blind else ""), highlight=False)


@review_app.command()
def show(
    entry_id: Annotated[str, typer.Argument(help="The report entry.")],
    run_id: RunOption = None,
    blind: BlindOption = False,
    top: Annotated[int, typer.Option(help="Candidate bookings to show (P(booking) is kept for the 5 most probable).",
                                     min=1)] = 4,
    db: DbOption = None,
) -> None:
    """The entry, its candidate bookings side by side (agreeing +, disagreeing − fields, match
    weights), the ICE book-ins that followed each release, and the decision in force."""
    from linkage.errors import LinkageError
    from linkage.review import entry_detail

    store = open_store(db)
    try:
        d = entry_detail(store, entry_id, run_id=run_id, blind=blind, top=top)
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    e, v = d["entry"], d["verdict"] or {}
    console.print(f"[bold]{_v(e['entry_id'])}[/] · {_v(e['jurisdiction'])} · week of {_v(e['report_week'])} · "
                  f"{_v(e['facility'])} · {_v(e['citizenship'])}", highlight=False)
    console.print(f"  issued {_v(e['detainer_issued_date'])}, decline recorded {_v(e['detainer_declined_date'])}"
                  f" · {_v(e['notable_criminal_activity']) or 'no offence listed'}", highlight=False)
    if not blind and v:
        # The model's own row throughout: once a decision is applied, `v` holds its 0/1s.
        m = d["model_verdict"]
        console.print(f"  model (run {_v(d['run_id'])}): [bold]{m['outcome']}[/] "
                      f"{_p(m['confidence'])} · P(ICE) {_p(m['p_transferred'])} · "
                      f"P(declined) {_p(m['p_declined'])} · P(in custody) {_p(m['p_in_custody'])} · "
                      f"P(no record) {_p(m['p_no_record'])} · P(other agency) {_p(m['p_other_agency'])}",
                      highlight=False)
        if m is not v and v.get("outcome") != m["outcome"]:
            console.print(f"  in force: {v['outcome']} ({_v(v['reasons'])})", highlight=False)
    if d["decision"]:
        dd = d["decision"]
        console.print(f"  decision #{dd['decision_id']}{' (no longer holds)' if d['decision_lapsed'] else ''}"
                      f" by {_v(dd['decided_by'])} on {_v(dd['decided_at'])}: "
                      f"booking {_v(dd['booking_uid']) or 'none'}, custody "
                      f"{_v(dd['custody_id']) or ('none' if dd['no_custody'] else '–')}"
                      + (f" — {_v(dd['note'])}" if dd["note"] else ""), highlight=False)
    cands = d["candidates"]
    if not cands:
        console.print(f"\nNo candidate booking was scored for this entry ({d['n_candidates']}).")
        return
    table = Table(title=f"Candidate bookings ({len(cands)} of {d['n_candidates']})", show_lines=True)
    table.add_column("", style="bold")
    table.add_column("entry")
    for c in cands:
        table.add_column(_v(c["booking_id"] if c["jurisdiction"] == e["jurisdiction"] else c["booking_uid"]))
    for field in ("full_name", "dob", "age", "sex", "booking_date", "release_datetime", "release_reason",
                  "charges", "place_of_birth", "hold_agency", "hold_date"):
        table.add_row(field.replace("_", " "), "", *[_v(c[field]) for c in cands])
    for i, comp in enumerate(cands[0]["comparisons"]):
        cells = []
        for c in cands:
            x = c["comparisons"][i]
            mark = "" if blind else {"agrees": "[green]+[/] ", "disagrees": "[red]−[/] "}.get(x["verdict"], "  ")
            weight = "" if blind else f" ({x['match_weight']:+.1f})"
            cells.append(f"{mark}{_v(x['value_r']) or '–'}\n[dim]{_v(x['label'])}{weight}[/]")
        table.add_row(_v(comp["name"]), _v(comp["value_l"]) or "–", *cells)
    if not blind:
        table.add_row("match weight", "", *[f"{c['match_weight']:.1f}" for c in cands])
        # – : below the entry's most probable bookings, whose posteriors the run kept.
        table.add_row("P(booking)", "", *[_p(c["p_booking"]) or "–" for c in cands])
    console.print(table)
    for c in cands:
        book_ins = d["book_ins"].get(c["booking_uid"]) or []
        if not book_ins:
            continue
        bt = Table(title=f"ICE book-ins after booking {_v(c['booking_id'])}")
        for column in ["custody", "book-in", "h after", "name", "birth", "sex", "citizenship", "method",
                       *([] if blind else ["weight"]), "agrees / disagrees"]:
            bt.add_column(column)
        for k in book_ins:
            comps = k["comparisons"]
            evidence = ", ".join(_v(x["label"]) for x in comps if x["label"] not in (None, "else") and not str(x["label"]).startswith("not recorded")) \
                if blind else " · ".join(
                    f"{'+' if x['verdict'] == 'agrees' else '−'}{_v(x['name'])}" for x in comps if x["verdict"] != "neutral")
            hours = _v(k["hours_after"]) + (" from the release day's start" if k.get("release_day_only") else "")
            bt.add_row(_v(k["custody_id"]), _v(k["book_in_datetime"]), hours,
                       _v(f"{k['last_name'] or ''}, {k['first_name'] or ''}".strip(", ")),
                       _v(k["birth_date"] or k["birth_year"]), _v(k["sex"]), _v(k["citizenship"]),
                       _v(k["apprehension_method"]), *([] if blind else [f"{k['match_weight']:.1f}"]), evidence)
        console.print(bt)
    console.print("Decide: linkage review decide ENTRY_ID --booking B|--none [--custody C|--no-custody] --by NAME",
                  highlight=False)


@review_app.command()
def decide(
    entry_id: Annotated[str, typer.Argument(help="The report entry.")],
    by: Annotated[str, typer.Option("--by", help="Who decides (recorded).")],
    booking: Annotated[str | None, typer.Option(help="booking_id in the entry's jail log (or a full ST/COUNTY#ID).")] = None,
    none: Annotated[bool, typer.Option("--none", help="No booking in the log fits: no_release_record.")] = False,
    custody: Annotated[str | None, typer.Option(help="custody_id of the ICE book-in that followed the release.")] = None,
    no_custody: Annotated[bool, typer.Option("--no-custody", help="No ICE book-in followed the release.")] = False,
    note: Annotated[str | None, typer.Option(help="Why (shown in reasons).")] = None,
    run_id: RunOption = None,
    blind: Annotated[bool, typer.Option("--blind", help="Record that the decision was made blind.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Record an auditor's decision (append-only: a later one supersedes, history stays).

    The entry then takes these links with confidence 1 at every reconciliation (`linkage run`,
    or `linkage review apply` for the latest run): in custody at the decline →
    still_in_custody; released and a book-in within the hand-over window → transferred_to_ice;
    released, no such book-in → transferred_to_other_agency (jail logged another agency) or
    declined_confirmed; --none → no_release_record. A released booking needs --custody or
    --no-custody.
    """
    from linkage.errors import LinkageError
    from linkage.review import record_decision

    store = open_store(db)
    try:
        with store.transaction():
            d = record_decision(store, entry_id, by=by, booking=booking, none=none, custody=custody,
                                no_custody=no_custody, note=note, run_id=run_id, blind=blind,
                                config=config_from(config) if config else None)
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    # The decision is committed: this confirmation is plain Text (never parsed as markup), so
    # no value can make it fail and tempt the auditor to record the decision again.
    console.print(Text.assemble(
        f"decision #{d['decision_id']} recorded: {entry_id} → booking {d['booking_uid'] or 'none'}, "
        f"custody {d['custody_id'] or 'none'} ⇒ ", (str(d["outcome"]), "bold"),
        f"\n  on screen: run {d['run_id']}, models {d['model_ids']['hop1']} / {d['model_ids']['hop2']}\n"
        "  takes effect at the next `linkage run` (or now: `linkage review apply`)",
    ), highlight=False)


@review_app.command()
def apply(run_id: RunOption = None, db: DbOption = None, config: ConfigOption = None) -> None:
    """Apply the decisions in force to a run's outcomes now (reconciliation does this itself),
    and write the run's output files again where it wrote them, so they say the same."""
    from linkage.errors import LinkageError
    from linkage.pipeline import rewrite_run_files
    from linkage.review import apply_decisions, lapsed_sql, latest_run

    store = open_store(db)
    try:
        run = latest_run(store, run_id)
        with store.transaction():
            n = apply_decisions(store, run, config_from(config) if config else None)  # None: the run's own
        lapsed = store.con.execute(f"select count(*) from outcomes where run_id = ? and {lapsed_sql('reasons')}",
                                   [run]).fetchall()[0][0]
        rewritten = rewrite_run_files(store, run)
        wrote_files = store.con.execute("select out_dir is not null from runs where run_id = ?", [run]).fetchall()
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    console.print(f"run {run}: {n - lapsed} entries take the auditors' decisions"
                  + (f"; {lapsed} decisions no longer hold (back in review: linkage review list)" if lapsed else ""),
                  highlight=False, markup=False)
    if rewritten:
        console.print(f"  its output files in {rewritten} are written again", highlight=False, markup=False)
    elif wrote_files[0][0]:
        console.print(f"  its output folder no longer holds its files: `linkage report --run {run}` writes"
                      " its report anew", highlight=False, markup=False)


@review_app.command()
def history(entry_id: Annotated[str, typer.Argument(help="The report entry.")], db: DbOption = None) -> None:
    """Each run's model verdict (and what was in force) and every decision, oldest first."""
    from linkage.errors import LinkageError
    from linkage.review import entry_history

    store = open_store(db)
    try:
        h = entry_history(store, entry_id)
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    runs = Table(title=f"Verdicts of {_v(entry_id)}")
    for column in ("run", "models", "model verdict", "conf.", "P(ICE)", "model booking", "in force", "booking", "custody"):
        runs.add_column(column)
    for r in h["runs"]:
        decided = r["decision_id"] is not None
        runs.add_row(_v(r["run_id"]), _v(f"{r['hop1_model']} / {r['hop2_model']}"), _v(r["model_outcome"]),
                     _p(r["model_confidence"]), _p(r["model_p_transferred"]), _v(r["model_booking_id"]),
                     _v(f"{r['in_force']} (decision #{r['decision_id']})") if decided else "model",
                     _v(r["booking_id"]), _v(r["custody_id"]))
    console.print(runs)
    decisions = Table(title="Decisions")
    for column in ("#", "when", "by", "booking", "custody", "note", "run on screen", "blind"):
        decisions.add_column(column)
    for d in h["decisions"]:
        decisions.add_row(str(d["decision_id"]), _v(d["decided_at"]), _v(d["decided_by"]),
                          "none" if d["no_booking"] else _v(d["booking_id"] or d["booking_uid"]),
                          _v(d["custody_id"]) or ("none" if d["no_custody"] else "–"), _v(d["note"]),
                          _v(d["run_id"]), "yes" if d["blind"] else "")
    console.print(decisions if h["decisions"] else "No decisions.")


@review_app.command()
def accuracy(
    run_id: RunOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """The model measured against the decisions in force (labels), and without labels.

    Entries: the model's own verdicts (before decisions replaced them) vs the decided
    outcomes, at the configured review threshold. Per hop: each decided entry's chosen
    booking (release's chosen book-in) is a match and its other scored candidates are
    non-matches; Splink rescores these labelled pairs with the run's model
    (register_labels_table / accuracy_analysis_from_labels_table) — precision/recall with pairs
    called matches at match probability ≥ the review threshold, and a threshold-selection
    table over match weights. Label-free: expected false and missed transfers from the
    posteriors alone.
    """
    from linkage.errors import LinkageError
    from linkage.match.labels import accuracy as measure
    from linkage.review import latest_run

    store = open_store(db)
    try:
        result = measure(store, latest_run(store, run_id), config_from(config))
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    if as_json:
        console.print_json(json.dumps(result, default=str))
        return
    _print_accuracy(result)


def _print_accuracy(r: dict[str, Any]) -> None:
    ex, en = r["expected"], r["entries"]
    console.print(f"[bold]Run {_v(r['run_id'])}[/] · {r['decisions']} decisions in force · review threshold {r['threshold']}",
                  highlight=False)
    console.print(
        f"Label-free: {ex['transferred_verdicts']} transferred_to_ice verdicts, expected false "
        f"{ex['expected_false_transfers']:.1f}; expected missed transfers {ex['expected_missed_transfers']:.1f} "
        f"(of {ex['entries']} entries)", highlight=False)
    if not en["labelled"]:
        console.print("No decided entries in this run yet: `linkage review decide …` makes labels.")
        return
    t = en["transferred_to_ice"]
    console.print(
        f"Entries ({en['labelled']} labelled): model decided {en['model_decided']}, correct {en['model_correct']}"
        f" (accuracy {_p(en['decided_accuracy'])}), needs_review {en['needs_review']}; transferred_to_ice"
        f" precision {_p(t['precision'])} recall {_p(t['recall'])} (tp {t['tp']}, fp {t['fp']}, fn {t['fn']});"
        f" booking link accuracy {_p(en['booking_link_accuracy'])}", highlight=False)
    for hop, h in r["hops"].items():
        if "threshold_table" not in h:
            console.print(f"{hop}: no labelled pairs" + ("" if h.get("model_id") else " (no model)"), highlight=False)
            continue
        a = h["at_threshold"]
        console.print(
            f"[bold]{hop}[/] model {_v(h['model_id'])}: {h['labelled_pairs']} labelled pairs, {h['labelled_matches']} matches;"
            f" at P ≥ {r['threshold']}: precision {_p(a['precision'])} recall {_p(a['recall'])} F1 {_p(a['f1'])}"
            f" (tp {a['tp']}, fp {a['fp']}, fn {a['fn']})", highlight=False)
        table = Table(title=f"{hop}: threshold selection (labelled pairs)")
        for column in ("weight ≥", "P ≥", "tp", "fp", "fn", "precision", "recall", "F1"):
            table.add_column(column, justify="right")
        for row in h["threshold_table"]:
            table.add_row(f"{row['at_weight']:.0f}", "" if row["match_probability"] is None else f"{row['match_probability']:.3g}",
                          str(int(row["tp"])), str(int(row["fp"])), str(int(row["fn"])),
                          _p(row["precision"]), _p(row["recall"]), _p(row["f1"]))
        console.print(table)


def train(
    use_labels: Annotated[bool, typer.Option("--use-labels", help="Add m estimated from auditors' decisions.")] = False,
    retrain: Annotated[bool, typer.Option(help="Always train, even when a saved model fits (implied by --use-labels).")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Train the models of both hops on the store's data and save them (the next run uses them).

    With --use-labels, after EM each hop's m is also estimated from the matches auditors decided
    (Splink's estimate_m_from_pairwise_labels), then checked against the priors as always.
    """
    from linkage.errors import LinkageError
    from linkage.match import hop1, hop2
    from linkage.match.model import HOPS, train_or_load
    from linkage.match.searched import write_candidate_releases
    from linkage.pipeline import run_inputs

    cfg = config_from(config)
    store = open_store(db)
    try:
        trained = {}
        hop1.prepare_inputs(store)
        if store.count("bookings") == 0 or store.count("report_entries") == 0:
            fail("the store holds no report entries or release logs: submit them first")
        trained["hop1"] = train_or_load(store, HOPS["hop1"], cfg, inputs=run_inputs(store),
                                        retrain=retrain or use_labels, use_labels=use_labels)
        if store.count("book_ins"):
            # Hop 2 trains on the releases hop 1 found in the latest run (its candidate pool).
            write_candidate_releases(
                store, """select distinct right_id as uid from candidate_pairs
                          where hop = 'hop1' and run_id = (select run_id from runs r where exists
                              (select 1 from candidate_pairs c where c.run_id = r.run_id) order by started_at desc limit 1)""")
            hop2.prepare_inputs(store)
            trained["hop2"] = train_or_load(store, HOPS["hop2"], cfg, inputs=run_inputs(store),
                                            retrain=retrain or use_labels, use_labels=use_labels)
        notes = {hop: store.con.execute("select manifest->>'notes' from models where model_id = ?", [m]).fetchall()[0][0]
                 for hop, m in trained.items()}
    except LinkageError as exc:
        fail(str(exc))
    finally:
        store.close()
    for hop, model_id in trained.items():
        console.print(f"{hop}: {model_id}", highlight=False, markup=False)
        for line in json.loads(notes[hop] or "[]"):
            if "use_labels" in line or not use_labels:
                # Notes quote blocking rules ('[l.dob = r.dob …]'): text, not markup.
                console.print(f"  {line}", highlight=False, markup=False)
    console.print("The next `linkage run` (without --retrain) uses these models.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.add_typer(review_app, name="review")
    app.command("train")(train)
