"""World B's simulation: its one random stream, the jurisdictions of this world and its report
period, the people, their bookings and what happened at release, and ICE's book-ins (after
hand-overs, transfers and street releases, and of people never in these jails).

world_b.py's docstring tells the world model; world_b.main() runs the stages in order.  The
world's state (JUR, people, bookings, book_ins) lives here, filled in place by the stages.
"""
import math
from datetime import datetime, timedelta

import numpy as np
from world_b_data import (
    CAT,
    CAT_W,
    CHARGES,
    COUNTRIES,
    D0,
    GROUP_NAMES,
    HISP_F,
    HISP_L,
    HISP_LW,
    HISP_M,
    ICE_END,
    ICE_FACILITIES,
    OTHER_STATES,
    POOL,
    REGION_MIX,
    STREET,
    TO_ICE,
    TO_ICE_MISLOG,
    TO_OTHER,
    TWIN,
    US_F,
    US_L,
    US_M,
)

# every stage draws from this one stream, so the order of main()'s stages fixes the world;
# start() seeds it in place, so that the modules that import it share it
rng = np.random.default_rng()
SEED = None  # the command line's seed, which the custody ids carry


def start(seed):
    """Seed the stream as np.random.default_rng(seed * 7919 + 13) would."""
    global SEED
    SEED = seed
    rng.bit_generator.state = np.random.default_rng(seed * 7919 + 13).bit_generator.state


def ch(seq, p=None):
    if p is None:
        return seq[int(rng.integers(len(seq)))]
    p = np.asarray(p, float)
    return seq[int(rng.choice(len(seq), p=p / p.sum()))]


def typo(s):
    if len(s) < 3:
        return s
    i = int(rng.integers(1, len(s)))
    k = rng.random()
    if k < 0.35:
        return s[:i] + s[i + 1:]
    if k < 0.7:
        return s[:i] + ch("AEIOURNSLT") + s[i + 1:]
    if i < len(s) - 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s + ch("AES")

def lognorm_days(med, sig, lo, hi):
    return float(np.clip(rng.lognormal(math.log(med), sig), lo, hi))


# ----------------------------------------------------------------------------- jurisdictions of this world
JUR = {}
jkeys = []  # the keys of JUR, in order


def choose_jurisdictions():
    pool = list(POOL)
    always = [p for p in pool if p[0] in ("TX/TRAVIS", "MN/HENNEPIN")]
    rest = [p for p in pool if p[0] not in ("TX/TRAVIS", "MN/HENNEPIN")]
    order = rng.permutation(len(rest))
    n_sub = int(rng.integers(6, 11))
    n_unsub = int(rng.integers(2, 5))
    submitted = always + [rest[i] for i in order[: n_sub - 2]]
    unsub = [rest[i] for i in order[n_sub - 2: n_sub - 2 + n_unsub]]
    # make sure at least one twin of a submitted county exists unsubmitted (same-name confusion)
    sub_keys = {p[0] for p in submitted}
    twins_uns = [p for p in rest if p[0] not in sub_keys and TWIN.get(p[0]) in sub_keys]
    if twins_uns and not any(p[0] in {t[0] for t in twins_uns} for p in unsub):
        unsub.append(twins_uns[int(rng.integers(len(twins_uns)))])
    for p in submitted + unsub:
        key, st, county, fac, icefac, city, (lo, hi), honour, drate, fshare = p
        is_sub = p in submitted
        nb = int(rng.integers(lo, hi + 1))
        if not is_sub:
            nb = min(nb, 4000)
        if key != "TX/TRAVIS" and key != "MN/HENNEPIN" and is_sub and rng.random() < 0.3:
            nb = int(rng.integers(250, 700))  # a small county
        JUR[key] = dict(key=key, st=st, county=county, fac=fac, icefac=icefac, city=city, nb=nb,
                        honour=honour if honour is not None else 0.7, drate=min(0.6, drate * 1.5), fshare=min(0.35, fshare * 1.7), submitted=is_sub)
    jkeys.extend(JUR)


