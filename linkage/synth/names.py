"""Name pools by origin, sampled by index, and the clerical noise that separates two records.

    >>> pools = name_pools()
    >>> first, middle, last1, last2 = sample_names(pools["es_MX"], np.array(["M", "F"]), rng, 0.7)

Pools are built once from Faker's locale lists (plain data, no Faker randomness) plus a few
hand-made lists where Faker has none in Latin script; frequent surnames get more weight so
that namesakes (`JOSE HERNANDEZ`) arise as they do in real jails.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class NamePool:
    last: np.ndarray
    last_p: np.ndarray
    male: np.ndarray
    male_p: np.ndarray
    female: np.ndarray
    female_p: np.ndarray
    second_given: float = 0.0  # share with a second given name (JUAN CARLOS, VAN, THI)
    middle_m: tuple[str, ...] = ()  # fixed middle names by sex (Vietnamese VĂN / THỊ)
    middle_f: tuple[str, ...] = ()


_COMMON_HISPANIC = ["HERNÁNDEZ", "GARCÍA", "MARTÍNEZ", "LÓPEZ", "GONZÁLEZ", "PÉREZ", "RODRÍGUEZ", "SÁNCHEZ", "RAMÍREZ", "CRUZ", "FLORES", "GÓMEZ", "MORALES", "VÁZQUEZ", "REYES", "JIMÉNEZ", "TORRES", "DÍAZ", "GUTIÉRREZ", "RUIZ", "MENDOZA", "AGUILAR", "ORTIZ", "MORENO", "CASTILLO", "ROMERO", "ÁLVAREZ", "MÉNDEZ", "CHÁVEZ", "RIVERA", "JUÁREZ", "DOMÍNGUEZ", "HERRERA", "MEDINA", "CASTRO", "VARGAS", "RAMOS", "PEÑA"]
_COMMON_GIVEN = ["JOSÉ", "JUAN", "LUIS", "CARLOS", "JESÚS", "MIGUEL", "FRANCISCO", "ANTONIO", "JORGE", "PEDRO", "MANUEL", "ALEJANDRO", "MARÍA", "GUADALUPE", "ROSA", "ANA"]
_VI_LAST = {"NGUYỄN": 38, "TRẦN": 11, "LÊ": 9.5, "PHẠM": 7, "HOÀNG": 3, "HUỲNH": 3, "PHAN": 4.5,
            "VŨ": 3.9, "VÕ": 3, "ĐẶNG": 2.1, "BÙI": 2, "ĐỖ": 1.4, "NGÔ": 1.3, "DƯƠNG": 1, "MAI": 0.5}
_ZH_COMMON = ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "LIN", "ZHENG", "XU", "SUN"]
_HANDMADE: dict[str, tuple[str, str, str]] = {
    # pool: (surnames, male given names, female given names)
    "so_SO": ("MOHAMED ALI HASSAN AHMED ABDI FARAH WARSAME JAMA OSMAN ADEN HUSSEIN YUSUF IBRAHIM "
              "OMAR NUR MOHAMUD ABDULLAHI HIRSI DIRIE EGAL SHIRE SAID MUSE ELMI GEDI ISSE",
              "MOHAMED ABDI AHMED ALI HASSAN ABDIRAHMAN ABDULLAHI OMAR YUSUF IBRAHIM HUSSEIN MAHAD "
              "LIBAN ABDIAZIZ FARHAN GULED SAID ABDIKADIR",
              "FADUMO HODAN AMINA HALIMA SAHRA HAWA IFRAH ASHA KHADRA UBAH DEKA"),
    "pl_PL": ("NOWAK KOWALSKI WIŚNIEWSKI WÓJCIK KOWALCZYK KAMIŃSKI LEWANDOWSKI ZIELIŃSKI "
              "SZYMAŃSKI WOŹNIAK DĄBROWSKI KOZŁOWSKI JANKOWSKI MAZUR KWIATKOWSKI KRAWCZYK "
              "PIOTROWSKI GRABOWSKI NOWAKOWSKI PAWŁOWSKI MICHALSKI ADAMCZYK DUDEK ZAJĄC",
              "", ""),
    "fr_HT": ("PIERRE JEAN JOSEPH LOUIS CHARLES JEAN-BAPTISTE FRANCOIS SAINT-FLEUR DESIR ETIENNE "
              "AUGUSTIN CELESTIN DORVAL EXANTUS PHILIPPE NOEL ALEXIS MICHEL TOUSSAINT GEORGES "
              "JACQUES BAPTISTE LAGUERRE MOISE LAMOUR",
              "JEAN PIERRE WILSON WIDLIN WOODLEY FRITZNEL JEAN-ROBERT MACKENDY JUNIOR REGINALD "
              "JOSUE EMMANUEL",
              "MARIE NADEGE ROSEMENE FABIOLA MIRLANDE GUERDA NATACHA"),
    "tl_PH": ("SANTOS REYES CRUZ BAUTISTA OCAMPO GARCIA MENDOZA TORRES TOMAS ANDRADA CASTILLO "
              "FLORES VILLANUEVA RAMOS CASTRO RIVERA AQUINO NAVARRO SALAZAR MERCADO "
              "DELA_CRUZ DEL_ROSARIO DE_LEON",
              "JOSE MARK JOHN_PAUL JEROME RODEL ARNEL RONALDO MICHAEL JOMAR RYAN",
              "MARIA CRISTINA MARY_GRACE ROWENA MARITES JOCELYN ANGELICA"),
    "ko_KR": ("KIM LEE PARK CHOI JUNG KANG CHO YOON JANG LIM HAN SHIN",
              "MIN_JUN SEO_JUN JI_HOON HYUN_WOO SUNG_MIN JIN_WOO DONG_HYUN",
              "JI_YEON SOO_JIN MIN_JI EUN_JI HYE_JIN SEO_YEON"),
}
_CYRILLIC = dict(zip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЄІЇҐ",
                     ["A", "B", "V", "G", "D", "E", "E", "ZH", "Z", "I", "Y", "K", "L", "M", "N", "O", "P", "R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "SHCH", "_", "Y", "_", "E", "YU", "YA", "YE", "I", "YI", "G"], strict=True))


def translit(name: str) -> str:
    """`translit("Шевченко") == "SHEVCHENKO"` (a passport-style romanisation)."""
    return "".join(_CYRILLIC.get(c, c) for c in name.upper()).replace("_", "")


@functools.lru_cache(maxsize=1 << 20)
def fold(name: str, keep: str = "") -> str:
    """Strip accents except those in `keep`: `fold("PEÑA", keep="Ñ") == "PEÑA"`, `fold("ĐỖ") == "DO"`.

    Cached: a national world folds the same names in 3,000 logs (4.4 M calls, 19 s uncached)."""
    out = []
    for c in name:
        if c in keep or ord(c) < 128:
            out.append(c)
        elif c in "Đđ":
            out.append("D")
        else:
            out.append("".join(d for d in unicodedata.normalize("NFKD", c) if ord(d) < 128))
    return "".join(out)


CP1252_ACCENTS = "ÁÉÍÓÚÑÜÀÈÌÒÙÂÊÎÔÛÇÄËÏÖ"


def fold_array(values: np.ndarray, keep: str = "") -> np.ndarray:
    """Fold the distinct values once and map them back (the arrays repeat names a lot); a
    missing value stays NaN. (One hashing pass, `pd.factorize`, then a take: a third of the
    time of `unique` and `map` with a dict, which took 14 s of a national world's 185.)"""
    codes, distinct = pd.factorize(np.asarray(values, dtype=object))
    return np.array([fold(u, keep) for u in distinct] + [np.nan], dtype=object)[codes]


def _weights(names: list[str], common: list[str] | None = None, given: dict | None = None) -> np.ndarray:
    if given is not None:
        w = np.array([given.get(n, 1.0) for n in names], dtype=float)
    else:
        w = np.ones(len(names))
        if common:
            rank = {n: i for i, n in enumerate(common)}
            w = np.array([60.0 / (1 + rank[n]) ** 0.5 if n in rank else 1.0 for n in names])
    return w / w.sum()


def _provider(locale: str):
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _listing(values) -> tuple[list[str], np.ndarray | None]:
    """Faker lists are tuples (uniform) or OrderedDicts (weighted)."""
    if isinstance(values, dict):
        keys = list(values)
        return keys, np.array([values[k] for k in keys], dtype=float)
    return list(values), None


def _pool(last, male, female, common=None, second_given=0.0, last_w=None, translit_=False) -> NamePool:
    def prep(values):
        names, w = _listing(values)
        names = [translit(n) if translit_ else n.upper() for n in names]
        names = [n.replace("_", " ") for n in names]
        # Deduplicate while summing weights: Faker lists repeat a few names.
        weights = w if w is not None else np.ones(len(names))
        acc: dict[str, float] = {}
        for n, x in zip(names, weights, strict=True):
            acc[n] = acc.get(n, 0.0) + float(x)
        return list(acc), np.array(list(acc.values()))

    def build(values, is_last):
        names, w = prep(values)
        if is_last and last_w is not None:
            p = _weights(names, given=last_w)
        elif common:
            p = _weights(names, common) * w
        else:
            p = w
        return np.array(names, dtype=object), p / p.sum()

    ln, lp = build(last, True)
    mn, mp = build(male, False)
    fn, fp = build(female, False)
    return NamePool(ln, lp, mn, mp, fn, fp, second_given)


@functools.cache
def name_pools() -> dict[str, NamePool]:
    """Every pool, keyed like the Faker locale it comes from (`es_MX`, `vi_VN`, ...)."""
    mx, co, us = _provider("es_MX"), _provider("es_CO"), _provider("en_US")
    pools = {
        "en_US": _pool(us.last_names, us.first_names_male, us.first_names_female, second_given=0.5),
        "es_MX": _pool(mx.last_names, mx.first_names_male, mx.first_names_female,
                       _COMMON_HISPANIC + _COMMON_GIVEN, second_given=0.45),
        "es_CA": _pool(tuple(mx.last_names) + tuple(co.last_names),
                       tuple(mx.first_names_male) + tuple(co.first_names_male),
                       tuple(mx.first_names_female) + tuple(co.first_names_female),
                       _COMMON_HISPANIC + _COMMON_GIVEN, second_given=0.45),
        "es_CO": _pool(co.last_names, co.first_names_male, co.first_names_female, second_given=0.4),
        "en_IN": _pool(_provider("en_IN").last_names, _provider("en_IN").first_names_male,
                       _provider("en_IN").first_names_female),
        "ro_RO": _pool(_provider("ro_RO").last_names, _provider("ro_RO").first_names_male,
                       _provider("ro_RO").first_names_female),
        "pt_BR": _pool(_provider("pt_BR").last_names, _provider("pt_BR").first_names_male,
                       _provider("pt_BR").first_names_female, second_given=0.3),
        "uk_UA": _pool(_provider("uk_UA").last_names, _provider("uk_UA").first_names_male,
                       _provider("uk_UA").first_names_female, translit_=True),
        "ru_RU": _pool(_provider("ru_RU").last_names, _provider("ru_RU").first_names_male,
                       _provider("ru_RU").first_names_female, translit_=True),
    }
    vi = _provider("vi_VN")
    pools["vi_VN"] = dataclasses.replace(
        _pool(tuple(_VI_LAST), vi.first_names_male, vi.first_names_female, second_given=0.8,
              last_w=_VI_LAST),
        middle_m=("VĂN", "VĂN", "VĂN", "ĐỨC", "HỮU", "QUANG", "MINH"), middle_f=("THỊ", "THỊ", "THỊ", "NGỌC"))
    zh = _provider("zh_CN")
    syll = [s.upper() for s in zh.first_romanized_names]
    one = [x for x in syll if len(x) <= 4]
    given = syll + [a + b for a in one for b in one if a != b]
    given = [g.upper() for g in given]
    pools["zh_CN"] = _pool(zh.last_romanized_names, given, given, _ZH_COMMON)
    pl = _provider("pl_PL")
    for key, (last, male, female) in _HANDMADE.items():
        m = male.split() if male else list(pl.first_names_male)
        f = female.split() if female else list(pl.first_names_female)
        pools[key] = _pool(last.split(), m, f, second_given=0.2)
    return pools


def sample_names(pool: NamePool, sex: np.ndarray, rng: np.random.Generator, double_surname: float
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """First, middle ('' if none), paternal and maternal ('' if none) surnames for each person."""
    n = len(sex)
    male = sex == "M"
    first = np.where(male, pool.male[rng.choice(len(pool.male), n, p=pool.male_p)],
                     pool.female[rng.choice(len(pool.female), n, p=pool.female_p)])
    second = np.where(male, pool.male[rng.choice(len(pool.male), n, p=pool.male_p)],
                      pool.female[rng.choice(len(pool.female), n, p=pool.female_p)])
    if pool.middle_m:
        second = np.where(male, np.array(pool.middle_m, dtype=object)[rng.integers(0, len(pool.middle_m), n)],
                          np.array(pool.middle_f, dtype=object)[rng.integers(0, len(pool.middle_f), n)])
    middle = np.where(rng.random(n) < pool.second_given, second, "")
    middle = np.where(middle == first, "", middle)
    last1 = pool.last[rng.choice(len(pool.last), n, p=pool.last_p)]
    last2 = pool.last[rng.choice(len(pool.last), n, p=pool.last_p)]
    last2 = np.where((rng.random(n) < double_surname) & (last2 != last1), last2, "")
    return first.astype(object), middle.astype(object), last1.astype(object), last2.astype(object)


_KEYS = "QWERTYUIOPASDFGHJKLZXCVBNM"


def typo(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One keying slip (substitute, drop, double or swap a letter) in the masked names."""
    out = values.copy()
    idx = np.flatnonzero(mask & (pd.Series(values, dtype=object).str.len().fillna(0).to_numpy() > 3))
    kinds = rng.integers(0, 4, len(idx))
    pos = rng.random(len(idx))
    letters = rng.integers(0, 26, len(idx))
    for i, k, p, c in zip(idx, kinds, pos, letters, strict=True):
        s = out[i]
        j = 1 + int(p * (len(s) - 2))  # keep the first letter: clerks rarely miss it
        if k == 0:
            s = s[:j] + _KEYS[c] + s[j + 1:]
        elif k == 1:
            s = s[:j] + s[j + 1:]
        elif k == 2:
            s = s[:j] + s[j] + s[j:]
        else:
            s = s[:j - 1] + s[j] + s[j - 1] + s[j + 1:]
        out[i] = s
    return out
