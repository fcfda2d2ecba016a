"""Which counties are in the world, their detainer policies, and how each writes its log.

    >>> jur = choose_jurisdictions(WorldParams.for_scale("demo"), rng)
    >>> jur.loc[jur.key == "TX/TRAVIS", "policy"].item()
    'policy_day'

Counties are real (addfips' list); the demo world always has a Hennepin-like and a Travis-like
county and at least one pair of same-named counties in different states.
"""

from __future__ import annotations

import csv
import functools
import tomllib
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.synth.catalog import (
    HENNEPIN,
    HOLD_WORDING,
    NAMESAKE_PAIRS,
    ORIGIN_MIX,
    OTHER_CURATED,
    RELEASE_WORDING,
    STATE_REGION,
    TRAVIS,
    CuratedCounty,
)
from linkage.synth.params import WorldParams

ALIASES = Path(__file__).resolve().parents[2] / "configs" / "headers" / "aliases.toml"

# Hennepin-like log: headers no alias covers, read from the map committed for the demo
# (configs/headers/mn-hennepin.toml), column -> header, so that the two cannot drift apart.
with open(ALIASES.parent / "mn-hennepin.toml", "rb") as _fh:
    CUSTOM_HEADERS: dict[str, dict[str, str]] = {
        "MN/HENNEPIN": {column: header for header, column in tomllib.load(_fh)["columns"].items()}}
# Policies of the generic (non-curated) counties of a national world. In 2017 most jails
# honoured detainers; with 12% declining and 13% mixed, ICE listed ~20% of all detainers
# (3.3k entries at scale 0.1), twice the national ~11% (15k of 140k); this mix lists ~12%.
GENERIC_POLICY_MIX = (0.90, 0.05, 0.05)
EXTRA_COLUMNS = ("Race", "Arresting Agency", "Housing Unit", "Bond Amount", "Height")


@functools.cache
def aliases() -> dict[str, dict[str, list[str]]]:
    with open(ALIASES, "rb") as fh:
        return tomllib.load(fh)


