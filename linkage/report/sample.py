"""A filled store for report tests, development and the benchmark: one run whose outcomes,
candidate pairs, models and input rows look like the real producer's.

    >>> run_id = fill_sample_run(store, entries=300)          # includes the Travis week
    >>> run_id = fill_sample_run(store, entries=10_000, hostile=True)

It is not the synthetic world of `linkage.synth` (that one has ground truth and drives the
matcher); this one only has to exercise every part of the report. Rows are generated in
Python and inserted as Arrow tables in one statement per table, so 10,000 entries take ~2 s.
"""

from __future__ import annotations

import functools
import json
import math
import random
from datetime import date, datetime, timedelta

import pyarrow as pa

from linkage.match.spec import level_labels
from linkage.report.scope import OUTCOMES
from linkage.store import Store

HOSTILE_NAME = "<script>alert(1)</script>, JUAN"

JURISDICTIONS = [  # state, county, facility, share of ordinary entries
    ("TX", "TRAVIS", "TRAVIS COUNTY JAIL", 0.04),
    ("MN", "HENNEPIN", "HENNEPIN COUNTY JAIL", 0.02),
    ("CA", "ORANGE", "ORANGE COUNTY JAIL", 0.16),
    ("IL", "COOK", "COOK COUNTY JAIL", 0.18),
    ("NY", "NASSAU", "NASSAU COUNTY CORRECTIONAL CENTER", 0.12),
    ("OR", "WASHINGTON", "WASHINGTON COUNTY JAIL", 0.10),
    ("PA", "PHILADELPHIA", "PHILADELPHIA INDUSTRIAL CORRECTION CENTER", 0.14),
    ("CO", "DENVER", "DENVER COUNTY JAIL", 0.12),
    ("WA", "KING", "KING COUNTY CORRECTIONAL FACILITY", 0.12),
]
WEEKS = [date(2017, 1, 27) + timedelta(weeks=i) for i in range(12)]  # Fridays, as ICE dated them
TRAVIS_WEEK = date(2017, 2, 10)
SURNAMES = ["GARCIA", "GARCIA LOPEZ", "HERNANDEZ", "MARTINEZ", "NGUYEN", "SMITH", "KOWALENKO",
            "RAMIREZ", "LOPEZ", "GONZALEZ", "PEREZ", "SANCHEZ", "CRUZ", "REYES", "TORRES"]
FIRST_NAMES = ["JUAN", "JOSE", "MARIA", "LUIS", "ANA", "CARLOS", "OLEKSANDR", "MIGUEL", "ROSA"]
COUNTRIES = [("MEXICO", "MEX", "Distrito Federal, Mexico"), ("GUATEMALA", "GTM", "Guatemala"),
             ("HONDURAS", "HND", "Honduras"), ("UKRAINE", "UKR", "Kyiv, Ukraine"),
             ("EL SALVADOR", "SLV", "El Salvador"), ("CHINA, PEOPLES REPUBLIC OF", "CHN", "China")]
NCA = ["Charged: Burglary", "Convicted: Driving Under Influence Liquor",
       "Charged: Assault; Convicted: Traffic Offense", "Charged: Larceny", None]
CHARGES = ["BURGLARY OF HABITATION", "DWI", "ASSAULT CAUSES BODILY INJ", "THEFT PROP >=$100<$750"]
RELEASE_REASON = {"transferred_to_ice": "RELEASED TO ICE", "declined_confirmed": "BOND-SURETY",
                  "transferred_to_other_agency": "RELEASED TO OTHER AGENCY"}

