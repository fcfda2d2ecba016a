"""Whether an entry's log names the facility ICE gives, as evidence of its being in that log
(`reconcile._FACILITY_NAMED`, `entry_priors.FacilityNamed`): real DuckDB over ICE's and the
logs' own facility spellings, and the fitted likelihood ratios on hand-set posteriors."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from linkage.entry_priors import FacilityNamed
from linkage.normalize.places import facility_key
from linkage.reconcile import _FACILITY_NAMED, reconcile
from tests.test_reconcile import _config, _world


@pytest.mark.parametrize(("ice", "log", "named"), [
    ("SANTA CLARA COUNTY MAIN JAIL", ["Santa Clara County Jail"], 1),
    ("Travis County Correctional Complex", ["TRAVIS COUNTY JAIL"], 1),  # an alias of configs/facilities.toml
    ("JEFFERSON PARISH JUVENILE CENTER", ["Jefferson Parish Correctional Center"], 0),
    ("AUSTIN CITY JAIL", ["Travis County Jail", "Travis County Correctional Complex"], 0),
    ("COUNTY JAIL", ["Travis County Jail"], -1),  # a name of its kind alone says nothing
    ("AUSTIN CITY JAIL", None, -1),  # no log, or one without facilities
    (None, ["Travis County Jail"], -1),  # no facility, or one of punctuation only
])
def test_a_log_names_the_facility_when_every_word_of_ices_but_its_kind_is_in_one_of_its_own(ice, log, named):
    con = duckdb.connect()
    keys = None if log is None else [facility_key(name) for name in log]
    found = con.execute(f"select {_FACILITY_NAMED} from (select ?::varchar as facility_key) e,"
                        " (select ?::varchar[] as keys) lf", [facility_key(ice), keys]).fetchall()[0][0]
    assert found == named


def test_an_unnamed_facility_weighs_against_the_log_only_where_the_log_names_the_others():
    # Jurisdiction 0: 40 entries in the log at the facility it names, 4 at one it never names
    # and not in it (a city jail). Jurisdiction 1: ICE never spells its facility as its log does.
    jurisdiction = np.array([0] * 44 + [1] * 30)
    named = np.array([1] * 40 + [0] * 4 + [0] * 30)
    in_log = np.array([0.99] * 40 + [0.3] * 4 + [0.95] * 30)
    factor = FacilityNamed(jurisdiction, named, 5.0).odds_factor(in_log)
    assert np.all(factor[40:44] < 0.25)
    assert np.all((factor[:40] > 1.0) & (factor[:40] < 2.0))  # named, in a jail whose outsiders are not
    assert np.allclose(factor[44:], 1.0, atol=0.05)  # its log's own entries are as unnamed: it says ~nothing
    says_nothing = FacilityNamed(jurisdiction, np.full(74, -1), 5.0).odds_factor(in_log)
    assert np.all(says_nothing == 1.0)


def test_naming_that_has_nothing_to_do_with_the_log_weighs_next_to_nothing():
    # The review: r had started from 0.5, so where every entry was named each got x1.035; and
    # one run-wide r let one jail whose every entry was unnamed raise every other jail's odds x20.
    rng = np.random.default_rng(7)
    jurisdiction = rng.integers(0, 6, 600)
    in_log = np.where(rng.random(600) < 0.9, 0.97, 0.2)
    named = np.where(rng.random(600) < 0.15, 0, 1)  # a clerk's slip, in the log or not alike
    factor = FacilityNamed(jurisdiction, named, 5.0).odds_factor(in_log)
    assert np.allclose(factor, 1.0, atol=0.15)
    everywhere = FacilityNamed(jurisdiction, np.ones(600, dtype=int), 5.0).odds_factor(in_log)
    assert np.all(everywhere == 1.0)


def test_one_jails_spelling_does_not_weigh_on_another_jails_annex():
    # The second review: with one r for the run, a jail whose every entry is unnamed (ICE never
    # writes its log's name) took r to 0.93, and another jail's in-log people listed at an annex
    # its log does not name got x0.03-0.14. That jail's own entries outside the log are named.
    jurisdiction = np.array([0] * 60 + [1] * 40)
    named = np.array([0] * 60 + [1] * 36 + [0] * 4)
    in_log = np.array([0.99] * 30 + [0.1] * 30 + [0.97] * 20 + [0.2] * 16 + [0.97] * 4)
    factor = FacilityNamed(jurisdiction, named, 5.0).odds_factor(in_log)
    assert factor[96:].min() > 0.75


def test_reconcile_weighs_entries_at_a_facility_their_log_never_names_and_says_so(store):
    # Ten listings at TRAVIS COUNTY JAIL, each with a likely candidate of the log; three at
    # AUSTIN CITY JAIL, which the log never names, each with a weak one; one with no facility.
    bookings = [(f"TX/TRAVIS#{i}", "TX/TRAVIS", "2017-02-04 10:00", "served") for i in range(14)]
    entries = [(f"E{i:02d}", "TX/TRAVIS") for i in range(14)]
    _world(store, bookings=bookings, entries=entries,
           pairs=[("hop1", f"E{i:02d}", f"TX/TRAVIS#{i}", 0.0 if 10 <= i <= 12 else 6.0) for i in range(14)])
    store.con.execute("update bookings set facility = 'TRAVIS COUNTY JAIL', facility_key = 'TRAVIS CO JAIL'")
    city = "entry_id in ('E10', 'E11', 'E12')"
    store.con.execute(f"update report_entries set facility_key = case when {city} then 'AUSTIN CITY JAIL'"
                      " when entry_id = 'E13' then null else 'TRAVIS CO JAIL' end,"
                      f" facility = case when {city} then 'AUSTIN CITY JAIL' else facility end")
    p_none = {}
    for on in (False, True):
        reconcile(store, "r", _config(estimate_priors=True, facility_evidence=on))
        p_none[on] = dict(store.con.execute("select entry_id, p_no_record from outcomes").fetchall())
    for entry in ("E10", "E11", "E12"):
        assert p_none[True][entry] > p_none[False][entry] + 0.1, (entry, p_none)
    assert all(p_none[True][e] <= p_none[False][e] + 0.005 for e in p_none[True]
               if e not in ("E10", "E11", "E12"))  # its named entries are, if anything, likelier in the log
    named = dict(store.con.execute("select entry_id, facility_named from work.entry_facilities").fetchall())
    assert (named["E00"], named["E10"], named["E13"]) == (1, 0, -1)
    reasons = store.con.execute("select reasons from outcomes where entry_id = 'E10'").fetchall()[0][0]
    assert "ICE lists it at AUSTIN CITY JAIL, a facility the TX/TRAVIS log never names" in reasons
