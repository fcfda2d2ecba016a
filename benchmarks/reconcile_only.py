"""Re-run reconcile alone on worlds that `benchmarks/accuracy.py` already ran, and score it.

    python benchmarks/reconcile_only.py /tmp/linkage-acc/world-101 /tmp/linkage-acc/world-101-foia
    python benchmarks/reconcile_only.py --config off.toml /tmp/linkage-acc/world-*

Each world folder holds `store.duckdb` (with the run `accuracy.py` made) and `truth.csv`; or
it is a run folder that `linkage bench --keep` left (`bench.duckdb`), with `--truth` naming
its world's truth.csv:

    python benchmarks/reconcile_only.py /tmp/lb/run-abc123 --truth /tmp/lb/world-1.0-7/truth.csv

The latest run's pairs are reconciled again with the current code and `--config` (e.g.
`[reconcile] one_person_per_detainer = false`; `--rescore-decoys` scores the decoy windows
again first), the outputs go to `<world>/reconcile-only/`,
and the figures are printed per world and pooled per kind of extract. Hop 1 and hop 2 are not
re-scored, so a change to reconcile is measured on exactly the same candidate pairs. (A store
whose decoy windows predate their kinds, `decoys.has_disagreements`, has them scored again.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from linkage.config import load_config
from linkage.evaluate import evaluate
from linkage.match.decoys import has_disagreements, score_decoy_windows
from linkage.match.labels import expected_errors
from linkage.pipeline import decide_outcomes
from linkage.report.tables import write_outputs
from linkage.store import Store


def reconcile_world(world: Path, config_path: Path | None, truth: Path | None = None, *,
                    rescore_decoys: bool = False) -> dict[str, float]:
    """Reconcile the latest run of `world`'s store again (`rescore_decoys`: its decoy windows
    scored again first); return its figures."""
    config = load_config(config_path)
    kept_bench = world / "bench.duckdb"
    store_path = kept_bench if kept_bench.exists() else world / "store.duckdb"
    truth = truth or world / "truth.csv"
    with Store.open(store_path) as store:
        run_id = store.con.execute(
            "select run_id from runs where hop1_model is not null order by started_at desc limit 1"
        ).fetchall()[0][0]
        if config.hop2.decoy_shift_days and (rescore_decoys or not has_disagreements(store)):
            score_decoy_windows(store, run_id, config)  # asked for, or a store from before decoys by kind
        decide_outcomes(store, run_id, config)
        write_outputs(store, run_id, world / "reconcile-only")
        expected = expected_errors(store, run_id)
    metrics = evaluate(truth, world / "reconcile-only" / "outcomes.csv")
    ice = metrics["transferred_to_ice"]
    return {"tp": ice["tp"], "fp": ice["fp"], "fn": ice["fn"], "decided_acc": metrics["decided_accuracy"],
            "review": metrics["needs_review_share"], "brier_skill": metrics["brier_skill"],
            "expected_false": expected["expected_false_transfers"],
            "expected_missed": expected["expected_missed_transfers"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("worlds", type=Path, nargs="+")
    parser.add_argument("--config", type=Path, help="a config file overriding the defaults")
    parser.add_argument("--truth", type=Path, help="truth.csv of a kept bench run's world")
    parser.add_argument("--rescore-decoys", action="store_true",
                        help="score the decoy windows again first (a change to how hop 2's pairs are read)")
    args = parser.parse_args()
    if args.truth and len(args.worlds) > 1:
        parser.error("--truth names one world's truth: give one kept bench run with it")
    pooled: dict[str, list[dict[str, float]]] = {}
    for world in args.worlds:
        row = reconcile_world(world, args.config, args.truth, rescore_decoys=args.rescore_decoys)
        pooled.setdefault("foia" if world.name.endswith("foia") else "named", []).append(row)
        print(f"{world.name:>18}  tp {row['tp']:>3} fp {row['fp']:>2} fn {row['fn']:>3}  decided acc "
              f"{row['decided_acc']:.3f}  review {row['review']:.3f}  Brier skill {row['brier_skill']:.3f}  "
              f"expected false {row['expected_false']:.1f} missed {row['expected_missed']:.1f}", flush=True)
    for kind, rows in pooled.items():
        tp, fp, fn = (sum(r[k] for r in rows) for k in ("tp", "fp", "fn"))
        mean = {k: sum(r[k] for r in rows) / len(rows) for k in ("decided_acc", "review", "brier_skill")}
        print(f"{kind}: precision {tp / max(tp + fp, 1):.3f} recall {tp / max(tp + fn, 1):.3f} (pooled) | "
              f"decided acc {mean['decided_acc']:.3f} review {mean['review']:.3f} "
              f"Brier skill {mean['brier_skill']:.3f} (means) | expected false "
              f"{sum(r['expected_false'] for r in rows):.1f} vs {fp}, missed "
              f"{sum(r['expected_missed'] for r in rows):.1f} vs {fn}")


if __name__ == "__main__":
    main()
