"""Whether an entry's log names the facility ICE gives, as evidence of its being in that log
(`reconcile._FACILITY_NAMED`, `entry_priors.FacilityNamed`): real DuckDB over ICE's and the
logs' own facility spellings, and the fitted likelihood ratios on hand-set posteriors."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from linkage.entry_priors import FacilityNamed
from linkage.normalize.places import facility_key
from linkage.reconcile import _FACILITY_NAMED


@pytest.mark.parametrize(("ice", "log", "named"), [
    ("SANTA CLARA COUNTY MAIN JAIL", ["Santa Clara County Jail"], 1),
    ("Travis County Correctional Complex", ["TRAVIS COUNTY JAIL"], 1),  # an alias of configs/facilities.toml
    ("JEFFERSON PARISH JUVENILE CENTER", ["Jefferson Parish Correctional Center"], 0),
    ("AUSTIN CITY JAIL", ["Travis County Jail", "Travis County Correctional Complex"], 0),
    ("COUNTY JAIL", ["Travis County Jail"], -1),  # a name of its kind alone says nothing
    ("AUSTIN CITY JAIL", None, -1),  # no log, or one without facilities
])
def test_a_log_names_the_facility_when_every_word_of_ices_but_its_kind_is_in_one_of_its_own(ice, log, named):
    con = duckdb.connect()
    keys = None if log is None else [facility_key(name) for name in log]
    found = con.execute(f"select {_FACILITY_NAMED} from (select ? as facility_key) e, (select ?::varchar[] as keys) lf",
                        [facility_key(ice), keys]).fetchall()[0][0]
    assert found == named


def test_an_unnamed_facility_weighs_against_the_log_only_where_the_log_names_the_others():
    # Jurisdiction 0: 40 entries in the log at the facility it names, 4 at one it never names
    # and not in it (a city jail). Jurisdiction 1: ICE never spells its facility as its log does.
    jurisdiction = np.array([0] * 44 + [1] * 30)
    named = np.array([1] * 40 + [0] * 4 + [0] * 30)
    in_log = np.array([0.99] * 40 + [0.3] * 4 + [0.95] * 30)
    factor = FacilityNamed(jurisdiction, named, 5.0).odds_factor(in_log)
    assert factor[40] < 0.25 and factor[0] > 1.0
    assert np.all(factor[44:] == 1.0)  # its log's own entries are as unnamed: it says nothing
    says_nothing = FacilityNamed(jurisdiction, np.full(74, -1), 5.0).odds_factor(in_log)
    assert np.all(says_nothing == 1.0)
