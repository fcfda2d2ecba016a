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
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from linkage.report import redact as rd
from linkage.report.scope import ENTRIES_SQL, PAIRS_SQL, scope_params
from linkage.report.words import level_label
from linkage.store import Store

MAX_CANDIDATES = 5  # per entry and hop; matches.parquet has them all

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

# The booking and book-in an entry's card shows: the chosen ones, else the best candidates.
_CARDS_SQL = f"""
    with e as ({ENTRIES_SQL}),
    p as ({PAIRS_SQL}),
    ranked as (
        select hop, left_id, right_id, match_weight, match_probability, evidence,
               row_number() over (partition by hop, left_id
                                  order by match_weight desc, right_id) as rank,
               count(*) over (partition by hop, left_id) as n_candidates
        from p
    ),
    card1 as (
        select e.*, coalesce(e.booking_uid, r.right_id) as card_booking
        from e left join ranked r on r.hop = 'hop1' and r.left_id = e.entry_id and r.rank = 1
    ),
    cards as (
        select c.*, coalesce(c.custody_id, r.right_id) as card_custody
        from card1 c left join ranked r
          on r.hop = 'hop2' and r.left_id = c.card_booking and r.rank = 1
    )
"""

ENTRIES_CARDS_SQL = _CARDS_SQL + f"""
    select {', '.join(ENTRY_COLS)} from cards order by entry_id
"""

# Candidates shown in cards: the top ones of each hop, plus the card's own pair, with the
# evidence JSON only where the card shows that pair in full.
CANDIDATES_SQL = _CARDS_SQL + f"""
    , shown as (
        select r.*, exists (select 1 from cards c where c.entry_id = r.left_id
                                                    and c.card_booking = r.right_id) as shown_full
        from ranked r where r.hop = 'hop1'
        union all
        select r.*, exists (select 1 from cards c where c.card_booking = r.left_id
                                                    and c.card_custody = r.right_id) as shown_full
        from ranked r where r.hop = 'hop2'
          and r.left_id in (select card_booking from cards)
    )
    select hop, left_id, right_id, match_weight, match_probability, n_candidates,
           case when shown_full then evidence::varchar end as evidence
    from shown
    where rank <= {MAX_CANDIDATES} or shown_full
    order by hop, left_id, rank
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
                  redact: bool = False) -> dict[str, Any]:
    """Everything the page needs about entries, candidates, bookings and book-ins."""
    con = store.con
    params = scope_params(run_id, jurisdiction)
    entries = [list(map(_plain, row)) for row in con.execute(ENTRIES_CARDS_SQL, params).fetchall()]
    at = {c: i for i, c in enumerate(ENTRY_COLS)}
    card_bookings = sorted({e[at["card_booking"]] for e in entries if e[at["card_booking"]]})
    card_custody = sorted({e[at["card_custody"]] for e in entries if e[at["card_custody"]]})
    bookings = _records(store, "bookings", "booking_uid", BOOKING_COLS, card_bookings)
    book_ins = _records(store, "book_ins", "custody_id", BOOK_IN_COLS, card_custody)

    strings = _Strings()
    evidence: list[list] = []
    cand: dict[str, dict[str, list]] = {"hop1": {}, "hop2": {}}
    for hop, left, right, weight, prob, n, ev in con.execute(CANDIDATES_SQL, params).fetchall():
        ev_index = -1
        if ev:
            ev_index = len(evidence)
            evidence.append(_compact_evidence(json.loads(ev), strings, redact))
        cand[hop].setdefault(left, [n]).append([right, round(weight, 3), round(prob, 4), ev_index])

    if redact:
        _redact_records(bookings, BOOKING_COLS, {"full_name": "name", "last_name": "name",
                                                 "first_name": "name", "middle_name": "name",
                                                 "dob": "birth"})
        _redact_records(book_ins, BOOK_IN_COLS, {"last_name": "name", "first_name": "name",
                                                 "birth_date": "birth", "a_number": "a_number"})
        _scrub_reasons(store, entries, at)
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
        f"select {key}, {', '.join(cols)} from {table} where {key} in (select unnest($ids))",
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


def _redact_records(records: dict, cols: list[str], fields: dict[str, str]) -> None:
    where = {cols.index(f): kind for f, kind in fields.items()}
    for row in records.values():
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
