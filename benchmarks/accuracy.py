"""Accuracy of the model and of the deterministic SQL baseline on fresh synthetic worlds.

    python benchmarks/accuracy.py --seeds 101 202 303 [--foia] [--harsh | --variant NAME] [--root /tmp/linkage-acc] [--json out.json]

For each seed: generate a demo-scale world (`linkage.synth.generate_world`), ingest it into
a new store, run every stage (`linkage.pipeline.run_all`), score `outcomes.csv` against
`truth.csv`, then do the same for the exact-join baseline (`linkage.baseline`). Prints one
row per seed and method, and the mean. Seeds used while developing: 2017 (the demo), 11, 12.
`--harsh` generates the worlds with much more noise (`harsh_params`): a probe for collapses,
not a target. `--variant` shifts one part of the story or the noise (`VARIANTS`): worlds the
model was not developed on, to find what it assumes fixed (session 11: swapped names).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from pathlib import Path

from linkage.baseline import write_baseline
from linkage.config import load_config
from linkage.evaluate import evaluate, headline, transfer_errors_by_hop
from linkage.ingest import submit_world
from linkage.match.labels import expected_errors
from linkage.pipeline import run_all
from linkage.report.tables import write_outputs
from linkage.store import Store
from linkage.synth import generate_world
from linkage.synth.params import WorldParams

COLUMNS = ["precision", "recall", "decided_acc", "review", "link_acc", "dup_f1", "brier_skill"]


def harsh_params() -> WorldParams:
    """The demo world's story with far noisier logs and extracts: half the jails log no holds,
    half no place of birth, half an age for the birth date; many hold dates and birthplaces
    missing; 5x the jail typos; more ICE surname typos and missing ICE birth dates."""
    base = WorldParams.for_scale("demo")
    noise = dataclasses.replace(
        base.noise, hold_date_missing=(0.2, 0.5), pob_missing=(0.1, 0.3), no_holds_share=0.5,
        no_pob_share=0.5, age_only_share=0.5, jail_typo=0.05, ice_typo_last=0.1, ice_dob_missing=0.1,
    )
    return dataclasses.replace(base, noise=noise)


# Each changes one part of the demo world: (story fields, noise fields).
VARIANTS: dict[str, tuple[dict, dict]] = {
    "slow_handover": ({"transfer_hours_median": 24.0, "transfer_late": 0.10}, {}),
    "at_large": ({"at_large_arrest": 0.40}, {}),
    "namesakes": ({"namesake_rate": 0.7, "background_per_transfer": 12.0}, {}),
    "noisy_jails": ({}, {"jail_typo": 0.05, "jail_drop_second_surname": (0.2, 0.6), "hold_date_exact": 0.4,
                         "hold_date_off_one": 0.3, "hold_date_missing": (0.1, 0.4)}),
    "noisy_ice": ({}, {"ice_typo_last": 0.12, "ice_typo_first": 0.12, "ice_dob_missing": 0.15,
                       "ice_dob_off": 0.08, "ice_a_number_missing": 0.5, "ice_swap_first_last": 0.08}),
    "sparse_logs": ({}, {"no_holds_share": 0.6, "no_pob_share": 0.6, "age_only_share": 0.6}),
    # 22% of recorded declines 0-10 days after the release, the rest 11-45 days.
    "late_listings": ({"decline_delay_days": (0.02,) * 11, "list_in_custody": 0.10}, {}),
    "duplicates": ({"duplicate": 0.15, "misattributed": 0.10}, {}),
}


def variant_params(name: str) -> WorldParams:
    """The demo world with `VARIANTS[name]` applied."""
    story, noise = VARIANTS[name]
    base = WorldParams.for_scale("demo")
    return dataclasses.replace(base, story=dataclasses.replace(base.story, **story),
                               noise=dataclasses.replace(base.noise, **noise))


def evaluate_seed(seed: int, root: Path, *, foia: bool, harsh: bool = False,
                  variant: str | None = None) -> dict[str, dict[str, float]]:
    world = root / f"world-{seed}{'-foia' if foia else ''}{'-harsh' if harsh else ''}{f'-{variant}' if variant else ''}"
    if not (world / "truth.csv").exists():
        params = harsh_params() if harsh else variant_params(variant) if variant else None
        generate_world(world, seed=seed, scale="demo", foia=foia, params=params)
    db = world / "store.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    config = load_config()
    with Store.open(db) as store:
        submit_world(store, world)
        # The baseline first: `review show`, `explain` and the report pick the latest run.
        baseline_id = write_baseline(store, config)
        write_outputs(store, baseline_id, world / "baseline")
        started = time.perf_counter()
        run_id = run_all(store, config)  # the tables suffice here; no report.html
        seconds = time.perf_counter() - started
        write_outputs(store, run_id, world / "out")
        expected = expected_errors(store, run_id)
        by_hop = transfer_errors_by_hop(store.con, run_id, world / "truth.csv")
    metrics = evaluate(world / "truth.csv", world / "out" / "outcomes.csv")
    model = headline(metrics)
    model["seconds"] = seconds
    ice = metrics["transferred_to_ice"]
    # Issue 6: the label-free expected errors beside the real ones.
    model |= {"expected_false": expected["expected_false_transfers"], "false": ice["fp"],
              "expected_missed": expected["expected_missed_transfers"], "missed": ice["fn"],
              "expected_wrong_booking": by_hop["hop1"]["expected"], "wrong_booking": by_hop["hop1"]["real"],
              "wrong_booking_no_transfer": by_hop["hop1"]["real_not_transferred"],
              "expected_no_hand_over": by_hop["hop2"]["expected"], "no_hand_over": by_hop["hop2"]["real"]}
    baseline = headline(evaluate(world / "truth.csv", world / "baseline" / "outcomes.csv"))
    return {"model": model, "baseline": baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 202, 303])
    parser.add_argument("--foia", action="store_true", help="ICE extracts without names (FOIA)")
    shift = parser.add_mutually_exclusive_group()
    shift.add_argument("--harsh", action="store_true", help="much noisier worlds (harsh_params)")
    shift.add_argument("--variant", choices=sorted(VARIANTS), help="a shifted world (VARIANTS)")
    parser.add_argument("--root", type=Path, default=Path(tempfile.gettempdir()) / "linkage-acc")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    results = {seed: evaluate_seed(seed, args.root, foia=args.foia, harsh=args.harsh, variant=args.variant)
               for seed in args.seeds}
    header = f"{'seed':>6} {'method':<9}" + "".join(f"{c:>12}" for c in COLUMNS)
    print(("FOIA extracts" if args.foia else "named extracts") + f", seeds {args.seeds}")
    print(header)
    for method in ("model", "baseline"):
        for seed, result in results.items():
            print(f"{seed:>6} {method:<9}" + "".join(f"{result[method][c]:>12.3f}" for c in COLUMNS))
        mean = {c: sum(r[method][c] for r in results.values()) / len(results) for c in COLUMNS}
        print(f"{'mean':>6} {method:<9}" + "".join(f"{mean[c]:>12.3f}" for c in COLUMNS))
    pooled = {k: sum(r["model"][k] for r in results.values())
              for k in ("expected_false", "false", "expected_missed", "missed", "expected_wrong_booking",
                        "wrong_booking", "wrong_booking_no_transfer", "expected_no_hand_over", "no_hand_over")}
    print(f"false transfers: expected {pooled['expected_false']:.2f}, real {pooled['false']}; "
          f"missed transfers: expected {pooled['expected_missed']:.2f}, real {pooled['missed']}")
    print(f"transfer verdicts by hop: booking wrong expected {pooled['expected_wrong_booking']:.2f},"
          f" real {pooled['wrong_booking']} ({pooled['wrong_booking_no_transfer']} no transfer);"
          " right booking, no hand-over expected"
          f" {pooled['expected_no_hand_over']:.2f}, real {pooled['no_hand_over']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
