"""World D's ICE side, a mixin of world_d_people.World: how ICE spells a person, its book-ins
(hand-overs, later arrests, unrelated book-ins, namesakes), and the report entries with their
truth (declines listed, wrong listings, transfers, still held, the King policy day, places with no
log, relistings)."""
from __future__ import annotations

import datetime as dt

from world_d_data import (
    CHARGE_W,
    DAY,
    EXTRACT,
    JURIS,
    LOG_START,
    N_WEEKS,
    REPORT_END,
    UNLOGGED,
    WEEK0,
    D,
)


class Listing:
    # ----------------------------------------------------------------------- ICE
    def ice_name(self, p):
        r = self.r
        last = p["sur1"]
        if p["sur2"]:
            last = r.choices([f"{p['sur1']} {p['sur2']}", f"{p['sur2']} {p['sur1']}", f"{p['sur1']}-{p['sur2']}", p["sur1"]],
                             weights=[55, 15, 10, 20])[0]
        first = p["first"]
        if p["middle"] and len(p["middle"]) > 1 and r.random() < 0.4:
            first = f"{first} {p['middle']}"
        if r.random() < 0.10:
            last = typo(r, last)
        if r.random() < 0.05:
            first = typo(r, first)
        return last, first

    def book_in(self, p, when: D, state: str, method: str, hand_over=False):
        r = self.r
        self.ice_seq += 1
        cid = f"{r.randrange(10**5, 10**6)}{self.ice_seq:05d}"
        last, first = self.ice_name(p)
        bd = p["dob"]
        u = r.random()
        if u < 0.04:
            bd = swap_dm(bd)
        elif u < 0.07:
            bd = bd.replace(year=bd.year + r.choice([-1, 1]), day=min(bd.day, 28))
        elif u < 0.09:
            bd = None
        row = dict(custody_id=cid, when=when.replace(second=0, microsecond=0), citizenship=p["citizenship"], sex=p["sex"],
                   birth_date=bd, last=last, first=first, anum=p.get("anum", ""), state=state, method=method,
                   hand_over=hand_over)
        self.book_ins.append(row)
        return cid

    def unrelated_book_ins(self, n):
        r = self.r
        states = [j["st"] for j in JURIS] + ["TX", "TX", "TX", "CA", "GA", "NJ", "NV"]
        for _ in range(n):
            st = r.choice(states)
            j = next((x for x in JURIS if x["st"] == st), JURIS[0])
            p = self.person(j, foreign=True)
            when = D(2016, 9, 1) + dt.timedelta(seconds=r.uniform(0, (D(2017, 7, 31) - D(2016, 9, 1)).total_seconds()))
            method = r.choices(["CAP Local Incarceration", "Non-Custodial Arrest", "Located", "CAP State Incarceration",
                                "Border Patrol", "Probation and Parole"], weights=[45, 20, 10, 10, 10, 5])[0]
            self.book_in(p, when, st, method)
        # namesakes: strangers with a released person's name booked in near another release
        rel = [b for b in self.bookings if b["person"]["foreign"] and b["release_dt"] < EXTRACT and b["release_dt"] > WEEK0 - 20 * DAY]
        for b in r.sample(rel, min(len(rel), 60)):
            j = b["j"]
            p = self.person(j, foreign=True)
            p["sur1"], p["first"] = b["person"]["sur1"], b["person"]["first"]
            self.book_in(p, b["release_dt"] + dt.timedelta(hours=r.uniform(-30, 60)), j["st"], "CAP Local Incarceration")

    # ----------------------------------------------------------------------- reports
    def report_entries(self):
        r = self.r
        listed = []
        for b in self.bookings:
            j = b["j"]
            if not b["detainer"]:
                continue
            if b.get("policy"):
                continue
            rdt = b["release_dt"]
            cat = b["rel_cat"]
            if rdt >= EXTRACT:
                # still held: ICE sometimes records a decline when the jail says it will not honour
                if r.random() < (0.10 if j["honour"] < 0.3 else 0.02):
                    dd = max(b["detainer"] + DAY * r.randrange(1, 30), (WEEK0 + DAY * r.randrange(0, N_WEEKS * 7)).date())
                    if WEEK0.date() <= dd < REPORT_END.date() and dd < EXTRACT.date():
                        listed.append((b, dd, "still_in_custody"))
                continue
            lag = r.choices([0, 1, 2, 3, 5, 8, 14], weights=[40, 20, 12, 10, 8, 6, 4])[0]
            dd = rdt.date() + DAY * lag
            if not (WEEK0.date() <= dd < REPORT_END.date()):
                continue
            if cat == "ice":
                if r.random() < j["p_wrong"]:
                    listed.append((b, rdt.date() + DAY * r.choice([0, 0, 1, 2]), "transferred_to_ice"))
            elif cat in ("other", "usm"):
                if r.random() < 0.5:
                    listed.append((b, dd, "transferred_to_other_agency"))
            else:
                if r.random() < j["p_list"]:
                    listed.append((b, dd, "declined_confirmed"))
        # policy day
        for j in JURIS:
            pd_ = j.get("policy_day")
            if not pd_:
                continue
            for b in self.bookings:
                if b["j"] is j and b.get("policy") and b["detainer"]:
                    rdt = b["release_dt"]
                    if rdt >= EXTRACT:
                        t = "still_in_custody"
                    elif rdt < LOG_START:
                        t = "no_release_record"
                    elif b["rel_cat"] == "ice":
                        t = "transferred_to_ice"
                    elif b["rel_cat"] in ("other", "usm"):
                        t = "transferred_to_other_agency"
                    else:
                        t = "declined_confirmed"
                    listed.append((b, pd_.date(), t))
        # entries for places with no log, or a city jail not in the sheriff's log
        for st, county, fac, city in UNLOGGED:
            for _ in range(r.randint(3, 7)):
                j = next((x for x in JURIS if x["st"] == st), JURIS[0])
                p = self.person(j, foreign=True)
                iss = (WEEK0 - DAY * r.randrange(3, 60)).date()
                dd = (WEEK0 + DAY * r.randrange(0, N_WEEKS * 7)).date()
                fake = dict(j=dict(st=st, county=county, rep_county=[county.upper(), county + " County"],
                                   rep_state=[st, st], city=city, fac=[(fac, fac)]),
                            person=p, fac=(fac, fac), charges=self.charges(), detainer=iss, booking_id="")
                listed.append((fake, dd, "no_release_record"))
        # build entries
        r.shuffle(listed)
        listed.sort(key=lambda x: x[1])
        n = 0
        entries = []
        for b, dd, truth in listed:
            week = (dd - WEEK0.date()).days // 7
            if not (0 <= week < N_WEEKS):
                continue
            n += 1
            e = self.entry_fields(b, dd, week)
            e.update(entry_id=f"D{self.seed % 1000:03d}-{week + 1:02d}-{n:04d}", truth=truth,
                     booking_id=b["booking_id"] if truth != "no_release_record" else "",
                     custody_id=b.get("custody", "") if truth == "transferred_to_ice" else "", duplicate_of="")
            entries.append(e)
        # the same detainer listed again in a later week
        for e in list(entries):
            if r.random() < 0.06 and e["week"] < N_WEEKS - 1:
                w2 = min(N_WEEKS - 1, e["week"] + r.randint(1, 4))
                n += 1
                d = dict(e)
                d.update(entry_id=f"D{self.seed % 1000:03d}-{w2 + 1:02d}-{n:04d}", week=w2, duplicate_of=e["entry_id"],
                         report_day=(WEEK0 + DAY * (7 * w2 + r.choice([0, 0, 6, 3]))).date())
                entries.append(d)
        self.entries = entries

    def entry_fields(self, b, dd, week):
        r = self.r
        j = b["j"]
        p = b["person"]
        cats = [c for c, _ in b["charges"] if c]
        nca = ""
        if cats or r.random() < 0.3:
            parts = []
            if cats:
                parts.append("Charged: " + ", ".join(dict.fromkeys(cats[:2])))
            if r.random() < 0.35:
                parts.append("Convicted: " + r.choice(list(CHARGE_W)))
            nca = "; ".join(parts)
        return dict(week=week, report_day=(WEEK0 + DAY * (7 * week + r.choice([0, 0, 6, 3]))).date(),
                    state=r.choice(j["rep_state"]), county=r.choice(j["rep_county"]), city=j["city"],
                    facility=b["fac"][1], citizenship=p["citizenship"], nca=nca, issued=b["detainer"], declined=dd)


def typo(r, s):
    if len(s) < 4:
        return s
    i = r.randrange(1, len(s) - 1)
    k = r.random()
    if k < 0.33:
        return s[:i] + s[i + 1:]
    if k < 0.66:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + r.choice("AEIOUNRSTL") + s[i + 1:]


def swap_dm(d):
    try:
        return d.replace(month=d.day, day=d.month) if d.day <= 12 else d
    except ValueError:
        return d
