"""World E's report entries and their truth: which releases ICE recorded as declines, how the
weekly reports spell them, relistings, and entries for a county that sent no log.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from world_e_data import (
    CATEGORIES,
    COUNTRIES,
    EXPORT_DATE,
    EXPORT_TIME,
    REGION_MIX,
    REPORT_ONLY,
    REPORT_START,
    REPORT_WEEKS,
)
from world_e_sim import World, pick_weighted

_CATS = list(CATEGORIES)


def decline_delay(rng: np.random.Generator) -> int:
    """Days from release to the day ICE records the decline."""
    u = rng.random()
    if u < .25:
        return 0
    if u < .70:
        return int(rng.integers(1, 4))
    if u < .92:
        return int(rng.integers(4, 11))
    return int(rng.integers(11, 36))


def week_of(d: date) -> int | None:
    w = (d - REPORT_START).days // 7
    return w if 0 <= w < REPORT_WEEKS else None


class Listing:
    def __init__(self, world: World, rng: np.random.Generator):
        self.world, self.rng = world, rng
        self.entries: list[dict] = []

    def run(self) -> list[dict]:
        self.declines()
        self.ghosts()
        self.relistings()
        self.number()
        return self.entries

    # --- which bookings ICE lists --------------------------------------------------------------

    def declines(self) -> None:
        rng = self.rng
        export = datetime.combine(EXPORT_DATE, EXPORT_TIME)
        for b in self.world.bookings:
            if b["det_issue"] is None:
                continue
            j = self.world.jur[b["jur"]]
            issue, rel = b["det_issue"], b["release"]
            days = lambda lo, hi: timedelta(days=int(rng.integers(lo, hi + 1)))  # noqa: E731
            if rel > export:  # still held when the log was exported
                if rng.random() < j["early"]:
                    d = issue.date() + days(0, 5)
                    if d < REPORT_START and rng.random() < .5:  # an old detainer re-reviewed
                        d = REPORT_START + days(0, 7 * REPORT_WEEKS - 1)
                    self.add(b, d, "still_in_custody", "early_notice")
                continue
            if b["kind"] == "ice":
                if rng.random() < j["err"]:
                    self.add(b, rel.date() + days(0, 4), "transferred_to_ice", "listed_handover")
            elif issue >= rel:
                if rng.random() < j["after"]:
                    outcome = "transferred_to_other_agency" if b["kind"] == "other" else "declined_confirmed"
                    self.add(b, issue.date() + days(0, 5), outcome, "lodged_after_release")
            elif b["kind"] == "other":
                if rng.random() < .35:
                    self.add(b, rel.date() + days(0, 6), "transferred_to_other_agency", "listed_other_agency")
            elif rng.random() < .85:
                self.add(b, rel.date() + timedelta(days=decline_delay(rng)), "declined_confirmed", "declined")

    def add(self, b: dict, declined: date, outcome: str, case: str) -> None:
        week = week_of(declined)
        if week is None:
            return
        j, person = self.world.jur[b["jur"]], b["person"]
        custody = b["custody"]
        truth = dict(outcome=outcome, booking_id=b["bid"], custody_id="", jurisdiction=j["key"],
                     case=case)
        if outcome == "transferred_to_ice" and custody is not None and not custody["missing"]:
            truth["custody_id"] = custody["custody_id"]
        if b["omitted"]:
            truth.update(outcome="no_release_record", booking_id="", custody_id="",
                         case=case + "+not_in_log")
        long_stay = (b["release"] - b["book"]).days > 30
        entry = self.fields(j, person.country, b["charges"][0][0], long_stay)
        issued = b["det_issue"].date()
        entry.update(week=week, issued=issued, declined=declined, truth=truth, dup_of=None,
                     stale=(declined - issued).days > 365)
        self.entries.append(entry)

    # --- how the report writes an entry -------------------------------------------------------

    def fields(self, j: dict, country: str, top: str, long_stay: bool) -> dict:
        rng = self.rng
        if rng.random() < .015:  # ICE's record names another country of the region
            country = pick_weighted(rng, list(REGION_MIX[j["region"]].items()))
        return dict(
            state=j["state"] if rng.random() < .7 else j["state_name"],
            county=pick_weighted(rng, j["ice_county"]),
            city=j["city"] if rng.random() < .88 else "",
            facility=pick_weighted(rng, j["ice_facility"]),
            citizenship=COUNTRIES[country][0],
            notable=self.notable(top, long_stay),
        )

    def notable(self, top: str, long_stay: bool) -> str:
        """`Charged: X; Convicted: Y`: 10% blank, 12% another category than the jail's top charge,
        35% with a prior conviction, a long stay often shown as convicted of the charge."""
        rng = self.rng
        if rng.random() < .10:
            return ""
        cat = top if rng.random() >= .12 else _CATS[int(rng.integers(len(_CATS)))]
        label = "Convicted" if long_stay and rng.random() < .5 else "Charged"
        parts = [f"{label}: {CATEGORIES[cat][0]}"]
        if rng.random() < .35:
            prior = _CATS[int(rng.integers(len(_CATS)))]
            if prior != cat:
                parts.append(f"Convicted: {CATEGORIES[prior][0]}")
        return "; ".join(parts)

    # --- entries with no log behind them; relistings; IDs ---------------------------------------

    def ghosts(self) -> None:
        """Baltimore County sent no log: its entries have no release record in any log here."""
        rng, j = self.rng, REPORT_ONLY
        for week in range(REPORT_WEEKS):
            for _ in range(int(rng.poisson(j["per_week"]))):
                declined = REPORT_START + timedelta(days=7 * week + int(rng.integers(7)))
                issued = declined - timedelta(days=int(rng.integers(0, 21)))
                country = pick_weighted(rng, list(REGION_MIX[j["region"]].items()))
                entry = self.fields(j, country, _CATS[int(rng.integers(len(_CATS)))], False)
                truth = dict(outcome="no_release_record", booking_id="", custody_id="",
                             jurisdiction=j["key"], case="no_log_submitted")
                entry.update(week=week, issued=issued, declined=declined, truth=truth,
                             dup_of=None, stale=False)
                self.entries.append(entry)

    def relistings(self) -> None:
        """5%: the same record again 1-3 weeks later; 1.5%: a second decline record of the same
        detainer 2-9 days later. Both are duplicates of the first listing."""
        rng = self.rng
        for e in list(self.entries):
            r = rng.random()
            if r < .05:
                again = dict(e, week=e["week"] + int(rng.integers(1, 4)))
            elif r < .065:
                declined = e["declined"] + timedelta(days=int(rng.integers(2, 10)))
                again = dict(e, declined=declined, week=week_of(declined))
                again["stale"] = (declined - e["issued"]).days > 365
            else:
                continue
            if again["week"] is None or again["week"] >= REPORT_WEEKS:
                continue
            again["dup_of"] = e
            again["truth"] = dict(e["truth"], case=e["truth"]["case"] + "+relisted")
            self.entries.append(again)

    def number(self) -> None:
        """Each weekly report is sorted by state, county and date; IDs follow that order."""
        weeks: dict[int, list[dict]] = {}
        for e in self.entries:
            weeks.setdefault(e["week"], []).append(e)
        ordered = []
        for w in sorted(weeks):
            rows = sorted(weeks[w], key=lambda e: (e["state"], e["county"], e["declined"],
                                                   e["facility"], e["citizenship"]))
            for i, e in enumerate(rows, 1):
                e["entry_id"] = f"DDOR17-W{w + 1:02d}-{i:04d}"
            ordered += rows
        # A relisting's original can be listed in the same week (a second decline record):
        # only the earlier of the two is the original.
        for e in ordered:
            if e["dup_of"] is not None:
                orig = e["dup_of"]
                if (orig["week"], orig["entry_id"]) > (e["week"], e["entry_id"]):
                    e["dup_of"], orig["dup_of"] = None, e
        self.entries = ordered
