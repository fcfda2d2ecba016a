"""Map a file's headers onto the canonical columns of ../shared/contract.md.

    >>> mapping = map_headers(["Booking No.", "Book Date", "Name"], "releases")
    >>> mapping.columns
    {'booking_id': 0, 'booking_date': 1, 'full_name': 2}

Matching ignores case, spaces and punctuation ("Booking No." = "booking_no"). Sources, in
order of precedence: a jurisdiction's own map (`configs/headers/<st>-<county>.toml`), the
canonical name itself, the aliases in `configs/headers/aliases.toml`, and last the aliases
read word by word (`header_words`: "Inmate Last Name" and "Date/Time Released" read as the
aliases "last name" and "release date time"; a note names every header read that way), and
for a required column still missing, the one header holding an alias's words beside words
naming no column ('Agency State'). When two headers claim one column, the one sharing more
words with the column's name wins, else the leftmost; the other stays in the raw row only.
An unread header that seems to be a hold, release reason or birthplace gets a warning note.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from linkage.config import read_toml
from linkage.errors import ConfigError
from linkage.ingest.header_words import FLAG_WORD, HEADERS_DIR, header_key, header_words

KINDS = ("reports", "releases", "custody")

# Required columns per kind; a tuple inside means "any one of these".
REQUIRED: dict[str, list[str | tuple[str, ...]]] = {
    "reports": [
        "report_week", "state", "county", "facility", "citizenship",
        "detainer_issued_date", "detainer_declined_date",
    ],
    "releases": [
        "booking_id", ("last_name", "full_name"), "booking_date", "facility", "county", "state",
    ],
    "custody": ["custody_id", "book_in_datetime", "citizenship"],
}

# Columns a --jurisdiction flag can stand in for when the file lacks them (see resolve_columns).
FROM_JURISDICTION = {"state", "county", "facility"}


@dataclass(frozen=True)
class HeaderMap:
    """A jurisdiction's own header spellings, from `configs/headers/<st>-<county>.toml`."""

    jurisdiction: str
    kind: str
    columns: dict[str, str]
    path: Path


def _used(columns: dict[str, int], joined: dict[str, list[int]]) -> set[int]:
    """The file columns already read: each canonical column's, and those joined to it."""
    return set(columns.values()) | {index for more in joined.values() for index in more}


JOINED = ("charges",)
"""Columns a file may spread over several columns of one header, one value each: joined."""

TIMES_OF_DAY = {
    "releases": {"booking_date": "booking_time", "release_datetime": "release_time"},
    "custody": {"book_in_datetime": "book_in_time"},
}
"""Per kind, {date column: the column a file may keep its time of day in} (`times.add_time_of_day`
joins the two). A time column alone, with no date column beside it, is read as the date column
where that is required (`map_headers`)."""


@dataclass
class ColumnMapping:
    """Which file column (0-based index) feeds which canonical column."""

    columns: dict[str, int]
    headers: list[str]
    header_map: HeaderMap | None = None
    notes: list[str] = field(default_factory=list)
    joined: dict[str, list[int]] = field(default_factory=dict)
    """Further columns whose cells join the canonical one's (`JOINED`: a roster's repeated
    Charge columns, one charge each)."""

    def header_of(self, canonical: str) -> str:
        return self.headers[self.columns[canonical]]


@functools.lru_cache(maxsize=8)
def _aliases(path: Path, mtime: float) -> dict[str, dict[str, str]]:
    data = read_toml(path) if mtime else {}
    table: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        keys: dict[str, str] = {}
        for canonical, spellings in data.get(kind, {}).items():
            for spelling in [canonical, *spellings]:
                keys.setdefault(header_key(spelling), canonical)
        table[kind] = keys
    return table


@functools.lru_cache(maxsize=8)
def _alias_words(path: Path, mtime: float) -> dict[str, dict[frozenset[str], str]]:
    """Per kind, the words of every alias and canonical name -> canonical column. Words that
    two columns' spellings share ("booking": booking_id's "Booking", booking_date's "Booked")
    are left out: a header read by its words must name one column."""
    table: dict[str, dict[frozenset[str], str]] = {}
    data = read_toml(path) if mtime else {}
    for kind, keys in _aliases(path, mtime).items():
        owners: dict[frozenset[str], set[str]] = {}
        for canonical in set(keys.values()):
            for spelling in [canonical.replace("_", " "), *data.get(kind, {}).get(canonical, [])]:
                if words := header_words(spelling):
                    owners.setdefault(words, set()).add(canonical)
        table[kind] = {words: next(iter(names)) for words, names in owners.items() if len(names) == 1}
    return table