# report period
def report_period():
    start_sat = datetime(2017, 1, 21) + timedelta(days=7 * int(rng.integers(0, 7)))
    policy_week = int(rng.integers(0, 3))
    POLICY_DAY = start_sat + timedelta(days=7 * policy_week + 4)  # a Wednesday
    return start_sat, POLICY_DAY


# ----------------------------------------------------------------------------- people
people = []  # dicts


def new_person(home, foreign):
    st = JUR[home]["st"] if home in JUR else home
    sex = "M" if rng.random() < 0.84 else "F"
    dob = datetime(1950, 1, 1) + timedelta(days=int(rng.integers(0, 365 * 49)))
    if foreign:
        mix = REGION_MIX[st]
        c = ch(list(mix), list(mix.values()))
        group = COUNTRIES[c][1]
        noncit = rng.random() < 0.78
    else:
        c, group, noncit = "US", "us", False
    if group == "hisp":
        first = ch(HISP_M if sex == "M" else HISP_F)
        l1 = ch(HISP_L, HISP_LW)
        last = l1
        if rng.random() < 0.45:
            l2 = ch(HISP_L, HISP_LW)
            if l2 != l1:
                last = l1 + " " + l2
        middle = ch(HISP_M if sex == "M" else HISP_F) if rng.random() < 0.4 else ""
    elif group == "us":
        if rng.random() < 0.25 and st in ("TX", "CA", "CO", "FL"):
            first = ch(HISP_M if sex == "M" else HISP_F)
            last = ch(HISP_L, HISP_LW)
        else:
            first = ch(US_M if sex == "M" else US_F)
            last = ch(US_L)
        middle = ch(US_M if sex == "M" else US_F) if rng.random() < 0.5 else ""
    else:
        fm, ff, ll = GROUP_NAMES[group]
        first = ch(fm if sex == "M" else ff)
        last = ch(ll)
        middle = ch(fm) if (group in ("somali", "ethiop") and sex == "M" and rng.random() < 0.5) else ""
    ice_cit = c if c != "US" else "UNITED STATES"
    if foreign and noncit and rng.random() < 0.05:
        ice_cit = ch(["GUATEMALA", "HONDURAS", "EL SALVADOR", "MEXICO"])  # born in one country, national of another
    p = dict(pid=len(people), home=home, sex=sex, dob=dob, birth=c, group=group, noncit=noncit, ice_cit=ice_cit,
             first=first, middle=middle, last=last, anum="", ice=None, bookings=[])
    if noncit:
        p["anum"] = f"A{int(rng.integers(200000000, 216000000)):09d}"
    people.append(p)
    return p

def ice_identity(p):
    """ICE's own (imperfect, but stable) record of a person."""
    if p["ice"] is not None:
        return p["ice"]
    last, first = p["last"], p["first"]
    parts = last.split(" ")
    if len(parts) == 2 and p["group"] == "hisp":
        r = rng.random()
        if r < 0.30:
            last = parts[0] + "-" + parts[1]
        elif r < 0.65:
            last = parts[0]
        elif r < 0.73:
            last = parts[1]
    if rng.random() < 0.07:
        last = typo(last)
    if rng.random() < 0.04:
        first = typo(first)
    if rng.random() < 0.04:
        first, last = last, first
    dob = p["dob"]
    r = rng.random()
    if r < 0.03 and dob.day <= 12 and dob.day != dob.month:
        dob = dob.replace(month=dob.day, day=dob.month)
    elif r < 0.05:
        dob = dob.replace(year=dob.year + ch([-1, 1]), day=min(dob.day, 28))
    elif r < 0.06:
        dob = dob + timedelta(days=int(rng.integers(-4000, 4000)))
    sex = p["sex"] if rng.random() > 0.03 else ""
    cit = p["ice_cit"] if p["noncit"] else ch(["MEXICO", "GUATEMALA", "EL SALVADOR"])
    if not p["anum"]:
        p["anum"] = f"A{int(rng.integers(200000000, 216000000)):09d}"
    p["ice"] = dict(last=last, first=first, dob=dob, sex=sex, cit=cit)
    return p["ice"]


# ----------------------------------------------------------------------------- bookings
bookings = []  # dicts
book_ins = []  # dicts


