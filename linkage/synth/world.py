"""Generate a whole synthetic world with its ground truth.

    >>> summary = generate_world("fixtures/demo", seed=2017, scale="demo")
    >>> summary["outcomes"]["transferred_to_ice"]
    42

Files written into `out_dir`: `reports.csv`, `releases/<st>-<county>.csv|xlsx`, `custody.csv`,
`truth.csv`, `world.json`, and `headers/<st>-<county>.toml` for logs whose headers no alias
covers. National-fraction worlds also write `links.csv`: every ICE book-in that follows a
logged jail release (hand-overs, later arrests), the truth of hop 2 for benchmarks. The same seed (and parameters) gives byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.synth.custody import simulate_book_ins
from linkage.synth.jail import Clock, day, simulate_jails
from linkage.synth.jurisdictions import (
    CUSTOM_HEADERS,
    choose_jurisdictions,
    ensure_variety,
    header_map_toml,
    release_layout,
    reports_layout,
)
from linkage.synth.params import WorldParams
from linkage.synth.report import ice_citizenship, list_entries, notable_criminal_activity
from linkage.synth.writers import LogWriter, fmt_date, fmt_datetime, release_frame

OUTCOME_OF_CLASS = {"ice": "transferred_to_ice", "other_agency": "transferred_to_other_agency",
                    "bond": "declined_confirmed", "court": "declined_confirmed",
                    "served": "declined_confirmed"}
OUTCOMES = ("transferred_to_ice", "transferred_to_other_agency", "declined_confirmed",
            "still_in_custody", "no_release_record")
STAGES = ("jurisdictions", "layouts", "jails", "report", "custody", "write")


def generate_world(out_dir: str | Path, *, seed: int = 0, scale: float | str = "demo",
                   weeks: int | None = None, foia: bool = False,
                   params: WorldParams | None = None) -> dict:
    """Write a world into `out_dir` and return a summary: rows per file, entries per outcome,
    per kind and per jurisdiction."""
    params = params or WorldParams.for_scale(scale, weeks)
    st = params.story
    # One generator per stage: changing how one stage draws leaves the others' draws alone.
    rng = {name: np.random.default_rng([seed, i]) for i, name in enumerate(STAGES)}
    national = params.scale != "demo"
    clock = Clock(day(st.report_start), st.weeks, st.lead_weeks, st.custody_tail_weeks)

    jur = choose_jurisdictions(params, rng["jurisdictions"])
    lo, hi = st.policy_day_week
    week = rng["jurisdictions"].integers(int(lo), int(hi) + 1, len(jur))
    jur["policy_t"] = np.where(jur.policy == "policy_day",
                               clock.report_start + 7 * (np.minimum(week, st.weeks) - 1)
                               + rng["jurisdictions"].integers(1, 5, len(jur)), np.inf)
    layouts = {row.key: release_layout(row, params, rng["layouts"], national=national)
               for row in jur.itertuples()}
    if not national:
        ensure_variety(layouts, rng["layouts"])
    rlayout = reports_layout(rng["layouts"])

    bk, people = simulate_jails(jur, params, clock, rng["jails"])
    bk["booking_id"] = _booking_ids(bk, jur, layouts, rng["layouts"])
    entries = list_entries(bk, people, jur, params, clock, rng["report"])
    book_ins = simulate_book_ins(bk, people, jur, params, clock, rng["custody"])
    book_ins["custody_id"] = _custody_ids(len(book_ins), rng["custody"])
    entries = _truth(entries, bk, book_ins, jur, clock, rng["report"])

    out = Path(out_dir)
    if (out / "releases").exists():
        shutil.rmtree(out / "releases")
    (out / "releases").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    logged = _rows_by_jurisdiction(bk, bk.in_log.to_numpy(), len(jur))
    # A national world's logs are written on the second core while the first draws the next
    # (`LogWriter`); a demo's 16 small logs are not worth a child process.
    with LogWriter(background=national) as logs:
        for row in jur.itertuples():
            layout = layouts[row.key]
            jail = pd.Series(row._asdict())
            frame = release_frame(bk.iloc[logged[row.jid]], people, layout, jail, rng["write"])
            logs.write(out / "releases" / layout["file"], frame, layout)
            counts[f"releases/{layout['file']}"] = len(frame)
            if row.key in CUSTOM_HEADERS:
                (out / "headers").mkdir(exist_ok=True)
                header_map = out / "headers" / f"{row.state.lower()}-{row.county.lower()}.toml"
                header_map.write_text(header_map_toml(row.key))
    counts["reports.csv"] = _write_reports(out / "reports.csv", entries, bk, people, jur, rlayout, clock,
                                          rng["write"])
    counts["custody.csv"] = _write_custody(out / "custody.csv", book_ins, foia, rng["write"])
    truth = entries[["entry_id", "true_outcome", "booking_id", "jurisdiction", "custody_id",
                     "duplicate_of", "stale", "kind"]]
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    counts["truth.csv"] = len(truth)
    if national:
        counts["links.csv"] = _write_links(out / "links.csv", book_ins, bk, jur)
    summary = _summary(counts, entries, bk, book_ins, jur)
    world = {"seed": seed, "foia": foia, "params": params.to_json(), "reports_layout": rlayout,
             "clock": {"report_start": str(st.report_start), "weeks": st.weeks,
                       "log_start": fmt_date(np.array([clock.log_start]), "iso")[0],
                       "log_end": fmt_date(np.array([clock.log_end]), "iso")[0],
                       "custody_end": fmt_date(np.array([clock.custody_end]), "iso")[0]},
             "jurisdictions": [_jur_json(r, layouts[r["key"]], clock) for r in jur.to_dict("records")],
             "summary": summary}
    (out / "world.json").write_text(json.dumps(world, indent=1, sort_keys=True, default=str) + "\n")
    return summary


def _rows_by_jurisdiction(bk: pd.DataFrame, keep: np.ndarray, n_jur: int) -> list[np.ndarray]:
    """Per jurisdiction ID, the positions in `bk` of its rows where `keep`, in `bk`'s order.

    One stable sort instead of a mask over every booking per jurisdiction: 3,000 masks over
    11 M national bookings were most of the time spent writing a national world. IDs are
    0 .. n_jur - 1 (`choose_jurisdictions` numbers them so)."""
    rows = np.flatnonzero(keep)
    jid = bk.jid.to_numpy()[rows]
    if jid.size and not 0 <= jid.min() <= jid.max() < n_jur:
        raise ValueError(f"jurisdiction IDs run {jid.min()}..{jid.max()}, not within 0..{n_jur - 1}")
    rows = rows[np.argsort(jid, kind="stable")]
    return np.split(rows, np.searchsorted(np.sort(jid), np.arange(1, n_jur)))


def _booking_ids(bk: pd.DataFrame, jur: pd.DataFrame, layouts: dict, rng: np.random.Generator) -> np.ndarray:
    """Booking numbers in booking order, in each jail's own style (`17001234`, `2017-001234`...)."""
    seq = bk.groupby("jid").cumcount().to_numpy() + 1
    start = rng.integers(1000, 90000, len(jur))
    n = seq + start[bk.jid.to_numpy()]
    year = (np.datetime64("2000-01-01") + np.floor(bk.booking_t.to_numpy()).astype("int64")).astype("M8[Y]").astype(int) + 1970
    style = np.array([layouts[k]["booking_id_style"] for k in jur.key])[bk.jid.to_numpy()]
    # Each style spells only its own rows (numpy's casts of 11 M numbers, four times over, took
    # 26 s nationally); str.format of two ints is the same text as zero-filled casts.
    spelling = {"yyseq": "{1:02d}{0:06d}", "year-seq": "{2}-{0:06d}", "prefix": "B{0:08d}"}  # else plain
    out = np.empty(len(n), dtype=object)
    for name in np.unique(style):
        pattern, rows = spelling.get(name, "{0}"), np.flatnonzero(style == name)
        out[rows] = [pattern.format(k, y % 100, y) for k, y in zip(n[rows].tolist(), year[rows].tolist(), strict=True)]
    return out


