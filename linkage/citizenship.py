"""Three records of one person's country: ICE's citizenship on the report entry, the jail's
place of birth, ICE's citizenship on a book-in.

    >>> sql = book_in_country_lr_sql("e.country", "b.birth_country", "k.country",
    ...                              shares=("fe.share", "fj.share", "fk.share"),
    ...                              ice_agrees=0.97, hop2=JailBirthplace(0.88, 0.12), n_book_ins=1730)

Hop 1 weighs the entry against the jail's birthplace, hop 2 the jail's birthplace against the
book-in. Where the jail's birthplace is wrong (a naturalised person, a mis-keyed country), both
hops count that one error, and hop 2 counts it against the very book-in whose citizenship
agrees with ICE's own entry. Reconcile, which sees all three, replaces hop 2's citizenship
factor by the likelihood of the book-in's country given the other two records: the person's
country is the entry's (ICE right, jail wrong), the jail's (the other way) or a third, each
record right with its own probability and wrong toward a country by its share of ICE's
book-ins. Nothing here is fitted to labels: ICE's agreement is configured, the jail's is hop
2's trained m.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JailBirthplace:
    """Hop 2's citizenship comparison as trained: m of "same country", and the Bayes factor of
    its "else" level (what hop 2 multiplied a disagreeing book-in's odds by)."""

    agrees: float
    else_factor: float


def book_in_country_lr_sql(entry: str, birthplace: str, ice: str, *, shares: tuple[str, str, str],
                           ice_agrees: float, hop2: JailBirthplace | None, n_book_ins: int) -> str:
    """SQL: the factor on a release's "booked by ICE" states from its book-in's country `ice`,
    given the entry's `entry` and the jail's `birthplace` (column expressions; `shares`: each one's
    share of ICE's book-ins, NULL when unseen).

    - entry or book-in unknown: 1 (nothing to add);
    - no birthplace in the log: hop 2 had no citizenship evidence, so the entry against the
      book-in, as two ICE records of one person;
    - birthplace = entry: 1 (hop 2's comparison already stands for the entry's);
    - birthplace != entry: the three-record likelihood over hop 2's own factor."""
    floor = 1.0 / max(n_book_ins, 1)
    f_e, f_j, f_k = (f"coalesce({s}, {floor})" for s in shares)
    a = ice_agrees
    two_records = f"case when {ice} = {entry} then {a} / {f_k} else {1 - a} / (1 - {f_e}) end"
    if hop2 is None:  # hop 2 compared no countries: nothing of its to replace
        three_records = "1.0"
    else:
        b = hop2.agrees
        w_e, w_j = a * (1 - b), (1 - a) * b
        w_o = f"({(1 - a) * (1 - b)} * greatest(1 - {f_e} - {f_j}, 0))"
        total = f"({w_e + w_j} + {w_o})"
        given_both = (
            f"case when {ice} = {entry} then ({w_e * a} / {f_e} + ({w_j} + {w_o}) * {1 - a}) / {total}"
            f" when {ice} = {birthplace} then ({w_e * (1 - a)} + {w_j * a} / {f_j} + {w_o} * {1 - a}) / {total}"
            f" else {1 - a} end"
        )
        # Hop 2's factor on this book-in: its TF-adjusted agreement, or its "else" level.
        by_hop2 = f"case when {ice} = {birthplace} then {b} / {f_k} else {hop2.else_factor} end"
        three_records = f"({given_both}) / ({by_hop2})"
    return (
        f"case when {ice} is null or {entry} is null then 1.0"
        f" when {birthplace} is null then {two_records}"
        f" when {birthplace} = {entry} then 1.0"
        f" else {three_records} end"
    )
