"""People, bookings, detainers and releases: what really happened inside the jails.

    >>> bookings, people = simulate_jails(jur, params, clock, rng)

Everything is drawn as whole numpy arrays (one draw per column, never one per person), so a
national year (~10 M bookings) costs what ten draws of 10 M numbers cost. Times are float
days since 2000-01-01 (`EPOCH`); NaN is "not yet" (still in custody at the end of the log).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

import numpy as np
import pandas as pd

from linkage.synth.catalog import CHARGE_WEIGHTS, CHARGES, COUNTRIES
from linkage.synth.jurisdictions import origin_mix
from linkage.synth.names import name_pools, sample_names
from linkage.synth.params import WorldParams

EPOCH = date(2000, 1, 1)
CATEGORIES = list(CHARGES)
SEVERITY = np.array([CHARGES[c][0] for c in CATEGORIES])
# Length-of-stay components: (share of bookings, log-median days, log-sd, longest stay in days).
# Roughly the national pattern: half leave within a day, ~1% stay over a year.
STAYS = ((0.47, np.log(0.4), 0.9, 3.0), (0.30, np.log(4.0), 0.8, 60.0),
         (0.18, np.log(30.0), 0.7, 365.0), (0.05, np.log(150.0), 0.8, 1100.0))
BASE_CLASSES = ("bond", "court", "served")
BASE_CLASS_P = ((0.45, 0.55, 0.0), (0.45, 0.30, 0.25), (0.25, 0.20, 0.55), (0.10, 0.15, 0.75))


def day(d: date) -> float:
    return float((d - EPOCH).days)


@dataclass(frozen=True)
class Clock:
    """The periods of the world, in days since EPOCH."""

    report_start: float
    weeks: int
    lead_weeks: int
    tail_weeks: int

    @property
    def report_end(self) -> float:
        return self.report_start + 7 * self.weeks

    @property
    def log_start(self) -> float:
        return self.report_start - 7 * self.lead_weeks

    @property
    def log_end(self) -> float:
        return self.report_end

    @property
    def custody_end(self) -> float:
        return self.report_end + 7 * self.tail_weeks


@functools.cache
def us_states() -> tuple[np.ndarray, np.ndarray]:
    """Postal codes and names of the 50 states and DC."""
    with open(files("addfips") / "data" / "states.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["fips"]) <= 56]
    return np.array([r["postal"] for r in rows]), np.array([r["name"] for r in rows])


def simulate_jails(jur: pd.DataFrame, params: WorldParams, clock: Clock,
                   rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bookings (one row each, with detainer and release facts) and the people booked."""
    bk = _bookings(jur, clock, rng)
    bk["person_id"] = _repeat_people(bk, params.story.repeat_booking, rng)
    people = _people(bk, jur, params, rng)
    _detainers(bk, people, jur, params.story.detainer_stay_factor, clock.log_end, rng)
    _releases(bk, jur, params, clock, rng)
    bk["in_log"] = rng.random(len(bk)) >= jur.log_omitted.to_numpy()[bk.jid.to_numpy()]
    return bk, people


def _bookings(jur: pd.DataFrame, clock: Clock, rng: np.random.Generator) -> pd.DataFrame:
    parts = []
    rate = jur.weekly.to_numpy() / 7.0
    for comp, (share, mu, sd, longest) in enumerate(STAYS):
        start = clock.log_start - longest
        counts = rng.poisson(rate * share * (clock.log_end - start))
        jid = np.repeat(jur.jid.to_numpy(), counts)
        booked = rng.uniform(start, clock.log_end, len(jid))
        stay = rng.lognormal(mu, sd, len(jid))
        stay = np.where(stay > longest, rng.uniform(0.3, 1.0, len(jid)) * longest, stay)
        released = booked + stay
        keep = released >= clock.log_start
        parts.append(pd.DataFrame({"jid": jid[keep], "comp": comp, "booking_t": booked[keep],
                                   "release_t": released[keep]}))
    bk = pd.concat(parts, ignore_index=True)
    # Round booking times to the minute so written and simulated times agree.
    bk["booking_t"] = np.round(bk.booking_t * 1440) / 1440
    bk["release_t"] = np.round(bk.release_t * 1440) / 1440 + 1 / 1440
    bk.loc[bk.release_t > clock.log_end, "release_t"] = np.nan
    bk = bk.sort_values(["jid", "booking_t"], kind="stable").reset_index(drop=True)
    _charges(bk, rng)
    return bk


