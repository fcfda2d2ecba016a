"""World E's files: the report, ten release logs in ten layouts, ICE's two extracts, the truth.

`render` fixes, once per booking, how its jail writes the name, birth date, birthplace and sex
(an export printed twice prints the same record twice); the writers only format.
"""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from world_e_data import (
    BIRTH_CITIES,
    COUNTRIES,
    EXPORT_DATE,
    EXPORT_TIME,
    LOG_START,
    LOG_VARIANTS,
    REPORT_START,
    ROANOKE_FIRST_EXPORT,
    ROANOKE_SECOND_FROM,
    SPANISH,
)
from world_e_people import full_name
from world_e_sim import World, is_dst, jail_style

POB_STYLE = {"ORL": "upper", "JEF": "title", "STT": "title", "RCY": "title", "RCO": "upper",
             "PWM": "iso3", "DNA": "spanish", "PGC": "title", "MCM": "city", "BAC": "upper"}
LONG_SEX = {"PWM", "BAC"}  # these print MALE / FEMALE
CANON = ["booking_id", "last_name", "first_name", "middle_name", "dob", "sex", "booking_date",
         "release_datetime", "release_reason", "charges", "place_of_birth", "hold_agency",
         "hold_date", "facility", "county", "state"]


def mdy(d: date | None) -> str:
    return "" if d is None else f"{d.month}/{d.day}/{d.year}"


def mdy_yy(d: date | None) -> str:
    return "" if d is None else f"{d.month}/{d.day}/{d.year % 100:02d}"


def ampm(t: datetime | None) -> str:
    if t is None:
        return ""
    return f"{mdy_yy(t)} {t.hour % 12 or 12}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def iso(t: datetime | date | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return "" if t is None else t.strftime(fmt)


# --- how each jail writes a person ----------------------------------------------------------------


def render(world: World, rng: np.random.Generator) -> None:
    """Name, birth date, birthplace and sex as each booking's jail has them. A jail reuses its
    record of a returning person 85% of the time and retypes it otherwise."""
    people, cache = world.people, {}
    for b in world.bookings:
        key = (b["jur"], b["person"].pid)
        if key not in cache or rng.random() < .15:
            p = b["person"]
            cache[key] = dict(name=people.jail_name(p, jail_style(b["jur"])), dob=people.jail_dob(p.dob),
                              pob=birthplace(p, POB_STYLE[b["jur"]], rng), sex=sex_code(p.sex, b["jur"], rng))
        b["log"] = cache[key]


def sex_code(sex: str, key: str, rng: np.random.Generator) -> str:
    if rng.random() < .005:
        return "U"
    return {"M": "MALE", "F": "FEMALE"}[sex] if key in LONG_SEX else sex


def birthplace(p, style: str, rng: np.random.Generator) -> str:
    r = rng.random()
    if p.country == "US":
        if r < .06:
            return ""
        return {"upper": p.birthplace.upper(), "iso3": "USA"}.get(style, p.birthplace)
    if r < .10:
        return ""
    c = p.country
    if r < .12:  # the booking officer wrote another country
        c = list(COUNTRIES)[int(rng.integers(len(COUNTRIES)))]
    title, iso3 = COUNTRIES[c][2], COUNTRIES[c][3]
    r2 = rng.random()
    if style == "iso3":
        return iso3
    if style == "spanish" and c in SPANISH:
        if r2 < .35 and c in BIRTH_CITIES:
            cities = BIRTH_CITIES[c]
            return f"{cities[int(rng.integers(len(cities)))]}, {SPANISH[c]}"
        return SPANISH[c] if r2 < .75 else title.upper()
    if style == "city" and c in BIRTH_CITIES and r2 < .5:
        cities = BIRTH_CITIES[c]
        return f"{cities[int(rng.integers(len(cities)))]}, {title}"
    if c in LOG_VARIANTS and r2 < .3:
        variants = LOG_VARIANTS[c]
        title = variants[int(rng.integers(len(variants)))]
    return title.upper() if style == "upper" else title


