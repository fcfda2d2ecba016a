"""How long the match confidence report takes for 10,000 entries, and how big it gets.

    python benchmarks/report_bench.py            # 10,000 entries
    python benchmarks/report_bench.py 15000

Builds a store in a temporary folder with `linkage.report.sample` (generated rows: entries,
bookings, book-ins, candidate pairs of both hops, outcomes, models), then times
`write_report` and `write_outputs`. Targets (issue 4): under 10 s and under 15 MB.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from linkage.report.html import write_report
from linkage.report.sample import fill_sample_run
from linkage.report.tables import write_outputs
from linkage.store import Store


def main(entries: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        run_id = fill_sample_run(store, entries=entries, hostile=True)
        print(f"store filled: {entries} entries, {store.count('candidate_pairs')} candidate pairs"
              f" in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        report = write_report(store, run_id, Path(tmp) / "report.html")
        seconds = time.perf_counter() - started
        mb = report.stat().st_size / 1e6
        print(f"write_report: {seconds:.2f} s, {mb:.2f} MB"
              f"  [{'ok' if seconds < 10 and mb < 15 else 'OVER TARGET'}: < 10 s, < 15 MB]")
        started = time.perf_counter()
        write_outputs(store, run_id, Path(tmp) / "out")
        print(f"write_outputs: {time.perf_counter() - started:.2f} s")
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
