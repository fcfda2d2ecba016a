"""ICE custody book-ins: the hand-overs, later arrests, and the many unrelated book-ins
(other states, other people, namesakes of jail inmates) among which the hand-overs hide.

    >>> book_ins = simulate_book_ins(bookings, people, jur, params, clock, rng)

Each row is written from the person as ICE recorded them: names upper ASCII with the second
surname dropped or joined, typos, swapped names, day/month swapped or missing birth dates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.synth.catalog import APPREHENSION_METHODS, COUNTRIES, ICE_FACILITIES, ORIGIN_MIX
from linkage.synth.jail import Clock, us_states
from linkage.synth.names import fold_array, name_pools, sample_names, typo
from linkage.synth.params import Noise, WorldParams

PERSON = ["first", "middle", "last1", "last2", "dob", "sex", "citizenship", "a_number"]


def simulate_book_ins(bk: pd.DataFrame, people: pd.DataFrame, jur: pd.DataFrame,
                      params: WorldParams, clock: Clock, rng: np.random.Generator) -> pd.DataFrame:
    """Every ICE book-in of the extract, with `row` = the jail booking it follows (or -1)."""
    st = params.story
    n = len(bk)
    rel = bk.release_t.to_numpy()
    cls = bk.release_class.to_numpy()
    det = bk.detainer.to_numpy()
    state = jur.state.to_numpy()[bk.jid.to_numpy()]
    parts = []

    def add(rows, t, method, same_state, source):
        st_ = np.where(same_state, state[rows], _random_states(len(rows), rng))
        parts.append(pd.DataFrame({"row": rows, "t": t, "method": method, "state": st_, "source": source}))

    # Hand-overs: ICE books the person in hours after the release, now and then days later.
    rows = np.flatnonzero(bk.to_ice.to_numpy())
    hours = rng.lognormal(np.log(st.transfer_hours_median), 0.7, len(rows))
    late = rng.random(len(rows)) < st.transfer_late
    hours = np.where(late, rng.uniform(72, 144, len(rows)), np.minimum(hours, 60))
    method = np.where(rng.random(len(rows)) < 0.96, "CAP Local Incarceration", "287(g) Program")
    add(rows, rel[rows] + hours / 24, method, True, "transfer")
    # Declined: some are arrested at large weeks later (not a hand-over).
    street = det & np.isin(cls, ["bond", "court", "served"]) & ~bk.to_ice.to_numpy()
    rows = np.flatnonzero(street & (rng.random(n) < st.at_large_arrest))
    method = np.where(rng.random(len(rows)) < 0.75, "Non-Custodial Arrest", "Located")
    add(rows, rel[rows] + rng.uniform(14, 140, len(rows)), method, rng.random(len(rows)) < 0.85, "at_large")
    # Handed to another agency: ICE takes them from there much later.
    rows = np.flatnonzero(det & (cls == "other_agency") & (rng.random(n) < st.other_agency_to_ice))
    method = rng.choice(["CAP Federal Incarceration", "CAP State Incarceration", "CAP Local Incarceration"],
                        len(rows))
    add(rows, rel[rows] + rng.uniform(14, 180, len(rows)), method, rng.random(len(rows)) < 0.7, "other_agency_later")
    linked = pd.concat(parts, ignore_index=True)
    person = people.loc[bk.person_id.to_numpy()[linked.row.to_numpy()]]
    for c in PERSON:
        linked[c] = person[c].to_numpy()
    namesakes = _namesakes(bk, people, state, params, clock, rng)
    n_bg = int(round(st.background_per_transfer * len(linked)))
    background = _background(n_bg, jur, params, clock, rng)
    out = pd.concat([linked, namesakes, background], ignore_index=True)
    out = out[(out.t >= clock.log_start) & (out.t < clock.custody_end)].reset_index(drop=True)
    out["t"] = np.round(out.t * 1440) / 1440
    out["facility"], out["facility_code"] = _facilities(out.state.to_numpy(), rng)
    _ice_record(out, params.noise, rng)
    return out


def _random_states(n: int, rng: np.random.Generator) -> np.ndarray:
    codes, _ = us_states()
    # Border and large states dominate ICE's arrests.
    w = np.ones(len(codes))
    for code, x in {"TX": 20, "CA": 14, "AZ": 6, "FL": 6, "GA": 4, "NY": 4, "IL": 3, "NJ": 3}.items():
        w[codes == code] = x
    return codes[rng.choice(len(codes), n, p=w / w.sum())].astype(object)


def _namesakes(bk: pd.DataFrame, people: pd.DataFrame, state: np.ndarray, params: WorldParams,
               clock: Clock, rng: np.random.Generator) -> pd.DataFrame:
    """Other people with the name of a detainee, booked into ICE around the same months."""
    rows = np.flatnonzero(bk.detainer.to_numpy() & (rng.random(len(bk)) < params.story.namesake_rate))
    src = people.loc[bk.person_id.to_numpy()[rows]]
    n = len(rows)
    t = np.nan_to_num(bk.release_t.to_numpy()[rows], nan=clock.report_end) + rng.uniform(-60, 120, n)
    out = pd.DataFrame({"row": -1, "t": t, "source": "namesake",
                        "method": _methods(n, rng),
                        "state": np.where(rng.random(n) < 0.5, state[rows], _random_states(n, rng))})
    for c in ("first", "middle", "last1", "last2", "sex"):
        out[c] = src[c].to_numpy()
    out["dob"] = src.dob.to_numpy() + np.where(rng.random(n) < 0.5, 1, -1) * rng.integers(30, 9000, n)
    out["citizenship"] = np.where(rng.random(n) < 0.7, src.citizenship.to_numpy(), "MEX")
    out["a_number"] = rng.integers(10_000_000, 299_999_999, n)
    return out


def _methods(n: int, rng: np.random.Generator) -> np.ndarray:
    names = list(APPREHENSION_METHODS)
    w = np.array([APPREHENSION_METHODS[m] for m in names])
    return np.array(names, dtype=object)[rng.choice(len(names), n, p=w / w.sum())]


def _background(n: int, jur: pd.DataFrame, params: WorldParams, clock: Clock,
                rng: np.random.Generator) -> pd.DataFrame:
    """Unrelated people booked into ICE anywhere, some in the world's own states."""
    mix: dict[str, float] = {}
    for region_mix in ORIGIN_MIX.values():
        for c, w in region_mix.items():
            mix[c] = mix.get(c, 0) + w
    codes = list(mix)
    w = np.array([mix[c] for c in codes])
    birth = np.array(codes, dtype=object)[rng.choice(len(codes), n, p=w / w.sum())]
    sex = np.where(rng.random(n) < 0.85, "M", "F").astype(object)
    t = rng.uniform(clock.log_start, clock.custody_end, n)
    in_world = rng.random(n) < params.story.background_world_states
    states = np.where(in_world, jur.state.to_numpy()[rng.integers(0, len(jur), n)], _random_states(n, rng))
    out = pd.DataFrame({"row": -1, "t": t, "source": "background", "method": _methods(n, rng),
                        "state": states, "sex": sex, "citizenship": birth,
                        "dob": np.floor(t - np.minimum(18 + rng.gamma(2.2, 7.5, n), 80) * 365.25),
                        "a_number": rng.integers(10_000_000, 299_999_999, n)})
    for c in ("first", "middle", "last1", "last2"):
        out[c] = np.empty(n, dtype=object)
    pools = name_pools()
    pool = np.array([COUNTRIES[c].pool for c in birth], dtype=object)
    for key in sorted(set(pool)):
        rows = np.flatnonzero(pool == key)
        double = np.array([COUNTRIES[c].double_surname for c in birth[rows]])
        first, middle, last1, last2 = sample_names(pools[key], sex[rows], rng, 0.0)
        last2 = np.where(rng.random(len(rows)) < double, sample_names(pools[key], sex[rows], rng, 0.0)[2], "")
        for c, v in zip(("first", "middle", "last1", "last2"), (first, middle, last1, last2), strict=True):
            out.loc[rows, c] = v
    return out


