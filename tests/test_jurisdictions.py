"""A jurisdiction given by hand (`--jurisdiction`, a token's, an upload route's) must be a county
of its state: a misspelt one had opened a jurisdiction ICE lists nobody in, and its sheriff's
token met 404 for ever (`submission.parse_jurisdiction`, `places.unknown_county`)."""

import pytest

from linkage.ingest import parse_jurisdiction
from linkage.service.tokens import TokenError, create_token


@pytest.mark.parametrize(("text", "key"), [
    ("MN/Hennepin County", ("MN", "HENNEPIN")), ("LA/Orleans Parish", ("LA", "ORLEANS")),
    ("VA/Richmond City", ("VA", "RICHMOND CITY")), ("MO/City of St. Louis", ("MO", "ST LOUIS CITY")),
    ("AK/Anchorage", ("AK", "ANCHORAGE")), ("SD/Shannon", ("SD", "SHANNON")),  # renamed in 2015: either
    ("AR/Washington", ("AR", "WASHINGTON")),
])
def test_a_county_or_its_equivalent_is_read(text, key):
    assert parse_jurisdiction(text) == key


def test_a_county_the_state_has_not_is_refused_with_the_nearest(store):
    with pytest.raises(ValueError, match=r"MN has no county HENNEPN \(did you mean MN/HENNEPIN\?\)"):
        parse_jurisdiction("MN/Hennepn")
    with pytest.raises(TokenError, match="MN has no county TRAVIS"):
        create_token(store, role="sheriff", jurisdiction="MN/Travis")
    assert store.count("tokens") == 0