def alias_words(kind: str, directory: Path | None = None) -> dict[frozenset[str], str]:
    """Aliases' words -> canonical column for `kind` (the kind's filler words kept, see
    `_word_reading`): `alias_words("releases")[header_words("DOB")] == "dob"`."""
    path = Path(directory or HEADERS_DIR) / "aliases.toml"
    return _alias_words(path, path.stat().st_mtime if path.exists() else 0.0)[kind]


def aliases(kind: str, directory: Path | None = None) -> dict[str, str]:
    """Header key -> canonical column for `kind`, from aliases.toml: `aliases("releases")["bookingno"]`."""
    path = Path(directory or HEADERS_DIR) / "aliases.toml"
    # Keyed on mtime so a long-running service sees an edited aliases.toml.
    return _aliases(path, path.stat().st_mtime if path.exists() else 0.0)[kind]


def load_header_maps(directory: Path | None = None) -> list[HeaderMap]:
    """Every per-jurisdiction map in `directory` (all *.toml but aliases.toml)."""
    directory = Path(directory or HEADERS_DIR)
    # Keyed on the files and their mtimes, like `aliases`: a national week submits ~3,000 logs
    # and each would otherwise parse every map again; an edited or added map is still seen.
    files = tuple((path, path.stat().st_mtime) for path in sorted(directory.glob("*.toml"))
                  if path.name != "aliases.toml")
    return _header_maps(files)


@functools.lru_cache(maxsize=8)
def _header_maps(files: tuple[tuple[Path, float], ...]) -> list[HeaderMap]:
    maps: list[HeaderMap] = []
    for path, _ in files:
        # Not a map at all: every submission is refused (which map it would have chosen cannot
        # be known), with the file's name, not the server's folders.
        try:
            data = read_toml(path)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path.name}: not a TOML file ({exc})") from exc
        try:
            header_map = HeaderMap(
                jurisdiction=str(data["jurisdiction"]).upper(),
                kind=str(data["kind"]),
                columns={str(k): str(v) for k, v in data["columns"].items()},
                path=path,
            )
        except (KeyError, AttributeError) as exc:
            raise ConfigError(f"{path.name}: a header map needs jurisdiction, kind and [columns] ({exc})") from exc
        maps.append(header_map)
    return maps


def _check_header_map(header_map: HeaderMap, others: list[HeaderMap]) -> None:
    """Refuse a map that would mislead without a word: a column name with a typo read no
    column (`"Out Dt" = "release_datetme"` stored every booking as still in custody), and of
    two maps for one jurisdiction and kind the first by file name had won. Checked where the
    map is chosen, so that a mistake in one county's map refuses no other county's files (the
    review); the message names the map's file, not the server's folders."""
    name, kind = header_map.path.name, header_map.kind
    if kind not in KINDS:
        raise ConfigError(f"{name}: kind {kind!r} is none of {', '.join(KINDS)}")
    # The contract's columns: the default aliases' and, if it has its own, the maps folder's.
    known = set(aliases(kind).values()) | set(aliases(kind, header_map.path.parent).values()) | {
        column for need in REQUIRED[kind] for column in (need if isinstance(need, tuple) else (need,))}
    for header, column in header_map.columns.items():
        if column not in known:
            near = difflib.get_close_matches(column, sorted(known), n=1)
            raise ConfigError(f"{name}: {header!r} = {column!r}: no {kind} column is named {column!r}"
                              + (f" (did you mean {near[0]!r}?)" if near else
                                 f"; the {kind} columns are {', '.join(sorted(known))}"))
    for other in others:
        if (other.jurisdiction, other.kind) == (header_map.jurisdiction, kind):
            raise ConfigError(f"{name}: {other.path.name} maps the {kind} headers of"
                              f" {header_map.jurisdiction} too; keep one map a jurisdiction and kind")


