"""World B's listing: ICE's decline records (declines, and hand-overs and transfers that ICE
records as declines; the Travis policy day; records while the person is still held), the
report period's weeks, the logs cut off inside it, and the listed entries with their truth.

Stages of world_b.main(), drawing from world_b_sim.rng in the order main() calls them.
"""
import math
from datetime import datetime, timedelta

import numpy as np
from world_b_data import CAT, CAT_W, D0, STATE_NAMES, TWIN
from world_b_sim import JUR, bookings, ch, ice_identity, jkeys, new_person, rng

MAX_WEEKS = 22


# ----------------------------------------------------------------------------- ICE's decline records
def decline_lag():
    r = rng.random()
    if r < 0.55:
        return int(rng.integers(0, 3))
    if r < 0.82:
        return int(rng.integers(3, 8))
    return int(np.clip(rng.lognormal(math.log(14), 0.6), 8, 56))


def decline_records():
    records = []  # candidate listed entries (before week selection)
    for bi, B in enumerate(bookings):
        if not B["det"] or B["rel"] is None:
            continue
        fate = B["fate"]
        if fate == "street":
            pr, outcome = 0.85, "declined_confirmed"
        elif fate == "ice":
            pr, outcome = (0.40 if B["jur"] == "MN/HENNEPIN" else 0.10), "transferred_to_ice"
        else:
            pr, outcome = 0.30, "transferred_to_other_agency"
        B["recorded"] = rng.random() < pr
        if not B["recorded"]:
            continue
        dd = B["rel"].replace(hour=0, minute=0) + timedelta(days=decline_lag())
        kind = {"declined_confirmed": "decline", "transferred_to_ice": "honoured_but_listed", "transferred_to_other_agency": "other_agency"}[outcome]
        if B["reused"]:
            kind += "+reused_old_detainer"
        records.append(dict(bi=bi, jur=B["jur"], issued=B["issued"], declined=dd, outcome=outcome, kind=kind))
    return records


# Travis policy day: re-assess every detainer held in custody; close old unresolved ones
def travis_policy_day(POLICY_DAY):
    trav_policy = []
    for bi, B in enumerate(bookings):
        if B["jur"] != "TX/TRAVIS" or not B["det"]:
            continue
        if B["issued"] > POLICY_DAY:
            continue
        in_cust = B["bdt"] <= POLICY_DAY and (B["rel"] is None or B["rel"] > POLICY_DAY)
        dd = POLICY_DAY + timedelta(days=int(rng.choice([0, 0, 0, 1, 2])))
        if in_cust and rng.random() < 0.6:
            if B["rel"] is not None and B["rel"] <= dd + timedelta(days=7):
                oc = {"street": "declined_confirmed", "ice": "transferred_to_ice", "other": "transferred_to_other_agency"}[B["fate"]]
                kind = "policy_day_released_that_week"
            else:
                oc, kind = "still_in_custody", "policy_day_held"
            trav_policy.append(dict(bi=bi, jur="TX/TRAVIS", issued=B["issued"], declined=dd, outcome=oc, kind=kind, policy=True))
        elif B["rel"] is not None and B["rel"] < POLICY_DAY - timedelta(days=60) and B["fate"] == "street" and not B.get("recorded") and rng.random() < 0.5:
            trav_policy.append(dict(bi=bi, jur="TX/TRAVIS", issued=B["issued"], declined=dd, outcome="declined_confirmed", kind="policy_day_long_gone", policy=True))
    # pre-2015 releases (no log row)
    for _ in range(int(rng.integers(8, 25))):
        p = new_person("TX/TRAVIS", True)
        iss = datetime(2011, 1, 1) + timedelta(days=int(rng.integers(0, 4 * 365 - 30)))
        trav_policy.append(dict(bi=None, person=p, jur="TX/TRAVIS", issued=iss, declined=POLICY_DAY + timedelta(days=int(rng.choice([0, 0, 1]))),
                                outcome="no_release_record", kind="policy_day_prelog", policy=True,
                                cats=[ch(CAT, CAT_W)]))
    return trav_policy


