"""Which US states share a land border: where ICE books in a person handed over at a jail.

    >>> neighbours("MO")
    ('AR', 'IA', 'IL', 'KS', 'KY', 'NE', 'OK', 'TN')
    >>> neighbours("HI"), neighbours("PR"), neighbours(None)
    ((), (), ())

A hand-over is booked in at the nearest ICE office or processing centre, which is across a
state line for some jails (New York City's in New Jersey, the District's in Virginia, Kansas
City's in Kansas, Portland's in Tacoma): hop 2's `state` comparison reads such a book-in
apart from one a thousand miles away (`linkage.match.hop2`).

Written out by hand: neither `us` nor any library installed here lists borders. Land borders
of the 50 states and the District; states meeting at a point (the Four Corners) are not
neighbours, and territories have none.
"""

from __future__ import annotations

from functools import cache

_BORDERS = {
    "AL": "FL GA MS TN", "AR": "LA MO MS OK TN TX", "AZ": "CA NM NV UT", "CA": "AZ NV OR",
    "CO": "KS NE NM OK UT WY", "CT": "MA NY RI", "DC": "MD VA", "DE": "MD NJ PA", "FL": "AL GA",
    "GA": "AL FL NC SC TN", "IA": "IL MN MO NE SD WI", "ID": "MT NV OR UT WA WY",
    "IL": "IA IN KY MO WI", "IN": "IL KY MI OH", "KS": "CO MO NE OK",
    "KY": "IL IN MO OH TN VA WV", "LA": "AR MS TX", "MA": "CT NH NY RI VT", "MD": "DC DE PA VA WV",
    "ME": "NH", "MI": "IN OH WI", "MN": "IA ND SD WI", "MO": "AR IA IL KS KY NE OK TN",
    "MS": "AL AR LA TN", "MT": "ID ND SD WY", "NC": "GA SC TN VA", "ND": "MN MT SD",
    "NE": "CO IA KS MO SD WY", "NH": "MA ME VT", "NJ": "DE NY PA", "NM": "AZ CO OK TX",
    "NV": "AZ CA ID OR UT", "NY": "CT MA NJ PA VT", "OH": "IN KY MI PA WV",
    "OK": "AR CO KS MO NM TX", "OR": "CA ID NV WA", "PA": "DE MD NJ NY OH WV", "RI": "CT MA",
    "SC": "GA NC", "SD": "IA MN MT ND NE WY", "TN": "AL AR GA KY MO MS NC VA", "TX": "AR LA NM OK",
    "UT": "AZ CO ID NV WY", "VA": "DC KY MD NC TN WV", "VT": "MA NH NY", "WA": "ID OR",
    "WI": "IA IL MI MN", "WV": "KY MD OH PA VA", "WY": "CO ID MT NE SD UT",
}


@cache
def neighbours(state: str | None) -> tuple[str, ...]:
    """The two-letter codes of the states bordering `state` (a two-letter code), sorted."""
    return tuple(sorted(_BORDERS.get(state or "", "").split()))


def borders() -> dict[str, tuple[str, ...]]:
    """Every state with neighbours and its `neighbours`: the rows of hop 2's lookup table."""
    return {state: neighbours(state) for state in sorted(_BORDERS)}
