"""The ICE book-in an outcome names: the first of the stay (the demo world with one hand-over
booked in twice, at a hold room and at a detention centre; a real ingest and run)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

from linkage.config import load_config
from linkage.ingest import submit_world
from linkage.pipeline import run_all
from linkage.store import Store
from tests.conftest import DEMO


def test_a_hand_over_booked_in_twice_names_the_first_book_in(tmp_path):
    # World K: ICE booked hand-overs in at a hold room whose row gives no apprehension state,
    # then at a detention centre 1-3 days later; the second weighed more and outcomes.csv named
    # it, not the book-in that followed the release.
    world = tmp_path / "demo"
    shutil.copytree(DEMO, world)
    truth = list(csv.DictReader((world / "truth.csv").open()))
    handed = [t for t in truth if t["true_outcome"] == "transferred_to_ice" and t["custody_id"]]
    with (world / "custody.csv").open(newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    by_id = {row["Unique Identifier"]: row for row in rows}
    moved = [t for t in handed if by_id[t["custody_id"]]["Apprehension State"]][:3]
    for t in moved:
        first = by_id[t["custody_id"]]
        second = dict(first)
        second["Unique Identifier"] = first["Unique Identifier"] + "B"
        booked = dt.datetime.fromisoformat(first["Book In Date Time"]) + dt.timedelta(hours=30)
        second["Book In Date Time"] = booked.strftime("%Y-%m-%d %H:%M")
        second["Detention Facility"] = "DETENTION CENTER"
        first["Apprehension State"] = first["Apprehension Method"] = ""
        rows.append(second)
    with (world / "custody.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    config = load_config()
    with Store.open(tmp_path / "s.duckdb") as store:
        submit_world(store, world, config=config)
        run_id = run_all(store, config)
        named = dict(store.con.execute(
            "select entry_id, custody_id from outcomes where run_id = ? and outcome = 'transferred_to_ice'",
            [run_id]).fetchall())
    assert len(moved) == 3
    assert {t["entry_id"]: named.get(t["entry_id"]) for t in moved} == {t["entry_id"]: t["custody_id"] for t in moved}
