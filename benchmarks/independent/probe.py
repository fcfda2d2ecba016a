"""Accuracy of the model on worlds it was not developed on: generators written blind.

    python benchmarks/independent/probe.py --world a|b|c|d|e --seeds 101 102 103 [--foia] [--root DIR] [--json out.json]

`world_a.py` and `world_b.py` were written in session 20 by helpers who read only the design
and the data contract, never the service's code or its generator (`linkage.synth`). World A:
ten named jurisdictions with re-bookings, jail-side under-reported hand-overs, ICE pick-ups at
release (the Hennepin story), ghost entries filed under a neighbouring or namesake county, and
heavy name and date noise in the logs. World B: people simulated and observed through three
lenses, ICE recording some hand-overs and agency transfers as declines, per-person ICE name
noise, logs cut off part-way through the report period, and a Travis policy day that lists old
detainers. `world_c.py` was written in session 33 the same way: twelve jurisdictions of very
different sizes and policies (a Denver-like policy day, a Miami-Dade-like policy flip, door
pick-ups logged with the court's reason and an ICE office whose clock runs 5 h late, hand-overs
to the Marshals that surface in ICE custody weeks later, a log with no birthplace or hold
columns), reports dated by the Friday that ends their week. `world_d.py` was written in session
34 the same way: eight county logs each in its own layout (an age and no DOB, Excel serials, a
semicolon CSV, Windows-1252), a King policy day, wrongly listed hand-overs and planted namesakes;
its logs are submitted one by one with their jurisdiction (release_jurisdictions.txt) and it has
no FOIA extract. `world_e.py` was written in session 47 the same way: Louisiana parishes,
Virginia independent cities beside their namesake counties, a listed county that sent no log,
ten log layouts (pipe, tab, Parquet, XLSX, BOM, multi-line cells, trailing empty columns,
two-digit years, UTC, a log sent twice), detainers lodged after the release, and ICE's
20-character country names.

For each seed: generate the world (skipped when its folder already holds truth.csv), ingest it
into a new store, run every stage (`linkage.pipeline.run_all`), and score `outcomes.csv`
against `truth.csv`. Prints one row per seed and a pooled row (precision, recall and F1 from the
pooled counts, the rest as means over seeds), with the label-free expected false and missed
transfers beside the real ones. `--foia` ingests the world's custody_foia.csv instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from linkage.config import load_config
from linkage.evaluate import evaluate, f1_scores, headline
from linkage.ingest import submit, submit_world
from linkage.match.labels import expected_errors
from linkage.pipeline import run_all
from linkage.report.tables import write_outputs
from linkage.store import Store

HERE = Path(__file__).resolve().parent
GENERATORS = {"a": HERE / "world_a.py", "b": HERE / "world_b.py", "c": HERE / "world_c.py",
              "d": HERE / "world_d.py", "e": HERE / "world_e.py"}
COLUMNS = ["precision", "recall", "f1", "decided_acc", "review", "link_acc", "dup_f1", "brier_skill"]
COUNTS = ["tp", "fp", "fn"]
EXPECTED = ["expected_false", "expected_missed"]


def generate(world: str, seed: int, folder: Path) -> None:
    """Write the world unless `folder` already holds its truth.csv (the generators print a summary)."""
    if (folder / "truth.csv").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(GENERATORS[world]), str(seed), str(folder)],
                   check=True, stdout=subprocess.DEVNULL)


def ingest(store: Store, world: str, folder: Path, *, foia: bool) -> None:
    """Worlds A to C and E in submit_world's layout. World D as a sheriff and ICE would send it: the
    reports folder, each log with its own jurisdiction (its logs lack county or state columns),
    then ICE's book-ins."""
    if world != "d":
        submit_world(store, folder, custody="custody_foia.csv" if foia else "custody.csv")
        return
    submit(store, "reports", folder / "reports")
    for line in (folder / "release_jurisdictions.txt").read_text().splitlines():
        name, jurisdiction = line.split("\t")
        submit(store, "releases", folder / "releases" / name, jurisdiction=jurisdiction)
    submit(store, "custody", folder / "custody" / "ice_book_ins_FY17.csv")


def evaluate_seed(world: str, seed: int, root: Path, *, foia: bool) -> dict[str, float]:
    """Generate, ingest, run and score one world; named and FOIA runs share the generated files."""
    folder = root / f"world-{world}-{seed}"
    generate(world, seed, folder)
    tag = "-foia" if foia else ""
    db = folder / f"store{tag}.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    config = load_config()
    with Store.open(db) as store:
        ingest(store, world, folder, foia=foia)
        started = time.perf_counter()
        run_id = run_all(store, config)  # the tables suffice here; no report.html
        seconds = time.perf_counter() - started
        write_outputs(store, run_id, folder / f"out{tag}")
        expected = expected_errors(store, run_id)
    metrics = evaluate(folder / "truth.csv", folder / f"out{tag}" / "outcomes.csv")
    return headline(metrics) | {
        # Issue 6: the label-free expected errors, to set beside fp and fn.
        "expected_false": expected["expected_false_transfers"],
        "expected_missed": expected["expected_missed_transfers"],
        "entries": metrics["entries"],
        "seconds": seconds,
    }


def pool(rows: list[dict[str, float]]) -> dict[str, float]:
    """Precision, recall and F1 from the summed counts; the other rates as means over seeds."""
    tp, fp, fn = (sum(r[k] for r in rows) for k in COUNTS)
    means = {c: sum(r[c] for r in rows) / len(rows) for c in COLUMNS[3:]}
    sums = {k: round(sum(r[k] for r in rows), 2) for k in [*EXPECTED, "entries", "seconds"]}
    return f1_scores(tp, fp, fn) | means | sums


def _line(label: str, row: dict[str, float]) -> str:
    return (f"{label:>6}" + "".join(f"{row[c]:>12.3f}" for c in COLUMNS)
            + "".join(f"{row[c]:>6}" for c in COUNTS)
            + f"{row['expected_false']:>9.2f}{row['fp']:>6}{row['expected_missed']:>9.2f}{row['fn']:>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world", choices=sorted(GENERATORS), required=True, help="which blind generator")
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
    parser.add_argument("--foia", action="store_true", help="ingest custody_foia.csv (no names)")
    parser.add_argument("--root", type=Path, default=Path(tempfile.gettempdir()) / "linkage-indep")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.foia and args.world == "d":
        parser.error("world D has no FOIA extract (custody_foia.csv)")
    args.root.mkdir(parents=True, exist_ok=True)
    results = {seed: evaluate_seed(args.world, seed, args.root, foia=args.foia) for seed in args.seeds}
    pooled = pool(list(results.values()))
    print(f"world {args.world}, " + ("FOIA extracts" if args.foia else "named extracts") + f", seeds {args.seeds}")
    print(f"{'seed':>6}" + "".join(f"{c:>12}" for c in COLUMNS) + "".join(f"{c:>6}" for c in COUNTS)
          + f"{'E[false]':>9}{'false':>6}{'E[miss]':>9}{'miss':>6}")
    for seed, row in results.items():
        print(_line(str(seed), row))
    print(_line("pooled", pooled))
    if args.json:
        figures = {"world": args.world, "foia": args.foia, "seeds": results, "pooled": pooled}
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
