"""An entry's candidate bookings side by side, and the ICE book-ins that followed each release:
what `linkage review show` and the web entry page lay out for the auditor.

    >>> hop1, hop2 = candidates(store, run_id, "DD20170204-0007", top=4, blind=True)
    >>> hop2[hop1[0]["booking_uid"]][0]["hours_after"]
"""

from __future__ import annotations

import json
from typing import Any

from linkage.match.hop2 import logged_without_time, release_to_book_in_hours
from linkage.store import Store

BOOKING_FIELDS = ("booking_id", "jurisdiction", "full_name", "dob", "age", "sex", "booking_date",
                  "release_datetime", "release_reason", "release_class", "charges", "place_of_birth",
                  "hold_agency", "hold_date", "facility")
BOOK_IN_FIELDS = ("custody_id", "book_in_datetime", "last_name", "first_name", "birth_date",
                  "birth_year", "sex", "citizenship", "a_number", "apprehension_method",
                  "apprehension_state", "detention_facility")


def candidates(
    store: Store, run_id: str, entry_id: str, *, top: int = 5, blind: bool = False
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The entry's `top` most probable candidate bookings, and the best 3 ICE book-ins of each.

    P(booking | entry) is the run's posterior, as reconcile gave it and `linkage explain`
    replays it (`candidate_posteriors`: the entry's 5 most probable bookings and the one a
    transfer names; None for a candidate below those). A run reconciled before the store kept
    posteriors (schema 11) shows, as then, its share of the hop-1 weights:
    (1 − P(no record)) · 2^w_j / Σ_k 2^w_k, which knows nothing of the ICE record.
    """
    con = store.con
    order = "b.release_datetime nulls last, b.booking_id" if blind else "c.rank"
    result = con.execute(
        f"""
        with c as (
            select c.right_id as booking_uid, c.match_weight, c.evidence, p.p_booking as posterior,
                   pow(2, c.match_weight - max(c.match_weight) over ()) as rel
            from candidate_pairs c
            left join candidate_posteriors p
              on p.run_id = $run and p.entry_id = $entry and p.booking_uid = c.right_id
            where c.run_id = $run and c.hop = 'hop1' and c.left_id = $entry
        ), ranked as (
            select *, rel / sum(rel) over () as share, count(posterior) over () > 0 as kept,
                   row_number() over (order by posterior desc nulls last, match_weight desc, booking_uid) as rank
            from c
        )
        select b.booking_uid, {', '.join('b.' + f for f in BOOKING_FIELDS)}, c.match_weight,
               case when c.kept then c.posterior else c.share * (1 - coalesce(o.p_no_record, 0)) end as p_booking,
               c.evidence::varchar as evidence
        from ranked c join bookings b using (booking_uid)
        left join outcomes o on o.run_id = $run and o.entry_id = $entry
        where c.rank <= $top
        order by {order}
        """,
        {"run": run_id, "entry": entry_id, "top": top},
    )
    names = [c[0] for c in result.description]
    hop1 = [_with_evidence(dict(zip(names, row, strict=True)), blind) for row in result.fetchall()]
    hop2: dict[str, list[dict[str, Any]]] = {}
    for booking in hop1:
        result = con.execute(
            f"""
            select {', '.join('k.' + f for f in BOOK_IN_FIELDS)},
                   round({release_to_book_in_hours("b.release_datetime", "k.book_in_datetime")}, 1) as hours_after,
                   -- hours then count from the start of the release day (hop 2's `timing_day`)
                   {logged_without_time("b.release_datetime")} as release_day_only,
                   c.match_weight, c.evidence::varchar as evidence
            from candidate_pairs c
            join book_ins k on k.custody_id = c.right_id
            join bookings b on b.booking_uid = c.left_id
            where c.run_id = $run and c.hop = 'hop2' and c.left_id = $uid
            order by {'k.book_in_datetime' if blind else 'c.match_weight desc'}, k.custody_id limit 3
            """,
            {"run": run_id, "uid": booking["booking_uid"]},
        )
        names = [c[0] for c in result.description]
        hop2[booking["booking_uid"]] = [
            _with_evidence(dict(zip(names, row, strict=True)), blind) for row in result.fetchall()
        ]
    return hop1, hop2


def _with_evidence(pair: dict[str, Any], blind: bool) -> dict[str, Any]:
    """Parse the pair's evidence; each comparison says agree (weight ≥ 1), disagree (≤ −1) or
    neutral. Blind: the level and both values stay, every weight and probability goes."""
    evidence = json.loads(pair.pop("evidence") or "{}")
    comparisons = []
    for c in evidence.get("comparisons") or []:
        w = c.get("match_weight") or 0.0
        item = {"name": c.get("name"), "label": c.get("label"), "value_l": c.get("value_l"),
                "value_r": c.get("value_r"),
                "verdict": "agrees" if w >= 1 else "disagrees" if w <= -1 else "neutral",
                "match_weight": w}
        if blind:
            item.pop("match_weight")
            item.pop("verdict")
        comparisons.append(item)
    pair["comparisons"] = comparisons
    pair["prior_weight"] = evidence.get("prior_weight")
    if blind:
        for key in ("match_weight", "p_booking", "prior_weight"):
            pair.pop(key, None)
    return pair
