#!/usr/bin/env python3
"""World C: an independently written synthetic world for the declined-detainer reconciler.

Usage:  python world_c.py SEED OUTDIR      (numpy + pandas + openpyxl + stdlib; deterministic per seed)

Writes OUTDIR/reports.csv, OUTDIR/releases/*.csv|xlsx (one log per jurisdiction, each in its own
layout), OUTDIR/custody.csv (ICE book-ins with names), OUTDIR/custody_foia.csv (same book-ins,
names/DOB/A-number removed, birth year kept, same identifiers) and OUTDIR/truth.csv.

The world's own choices (written without looking at the service or its generators):

* Time.  14 report weeks, Saturday 2017-01-28 .. Friday 2017-05-05.  Jail logs and ICE extracts
  cover 2016-11-26 .. 2017-05-14 (9 weeks before, 9 days after), plus "legacy" inmates booked as
  far back as 2010 who were still inside when the log window opened.
* Twelve jurisdictions in data, very different sizes and policies:
    Cook IL (≈520 bookings/wk, sanctuary: every detainer declined, a few refused at lodge);
    King WA (≈360/wk, two facilities; refuses most detainers *at lodge* so ICE records the decline
    while the person is still inside, and often relists the same detainer when he walks out);
    Washington OR (≈140/wk, declines; ICE then arrests many at home days/weeks later —
    Non-Custodial Arrest, a trap for hop 2);
    Washington AR (≈70/wk, 287(g): honours; a few pick-ups wrongly listed as declines) — a
    namesake county: ~4 % of Washington OR's declines are listed under state AR;
    Bucks PA (≈110/wk, xlsx): ICE waits at the door and books in 5–60 min after release, but the jail
    writes the court's reason (BAIL POSTED / ROR / TIME SERVED) and ICE lists a third of these
    pick-ups as declines; its field office (Philadelphia) stamps book-ins in UTC (+5 h skew);
    Denver CO (≈250/wk, UTF-8 BOM): honours until a policy day (Fri 2017-03-17) when ICE records
    every open Denver detainer as declined in one batch — old detainers (2010–2016) of people
    still inside, some released days before, some long gone; afterwards it declines;
    Hidalgo TX (≈230/wk): honours, but hands many detainees to the US Marshals, the state (TDCJ) or to
    Cameron County (whose log then shows the arrival); ICE lists some of those as declines;
    Cameron TX (≈130/wk): honours; Miami-Dade FL (≈400/wk): declined until 2017-01-26, honours
    afterwards, with a backlog of late-recorded pre-flip declines and some wrong listings of
    post-flip pick-ups; Franklin WA (≈35/wk, rural farm county, mostly declines);
    Accomack VA (≈14/wk, xlsx, honours, ICE comes next day, jail just writes RELEASED);
    Taos NM (≈10/wk, declines; date-only log, age instead of DOB, no reason column).
  Four listed jurisdictions have no log at all (Santa Clara CA, Montgomery MD, Nassau NY and a
  second namesake, Washington PA) → no_release_record.
* People: weighted name pools per origin (Hispanic double surnames, Vietnamese NGUYEN VAN, Somali
  / Arabic transliterations MOHAMED/MUHAMMAD, Ukrainian/Russian ALEKSANDR/OLEKSANDR, Chinese order
  swaps, Marshallese in Arkansas, Haitian JEAN-BAPTISTE ...).  The jail records names its own
  way (first surname only, hyphenated, two given names split into first+middle, nicknames, swapped
  first/last, accents in the cp1252 Oregon log), ICE its own way.  DOBs have day/month swaps,
  ±1 year and typos in some jail records.  Some people are born in one country and citizens of
  another (VEN/COL, CUB/ESP, HND/GTM, UKR/RUS ...).  US-born namesakes share the common surnames.
  Re-arrests: ~16 % of bookings are a person already booked in the window (with a fresh detainer).
* Other traps: detainers are only issued when the stay is long enough (short stays escape);
  ICE no-shows (jail logs RELEASED TO ICE but the person walks — declined_confirmed); USM
  transfers later surface in ICE custody as CAP Federal Incarceration weeks later (not a
  transfer to ICE at release); ICE background book-ins (Border Patrol, 287(g), CAP from counties
  not in data, namesakes, earlier encounters of the same people); entries recorded months after a
  release older than the logs; entries for people the county log never held (city lockups);
  duplicate listings of the same detainer one or two weeks later.
* Truth rules: true_outcome describes the situation at the recorded decline.  still_in_custody
  when the person was inside on the decline date; transferred_to_ice only for a CAP/287(g)
  book-in straight after that release; an at-large arrest days later stays declined_confirmed.
  duplicate_of points to the earliest listing of the same detainer (a relisting after release
  may then have another outcome than its first listing).  stale = issued > 365 days before decline.
"""
import os
import sys

import pandas as pd
from world_c_data import LOG_START
from world_c_entries import entries_for_booking, synthetic_entries
from world_c_people import World
from world_c_places import JUR_BY_KEY, JURS
from world_c_sim import attach_detainer, background_custody, county_transfers, dispose, gen_bookings
from world_c_write import assign_booking_ids, render_custody, render_log, render_reports


def main(seed, outdir):
    w = World(seed)
    os.makedirs(os.path.join(outdir, 'releases'), exist_ok=True)
    for j in JURS:
        gen_bookings(w, j)
    for b in list(w.bookings):
        j = JUR_BY_KEY[b['jur']]
        attach_detainer(w, j, b)
        dispose(w, j, b)
    county_transfers(w)
    for b in w.bookings:
        if b['rel'] is not None:
            b['rel'] = b['rel'].replace(second=0, microsecond=0)
    assign_booking_ids(w)
    for b in sorted(w.bookings, key=lambda b: (b['jur'], b['book'])):
        entries_for_booking(w, JUR_BY_KEY[b['jur']], b)
    synthetic_entries(w)
    background_custody(w, n=int(7000 + w.rng.integers(0, 2000)))
    truth = render_reports(w, outdir)
    for j in JURS:
        bs = sorted([b for b in w.bookings if b['jur'] == j['key']], key=lambda b: (b['book'], b['bid']))
        # a log lists releases inside the window and everyone still inside at extraction
        bs = [b for b in bs if b['rel'] is None or b['rel'] >= LOG_START]
        render_log(w, j, bs, outdir)
    render_custody(w, outdir)
    # summary
    t = pd.DataFrame(truth)
    print(f'seed {seed}: {len(t)} entries, {len(w.bookings)} bookings, {len(w.custody)} ICE book-ins')
    print(t['true_outcome'].value_counts().to_string())
    print(t['kind'].value_counts().to_string())
    print('duplicates', int((t['duplicate_of'] != '').sum()), 'stale', int((t['stale'] == 'true').sum()))
    bj = pd.Series([b['jur'] for b in w.bookings]).value_counts()
    print(bj.to_string())


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: python world_c.py SEED OUTDIR')
    main(int(sys.argv[1]), sys.argv[2])
