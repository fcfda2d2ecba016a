"""World D's files: the eight jail logs in their own layouts, the sixteen weekly reports (CSV
then XLSX), ICE's book-ins and truth.csv. Each writer draws its noise from w.r in turn."""
from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from world_d_data import (
    ACCENTS,
    COUNTRIES,
    DAY,
    EXTRACT,
    JURIS,
    LOG_FILES,
    LOG_START,
    N_WEEKS,
    US_STATES,
    WEEK0,
    D,
)
from world_d_listing import typo
from world_d_people import World


def xl_serial(x):
    """Excel serial of a datetime/date (1900 system)."""
    if isinstance(x, dt.date) and not isinstance(x, D):
        x = D(x.year, x.month, x.day)
    return round((x - D(1899, 12, 30)).total_seconds() / 86400, 6)


# --------------------------------------------------------------------------- writers
def jail_name(r, p, style, accents=False):
    last = p["sur1"]
    if p["sur2"]:
        last = r.choices([p["sur1"], f"{p['sur1']} {p['sur2']}", f"{p['sur1']}-{p['sur2']}", p["sur2"]], weights=[45, 30, 20, 5])[0]
    first, mid = p["first"], p["middle"]
    if r.random() < 0.03:
        last = typo(r, last)
    if accents:
        last = " ".join(ACCENTS.get(t, t) for t in last.split(" "))
        first = ACCENTS.get(first, first)
    if style == "LFM":
        return f"{last}, {first}{' ' + mid if mid else ''}"
    if style == "LFM_nospace":
        return f"{last},{first}{' ' + mid if mid else ''}"
    if style == "FL":
        return f"{first.title()} {(mid[0] + '. ') if mid else ''}{last.title()}"
    return last, first, mid


def pob_text(r, p, j):
    if not p["foreign"]:
        u = r.random()
        if u < 0.15:
            return ""
        return r.choice([p["pob_state"], US_STATES.get(p["pob_state"], p["pob_state"]), US_STATES.get(p["pob_state"], "").title()])
    u = r.random()
    if u < 0.15:
        return ""
    if u < 0.18:
        return r.choice([j["st"], US_STATES[j["st"]]])   # jail wrote a US state for a foreign-born person
    if u < 0.20:
        return "UNKNOWN"
    c = p["birth_country"]
    variants = COUNTRIES[c][1]
    if r.random() < 0.3:
        city = r.choice(COUNTRIES[c][2])
        return f"{city}, {r.choice(variants[2:] or variants)}"
    return r.choice(variants)


def fmt_us_ampm(x: D):
    return x.strftime("%m/%d/%Y %I:%M %p")


def write_csv(path, header, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding, errors="replace") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)


def write_xlsx(path, header, rows, title_rows=(), number_formats=None, footer=()):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for t in title_rows:
        ws.append(list(t))
    ws.append(header)
    for row in rows:
        ws.append(row)
    if number_formats:
        hdr_row = len(title_rows) + 1
        for col, fmtx in number_formats.items():
            ci = header.index(col) + 1
            for rr in range(hdr_row + 1, hdr_row + 1 + len(rows)):
                ws.cell(rr, ci).number_format = fmtx
    for t in footer:
        ws.append(list(t))
    wb.save(path)
    freeze_xlsx(path)


