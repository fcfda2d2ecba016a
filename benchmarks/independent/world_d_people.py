"""World D's random stream, people and bookings: the World (one random.Random; ICE's side comes
from world_d_listing.Listing), people drawn per jurisdiction, booking numbers in each county's
style, stays, charges, the King policy-day detainers, and each booking's detainer, release and
ICE events.

Every method draws from self.r in the order world_d.main() calls it."""
from __future__ import annotations

import datetime as dt
import random
import string
from collections import defaultdict

from world_d_data import (
    ASIAN,
    CHARGE_W,
    CHARGES,
    COUNTRIES,
    DAY,
    EXTRACT,
    HISP_F,
    HISP_M,
    HISP_MID,
    HISP_SUR,
    HISP_SUR_W,
    LOG_START,
    REL_DEFAULT,
    US_F,
    US_M,
    US_STATES,
    US_SUR,
    WARRANT_CHARGES,
    D,
)
from world_d_listing import Listing


class World(Listing):
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.seed = seed
        self.bookings = []      # dicts
        self.book_ins = []      # dicts
        self.entries = []       # dicts (with truth)
        self.ice_seq = 0
        self.anum = set()

    # ----------------------------------------------------------------------- people
    def person(self, j, foreign: bool | None = None):
        r = self.r
        sex = "F" if r.random() < 0.17 else "M"
        age = int(min(70, max(18, r.gauss(33, 10))))
        dob = D(2017 - age, 1, 1) + dt.timedelta(days=r.randrange(365)) - dt.timedelta(days=r.randrange(200))
        if foreign is None:
            foreign = r.random() < j["foreign"]
        p = dict(sex=sex, dob=dob.date(), foreign=foreign)
        if foreign:
            cs = list(j["countries"])
            country = r.choices(cs, weights=[j["countries"][c] for c in cs])[0]
            p["birth_country"] = country
            p["citizenship"] = country
            if r.random() < 0.04:  # ICE citizenship differs from birthplace
                p["citizenship"] = r.choice(["GUATEMALA", "MEXICO", "HONDURAS", "EL SALVADOR", "COLOMBIA"])
            group = COUNTRIES[country][0]
        else:
            p["birth_country"] = "US"
            p["citizenship"] = "UNITED STATES"
            group = "hisp" if r.random() < 0.25 else "us"
        if group == "hisp":
            p["first"] = r.choice(HISP_F if sex == "F" else HISP_M)
            p["middle"] = r.choice(HISP_MID) if r.random() < 0.5 else ""
            p["sur1"] = r.choices(HISP_SUR, weights=HISP_SUR_W)[0]
            p["sur2"] = r.choices(HISP_SUR, weights=HISP_SUR_W)[0] if (foreign and r.random() < 0.6) else ""
        elif group == "us":
            p["first"] = r.choice(US_F if sex == "F" else US_M)
            p["middle"] = r.choice(string.ascii_uppercase) if r.random() < 0.6 else ""
            p["sur1"] = r.choice(US_SUR)
            p["sur2"] = ""
        else:
            fn, ln = ASIAN[group]
            p["first"] = r.choice(fn.split())
            p["middle"] = r.choice(fn.split()) if r.random() < 0.3 else ""
            p["sur1"] = r.choice(ln.split())
            p["sur2"] = ""
        p["pob_state"] = j["st"] if r.random() < 0.6 else r.choice(list(US_STATES))
        if foreign:
            while True:
                a = "A" + str(r.randrange(200000000, 214999999))
                if a not in self.anum:
                    self.anum.add(a)
                    break
            p["anum"] = a
        return p

    # ----------------------------------------------------------------------- bookings
    def booking_ids(self, j):
        k, r = j["key"], self.r
        seq = defaultdict(int)

        def make(bdt: D):
            y = bdt.year
            seq[y] += 1
            n = seq[y] + r.randrange(0, 3)
            seq[y] = n
            if k == "ca-orange":
                return str(2000000 + (y - 2010) * 100000 + n)
            if k == "wa-king":
                return f"{y}{n:06d}"
            if k == "il-cook":
                return f"{y}-{n + 100000:07d}"
            if k == "az-maricopa":
                return f"T{(y % 100) * 10000 + n + 400000}"
            if k == "ny-nassau":
                return f"{y % 100:02d}-{n:06d}"
            if k == "fl-miami-dade":
                return f"{y % 100:02d}{n + 10000:06d}"
            if k == "or-washington":
                return f"B{y % 100:02d}-{n:05d}"
            return f"{(y % 100) * 1000000 + n:010d}"
        return make

    def stay(self):
        r = self.r
        u = r.random()
        if u < 0.35:
            return dt.timedelta(hours=r.uniform(2, 30))
        if u < 0.65:
            return dt.timedelta(days=r.uniform(1, 7))
        if u < 0.88:
            return dt.timedelta(days=r.uniform(7, 60))
        return dt.timedelta(days=r.uniform(60, 400))

    def charges(self, n=None):
        r = self.r
        n = n or r.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]
        cats = r.choices(list(CHARGE_W), weights=list(CHARGE_W.values()), k=n)
        out = [(c, r.choice(CHARGES[c])) for c in cats]
        if r.random() < 0.2:
            out.append((None, r.choice(WARRANT_CHARGES)))
        return out

    def gen_jurisdiction(self, j):
        r = self.r
        make_id = self.booking_ids(j)
        people = [self.person(j) for _ in range(int(j["n"] * 0.75))]
        bookings = []
        span = (EXTRACT - dt.timedelta(days=5) - D(2016, 9, 1)).total_seconds()
        for i in range(j["n"]):
            p = r.choice(people) if r.random() < 0.25 else (people[i] if i < len(people) else r.choice(people))
            bdt = D(2016, 9, 1) + dt.timedelta(seconds=r.uniform(0, span))
            bdt = bdt.replace(second=0, microsecond=0)
            rdt = bdt + self.stay()
            b = dict(j=j, person=p, booking_dt=bdt, release_dt=rdt, fac=r.choice(j["fac"]), charges=self.charges(),
                     hold=None, hold_date=None, detainer=None, rel_cat=None)
            bookings.append(b)
        # a few long-stay inmates from earlier years (both still held and released in the window)
        for _ in range(int(j["n"] * 0.03)):
            p = r.choice(people)
            bdt = D(2013, 1, 1) + dt.timedelta(days=r.uniform(0, 1300), hours=r.uniform(0, 24))
            rdt = bdt + dt.timedelta(days=r.uniform(300, 2000))
            bookings.append(dict(j=j, person=p, booking_dt=bdt.replace(second=0, microsecond=0), release_dt=rdt,
                                 fac=r.choice(j["fac"]), charges=self.charges(), hold=None, hold_date=None,
                                 detainer=None, rel_cat=None))
        # policy-day jail: many old detainers on people held (and some long gone)
        if j.get("policy_day"):
            pd_ = j["policy_day"]
            for _ in range(75):
                p = self.person(j, foreign=True)
                people.append(p)
                bdt = D(2011, 6, 1) + dt.timedelta(days=r.uniform(0, (pd_ - D(2011, 6, 1)).days - 20), hours=r.uniform(0, 24))
                u = r.random()
                if u < 0.68:
                    rdt = EXTRACT + dt.timedelta(days=r.uniform(1, 900))       # still held at extract
                elif u < 0.80:
                    rdt = LOG_START + dt.timedelta(days=r.uniform(0, (pd_ - LOG_START).days - 30))  # released months before (ghost in log)
                    if rdt < bdt:
                        rdt = bdt + dt.timedelta(days=r.uniform(20, 90))
                        if rdt < LOG_START:
                            rdt = LOG_START + dt.timedelta(days=r.uniform(0, 60))
                else:
                    rdt = min(bdt + dt.timedelta(days=r.uniform(10, 600)), LOG_START - dt.timedelta(days=r.uniform(5, 400)))  # released before the log window
                    if rdt <= bdt:
                        rdt = bdt + dt.timedelta(days=2)
                b = dict(j=j, person=p, booking_dt=bdt.replace(second=0, microsecond=0), release_dt=rdt, fac=r.choice(j["fac"]),
                         charges=self.charges(), hold=None, hold_date=None, detainer=None, rel_cat=None, policy=True)
                bookings.append(b)
        bookings.sort(key=lambda b: b["booking_dt"])
        for b in bookings:
            b["booking_id"] = make_id(b["booking_dt"])
        for b in bookings:
            self.decide(j, b)
        self.bookings.extend(bookings)

    def decide(self, j, b):
        """Detainer, release category, ICE events."""
        r = self.r
        p = b["person"]
        rdt = b["release_dt"]
        if p["foreign"] and (b.get("policy") or r.random() < j["p_det"]):
            lag = dt.timedelta(days=r.choice([0, 0, 0, 1, 1, 2, 3, 5]), hours=r.uniform(1, 20))
            issued = b["booking_dt"] + lag
            if issued < rdt:
                b["detainer"] = issued.date()
                if r.random() < 0.93:
                    b["hold"] = r.choice(j["hold_words"])
                    if r.random() < j["hold_date"]:
                        hd = issued.date() + DAY * r.choice([0, 0, 0, 0, 0, 1, -1, 2])
                        b["hold_date"] = hd
        elif r.random() < 0.01:
            b["hold"] = r.choice(["USM", "DOC", "OTHER CO"])
        # release category
        if b["detainer"]:
            if b.get("policy"):
                cat = r.choices(["served", "bond", "ice", "other"], weights=[5, 3, 1.5, 1])[0]
            else:
                u = r.random()
                cat = "ice" if u < j["honour"] else ("other" if u < j["honour"] + 0.07 else None)
            if cat is None:
                cat = r.choices(["bond", "or", "served", "dismissed", "court"], weights=[40, 15, 25, 10, 10])[0]
        else:
            cat = r.choices(["bond", "or", "served", "dismissed", "court", "other", "usm"], weights=[40, 15, 25, 10, 6, 3, 1])[0]
            if p["foreign"] and r.random() < 0.004:
                cat = "ice"   # a hand-over with no hold on the log
        b["rel_cat"] = cat
        # what the jail writes: under-reports hand-overs
        words = dict(REL_DEFAULT)
        words.update(j.get("rel", {}))
        if cat == "ice" and r.random() < 0.25:  # noqa: SIM114 (kept apart: the order of the draws)
            b["rel_text"] = r.choice(words["generic"])
        elif cat in ("other",) and r.random() < 0.15:
            b["rel_text"] = r.choice(words["generic"])
        else:
            b["rel_text"] = r.choice(words[cat])
        if cat == "usm":
            b["rel_text"] = r.choice(words["usm"])
        # ICE events
        if rdt < EXTRACT + dt.timedelta(days=60):
            if cat == "ice":
                h = r.uniform(0.3, 14) if r.random() < 0.85 else r.uniform(14, 96)
                b["custody"] = self.book_in(p, rdt + dt.timedelta(hours=h), j["st"], "CAP Local Incarceration", hand_over=True)
            elif p["foreign"] and b["detainer"] and cat != "other" and r.random() < 0.15:
                self.book_in(p, rdt + dt.timedelta(days=r.uniform(4, 120)), j["st"],
                             r.choice(["Non-Custodial Arrest", "Located", "CAP Local Incarceration"]))
            elif p["foreign"] and r.random() < 0.03:
                self.book_in(p, rdt + dt.timedelta(days=r.uniform(1, 200)), j["st"],
                             r.choice(["Non-Custodial Arrest", "Located", "CAP Local Incarceration"]))