# a few still-in-custody entries elsewhere (ICE recorded a decline while person still held)
def records_while_held(records):
    for bi, B in enumerate(bookings):
        held = B["det"] and B["rel"] is None or (B["det"] and B["rel"] is not None and (B["rel"] - B["bdt"]).days > 40)
        if held and rng.random() < 0.02 and B["jur"] != "TX/TRAVIS":
            dd = B["bdt"].replace(hour=0, minute=0) + timedelta(days=int(rng.integers(10, 40)))
            if B["issued"] > dd:
                continue
            if B["rel"] is not None and B["rel"] <= dd + timedelta(days=7):
                continue
            records.append(dict(bi=bi, jur=B["jur"], issued=B["issued"], declined=dd, outcome="still_in_custody", kind="recorded_while_held"))


# ----------------------------------------------------------------------------- weekly listing
def week_of(d, start_sat):
    return (d - start_sat).days // 7


def choose_weeks(records, trav_policy, start_sat):
    by_week = {}
    for r in records:
        w = week_of(r["declined"], start_sat)
        if 0 <= w < MAX_WEEKS:
            by_week.setdefault(w, []).append(r)
    for r in trav_policy:
        by_week.setdefault(week_of(r["declined"], start_sat), []).append(r)
    target = int(rng.integers(280, 560))
    chosen, nweeks = [], 0
    for w in range(MAX_WEEKS):
        if len(chosen) >= target and w >= 8:
            break
        chosen += by_week.get(w, [])
        nweeks = w + 1
    REPORT_END = start_sat + timedelta(days=7 * nweeks)
    return chosen, nweeks, REPORT_END


# partial logs: 1-2 submitted logs cut off inside the report period
def cut_logs(start_sat, nweeks, REPORT_END):
    sub_list = [k for k in jkeys if JUR[k]["submitted"] and k not in ("TX/TRAVIS",)]
    n_part = int(rng.integers(1, 3))
    for k in jkeys:
        JUR[k]["cutoff"] = REPORT_END + timedelta(days=14)
    for i in rng.permutation(len(sub_list))[:n_part]:
        JUR[sub_list[i]]["cutoff"] = start_sat + timedelta(days=int(rng.integers(21, max(22, 7 * nweeks - 14))))


# ----------------------------------------------------------------------------- entries + truth
def fmt_state(st):
    return ch([st, STATE_NAMES[st], STATE_NAMES[st].upper()], [5, 2, 2])

def fmt_county(c):
    return ch([c.upper(), c, c + " County", c.upper() + " COUNTY"], [5, 2, 2, 1])

def nca(cats):
    charged = cats[:]
    if rng.random() < 0.15:
        charged = [ch(CAT, CAT_W)]
    conv = [ch(CAT, CAT_W)] if rng.random() < 0.4 else []
    s = []
    if charged and rng.random() < 0.9:
        s.append("Charged: " + ", ".join(charged))
    if conv:
        s.append("Convicted: " + ", ".join(conv))
    return "; ".join(s)


def fmt_d(d, style):
    if style == "iso":
        return d.strftime("%Y-%m-%d")
    if style == "mdy4":
        return f"{d.month:d}/{d.day:d}/{d.year:d}"
    return f"{d.month:d}/{d.day:d}/{d.year % 100:02d}"

def fmt_dt(d, style, with_time):
    if not with_time:
        return fmt_d(d, style)
    if style == "iso":
        return d.strftime("%Y-%m-%d %H:%M:%S")
    return fmt_d(d, style) + " " + f"{d.hour:d}:{d.minute:02d}"


def outcome_vs_log(r):
    """Truth as seen against the submitted logs."""
    bi = r.get("bi")
    J = JUR[r["jur"]]
    if bi is None:
        return "no_release_record", "", "", r["kind"]
    B = bookings[bi]
    kind = r["kind"]
    if not J["submitted"]:
        return "no_release_record", "", "", kind + "+no_log"
    cut = J["cutoff"]
    if B["bdt"] > cut:
        return "no_release_record", "", "", kind + "+booked_after_log_cutoff"
    if B["rel"] is not None and B["rel"] > cut and r["outcome"] != "still_in_custody":
        return "no_release_record", B["bid"], "", kind + "+released_after_log_cutoff"
    if B["bdt"].year < 2015 and B["rel"] is not None and B["rel"] < D0:
        return "no_release_record", "", "", kind + "+prelog"
    cid = B["custody_id"] if r["outcome"] == "transferred_to_ice" and B["custody_id"] else ""
    return r["outcome"], B["bid"], cid, kind