def choose_header_map(
    headers: list[str], kind: str, jurisdiction: str | None, directory: Path | None = None
) -> HeaderMap | None:
    """The map registered for `jurisdiction` and `kind`; without a jurisdiction, the map of this
    kind whose every header appears in the file (the one with most columns). A chosen map that
    names no column, or has a twin, is refused (`_check_header_map`)."""
    present = {header_key(h) for h in headers}
    every = load_header_maps(directory)

    def candidate(m: HeaderMap) -> bool:
        if jurisdiction:
            return m.jurisdiction == jurisdiction.upper()
        return bool(m.columns) and all(header_key(h) in present for h in m.columns)

    # A map of no kind ('release') would be skipped without a word where it was meant to apply.
    if (unkinded := next((m for m in every if m.kind not in KINDS and candidate(m)), None)) is not None:
        _check_header_map(unkinded, [])
    maps = [m for m in every if m.kind == kind]
    fitting = [m for m in maps if candidate(m)]
    # The jurisdiction's map by file name (a twin is refused below), else the widest that fits.
    chosen = next(iter(fitting), None) if jurisdiction else max(fitting, key=lambda m: len(m.columns), default=None)
    if chosen is not None:
        _check_header_map(chosen, [m for m in maps if m is not chosen])
    return chosen


def map_headers(
    headers: list[str],
    kind: str,
    *,
    jurisdiction: str | None = None,
    directory: Path | None = None,
) -> ColumnMapping:
    """Canonical column -> index of the file column that feeds it (see module docstring)."""
    alias_keys = aliases(kind, directory)
    canonical_names = set(alias_keys.values())
    header_map = choose_header_map(headers, kind, jurisdiction, directory)
    explicit = {header_key(k): v for k, v in (header_map.columns if header_map else {}).items()}

    columns: dict[str, int] = {}
    notes: list[str] = []
    joined: dict[str, list[int]] = {}
    keys = [header_key(h) for h in headers]
    # Three passes so a more explicit source beats an earlier, vaguer header.
    passes = [
        explicit,
        {header_key(name): name for name in canonical_names},
        alias_keys,
    ]
    words = alias_words(kind, directory)
    readings = [*({i: lookup.get(key) for i, key in enumerate(keys)} for lookup in passes),
                {i: _word_reading(h, kind, words) for i, h in enumerate(headers)}]
    for number, reading in enumerate(readings):
        claims: dict[str, list[int]] = {}
        used = _used(columns, joined)
        for index, canonical in reading.items():
            if canonical and index not in used:
                claims.setdefault(canonical, []).append(index)
        for canonical, indexes in claims.items():
            if canonical not in columns:
                # Of two headers that name one column, the one sharing more words with the
                # column's name: 'Release Date' over a 'Released' left of it, 'Release Type'
                # over a charge's 'Disposition'; else the leftmost.
                columns[canonical] = max(indexes, key=lambda i: (
                    len(header_words(headers[i], kind) & header_words(canonical, kind)), -i))
                if number == len(passes):  # read word by word: said, since it is a guess
                    notes.append(f"header {headers[columns[canonical]]!r} read as {canonical}")
            if number == len(passes) - 1 and canonical in JOINED:
                # (Only where there are more: a file's one charges column was said to be joined.)
                if more := [i for i in indexes if i != columns[canonical]]:
                    joined.setdefault(canonical, []).extend(more)
            elif number == len(passes) - 1:
                notes += [f"header {headers[i]!r} ignored: {canonical} already comes from "
                          f"{headers[columns[canonical]]!r}" for i in indexes if i != columns[canonical]]
    # A time column with no date column beside it ('Book In Time' alone) is the date-time itself
    # where the date is required, as it was read before time columns had aliases of their own:
    # else the file was refused. (An optional one's, a log's 'Release Time' alone, stays a time
    # column, named as joined to nothing: were its cells clock times, every row would be lost.)
    required = {option for options in _requirements(kind) for option in options}
    times = TIMES_OF_DAY.get(kind, {})
    for date, time in times.items():
        if time in columns and date not in columns and date in required:
            columns[date] = columns.pop(time)
            notes = [n for n in notes if n != f"header {headers[columns[date]]!r} read as {time}"]
            notes.append(f"header {headers[columns[date]]!r} read as {date} (no date column beside it)")
    # Last, a required column still unnamed: the one unread header holding all the words of
    # one of its aliases and besides them only words that name no column ('Agency State').
    # A looser guess, said as one: a missing required column refuses the whole file.
    for options in _requirements(kind):
        if any(option in columns for option in options) or _stands_in(kind, options[0], jurisdiction):
            continue
        spellings = [spelling for spelling, canonical in words.items() if canonical == options[0]]
        # (Its own time column's words are no other column's: 'Book In Time Stamp' is the book-in.)
        own = {options[0], times.get(options[0])}
        others = {word for spelling, canonical in words.items() if canonical not in own for word in spelling}
        holding = [index for index, header in enumerate(headers) if index not in _used(columns, joined)
                   and any(spelling <= header_words(header, kind) and not (
                       header_words(header, kind) - spelling - _QUALIFIER_WORDS) & (others | _NOT_WHOSE_WORDS)
                       for spelling in spellings)]
        if len(holding) == 1:
            columns[options[0]] = holding[0]
            notes.append(f"header {headers[holding[0]]!r} read as {options[0]} (no header names it; "
                         "its words include one of its aliases)")
    notes += _unread_evidence(headers, kind, columns, words)
    if unused := [h for i, h in enumerate(headers) if i not in _used(columns, joined) and header_key(h)]:
        # Said, not silent: a release date under a header no alias knows would otherwise
        # store every booking as still in custody.
        notes.append(f"columns not used: {_short(unused)} (a header map in configs/headers/ can name them)")
    for canonical, more in joined.items():
        notes.append(f"{len(more) + 1} columns headed {headers[columns[canonical]]!r} and the like read"
                     f" as one {canonical}, joined with ';'")
    return ColumnMapping(columns=columns, headers=list(headers), header_map=header_map, notes=notes, joined=joined)