# --- the rows of a log ---------------------------------------------------------------------------


def log_rows(world: World, key: str, as_of: datetime, keep=lambda b: True) -> list[dict]:
    """The bookings a log exported at `as_of` holds, with their state as of then."""
    j = world.jur[key]
    rows = []
    for b in world.bookings:
        if b["jur"] != key or b["omitted"] or b["book"] > as_of or not keep(b):
            continue
        released = b["release"] <= as_of
        if released and b["release"].date() < LOG_START:
            continue
        hold = b["hold"] and b["hold_date"] <= as_of.date()
        last, first, middle, suffix = b["log"]["name"]
        rows.append(dict(
            booking_id=b["bid"], last_name=last, first_name=first, middle_name=middle, suffix=suffix,
            dob=b["log"]["dob"], sex=b["log"]["sex"], booking_date=b["book"],
            release_datetime=b["release"] if released else None,
            release_reason=b["reason"] if released else "",
            charges=[c[1] for c in b["charges"]], place_of_birth=b["log"]["pob"],
            hold_agency="ICE" if hold else "", hold_date=b["hold_date"] if hold else None,
            facility=j["log_facility"], county=j["log_county"], state=j["state"]))
    rows.sort(key=lambda r: (r["booking_date"], r["booking_id"]))
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, delimiter: str = ",",
              encoding: str = "utf-8", trailing: int = 0) -> None:
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header + [""] * trailing)
        for row in rows:
            w.writerow(row + [""] * trailing)


def write_logs(world: World, folder: Path, rng: np.random.Generator) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    export = datetime.combine(EXPORT_DATE, EXPORT_TIME)
    written = []
    for writer in LAYOUTS.values():
        written += writer(world, folder, export, rng)
    return written


def _orl(world, folder, export, rng):
    """Pipe-delimited; `LAST, FIRST MIDDLE` names; two-digit years; AM/PM times; voided rows."""
    header = ["BOOKING NO", "BOOKING NAME", "DOB", "SEX", "BOOKING DATE", "RELEASE DATETIME",
              "RELEASE REASON", "CHARGES", "PLACE OF BIRTH", "HOLD AGENCY", "HOLD DATE", "FACILITY",
              "COUNTY", "STATE"]
    rows = [[r["booking_id"], full_name(r["last_name"], r["first_name"], r["middle_name"], r["suffix"], rng),
             mdy_yy(r["dob"]), r["sex"], ampm(r["booking_date"]), ampm(r["release_datetime"]),
             r["release_reason"], "; ".join(r["charges"]), r["place_of_birth"], r["hold_agency"],
             mdy_yy(r["hold_date"]), r["facility"], r["county"], r["state"]]
            for r in log_rows(world, "ORL", export)]
    for n in range(5):  # voided bookings: no booking date (the contract's quarantine case)
        at = int(rng.integers(len(rows)))
        rows.insert(at, [f"17-9{n:05d}", "VOID, BOOKING", "", "", "", "", "BOOKING VOIDED", "", "",
                         "", "", rows[0][11], rows[0][12], rows[0][13]])
    write_csv(folder / "orleans_parish_releases.csv", header, rows, delimiter="|")
    return ["orleans_parish_releases.csv"]


def _jef(world, folder, export, rng):
    """Parquet with typed columns; integer booking numbers; hyphenated double surnames."""
    rows = log_rows(world, "JEF", export)
    df = pd.DataFrame([{c: r[c] for c in CANON} for r in rows])
    df["booking_id"] = df["booking_id"].astype("int64")
    df["charges"] = df["charges"].map("; ".join)
    df["booking_date"] = pd.to_datetime(df["booking_date"]).dt.floor("s")
    df["release_datetime"] = pd.to_datetime(df["release_datetime"]).dt.floor("s")
    df.to_parquet(folder / "jefferson_parish_bookings.parquet", index=False)
    return ["jefferson_parish_bookings.parquet"]