def _charges(bk: pd.DataFrame, rng: np.random.Generator) -> None:
    """1-3 charge categories, more serious for longer stays."""
    n = len(bk)
    base = np.array([CHARGE_WEIGHTS[c] for c in CATEGORIES])
    comp = bk.comp.to_numpy()
    cats = np.full((n, 3), -1)
    n_charges = 1 + rng.binomial(2, 0.3, n)
    for c in range(len(STAYS)):
        rows = np.flatnonzero(comp == c)
        w = base * (1.0 + SEVERITY) ** (0.9 * c)
        draws = rng.choice(len(CATEGORIES), (len(rows), 3), p=w / w.sum())
        cats[rows] = draws
    cats[np.arange(3)[None, :] >= n_charges[:, None]] = -1
    for k in range(3):
        bk[f"charge{k}"] = cats[:, k]
    sev = np.where(cats >= 0, SEVERITY[np.maximum(cats, 0)], -1)
    bk["severity"] = sev.max(axis=1)


def _repeat_people(bk: pd.DataFrame, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Person of each booking: mostly new, sometimes someone released earlier from the same jail."""
    n = len(bk)
    person = np.arange(n)
    src = np.arange(n) - rng.geometric(0.02, n)
    ok = (rng.random(n) < rate) & (src >= 0)
    src = np.where(ok, src, 0)
    jid, booked, released = bk.jid.to_numpy(), bk.booking_t.to_numpy(), bk.release_t.to_numpy()
    ok &= (jid[src] == jid) & (released[src] < booked - 1)
    person[ok] = src[ok]
    for _ in range(30):  # follow chains of repeats back to the first booking
        nxt = person[person]
        if np.array_equal(nxt, person):
            break
        person = nxt
    return person


def _people(bk: pd.DataFrame, jur: pd.DataFrame, params: WorldParams,
            rng: np.random.Generator) -> pd.DataFrame:
    first = bk.drop_duplicates("person_id")
    pid = first.person_id.to_numpy()
    jid = first.jid.to_numpy()
    n = len(pid)
    foreign = rng.random(n) < jur.foreign_share.to_numpy()[jid]
    birth = np.full(n, "USA", dtype=object)
    regions = jur.region.to_numpy()[jid]
    for region in np.unique(regions):
        rows = np.flatnonzero(foreign & (regions == region))
        codes, p = origin_mix(region)
        birth[rows] = np.array(codes, dtype=object)[rng.choice(len(codes), len(rows), p=p)]
    codes, names = us_states()
    home = jur.state.to_numpy()[jid]
    birth_state = np.where(rng.random(n) < 0.7, home, codes[rng.integers(0, len(codes), n)])
    pr = ~foreign & (rng.random(n) < np.where(np.isin(regions, ["northeast", "southeast"]), 0.04, 0.01))
    birth_state = np.where(pr, "PR", birth_state).astype(object)
    birth_state[foreign] = ""
    naturalised = foreign & (rng.random(n) < params.story.naturalised)
    citizenship = birth.copy()
    citizenship[naturalised] = "USA"
    differs = foreign & ~naturalised & (rng.random(n) < params.noise.citizenship_differs_from_birth)
    others = np.array(["MEX", "GTM", "HND", "SLV", "COL", "ECU", "CUB", "DOM"], dtype=object)
    citizenship[differs] = others[rng.integers(0, len(others), differs.sum())]
    citizenship[differs & (citizenship == birth)] = "GTM"
    sex = np.where(rng.random(n) < 0.82, "M", "F").astype(object)
    age = np.minimum(18 + rng.gamma(2.2, 7.5, n), 80)
    dob = np.floor(first.booking_t.to_numpy() - age * 365.25)
    people = pd.DataFrame({"person_id": pid, "jid": jid, "birth_country": birth,
                           "birth_state": birth_state, "citizenship": citizenship,
                           "naturalised": naturalised, "sex": sex, "dob": dob})
    _name_people(people, regions, rng)
    people["a_number"] = np.where(foreign, rng.integers(10_000_000, 299_999_999, n), 0)
    return people.set_index("person_id", drop=False)


def _name_people(people: pd.DataFrame, regions: np.ndarray, rng: np.random.Generator) -> None:
    """Names from the pool of the place of birth; US-born people from English or Spanish pools."""
    n = len(people)
    pools = name_pools()
    # Looked up by a map over the column, not a loop over the people (millions nationally).
    pool = people.birth_country.map({k: c.pool for k, c in COUNTRIES.items()}).to_numpy(dtype=object)
    double = people.birth_country.map({k: c.double_surname for k, c in COUNTRIES.items()}).to_numpy(dtype=float)
    us = people.birth_country.to_numpy() == "USA"
    hispanic = rng.random(n) < np.where(np.isin(regions, ["southwest"]), 0.40, 0.12)
    pool[us & hispanic] = "es_MX"
    double[us & hispanic] = 0.12
    pr = people.birth_state.to_numpy() == "PR"
    pool[pr], double[pr] = "es_CA", 0.5
    out = {k: np.empty(n, dtype=object) for k in ("first", "middle", "last1", "last2")}
    sex = people.sex.to_numpy()
    for key in sorted(set(pool)):
        rows = np.flatnonzero(pool == key)
        names = sample_names(pools[key], sex[rows], rng, 0.0)
        second = rng.random(len(rows)) < double[rows]
        for k, v in zip(out, names, strict=True):
            out[k][rows] = v
        out["last2"][rows] = np.where(second, names[3], "")
    for k, v in out.items():
        people[k] = v


def _detainers(bk: pd.DataFrame, people: pd.DataFrame, jur: pd.DataFrame, stay_factor: float,
               log_end: float, rng: np.random.Generator) -> None:
    """A detainer needs a non-citizen and an ICE check that ends before the release."""
    n = len(bk)
    person = people.loc[bk.person_id.to_numpy()]
    foreign = person.birth_country.to_numpy() != "USA"
    eligible = foreign & ~person.naturalised.to_numpy()
    rate = jur.detainer_rate.to_numpy()[bk.jid.to_numpy()]
    booked = bk.booking_t.to_numpy()
    released = np.nan_to_num(bk.release_t.to_numpy(), nan=np.inf)
    delay = rng.exponential(0.8, n)
    later = (bk.comp.to_numpy() >= 2) & (rng.random(n) < 0.3)  # lodged after conviction
    stay = np.minimum(released, booked + 1100) - booked
    delay = np.where(later, rng.random(n) * stay, delay)
    issued = booked + delay
    has = eligible & (rng.random(n) < rate) & (issued < released)
    bk["detainer"] = has
    bk["issued_t"] = np.where(has, np.floor(issued), np.nan)
    # Detainees stay longer: bond is pointless with a hold, and courts deny it more often.
    longer = has & (bk.comp.to_numpy() >= 1)
    factor = np.exp(rng.normal(stay_factor, 0.4, n))
    new_release = np.round((booked + (bk.release_t.to_numpy() - booked) * factor) * 1440) / 1440
    bk["release_t"] = np.where(longer, new_release, bk.release_t.to_numpy())
    bk.loc[bk.release_t > log_end, "release_t"] = np.nan


def _honour_probability(bk: pd.DataFrame, jur: pd.DataFrame, params: WorldParams) -> np.ndarray:
    h = params.story.honour
    policy = jur.policy.to_numpy()[bk.jid.to_numpy()]
    sev = bk.severity.to_numpy()
    policy_t = jur.policy_t.to_numpy()[bk.jid.to_numpy()]
    after = np.nan_to_num(bk.release_t.to_numpy(), nan=np.inf) >= policy_t
    p = np.select(
        [policy == "honours", (policy == "declines") & (sev >= 3), policy == "declines",
         (policy == "mixed") & (sev >= 2), policy == "mixed",
         (policy == "policy_day") & ~after, (policy == "policy_day") & (sev >= 3),
         (policy == "policy_day") & (sev == 2)],
        [h["honours"], h["declines_serious"], h["declines"], h["mixed_serious"], h["mixed"],
         h["policy_day_before"], h["policy_day_violent"], h["policy_day_serious"]],
        h["policy_day_after"])
    return p


def _releases(bk: pd.DataFrame, jur: pd.DataFrame, params: WorldParams, clock: Clock,
              rng: np.random.Generator) -> None:
    """Release class of each released booking: bond / court / served / other_agency / ice."""
    n = len(bk)
    comp = bk.comp.to_numpy()
    u = rng.random(n)
    probs = np.array(BASE_CLASS_P)[comp]
    idx = (u[:, None] > np.cumsum(probs, axis=1)[:, :-1]).sum(axis=1)
    cls = np.array(BASE_CLASSES, dtype=object)[idx]
    det = bk.detainer.to_numpy()
    other_p = np.where(det, params.story.other_agency, params.story.other_agency_background)
    other = rng.random(n) < other_p
    honoured = det & ~other & (rng.random(n) < _honour_probability(bk, jur, params))
    cls = np.where(other, "other_agency", cls)
    cls = np.where(honoured, "ice", cls)
    released = ~np.isnan(bk.release_t.to_numpy())
    bk["release_class"] = np.where(released, cls, "")
    bk["honoured"] = honoured & released
    met_p = jur.met_at_release.to_numpy()[bk.jid.to_numpy()]
    street = det & released & np.isin(cls, BASE_CLASSES)
    bk["to_ice"] = bk.honoured.to_numpy() | (street & (rng.random(n) < met_p))