def stay_days(det):
    r = rng.random()
    if not det:
        cuts = [(0.35, (2 / 24, 20 / 24)), (0.65, (1, 5)), (0.85, (5, 30)), (0.97, (30, 180)), (1.0, (180, 700))]
    else:
        cuts = [(0.10, (2 / 24, 20 / 24)), (0.35, (1, 5)), (0.65, (5, 30)), (0.92, (30, 180)), (1.0, (180, 900))]
    for c, (a, b) in cuts:
        if r < c:
            return float(np.exp(rng.uniform(math.log(a), math.log(b))))

def other_county(st):
    return ch(["WILLIAMSON", "HAYS", "BEXAR", "DALLAS", "ANOKA", "DAKOTA", "LOS ANGELES", "SAN DIEGO", "MULTNOMAH", "CLACKAMAS", "SUFFOLK", "PIERCE", "ARAPAHOE", "JOHNSTON", "DURHAM"])


def book_people():
    for key in jkeys:
        J = JUR[key]
        n_people = max(50, int(J["nb"] / 1.55))
        for _ in range(n_people):
            p = new_person(key, rng.random() < J["fshare"])
            nbk = 1 + min(int(rng.geometric(0.55)) - 1, 4)
            t = D0 + timedelta(days=float(rng.uniform(-60, 3 * 365)))
            if rng.random() < 0.006:  # long-term inmate booked before the log period
                t = datetime(2011, 1, 1) + timedelta(days=float(rng.uniform(0, 4 * 365)))
                nbk = 1
            for _b in range(nbk):
                if t > ICE_END:
                    break
                where = key
                if rng.random() < 0.07:
                    same = [k for k in jkeys if JUR[k]["st"] == J["st"] and k != key]
                    where = ch(same) if (same and rng.random() < 0.5) else ch(jkeys)
                bookings.append(dict(p=p, jur=where, bdt=t))
                p["bookings"].append(len(bookings) - 1)
                t = t + timedelta(days=float(rng.exponential(200)) + 30)
            if t.year < 2011:
                pass


# simulate each booking in person-time order
def simulate_bookings(POLICY_DAY):
    for p in people:
        prev_end = None
        prev_issue = None
        for bi in p["bookings"]:
            B = bookings[bi]
            J = JUR[B["jur"]]
            if prev_end is not None and B["bdt"] <= prev_end:
                B["bdt"] = prev_end + timedelta(days=float(rng.uniform(3, 60)))
            bdt = B["bdt"]
            long_term = bdt.year < 2015
            det = p["noncit"] and rng.random() < J["drate"]
            sd = stay_days(det)
            if long_term:
                sd = float(rng.uniform(max(30, (D0 - bdt).days + 20), (D0 - bdt).days + 1100))
            bdt = bdt.replace(hour=int(rng.integers(0, 24)), minute=int(rng.integers(0, 60)), second=0)
            rel = bdt + timedelta(days=sd)
            B.update(bdt=bdt, rel=rel if rel <= ICE_END else None, det=det, issued=None, reused=False)
            if det:
                if prev_issue is not None and rng.random() < 0.3:
                    B["issued"] = prev_issue
                    B["reused"] = True
                else:
                    lag = min(float(rng.exponential(1.5)), max(0.0, sd - 0.05))
                    B["issued"] = (bdt + timedelta(days=lag)).replace(hour=0, minute=0)
                prev_issue = B["issued"]
            # charges
            ncat = 1 + int(rng.random() < 0.35) + int(rng.random() < 0.1)
            cats = list(dict.fromkeys(ch(CAT, CAT_W) for _ in range(ncat)))
            B["cats"] = cats
            B["charges"] = "; ".join(ch(CHARGES[c]) for c in cats)
            # what happened at release
            B["fate"] = None
            B["custody_id"] = None
            if B["rel"] is not None:
                r = rng.random()
                if B["jur"] == "TX/TRAVIS":
                    hp = 0.75 if B["rel"] < POLICY_DAY else 0.12
                else:
                    hp = J["honour"]
                if r < 0.07:
                    B["fate"] = "other"
                    B["reason"] = ch(TO_OTHER).format(oc=other_county(J["st"]))
                elif det and rng.random() < hp:
                    B["fate"] = "ice"
                    B["reason"] = ch(TO_ICE) if rng.random() < 0.75 else ch(TO_ICE_MISLOG)
                else:
                    B["fate"] = "street"
                    B["reason"] = ch(STREET)
                    if det and rng.random() < 0.03:
                        B["reason"] = "ICE HOLD EXPIRED - NO PICKUP"
            prev_end = B["rel"] if B["rel"] is not None else ICE_END + timedelta(days=999)