def _write_links(path: Path, book_ins: pd.DataFrame, bk: pd.DataFrame, jur: pd.DataFrame) -> int:
    """Hop 2's truth: (jurisdiction, booking_id, custody_id, source) of every book-in that
    follows a release in some jail's log. truth.csv holds only listed entries' hand-overs."""
    linked = book_ins[book_ins.row >= 0]
    row = linked.row.to_numpy()
    keep = bk.in_log.to_numpy()[row] & ~np.isnan(bk.release_t.to_numpy()[row])
    links = pd.DataFrame({
        "jurisdiction": jur.key.to_numpy()[bk.jid.to_numpy()[row[keep]]],
        "booking_id": bk.booking_id.to_numpy()[row[keep]],
        "custody_id": linked.custody_id.to_numpy()[keep],
        "source": linked.source.to_numpy()[keep],
    }).sort_values(["jurisdiction", "booking_id", "custody_id"])
    links.to_csv(path, index=False, lineterminator="\n")
    return len(links)


def _custody_ids(n: int, rng: np.random.Generator) -> np.ndarray:
    ids = np.unique(rng.integers(1 << 36, 1 << 40, int(n * 1.01) + 10))
    ids = rng.permutation(ids)[:n]
    return pd.Series(ids).map("{:010X}".format).to_numpy()


