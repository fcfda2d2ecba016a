"""Hop 2's `state` comparison: the jail's state, a state bordering it, or elsewhere (a real
store: a release log and an ICE extract submitted, hop 2's work tables built by its own SQL)."""

from __future__ import annotations

from linkage.ingest import submit
from linkage.match import hop2
from linkage.normalize.neighbours import borders, neighbours


def test_borders_are_mutual_and_a_territory_or_an_island_has_none():
    pairs = {(state, other) for state, others in borders().items() for other in others}
    assert all((other, state) in pairs for state, other in pairs)
    assert neighbours("NY") == ("CT", "MA", "NJ", "PA", "VT") and "VA" in neighbours("DC")
    assert neighbours("AZ") == ("CA", "NM", "NV", "UT")  # the Four Corners meet at a point only
    assert neighbours("HI") == neighbours("PR") == neighbours("GU") == neighbours(None) == ()


def test_a_book_in_across_the_jails_state_line_is_read_apart_from_one_far_away(store, tmp_path):
    # World K: Kansas City's hand-overs are booked in Kansas, and a namesake booked in Texas two
    # hours after a release read as the hand-over at 0.99 (both were "else").
    log = tmp_path / "jackson.csv"
    log.write_text("Booking No,Name,Booking Date,Release Date,Facility,County,State\n"
                   '1,"TRAN, HUNG",2017-03-01 08:00,2017-03-05 14:06,Jackson County Detention Center,Jackson,MO\n')
    extract = tmp_path / "ice.csv"
    extract.write_text("Unique Identifier,Book In Date Time,Citizenship Country,Apprehension State,Last Name\n"
                       "same,2017-03-05 16:06,VIETNAM,MO,TRAN\nacross,2017-03-05 16:06,VIETNAM,KS,TRAN\n"
                       "far,2017-03-05 16:06,VIETNAM,TX,TRAN\nnostate,2017-03-05 16:06,VIETNAM,,TRAN\n")
    assert submit(store, "releases", log)[0].status == "stored"
    assert submit(store, "custody", extract)[0].status == "stored"
    store.con.execute("create schema if not exists work")
    store.con.execute(f"create table {hop2.CANDIDATE_RELEASES} as select booking_uid as uid from bookings")
    hop2.prepare_inputs(store)
    [state] = [c for c in hop2.comparisons(hop2.present_columns(store)) if c.name == "state"]
    levels = dict(store.con.execute(f"""
        select r.uid, {state.level_sql().replace("state_l", "l.state")
                       .replace("state_r", "r.state").replace("state_neighbours_l", "l.state_neighbours")}
        from work.{hop2.LEFT} l, work.{hop2.RIGHT} r""").fetchall())
    assert levels == {"same": "same", "across": "neighbour", "far": "else", "nostate": None}