# Comparison names and labels as the real hops write them (linkage/match/hop1.py, hop2.py).
HOP1_LEVELS = {  # comparison -> [(label, weight)] best first; "else" is Splink's catch-all
    "stay": [("released 0–3 days before the recorded decline, detainer issued during the stay or carried onto it", 6.3),
             ("released 4–10 days before the decline, detainer issued during the stay or carried onto it", 4.4),
             ("still in custody at the decline, detainer issued during the stay or carried onto it", -0.6),
             ("else", -3.8)],
    "hold_vs_issued": [("jail hold date = detainer issued date", 7.0),
                       ("hold date within 3 days of issued date", 3.3), ("else", -7.2)],
    "ice_hold": [("jail recorded an ICE hold", 4.9), ("else", -7.6)],
    "citizenship": [("citizenship = place of birth", 3.2), ("else", -3.0)],
    "offences": [("the same offence categories", 4.1), ("every offence category of the booking is on the entry", 2.3),
                 ("an offence category in common", 0.8), ("else", -5.1)],
    "charge_status": [("served a sentence, and the entry lists no pending charge", 2.0),
                      ("released on bond or by a court, and the entry lists a pending charge", 0.1),
                      ("else", -1.9)],
}
HOP2_LEVELS = {
    "surname": [("surname identical", 9.0), ("a surname token in common (double surname)", 6.1),
                ("else", -5.0)],
    "first_name": [("first name identical", 9.1), ("same first initial", -0.9), ("else", -4.2)],
    "birth": [("birth date identical", 13.1), ("birth date with day and month swapped", 8.0),
              ("same birth year", 2.9), ("else", -6.3)],
    "sex": [("same sex", 0.5), ("else", -4.0)],
    "citizenship": [("citizenship = place of birth", 1.5), ("else", -3.4)],
    "timing": [("ICE book-in 6–24 h after release", 6.7), ("ICE book-in 1–3 days after release", 3.0),
               ("ICE book-in 2–17 weeks after release", -1.5)],
    "method": [("CAP Local Incarceration", 0.4), ("Non-Custodial Arrest", -1.1)],
    "state": [("apprehended in the jail's state", 3.1), ("else", -2.0)],
}
PRIOR = {"hop1": -6.5, "hop2": -12.0}


def fill_sample_run(store: Store, *, entries: int = 300, seed: int = 7,
                    run_id: str = "run-sample", hostile: bool = False) -> str:
    """Insert one run of `entries` report entries (Travis's 128-entry week included when
    `entries` ≥ 200) with bookings, book-ins, candidate pairs, outcomes and both models."""
    rng = random.Random(seed)
    world = _World(rng, run_id)
    travis_big = 128 if entries >= 200 else 0
    for i in range(entries):
        if i < travis_big:
            world.entry(i, ("TX", "TRAVIS", "TRAVIS COUNTY JAIL"), TRAVIS_WEEK, travis=True)
        elif i < travis_big + 2:
            world.entry(i, ("MN", "HENNEPIN", "HENNEPIN COUNTY JAIL"), WEEKS[1],
                        force="transferred_to_ice")
        else:
            jur = rng.choices(JURISDICTIONS, weights=[j[3] for j in JURISDICTIONS])[0][:3]
            week = rng.choice(WEEKS)
            if travis_big and jur[1] == "TRAVIS" and week == TRAVIS_WEEK:  # that week is the batch alone
                week = rng.choice([w for w in WEEKS if w != TRAVIS_WEEK])
            world.entry(i, jur, week)
    if hostile:
        world.make_hostile()
    world.insert(store)
    return run_id


def _pair(hop: str, left: str, right: str, comps: list[dict]) -> dict:
    weight = PRIOR[hop] + sum(c["match_weight"] for c in comps)
    return {"hop": hop, "left_id": left, "right_id": right, "match_weight": round(weight, 4),
            "match_probability": 1 / (1 + 2 ** -weight),
            "evidence": {"prior_weight": PRIOR[hop], "comparisons": comps}}


