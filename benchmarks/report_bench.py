"""How long the match confidence report takes for 10,000 entries, and how big it gets.

    python benchmarks/report_bench.py                 # 10,000 sample entries
    python benchmarks/report_bench.py 15000
    python benchmarks/report_bench.py --db demo-out/demo.duckdb   # a real run's store

Without `--db`, builds a store in a temporary folder with `linkage.report.sample` (generated
rows shaped like the real hops': entries, bookings, book-ins, candidate pairs of both hops,
outcomes, models), then times `write_report` and `write_outputs`. With `--db`, times the
latest run of a real store (read from a temporary copy) and prints its pair counts, since
real hop-1 searches score hundreds of candidates per entry where the sample scores a few.
Targets (issue 4): under 10 s and under 15 MB for 10,000 entries.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from linkage.report.html import write_report
from linkage.report.sample import fill_sample_run
from linkage.report.tables import write_outputs
from linkage.store import Store


def _time_report(store: Store, run_id: str, tmp: Path) -> None:
    entries = store.con.execute(
        "select count(*) from outcomes where run_id = ?", [run_id]).fetchall()[0][0]
    pairs = dict(store.con.execute(
        "select hop, count(*) from candidate_pairs where run_id = ? group by hop",
        [run_id]).fetchall())
    print(f"run {run_id}: {entries} entries, pairs {pairs}")
    started = time.perf_counter()
    report = write_report(store, run_id, tmp / "report.html")
    seconds = time.perf_counter() - started
    mb = report.stat().st_size / 1e6
    print(f"write_report: {seconds:.2f} s, {mb:.2f} MB"
          f"  [{'ok' if seconds < 10 and mb < 15 else 'OVER TARGET'}: < 10 s, < 15 MB]")
    started = time.perf_counter()
    write_outputs(store, run_id, tmp / "out")
    print(f"write_outputs: {time.perf_counter() - started:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entries", nargs="?", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="time the latest run of this store instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if args.db:
            from linkage.review import latest_run

            shutil.copy(args.db, tmp / "copy.duckdb")  # the report never writes to the original
            with Store.open(tmp / "copy.duckdb") as store:
                _time_report(store, latest_run(store), tmp)
            return
        with Store.open(tmp / "bench.duckdb") as store:
            started = time.perf_counter()
            run_id = fill_sample_run(store, entries=args.entries, hostile=True)
            print(f"store filled in {time.perf_counter() - started:.1f} s")
            _time_report(store, run_id, tmp)


if __name__ == "__main__":
    main()
