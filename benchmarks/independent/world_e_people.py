"""World E's people and how each source writes their names and birth dates.

A person carries the true name (surname units, given names, suffix, accents kept); the jail and
ICE each render it their own way: `jail_name` and `ice_name`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from faker.providers.person.en_US import Provider as _UsNames
from world_e_data import (
    BRAZ_FEMALE,
    BRAZ_MALE,
    BRAZ_SUR,
    BURM_TOKENS,
    CARIB_FEMALE,
    CARIB_GIVEN,
    CARIB_SUR,
    CHIN_GIVEN,
    CHIN_SUR,
    COUNTRIES,
    ETH_NAMES,
    HISP_FEMALE,
    HISP_MALE,
    HISP_PARTICLE,
    HISP_SUR,
    IND_FEMALE,
    IND_GIVEN,
    IND_SUR,
    KOR_GIVEN,
    KOR_SUR,
    VIET_GIVEN,
    VIET_SUR,
    WAFR_FEMALE,
    WAFR_GIVEN,
    WAFR_SUR,
)

_US_LAST = [n.upper() for n in _UsNames.last_names]
_US_LAST_P = np.array(list(_UsNames.last_names.values()), dtype=float)
_US_LAST_P /= _US_LAST_P.sum()
_US_MALE = [n.upper() for n in _UsNames.first_names_male]
_US_FEMALE = [n.upper() for n in _UsNames.first_names_female]
_SUFFIXES = [("JR", .6), ("SR", .1), ("II", .1), ("III", .2)]
_KEYS = "QWERTYUIOPASDFGHJKLZXCVBNM"


def fold(text: str) -> str:
    """Strip accents: `NÚÑEZ` -> `NUNEZ`."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class Person:
    pid: int
    culture: str
    country: str  # "US" for citizens, else a COUNTRIES key
    sex: str
    dob: date
    first: str
    middle: str
    surnames: tuple[str, ...]
    suffix: str
    birthplace: str  # a US birthplace for citizens, a city for some foreign-born
    a_number: str


