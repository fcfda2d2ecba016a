"""World B's files: reports.csv and truth.csv, the submitted release logs (each with its own
date, name, age, hold and place-of-birth choices, cut off where world_b_listing.cut_logs put
them), the named and FOIA custody extracts, and world.txt, the summary that main() prints.

Stages of world_b.main(), drawing from world_b_sim.rng in the order main() calls them.
"""
import os
from datetime import timedelta

import pandas as pd
from world_b_data import COUNTRIES, D0, STATE_NAMES
from world_b_listing import fmt_d, fmt_dt
from world_b_sim import JUR, book_ins, bookings, ch, jkeys, rng


def write_reports(OUT, entries, truth):
    os.makedirs(OUT, exist_ok=True)
    pd.DataFrame(entries).to_csv(os.path.join(OUT, "reports.csv"), index=False)
    pd.DataFrame(truth).to_csv(os.path.join(OUT, "truth.csv"), index=False)


# ----------------------------------------------------------------------------- release logs
def write_logs(OUT):
    os.makedirs(os.path.join(OUT, "releases"), exist_ok=True)
    log_meta = {}
    for key in jkeys:
        J = JUR[key]
        if not J["submitted"]:
            continue
        style = ch(["iso", "mdy4", "mdy2"], [4, 4, 2])
        rel_time = rng.random() < 0.7
        names = ch(["split", "full"], [3, 2])
        use_age = rng.random() < 0.25
        has_hold = rng.random() < 0.7
        has_pob = rng.random() < 0.7
        pob_missing = float(rng.uniform(0.35, 0.7))
        sexstyle = ch(["MF", "MALEFEMALE"], [3, 1])
        cut = J["cutoff"]
        rows = []
        for B in bookings:
            if B["jur"] != key or B["bdt"] > cut:
                continue
            if B["rel"] is not None and B["rel"] < D0:
                continue
            p = B["p"]
            row = dict(booking_id=B["bid"])
            if names == "split":
                row["last_name"] = p["last"].replace(" ", ch([" ", "-"], [3, 1])) if " " in p["last"] else p["last"]
                row["first_name"] = p["first"]
                row["middle_name"] = p["middle"]
            else:
                ln = p["last"].replace(" ", "-") if rng.random() < 0.5 else p["last"]
                row["full_name"] = f"{ln},{ch(['', ' '])}{p['first'] + (' ' + p['middle'] if p['middle'] else '')}"
            if use_age:
                a = B["bdt"].year - p["dob"].year - ((B["bdt"].month, B["bdt"].day) < (p["dob"].month, p["dob"].day))
                row["age"] = a
            else:
                row["dob"] = fmt_d(p["dob"], style)
            s = p["sex"]
            if rng.random() < 0.02:
                s = ch(["U", ""])
            elif sexstyle == "MALEFEMALE":
                s = {"M": "MALE", "F": "FEMALE"}[s]
            row["sex"] = s
            row["booking_date"] = fmt_dt(B["bdt"], style, True) if rng.random() < 0.5 else fmt_d(B["bdt"], style)
            if B["rel"] is not None and B["rel"] <= cut:
                row["release_datetime"] = fmt_dt(B["rel"], style, rel_time)
                row["release_reason"] = B["reason"]
            else:
                row["release_datetime"] = ""
                row["release_reason"] = ""
            row["charges"] = B["charges"]
            if has_pob:
                if rng.random() < pob_missing:
                    row["place_of_birth"] = ""
                elif p["birth"] == "US":
                    row["place_of_birth"] = ch([STATE_NAMES[J["st"]], J["st"], STATE_NAMES[J["st"]].upper(), "USA", "UNITED STATES", ch(list(STATE_NAMES.values()))])
                else:
                    if p["noncit"] and rng.random() < 0.01:
                        row["place_of_birth"] = STATE_NAMES[J["st"]]
                    else:
                        row["place_of_birth"] = ch(COUNTRIES[p["birth"]][0])
            if has_hold:
                if B["det"] and rng.random() < 0.92:
                    row["hold_agency"] = ch(["ICE", "ICE", "ICE", "IMMIGRATION"]) if key != "MN/HENNEPIN" else "ICE"
                    hd = B["bdt"] if B["reused"] else B["issued"] + timedelta(days=int(rng.choice([0, 0, 1, 2, 3])))
                    row["hold_date"] = fmt_d(max(hd, B["bdt"]), style)
                elif rng.random() < 0.04:
                    row["hold_agency"] = ch(["USMS", "TDCJ", "PAROLE", "WARRANT-OTHER CO"])
                    row["hold_date"] = fmt_d(B["bdt"] + timedelta(days=int(rng.integers(0, 5))), style)
                else:
                    row["hold_agency"] = ""
                    row["hold_date"] = ""
            row["facility"] = J["fac"]
            row["county"] = J["county"].upper() if rng.random() < 0.0 else J["county"]
            row["state"] = J["st"]
            rows.append(row)
        df = pd.DataFrame(rows)
        fn = os.path.join(OUT, "releases", f"{J['st'].lower()}-{J['county'].lower()}.csv")
        df.to_csv(fn, index=False)
        log_meta[key] = dict(rows=len(df), style=style, rel_time=rel_time, names=names, age=use_age, hold=has_hold, pob=has_pob,
                             cutoff=cut.date().isoformat())
    return log_meta


# ----------------------------------------------------------------------------- custody extracts
def write_custody(OUT):
    book_ins.sort(key=lambda b: b["when"])
    named, foia = [], []
    for b in book_ins:
        if b["date_only"]:
            w = b["when"].strftime("%Y-%m-%d")
        else:
            w = b["when"].strftime("%Y-%m-%d %H:%M:%S")
        named.append(dict(custody_id=b["custody_id"], book_in_datetime=w, citizenship=b["cit"], sex=b["sex"], birth_date=b["dob"].strftime("%Y-%m-%d"),
                          last_name=b["last"], first_name=b["first"], a_number=b["anum"], apprehension_state=b["state"],
                          apprehension_method=b["method"], detention_facility=b["fac"], detention_facility_code=b["faccode"]))
        foia.append(dict(custody_id=b["custody_id"], book_in_datetime=w, citizenship=b["cit"], sex=b["sex"], birth_year=b["dob"].year,
                         apprehension_state=b["state"], apprehension_method=b["method"], detention_facility=b["fac"],
                         detention_facility_code=b["faccode"]))
    pd.DataFrame(named).to_csv(os.path.join(OUT, "custody.csv"), index=False)
    pd.DataFrame(foia).to_csv(os.path.join(OUT, "custody_foia.csv"), index=False)


def write_summary(OUT, SEED, nweeks, start_sat, POLICY_DAY, entries, truth, log_meta):
    tr = pd.DataFrame(truth)
    with open(os.path.join(OUT, "world.txt"), "w") as f:
        f.write(f"seed {SEED:d} weeks {nweeks:d} start {start_sat.date()!s} policy_day {POLICY_DAY.date()!s}\n")
        for k in jkeys:
            n_bookings = sum(1 for B in bookings if B["jur"] == k)
            f.write(f"{k!s} submitted={JUR[k]['submitted']!s} bookings={n_bookings:d} {log_meta.get(k, '')!s}\n")
        f.write(f"entries {len(entries):d} book_ins {len(book_ins):d}\n")
        f.write(tr.true_outcome.value_counts().to_string() + "\n")
        f.write(tr.kind.value_counts().to_string() + "\n")
    with open(os.path.join(OUT, "world.txt")) as f:
        print(f.read())
