#!/usr/bin/env python3
"""World D: an independently written synthetic world for the declined-detainer reconciler.

Usage:  python world_d.py SEED OUTDIR      (stdlib + openpyxl; deterministic per seed)

Written blind in session 34 from the design and the data contract (and the column names of
`linkage evaluate`'s truth file), never the service's code, its generator or the other blind
worlds. Writes OUTDIR/reports/ (16 weekly ICE files: weeks 1–8 CSV, 9–16 XLSX with upper-case
headers and date cells), OUTDIR/releases/ (eight county logs in their own layouts, some without
county or state columns), OUTDIR/release_jurisdictions.txt (each log's file name and its
jurisdiction, `file<TAB>ST/County`: a log is submitted with its own `--jurisdiction`),
OUTDIR/jurisdictions.txt (`key<TAB>ST/County`), OUTDIR/custody/ice_book_ins_FY17.csv (ICE
book-ins with names), OUTDIR/truth.csv and OUTDIR/world.json (counts and headers). There is no
FOIA extract (no custody_foia.csv), so `probe.py --foia` does not apply to world D.

The world's own choices:

* Time.  16 report weeks, Saturday 2017-01-28 .. Friday 2017-05-19.  Each log holds every booking
  released since 2016-10-01 and everyone held at the extract (2017-06-01 06:00, empty release).
* Eight logged jurisdictions, each log in its own layout and mess:
    Orange CA (xlsx, one row per charge, `LAST, FIRST MIDDLE`, raw Excel serials; honours 55 %,
    12 % of hand-overs wrongly listed); King WA (CSV, `First M. Last`, AM/PM times, the header
    repeated every 1000 rows; honours 10 %; a policy day, 2017-02-22, lists 75 old detainers of
    2011–2016, most still held, some released months before, some before the log begins);
    Cook IL (semicolon CSV, split names, never honours); Maricopa AZ (xlsx, age and no DOB,
    `LAST,FIRST`, hold Y/N with no date; honours 85 %); Nassau NY (Windows-1252 with accents,
    two-digit years, one top charge; honours 45 %); Miami-Dade FL (one row per charge, date and
    `HHMM` time in separate columns; ICE spells the county MIAMI-DADE, Miami Dade County or
    DADE; honours 75 %); Washington OR (title-case split names, Oracle dates, 35 % without DOB;
    never honours; ICE also lists a Washington County PA with no log); Mecklenburg NC (xlsx with
    a title block and a `Total Records:` footer, date and time in text columns; honours 70 %,
    15 % of hand-overs wrongly listed).
* People: Hispanic double surnames (the jail writes the paternal only, `A B`, `A-B` or the
  maternal only; ICE `A B`, `B A`, `A-B` or `A`), Asian, Eastern European, Somali, Haitian and
  Jamaican names; 3 % jail / 10 % ICE surname typos, ICE's first name with the middle name
  appended, ICE DOB day–month swaps, ±1 year and blanks, citizenship other than birthplace 4 %,
  birthplaces as `GUADALAJARA, MEX`, `MX`, a US state, `UNKNOWN` or blank.  A quarter of the
  bookings are people booked before.
* ICE: hand-overs 0.3–14 h after release (15 % 14–96 h), a quarter logged by the jail with a
  generic reason (RELEASED, REL - OTHER); 7 % of detainers with no hold on the log; later
  arrests of some declined people (4–120 days, Non-Custodial Arrest / Located / CAP); ~9,000
  unrelated book-ins; 60 planted namesakes booked −30..+60 h around a released person's release.
* Report entries (≈270 a seed): declines listed (45–65 % of them), wrongly listed hand-overs,
  transfers to USM/DOC/another county, declines recorded while the person is still held, the
  King policy day, entries for Washington PA, Bucks PA and the Santa Ana city jail (no log →
  no_release_record), and 6 % listed again 1–4 weeks later (duplicate_of the first listing).

The code sits beside this script: world_d_data.py (tables), world_d_people.py (the World, people,
bookings, detainers and releases), world_d_listing.py (ICE's book-ins and the report entries, a
mixin of the World) and world_d_write.py (the files).  It is session 34's gen_world.py split into
modules, writing the same files for a seed with two deliberate changes: release_jurisdictions.txt
is added for probe.py, and the clock stamps openpyxl writes into each .xlsx (docProps/core.xml and
the zip entries) are pinned to 2017-06-01 06:00, so that a seed gives identical bytes.
"""
import json
import sys
from collections import Counter
from pathlib import Path

from world_d_data import JURIS, LOG_FILES
from world_d_people import World
from world_d_write import write_custody, write_releases, write_reports, write_truth


def main(seed: int, folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    w = World(seed)
    for j in JURIS:
        w.gen_jurisdiction(j)
    w.unrelated_book_ins(9000)
    w.report_entries()
    headers = write_releases(w, out)
    write_reports(w, out)
    write_custody(w, out)
    write_truth(w, out)
    with open(out / "jurisdictions.txt", "w") as f:
        for j in JURIS:
            f.write(f"{j['key']}\t{j['st']}/{j['county']}\n")
    with open(out / "release_jurisdictions.txt", "w") as f:
        for j in JURIS:
            f.write(f"{LOG_FILES[j['key']]}\t{j['st']}/{j['county']}\n")
    stats = dict(seed=seed, bookings=Counter(b["j"]["key"] for b in w.bookings), book_ins=len(w.book_ins),
                 hand_overs=sum(1 for b in w.book_ins if b["hand_over"]), entries=len(w.entries),
                 truth=Counter(e["truth"] for e in w.entries), duplicates=sum(1 for e in w.entries if e["duplicate_of"]),
                 entries_by_j=Counter(e["facility"] for e in w.entries), headers=headers)
    (out / "world.json").write_text(json.dumps(stats, indent=1, default=str))
    print(json.dumps({k: v for k, v in stats.items() if k != "headers"}, indent=1, default=str))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
