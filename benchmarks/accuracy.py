"""Accuracy of the model and of the deterministic SQL baseline on fresh synthetic worlds.

    python benchmarks/accuracy.py --seeds 101 202 303 [--foia] [--harsh] [--root /tmp/linkage-acc] [--json out.json]

For each seed: generate a demo-scale world (`linkage.synth.generate_world`), ingest it into
a new store, run every stage (`linkage.pipeline.run_all`), score `outcomes.csv` against
`truth.csv`, then do the same for the exact-join baseline (`linkage.baseline`). Prints one
row per seed and method, and the mean. Seeds used while developing: 2017 (the demo), 11, 12.
`--harsh` generates the worlds with much more noise (`harsh_params`): a probe for collapses,
not a target.
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
from linkage.evaluate import evaluate
from linkage.ingest import submit
from linkage.pipeline import run_all
from linkage.report.tables import write_outputs
from linkage.store import Store
from linkage.synth import generate_world
from linkage.synth.params import WorldParams

COLUMNS = ["precision", "recall", "decided_acc", "review", "link_acc", "dup_f1", "brier_skill"]


def _row(metrics: dict) -> dict[str, float]:
    ice = metrics["transferred_to_ice"]
    return {
        "precision": ice["precision"],
        "recall": ice["recall"],
        "decided_acc": metrics["decided_accuracy"],
        "review": metrics["needs_review_share"],
        "link_acc": metrics["release_link_accuracy"],
        "dup_f1": metrics["duplicates"]["f1"],
        "brier_skill": metrics["brier_skill"],
    }


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


def evaluate_seed(seed: int, root: Path, *, foia: bool, harsh: bool = False) -> dict[str, dict[str, float]]:
    world = root / f"world-{seed}{'-foia' if foia else ''}{'-harsh' if harsh else ''}"
    if not (world / "truth.csv").exists():
        generate_world(world, seed=seed, scale="demo", foia=foia, params=harsh_params() if harsh else None)
    db = world / "store.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    config = load_config()
    with Store.open(db) as store:
        submit(store, "reports", world / "reports.csv")
        submit(store, "releases", world / "releases")
        submit(store, "custody", world / "custody.csv")
        started = time.perf_counter()
        run_id = run_all(store, config)  # the tables suffice here; no report.html
        seconds = time.perf_counter() - started
        write_outputs(store, run_id, world / "out")
        baseline_id = write_baseline(store, config)
        write_outputs(store, baseline_id, world / "baseline")
    model = _row(evaluate(world / "truth.csv", world / "out" / "outcomes.csv"))
    model["seconds"] = seconds
    baseline = _row(evaluate(world / "truth.csv", world / "baseline" / "outcomes.csv"))
    return {"model": model, "baseline": baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 202, 303])
    parser.add_argument("--foia", action="store_true", help="ICE extracts without names (FOIA)")
    parser.add_argument("--harsh", action="store_true", help="much noisier worlds (harsh_params)")
    parser.add_argument("--root", type=Path, default=Path(tempfile.gettempdir()) / "linkage-acc")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    results = {seed: evaluate_seed(seed, args.root, foia=args.foia, harsh=args.harsh) for seed in args.seeds}
    header = f"{'seed':>6} {'method':<9}" + "".join(f"{c:>12}" for c in COLUMNS)
    print(("FOIA extracts" if args.foia else "named extracts") + f", seeds {args.seeds}")
    print(header)
    for method in ("model", "baseline"):
        for seed, result in results.items():
            print(f"{seed:>6} {method:<9}" + "".join(f"{result[method][c]:>12.3f}" for c in COLUMNS))
        mean = {c: sum(r[method][c] for r in results.values()) / len(results) for c in COLUMNS}
        print(f"{'mean':>6} {method:<9}" + "".join(f"{mean[c]:>12.3f}" for c in COLUMNS))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
