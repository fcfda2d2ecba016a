"""The compact JSON the report page renders: entries, their candidates, and the evidence of
the pairs an evidence card shows.

    >>> data = build_payload(store, "run-1", jurisdiction="TX/TRAVIS", redact=True)
    >>> sorted(data)
    ['book_ins', 'bookings', 'cand1', 'cand2', 'entries', 'entry_cols', 'evidence', 'strings']

Size is the constraint (10,000 entries in under 15 MB): entries are arrays under one column
list; full evidence (every comparison with its values) is kept only for the pairs a card
shows side by side — the chosen (or best) booking and book-in — while other candidates carry
ID, weight and probability. Evidence strings (labels, compared values) repeat a lot, so they
are interned into one `strings` list and referenced by index.

Memory and Python work grow with entries, not candidate pairs: a card lists the `top_k` best
candidates of each hop (`MAX_CANDIDATES`, 5; `build_payload(..., top_k=10)` or
`write_report(..., top_k=10)`) plus its own pair, and DuckDB picks those before anything
reaches Python. Hop 1 reads each pair's IDs and weight once and keeps k per entry (a top-k
aggregate, not a sort), hop 2 is read only for the booking each card shows, and evidence JSON
is fetched by `pair_row` (the stored row's rowid) for about two pairs per entry. At scale 0.1
(1,647 entries, 2.8 M pairs) its two queries took 5.1 s CPU and a 5 GB peak when a window
sorted every pair with its JSON; now 0.6 s CPU and under 1 GB.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from datetime import date, datetime
from typing import Any

import duckdb

from linkage.ingest.releases import booking_jurisdiction
from linkage.match.spec import BEST_FIRST
from linkage.report import redact as rd
from linkage.report.scope import ENTRIES_SQL, HOP1_BOOKINGS_SQL, scope_params
from linkage.report.words import level_label
from linkage.store import Store

MAX_CANDIDATES = 5  # default top k per entry and hop (top_k=...); matches.parquet has all

ENTRY_COLS = ["entry_id", "jurisdiction", "report_week", "facility", "citizenship",
              "notable_criminal_activity", "detainer_issued_date", "detainer_declined_date",
              "detainer_age_days", "outcome", "confidence", "p_transferred", "p_other_agency",
              "p_declined", "p_in_custody", "p_no_record", "booking_uid", "booking_id",
              "custody_id", "duplicate_of", "stale", "reasons", "card_booking", "card_custody"]

BOOKING_COLS = ["booking_id", "jurisdiction", "facility", "full_name", "last_name", "first_name",
                "middle_name", "dob", "birth_year", "age",
                "sex", "booking_date", "release_datetime", "release_reason", "charges",
                "place_of_birth", "hold_agency", "hold_date"]
BOOK_IN_COLS = ["custody_id", "book_in_datetime", "last_name", "first_name", "birth_date",
                "birth_year", "sex", "citizenship", "a_number", "apprehension_state",
                "apprehension_method", "detention_facility"]

# Low-cardinality text columns are interned like evidence strings (the page decodes them
# once on load): this saves about a fifth of the file at 10,000 entries.
INTERNED = {
    "entries": ["jurisdiction", "report_week", "facility", "citizenship",
                "notable_criminal_activity", "outcome"],
    "bookings": ["jurisdiction", "facility", "sex", "release_reason", "charges",
                 "place_of_birth", "hold_agency"],
    "book_ins": ["sex", "citizenship", "apprehension_state", "apprehension_method",
                 "detention_facility"],
}


def _top_sql(hop: str, left_ids: str) -> str:
    """The best `$top_k` candidates of each left record of `hop` whose ID `left_ids` selects,
    best first (weight, then right ID), and how many it has: `_top_sql("hop1", "select ...")`.

    A top-k aggregate keeps k pairs per record while it reads, where a window would sort every
    pair (5x slower at scale 0.1); `pair_row` (the stored row's rowid, whichever run scored it)
    lets the evidence be fetched later by position.
    """
    return f"""
        select left_id, count(*) as n_candidates,
               min_by({{right_id: right_id, match_weight: match_weight,
                        match_probability: match_probability, pair_row: pair_row}},
                      {BEST_FIRST}, $top_k) as top
        from candidate_pairs
        where run_id = $run_id and hop = '{hop}' and left_id in ({left_ids})
        group by left_id
    """


# The booking and book-in an entry's card shows: the chosen ones, else the best candidates,
# with the top candidates of each. Hop 2 is read only for the bookings a card shows (one per
# entry), among the bookings in the report's scope, not for every hop-1 candidate. Kept as a
# temp table (`payload_cards_<hex>`) both queries below read: nationally, computing it in each
# cost 7 s of the payload's 22.
def _cards_sql(cards: str) -> str:
    return f"""
    create temp table {cards} as
    with e as ({ENTRIES_SQL}),
    top1 as ({_top_sql("hop1", "select entry_id from e")}),
    card1 as (
        select e.*, coalesce(e.booking_uid, t.top[1].right_id) as card_booking,
               t.n_candidates as n_candidates1, t.top as top1
        from e left join top1 t on t.left_id = e.entry_id
    ),
    top2 as ({_top_sql("hop2", f"select card_booking from card1 intersect {HOP1_BOOKINGS_SQL}")})
    select c.*, coalesce(c.custody_id, t.top[1].right_id) as card_custody,
           t.n_candidates as n_candidates2, t.top as top2
    from card1 c left join top2 t on t.left_id = c.card_booking
"""


def _entries_sql(cards: str) -> str:
    return f"select {', '.join(ENTRY_COLS)} from {cards} order by entry_id"


# Candidates shown in cards: the top k of each hop, then the card's own pair when it is not
# among them (a chosen booking can rank below k). Evidence JSON is fetched by `pair_row` only for
# the pairs a card shows in full, about two per entry: no query reads every pair's JSON.
def _candidates_sql(cards: str) -> str:
    return f"""
    with cards as (select * from {cards}),
    tops as (
        select 'hop1' as hop, entry_id as left_id, n_candidates1 as n_candidates, top1 as top
        from cards where top1 is not null
        union all
        select distinct 'hop2' as hop, card_booking, n_candidates2, top2
        from cards where top2 is not null
    ),
    full_pairs as (
        select distinct 'hop1' as hop, entry_id as left_id, card_booking as right_id from cards
        union all
        select distinct 'hop2' as hop, card_booking, card_custody from cards
    ),
    ranked as (
        select hop, left_id, n_candidates, unnest(top, recursive := true),
               generate_subscripts(top, 1) as rank
        from tops
    ),
    extra as (
        select f.hop, f.left_id, t.n_candidates, p.right_id, p.match_weight,
               p.match_probability, p.pair_row
        from (select * from full_pairs anti join ranked using (hop, left_id, right_id)) f
        join tops t using (hop, left_id)
        join candidate_pairs p
          on p.run_id = $run_id and p.hop = f.hop and p.left_id = f.left_id
         and p.right_id = f.right_id
    ),
    listed as (
        select * from ranked
        union all by name
        select *, $top_k + row_number() over (partition by hop, left_id
                                              order by match_weight desc, right_id) as rank
        from extra
    ),
    shown as (
        select l.*, f.right_id is not null as shown_full
        from listed l left join full_pairs f using (hop, left_id, right_id)
    ),
    evidence as (
        select pair_row, evidence::varchar as evidence from candidate_pairs
        where run_id = $run_id and pair_row in (select pair_row from shown where shown_full)
    )
    select s.hop, s.left_id, s.right_id, s.match_weight, s.match_probability, s.n_candidates,
           ev.evidence
    from shown s left join evidence ev using (pair_row)
    order by s.hop, s.left_id, s.rank
"""


def _plain(value: Any) -> Any:
    """JSON-friendly scalars: dates as ISO text, floats rounded (size, and byte stability)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


class _Strings:
    """Interning: the same text is stored once and referenced by its index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.values: list[str] = []

    def __call__(self, text: Any) -> int:
        text = "" if text is None else str(text)
        if text not in self.index:
            self.index[text] = len(self.values)
            self.values.append(text)
        return self.index[text]


def build_payload(store: Store, run_id: str, *, jurisdiction: str | None = None,
                  redact: bool = False, top_k: int = MAX_CANDIDATES) -> dict[str, Any]:
    """Everything the page needs about entries, candidates, bookings and book-ins; a card
    lists the `top_k` best candidates of each hop (`build_payload(store, "run-1", top_k=10)`)."""
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1 (a card shows the best candidate), not {top_k}")
    con = store.con
    params = {**scope_params(run_id, jurisdiction), "top_k": top_k}
    # A name of this call's own: two calls on one connection must not share the table.
    cards = f"payload_cards_{uuid.uuid4().hex[:12]}"
    con.execute(_cards_sql(cards), params)
    try:
        entries = [list(map(_plain, row)) for row in con.execute(_entries_sql(cards)).fetchall()]
        candidates = con.execute(_candidates_sql(cards), {"run_id": run_id, "top_k": top_k}).fetchall()
    finally:
        with contextlib.suppress(duckdb.Error):  # (in a failed transaction: the first error counts)
            con.execute(f"drop table if exists {cards}")
    at = {c: i for i, c in enumerate(ENTRY_COLS)}
    card_bookings = sorted({e[at["card_booking"]] for e in entries if e[at["card_booking"]]})
    card_custody = sorted({e[at["card_custody"]] for e in entries if e[at["card_custody"]]})
    bookings = _records(store, "bookings", "booking_uid", BOOKING_COLS, card_bookings)
    book_ins = _records(store, "book_ins", "custody_id", BOOK_IN_COLS, card_custody)

    # A jurisdiction's page shows the people of another jurisdiction's log as a redacted page
    # would, names as initials and birth dates as years (charges, birthplace and dates stay, the
    # evidence a reader weighs): hop 1 searches a same-named county's log for misfiled entries
    # (TX and MD Montgomery), and a sheriff reading the page is outside that jail (before, TX's
    # page held an MD inmate's name and birth date).
    def foreign(booking_uid: str | None) -> bool:
        return bool(jurisdiction and booking_uid and booking_jurisdiction(booking_uid) != jurisdiction)

    strings = _Strings()
    evidence: list[list] = []
    cand: dict[str, dict[str, list]] = {"hop1": {}, "hop2": {}}
    for hop, left, right, weight, prob, n, ev in candidates:
        ev_index = -1
        if ev:
            ev_index = len(evidence)
            masked = redact or foreign(right if hop == "hop1" else left)
            evidence.append(_compact_evidence(json.loads(ev), strings, masked))
        cand[hop].setdefault(left, [n]).append([right, round(weight, 3), round(prob, 4), ev_index])

    masked_entries = entries if redact else [e for e in entries if foreign(e[at["card_booking"]])]
    if masked_entries:
        _redact_records(bookings, BOOKING_COLS, {"full_name": "name", "last_name": "name",
                                                 "first_name": "name", "middle_name": "name",
                                                 "dob": "birth"},
                        only=None if redact else {e[at["card_booking"]] for e in masked_entries})
        _redact_records(book_ins, BOOK_IN_COLS, {"last_name": "name", "first_name": "name",
                                                 "birth_date": "birth", "a_number": "a_number"},
                        only=None if redact else {e[at["card_custody"]] for e in masked_entries})
        _scrub_reasons(store, masked_entries, at)
    for name, rows, cols in (("entries", entries, ENTRY_COLS),
                             ("bookings", bookings.values(), BOOKING_COLS),
                             ("book_ins", book_ins.values(), BOOK_IN_COLS)):
        _intern_columns(rows, [cols.index(c) for c in INTERNED[name]], strings)
    return {"entry_cols": ENTRY_COLS, "entries": entries, "interned": INTERNED, "cand1": cand["hop1"],
            "cand2": cand["hop2"], "evidence": evidence, "strings": strings.values,
            "booking_cols": BOOKING_COLS, "bookings": bookings,
            "book_in_cols": BOOK_IN_COLS, "book_ins": book_ins}


def _intern_columns(rows: Any, indexes: list[int], strings: _Strings) -> None:
    """Replace the text at `indexes` of every row by its index in `strings` (null stays null)."""
    for row in rows:
        for i in indexes:
            if row[i] is not None:
                row[i] = strings(row[i])


def _records(store: Store, table: str, key: str, cols: list[str], ids: list[str]) -> dict:
    if not ids:
        return {}
    rows = store.con.execute(
        f"select {key}, {', '.join(cols)} from {table} where {key} in (select unnest($ids))"
        f" order by {key}",  # the page's bytes must not depend on DuckDB's thread timing
        {"ids": ids},
    ).fetchall()
    return {row[0]: [_plain(v) for v in row[1:]] for row in rows}


def _compact_evidence(ev: dict, strings: _Strings, redact: bool) -> list:
    """[prior_weight, [[name, label, weight, value_l, value_r] as string indexes...]]; the
    label is the human one (`else` spelled out), the name stays the model's."""
    comps = []
    for c in ev.get("comparisons") or []:
        name = str(c.get("name", ""))
        vl, vr = c.get("value_l"), c.get("value_r")
        if redact:
            vl, vr = rd.mask_value(name, _text(vl)), rd.mask_value(name, _text(vr))
        comps.append([strings(name), strings(level_label(name, c.get("label"))), round(c.get("match_weight") or 0, 3),
                      strings(vl), strings(vr)])
    return [round(ev.get("prior_weight") or 0, 3), comps]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _redact_records(records: dict, cols: list[str], fields: dict[str, str], *, only: set | None = None) -> None:
    """Mask `fields` of every record, or of those whose key is in `only`."""
    where = {cols.index(f): kind for f, kind in fields.items()}
    for key, row in records.items():
        if only is not None and key not in only:
            continue
        for i, kind in where.items():
            row[i] = rd.mask_value(kind, _text(row[i]))


def _scrub_reasons(store: Store, entries: list[list], at: dict[str, int]) -> None:
    """Free-text reasons may quote a name or birth date: remove those of the entry's own
    booking and book-in (the only people a reason is about)."""
    uids = [e[at["card_booking"]] for e in entries if e[at["card_booking"]]]
    cids = [e[at["card_custody"]] for e in entries if e[at["card_custody"]]]
    people: dict[str, tuple[set[str], set[str]]] = {}
    for key, table, name_cols, date_col in (
        ("booking_uid", "bookings", "last_name, first_name, middle_name, full_name", "dob"),
        ("custody_id", "book_ins", "last_name, first_name, null, null", "birth_date"),
    ):
        ids = uids if table == "bookings" else cids
        if not ids:
            continue
        rows = store.con.execute(
            f"select {key}, [{name_cols}], {date_col}::varchar from {table}"
            f" where {key} in (select unnest($ids))", {"ids": ids}).fetchall()
        for rid, names, dob in rows:
            tokens = {t for n in names if n for t in n.replace(",", " ").replace("-", " ").split()}
            people[rid] = (tokens, {dob} if dob else set())
    for e in entries:
        names: set[str] = set()
        dates: set[str] = set()
        for rid in (e[at["card_booking"]], e[at["card_custody"]]):
            if rid in people:
                names |= people[rid][0]
                dates |= people[rid][1]
        e[at["reasons"]] = rd.scrub(e[at["reasons"]], names, dates)
