"""Traceability commands: `linkage explain ENTRY_ID` and `linkage verify-run` (thin faces over
linkage/trace.py, registered on the main app by linkage/cli.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer

from linkage.cli_common import DbOption, console, fail, open_store

RunOption = Annotated[
    str | None, typer.Option("--run", help="A run ID (default: the latest finished run holding the entry).")
]


def _open(db: Path | None):
    # Read-only: explaining a verdict must never change the store.
    return open_store(db, read_only=True, existing=True)


def _weight(value: Any) -> str:
    return "" if value is None else f"{value:+.2f}"


def _evidence_lines(evidence: dict[str, Any]) -> list[str]:
    lines = []
    for item in evidence.get("comparisons", []):
        left, right = item.get("value_l"), item.get("value_r")
        values = f"  ({left} | {right})" if left is not None or right is not None else ""
        lines.append(f"{item['name']}: {item.get('label')} {_weight(item.get('match_weight'))}{values}")
    return lines


def _blanked(reasons: list[str]) -> str:
    return "; ".join(reasons)


def mask_people(found) -> None:
    """Mask, in place, what `found` (a trace.Explanation) shows of people: compared names become
    initials and birth dates years, and a cell left empty at ingest keeps only its column (its
    value may be a birth date). One pass for the text and the JSON alike."""
    from linkage.report.redact import mask_value

    def mask(record: dict[str, Any]) -> None:
        for item in record.get("evidence", {}).get("comparisons", []):
            for side in ("value_l", "value_r"):
                item[side] = mask_value(item["name"], item.get(side))
        if record.get("blanked"):
            record["blanked"] = [reason.split(":")[0] for reason in record["blanked"]]

    for candidate in found.candidates:
        mask(candidate)
        for book_in in candidate.get("book_ins", []):
            mask(book_in)


def _print(found) -> None:
    from linkage.ingest.releases import booking_jurisdiction

    run, stored, entry = found.run, found.stored, found.entry
    say = lambda text="": console.print(text, highlight=False, markup=False)  # noqa: E731
    say(f"Entry {found.entry_id} in run {found.run_id} ({run['status']}, config {run['config_hash']}, seed {run['seed']})")
    if entry:
        say(f"  listed: week {entry['report_week']}, {entry['jurisdiction']}, {entry['facility']}, "
            f"citizenship {entry['citizenship'] or 'unknown'}, issued {entry['detainer_issued_date']}, "
            f"declined {entry['detainer_declined_date']}, offences {', '.join(entry['offence_categories'] or []) or '-'}")
    say(f"Verdict: {stored['outcome']} (confidence {stored['confidence']:.4f})")
    say("  P: " + ", ".join(
        f"{name} {stored[column]:.4f}" for name, column in (
            ("to ICE", "p_transferred"), ("other agency", "p_other_agency"), ("declined", "p_declined"),
            ("in custody", "p_in_custody"), ("no record", "p_no_record")) if stored.get(column) is not None))
    say(f"  booking {stored['booking_id'] or '-'}, ICE book-in {stored['custody_id'] or '-'}, "
        f"duplicate of {stored['duplicate_of'] or '-'}, stale {stored['stale']}")
    say(f"  reasons: {stored['reasons']}")
    if found.reproduced:
        say("Replayed from the store (stored pairs and models, inputs as of the run): same verdict.")
    else:
        say("Replayed from the store: NOT the stored verdict:")
        for line in found.differences:
            say(f"  - {line}")
    for line in found.warnings:
        say(f"  ! {line}")
    priors = found.priors
    # The jurisdiction's fitted rates; each entry and release was weighed with those of the
    # jurisdiction's others (linkage/shrinkage.py), which differ where it has few.
    say(f"Pool: {priors.get('jurisdiction_log_rows', '?')} rows in the jurisdiction's log, "
        f"prior in log {priors.get('prior_in_log', '?')}, {priors.get('book_ins', '?')} ICE book-ins")
    if priors.get("listed_release_states"):
        handed, later, neither = priors["listed_release_states"]
        say(f"Listed people's releases here: handed to ICE {handed}, booked by ICE later {later}, neither {neither}")
    if priors.get("reason_rates"):  # linkage.release_reasons
        listed, every = priors["reason_rates"]["listed"], priors["reason_rates"]["all"]
        say(f"Logged 'released to ICE' here: listed people's hand-overs {listed[0]}, all hand-overs {every[0]},"
            f" other releases {every[1]}")
    say(f"Candidates: {found.n_candidates} scored" + (f", top {len(found.candidates)}:" if found.candidates else ""))
    for rank, c in enumerate(found.candidates, start=1):
        p = "?" if c["p_booking"] is None else f"{c['p_booking']:.4f}"
        status = "in custody at the decline" if c["in_custody"] else f"released {c['release_datetime']}"
        if c.get("past_log_end"):  # linkage.coverage: held at the decline as the jail's stays say
            status = f"open when its log falls silent before the decline (held at the decline with P {c['p_held']:.2f})"
        say(f"  {rank}. booking {c['booking_id']} ({c['booking_uid']}): P(this booking) {p}, "
            f"weight {c['match_weight']:.2f}; booked {c['booking_date']}, {status}, "
            f"reason {c['release_reason'] or '-'} ({c['release_class'] or '-'}), hold {c['hold_date'] or '-'}")
        if c.get("blanked"):
            say(f"     left empty at ingest: {_blanked(c['blanked'])}")
        if c.get("stale_factor") is not None:  # linkage.stale
            say(f"     stale detainer: issued-date comparisons replaced by the booking's state at the decline,"
                f" {math.log2(c['stale_factor']):+.2f} on its weight")
        if c.get("long_gone"):  # posterior.Pairs.long_gone
            say(f"     recorded as declined {c['days_before_decline']} days after this release: no hand-over at it"
                " (a hand-over then would count against this booking)")
        elif c.get("p_transfer") is not None:
            say(f"     P(ICE book-in at release | this booking) {c['p_transfer']:.4f}")
        if c.get("window_lr") is not None and c["window_units"] >= 1 and c["window_lr"] < 0.99 * c["window_units"]:
            disagrees = (f"its strongest book-in disagrees on {c['window_disagrees_on']}; "
                         if c.get("window_disagrees_on") else "")
            say(f"     hand-over window: {c['window_units']:.3g} by hop 2, weighed as {c['window_lr']:.3g}"
                f" ({disagrees}strangers' book-ins reach that far in the decoy windows of releases like it)")
        for line in _evidence_lines(c["evidence"]):
            say(f"       {line}")
        for k in c.get("book_ins", []):
            hours = "" if k["hours_after"] is None else f", {k['hours_after']:.1f} h after release"
            if hours and c.get("release_day_only"):  # hop2.logged_without_time
                hours = f", {k['hours_after']:.1f} h after the release day began (no time logged)"
            window = " (hand-over window)" if k["in_window"] else ""
            if k.get("later_release"):  # units.hop2_odds_sql: one book-in is one hand-over
                window = f" (no hand-over: the same person was released again, {k['later_release']}, before it)"
            if k.get("rebooking_of"):  # units.hop2_odds_sql: a re-booking weighs nothing
                window = f" (ICE's re-booking of {k['rebooking_of']}: weighed with it, not as a later arrest)"
            if k.get("negligible"):  # units.NEGLIGIBLE_UNITS_BITS
                window = " (too weak to weigh: below a millionth of a unit)"
            say(f"     ICE {k['custody_id']}: weight {k['match_weight']:.2f}, booked in "
                f"{k['book_in_datetime']}{hours}{window}, {k['apprehension_method'] or '-'}")
            if k.get("blanked"):
                say(f"       left empty at ingest: {_blanked(k['blanked'])}")
            for line in _evidence_lines(k["evidence"]):
                say(f"         {line}")
    say("Provenance:")
    for hop, manifest in run["models"].items():
        if manifest:
            say(f"  {hop} model {run[f'{hop}_model']}: trained {manifest.get('trained_at')}, "
                f"splink {manifest.get('splink_version')}, seed {manifest.get('seed')}, "
                f"config {manifest.get('config_hash')}")
            for note in manifest.get("notes", []):
                say(f"    note: {note}")
    subs = run["inputs"].get("submissions", [])
    # The files this verdict read: the reports, the custody extracts and the logs of the
    # entry's and its candidates' jurisdictions (and any log of several jurisdictions, stored
    # without one). A national run has ~3,000 other logs (a 100 KB line); `linkage status`
    # and `--json` list them all.
    places = {entry["jurisdiction"]} if entry else set()
    places |= {booking_jurisdiction(c["booking_uid"]) for c in found.candidates} | {None}
    shown = [s for s in subs if s["kind"] != "releases" or s.get("jurisdiction") in places]
    others = len(subs) - len(shown)
    say(f"  inputs: {len(subs)} submissions: " + ", ".join(
        f"#{s['id']} {s['kind']}{' ' + s['jurisdiction'] if s.get('jurisdiction') else ''} {str(s.get('sha256'))[:12]}"
        for s in shown) + (f", and {others} other release logs" if others else ""))
    say("  versions: " + ", ".join(f"{k} {v}" for k, v in sorted(run["versions"].items())))


def register(app: typer.Typer) -> None:
    """Add `explain` and `verify-run` to `app`."""

    @app.command()
    def explain(
        entry_id: Annotated[str, typer.Argument(help="A report entry ID (outcomes.csv, column entry_id).")],
        run_id: RunOption = None,
        redact: Annotated[bool, typer.Option(help="Mask names and birth dates in the evidence (text and --json).")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
        db: DbOption = None,
    ) -> None:
        """Reproduce one entry's verdict of a past run from the store alone, and show the evidence.

        The run's stored candidate pairs and models, and its input rows as they were then, are
        copied to memory and reconciled again; the replayed verdict is compared with the stored
        one. Exit code 0 when it reproduces, 1 when it does not (or on an error).
        """
        from linkage.errors import LinkageError
        from linkage.trace import explain as explain_entry

        store = _open(db)
        try:
            found = explain_entry(store, entry_id, run_id)
        except LinkageError as exc:
            fail(str(exc))
        finally:
            store.close()
        if redact:
            mask_people(found)
        if as_json:
            from dataclasses import asdict

            document = asdict(found) | {"reproduced": found.reproduced}
            console.print_json(json.dumps(document, default=str))
        else:
            _print(found)
        if not found.reproduced:
            raise typer.Exit(1)

    @app.command("verify-run")
    def verify_run(run_id: Annotated[str | None, typer.Option("--run", help="A run ID (default: the latest finished run).")] = None,
                   db: DbOption = None) -> None:
        """Replay every verdict of a run from the store and list those that differ (exit 1 if any)."""
        from linkage.errors import LinkageError
        from linkage.trace import resolve_run
        from linkage.trace import verify_run as verify

        store = _open(db)
        try:
            found = verify(store, resolve_run(store, None, run_id))
        except LinkageError as exc:
            fail(str(exc))
        finally:
            store.close()
        # What changed since the run (inputs, settings, code): the likely why of any difference.
        for line in found.warnings:
            console.print(f"! {line}", highlight=False, markup=False)
        for entry_id, differences in sorted(found.differences.items()):
            console.print(f"{entry_id}: {'; '.join(differences)}", highlight=False, markup=False)
        console.print(f"run {found.run_id}: {found.verdicts_reproduced} of {found.verdicts}"
                      " verdicts reproduced", highlight=False)
        if not found.reproduced:
            raise typer.Exit(1)