@functools.cache
def _counties() -> pd.DataFrame:
    """Every US county (addfips), with its state code and an upper-case name without 'County'."""
    data = files("addfips") / "data"
    with open(data / "states.csv", newline="") as fh:
        states = {r["fips"]: r["postal"] for r in csv.DictReader(fh)}
    with open(data / "counties_2015.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["statefp"] in states]
    df = pd.DataFrame(rows)
    df["state"] = df.statefp.map(states)
    suffix = r"\s+(County|Parish|Borough|Census Area|City and Borough|Municipality|city)$"
    df["county"] = df.name.str.replace(suffix, "", regex=True).str.upper()
    df = df[~df.state.isin(["PR", "VI", "GU", "AS", "MP"])]
    return df[["state", "county", "name"]].reset_index(drop=True)


def _from_curated(c: CuratedCounty, rng: np.random.Generator, det: tuple[float, float]) -> dict:
    row = {
        "key": f"{c.state}/{c.county}", "state": c.state, "county": c.county, "city": c.city,
        "jail_facility": c.jail_facility, "ice_facility": c.ice_facility, "policy": c.policy,
        "weekly": float(rng.uniform(*c.weekly)), "foreign_share": float(rng.uniform(*c.foreign_share)),
        "detainer_rate": float(rng.uniform(*c.extra.get("detainer_rate", det))),
        "listed_handover_rate": float(rng.uniform(*c.extra["listed_handover_rate"]))
        if "listed_handover_rate" in c.extra else None,
    }
    return row


def choose_jurisdictions(params: WorldParams, rng: np.random.Generator) -> pd.DataFrame:
    """One row per jurisdiction: key, names, policy, size and rates."""
    st = params.story
    travis = TRAVIS.__class__(**{**TRAVIS.__dict__, "extra": {"detainer_rate": (0.18, 0.24)}})
    rows = [_from_curated(HENNEPIN, rng, st.detainer_rate), _from_curated(travis, rng, st.detainer_rate)]
    pair_names = sorted(NAMESAKE_PAIRS)
    n_pairs = 1 + int(rng.random() < 0.6)
    for name in rng.choice(pair_names, n_pairs, replace=False):
        rows += [_from_curated(c, rng, st.detainer_rate) for c in NAMESAKE_PAIRS[str(name)]]
    n_total = st.n_jurisdictions
    extras = list(OTHER_CURATED)
    rng.shuffle(extras)
    # The other curated counties are large and mostly declining: at national fractions they
    # would be a third of a 0.01 world's bookings and double its listing rate. Demo only.
    n_curated = min(n_total, 10) if params.scale == "demo" else 0
    for c in extras[: max(0, n_curated - len(rows))]:
        rows.append(_from_curated(c, rng, st.detainer_rate))
    if n_total > len(rows):
        rows += _generic(params, rng, n_total - len(rows), {r["key"] for r in rows})
    jur = pd.DataFrame(rows)
    jur["region"] = jur.state.map(STATE_REGION).fillna("midwest")
    lo, hi = params.story.log_omitted
    jur["log_omitted"] = rng.uniform(lo, hi, len(jur))
    met = rng.uniform(*params.story.met_at_release, len(jur))
    jur["met_at_release"] = np.where(jur.policy == "honours", 0.0, met)
    jur = jur.sort_values("key", kind="stable").reset_index(drop=True)
    jur["jid"] = np.arange(len(jur))
    return jur


def _generic(params: WorldParams, rng: np.random.Generator, n: int, taken: set[str]) -> list[dict]:
    counties = _counties()
    keys = counties.state + "/" + counties.county
    pool = counties[~keys.isin(taken)]
    pick = pool.iloc[np.sort(rng.choice(len(pool), min(n, len(pool)), replace=False))]
    lo, hi = params.story.weekly_bookings
    weekly = np.clip(rng.lognormal(np.log(35), 1.1, len(pick)), lo, hi)
    policy = rng.choice(["honours", "declines", "mixed"], len(pick), p=GENERIC_POLICY_MIX)
    det_lo, det_hi = params.story.detainer_rate
    fs_lo, fs_hi = params.story.foreign_share
    style = rng.choice(["COUNTY JAIL", "COUNTY DETENTION CENTER", "COUNTY ADULT DETENTION CENTER"], len(pick))
    return [
        {"key": f"{s}/{c}", "state": s, "county": c, "city": "", "policy": str(p),
         "jail_facility": f"{c.title()} {st.title()}", "ice_facility": f"{c} {st}",
         "weekly": float(w), "foreign_share": float(f), "detainer_rate": float(d),
         "listed_handover_rate": None}
        for s, c, p, st, w, f, d in zip(pick.state, pick.county, policy, style, weekly,
                                        rng.uniform(fs_lo, fs_hi, len(pick)),
                                        rng.uniform(det_lo, det_hi, len(pick)), strict=True)
    ]


def origin_mix(region: str) -> tuple[list[str], np.ndarray]:
    mix = ORIGIN_MIX[region]
    codes = list(mix)
    w = np.array([mix[c] for c in codes], dtype=float)
    return codes, w / w.sum()


def _header(name: str, rng: np.random.Generator) -> str:
    style = rng.integers(0, 4)
    if style == 0:
        return name.title()
    if style == 1:
        return name.upper()
    if style == 2:
        return name.lower().replace(" ", "_")
    return name.title().replace(" ", "")


def release_layout(row: pd.Series, params: WorldParams, rng: np.random.Generator, *, national: bool) -> dict:
    """How one jail writes its log: format, headers, name and date styles, vocabularies."""
    nz = params.noise
    custom = CUSTOM_HEADERS.get(row.key)
    fmt = "csv" if national else str(rng.choice(["csv", "csv", "xlsx"]))
    if custom:
        fmt = "csv"
    encoding = str(rng.choice(["utf-8", "utf-8-sig", "cp1252"])) if fmt == "csv" else "utf-8"
    name_style = "full" if custom else str(rng.choice(["full", "split"]))
    birth = "dob" if custom or rng.random() >= nz.age_only_share else "age"
    reports_holds = bool(custom) or rng.random() >= nz.no_holds_share
    reports_pob = bool(custom) or rng.random() >= nz.no_pob_share
    cols = ["booking_id"]
    cols += ["full_name"] if name_style == "full" else ["last_name", "first_name", "middle_name"]
    cols += [birth, "sex", "booking_date", "release_datetime", "release_reason", "charges",
             "place_of_birth", "hold_agency", "hold_date", "facility", "county", "state"]
    al = aliases()["releases"]
    headers = {}
    for c in cols:
        if custom:
            headers[c] = custom[c]
        else:
            choices = [c.replace("_", " ")] + list(al.get(c, []))
            headers[c] = _header(str(rng.choice(choices)), rng)
    extras = [str(e) for e in rng.choice(EXTRA_COLUMNS, int(rng.integers(0, 3)), replace=False)]
    words = {k: str(rng.choice(v)) for k, v in RELEASE_WORDING.items()}
    if row.state == "TX" and rng.random() < 0.5:
        words["other_agency"] = "RELEASED TO TDCJ"
    date_style = str(rng.choice(["native", "serial"])) if fmt == "xlsx" else str(rng.choice(["iso", "mdy", "mdyy"]))
    return {
        "file": f"{row.state.lower()}-{row.county.lower().replace(' ', '-')}.{fmt}",
        "format": fmt, "encoding": encoding, "columns": cols, "headers": headers,
        "custom_headers": bool(custom), "extra_columns": extras, "name_style": name_style,
        "full_name_comma": str(rng.choice([",", ", "])), "surname_join": str(rng.choice(["-", " "])),
        "accents": "keep" if encoding in ("cp1252", "utf-8-sig") and rng.random() < 0.8 else "strip",
        "birth": birth, "date_style": date_style,
        "time_style": str(rng.choice(["hm", "hms", "none"], p=[0.5, 0.3, 0.2])),
        "pob_style": str(rng.choice(["name", "upper", "code", "region_country", "dropdown"])),
        "reports_holds": reports_holds, "reports_pob": reports_pob,
        "hold_word": str(rng.choice(HOLD_WORDING)), "release_words": words,
        "sex_codes": ["M", "F"] if rng.random() < 0.7 else ["MALE", "FEMALE"],
        "booking_id_style": str(rng.choice(["yyseq", "year-seq", "prefix", "plain"])),
        "county_value": str(rng.choice(["upper", "title", "title_county"])),
        "state_value": str(rng.choice(["code", "name"], p=[0.8, 0.2])),
        "sort": str(rng.choice(["booking", "release", "id"])),
        "drop_second_surname": float(rng.uniform(*nz.jail_drop_second_surname)),
        "drop_middle": float(rng.uniform(*nz.jail_drop_middle)),
        "hold_date_missing": float(rng.uniform(*nz.hold_date_missing)),
        "pob_missing": float(rng.uniform(*nz.pob_missing)),
        "ice_release_underreported": float(rng.uniform(*nz.ice_release_underreported)),
        "typo": nz.jail_typo, "dob_missing": nz.jail_dob_missing,
    }


def reports_layout(rng: np.random.Generator) -> dict:
    """How ICE's Section II table is written in this world (headers and spellings)."""
    al = aliases()["reports"]
    cols = ["entry_id", "report_week", "state", "county", "city", "facility", "citizenship",
            "notable_criminal_activity", "detainer_issued_date", "detainer_declined_date"]
    headers = {c: (c if c == "entry_id" else _header(str(rng.choice([c.replace("_", " "), *al[c]])), rng))
               for c in cols}
    return {"headers": headers, "columns": cols,
            "state_value": str(rng.choice(["code", "upper_name"], p=[0.7, 0.3])),
            "county_value": str(rng.choice(["upper", "title_county", "upper_county"])),
            "date_style": str(rng.choice(["mdy", "iso"]))}


def header_map_toml(key: str) -> str:
    """The committed header map of a jurisdiction whose log uses headers no alias covers."""
    lines = [f'jurisdiction = "{key}"', 'kind = "releases"', "", "[columns]"]
    lines += [f'"{h}" = "{c}"' for c, h in CUSTOM_HEADERS[key].items()]
    return "\n".join(lines) + "\n"


def ensure_variety(layouts: dict[str, dict], rng: np.random.Generator) -> None:
    """A demo world shows every hard case at least once: a jail without holds, one without
    place of birth, one that prints age instead of birth date, one Windows-1252 file."""
    keys = sorted(k for k, v in layouts.items() if not v["custom_headers"])
    order = [keys[i] for i in rng.permutation(len(keys))]
    if len(order) < 4:
        return
    if all(layouts[k]["reports_holds"] for k in keys):
        layouts[order[0]]["reports_holds"] = False
    if all(layouts[k]["reports_pob"] for k in keys):
        layouts[order[1]]["reports_pob"] = False
    if all(layouts[k]["birth"] == "dob" for k in keys):
        lay = layouts[order[2]]
        lay["birth"] = "age"
        lay["columns"] = ["age" if c == "dob" else c for c in lay["columns"]]
        lay["headers"]["age"] = _header(str(rng.choice(["age", *aliases()["releases"]["age"]])), rng)
        del lay["headers"]["dob"]
    csvs = [k for k in order if layouts[k]["format"] == "csv"]
    if csvs and all(layouts[k]["encoding"] != "cp1252" for k in keys):
        layouts[csvs[-1]]["encoding"] = "cp1252"
        layouts[csvs[-1]]["accents"] = "keep"