def _facilities(states: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    name = np.empty(len(states), dtype=object)
    code = np.empty(len(states), dtype=object)
    u = rng.random(len(states))
    for s in np.unique(states):
        rows = np.flatnonzero(states == s)
        options = ICE_FACILITIES.get(str(s), ((f"{s} ICE PROCESSING CENTER", f"{s}PROC"),))
        k = np.minimum((u[rows] * len(options)).astype(int), len(options) - 1)
        name[rows] = [options[i][0] for i in k]
        code[rows] = [options[i][1] for i in k]
    return name, code


def _ice_record(out: pd.DataFrame, nz: Noise, rng: np.random.Generator) -> None:
    """Write each person as ICE records them (upper ASCII) with ICE's clerical noise."""
    n = len(out)
    first = fold_array(out["first"].to_numpy())
    middle = fold_array(out["middle"].fillna("").to_numpy())
    last1 = fold_array(out["last1"].to_numpy())
    last2 = fold_array(out["last2"].fillna("").to_numpy())
    has2 = last2 != ""
    u = rng.random(n)
    drop = has2 & (u < nz.ice_drop_second_surname)
    join = has2 & (u >= nz.ice_drop_second_surname) & (u < nz.ice_drop_second_surname + nz.ice_join_surnames)
    sep = np.where(rng.random(n) < 0.5, " ", "-")
    last = np.where(drop | ~has2, last1, np.where(join, last1 + last2, last1 + sep + last2))
    given_only = rng.random(n) < nz.ice_first_given_only
    first = np.where((middle != "") & ~given_only, first + " " + middle, first)
    last = typo(last.astype(object), rng.random(n) < nz.ice_typo_last, rng)
    first = typo(first.astype(object), rng.random(n) < nz.ice_typo_first, rng)
    swap = rng.random(n) < nz.ice_swap_first_last
    out["last_name"] = np.where(swap, first, last)
    out["first_name"] = np.where(swap, last, first)
    birth = pd.to_datetime("2000-01-01") + pd.to_timedelta(out.dob.to_numpy(), unit="D")
    y, m, d = birth.year.to_numpy(), birth.month.to_numpy(), birth.day.to_numpy()
    swap_dm = (rng.random(n) < nz.ice_dob_day_month_swap) & (d <= 12) & (d != m)
    m2, d2 = np.where(swap_dm, d, m), np.where(swap_dm, m, d)
    off = rng.random(n) < nz.ice_dob_off
    y2 = np.where(off & (rng.random(n) < 0.5), y + rng.choice([-1, 1], n), y)
    d2 = np.where(off & (y2 == y), np.clip(d2 + rng.choice([-1, 1, 10, -10], n), 1, 28), d2)
    dob = pd.to_datetime(pd.DataFrame({"year": y2, "month": m2, "day": d2}), errors="coerce")
    missing = rng.random(n) < nz.ice_dob_missing
    out["birth_date"] = dob.where(~missing)
    out["birth_year"] = np.where(missing & (rng.random(n) < 0.5), np.nan, y2)
    sex = out.sex.to_numpy()
    flip = rng.random(n) < nz.ice_sex_miscoded
    out["sex_ice"] = np.where(flip, np.where(sex == "M", "F", "M"), sex)
    out["citizenship_ice"] = out.citizenship.map({k: c.ice for k, c in COUNTRIES.items()})
    a = out.a_number.to_numpy().astype(np.int64)
    keep = (a > 0) & (rng.random(n) >= nz.ice_a_number_missing)
    out["a_number_ice"] = np.where(keep, pd.Series(a).map("{:09d}".format).to_numpy(), "")
