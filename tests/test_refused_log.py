"""An entry whose jurisdiction's release log the store refused is unchecked, not "no release
record": a blind world's two logs refused for their headers ('Arrest Date', 'Commit Date') left
146 entries no_release_record at confidence 1.0, hand-overs among them."""

from __future__ import annotations

import shutil

from linkage.config import load_config
from linkage.ingest import submit
from linkage.pipeline import run_all
from linkage.store import Store
from linkage.trace import verify_run
from tests.test_county_spelling import _entries
from tests.test_review import built_demo

LOG = ("Booking No,Last Name,First Name,DOB,{booked},Release Date,Release Reason,Facility,County,State\n"
       "B1,DIAZ,LUIS,1990-01-01,2017-01-02,2017-01-20,BOND,{county} DETENTION CENTER,{county},MD\n")


def _outcome(store: Store, run_id: str, entry_id: str) -> tuple:
    return store.con.execute("select outcome, p_no_record, p_declined, reasons from outcomes"
                             " where run_id = ? and entry_id = ?", [run_id, entry_id]).fetchall()[0]


def test_an_entry_whose_log_was_refused_is_unchecked_until_the_log_is_stored(tmp_path):
    db = tmp_path / "demo.duckdb"
    shutil.copy(built_demo(), db)
    _entries(tmp_path / "extra.csv", [
        ["DD-REFUSED-1", "2017-01-28", "MARYLAND", "FREDERICK", "FREDERICK", "FREDERICK COUNTY ADULT DETENTION CENTER"],
        ["DD-NOLOG-1", "2017-01-28", "MARYLAND", "GARRETT", "OAKLAND", "GARRETT COUNTY DETENTION CENTER"],
    ])
    (tmp_path / "frederick.csv").write_text(LOG.format(booked="Arrest Date", county="FREDERICK"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "frederick.csv").write_text(LOG.format(booked="Booking Date", county="ALLEGANY"))
    with Store.open(db) as store:
        assert submit(store, "reports", tmp_path / "extra.csv")[0].status == "stored"
        # No --jurisdiction: the refused log's own rows name it (review: a refusal of unknown
        # jurisdiction had made every unlogged entry of the country unchecked).
        [refused] = submit(store, "releases", tmp_path / "frederick.csv")
        assert (refused.status, refused.jurisdiction) == ("refused", "MD/FREDERICK")
        # Another county's file of the same name does not stand for it (review).
        assert submit(store, "releases", tmp_path / "other" / "frederick.csv")[0].status == "stored"
        run_id = run_all(store, load_config())
        outcome, p_none, p_declined, reasons = _outcome(store, run_id, "DD-REFUSED-1")
        # Its odds are the checked entries' on average: never a verdict, never certain.
        assert outcome == "needs_review" and p_none < 0.5 and p_declined > 0.1, (outcome, p_none, reasons)
        assert "a log was refused (frederick.csv: refused: no column 'booking_date'" in reasons, reasons
        # A jurisdiction that sent nothing stays as it was (docs/model.md, *Known limits*).
        assert _outcome(store, run_id, "DD-NOLOG-1")[:2] == ("no_release_record", 1.0)
        assert verify_run(store, run_id).differences == {}
        # Sent again under its name, readable: the refusal no longer speaks for the entry.
        (tmp_path / "frederick.csv").write_text(LOG.format(booked="Booking Date", county="FREDERICK"))
        assert submit(store, "releases", tmp_path / "frederick.csv")[0].status == "stored"
        again = run_all(store, load_config())
        assert "refused" not in _outcome(store, again, "DD-REFUSED-1")[3]
