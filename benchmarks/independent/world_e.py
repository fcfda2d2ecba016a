"""World E: parishes, independent cities and a county that sent nothing — blind generator.

    python benchmarks/independent/world_e.py SEED OUTDIR

Written in session 47 the way worlds A to D were: from the design and the data contract only,
never the service's code. Same seed, same bytes (one numpy Generator; no wall clock); ~15 s.

Story. Spring 2017: ICE's weekly Declined Detainer Outcome Reports for 14 weeks (Sat Jan 28 -
Fri May 5; each row's `Report Date` is the Saturday that opens its week) list entries in ten
jurisdictions of four states whose sheriffs answer with their own exports:

    key  jurisdiction (log county)        bookings/wk  non-citizen  honours  hand-overs listed
    ORL  Orleans Parish, LA                    230        5%        15%*        10%
    JEF  Jefferson Parish, LA                  240        9%        85%         22%
    STT  St. Tammany Parish, LA                130        3.5%      75%         10%
    RCY  Roanoke city, VA (independent city)    90        6%        50%          8%
    RCO  Roanoke County, VA (Salem)             55        5%        60%         10%
    PWM  Prince William, VA (287(g))           150       13%        92%         18%
    DNA  Doña Ana, NM                          140       16%         5%          5%
    PGC  Prince George's, MD                   210       12%        20%         20%
    MCM  Montgomery, MD                        160       15%         5%          5%
    BAC  Baltimore City, MD                    260        3%        30%          8%
    BCO  Baltimore County, MD: listed (~1.6 entries a week) but sent no log.
    * Orleans honours 80% of detainers on robbery, sex, weapon and burglary charges.

About 70,000 bookings are simulated from Aug 2016 (plus, per jail, rate/12 long-held people
booked 2014-2016 with detainers lodged then and released Dec 2016 - Aug 2017); the logs hold
those released on/after Oct 1 2016 or still held at export (May 19 2017), ~59,000 rows. A
booking's person is a returning one 20% of the time; 3% of releases to the street are booked
again 1-6 days later (8% after a declined detainer, so a second detainer and hand-over can
follow days after a listed decline). Half of non-citizen bookings (Doña Ana 40%) get a
detainer, lodged 2 h + Exp(mean 1 day; MCM 2.5 days, JEF 0.8, PWM 0.6) after booking; if that is before the
release the jail logs the hold (94%; hold date = lodged day, +1 day 20%) and hands over,
sends to another agency (4-25%) or releases; otherwise the detainer came after the release.
ICE picks up in office hours within 48 h; its book-in follows the hand-over by 0.7-5 h.

Which entries ICE lists (truth = what happened at that booking):
- real declines, 85% of them, recorded 0 d (25%), 1-3 d (45%), 4-10 d (22%), 11-35 d (8%) after
  release -> declined_confirmed;
- detainers lodged only after the release (no hold in the log), 20% listed (MCM 60%), declined
  date 0-5 d after lodging -> declined_confirmed (or transferred_to_other_agency if so released);
- hand-overs to ICE, at the rate above, 0-4 d after release -> transferred_to_ice (custody_id =
  the book-in; empty for the 3% of hand-overs missing from ICE's extract);
- releases to another agency with a detainer, 35%, 0-6 d after -> transferred_to_other_agency;
- people still held at export, when the jail answered "will not honour" at lodging (ORL 55%,
  DNA/PGC/MCM 30%, others 2-3%): declined date 0-5 d after lodging, or for an old detainer half
  the time a re-review day inside the report period -> still_in_custody;
- a booking missing from its jail's export (1.5% of bookings) -> no_release_record, no booking;
- Baltimore County (county `BALTIMORE`, as 10% of Baltimore City's entries also read) ->
  no_release_record.
Relistings: 5% of entries appear again 1-3 weeks later unchanged; 1.5% again with a declined
date 2-9 d later (a second decline record of the same detainer); both duplicate_of the first.
`stale` (truth column): issued > 365 d before declined. ~520-560 entries a seed.

Report quirks: ICE-style headers using the contract's aliases (`Entry ID`, `Report Date`,
`Detainer Prepare Date`); state as code (70%) or full upper-case name; county spellings
`SAINT TAMMANY`/`ST TAMMANY`, `DONA ANA`/`DOÑA ANA`, `PRINCE GEORGES`/`PRINCE GEORGE'S`,
`ROANOKE` for both the city (40%) and the county (80%) with the facility telling them apart,
`ORLEANS`/`ORLEANS PARISH`; old facility names (`ORLEANS PARISH PRISON` for the Orleans Justice
Center) and abbreviations (`... CORR CTR`, `... CO CPU`); city blank 12%; citizenship of another
country of the region 1.5%; notable activity blank 10%, a category other than the jail's top
charge 12%, with a prior conviction 35%, `Convicted:` for long stays 50%.

Logs, one layout each (all columns the contract names; aliases only where it lists them):
- ORL `orleans_parish_releases.csv`: pipe-delimited; `BOOKING NO`, `BOOKING NAME` as `LAST,
  FIRST MIDDLE` with JR/SR/II/III after the surname or the given names; `M/D/YY` birth dates,
  `M/D/YY h:mm AM` times; 5 voided rows with no booking date (to be quarantined).
- JEF `jefferson_parish_bookings.parquet`: typed columns, int64 booking numbers; double
  surnames hyphenated 80%.
- STT `st_tammany_releases.csv`: quoted fields with embedded newlines (one charge a line; a
  `REF #` line under 10% of reasons); county `St. Tammany Parish`, state `Louisiana`.
- RCY: the same log sent twice, `roanoke_city_export_2017-03-31.csv` (to Mar 31) and
  `..._2017-05-19.csv` (bookings from Feb 15 or still held then): ~900 bookings in both, those
  released Apr-May empty in the first and released in the second; `Inmate Name` full names.
- RCO `roanoke_county_salem_jail.csv`: two-digit years in every date, AM/PM times, an extra
  `suffix` column, state `VIRGINIA`.
- PWM `pwm_radc_releases.xlsx`: date cells; accents kept 70%; birthplace as ISO3 (`SLV`, `KOR`,
  `MMR`, `USA`); sex `MALE`/`FEMALE`.
- DNA `dona_ana_cdc_releases.csv`: UTF-8 with BOM; `Booking Name` with accents (`NÚÑEZ DE LA
  CRUZ, MARÍA`) 75%; county `Doña Ana`; birthplaces in Spanish (`Ciudad Juárez, Chihuahua,
  México`).
- PGC `pgcdc_release_log.csv`: booking and release times exported in UTC without a marker
  (+5 h EST, +4 h EDT), ISO with `T`: a hand-over's ICE book-in can read hours *before* its release.
- MCM `montgomery_mccf_releases.csv`: tab-separated under a .csv name; zero-padded dates.
- BAC `baltimore_cbif_releases.csv`: two trailing empty columns on every line; hold agency
  `ICE/ERO` 30%; 3 rows with no booking number (court walk-ins; to be quarantined).
Log value noise: double surnames (65% of foreign-born Hispanic people; `DE LA CRUZ`-type
particles 4%) written whole, hyphenated or cut to the first by each jail's habit; Korean given
names closed up (40%) or split into first/middle (30%); Burmese names with no family name
split on the last token; typos in surname 1.5%, given name 2%; middle name as an initial 25%;
birth date missing 3%, another day of the month 2%; a returning person retyped 15%;
birthplace blank 10% (US-born 6%), another country 2%, other spellings 30% (`Korea, Republic
of`, `Burma`, `DR`, `Viet Nam`, `Mexico (Use only when state is unknown)`); sex `U` 0.5%; the
reason hides a hand-over (a bond or time-served reason) 10-45% by jail.

ICE: `custody.csv` (internal extract, ~23,000 book-ins Oct 2016 - Jun 2 2017, all times on
ICE's Eastern clock: Central jails' releases read 1 h earlier, Doña Ana's 2 h) with names:
second surname dropped 35%, hyphenated 10%, closed up 5%, only the second 2%; Ethiopian
compound names closed up 40%; middle name in the first-name field 40%; a suffix glued to the
surname 40% or dropped; given/family swapped for 10% of Vietnamese, Korean and Chinese names;
Burmese names re-split 50%; typos surname 3%, given 4%; birth date day/month swapped 4%, year
off by one 3%, another day 3%, another date 2%; A-number blank 8%; citizenship cut at 20
characters (`CHINA, PEOPLES REPUB`) and `DOMINICAN REP`. 25% of hand-overs have a second book-in
at another facility 2-10 d later. Also: at-large arrests of 12% of people released to the
street (2-20 weeks later, Non-Custodial Arrest/Located), 20% of those sent to another agency
surfacing 10-80 d later (CAP Federal/State Incarceration), 5% earlier book-ins, and ~91 a day
of other people in ten states. `custody_foia.csv`: the same book-ins (and IDs) without names,
birth year only, one row a stay (no second-facility rows), `Stay Book In Date Time`, `Gender`
Male/Female, full ICE country names.

Files: reports.csv, releases/ (11 files), custody.csv, custody_foia.csv, truth.csv (entry_id,
true_outcome, booking_id, custody_id, duplicate_of, jurisdiction, case, stale).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
from world_e_listing import Listing
from world_e_sim import simulate
from world_e_write import render, write_custody, write_logs, write_reports, write_truth


def main() -> None:
    seed, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    world = simulate(rng)
    entries = Listing(world, rng).run()
    render(world, rng)
    logs = write_logs(world, out / "releases", rng)
    write_reports(entries, out / "reports.csv")
    write_custody(world, out, rng)
    write_truth(entries, out / "truth.csv")
    outcomes = Counter(e["truth"]["outcome"] for e in entries)
    print(f"world E seed {seed}: {len(world.bookings)} bookings, {len(world.bookins)} ICE book-ins,"
          f" {len(entries)} entries, {len(logs)} log files")
    for outcome, n in sorted(outcomes.items()):
        print(f"  {outcome:<30}{n:>6}")


if __name__ == "__main__":
    main()