def _truth(entries: pd.DataFrame, bk: pd.DataFrame, book_ins: pd.DataFrame, jur: pd.DataFrame,
           clock: Clock, rng: np.random.Generator) -> pd.DataFrame:
    e = entries.copy()
    row = e.row.to_numpy()
    has = row >= 0
    r = np.maximum(row, 0)
    in_log = has & bk.in_log.to_numpy()[r]
    week_end = clock.report_start + 7 * (e.relist_week.to_numpy() + 1)
    released = has & (np.nan_to_num(bk.release_t.to_numpy()[r], nan=np.inf) < week_end)
    cls = pd.Series(bk.release_class.to_numpy()[r]).map(OUTCOME_OF_CLASS).fillna("").to_numpy()
    to_ice = has & bk.to_ice.to_numpy()[r]
    outcome = np.where(released, np.where(to_ice, "transferred_to_ice", cls), "still_in_custody")
    outcome = np.where(in_log, outcome, "no_release_record")
    e["true_outcome"] = outcome
    e.loc[has & ~in_log & (e.kind != "policy_day").to_numpy(), "kind"] = "not_in_log"
    e["booking_id"] = np.where(in_log, bk.booking_id.to_numpy()[r], "")
    e["jurisdiction"] = jur.key.to_numpy()[e.jid.to_numpy()]
    transfer = book_ins[book_ins.source == "transfer"].set_index("row").custody_id
    e["custody_id"] = np.where(outcome == "transferred_to_ice", pd.Series(row).map(transfer).fillna("").to_numpy(), "")
    e["stale"] = np.where(e.declined_t - e.issued_t > 365, "true", "false")
    e["state_key"] = jur.key.to_numpy()[e.listed_jid.to_numpy()]
    e["tiebreak"] = rng.random(len(e))
    e = e.sort_values(["relist_week", "state_key", "declined_t", "issued_t", "tiebreak"]).reset_index(drop=True)
    week_start = fmt_date(clock.report_start + 7 * e.relist_week.to_numpy(), "iso")
    seq = e.groupby("relist_week").cumcount().to_numpy() + 1
    e["entry_id"] = ["DD" + w.replace("-", "") + f"-{k:04d}" for w, k in zip(week_start, seq, strict=True)]
    first = e[e.row >= 0].groupby("row").entry_id.first()
    dup = e.row.map(first).fillna("")
    e["duplicate_of"] = np.where((e.row >= 0) & (dup != e.entry_id), dup, "")
    return e


def _write_reports(path: Path, e: pd.DataFrame, bk: pd.DataFrame, people: pd.DataFrame,
                   jur: pd.DataFrame, layout: dict, clock: Clock, rng: np.random.Generator) -> int:
    from linkage.synth.jail import us_states

    listed = jur.loc[e.listed_jid.to_numpy()]
    r = e.row.to_numpy()
    # Old open detainers have no booking: borrow the charges of a detainee of the same jail.
    pool = _rows_by_jurisdiction(bk, bk.detainer.to_numpy(), len(jur))
    src = np.array([row if row >= 0 else rng.choice(pool[j]) if len(pool[j]) else 0
                    for row, j in zip(r, e.jid, strict=True)])
    person = people.loc[bk.person_id.to_numpy()[src]]
    cit = np.where(r >= 0, person.citizenship.to_numpy(), e.get("ghost_citizenship", pd.Series([""] * len(e))).to_numpy())
    codes, names = us_states()
    state_name = dict(zip(codes, names, strict=True))
    state = listed.state.to_numpy() if layout["state_value"] == "code" else np.array(
        [state_name[s].upper() for s in listed.state], dtype=object)
    county = listed.county.to_numpy().astype(object)
    if layout["county_value"] != "upper":
        county = county + " COUNTY"
        if layout["county_value"] == "title_county":
            county = np.array([c.title() for c in county], dtype=object)
    ds = layout["date_style"]
    col = {
        "entry_id": e.entry_id.to_numpy(),
        "report_week": fmt_date(clock.report_start + 7 * e.relist_week.to_numpy(), ds),
        "state": state, "county": county, "city": listed.city.fillna("").to_numpy(),
        "facility": listed.ice_facility.to_numpy(), "citizenship": ice_citizenship(cit),
        "notable_criminal_activity": notable_criminal_activity(bk.iloc[src], rng),
        "detainer_issued_date": fmt_date(e.issued_t.to_numpy(), ds),
        "detainer_declined_date": fmt_date(e.declined_t.to_numpy(), ds),
    }
    col["notable_criminal_activity"] = np.where(rng.random(len(e)) < 0.05, "", col["notable_criminal_activity"])
    frame = pd.DataFrame({layout["headers"][c]: col[c] for c in layout["columns"]})
    frame.to_csv(path, index=False, lineterminator="\n")
    return len(frame)