# Beside a required column's alias, the guess above takes words that say whose column it is
# ('Agency State', 'Jurisdiction State', 'Housing Facility'), not words of another column's
# aliases ('Birth State', 'State ID', 'Book Out Date') or of a person's other places.
_QUALIFIER_WORDS = frozenset({"agency", "arresting", "jail", "current", "jurisdiction"})
_NOT_WHOSE_WORDS = frozenset({"home", "residence", "address", "mailing", "status", "update", "officer"})


# What the matching weighs beside names and dates: an unread hold column leaves every ICE hold
# unknown, yet the file is stored; a header holding one of their aliases is said as a warning.
_EVIDENCE = {"releases": ("hold_agency", "hold_date", "release_reason", "place_of_birth")}


def _unread_evidence(headers: list[str], kind: str, columns: dict[str, int],
                     words: dict[frozenset[str], str]) -> list[str]:
    """A warning for each unread header whose sides name two columns ('Hold Agency / Hold Date')
    or that holds an alias of an unfilled column of _EVIDENCE ('Hold Agency, if any'); a header
    with a date in it only for a date ('Detainer Declined Date' is no hold agency)."""
    found = []
    # Each unfilled column's spellings, once (a week is ~3,000 logs of ~15 headers).
    spellings = {column: [spelling for spelling, canonical in words.items() if canonical == column]
                 for column in _EVIDENCE.get(kind, ()) if column not in columns}
    for index, header in enumerate(headers):
        held = header_words(header, kind)
        seems = sorted({side for side in _alternative_readings(header, kind, words) if side})
        if len(seems) < 2 or set(seems) <= columns.keys():
            seems = [column for column, spelled in spellings.items()
                     if ("date" in header_words(column)) == bool(held & {"date", "time"})
                     and any(spelling <= held for spelling in spelled)]
        if seems and index not in columns.values():
            found.append(f"warning: header {header!r} not read: {'it names both' if len(seems) > 1 else 'is it'}"
                         f' {" and ".join(seems)}? If it holds {seems[0]}, a header map in configs/headers/ can name'
                         f' it ("{header}" = "{seems[0]}")')
    return found


def _word_reading(header: str, kind: str, words: dict[frozenset[str], str]) -> str | None:
    """The column a header's words name: all its words first ('Release Code' is the alias
    'release code'), then without those of its kind of file ('State Code' is the state). A Y/N
    flag names only an ICE hold ('ICE Hold (Y/N)')."""
    for found in (header_words(header), header_words(header, kind)):
        if FLAG_WORD in found:
            return "hold_agency" if words.get(found - {FLAG_WORD}) == "hold_agency" else None
        if found in words:
            return words[found]
    named = set(_alternative_readings(header, kind, words))
    return named.pop() if len(named) == 1 and None not in named else None


