"""ICE's Declined Detainer Outcome Report as ICE would have written it, with its known faults,
and the truth of every listed entry.

    >>> entries = list_entries(bookings, people, jur, params, clock, rng)

Sources of listed entries (`kind`): true declines; hand-overs to other agencies; honoured
detainers listed anyway (Hennepin); declines recorded while the person is still held; the
policy-day batch (Travis), with old open detainers of people long gone; the same detainer
listed again the next week; rows filed under a same-named county of another state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.synth.catalog import CATEGORIES_BY_INDEX, CHARGE_WEIGHTS, COUNTRIES
from linkage.synth.jail import Clock, day
from linkage.synth.jurisdictions import origin_mix
from linkage.synth.params import WorldParams

OLD_START, OLD_END = day(pd.Timestamp("2010-01-01").date()), day(pd.Timestamp("2015-12-31").date())


def _delay(n: int, p: tuple[float, ...], rng: np.random.Generator) -> np.ndarray:
    """Days from release to the day ICE records the decline: mostly 0-10, sometimes up to 45."""
    probs = np.array(p + (max(0.0, 1 - sum(p)),))
    k = rng.choice(len(probs), n, p=probs / probs.sum())
    return np.where(k == len(p), rng.integers(11, 46, n), k).astype(float)


def list_entries(bk: pd.DataFrame, people: pd.DataFrame, jur: pd.DataFrame, params: WorldParams,
                 clock: Clock, rng: np.random.Generator) -> pd.DataFrame:
    """One row per listed entry: booking row (or -1), listed jurisdiction, dates, kind."""
    st = params.story
    det = bk.detainer.to_numpy()
    released = ~np.isnan(bk.release_t.to_numpy())
    cls = bk.release_class.to_numpy()
    jid = bk.jid.to_numpy()
    rel_day = np.floor(np.nan_to_num(bk.release_t.to_numpy(), nan=np.inf))
    handover = jur.listed_handover_rate.fillna(st.list_honoured).to_numpy()[jid]
    policy = jur.policy.to_numpy()[jid]
    parts = []

    def add(rows: np.ndarray, declined: np.ndarray, kind: str) -> None:
        parts.append(pd.DataFrame({"row": rows, "jid": jid[rows], "issued_t": bk.issued_t.to_numpy()[rows],
                                   "declined_t": declined, "kind": kind}))

    street = det & released & np.isin(cls, ["bond", "court", "served"])
    met = bk.to_ice.to_numpy()
    rows = np.flatnonzero(street & ~met & (rng.random(len(bk)) < st.list_decline))
    add(rows, rel_day[rows] + _delay(len(rows), st.decline_delay_days, rng), "true_decline")
    # Refused the hold but told ICE the release time: ICE took them at the door, and ICE
    # still lists the refusal.
    rows = np.flatnonzero(street & met & (rng.random(len(bk)) < st.list_decline))
    add(rows, rel_day[rows] + _delay(len(rows), st.decline_delay_days, rng), "met_at_release")
    rows = np.flatnonzero(det & (cls == "other_agency") & (rng.random(len(bk)) < st.list_other_agency))
    add(rows, rel_day[rows] + _delay(len(rows), st.decline_delay_days, rng), "other_agency")
    rows = np.flatnonzero(det & (cls == "ice") & (rng.random(len(bk)) < handover))
    add(rows, rel_day[rows] + _delay(len(rows), st.decline_delay_days, rng), "honoured_but_listed")

    # Declines recorded while the person is still held (the jail said it would not honour).
    lo = np.maximum(bk.issued_t.to_numpy(), clock.report_start)
    hi = np.minimum(rel_day, clock.report_end)
    held = det & np.isin(policy, ["declines", "mixed"]) & (hi - lo >= 2)
    rows = np.flatnonzero(held & (rng.random(len(bk)) < st.list_in_custody))
    add(rows, np.floor(lo[rows] + rng.random(len(rows)) * (hi[rows] - lo[rows] - 1)), "in_custody_listed")

    entries = pd.concat(parts, ignore_index=True)
    entries = pd.concat([entries, _policy_day(bk, people, jur, st, rng)], ignore_index=True)
    entries = _duplicates(entries, st.duplicate, clock, rng)
    entries = entries[(entries.relist_week >= 0) & (entries.relist_week < clock.weeks)]
    entries = _misattribute(entries, jur, st.misattributed, rng)
    return entries.reset_index(drop=True)


def _policy_day(bk: pd.DataFrame, people: pd.DataFrame, jur: pd.DataFrame, st,
                rng: np.random.Generator) -> pd.DataFrame:
    """Every detainer held on the policy day, plus ICE's old open detainers, listed in one week."""
    out = []
    for j in jur.loc[jur.policy == "policy_day", "jid"]:
        t = float(jur.policy_t[j])
        held = ((bk.jid == j) & bk.detainer & (bk.booking_t <= t) & (bk.issued_t <= t)
                & ~(bk.release_t < t)).to_numpy()
        rows = np.flatnonzero(held)
        issued = bk.issued_t.to_numpy()[rows].copy()
        old = rng.random(len(rows)) < st.old_detainer_share
        issued[old] = np.floor(rng.uniform(OLD_START, OLD_END, old.sum()))
        declined = t + rng.integers(0, 3, len(rows))
        out.append(pd.DataFrame({"row": rows, "jid": j, "issued_t": issued, "declined_t": declined,
                                 "kind": "policy_day"}))
        lo, hi = st.policy_day_ghosts
        n_ghost = int(round(rng.uniform(lo, hi) * float(jur.weekly[j]) / 150))
        codes, p = origin_mix(str(jur.region[j]))
        out.append(pd.DataFrame({
            "row": -1, "jid": j, "issued_t": np.floor(rng.uniform(OLD_START, OLD_END, n_ghost)),
            "declined_t": t + rng.integers(0, 3, n_ghost), "kind": "policy_day",
            "ghost_citizenship": np.array(codes, dtype=object)[rng.choice(len(codes), n_ghost, p=p)],
        }))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


