"""Offence categories from jail charge wording and from ICE's notable criminal activity."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.normalize.charges import (
    categories,
    category_label,
    category_specs,
    charge_categories,
    ice_category,
    parse_notable_activity,
)


@pytest.mark.parametrize(
    ("charges", "expected"),
    [
        ("DWI; THEFT PROP >=$100<$750", ["dui", "larceny"]),
        ("ASLT FAM/HOUSE MEM IMPEDE BREATH", ["assault", "family"]),
        ("POSS CS PG 1 <1G", ["drugs"]),
        ("DRIVING WHILE LICENSE INVALID", ["traffic"]),
        ("BURGLARY OF HABITATION", ["burglary"]),
        ("CRIM TRESPASS", ["invasion_of_privacy"]),
        ("FAIL TO IDENTIFY", ["obstruction"]),
        ("IMMIGRATION HOLD", ["immigration"]),
        ("AGG ASSAULT W/DEADLY WEAPON", ["assault"]),
        ("UNL CARRYING WEAPON", ["weapons"]),
        ("IDENTITY THEFT", ["fraud"]),
        ("UUMV; POSS STOLEN VEHICLE", ["stolen_vehicle"]),
        ("INTOXICATION MANSLAUGHTER", ["dui", "homicide"]),
        ("dwi ; dwi 2nd", ["dui"]),
        ("PARKING VIOLATION", []),
        ("", []),
        (None, []),
    ],
)
def test_charge_categories(charges, expected):
    assert charge_categories(charges) == expected


@pytest.mark.parametrize(
    ("text", "charged", "convicted"),
    [
        ("Charged: Burglary; Convicted: Driving Under Influence Liquor", ["burglary"], ["dui"]),
        ("Convicted: Assault, Dangerous Drugs", [], ["assault", "drugs"]),
        ("Convicted: Assault, Obstructing Judiciary, Congress, Legislature, Etc.", [], ["assault", "judiciary"]),
        ("Charged: Weapon Offense, Traffic Offense", ["traffic", "weapons"], []),
        ("Charged: Sex Offenses (Not Involving Assault or Commercialized Sex)", ["sex_offense"], []),
        ("Charged: Invasion of Privacy; Charged: Family Offense", ["family", "invasion_of_privacy"], []),
        ("charged: larceny   convicted: stolen vehicle", ["larceny"], ["stolen_vehicle"]),
        ("Burglary", ["burglary"], []),
        ("Charged: Something Unheard Of", [], []),
        ("None", [], []),
        ("", [], []),
        (None, [], []),
    ],
)
def test_parse_notable_activity(text, charged, convicted):
    assert parse_notable_activity(text) == (charged, convicted)


def test_every_category_is_reachable_from_an_example_wording():
    reached = {key for spec in category_specs().values() for e in spec.examples for key in charge_categories(e)}
    assert set(categories()) <= reached


@pytest.mark.parametrize("key", categories())
def test_each_example_maps_to_its_own_category(key):
    spec = category_specs()[key]
    assert spec.examples, f"{key} has no example wordings"
    for example in spec.examples:
        assert key in charge_categories(example), example


@pytest.mark.parametrize("key", categories())
def test_each_ice_spelling_maps_to_its_category(key):
    spec = category_specs()[key]
    for spelling in (spec.label, *spec.ice):
        assert ice_category(spelling) == [key]
        assert ice_category(spelling.upper()) == [key]
    assert category_label(key) == spec.label


def test_vocabulary_keys_are_simple():
    assert all(key.isidentifier() and key == key.lower() for key in categories())
    assert len(categories()) == len(set(categories()))


def test_config_is_validated(tmp_path):
    (tmp_path / "charges.toml").write_text('[categories.x]\nlabel = "X"\npatterns = ["X"]\nexampels = []\n')
    with pytest.raises(ValueError):
        charge_categories("X", config_dir=tmp_path)


def test_other_config_dir(tmp_path):
    (tmp_path / "charges.toml").write_text('[categories.x]\nlabel = "X"\npatterns = ["\\\\bFOO\\\\b"]\n')
    assert charge_categories("FOO; BAR", config_dir=tmp_path) == ["x"]
    assert categories(tmp_path) == ["x"]


@given(st.text(max_size=80))
def test_never_raises_and_stays_in_vocabulary(text):
    vocabulary = set(categories())
    found = charge_categories(text)
    charged, convicted = parse_notable_activity(text)
    assert found == sorted(set(found)) and set(found) <= vocabulary
    assert set(charged) | set(convicted) <= vocabulary