def _alternative_readings(header: str, kind: str, words: dict[frozenset[str], str]) -> list[str | None]:
    """What each side of 'A / B' or 'A or B' names ([] for a header with no such sides): a log
    that gives one column two names ('Release Reason / Disposition') names that column. A one-word
    side takes the other side's words before its last ('Release Reason/Type': 'Release Type')."""
    masked = re.sub(r"\([^)]*\)", lambda bracket: "\0" * len(bracket.group()), header)
    cuts = [0, *(i for m in re.finditer(r"\s*/\s*|\s+or\s+", masked, re.IGNORECASE) for i in m.span()),
            len(header)]
    sides = [header[start:end].strip() for start, end in zip(cuts[::2], cuts[1::2], strict=True)]
    if len(sides) < 2 or not all(sides):
        return []
    readings = []
    for side in sides:
        reading = _word_reading(side, kind, words)
        if reading is None and len(side.split()) == 1 and side != sides[0]:
            reading = _word_reading(" ".join([*sides[0].split()[:-1], side]), kind, words)
        readings.append(reading)
    return readings


def _requirements(kind: str) -> list[tuple[str, ...]]:
    """REQUIRED[kind] with each requirement as its options: [('booking_id',), ('last_name', 'full_name'), ...]."""
    return [r if isinstance(r, tuple) else (r,) for r in REQUIRED[kind]]


def _stands_in(kind: str, column: str, jurisdiction: str | None) -> bool:
    """Whether a --jurisdiction flag stands in for `column` missing from a file of `kind`: state
    and county always, facility only in release logs (where it then stays empty)."""
    return bool(jurisdiction) and column in FROM_JURISDICTION and (column != "facility" or kind == "releases")


def closest_header(canonical: str, headers: list[str], kind: str, directory: Path | None = None) -> str | None:
    """The file header that looks most like `canonical` or one of its aliases (difflib)."""
    targets = [header_key(canonical)] + [k for k, v in aliases(kind, directory).items() if v == canonical]
    best, best_score = None, 0.0
    for header in headers:
        key = header_key(header)
        if not key:
            continue
        score = max(difflib.SequenceMatcher(None, key, target).ratio() for target in targets)
        if score > best_score:
            best, best_score = header, score
    return best if best_score >= 0.4 else None


def missing_columns(
    mapping: ColumnMapping, kind: str, *, jurisdiction: str | None, directory: Path | None = None
) -> list[str]:
    """Messages for each required column the file lacks ([] when the file is usable).

    A --jurisdiction flag stands in for missing state and county columns (and, for release
    logs, facility, which then stays empty)."""
    problems, unmatched = [], False
    for options in _requirements(kind):
        if any(option in mapping.columns for option in options) or _stands_in(kind, options[0], jurisdiction):
            continue
        name = " or ".join(repr(option) for option in options)
        near = closest_header(options[0], [
            h for i, h in enumerate(mapping.headers) if i not in mapping.columns.values()
        ], kind, directory)
        problems.append(f"no column {name}" + (f" (closest header: {near!r})" if near else ""))
        unmatched = unmatched or not near
    if unmatched:  # once, at the end (a notice line above the header was said six times)
        problems[-1] += f" (headers found: {_short(mapping.headers)}" + (")" if mapping.columns else (
            "; none names a column: if the header is below other lines, remove them; else name them in a header map)"))
    return problems


def _short(headers: list[str], limit: int = 8) -> str:
    shown = ", ".join(repr(h) for h in headers[:limit])
    return shown + (f", … ({len(headers)} in all)" if len(headers) > limit else "") if shown else "none"


def recognised_count(headers: list[str], kind: str, directory: Path | None = None) -> int:
    """How many cells of a candidate header row name a known column, by an alias or by a
    jurisdiction's header map (the search for the header row in sheets and CSVs)."""
    keys = dict(aliases(kind, directory))
    for header_map in load_header_maps(directory):
        if header_map.kind == kind:
            keys.update({header_key(h): canonical for h, canonical in header_map.columns.items()})
    words = alias_words(kind, directory)
    return len({keys.get(header_key(h)) or _word_reading(h, kind, words) for h in headers} - {None})