def _duplicates(entries: pd.DataFrame, rate: float, clock: Clock, rng: np.random.Generator) -> pd.DataFrame:
    """The same detainer listed again in the following week's report."""
    week = np.floor((entries.declined_t - clock.report_start) / 7)
    pick = entries[(rng.random(len(entries)) < rate) & (entries.row >= 0)].copy()
    wk = week[pick.index].to_numpy()
    same = rng.random(len(pick)) < 0.5
    new_day = clock.report_start + 7 * (wk + 1) + rng.integers(0, 7, len(pick))
    pick["declined_t"] = np.where(same, pick.declined_t, new_day)
    pick["relist_week"] = wk + 1
    pick["kind"] = "duplicate"
    entries = entries.copy()
    entries["relist_week"] = week
    return pd.concat([entries, pick], ignore_index=True)


def _misattribute(entries: pd.DataFrame, jur: pd.DataFrame, rate: float,
                  rng: np.random.Generator) -> pd.DataFrame:
    """File a few rows under the same-named county of another state."""
    entries = entries.copy()
    entries["listed_jid"] = entries.jid
    twins = jur.groupby("county").jid.apply(list)
    for jids in twins.to_numpy():
        if len(jids) < 2:
            continue
        for j in jids:
            mask = ((entries.jid == j) & (entries.row >= 0) & (entries.kind != "policy_day")).to_numpy()
            flip = mask & (rng.random(len(entries)) < rate)
            others = [o for o in jids if o != j]
            entries.loc[flip, "listed_jid"] = rng.choice(others, flip.sum())
            entries.loc[flip, "kind"] = "misattributed_county"
    return entries


def notable_criminal_activity(bk_rows: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """`Charged: Burglary; Convicted: Driving Under Influence Liquor`, from the jail charges
    (convicted when the person served a sentence) and prior convictions ICE knows of."""
    n = len(bk_rows)
    convicted_now = (bk_rows.release_class.to_numpy() == "served")
    w = np.array([CHARGE_WEIGHTS[c] for c in CATEGORIES_BY_INDEX])
    prior = rng.choice(len(CATEGORIES_BY_INDEX), (n, 2), p=w / w.sum())
    n_prior = rng.choice(3, n, p=[0.55, 0.33, 0.12])
    out = np.empty(n, dtype=object)
    cats = bk_rows[["charge0", "charge1", "charge2"]].to_numpy()
    keep = rng.random(cats.shape) < 0.85
    for i in range(n):  # entries are few (thousands even nationally): plain Python is fine here
        now = [CATEGORIES_BY_INDEX[c] for c, k in zip(cats[i], keep[i], strict=True) if c >= 0 and k]
        items = [("Convicted: " if convicted_now[i] else "Charged: ") + c for c in dict.fromkeys(now)]
        items += ["Convicted: " + CATEGORIES_BY_INDEX[c] for c in dict.fromkeys(prior[i, : n_prior[i]])
                  if CATEGORIES_BY_INDEX[c] not in now]
        out[i] = "; ".join(items)
    return out


def ice_citizenship(codes: np.ndarray) -> np.ndarray:
    return np.array([COUNTRIES[c].ice for c in codes], dtype=object)