class _World:
    def __init__(self, rng: random.Random, run_id: str):
        self.rng, self.run_id = rng, run_id
        self.rows: dict[str, list[dict]] = {k: [] for k in (
            "report_entries", "bookings", "book_ins", "scored_pairs", "outcomes")}
        self.n_bookings = 0
        self.by_uid: dict[str, dict] = {}
        self.n_book_ins = 0

    def _outcome(self, travis: bool) -> str:
        weights = ([12, 5, 1.5, 55, 18, 8] if travis else [20, 8, 45, 7, 10, 10])
        return self.rng.choices(OUTCOMES, weights=weights)[0]

    def entry(self, i: int, jur: tuple[str, str, str], week: date, *, travis: bool = False,
              force: str | None = None) -> None:
        rng = self.rng
        state, county, facility = jur
        outcome = force or self._outcome(travis)
        if travis and i < 2:
            outcome = "declined_confirmed"
        elif travis and outcome == "declined_confirmed":
            outcome = "still_in_custody"
        declined = week - timedelta(days=rng.randint(0, 6))
        age = rng.randint(400, 2500) if (travis and rng.random() < 0.8) else int(
            rng.expovariate(1 / 20)) + (400 if rng.random() < 0.06 else 0)
        issued = declined - timedelta(days=age)
        country = rng.choice(COUNTRIES)
        entry_id = f"E{i:06d}"
        self.rows["report_entries"].append({
            "entry_id": entry_id, "submission_id": 1, "row_number": i + 1, "report_week": week,
            "state": state, "county": county, "jurisdiction": f"{state}/{county}",
            "facility": facility, "facility_key": facility, "citizenship": country[0],
            "citizenship_country": country[1], "notable_criminal_activity": rng.choice(NCA),
            "detainer_issued_date": issued, "detainer_declined_date": declined})
        chosen = None
        if outcome != "no_release_record":
            chosen = self.booking(jur, declined, issued, country, outcome)
        n_decoys = rng.randint(0, 3) + (1 if outcome == "needs_review" else 0)
        decoys = [self.booking(jur, declined, issued, rng.choice(COUNTRIES), "decoy")
                  for _ in range(n_decoys)]
        for uid in ([chosen] if chosen else []) + decoys:
            good = uid == chosen and outcome != "needs_review"
            self.rows["scored_pairs"].append(_pair("hop1", entry_id, uid, self.comps(
                HOP1_LEVELS, good, outcome == "needs_review" and uid == chosen)))
        custody = self.hop2(chosen, outcome) if chosen else None
        probs = self.probs(outcome)
        confidence = probs[outcome]
        self.rows["outcomes"].append({
            "run_id": self.run_id, "entry_id": entry_id, "outcome": outcome,
            "confidence": confidence, "p_transferred": probs["transferred_to_ice"],
            "p_other_agency": probs["transferred_to_other_agency"],
            "p_declined": probs["declined_confirmed"], "p_in_custody": probs["still_in_custody"],
            "p_no_record": probs["no_release_record"],
            "booking_uid": chosen if outcome != "needs_review" else None,
            "booking_id": chosen.split("#")[1] if chosen and outcome != "needs_review" else None,
            "custody_id": custody, "duplicate_of": None, "stale": age > 365,
            "reasons": self.reasons(outcome, age, custody)})
        if rng.random() < 0.03 and i > 0:
            self.rows["outcomes"][-1]["duplicate_of"] = f"E{rng.randrange(i):06d}"

    def probs(self, outcome: str) -> dict[str, float]:
        top = self.rng.uniform(0.55, 0.75) if outcome == "needs_review" else self.rng.uniform(0.8, 0.999)
        rest = [self.rng.random() for _ in OUTCOMES]
        scale = (1 - top) / (sum(rest) - rest[OUTCOMES.index(outcome)])
        probs = {o: r * scale for o, r in zip(OUTCOMES, rest, strict=True)}
        probs[outcome] = top
        if outcome == "needs_review":  # the review state has no posterior of its own
            probs["declined_confirmed"], probs[outcome] = top, top
        return probs

    def reasons(self, outcome: str, age: int, custody: str | None) -> str:
        parts = {"transferred_to_ice": f"released to ICE, booked in as {custody}",
                 "declined_confirmed": "released on bond, no ICE book-in within 72 h",
                 "still_in_custody": "booking has no release; hold covers the issued date",
                 "transferred_to_other_agency": "released to another agency",
                 "no_release_record": "no booking in the jail's log fits the dates",
                 "needs_review": "two bookings fit about equally well"}[outcome]
        return parts + (f"; detainer {age} days old at decline" if age > 365 else "")

    def comps(self, levels: dict, good: bool, middling: bool = False) -> list[dict]:
        out = []
        for name, options in levels.items():
            if good:
                label, w = options[0] if self.rng.random() < 0.85 else options[1]
            elif middling:
                label, w = options[min(1, len(options) - 1)]
            else:
                label, w = self.rng.choice(options[1:] + [options[-1]])
            out.append({"name": name, "label": label, "match_weight": w,
                        "value_l": "", "value_r": ""})
        return out

    def booking(self, jur, declined, issued, country, outcome) -> str:
        rng = self.rng
        self.n_bookings += 1
        booking_id = f"B{self.n_bookings:07d}"
        uid = f"{jur[0]}/{jur[1]}#{booking_id}"
        last, first = rng.choice(SURNAMES), rng.choice(FIRST_NAMES)
        dob = date(rng.randint(1960, 1999), rng.randint(1, 12), rng.randint(1, 28))
        released = None if outcome == "still_in_custody" else datetime.combine(
            declined - timedelta(days=rng.randint(0, 3)), datetime.min.time()
        ) + timedelta(hours=rng.randint(0, 23))
        self.rows["bookings"].append({
            "booking_uid": uid, "booking_id": booking_id, "submission_id": 2,
            "row_number": self.n_bookings, "state": jur[0], "county": jur[1],
            "jurisdiction": f"{jur[0]}/{jur[1]}", "facility": jur[2], "facility_key": jur[2],
            "full_name": f"{last}, {first}", "last_name": last, "first_name": first,
            "surname_tokens": last.split(), "dob": dob, "birth_year": dob.year,
            "sex": rng.choice("MMMF"), "booking_date": datetime.combine(
                min(issued, declined - timedelta(days=5)), datetime.min.time()),
            "release_datetime": released, "release_reason": RELEASE_REASON.get(outcome, "TIME SERVED")
            if released else None, "charges": rng.choice(CHARGES), "place_of_birth": country[2],
            "birth_country": country[1], "hold_agency": "ICE", "ice_hold": True, "hold_date": issued})
        self.by_uid[uid] = self.rows["bookings"][-1]
        return uid

    def hop2(self, booking_uid: str, outcome: str) -> str | None:
        booking = self.by_uid[booking_uid]
        custody = None
        if outcome == "transferred_to_ice":
            custody = self.book_in(booking, True)
            self.rows["scored_pairs"].append(
                _pair("hop2", booking_uid, custody, self.comps(HOP2_LEVELS, True)))
        for _ in range(self.rng.randint(0, 2)):
            other = self.book_in(booking, False)
            self.rows["scored_pairs"].append(
                _pair("hop2", booking_uid, other, self.comps(HOP2_LEVELS, False)))
        return custody

    def book_in(self, booking: dict, same: bool) -> str:
        rng = self.rng
        self.n_book_ins += 1
        custody_id = f"C{self.n_book_ins:07d}"
        when = (booking["release_datetime"] or datetime(2017, 3, 1)) + (
            timedelta(hours=rng.randint(1, 30)) if same else timedelta(days=rng.randint(10, 90)))
        dob = booking["dob"] if same else date(rng.randint(1960, 1999), 5, 17)
        last = booking["last_name"] if same else rng.choice(SURNAMES)
        self.rows["book_ins"].append({
            "custody_id": custody_id, "submission_id": 3, "row_number": self.n_book_ins,
            "book_in_datetime": when, "citizenship": booking["place_of_birth"].split(", ")[-1].upper(),
            "citizenship_country": booking["birth_country"], "sex": booking["sex"],
            "birth_date": dob, "birth_year": dob.year, "last_name": last.replace(" ", "-"),
            "first_name": booking["first_name"] if same else rng.choice(FIRST_NAMES),
            "surname_tokens": last.split(), "a_number": f"{rng.randint(10**8, 10**9 - 1)}",
            "apprehension_state": booking["state"],
            "apprehension_method": "CAP Local Incarceration" if same else "Non-Custodial Arrest",
            "detention_facility": "SOUTH TEXAS ICE PROCESSING CENTER",
            "detention_facility_code": "STCDFTX"})
        return custody_id

    def make_hostile(self) -> None:
        """Names and text cells that try to run as HTML or as spreadsheet formulas."""
        booking_uid = next(o["booking_uid"] for o in self.rows["outcomes"] if o["booking_uid"])
        booking = next(b for b in self.rows["bookings"] if b["booking_uid"] == booking_uid)
        booking.update(full_name=HOSTILE_NAME, last_name="<script>alert(1)</script>")
        first = self.rows["outcomes"][0]
        first["reasons"] = "=HYPERLINK(\"x\",\"click\") </script><script>alert(2)</script>"
        self.rows["outcomes"][1]["reasons"] = "-2+3 looks like a formula"
        self.rows["outcomes"][2]["reasons"] = "@SUM(1) \t tab"

    def insert(self, store: Store) -> None:
        self._fill_values()
        con = store.con
        with store.transaction():
            for table, rows in self.rows.items():
                if not rows:
                    continue
                for row in rows:
                    if "evidence" in row:
                        row["levels"] = _gammas(row["evidence"], row["hop"])
                        row["evidence"] = json.dumps(row["evidence"])
                        row["run_id"] = self.run_id
                arrow = pa.Table.from_pylist(rows)
                con.register("_sample_rows", arrow)
                con.execute(f"insert into {table} by name select * from _sample_rows")
                con.unregister("_sample_rows")
            con.execute(
                "insert into runs (run_id, started_at, finished_at, status, config_hash, seed,"
                " hop1_model, hop2_model, inputs, versions)"
                " values (?, ?, ?, 'done', 'cfg-sample', 42, 'model-hop1', 'model-hop2', ?, ?)",
                [self.run_id, datetime(2017, 4, 20, 9), datetime(2017, 4, 20, 9, 1),
                 json.dumps({"submissions": [1, 2, 3]}), json.dumps({"splink": "5.0.0"})])
            for hop, levels in (("hop1", HOP1_LEVELS), ("hop2", HOP2_LEVELS)):
                con.execute(
                    "insert into models values (?, ?, ?, ?, ?) on conflict do nothing",
                    [f"model-{hop}", hop, json.dumps(_settings(levels, hop)),
                     json.dumps({"config_hash": "cfg-sample", "seed": 42, "splink_version": "5.0.0",
                                 "input_submissions": [1, 2, 3], "trained_at": "2017-04-19T22:00",
                                 "notes": ["m of citizenship kept from prior (EM gave m < u)"]}),
                     datetime(2017, 4, 19, 22)])

    def _fill_values(self) -> None:
        """Put the compared values into each pair's evidence (value_l / value_r)."""
        entries = {e["entry_id"]: e for e in self.rows["report_entries"]}
        bookings = {b["booking_uid"]: b for b in self.rows["bookings"]}
        book_ins = {c["custody_id"]: c for c in self.rows["book_ins"]}
        for pair in self.rows["scored_pairs"]:
            if pair["hop"] == "hop1":
                left, right = entries[pair["left_id"]], bookings[pair["right_id"]]
                values = {"stay": (left["detainer_declined_date"], right["release_datetime"]),
                          "hold_vs_issued": (left["detainer_issued_date"], right["hold_date"]),
                          "ice_hold": ("", right["ice_hold"]),
                          "citizenship": (left["citizenship_country"], right["birth_country"]),
                          "offences": (left["notable_criminal_activity"], right["charges"]),
                          "charge_status": (left["notable_criminal_activity"], right["release_reason"])}
            else:
                left, right = bookings[pair["left_id"]], book_ins[pair["right_id"]]
                values = {"surname": (left["last_name"], right["last_name"]),
                          "first_name": (left["first_name"], right["first_name"]),
                          "birth": (left["dob"], right["birth_date"]),
                          "sex": (left["sex"], right["sex"]),
                          "citizenship": (left["birth_country"], right["citizenship_country"]),
                          "timing": (left["release_datetime"], right["book_in_datetime"]),
                          "method": ("", right["apprehension_method"]),
                          "state": (left["state"], right["apprehension_state"])}
            for comp in pair["evidence"]["comparisons"]:
                vl, vr = values[comp["name"]]
                comp["value_l"] = "" if vl is None else str(vl)
                comp["value_r"] = "" if vr is None else str(vr)


