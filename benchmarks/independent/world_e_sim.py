"""World E's facts: people, bookings, detainers, releases and ICE book-ins.

`simulate(rng)` returns a `World`; the listing (world_e_listing.py) and the files
(world_e_write.py) only read it. All times here are the jail's local wall clock except
`book_in`, which is ICE's (Eastern) clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from world_e_data import (
    BACKGROUND_METHODS,
    BACKGROUND_PER_DAY,
    CATEGORIES,
    CHARGES,
    COUNTRIES,
    EXPORT_DATE,
    HISP_CITIZENS,
    ICE_EXTRACT_END,
    ICE_EXTRACT_START,
    ICE_FACILITIES,
    ICE_REASONS,
    JURISDICTIONS,
    OTHER_REASONS,
    REGION_MIX,
    STREAM_START,
    STREET_REASONS,
    US_BIRTH,
)
from world_e_people import People, Person

TO_EASTERN = {"C": 1, "M": 2, "E": 0, "UTC": 0}  # hours to add to the jail's clock for ICE's
STYLE = {  # how each jail types names: P keep accents, P hyphenate, P drop the second surname
    "ORL": (0, .10, .15), "JEF": (0, .80, .05), "STT": (0, .20, .30), "RCY": (0, .30, .20),
    "RCO": (0, 0, .50), "PWM": (.7, .10, .10), "DNA": (.75, .05, .10), "PGC": (0, .30, .20),
    "MCM": (.2, .20, .15), "BAC": (0, .20, .30),
}
SERIOUS = {"robbery", "sex", "weapon", "burglary"}  # Orleans honours detainers on these
_HOUR_W = np.array([6, 5, 4, 3, 2, 2, 2, 3, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 8, 8, 8, 7], float)
_HOUR_P = _HOUR_W / _HOUR_W.sum()
_CATS = list(CATEGORIES)
_CAT_P = np.array([CATEGORIES[c][1] for c in _CATS], float) / sum(CATEGORIES[c][1] for c in _CATS)


@dataclass
class World:
    people: People
    bookings: list[dict] = field(default_factory=list)
    bookins: list[dict] = field(default_factory=list)
    jur: dict[str, dict] = field(default_factory=dict)


def pick_weighted(rng: np.random.Generator, pairs):
    """A value from [(value, weight), ...]."""
    w = np.array([p[1] for p in pairs], float)
    return pairs[int(rng.choice(len(pairs), p=w / w.sum()))][0]


def stay_hours(rng: np.random.Generator, foreign: bool) -> float:
    u = rng.random() * (.9 if foreign else 1.0)
    if u < .45:
        h = float(np.clip(rng.lognormal(math.log(8), .6), 1.5, 23))
    elif u < .75:
        h = rng.uniform(1, 10) * 24
    elif u < .92:
        h = rng.uniform(10, 90) * 24
    elif u < .985:
        h = rng.uniform(90, 365) * 24
    else:
        h = rng.uniform(365, 700) * 24
    return h * (1.3 if foreign else 1.0)


def business_pickup(rng: np.random.Generator, ready: datetime) -> datetime:
    """When ICE collects someone the jail holds for it: within ~2 days, in office hours."""
    t = ready + timedelta(hours=float(rng.uniform(.5, 30)))
    if not 7 <= t.hour < 17:
        day = t.date() + timedelta(days=1 if t.hour >= 17 else 0)
        t = datetime.combine(day, datetime.min.time()) + timedelta(hours=float(rng.uniform(8, 16)))
    return min(t, ready + timedelta(hours=48))


class Simulator:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.world = World(People(rng))
        self.seq: dict[tuple[str, int], int] = {}

    def booking_id(self, key: str, when: datetime) -> str:
        yy = when.year % 100
        n = self.seq.get((key, yy), 0) + 1
        self.seq[(key, yy)] = n
        return {
            "ORL": f"{yy:02d}-{n:06d}", "JEF": f"1{yy:02d}{n:07d}", "STT": f"ST{yy:02d}{n:06d}",
            "RCY": f"RC{yy:02d}-{n:05d}", "RCO": f"{yy:02d}{n:05d}", "PWM": f"PW{yy:02d}{n:06d}",
            "DNA": f"DA{yy:02d}-{n:05d}", "PGC": f"{yy:02d}{n:07d}", "MCM": f"MC-{yy:02d}-{n:06d}",
            "BAC": f"B{yy:02d}{n:07d}",
        }[key]

    def new_person(self, j: dict, foreign: bool) -> Person:
        people, region = self.world.people, j["region"]
        if not foreign:
            return people.new("US", US_BIRTH[region], HISP_CITIZENS[region])
        return people.new(pick_weighted(self.rng, list(REGION_MIX[region].items())))

    def charges(self, state: str) -> list[tuple[str, str]]:
        rng = self.rng
        n = 1 + int(rng.random() < .35) + int(rng.random() < .12)
        cats = [_CATS[int(i)] for i in rng.choice(len(_CATS), size=n, p=_CAT_P)]
        table = CHARGES[state]
        return [(c, table[c][int(rng.integers(len(table[c])))]) for c in dict.fromkeys(cats)]

    # --- one booking ---------------------------------------------------------------------------

    def book(self, j: dict, person: Person, when: datetime, *, stay: float | None = None,
             detainer_after: float | None = None) -> dict:
        """Book `person` at `when`, decide detainer, release and where they went."""
        rng = self.rng
        foreign = person.country != "US"
        hours = stay if stay is not None else stay_hours(rng, foreign)
        ready = when + timedelta(hours=hours)
        b = dict(bid="", jur=j["key"], person=person, book=when,
                 charges=self.charges(j["state"]), det_issue=None, hold=False, hold_date=None,
                 kind="street", custody=None, omitted=rng.random() < j["omit"], stale=False)
        if foreign and (detainer_after is not None or rng.random() < j["detainer"]):
            lag = detainer_after if detainer_after is not None else (
                2 + float(rng.exponential(j["lag"] * 24)))
            b["det_issue"] = when + timedelta(hours=lag)
        top = b["charges"][0][0]
        in_time = b["det_issue"] is not None and b["det_issue"] < ready
        if in_time:
            b["hold"] = rng.random() < .94
            b["hold_date"] = (b["det_issue"] + timedelta(days=int(rng.random() < .2))).date()
            honor = j["honor"] if not (j["key"] == "ORL" and top in SERIOUS) else .8
            r = rng.random()
            b["kind"] = "ice" if r < honor else ("other" if r < honor + j["other"] else "street")
        else:
            b["kind"] = "other" if rng.random() < .05 else "street"
        b["release"] = business_pickup(rng, ready) if b["kind"] == "ice" else ready
        b["reason"] = self.reason(j, b["kind"])
        return b

    def reason(self, j: dict, kind: str) -> str:
        rng, state = self.rng, j["state"]
        if kind == "ice":
            if rng.random() < j["under"]:
                return STREET_REASONS[state][int(rng.integers(3))]
            return ICE_REASONS[int(rng.integers(len(ICE_REASONS)))]
        if kind == "other":
            return OTHER_REASONS[state][int(rng.integers(len(OTHER_REASONS[state])))]
        return STREET_REASONS[state][int(rng.integers(len(STREET_REASONS[state])))]

    # --- a jurisdiction's stream ------------------------------------------------------------

    def run_jurisdiction(self, j: dict) -> None:
        rng, out = self.rng, self.world.bookings
        pool: list[Person] = []
        free_at: dict[int, datetime] = {}
        pending: dict[date, list[tuple[datetime, Person]]] = {}
        day = STREAM_START
        while day <= EXPORT_DATE:
            weekend = day.weekday() >= 5
            n = int(rng.poisson(j["rate"] / 7 * (1.15 if weekend else .94)))
            arrivals = [(datetime.combine(day, datetime.min.time())
                         + timedelta(hours=int(rng.choice(24, p=_HOUR_P)) + float(rng.random())), None)
                        for _ in range(n)]
            arrivals += pending.pop(day, [])
            for when, person in sorted(arrivals, key=lambda a: a[0]):
                if person is None:
                    if pool and rng.random() < .2:
                        cand = pool[int(rng.integers(len(pool)))]
                        person = cand if free_at[cand.pid] < when else None
                    if person is None:
                        person = self.new_person(j, rng.random() < j["foreign"])
                        pool.append(person)
                b = self.book(j, person, when)
                out.append(b)
                free_at[person.pid] = b["release"]
                # released and re-booked within days (more often after a declined detainer)
                p_again = .08 if (b["det_issue"] is not None and b["kind"] == "street") else .03
                if b["kind"] == "street" and rng.random() < p_again:
                    again = b["release"] + timedelta(days=float(rng.uniform(1, 6)))
                    pending.setdefault(again.date(), []).append((again, person))
                    free_at[person.pid] = again + timedelta(days=30)
            day += timedelta(days=1)
        self.stale_cohort(j)

    def stale_cohort(self, j: dict) -> None:
        """Long-held people booked 2014-2016 with detainers lodged then, released in 2016-17."""
        rng = self.rng
        for _ in range(max(2, round(j["rate"] / 12))):
            person = self.new_person(j, True)
            when = datetime(2014, 3, 1) + timedelta(days=float(rng.uniform(0, 850)))
            out_at = datetime(2016, 12, 1) + timedelta(days=float(rng.uniform(0, 270)))
            stay = (out_at - when).total_seconds() / 3600
            b = self.book(j, person, when, stay=stay, detainer_after=float(rng.uniform(24, 1400)))
            b["stale"] = b["det_issue"] is not None
            self.world.bookings.append(b)

    # --- ICE ---------------------------------------------------------------------------------

    def bookin(self, person: Person | None, when: datetime, state: str, method: str,
               facility: tuple[str, str], kind: str, country: str | None = None) -> dict:
        people = self.world.people
        if person is None:
            person = people.new(country)
        last, first = people.ice_name(person)
        rec = dict(book_in=when, person=person, last=last, first=first,
                   dob=people.ice_dob(person.dob), state=state, method=method,
                   facility=facility[0], code=facility[1], kind=kind, missing=False)
        self.world.bookins.append(rec)
        return rec

    def ice_side(self) -> None:
        """Hand-overs, their later transfers, at-large arrests, people who surface after another
        agency, earlier book-ins of the same people, and everyone else ICE booked in."""
        rng, lo, hi = self.rng, ICE_EXTRACT_START, ICE_EXTRACT_END
        in_window = lambda t: lo <= t.date() <= hi  # noqa: E731
        for b in self.world.bookings:
            if b["det_issue"] is None:
                continue
            j, person = self.world.jur[b["jur"]], b["person"]
            shift = timedelta(hours=TO_EASTERN[j["tz"]])
            first_fac, second_fac = ICE_FACILITIES[j["state"]]
            method = "287(g) Program" if j["key"] == "PWM" else "CAP Local Incarceration"
            rel = b["release"]
            if rng.random() < .05:
                before = b["book"] - timedelta(days=float(rng.uniform(60, 400)))
                if in_window(before):
                    self.bookin(person, before + shift, j["state"], "CAP Local Incarceration",
                                second_fac, "prior")
            if b["kind"] == "ice":
                t = rel + shift + timedelta(hours=float(rng.uniform(.7, 5)))
                if in_window(t):
                    rec = self.bookin(person, t, j["state"], method, first_fac, "handover")
                    rec["missing"] = rng.random() < .03  # not in the extract ICE sent
                    b["custody"] = rec
                    if rng.random() < .25:
                        self.bookin(person, t + timedelta(days=float(rng.uniform(2, 10))),
                                    j["state"], method, second_fac, "transfer")
            elif b["kind"] == "other" and rng.random() < .2:
                t = rel + shift + timedelta(days=float(rng.uniform(10, 80)))
                m = "CAP Federal Incarceration" if rng.random() < .5 else "CAP State Incarceration"
                if in_window(t):
                    self.bookin(person, t, j["state"], m, second_fac, "after_other")
            elif b["kind"] == "street" and rng.random() < .12:
                t = rel + shift + timedelta(days=float(rng.uniform(14, 140)))
                m = "Non-Custodial Arrest" if rng.random() < .7 else "Located"
                if in_window(t):
                    self.bookin(person, t, j["state"], m, first_fac, "atlarge")
        methods = BACKGROUND_METHODS
        day = lo
        while day <= hi:
            for state, rate in BACKGROUND_PER_DAY.items():
                region = state if state in REGION_MIX else "US"
                for _ in range(int(rng.poisson(rate))):
                    when = datetime.combine(day, datetime.min.time()) + timedelta(
                        hours=float(rng.uniform(6, 23)))
                    fac = ICE_FACILITIES[state][int(rng.random() < .4)]
                    country = pick_weighted(rng, list(REGION_MIX[region].items()))
                    self.bookin(None, when, state, pick_weighted(rng, methods), fac, "background",
                                country)
            day += timedelta(days=1)

    def assign_custody_ids(self) -> None:
        recs = sorted(self.world.bookins, key=lambda r: r["book_in"])
        ids = self.rng.permutation(len(recs)) * 7 + 1_180_000_000
        for rec, n in zip(recs, ids, strict=True):
            rec["custody_id"] = f"{int(n)}"
        self.world.bookins = recs


def simulate(rng: np.random.Generator) -> World:
    sim = Simulator(rng)
    for j in JURISDICTIONS:
        sim.world.jur[j["key"]] = j
        sim.run_jurisdiction(j)
    for b in sorted(sim.world.bookings, key=lambda b: b["book"]):  # numbered in booking order
        b["bid"] = sim.booking_id(b["jur"], b["book"])
    sim.ice_side()
    sim.assign_custody_ids()
    return sim.world


def jail_style(key: str) -> dict:
    accents, hyphen, drop2 = STYLE[key]
    return {"accents": accents, "hyphen": hyphen, "drop2": drop2}


def is_dst(t: datetime) -> bool:
    """US daylight time in 2014-2017 (second Sunday of March to first Sunday of November)."""
    starts = {2014: (3, 9), 2015: (3, 8), 2016: (3, 13), 2017: (3, 12)}
    ends = {2014: (11, 2), 2015: (11, 1), 2016: (11, 6), 2017: (11, 5)}
    s, e = starts[t.year], ends[t.year]
    return datetime(t.year, *s, 2) <= t < datetime(t.year, *e, 2)


def country_names(key: str) -> tuple[str, str, str, str]:
    """(report spelling, internal extract spelling, log title, ISO3)."""
    return COUNTRIES[key][:4]