class People:
    """Draws people; every draw comes from the one generator passed in."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.count = 0

    def pick(self, items):
        return items[int(self.rng.integers(len(items)))]

    def new(self, country: str, region_us_birth: list[str] | None = None,
            hisp_citizen: float = 0.0) -> Person:
        rng = self.rng
        self.count += 1
        citizen = country == "US"
        culture = ("hisp" if rng.random() < hisp_citizen else "us") if citizen else COUNTRIES[country][4]
        sex = "M" if rng.random() < (.84 if citizen else .88) else "F"
        age = (18 + rng.gamma(3.0, 7.0)) if citizen else (19 + rng.triangular(0, 10, 36))
        age = min(age, 78.0)
        dob = date(2017, 3, 1) - timedelta(days=int(age * 365.25))
        first, middle, surnames = self._name(culture, sex, citizen)
        suffix = ""
        if culture == "us" and rng.random() < .05 or culture == "hisp" and citizen and rng.random() < .02:
            suffix = _SUFFIXES[int(rng.choice(len(_SUFFIXES), p=[s[1] for s in _SUFFIXES]))][0]
        birthplace = self.pick(region_us_birth) if citizen and region_us_birth else ""
        a_number = "" if citizen else f"A{int(rng.integers(200_000_000, 215_000_000)):09d}"
        return Person(self.count, culture, country, sex, dob, first, middle, surnames, suffix,
                      birthplace, a_number)

    def _name(self, culture: str, sex: str, citizen: bool) -> tuple[str, str, tuple[str, ...]]:
        rng, pick = self.rng, self.pick
        male = sex == "M"
        if culture == "us":
            first = pick(_US_MALE if male else _US_FEMALE)
            middle = pick(_US_MALE if male else _US_FEMALE) if rng.random() < .6 else ""
            last = _US_LAST[int(rng.choice(len(_US_LAST), p=_US_LAST_P))]
            return first, middle, (last,)
        if culture == "hisp":
            pool = HISP_MALE if male else HISP_FEMALE
            first = pick(pool)
            middle = pick(pool) if rng.random() < .55 else ""
            middle = "" if middle == first else middle
            s1 = pick(HISP_PARTICLE) if rng.random() < .04 else pick(HISP_SUR)
            units = [s1]
            if rng.random() < (.12 if citizen else .65):
                s2 = pick(HISP_PARTICLE) if rng.random() < .04 else pick(HISP_SUR)
                if s2 != s1:
                    units.append(s2)
            return first, middle, tuple(units)
        if culture == "braz":
            first = pick(BRAZ_MALE if male else BRAZ_FEMALE)
            units = [pick(BRAZ_SUR)] + ([pick(BRAZ_SUR)] if rng.random() < .5 else [])
            return first, "", tuple(dict.fromkeys(units))
        if culture == "viet":
            middle = ("VAN" if male else "THI") if rng.random() < .7 else ""
            return pick(VIET_GIVEN), middle, (pick(VIET_SUR),)
        if culture == "kor":
            return pick(KOR_GIVEN), "", (pick(KOR_SUR),)
        if culture == "chin":
            first = pick(CHIN_GIVEN) + ((" " + pick(CHIN_GIVEN)) if rng.random() < .3 else "")
            return first, "", (pick(CHIN_SUR),)
        if culture == "burm":  # no family name: the last token stands in for one in most records
            tokens = [pick(BURM_TOKENS) for _ in range(2 + int(rng.random() < .6))]
            return tokens[0], " ".join(tokens[1:-1]), (tokens[-1],)
        if culture == "eth":
            return pick(ETH_NAMES[:7]), pick(ETH_NAMES) if rng.random() < .3 else "", (pick(ETH_NAMES),)
        table = {"ind": (IND_GIVEN, IND_FEMALE, IND_SUR), "wafr": (WAFR_GIVEN, WAFR_FEMALE, WAFR_SUR),
                 "carib": (CARIB_GIVEN, CARIB_FEMALE, CARIB_SUR)}
        given_m, given_f, sur = table[culture]
        given = given_m if male else given_f
        middle = pick(given) if rng.random() < .35 else ""
        return pick(given), middle, (pick(sur),)

    # --- noise -------------------------------------------------------------------------------

    def typo(self, text: str) -> str:
        """One keyboard slip: substitute, drop, double or swap a letter."""
        rng = self.rng
        if len(text) < 3:
            return text
        i = int(rng.integers(1, len(text) - 1))
        op = int(rng.integers(4))
        if op == 0 and text[i].isalpha():
            return text[:i] + _KEYS[int(rng.integers(len(_KEYS)))] + text[i + 1:]
        if op == 1:
            return text[:i] + text[i + 1:]
        if op == 2:
            return text[:i] + text[i] + text[i:]
        return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]

    def jail_name(self, p: Person, style: dict) -> tuple[str, str, str, str]:
        """(last, first, middle, suffix) as a jail types it. style: accents (P keep), hyphen
        (P join surnames with '-'), drop2 (P keep the first surname only)."""
        rng = self.rng
        units = list(p.surnames)
        if len(units) > 1:
            r = rng.random()
            last = units[0] if r < style["drop2"] else (
                "-".join(units) if r < style["drop2"] + style["hyphen"] else " ".join(units))
        else:
            last = units[0]
        first, middle = p.first, p.middle
        if p.culture == "kor":
            r = rng.random()
            if r < .4:
                first = first.replace(" ", "")
            elif r < .7:
                first, middle = first.split(" ", 1)
        if rng.random() >= style["accents"]:
            last, first, middle = fold(last), fold(first), fold(middle)
        if rng.random() < .015:
            last = self.typo(last)
        if rng.random() < .02:
            first = self.typo(first)
        if middle and rng.random() < .25:
            middle = middle[0]
        return last, first, middle, p.suffix

    def ice_name(self, p: Person) -> tuple[str, str]:
        """(last, first) as ICE's internal extract has it: ASCII, second surname often dropped,
        middle names in the first-name field, suffix dropped or glued to the surname, given and
        family name swapped for some East Asian names, Burmese names split anew."""
        rng = self.rng
        units = [fold(u) for u in p.surnames]
        first, middle = fold(p.first), fold(p.middle)
        if p.culture == "burm":
            tokens = [first, *middle.split(), units[0]]
            if rng.random() < .5:
                return " ".join(tokens[1:]), tokens[0]
            return units[0], " ".join(tokens[:-1])
        if len(units) > 1:
            r = rng.random()
            if r < .45:
                last = " ".join(units)
            elif r < .80:
                last = units[0]
            elif r < .90:
                last = "-".join(units)
            elif r < .95:
                last = "".join(units).replace(" ", "")
            elif r < .97:
                last = units[1]
            else:
                last = " ".join(units)
        else:
            last = units[0]
        if p.culture == "eth" and " " in last and rng.random() < .4:
            last = last.replace(" ", "")
        if middle and rng.random() < .4:
            first = f"{first} {middle}"
        if p.suffix and rng.random() < .4:
            last = f"{last} {p.suffix}"
        if p.culture in ("viet", "kor", "chin") and rng.random() < .10:
            last, first = first, last
        if rng.random() < .03:
            last = self.typo(last)
        if rng.random() < .04:
            first = self.typo(first)
        return last, first

    def ice_dob(self, dob: date) -> date:
        """Birth date as ICE has it: mostly exact; day/month swapped, a year off, another day."""
        r = self.rng.random()
        if r < .04 and dob.day <= 12 and dob.day != dob.month:
            return date(dob.year, dob.day, dob.month)
        if r < .07:
            return _safe(dob.year + (1 if self.rng.random() < .5 else -1), dob.month, dob.day)
        if r < .10:
            return date(dob.year, dob.month, int(self.rng.integers(1, 29)))
        if r < .12:
            return dob + timedelta(days=int(self.rng.integers(-900, 900)))
        return dob

    def jail_dob(self, dob: date) -> date | None:
        """Birth date as the jail has it: 3% missing, 2% another day of the month."""
        r = self.rng.random()
        if r < .03:
            return None
        if r < .05:
            return date(dob.year, dob.month, int(self.rng.integers(1, 29)))
        return dob


def _safe(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, 28) if month == 2 else day)


def full_name(last: str, first: str, middle: str, suffix: str, rng: np.random.Generator) -> str:
    """`LAST, FIRST MIDDLE` with the suffix after the surname or after the given names."""
    given = " ".join(x for x in (first, middle) if x)
    if suffix and rng.random() < .5:
        return f"{last} {suffix}, {given}"
    return f"{last}, {given}" + (f" {suffix}" if suffix else "")