def freeze_xlsx(path):
    """openpyxl stamps the clock into docProps/core.xml and the zip entries: pin both (to the log
    extract) so a seed gives identical bytes. Added when the generator came into the repository."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2017-06-01T06:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2017, 6, 1, 6, 0, 0)), data, zipfile.ZIP_DEFLATED)


def write_releases(w: World, out: Path):
    r = w.r
    rel_dir = out / "releases"
    rel_dir.mkdir(parents=True, exist_ok=True)
    by_j = defaultdict(list)
    for b in w.bookings:
        # the log: everybody released since LOG_START, and everybody still held at the extract
        if b["release_dt"] < LOG_START or b["booking_dt"] > EXTRACT:
            continue
        by_j[b["j"]["key"]].append(b)
    headers_used = {}
    for j in JURIS:
        k = j["key"]
        bs = sorted(by_j[k], key=lambda b: (b["release_dt"] if b["release_dt"] < EXTRACT else D(2100, 1, 1), b["booking_id"]))

        def rel(b):
            return b["release_dt"] if b["release_dt"] < EXTRACT else None
        rows = []
        if k == "ca-orange":   # XLSX, one row per charge, Excel serials as raw numbers
            hdr = ["BOOKING_NO", "INMATE_NAME", "DOB", "SEX", "BOOK_DT", "REL_DT", "REL_REASON", "CHARGE", "CHG_LEVEL", "POB", "HOLD", "HOLD_DT", "FACILITY"]
            for b in bs:
                p = b["person"]
                name = jail_name(r, p, "LFM")
                pob = pob_text(r, p, j)
                for _, ch in b["charges"]:
                    rows.append([b["booking_id"], name, p["dob"] if r.random() > 0.04 else None, p["sex"],
                                 xl_serial(b["booking_dt"]), xl_serial(rel(b)) if rel(b) else None, b["rel_text"] if rel(b) else None,
                                 ch, r.choice(["M", "F"]), pob, b["hold"], b["hold_date"], b["fac"][0]])
            write_xlsx(rel_dir / LOG_FILES[k], hdr, rows, number_formats={"DOB": "mm/dd/yyyy", "HOLD_DT": "mm/dd/yyyy"})
        elif k == "wa-king":   # CSV, 'First Last', AM/PM, header repeated mid-file (page breaks)
            hdr = ["Booking #", "Inmate Name", "Date of Birth", "Gender", "Booked", "Released", "Release Reason", "Charges", "Birthplace", "Hold", "Hold Rcvd", "Facility", "Housing"]
            for b in bs:
                p = b["person"]
                rows.append([b["booking_id"], jail_name(r, p, "FL"), p["dob"].strftime("%m/%d/%Y") if r.random() > 0.08 else "",
                             {"M": "Male", "F": "Female"}[p["sex"]], fmt_us_ampm(b["booking_dt"]), fmt_us_ampm(rel(b)) if rel(b) else "",
                             b["rel_text"] if rel(b) else "", "; ".join(ch for _, ch in b["charges"]), pob_text(r, p, j),
                             b["hold"] or "", b["hold_date"].strftime("%m/%d/%Y") if b["hold_date"] else "", b["fac"][0],
                             f"{r.choice('ABCDEF')}-{r.randrange(1, 40)}"])
            for i in range(1000, len(rows), 1000):
                rows.insert(i, hdr)
            write_csv(rel_dir / LOG_FILES[k], hdr, rows)
        elif k == "il-cook":   # semicolon CSV, split names, ISO datetimes with seconds
            hdr = ["BOOKING_ID", "LAST_NAME", "FIRST_NAME", "MIDDLE", "DOB", "SEX", "BOOKING_DATE", "RELEASE_DATE", "RELEASE_TYPE", "CHARGE_DESC", "POB", "HOLD_AGENCY", "DIVISION"]
            for b in bs:
                p = b["person"]
                last, first, mid = jail_name(r, p, "split")
                rows.append([b["booking_id"], last, first, mid, p["dob"].isoformat() if r.random() > 0.05 else "", p["sex"],
                             b["booking_dt"].strftime("%Y-%m-%d %H:%M:%S"), rel(b).strftime("%Y-%m-%d %H:%M:%S") if rel(b) else "",
                             b["rel_text"] if rel(b) else "", " / ".join(ch for _, ch in b["charges"]), pob_text(r, p, j),
                             b["hold"] or "", b["fac"][0]])
            write_csv(rel_dir / LOG_FILES[k], hdr, rows, delimiter=";")
        elif k == "az-maricopa":   # XLSX, age instead of DOB, datetime cells, charges joined by '|'
            hdr = ["Booking Number", "Name", "Age", "Sex", "Booking Date", "Release Date", "Release Type", "Offense(s)", "Place of Birth", "Immigration Hold", "Jail"]
            for b in bs:
                p = b["person"]
                age = (b["booking_dt"].date() - p["dob"]).days // 365
                rows.append([b["booking_id"], jail_name(r, p, "LFM_nospace"), age, p["sex"], b["booking_dt"], rel(b),
                             b["rel_text"] if rel(b) else None, " | ".join(ch for _, ch in b["charges"]), pob_text(r, p, j),
                             "Y" if b["hold"] else "N", b["fac"][0]])
            write_xlsx(rel_dir / LOG_FILES[k], hdr, rows,
                       number_formats={"Booking Date": "m/d/yyyy h:mm", "Release Date": "m/d/yyyy h:mm"})
        elif k == "ny-nassau":   # Windows-1252 CSV with accents, two-digit years, 'Rel Date/Time'
            hdr = ["Book No", "Defendant", "D.O.B.", "Sex", "Adm Date/Time", "Rel Date/Time", "Disposition", "Top Charge", "POB", "Warrant/Detainer", "Detainer Date"]
            for b in bs:
                p = b["person"]
                dob = p["dob"]
                rows.append([b["booking_id"], jail_name(r, p, "LFM", accents=True), f"{dob.month}/{dob.day}/{dob.year % 100:02d}" if r.random() > 0.1 else "",
                             p["sex"], b["booking_dt"].strftime("%-m/%-d/%y %H:%M"), rel(b).strftime("%-m/%-d/%y %H:%M") if rel(b) else "",
                             b["rel_text"] if rel(b) else "", b["charges"][0][1], pob_text(r, p, j), b["hold"] or "",
                             f"{b['hold_date'].month}/{b['hold_date'].day}/{b['hold_date'].year}" if b["hold_date"] else ""])
            write_csv(rel_dir / LOG_FILES[k], hdr, rows, encoding="cp1252")
        elif k == "fl-miami-dade":   # CSV, one row per charge, date and time in separate columns
            hdr = ["BookingNumber", "DefendantName", "BirthDate", "Race", "Sex", "BookDate", "BookTime", "ReleaseDate", "ReleaseTime", "ReleaseCode", "ChargeDescription", "Country of Birth", "HoldType", "HoldDate", "FacilityName"]
            for b in bs:
                p = b["person"]
                name = jail_name(r, p, "LFM")
                dob = p["dob"].strftime("%m/%d/%Y") if r.random() > 0.06 else ""
                pob = pob_text(r, p, j)
                for _, ch in b["charges"]:
                    rd = rel(b)
                    rows.append([b["booking_id"], name, dob, r.choice("WBH"), p["sex"], b["booking_dt"].strftime("%m/%d/%Y"),
                                 b["booking_dt"].strftime("%H%M"), rd.strftime("%m/%d/%Y") if rd else "", rd.strftime("%H%M") if rd else "",
                                 b["rel_text"] if rd else "", ch, pob, b["hold"] or "",
                                 b["hold_date"].strftime("%m/%d/%Y") if b["hold_date"] else "", b["fac"][1]])
            write_csv(rel_dir / LOG_FILES[k], hdr, rows)
        elif k == "or-washington":   # CSV, ISO dates, many missing DOB, Oracle-style DOB when present
            hdr = ["Booking_Num", "Last", "First", "Middle", "Birth_Dt", "Sex", "Booking_Dt", "Release_Dt", "Release_Reason", "Charge", "Birth_Place", "ICE_Hold", "Hold_Dt", "Location"]
            for b in bs:
                p = b["person"]
                last, first, mid = jail_name(r, p, "split")
                rd = rel(b)
                rows.append([b["booking_id"], last.title(), first.title(), mid.title(), p["dob"].strftime("%d-%b-%Y").upper() if r.random() > 0.35 else "",
                             p["sex"], b["booking_dt"].strftime("%Y-%m-%d %H:%M"), rd.strftime("%Y-%m-%d %H:%M") if rd else "",
                             b["rel_text"] if rd else "", "; ".join(ch for _, ch in b["charges"]), pob_text(r, p, j),
                             "Yes" if b["hold"] else "No", b["hold_date"].isoformat() if b["hold_date"] else "", b["fac"][1]])
            write_csv(rel_dir / LOG_FILES[k], hdr, rows)
        else:   # nc-mecklenburg: XLSX with a title block, split names, US date strings, footer total
            hdr = ["Arrest/Booking No.", "Last Name", "First Name", "Middle Name", "Birth Date", "Sex", "Booking Date", "Booking Time", "Release Date", "Release Time", "Release Reason", "Charge Description", "Place of Birth", "Detainer Agency", "Detainer Date", "Facility"]
            for b in bs:
                p = b["person"]
                last, first, mid = jail_name(r, p, "split")
                rd = rel(b)
                rows.append([b["booking_id"], last, first, mid, p["dob"].strftime("%m/%d/%Y") if r.random() > 0.05 else "", p["sex"],
                             b["booking_dt"].strftime("%m/%d/%Y"), b["booking_dt"].strftime("%H:%M"),
                             rd.strftime("%m/%d/%Y") if rd else "", rd.strftime("%H:%M") if rd else "", b["rel_text"] if rd else "",
                             "; ".join(ch for _, ch in b["charges"]), pob_text(r, p, j), b["hold"] or "",
                             b["hold_date"].strftime("%m/%d/%Y") if b["hold_date"] else "", b["fac"][0]])
            write_xlsx(rel_dir / LOG_FILES[k], hdr, rows,
                       title_rows=[("Mecklenburg County Sheriff's Office",), ("Inmate Release Report  10/01/2016 - 06/01/2017",), ()],
                       footer=[(), (f"Total Records: {len(rows)}",)])
        headers_used[k] = hdr
    return headers_used


def write_reports(w: World, out: Path):
    rep = out / "reports"
    rep.mkdir(parents=True, exist_ok=True)
    by_week = defaultdict(list)
    for e in w.entries:
        by_week[e["week"]].append(e)
    for week in range(N_WEEKS):
        es = by_week.get(week, [])
        start = (WEEK0 + DAY * 7 * week).date()
        if week < 8:
            hdr = ["Entry ID", "Report Week", "State", "County", "City/Jurisdiction", "Facility", "Citizenship",
                   "Notable Criminal Activity", "Detainer Prepare Date", "Detainer Declined Date"]
            rows = [[e["entry_id"], f"{e['report_day'].month}/{e['report_day'].day}/{e['report_day'].year}", e["state"], e["county"],
                     e["city"], e["facility"], e["citizenship"], e["nca"],
                     f"{e['issued'].month}/{e['issued'].day}/{e['issued'].year}", f"{e['declined'].month}/{e['declined'].day}/{e['declined'].year}"]
                    for e in es]
            write_csv(rep / f"DDOR_{start.isoformat()}.csv", hdr, rows)
        else:
            hdr = ["ENTRY_ID", "REPORT_DATE", "STATE", "COUNTY", "CITY", "FACILITY", "CITIZENSHIP", "NOTABLE CRIMINAL ACTIVITY",
                   "DETAINER LODGED DATE", "DETAINER DECLINED DATE"]
            rows = [[e["entry_id"], e["report_day"], e["state"].upper(), e["county"].upper(), e["city"], e["facility"], e["citizenship"],
                     e["nca"], e["issued"], e["declined"]] for e in es]
            write_xlsx(rep / f"DDOR_{start.isoformat()}.xlsx", hdr, rows,
                       number_formats={"REPORT_DATE": "mm/dd/yyyy", "DETAINER LODGED DATE": "mm/dd/yyyy", "DETAINER DECLINED DATE": "mm/dd/yyyy"})


def write_custody(w: World, out: Path):
    cdir = out / "custody"
    cdir.mkdir(parents=True, exist_ok=True)
    hdr = ["Anonymized Identifier", "Stay Book In Date Time", "Citizenship Country", "Gender", "Birth Date", "Last Name",
           "First Name", "A-Number", "Apprehension State", "Apprehension Method", "Detention Facility", "Detention Facility Code",
           "Book In Criminality"]
    r = w.r
    rows = []
    fac = {"CA": ("ADELANTO ICE PROCESSING CENTER", "ADLNTCA"), "WA": ("NORTHWEST DETENTION CENTER", "CSCNWWA"),
           "IL": ("MCHENRY COUNTY JAIL", "MCHENIL"), "AZ": ("ELOY FEDERAL CONTRACT FACILITY", "EAZ"),
           "NY": ("BERGEN COUNTY JAIL", "BERGENJ"), "FL": ("KROME NORTH SPC", "MIA"), "OR": ("NORTHWEST DETENTION CENTER", "CSCNWWA"),
           "NC": ("STEWART DETENTION CENTER", "STWRTGA"), "TX": ("PORT ISABEL SPC", "PISPC"), "GA": ("STEWART DETENTION CENTER", "STWRTGA"),
           "NJ": ("ELIZABETH CONTRACT DETENTION FACILITY", "ELZ"), "NV": ("HENDERSON DETENTION", "HENDNV")}
    for b in sorted(w.book_ins, key=lambda x: x["when"]):
        f = fac.get(b["state"], ("UNKNOWN", ""))
        rows.append([b["custody_id"], b["when"].strftime("%Y-%m-%d %H:%M:%S"), b["citizenship"], b["sex"],
                     b["birth_date"].isoformat() if b["birth_date"] else "", b["last"], b["first"], b["anum"],
                     b["state"], b["method"], f[0], f[1], r.choice(["1 Convicted Criminal", "2 Pending Criminal Charges", "3 Other Immigration Violator"])])
    write_csv(cdir / "ice_book_ins_FY17.csv", hdr, rows)


def write_truth(w: World, out: Path):
    hdr = ["entry_id", "true_outcome", "booking_id", "custody_id", "duplicate_of", "true_booking_id", "true_custody_id", "jurisdiction"]
    rows = []
    for e in sorted(w.entries, key=lambda e: e["entry_id"]):
        rows.append([e["entry_id"], e["truth"], e["booking_id"], e["custody_id"], e["duplicate_of"], e["booking_id"], e["custody_id"],
                     f"{e['state']}/{e['county']}"])
    write_csv(out / "truth.csv", hdr, rows)