def _write_custody(path: Path, b: pd.DataFrame, foia: bool, rng: np.random.Generator) -> int:
    b = b.sort_values(["t", "custody_id"]).reset_index(drop=True)
    style = str(rng.choice(["mdy", "iso"]))
    col = {
        "Unique Identifier" if not foia else "Anonymized Identifier": b.custody_id.to_numpy(),
        "Book In Date Time" if not foia else "Stay Book In Date Time": fmt_datetime(b.t.to_numpy(), style, "hm"),
        "Citizenship Country": b.citizenship_ice.to_numpy(),
        "Gender": np.where(b.sex_ice.to_numpy() == "M", "Male", "Female"),
    }
    if foia:
        col["Birth Year"] = b.birth_year.map(lambda y: "" if pd.isna(y) else str(int(y))).to_numpy()
    else:
        col["Birth Date"] = np.where(b.birth_date.isna(), "", b.birth_date.dt.strftime(
            "%Y-%m-%d" if style == "iso" else "%m/%d/%Y").fillna(""))
        col["Last Name"] = b.last_name.to_numpy()
        col["First Name"] = b.first_name.to_numpy()
        col["A Number"] = b.a_number_ice.to_numpy()
    col["Apprehension State"] = b.state.to_numpy()
    col["Apprehension Method"] = b.method.to_numpy()
    col["Detention Facility"] = b.facility.to_numpy()
    col["Detention Facility Code"] = b.facility_code.to_numpy()
    pd.DataFrame(col).to_csv(path, index=False, lineterminator="\n")
    return len(b)


def _jur_json(r: dict, layout: dict, clock: Clock) -> dict:
    keep = ("key", "state", "county", "city", "jail_facility", "ice_facility", "policy", "weekly",
            "foreign_share", "detainer_rate", "listed_handover_rate", "log_omitted", "met_at_release",
            "region")
    out = {k: r[k] for k in keep}
    out["weekly"] = round(out["weekly"], 1)
    if np.isfinite(r["policy_t"]):
        out["policy_day"] = fmt_date(np.array([r["policy_t"]]), "iso")[0]
    out["layout"] = layout
    return out


def _summary(counts: dict, e: pd.DataFrame, bk: pd.DataFrame, book_ins: pd.DataFrame,
             jur: pd.DataFrame) -> dict:
    by_outcome = e.groupby(["jurisdiction", "true_outcome"]).size().to_dict()
    listed = e.jurisdiction.value_counts().to_dict()
    logged = np.bincount(bk.jid.to_numpy()[bk.in_log.to_numpy()], minlength=len(jur))
    per_jur = {}
    for j, key in zip(jur.jid, jur.key, strict=True):
        per_jur[key] = {o: int(by_outcome.get((key, o), 0)) for o in OUTCOMES}
        per_jur[key]["entries"] = int(listed.get(key, 0))
        per_jur[key]["bookings"] = int(logged[j])
    return {
        "files": counts,
        "entries": len(e),
        "outcomes": {o: int((e.true_outcome == o).sum()) for o in OUTCOMES},
        "kinds": {str(k): int(v) for k, v in e.kind.value_counts().sort_index().items()},
        "duplicates": int((e.duplicate_of != "").sum()),
        "stale": int((e.stale == "true").sum()),
        "bookings": int(bk.in_log.sum()),
        "detainers": int(bk.detainer.sum()),
        "book_ins": {str(k): int(v) for k, v in book_ins.source.value_counts().sort_index().items()},
        "jurisdictions": per_jur,
    }
