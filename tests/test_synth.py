"""The synthetic world: deterministic, fully labelled, and written the way the contract reads."""

from __future__ import annotations

import json
import multiprocessing
import re
import sys
import threading
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from linkage.synth import OUTCOMES, generate_world
from linkage.synth import world as world_module
from linkage.synth.jurisdictions import header_map_toml
from linkage.synth.params import WorldParams, parse_scale
from linkage.synth.writers import LogWriter, fmt_date, fmt_datetime, write_release_log

REPO = Path(__file__).resolve().parent.parent
ALIASES = tomllib.loads((REPO / "configs" / "headers" / "aliases.toml").read_text())
REQUIRED = {
    "reports": {"report_week", "state", "county", "facility", "citizenship", "detainer_issued_date",
                "detainer_declined_date"},
    "releases": {"booking_id", "booking_date", "facility", "county", "state"},
    "custody": {"custody_id", "book_in_datetime", "citizenship"},
}
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(\d{4}|\d{2}))( \d{2}:\d{2}(:\d{2})?)?$")


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9#]", "", header.lower())


def canonical(headers: list[str], kind: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Header -> canonical column, as the readers map them (case, spaces, punctuation ignored)."""
    table = {_norm(c): c for c in ALIASES[kind]}
    for col, names in ALIASES[kind].items():
        table |= {_norm(n): col for n in names}
    table |= {_norm(h): c for h, c in (extra or {}).items()}
    return {h: table[_norm(h)] for h in headers if _norm(h) in table}


def read_log(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        return pd.DataFrame(rows[1:], columns=rows[0])
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return pd.read_csv(path, dtype=str, encoding=enc, keep_default_na=False)
    raise AssertionError(f"{path} is neither UTF-8 nor Windows-1252")


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("world")
    return out, generate_world(out, seed=2017, scale="demo")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(world, tmp_path):
    out, _ = world
    generate_world(tmp_path, seed=2017, scale="demo")
    assert _files(tmp_path) == _files(out)


def test_different_seeds_give_different_layouts(world, tmp_path):
    out, _ = world
    generate_world(tmp_path, seed=11, scale="demo")
    a = json.loads((out / "world.json").read_text())
    b = json.loads((tmp_path / "world.json").read_text())
    layouts_a = {j["key"]: j["layout"] for j in a["jurisdictions"]}
    layouts_b = {j["key"]: j["layout"] for j in b["jurisdictions"]}
    shared = set(layouts_a) & set(layouts_b) - {"MN/HENNEPIN"}
    assert shared, "the Travis-like county is in every demo world"
    assert any(layouts_a[k]["headers"] != layouts_b[k]["headers"] for k in shared)
    assert a["reports_layout"] != b["reports_layout"] or set(layouts_a) != set(layouts_b)


def test_truth_covers_every_entry(world):
    out, summary = world
    reports = pd.read_csv(out / "reports.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(out / "truth.csv", dtype=str, keep_default_na=False)
    assert list(truth.columns) == ["entry_id", "true_outcome", "booking_id", "jurisdiction",
                                   "custody_id", "duplicate_of", "stale", "kind"]
    assert truth.entry_id.is_unique and set(truth.entry_id) == set(reports.entry_id)
    assert set(truth.true_outcome) <= set(OUTCOMES)
    assert set(truth.stale) <= {"true", "false"}
    custody_ids = set(pd.read_csv(out / "custody.csv", dtype=str).iloc[:, 0])
    transferred = truth[truth.true_outcome == "transferred_to_ice"]
    assert len(transferred) >= 10 and transferred.custody_id.isin(custody_ids).all()
    assert (truth.loc[truth.true_outcome != "transferred_to_ice", "custody_id"] == "").all()
    assert (truth.loc[truth.true_outcome == "no_release_record", "booking_id"] == "").all()
    dups = truth[truth.duplicate_of != ""]
    assert len(dups) and dups.duplicate_of.isin(truth.entry_id).all()
    assert (dups.duplicate_of < dups.entry_id).all(), "a duplicate points to an earlier listing"
    assert summary["entries"] == len(truth)
    assert sum(summary["outcomes"].values()) == len(truth)


def test_booking_ids_of_the_truth_are_in_the_logs(world):
    out, _ = world
    truth = pd.read_csv(out / "truth.csv", dtype=str, keep_default_na=False)
    meta = json.loads((out / "world.json").read_text())
    for j in meta["jurisdictions"]:
        log = read_log(out / "releases" / j["layout"]["file"])
        ids = set(log[j["layout"]["headers"]["booking_id"]].astype(str))
        wanted = truth[(truth.jurisdiction == j["key"]) & (truth.booking_id != "")].booking_id
        assert set(wanted) <= ids, j["key"]


def test_hennepin_lists_honoured_hand_overs(world):
    out, _ = world
    meta = json.loads((out / "world.json").read_text())
    hennepin = next(j for j in meta["jurisdictions"] if j["key"] == "MN/HENNEPIN")
    assert hennepin["policy"] == "honours"
    truth = pd.read_csv(out / "truth.csv", dtype=str, keep_default_na=False)
    listed = truth[truth.jurisdiction == "MN/HENNEPIN"]
    handed = listed[listed.kind == "honoured_but_listed"]
    assert len(handed) >= 2 and (handed.true_outcome == "transferred_to_ice").all()
    assert (listed.true_outcome == "transferred_to_ice").mean() > 0.5


def test_travis_policy_day_week(world):
    out, _ = world
    meta = json.loads((out / "world.json").read_text())
    travis = next(j for j in meta["jurisdictions"] if j["key"] == "TX/TRAVIS")
    assert travis["policy"] == "policy_day" and travis["policy_day"]
    truth = pd.read_csv(out / "truth.csv", dtype=str, keep_default_na=False)
    listed = truth[truth.jurisdiction == "TX/TRAVIS"].assign(week=lambda t: t.entry_id.str[2:10])
    per_week = listed.groupby("week").size()
    batch_week = per_week.idxmax()
    assert per_week.max() >= 40 and per_week.drop(batch_week).median() <= 5
    batch = listed[listed.week == batch_week]
    held_or_gone = batch.true_outcome.isin(["still_in_custody", "no_release_record"])
    assert held_or_gone.mean() > 0.8 and (batch.stale == "true").mean() > 0.5
    issued = pd.read_csv(out / "reports.csv", dtype=str).set_index("entry_id")
    issued_col = [c for c in issued.columns if canonical([c], "reports").get(c) == "detainer_issued_date"][0]
    years = pd.to_datetime(issued.loc[batch.entry_id, issued_col], format="mixed").dt.year
    assert (years <= 2015).sum() > 10, "old detainers issued 2010-2015 are in the batch"


def test_similarly_named_counties_in_different_states(world):
    out, _ = world
    keys = [j["key"] for j in json.loads((out / "world.json").read_text())["jurisdictions"]]
    counties = pd.Series([k.split("/")[1] for k in keys])
    assert counties.duplicated().any()


def test_files_parse_as_the_contract_says(world):
    out, _ = world
    meta = json.loads((out / "world.json").read_text())
    reports = pd.read_csv(out / "reports.csv", dtype=str, keep_default_na=False)
    mapped = canonical(list(reports.columns), "reports")
    assert REQUIRED["reports"] <= set(mapped.values()) and len(mapped) == len(reports.columns)
    for h, c in mapped.items():
        if c.endswith("_date") or c == "report_week":
            assert reports[h].str.match(DATE).all(), h
    formats = set()
    for j in meta["jurisdictions"]:
        layout = j["layout"]
        path = out / "releases" / layout["file"]
        extra = {}
        if layout["custom_headers"]:
            state, county = j["key"].lower().split("/")
            header_map = tomllib.loads((out / "headers" / f"{state}-{county}.toml").read_text())
            assert header_map["jurisdiction"] == j["key"] and header_map["kind"] == "releases"
            extra = header_map["columns"]
            covered = canonical(list(extra), "releases")
            assert all(extra[h] == c for h, c in covered.items())
            assert len(covered) < len(extra) / 2, "most of its headers are ones no alias covers"
        log = read_log(path)
        mapped = canonical(list(log.columns), "releases", extra)
        assert REQUIRED["releases"] <= set(mapped.values()), j["key"]
        assert {"full_name"} <= set(mapped.values()) or {"last_name", "first_name"} <= set(mapped.values())
        assert len(set(mapped.values())) == len(mapped), "no two headers map to one column"
        if path.suffix == ".csv":
            booked = log[layout["headers"]["booking_date"]]
            assert booked.str.match(DATE).all(), j["key"]
        formats.add(path.suffix)
    assert formats == {".csv", ".xlsx"}
    custody = pd.read_csv(out / "custody.csv", dtype=str)
    mapped = canonical(list(custody.columns), "custody")
    assert REQUIRED["custody"] <= set(mapped.values()) and len(mapped) == len(custody.columns)
    assert {"last_name", "first_name", "birth_date", "a_number"} <= set(mapped.values())


def test_logs_carry_real_world_spellings(world):
    out, _ = world
    meta = json.loads((out / "world.json").read_text())
    text = ""
    for j in meta["jurisdictions"]:
        log = read_log(out / "releases" / j["layout"]["file"])
        text += log.to_csv(index=False)
    assert re.search(r"[A-Z]+[- ][A-Z]+, ?[A-Z]+", text), "double surnames in full names"
    assert "RELEASE" in text and ("TIME SERVED" in text or "SENTENCE COMPLETED" in text)
    reports = (out / "reports.csv").read_text()
    assert "MEXICO" in reports and "Charged: " in reports


def test_custody_has_many_more_book_ins_than_transfers(world):
    _, summary = world
    b = summary["book_ins"]
    assert b["background"] + b["namesake"] > 4 * b["transfer"]
    assert b["at_large"] > 0


def test_foia_redacts_names(tmp_path):
    generate_world(tmp_path, seed=3, scale="demo", weeks=4, foia=True)
    custody = pd.read_csv(tmp_path / "custody.csv", dtype=str)
    mapped = set(canonical(list(custody.columns), "custody").values())
    assert {"last_name", "first_name", "birth_date", "a_number"}.isdisjoint(mapped)
    assert "birth_year" in mapped
    assert custody[[c for c in custody.columns if "Birth Year" in c][0]].dropna().str.fullmatch(r"\d{4}").all()


def test_committed_header_map_matches_the_generator():
    committed = REPO / "configs" / "headers" / "mn-hennepin.toml"
    assert committed.read_text() == header_map_toml("MN/HENNEPIN")


def test_fraction_of_national_scale_writes_csv_only(tmp_path):
    summary = generate_world(tmp_path, seed=1, scale=0.005, weeks=2)
    files = list((tmp_path / "releases").iterdir())
    assert len(files) >= 10 and all(f.suffix == ".csv" for f in files)
    assert summary["bookings"] > 1000


def test_national_names_the_whole_scale():
    # `linkage synth --scale national` is the issue's own command; "national" once fell
    # through to float() and a traceback.
    assert parse_scale("national") == parse_scale("1") == 1.0
    assert WorldParams.for_scale("national") == WorldParams.for_scale(1.0)
    assert WorldParams.for_scale("national").story.n_jurisdictions == 3000
    for bad in ("banana", "0", "1.5", "nan"):
        with pytest.raises(ValueError, match="'national'"):
            parse_scale(bad)


@pytest.mark.parametrize("module", ["linkage.synth.__main__", "linkage.bench", "linkage.bench_week"])
def test_module_entry_points_refuse_a_bad_scale_with_a_usage_error(module, tmp_path, capsys):
    import importlib

    main = importlib.import_module(module).main
    with pytest.raises(SystemExit) as stop:
        main(["--out", str(tmp_path / "w"), "--scale", "banana"])
    assert stop.value.code == 2
    assert "'national'" in capsys.readouterr().err


def test_dates_are_spelled_once_per_day_and_an_empty_column_is_empty():
    days = np.array([6240.0, np.nan, 6240.9, 6241.25])
    assert list(fmt_date(days, "mdy")) == ["1/31/2017", "", "1/31/2017", "2/1/2017"]
    assert list(fmt_date(days, "mdyy")) == ["1/31/17", "", "1/31/17", "2/1/17"]
    assert list(fmt_datetime(days, "iso", "hm")) == ["2017-01-31 00:00", "", "2017-01-31 21:36", "2017-02-01 06:00"]
    assert list(fmt_datetime(days, "mdy", "hms"))[2] == "1/31/2017 21:36:00"
    # A log whose every hold date is missing (a national world has some): no dates, no error.
    assert list(fmt_date(np.array([np.nan, np.nan]), "iso")) == ["", ""]
    assert len(fmt_datetime(np.array([]), "iso", "hm")) == 0


FORKS = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="logs are written in a child only on Linux")
LOGS = {f"log{i}.csv": pd.DataFrame({"Booking No": [f"B{i}{j}" for j in range(3)],
                                     "Name": ["GARCÍA, JOSÉ", None, 'O"BRIEN, PAT']}) for i in range(4)}
CSV_UTF8 = {"format": "csv", "encoding": "utf-8"}


def _in_a_fresh_process(check, *args) -> None:
    """`check(*args)` in a new interpreter: LogWriter forks only a process that runs no other
    Python thread, and earlier tests leave some in this one (Prefect's harness, py4j's)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(check, *args).result()


@FORKS
def test_logs_written_in_a_second_process_are_the_same_bytes_and_its_failure_is_raised(tmp_path):
    _in_a_fresh_process(_logs_written_in_a_second_process, tmp_path)


def _logs_written_in_a_second_process(tmp_path: Path) -> None:
    # Two batches of two small logs each, in forked children, against the same logs written in place.
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    for name, frame in LOGS.items():
        write_release_log(tmp_path / "here" / name, frame, CSV_UTF8)
    with LogWriter(background=True, batch_rows=6) as writer:
        for i, (name, frame) in enumerate(LOGS.items()):
            writer.write(tmp_path / "there" / name, frame, CSV_UTF8)
            assert (writer.child is not None) == (i >= 1)  # the first batch went at 6 rows
    for name in LOGS:
        assert (tmp_path / "there" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()
    with pytest.raises(RuntimeError, match="log9.csv"), LogWriter(background=True) as writer:
        writer.write(tmp_path / "no such folder" / "log9.csv", LOGS["log0.csv"], CSV_UTF8)
    # The caller's own error is the one raised, not the child's it interrupts.
    with pytest.raises(KeyError), LogWriter(background=True, batch_rows=1) as writer:
        writer.write(tmp_path / "no such folder" / "log8.csv", LOGS["log0.csv"], CSV_UTF8)
        raise KeyError("the caller's")


@FORKS
def test_a_process_running_another_thread_writes_its_logs_in_place(tmp_path):
    # A fork beside another thread copies that thread's objects mid-change: after a Spark
    # session's py4j thread, 3 of 40 national-fraction worlds lost a child to a segfault.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with LogWriter(background=True, batch_rows=1) as writer:
            writer.write(tmp_path / "log0.csv", LOGS["log0.csv"], CSV_UTF8)
            assert writer.child is None
            assert (tmp_path / "log0.csv").read_text(encoding="utf-8").startswith("Booking No,Name\n")
    finally:
        stop.set()
        other.join()


@FORKS
def test_a_national_fraction_world_is_the_same_written_in_place(tmp_path):
    _in_a_fresh_process(_national_fraction_world_written_both_ways, tmp_path)


def _national_fraction_world_written_both_ways(tmp_path: Path) -> None:
    forked = []
    world_module.LogWriter = lambda background: forked.append(LogWriter(background=background)) or forked[-1]
    generate_world(tmp_path / "forked", seed=5, scale=0.002, weeks=2)
    assert forked[0].background and forked[0].child_paths  # a child wrote (its logs' names stay)
    world_module.LogWriter = lambda background: LogWriter(background=False)
    generate_world(tmp_path / "in place", seed=5, scale=0.002, weeks=2)
    written = sorted(p.relative_to(tmp_path / "forked") for p in (tmp_path / "forked").rglob("*") if p.is_file())
    assert any(p.parts[0] == "releases" for p in written)
    for path in written:
        assert (tmp_path / "forked" / path).read_bytes() == (tmp_path / "in place" / path).read_bytes(), path
