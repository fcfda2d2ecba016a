"""Full names split in SQL (the plain 'LAST, FIRST MIDDLE' fast path) agree with split_full_name."""

import csv
import random

import duckdb
import pytest
from conftest import REPO

from linkage.ingest.fullnames import plain_full_names
from linkage.ingest.headers import map_headers
from linkage.normalize.names import PLACEHOLDERS, SUFFIXES, split_full_name

TRICKY = [
    "GARCIA LOPEZ,JUAN CARLOS", "GARCIA-LOPEZ, JUAN", "DE LA CRUZ, JOSE", "SMITH, JOHN JR",
    "SMITH JR, JOHN", "FNU, JUAN", "GARCIA, FNU", "GARCIA, JUAN NMN", "UNKNOWN, UNKNOWN",
    "GARCIA,  JUAN", "GARCIA ,JUAN", " GARCIA, JUAN", "GARCIA, JUAN ", "GARCIA--LOPEZ, JUAN",
    "GARCIA -LOPEZ, JUAN", "GARCIA, JUAN, CARLOS", "GARCIA,", ",JUAN", "GARCIA", "O'BRIEN, PAT",
    "MUÑOZ, JOSÉ", "Garcia, Juan", "GARCIA2, JUAN", "NA, NA", "LE, VAN", "Y, E", "II, III",
    "GARCIA, JUAN III", "GARCIA III, JUAN", "DA SILVA, ANA", "GARCIA\tLOPEZ, JUAN", "A, B C D E",
    "SMITH-JR, JOHN", "JRR, JOHN", "JOHNSON, JR", "NONE-SUCH, ANN", "SIRIUS, IVAN", "LNUX, ANA IV",
]


def _sql_splits(names: list[str]) -> dict[str, tuple]:
    con = duckdb.connect()
    con.execute("create table names (v varchar)")
    con.executemany("insert into names values (?)", [[n] for n in names])
    return {row[0]: row[1:] for row in con.execute(plain_full_names("select v from names")).fetchall()}


def _python_split(name: str) -> tuple:
    parsed = split_full_name(name)
    return (parsed.last_name, parsed.first_name, parsed.middle_name)


def _demo_full_names() -> list[str]:
    names = []
    for path in sorted((REPO / "fixtures" / "demo" / "releases").glob("*.csv")):
        text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
        rows = list(csv.reader(text.splitlines()))
        column = map_headers(rows[0], "releases").columns.get("full_name")
        if column is not None:
            names += [row[column] for row in rows[1:] if len(row) > column]
    return names


def _random_names(count: int, seed: int = 7) -> list[str]:
    pieces = ["GARCIA", "LOPEZ", "JUAN", "ANA", "DE", "LA", "A", "Y", *sorted(PLACEHOLDERS),
              *sorted(SUFFIXES), " ", " ", "-", ",", ", ", "'", ".", "É", "a", "1", "\t"]
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(count)]


@pytest.mark.parametrize("source", ["tricky", "demo", "random"])
def test_sql_split_agrees_with_python(source):
    names = {"tricky": TRICKY, "demo": _demo_full_names, "random": lambda: _random_names(20000)}[source]
    names = names() if callable(names) else names
    split = _sql_splits(names)
    assert split, "the fast path took no name at all"
    for name, parts in split.items():
        assert parts == _python_split(name), name


def test_sql_split_leaves_special_words_to_python():
    split = _sql_splits(["SMITH, JOHN JR", "FNU, JUAN", "GARCIA, JUAN", "Garcia, Juan", "MUÑOZ, JOSÉ",
                         "JR, JOHN", "SMITH, JR ANN", "JRR, JOHN", "SMITH-JR, JOHN", "SIRIUS, IVAN JRX"])
    # A special word counts as a whole word between spaces, not inside another.
    assert set(split) == {"GARCIA, JUAN", "JRR, JOHN", "SMITH-JR, JOHN", "SIRIUS, IVAN JRX"}