def assign_booking_ids():
    """Booking ids per jurisdiction."""
    for key in jkeys:
        bs = [i for i, B in enumerate(bookings) if B["jur"] == key]
        bs.sort(key=lambda i: bookings[i]["bdt"])
        pref = ch(["", "B", "J"]) + str(int(rng.integers(1, 9)))
        base = int(rng.integers(100000, 900000))
        cur = base
        for _n, i in enumerate(bs):
            B = bookings[i]
            cur += int(rng.integers(1, 4))
            B["bid"] = f"{pref}{B['bdt'].strftime('%y')}{cur:07d}"


def list_entries(chosen, nweeks, start_sat, SEED):
    RDATE = ch(["iso", "mdy4", "mdy2"], [4, 4, 2])

    chosen.sort(key=lambda r: (r["declined"], r["jur"], str(r.get("bi"))))
    entries, truth = [], []
    eid_n = [0]

    def next_eid():
        eid_n[0] += 1
        return f"DD{SEED:d}-{eid_n[0]:05d}"

    assign_booking_ids()  # need before truth

    listing = []
    for r in chosen:
        listing.append((r, week_of(r["declined"], start_sat), None))
    # duplicates
    dups = []
    for r in chosen:
        if rng.random() < 0.04:
            w2 = week_of(r["declined"], start_sat) + int(rng.integers(1, 4))
            if w2 < nweeks:
                dups.append((r, w2))

    def emit(r, week, dup_of):
        eid = next_eid()
        J = JUR[r["jur"]]
        listed_jur = r["jur"]
        wrong = False
        if dup_of is None and TWIN.get(r["jur"]) in JUR and not r.get("policy") and rng.random() < 0.03 * (4 if not J["submitted"] else 1):
            listed_jur = TWIN[r["jur"]]
            wrong = True
        LJ = JUR[listed_jur]
        if r.get("bi") is not None:
            p = bookings[r["bi"]]["p"]
            cats = bookings[r["bi"]]["cats"]
        else:
            p = r["person"]
            cats = r["cats"]
        cit = ice_identity(p)["cit"]
        declined = r["declined"]
        if dup_of is not None and rng.random() < 0.2:
            declined = declined + timedelta(days=int(rng.integers(1, 7)))
        wk_day = start_sat + timedelta(days=7 * week + int(rng.choice([0, 6, 2])))
        entries.append(dict(entry_id=eid, report_week=fmt_d(wk_day, RDATE), state=fmt_state(LJ["st"]), county=fmt_county(LJ["county"]),
                            city=LJ["city"] if rng.random() < 0.7 else "", facility=ch(LJ["icefac"]), citizenship=cit,
                            notable_criminal_activity=nca(cats), detainer_issued_date=fmt_d(r["issued"], RDATE),
                            detainer_declined_date=fmt_d(declined, RDATE)))
        oc, bid, cid, kind = outcome_vs_log(r)
        if wrong:
            kind = "wrong_county(" + listed_jur + ")+" + kind
        stale = (declined - r["issued"]).days > 365
        truth.append(dict(entry_id=eid, true_outcome=oc, booking_id=bid, jurisdiction=r["jur"], custody_id=cid or "",
                          duplicate_of=dup_of or "", stale="true" if stale else "false", kind=kind))
        return eid

    first_eid = {}
    listed_detainer = {}  # (booking, issued) -> first entry listing that detainer
    allrows = sorted([(w, 0, r) for (r, w, _) in listing] + [(w, 1, r) for (r, w) in dups], key=lambda t: (t[0], t[1]))
    for w, isdup, r in allrows:
        if isdup:
            emit(r, w, first_eid[id(r)])
        else:
            dkey = (r.get("bi"), r["issued"]) if r.get("bi") is not None else None
            prior = listed_detainer.get(dkey) if dkey else None
            first_eid[id(r)] = emit(r, w, None)
            if prior:  # the same detainer listed again (e.g. policy day, then at the real release)
                truth[-1]["duplicate_of"] = prior
                truth[-1]["kind"] += "+relisted"
            elif dkey:
                listed_detainer[dkey] = first_eid[id(r)]
    return entries, truth
