"""An ICE extract that does not span a release's hand-over window (one that stops early, or
none at all) shows no book-in whatever ICE did: reconcile reads that as no evidence either way
(`linkage.coverage.ice_covers_sql`, `posterior._ice_evidence`), not as a decline."""

import csv
import json

import pytest

from linkage.config import load_config
from linkage.ingest import submit
from linkage.pipeline import run_all, train_hop
from linkage.store import Store
from tests.conftest import DEMO

CUT = "2017-02-15"
"""Mid-way through the demo's report weeks: about half its searched releases fall after it."""


def _run(folder, custody_rows: list[dict] | None) -> tuple[Store, str]:
    store = Store.open(folder / "store.duckdb")
    submit(store, "reports", [DEMO / "reports.csv"])
    submit(store, "releases", sorted((DEMO / "releases").iterdir()))
    if custody_rows is not None:
        path = folder / "custody.csv"
        with path.open("w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(custody_rows[0]))
            writer.writeheader()
            writer.writerows(custody_rows)
        submit(store, "custody", [path])
    return store, run_all(store, load_config())


@pytest.fixture(scope="module")
def cut_extract(tmp_path_factory):
    with (DEMO / "custody.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Book In Date Time"] < CUT]
    store, run_id = _run(tmp_path_factory.mktemp("cut"), rows)
    yield store, run_id
    store.close()


@pytest.fixture(scope="module")
def no_extract(tmp_path_factory):
    store, run_id = _run(tmp_path_factory.mktemp("none"), None)
    yield store, run_id
    store.close()


def test_a_release_past_the_extract_s_end_is_no_evidence_of_a_decline(cut_extract):
    store, run_id = cut_extract
    windows = store.con.execute(
        "select ice_covers, count(*), min(window_lr) from work.release_units group by 1 order by 1").fetchall()
    (_, beyond, weakest_beyond), (_, within, weakest_within) = windows
    assert beyond > 100 and within > 100
    # An empty window inside the extract counts against a hand-over; past its end it does not.
    assert weakest_within < 0.1 and weakest_beyond >= 1.0
    fitted = json.loads(store.con.execute("select fitted from runs where run_id = ?", [run_id]).fetchall()[0][0])
    assert fitted["releases_outside_ice_extract"] == beyond
    said = store.con.execute(
        """select count(*) filter (where o.reasons like '%ICE extract (book-ins 2016-12-17 to 2017-02-14) does not cover%'),
                  count(*) filter (where o.reasons like '%no ICE book-in at release%')
           from outcomes o join bookings b using (booking_uid)
           where o.run_id = ? and o.outcome = 'declined_confirmed' and b.release_datetime >= ?::timestamp""",
        [run_id, CUT]).fetchall()[0]
    assert said[0] > 0 and said[1] == 0


def test_with_no_extract_hop_2_has_no_model_and_no_pairs(no_extract):
    store, run_id = no_extract
    assert train_hop(store, "hop2", load_config()) is None
    assert store.con.execute("select count(*) from models where hop = 'hop2'").fetchall() == [(0,)]
    assert store.con.execute("select hop2_model from runs where run_id = ?", [run_id]).fetchall() == [(None,)]
    assert store.con.execute("select count(*) from candidate_pairs where run_id = ? and hop = 'hop2'",
                             [run_id]).fetchall() == [(0,)]


def test_with_no_extract_the_ice_rates_stay_at_their_priors(no_extract):
    store, run_id = no_extract
    fitted = json.loads(store.con.execute("select fitted from runs where run_id = ?", [run_id]).fetchall()[0][0])
    rc = load_config().reconcile
    # Nothing to fit them on: EM had driven the listed hand-over rate to 0.03 and the unseen
    # share to 0.91, and every hand-over the jail logged otherwise became a confident decline.
    assert fitted["listed_release_states"] == pytest.approx([rc.prior_book_in / 2, rc.prior_book_in / 2,
                                                              1 - rc.prior_book_in], abs=1e-4)
    assert fitted["p_reason_ice_if_transferred"] == pytest.approx(rc.p_reason_ice_if_transferred, abs=1e-4)
    assert fitted["p_transfer_unseen"] == pytest.approx(rc.p_transfer_unseen, abs=1e-4)
    reasons = [text for (text,) in store.con.execute(
        "select reasons from outcomes where run_id = ? and outcome = 'declined_confirmed'"
        " and booking_uid is not null", [run_id]).fetchall()]
    assert reasons and all("no ICE extract in the store" in text for text in reasons)


GAP = ("2017-01-20", "2017-02-20")
"""A month the extract holds no Texas book-ins (world L: one region's monthly file missing)."""
OREGON_ENDS = "2017-03-01"
"""Oregon's book-ins stop here, months before the other states' (its region's latest file not come yet)."""


@pytest.fixture(scope="module")
def gap_extract(tmp_path_factory):
    with (DEMO / "custody.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle)
                if not (row["Apprehension State"] == "TX" and GAP[0] <= row["Book In Date Time"] < GAP[1])
                and not (row["Apprehension State"] == "OR" and row["Book In Date Time"] >= OREGON_ENDS)]
    store, run_id = _run(tmp_path_factory.mktemp("gap"), rows)
    yield store, run_id
    store.close()


def test_a_month_missing_from_one_state_s_book_ins_is_no_evidence_of_a_decline_there(gap_extract):
    store, run_id = gap_extract
    covered = dict(store.con.execute(
        """select b.state, bool_or(u.ice_covers) from work.release_units u join bookings b using (booking_uid)
           where b.release_datetime between ?::timestamp and ?::timestamp - interval 4 day group by 1""",
        list(GAP)).fetchall())
    assert covered["TX"] is False and any(covered[state] for state in covered if state != "TX"), covered
    said = store.con.execute(
        """select count(*) from outcomes o join bookings b using (booking_uid)
           where o.run_id = ? and b.state = 'TX' and o.outcome = 'declined_confirmed'
             and b.release_datetime between ?::timestamp and ?::timestamp - interval 4 day
             and o.reasons like '%the ICE extract has no book-ins in TX from 2017-01-%: it does not cover%'""",
        [run_id, *GAP]).fetchall()[0][0]
    assert said > 0
    # Oregon's releases after its book-ins stop are not covered; Texas's then are.
    late = dict(store.con.execute(
        """select b.state, bool_or(u.ice_covers) from work.release_units u join bookings b using (booking_uid)
           where b.release_datetime >= ?::timestamp + interval 1 day group by 1""", [OREGON_ENDS]).fetchall())
    assert late["OR"] is False and late["TX"] is True, late