def _stt(world, folder, export, rng):
    """Quoted fields with embedded newlines (one charge a line, notes under the reason)."""
    rows = []
    for r in log_rows(world, "STT", export):
        reason = r["release_reason"]
        if reason and rng.random() < .1:
            reason += f"\nREF #{int(rng.integers(10000, 99999))}"
        rows.append([r["booking_id"], r["last_name"], r["first_name"], r["middle_name"], iso(r["dob"], "%Y-%m-%d"),
                     r["sex"], iso(r["booking_date"]), iso(r["release_datetime"]), reason,
                     ";\n".join(r["charges"]), r["place_of_birth"], r["hold_agency"],
                     iso(r["hold_date"], "%Y-%m-%d"), r["facility"], r["county"], "Louisiana"])
    write_csv(folder / "st_tammany_releases.csv", CANON, rows)
    return ["st_tammany_releases.csv"]


def _rcy(world, folder, export, rng):
    """The same log sent twice: an export to Mar 31 and one from Feb 15; the overlap's bookings
    appear in both, some still held in the first and released in the second."""
    header = ["Booking No", "Inmate Name", "DOB", "Sex", "Booking Date", "Release Datetime",
              "Release Reason", "Charges", "Place of Birth", "Hold Agency", "Hold Date", "Facility",
              "County", "State"]
    names = {}

    def line(r):
        if r["booking_id"] not in names:
            names[r["booking_id"]] = full_name(r["last_name"], r["first_name"], r["middle_name"], r["suffix"], rng)
        return [r["booking_id"], names[r["booking_id"]], mdy(r["dob"]), r["sex"],
                iso(r["booking_date"], "%m/%d/%Y %H:%M"), iso(r["release_datetime"], "%m/%d/%Y %H:%M"),
                r["release_reason"], "; ".join(r["charges"]), r["place_of_birth"], r["hold_agency"],
                mdy(r["hold_date"]), r["facility"], r["county"], "VA"]

    first_as_of = datetime.combine(ROANOKE_FIRST_EXPORT, time(16, 0))
    since = datetime.combine(ROANOKE_SECOND_FROM, time(0, 0))
    first = log_rows(world, "RCY", first_as_of)
    second = log_rows(world, "RCY", export, keep=lambda b: b["book"] >= since or b["release"] >= since)
    write_csv(folder / "roanoke_city_export_2017-03-31.csv", header, [line(r) for r in first])
    write_csv(folder / "roanoke_city_export_2017-05-19.csv", header, [line(r) for r in second])
    return ["roanoke_city_export_2017-03-31.csv", "roanoke_city_export_2017-05-19.csv"]


def _rco(world, folder, export, rng):
    """Two-digit years everywhere, AM/PM times, the suffix in its own column."""
    header = [*CANON[:4], "suffix", *CANON[4:]]
    rows = [[r["booking_id"], r["last_name"], r["first_name"], r["middle_name"], r["suffix"],
             mdy_yy(r["dob"]), r["sex"], ampm(r["booking_date"]), ampm(r["release_datetime"]),
             r["release_reason"], "; ".join(r["charges"]), r["place_of_birth"], r["hold_agency"],
             mdy_yy(r["hold_date"]), r["facility"], r["county"], "VIRGINIA"]
            for r in log_rows(world, "RCO", export)]
    write_csv(folder / "roanoke_county_salem_jail.csv", header, rows)
    return ["roanoke_county_salem_jail.csv"]


def _pwm(world, folder, export, rng):
    """XLSX with date cells; accents kept; birthplace as ISO3 codes; MALE / FEMALE."""
    rows = log_rows(world, "PWM", export)
    df = pd.DataFrame([{c: r[c] for c in CANON} for r in rows])
    df["charges"] = df["charges"].map("; ".join)
    for c in ("dob", "hold_date"):
        df[c] = pd.to_datetime(df[c])
    for c in ("booking_date", "release_datetime"):
        df[c] = pd.to_datetime(df[c]).dt.floor("min")
    df.columns = ["Booking No", "Last Name", "First Name", "Middle Name", "DOB", "Sex", "Booking Date",
                  "Release Datetime", "Release Reason", "Charges", "Place of Birth", "Hold Agency",
                  "Hold Date", "Facility", "County", "State"]
    df.to_excel(folder / "pwm_radc_releases.xlsx", index=False, sheet_name="Releases")
    pin_xlsx(folder / "pwm_radc_releases.xlsx")
    return ["pwm_radc_releases.xlsx"]


