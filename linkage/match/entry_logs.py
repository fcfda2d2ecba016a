"""Which log an entry is matched against when ICE spelled its county otherwise than any log.

    >>> write_entry_logs(store)      # work.entry_logs(entry_id, jurisdiction, county)

ICE wrote FL/DADE (Miami-Dade's old name) or MD/MONTGOMRY where the sheriff's log is
FL/MIAMI DADE or MD/MONTGOMERY: such entries met no log and came out "no release record". Hop 1
(`linkage.match.hop1`) matches them against the log written here, as their own.
"""

from __future__ import annotations

import pyarrow as pa

from linkage.normalize.places import official_counties_by_state
from linkage.store import Store

ENTRY_LOGS = "work.entry_logs"
GENERIC_FACILITY_WORDS = ("CO", "JAIL", "SO", "CENTER", "DEPT", "ADULT", "MAIN", "CITY", "REGIONAL", "NEW", "OLD")
"""Words of a facility key (`normalize.places.facility_key`) that say what kind of building, not whose."""


def specific_words_sql(key: str) -> str:
    """SQL: the words of a facility key (`normalize.places.facility_key`) that say whose building
    it is, not what kind ('HARRIS CO JAIL 701' -> [HARRIS, 701]); [] for a name of its kind alone."""
    return f"list_filter(string_split({key}, ' '), lambda w: w <> '' and w not in {GENERIC_FACILITY_WORDS})"


COUNTY_SPELLING_SIMILARITY = 0.9
"""Jaro-Winkler similarity at which a county name that is no county of its state is read as a
log's county spelled otherwise ('MONTGOMRY' / 'MONTGOMERY' 0.98)."""


def write_entry_logs(store: Store) -> None:
    """work.entry_logs(entry_id, jurisdiction, county): the log an entry whose own county has
    none in the store is matched against, where ICE plainly spelled that log's county another
    way: exactly one log of the entry's state names the entry's facility among its bookings,
    or, for a county name that is no county of that state (`official_counties_by_state`), the
    state's one county whose name holds it or is near it has a log ('DADE' is Miami-Dade's
    old name; 'MONTGOMRY'), or the one whose county the entry's facility begins with, as a
    county or parish (ICE wrote the city, HOUSTON, beside HARRIS COUNTY JAIL - 701). A real
    county of the state without a log of its own is not matched by name (Texas's HALE is not
    HALL), nor a name two counties could be (FL 'MARIN'), nor one of two logs a facility names."""
    con = store.con
    con.register("official_counties", pa.table(dict(zip(
        ("state", "county"), map(list, zip(*official_counties_by_state(), strict=True)), strict=True))))
    con.execute(
        f"""
        create or replace table {ENTRY_LOGS} as
        with logs as (select jurisdiction, any_value(state) as state, any_value(county) as county
                      from bookings group by jurisdiction),
        unlogged as (select entry_id, state, county, facility_key from report_entries
                     where jurisdiction not in (select jurisdiction from logs)),
        -- A facility named by kind alone ('COUNTY JAIL') names no county.
        log_facilities as (select distinct jurisdiction, state, facility_key from bookings
                           where facility_key is not null and state in (select state from unlogged)
                             and len({specific_words_sql("facility_key")}) > 0),
        -- The state's one county the name spells, among all of them (a log or not): 'MARIN' is
        -- as near MARION as MARTIN, 'SANTA' begins three Californian counties.
        spelled as (
            select u.entry_id, any_value(o.county) as county from unlogged u
            join official_counties o on o.state = u.state
            where (u.state, u.county) not in (select (state, county) from official_counties)
              and (list_has_all(string_split(o.county, ' '), string_split(u.county, ' '))
                   or list_has_all(string_split(u.county, ' '), string_split(o.county, ' '))
                   or jaro_winkler_similarity(u.county, o.county) >= {COUNTY_SPELLING_SIMILARITY})
            group by u.entry_id having count(*) = 1
        ),
        found as (
            select u.entry_id, f.jurisdiction from unlogged u
            join log_facilities f on f.state = u.state and f.facility_key = u.facility_key
            union
            select u.entry_id, l.jurisdiction from unlogged u join spelled s using (entry_id)
            join logs l on l.state = u.state and l.county = s.county
            union
            -- A facility whose name begins with a logged county of the state, as a county or
            -- parish ('HARRIS COUNTY JAIL - 701', key 'HARRIS CO JAIL 701'), where ICE wrote a
            -- city in the county's place (HOUSTON: also a county of Texas, without a log) or the
            -- county of a jail that boards its inmates elsewhere. Not a street or a lake of that
            -- name, nor a county ending in another's (DEAF SMITH is not SMITH: the review).
            select u.entry_id, l.jurisdiction from unlogged u join logs l on l.state = u.state
            where starts_with(u.facility_key || ' ', l.county || ' CO ')
               or starts_with(u.facility_key || ' ', l.county || ' PARISH ')
        )
        select f.entry_id, f.jurisdiction, l.county from found f join logs l using (jurisdiction)
        qualify count(*) over (partition by f.entry_id) = 1
        """
    )
    con.unregister("official_counties")


REFUSED_LOG_ENTRIES = "work.refused_log_entries"
"""Entries without a log whose log may be one the store refused (`write_refused_log_entries`)."""


def write_refused_log_entries(store: Store, unlogged: str) -> str:
    """`REFUSED_LOG_ENTRIES`(entry_id, files): the entries of `unlogged` (no log in the store)
    whose jurisdiction sent a release log that was refused and never stored since under its
    name, with the files and why. A refused log's jurisdiction is `--jurisdiction`'s or the
    state and county its rows name (`ingest.jurisdictions.named_jurisdiction`); one of
    neither speaks for no entry (the review: it had made every entry without a log in the
    country unchecked). Their person may well be in that log: they are not "no release
    record" but unchecked. Returns the table's name.

    A blind world's two logs refused for their headers ('Arrest Date', 'Commit Date') left
    146 entries "no release record" at confidence 1.0, hand-overs among them."""
    store.con.execute(f"""
        create or replace table {REFUSED_LOG_ENTRIES} as
        with refused as (
            select s.jurisdiction, s.file_name, s.message from submissions s
            where s.kind = 'releases' and s.status = 'refused'
              -- Sent again under its name for its jurisdiction, and stored.
              and not exists (select 1 from submissions later
                              where later.kind = 'releases' and later.status = 'stored'
                                and later.file_name = s.file_name and later.submission_id > s.submission_id
                                and later.jurisdiction = s.jurisdiction)
        )
        select u.entry_id, string_agg(distinct r.message, '; ' order by r.message) as files
        from {unlogged} u join report_entries e using (entry_id)
        join refused r on r.jurisdiction = e.jurisdiction
        group by u.entry_id
    """)
    return REFUSED_LOG_ENTRIES