# ----------------------------------------------------------------------------- ICE book-ins
cid_counter = [0]


def add_bookin(p, when, method, state, date_only=None, person_noise=True):
    ident = ice_identity(p)
    cid_counter[0] += 1
    cid = f"{ch(['C', 'C', 'K']) if False else 'C'}{1000000 + cid_counter[0] * 7 + SEED % 7:07d}"
    last, first = ident["last"], ident["first"]
    if person_noise and rng.random() < 0.03:
        last = typo(last)
    fac = ch(ICE_FACILITIES.get(state, [("OTHER ICE FACILITY", "OTHERXX")]))
    if date_only is None:
        date_only = rng.random() < 0.15
    book_ins.append(dict(custody_id=cid, when=when, date_only=date_only, cit=ident["cit"], sex=ident["sex"], dob=ident["dob"],
                         last=last, first=first, anum=p["anum"], state=state, method=method, fac=fac[0], faccode=fac[1]))
    return cid


def release_book_ins():
    for B in bookings:
        p = B["p"]
        J = JUR[B["jur"]]
        if B["fate"] == "ice":
            h = float(np.clip(rng.lognormal(math.log(6), 0.9), 1, 48))
            when = B["rel"] + timedelta(hours=h)
            if when <= ICE_END:
                m = "CAP Local Incarceration" if rng.random() < 0.9 else ch(["Located", "Other Efforts", "287(g) Program"])
                B["custody_id"] = add_bookin(p, when, m, J["st"])
        elif B["fate"] == "other" and p["noncit"] and rng.random() < 0.4:
            when = B["rel"] + timedelta(days=float(rng.uniform(1, 60)), hours=float(rng.uniform(0, 24)))
            if when <= ICE_END:
                st = J["st"] if rng.random() < 0.6 else ch(OTHER_STATES)
                add_bookin(p, when, "CAP Local Incarceration", st)
        elif B["fate"] == "street" and p["noncit"] and rng.random() < (0.12 if B["det"] else 0.02):
            when = B["rel"] + timedelta(days=float(rng.uniform(7, 400)), hours=float(rng.uniform(0, 24)))
            if when <= ICE_END:
                add_bookin(p, when, ch(["Non-Custodial Arrest", "Non-Custodial Arrest", "Located", "CAP Local Incarceration"]), J["st"] if rng.random() < 0.8 else ch(OTHER_STATES))


# filler: people never in these jails
def filler_book_ins():
    n_target = int(rng.integers(7000, 17000))
    n_fill = max(1000, n_target - len(book_ins))
    sub_states = [JUR[k]["st"] for k in jkeys]
    for _ in range(n_fill):
        st = ch(sub_states) if rng.random() < 0.55 else ch(OTHER_STATES)
        home_st = st if st in REGION_MIX else ch(["TX", "CA", "FL", "NY"])
        p = new_person(home_st, True)
        p["noncit"] = True
        if not p["anum"]:
            p["anum"] = f"A{int(rng.integers(200000000, 216000000)):09d}"
        when = D0 + timedelta(days=float(rng.uniform(0, 3 * 365)), hours=float(rng.uniform(0, 24)))
        m = ch(["CAP Local Incarceration", "Non-Custodial Arrest", "Located", "Other Efforts", "287(g) Program"], [60, 18, 10, 7, 5])
        add_bookin(p, when, m, st)
        if rng.random() < 0.06:
            add_bookin(p, when + timedelta(days=float(rng.uniform(30, 500))), ch(["Non-Custodial Arrest", "CAP Local Incarceration"]), st)
