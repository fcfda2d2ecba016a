"""Offence categories: jail charge wording and ICE's report categories in one vocabulary.

    >>> charge_categories("DWI; THEFT PROP >=$100<$750")
    ['dui', 'larceny']
    >>> parse_notable_activity("Charged: Burglary; Convicted: Driving Under Influence Liquor")
    (['burglary'], ['dui'])

The vocabulary, ICE's spellings, the jail patterns and example wordings live in
configs/charges.toml, read once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from linkage.config import CONFIG_DIR, read_toml
from linkage.normalize.text import blank, words

CHARGES_FILE = "charges.toml"


class CategorySpec(BaseModel):
    """One category of configs/charges.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    ice: list[str] = []
    patterns: list[str]
    exclude: list[str] = []
    examples: list[str] = []


class ChargesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    categories: dict[str, CategorySpec]


@dataclass(frozen=True)
class _Table:
    specs: dict[str, CategorySpec]
    ice_labels: dict[str, str]                      # words(ICE spelling) -> key
    rules: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]


def _union(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@lru_cache(maxsize=8)
def _table(config_dir: Path = CONFIG_DIR) -> _Table:
    parsed = ChargesFile.model_validate(read_toml(config_dir / CHARGES_FILE))
    ice_labels: dict[str, str] = {}
    rules = []
    for key, spec in parsed.categories.items():
        for label in (spec.label, *spec.ice):
            folded = words(label)
            if ice_labels.get(folded, key) != key:
                raise ValueError(f"{CHARGES_FILE}: ICE spelling {label!r} is in two categories")
            ice_labels[folded] = key
        try:
            rules.append((key, _union(spec.patterns), _union(spec.exclude)))
        except re.error as error:
            raise ValueError(f"{CHARGES_FILE}: category {key}: bad pattern: {error}") from error
    return _Table(dict(parsed.categories), ice_labels, tuple(rules))


def categories(config_dir: Path | None = None) -> list[str]:
    """The category keys, in file order.

        >>> categories()[:3]
        ['homicide', 'kidnapping', 'sex_assault']
    """
    return list(_table(config_dir or CONFIG_DIR).specs)


def category_specs(config_dir: Path | None = None) -> dict[str, CategorySpec]:
    """Key -> label, ICE spellings, patterns and example wordings (for the synthetic world).

        >>> category_specs()["dui"].examples[0]
        'DWI'
    """
    return dict(_table(config_dir or CONFIG_DIR).specs)


def category_label(key: str) -> str:
    """Display label of a key: `category_label('dui')` -> 'Driving Under Influence'."""
    return _table().specs[key].label


@lru_cache(maxsize=65536)
def _one_charge(charge: str, config_dir: Path) -> tuple[str, ...]:
    text = words(charge)
    found = []
    for key, include, exclude in _table(config_dir).rules:
        matched = include is not None and include.search(text)
        if matched and (exclude is None or not exclude.search(text)):
            found.append(key)
    return tuple(found)


CHARGE_SEPARATORS = r"[;|\n\r]+"
"""What separates the charges of a jail's cell: a regular expression read alike by Python's `re`
and by DuckDB's RE2 inside a plain '...' literal (no quote in it, nothing the two read apart)."""
_CHARGE_SEPARATORS = re.compile(CHARGE_SEPARATORS)


def charge_categories(charges_text: str | None, *, config_dir: Path | None = None) -> list[str]:
    """Sorted unique categories of a `;`-separated jail charge list; [] when none is known.

        >>> charge_categories("ASLT FAM/HOUSE MEM IMPEDE BREATH; CRIM TRESPASS")
        ['assault', 'family', 'invasion_of_privacy']
    """
    if blank(charges_text):
        return []
    directory = config_dir or CONFIG_DIR
    found: set[str] = set()
    for charge in _CHARGE_SEPARATORS.split(str(charges_text)):
        if charge.strip():
            found.update(_one_charge(charge.strip(), directory))
    return sorted(found)


def ice_category(label: str | None, *, config_dir: Path | None = None) -> list[str]:
    """Categories of one ICE category spelling: the listed spelling, else the jail patterns.

        >>> ice_category("Driving Under Influence Liquor"), ice_category("Aggravated Assault")
        (['dui'], ['assault'])
    """
    if blank(label):
        return []
    directory = config_dir or CONFIG_DIR
    key = _table(directory).ice_labels.get(words(str(label)))
    return [key] if key else sorted(_one_charge(str(label), directory))


_STATUS = re.compile(r"\b(CHARGED|CONVICTED|CONVICTION|CONVICTIONS|CHARGES?)\s*:", re.IGNORECASE)
_NOTHING = {"", "NONE", "N A", "NA", "NULL", "UNKNOWN", "NO"}


def parse_notable_activity(
    text: str | None, *, config_dir: Path | None = None
) -> tuple[list[str], list[str]]:
    """(charged, convicted) categories from the report's notable criminal activity.

        >>> parse_notable_activity("Convicted: Assault, Obstructing Judiciary, Congress, Legislature, Etc.")
        ([], ['assault', 'judiciary'])

    Text before any 'Charged:'/'Convicted:' marker counts as charged. Items are separated by
    ';' or ','; ICE spellings that contain commas are recognised whole first.
    """
    if blank(text) or words(str(text)) in _NOTHING:
        return [], []
    directory = config_dir or CONFIG_DIR
    charged: set[str] = set()
    convicted: set[str] = set()
    raw = str(text)
    marks = list(_STATUS.finditer(raw))
    sections = [("CHARGED", raw[: marks[0].start()] if marks else raw)]
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(raw)
        sections.append((mark.group(1).upper(), raw[mark.end() : end]))
    for status, body in sections:
        target = convicted if status.startswith("CONVICT") else charged
        for item in _split_items(body, directory):
            target.update(ice_category(item, config_dir=directory))
    return sorted(charged), sorted(convicted)


def _split_items(body: str, config_dir: Path) -> list[str]:
    """Split on ';' and ','; greedily re-join comma pieces that form a known ICE spelling."""
    known = _table(config_dir).ice_labels
    items: list[str] = []
    for chunk in body.split(";"):
        pieces = [p.strip() for p in chunk.split(",")]
        start = 0
        while start < len(pieces):
            stop = start + 1
            for end in range(len(pieces), start + 1, -1):
                if words(",".join(pieces[start:end])) in known:
                    stop = end
                    break
            item = ", ".join(pieces[start:stop]).strip()
            if item and words(item) not in _NOTHING:
                items.append(item)
            start = stop
    return items