def pin_xlsx(path: Path) -> None:
    """openpyxl stamps the wall clock into the zip entries and docProps/core.xml: pin both to
    the export time so the same seed gives the same bytes."""
    stamp = datetime.combine(EXPORT_DATE, EXPORT_TIME)
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), data)
            z.writestr(zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def _dna(world, folder, export, rng):
    """UTF-8 with BOM; `LAST LAST, FIRST MIDDLE` with accents; Spanish birthplaces."""
    header = ["Booking No", "Booking Name", "DOB", "Sex", "Booking Date", "Release Datetime",
              "Release Reason", "Charges", "Place of Birth", "Hold Agency", "Hold Date", "Facility",
              "County", "State"]
    rows = [[r["booking_id"], full_name(r["last_name"], r["first_name"], r["middle_name"], r["suffix"], rng),
             iso(r["dob"], "%Y-%m-%d"), r["sex"], iso(r["booking_date"], "%Y-%m-%d %H:%M"),
             iso(r["release_datetime"], "%Y-%m-%d %H:%M"), r["release_reason"], "; ".join(r["charges"]),
             r["place_of_birth"], r["hold_agency"], iso(r["hold_date"], "%Y-%m-%d"), r["facility"],
             r["county"], "NM"] for r in log_rows(world, "DNA", export)]
    write_csv(folder / "dona_ana_cdc_releases.csv", header, rows, encoding="utf-8-sig")
    return ["dona_ana_cdc_releases.csv"]


def to_utc(t: datetime | None) -> datetime | None:
    return None if t is None else t + timedelta(hours=4 if is_dst(t) else 5)


def _pgc(world, folder, export, rng):
    """Booking and release times exported by the vendor in UTC (no marker), ISO with a T."""
    rows = [[r["booking_id"], r["last_name"], r["first_name"], r["middle_name"], mdy(r["dob"]), r["sex"],
             iso(to_utc(r["booking_date"]), "%Y-%m-%dT%H:%M:%S"),
             iso(to_utc(r["release_datetime"]), "%Y-%m-%dT%H:%M:%S"), r["release_reason"],
             "; ".join(r["charges"]), r["place_of_birth"], r["hold_agency"], mdy(r["hold_date"]),
             r["facility"], r["county"], "MD"] for r in log_rows(world, "PGC", export)]
    write_csv(folder / "pgcdc_release_log.csv", CANON, rows)
    return ["pgcdc_release_log.csv"]


def _mcm(world, folder, export, rng):
    """Tab-separated (still named .csv); zero-padded dates."""
    rows = [[r["booking_id"], r["last_name"], r["first_name"], r["middle_name"], iso(r["dob"], "%m/%d/%Y"),
             r["sex"], iso(r["booking_date"], "%m/%d/%Y %H:%M"), iso(r["release_datetime"], "%m/%d/%Y %H:%M"),
             r["release_reason"], "; ".join(r["charges"]), r["place_of_birth"], r["hold_agency"],
             iso(r["hold_date"], "%m/%d/%Y"), r["facility"], r["county"], "Maryland"]
            for r in log_rows(world, "MCM", export)]
    write_csv(folder / "montgomery_mccf_releases.csv", CANON, rows, delimiter="\t")
    return ["montgomery_mccf_releases.csv"]


def _bac(world, folder, export, rng):
    """Two trailing empty columns on every line; `ICE/ERO` in some holds; 3 rows with no booking
    number (court walk-ins; the contract's quarantine case)."""
    rows = []
    for r in log_rows(world, "BAC", export):
        hold = r["hold_agency"]
        if hold and rng.random() < .3:
            hold = "ICE/ERO"
        rows.append([r["booking_id"], r["last_name"], r["first_name"], r["middle_name"], mdy(r["dob"]),
                     r["sex"], iso(r["booking_date"]), iso(r["release_datetime"]), r["release_reason"],
                     "; ".join(r["charges"]), r["place_of_birth"], hold, mdy(r["hold_date"]),
                     r["facility"], r["county"], "MD"])
    for _ in range(3):
        src = rows[int(rng.integers(len(rows)))]
        rows.insert(int(rng.integers(len(rows))), ["", "DOE", "JOHN", "", "", "MALE", src[6], src[6],
                                                    "COURT COMMITMENT VOID", "", "", "", "", *src[13:]])
    write_csv(folder / "baltimore_cbif_releases.csv", CANON, rows, trailing=2)
    return ["baltimore_cbif_releases.csv"]


LAYOUTS = {"ORL": _orl, "JEF": _jef, "STT": _stt, "RCY": _rcy, "RCO": _rco, "PWM": _pwm,
           "DNA": _dna, "PGC": _pgc, "MCM": _mcm, "BAC": _bac}


# --- the report, ICE's extracts and the truth ------------------------------------------------------


def write_reports(entries: list[dict], path: Path) -> None:
    header = ["Entry ID", "Report Date", "State", "County", "City", "Facility", "Citizenship",
              "Notable Criminal Activity", "Detainer Prepare Date", "Detainer Declined Date"]
    rows = [[e["entry_id"], mdy(REPORT_START + timedelta(days=7 * e["week"])), e["state"], e["county"],
             e["city"], e["facility"], e["citizenship"], e["notable"], mdy(e["issued"]), mdy(e["declined"])]
            for e in entries]
    write_csv(path, header, rows)


def write_custody(world: World, folder: Path, rng: np.random.Generator) -> None:
    named = ["Unique Identifier", "Book In Date Time", "Citizenship Country", "Gender", "Birth Date",
             "Last Name", "First Name", "A Number", "Apprehension State", "Apprehension Method",
             "Detention Facility", "Detention Facility Code"]
    foia = ["Anonymized Identifier", "Stay Book In Date Time", "Citizenship Country", "Gender",
            "Birth Year", "Apprehension State", "Apprehension Method", "Detention Facility",
            "Detention Facility Code"]
    rows_named, rows_foia = [], []
    for rec in world.bookins:
        if rec["missing"]:
            continue
        p, t = rec["person"], rec["book_in"]
        report, internal = COUNTRIES[p.country][0], COUNTRIES[p.country][1]
        a_number = p.a_number if rng.random() < .92 else ""
        rows_named.append([rec["custody_id"], f"{mdy(t)} {t:%H:%M}",
                           internal, p.sex, mdy(rec["dob"]), rec["last"], rec["first"], a_number,
                           rec["state"], rec["method"], rec["facility"], rec["code"]])
        if rec["kind"] != "transfer":  # the public release has one row a stay
            rows_foia.append([rec["custody_id"], iso(t), report, {"M": "Male", "F": "Female"}[p.sex],
                              str(rec["dob"].year), rec["state"], rec["method"], rec["facility"], rec["code"]])
    write_csv(folder / "custody.csv", named, rows_named)
    write_csv(folder / "custody_foia.csv", foia, rows_foia)


def write_truth(entries: list[dict], path: Path) -> None:
    header = ["entry_id", "true_outcome", "booking_id", "custody_id", "duplicate_of", "jurisdiction",
              "case", "stale"]
    rows = [[e["entry_id"], e["truth"]["outcome"], e["truth"]["booking_id"], e["truth"]["custody_id"],
             e["dup_of"]["entry_id"] if e["dup_of"] is not None else "", e["truth"]["jurisdiction"],
             e["truth"]["case"], str(e["stale"]).lower()] for e in entries]
    write_csv(path, header, rows)
