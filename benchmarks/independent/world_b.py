#!/usr/bin/env python
"""Written in session 20 by a helper who read only ../shared/design.md and ../shared/contract.md,
never the service's code, so that it makes choices the service's own generator (linkage/synth) does not.

Independent synthetic world for the detainer reconciliation service (indepB).

Usage:  world_b.py SEED OUTDIR

The world is simulated as people and events, then *observed* through three imperfect
lenses (jail logs, ICE book-ins, ICE's weekly declined-detainer listing).

World model
-----------
* A population of people per jurisdiction (a pool of ~12, of which 6-10 submit a
  log; the rest are simulated too, so their people appear in ICE data and in the
  listing, but no log is written).  Each person: sex, dob, birth country, ICE
  citizenship, names drawn from my own per-origin name lists (Hispanic double
  surnames, Somali patronymics, Hmong, Vietnamese, Slavic, ...).
* 1-4 bookings per person over 2015-2017 (a few long-term inmates booked 2011-2014
  and still held); ~7% of bookings happen in a different jurisdiction (movers).
  Stays: mixture of hours / days / weeks / months / years; longer for people with
  an immigration hold.
* ICE detainers on bookings of non-citizens (rate per jurisdiction), issued a few
  days after booking; 30% of a repeat booking's detainers re-use the old issued date
  (so a detainer may be years old and issued before the stay).
* At release, per jurisdiction and time (Travis changes policy on its "policy day"):
  honoured (hand-over, ICE book-in 1-48 h later, lognormal around 6 h, method
  mostly CAP Local Incarceration), released to another agency (ICE may pick the
  person up from that agency 1-60 days later, elsewhere), or released to the street
  (12% later arrested at large 7-400 days on, Non-Custodial Arrest / Located).
* ICE's book-ins also include ~thousands of people never in these jails, with the
  same name/country distributions and weighted toward the same states.

Noise model (documented choices)
--------------------------------
* ICE records 85% of real declines; records an honoured hand-over as a decline
  with prob 40% in Hennepin (the two men story, inflated to test hop 2), 10% elsewhere; records a transfer
  to another agency as a decline with prob 30%.
* Recorded decline date = release day + skewed lag: 55% 0-2 days, 27% 3-7 days,
  18% lognormal tail 8-56 days.
* ICE identity per person (kept across book-ins): 7% one-character typo in the
  surname, 4% typo in the given name, 4% given/family swapped, double surnames
  recorded as hyphenated (30%), first part only (35%), second part only (8%);
  dob day/month swapped 3%, off by a year 2%, wholly different 1%; sex missing 3%.
* Jail side: place of birth empty for 35-70% (per log), spelled many ways
  ('MEX', 'Distrito Federal, Mexico', 'Mexico (Use only when state is unknown)');
  5% of non-citizens' ICE citizenship differs from the jail birthplace (born in one
  Central American country, national of another; a few jail rows show a US state);
  sex 'U' or empty on 2%.
* Hand-overs logged as RELEASED / BONDED / BOND-SURETY 25% of the time; 3% of street
  releases carry 'ICE HOLD EXPIRED - NO PICKUP'.
* Book-in times: 15% logged date-only.  Logs: per-log date style (ISO, M/D/YYYY,
  M/D/YY), some date-only releases, some without hold columns, place of birth, or
  with age instead of dob, full_name instead of split names.  One or two logs are
  extracts cut off part-way through the 2017 report period.
* Listing: weekly (Sat-Fri) reports over 8-20 weeks of 2017; Travis policy day lists
  every detainer held in custody and old unresolved ones (incl. pre-2015 releases not
  in any log); 3% of entries from a county with a same/similar-named twin are filed
  under the twin; 4% re-listed 1-3 weeks later (duplicate); state/county/facility
  spelled variously.  A detainer listed on policy day and listed again at the later
  real release counts as a duplicate listing (duplicate_of = the first listing).

truth.csv: entry_id,true_outcome,booking_id,jurisdiction,custody_id,duplicate_of,stale,kind
"""
import sys

from world_b_listing import (
    choose_weeks,
    cut_logs,
    decline_records,
    list_entries,
    records_while_held,
    travis_policy_day,
)
from world_b_sim import (
    book_people,
    choose_jurisdictions,
    filler_book_ins,
    release_book_ins,
    report_period,
    simulate_bookings,
    start,
)
from world_b_write import write_custody, write_logs, write_reports, write_summary


def main():
    """Run the stages in their order: the random stream is shared, so the order fixes the world."""
    SEED = int(sys.argv[1])
    OUT = sys.argv[2]
    start(SEED)
    # the world: world_b_sim.py
    choose_jurisdictions()
    start_sat, POLICY_DAY = report_period()
    book_people()
    simulate_bookings(POLICY_DAY)
    release_book_ins()
    filler_book_ins()
    # ICE's listing and its truth: world_b_listing.py
    records = decline_records()
    trav_policy = travis_policy_day(POLICY_DAY)
    records_while_held(records)
    chosen, nweeks, REPORT_END = choose_weeks(records, trav_policy, start_sat)
    cut_logs(start_sat, nweeks, REPORT_END)
    entries, truth = list_entries(chosen, nweeks, start_sat, SEED)
    # the files: world_b_write.py
    write_reports(OUT, entries, truth)
    log_meta = write_logs(OUT)
    write_custody(OUT)
    write_summary(OUT, SEED, nweeks, start_sat, POLICY_DAY, entries, truth, log_meta)


if __name__ == "__main__":
    main()