def _gammas(evidence: dict, hop: str) -> list[int]:
    """A pair's levels as the store keeps them: Splink's gamma per comparison of the model."""
    said = {c["name"]: c["label"] for c in evidence["comparisons"]}
    return [by_label.get(said.get(name, ""), -1) for name, by_label in _gamma_of_label(hop).items()]


@functools.cache
def _gamma_of_label(hop: str) -> dict[str, dict[str, int]]:
    """Per comparison of the sample's model of `hop`, in order: level label -> gamma."""
    settings = _settings(HOP1_LEVELS if hop == "hop1" else HOP2_LEVELS, hop)
    return {name: {label: gamma for gamma, label in by_gamma.items()} for name, by_gamma in level_labels(settings)}


def _settings(levels: dict, hop: str) -> dict:
    """A Splink-5-shaped settings dict whose m/u give the sample's weights."""
    comparisons = []
    for name, options in levels.items():
        clevels = [{"sql_condition": f'"{name}_l" IS NULL OR "{name}_r" IS NULL',
                    "label_for_charts": "not recorded", "is_null_level": True}]
        for k, (label, weight) in enumerate(options):
            u = 0.02 * (k + 1) if weight > 0 else 0.6
            clevels.append({"sql_condition": f"level {k}", "label_for_charts": label,
                            "m_probability": min(0.98, u * 2 ** weight), "u_probability": u})
        comparisons.append({"output_column_name": name, "comparison_description": name,
                            "comparison_levels": clevels})
    return {"link_type": "link_only", "unique_id_column_name": "uid",
            "probability_two_random_records_match": 1 / (1 + 2 ** -PRIOR[hop]) / math.e,
            "comparisons": comparisons}
