"""A release log's jurisdiction from text: `--jurisdiction TX/Travis`, or the state and county
cells most rows of a refused log name.

    >>> parse_jurisdiction("TX/Travis County")
    ('TX', 'TRAVIS')
"""

from __future__ import annotations

import duckdb

from linkage.ingest.headers import ColumnMapping
from linkage.normalize.places import county_key, state_code


def parse_jurisdiction(text: str) -> tuple[str, str]:
    """'TX/Travis County' -> ('TX', 'TRAVIS'); ValueError when it cannot be read."""
    state_text, sep, county_text = text.partition("/")
    state, county = state_code(state_text.strip()), county_key(county_text.strip())
    if not sep or not state or not county or "/" in county_text:
        raise ValueError(f"jurisdiction {text!r} is not of the form ST/County (e.g. TX/Travis)")
    return state, county


def named_jurisdiction(con: duckdb.DuckDBPyConnection, table: str, mapping: ColumnMapping) -> str | None:
    """The jurisdiction most rows of a refused log name in their state and county cells: its
    county's entries are unchecked, not "no release record" (`entry_logs.REFUSED_LOG_ENTRIES`)."""
    if not {"state", "county"} <= mapping.columns.keys():
        return None
    state_cell, county_cell = f"c{mapping.columns['state']}", f"c{mapping.columns['county']}"
    named = con.execute(f"""select {state_cell}, {county_cell} from {table}
                             where nullif(trim({state_cell}), '') is not null and nullif(trim({county_cell}), '') is not null
                             group by all order by count(*) desc, 1, 2 limit 1""").fetchall()
    if not named:
        return None
    state, county = state_code(named[0][0]), county_key(named[0][1])
    return f"{state}/{county}" if state and county else None
