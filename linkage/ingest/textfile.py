"""How a text file is written: its encoding, its line ends, its delimiter.

    >>> source, encoding = utf8_source(Path("log.csv"), workdir)   # a UTF-8 copy where needed
    >>> sample = sample_text(source)                               # the first MB, as text
    >>> line_ending(sample), sniff_delimiter(sample)
    ('\\r\\n', ';')

UTF-8, UTF-8 with BOM, UTF-16 with or without BOM, UTF-8 with some Windows-1252 lines, else
Windows-1252, Mac OS Roman or DOS Latin-1, whichever reads its bytes as letters
(`likeliest_single_byte_encoding`); each but plain UTF-8 is transcoded to a temporary UTF-8
copy for DuckDB.
"""

from __future__ import annotations

import codecs
import collections
import csv
import io
import itertools
import re
from collections.abc import Callable
from pathlib import Path

from linkage.errors import CP1252_FALLBACK

DELIMITERS = [",", ";", "\t", "|"]
CHUNK = 1 << 24
SAMPLE = 1 << 20


def line_ending(sample: str, skip: int = 0) -> str:
    """DuckDB's `new_line` (escaped, as its option wants it) for the sample's line ends: those
    of the first line end outside quotes after `skip` records (the header's: a title or blank
    line above it, added by another program, may end in LF above CR LF rows, and DuckDB then
    read no row and said nothing), CRLF (Windows), CR (classic Mac) or LF. Not a count: a CRLF
    file whose cells hold Excel's Alt+Enter line breaks has more LFs than CRLFs.

        >>> line_ending("a,b\\r\\n1,2\\r\\n"), line_ending("a,b\\r1,2\\r"), line_ending('"a\\nb",c\\r\\n')
        ('\\\\r\\\\n', '\\\\r', '\\\\r\\\\n')
        >>> line_ending("TITLE\\n\\na,b\\r\\n1,2\\r\\n", skip=2)
        '\\\\r\\\\n'
    """
    quoted = False
    ends = 0
    for match in _QUOTE_OR_LINE_END.finditer(sample):
        end = match.group()
        if end == '"':
            quoted = not quoted
        elif not quoted:
            if ends == skip:
                return "\\n" if end[0] == "\n" else "\\r\\n" if end[1:2] == "\n" else "\\r"
            ends += 1
    return "\\n"


_QUOTE_OR_LINE_END = re.compile(r'"|\r+\n|\r|\n')
"""A quote, or one record's line end as the CSV reader counts them (CR CR LF is one, not a blank line)."""


def utf8_source(path: Path, workdir: Callable[[], Path]) -> tuple[Path, str]:
    """The file itself when it is UTF-8 (BOM or not); else a transcoded UTF-8 copy."""
    with open(path, "rb") as handle:  # (read once: the checks below each look at its start)
        sample = handle.read(SAMPLE)
    head = sample[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcode(path, workdir(), "utf-16"), "UTF-16"
    if not head.startswith(codecs.BOM_UTF8):
        # UTF-16 without a BOM: every other byte is NUL in ASCII-range text, and the bytes
        # between them are not (a run of NULs, a short file padded to its block, is no text:
        # read as UTF-16 it was refused whole with a header of CJK characters).
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if len(head) >= 16 and odd > 0.3 * len(head[1::2]) and even < 0.3 * odd:
            return _transcode(path, workdir(), "utf-16-le"), "UTF-16LE"
        if len(head) >= 16 and even > 0.3 * len(head[0::2]) and odd < 0.3 * even:
            return _transcode(path, workdir(), "utf-16-be"), "UTF-16BE"
    if _is_utf8(path):
        if _written_twice(sample):
            return _undo_written_twice(path, workdir()), "UTF-8 written twice (PEÃ‘A for PEÑA): undone"
        return path, "utf-8" if not head.startswith(codecs.BOM_UTF8) else "UTF-8 with BOM"
    if head.startswith(codecs.BOM_UTF8):  # says UTF-8 but holds stray bytes: keep the rest
        return (_transcode(path, workdir(), "utf-8-sig", errors=CP1252_FALLBACK),
                "UTF-8 with BOM, with the bytes that are not UTF-8 read as Windows-1252")
    if _mostly_utf8(path):
        # Rows appended from another system: decoding all of it as Windows-1252 turned every
        # UTF-8 'NÚÑEZ' into 'NÃšÃ‘EZ'. Only the bytes that are not UTF-8 are read as 1252.
        return (_transcode(path, workdir(), "utf-8", errors=CP1252_FALLBACK),
                "UTF-8, with the bytes that are not UTF-8 read as Windows-1252")
    encoding = likeliest_single_byte_encoding(sample)
    return _transcode(path, workdir(), encoding), SINGLE_BYTE_ENCODINGS[encoding]


SINGLE_BYTE_ENCODINGS = {"cp1252": "Windows-1252", "mac_roman": "Mac OS Roman", "cp850": "DOS Latin-1 (code page 850)"}
"""The encodings a text file that is not UTF-8 or UTF-16 is read in: Windows' (most such
files), Excel for Mac's "CSV" and a DOS or mainframe terminal's; each named as the message
says it."""


def likeliest_single_byte_encoding(sample: bytes) -> str:
    """Of `SINGLE_BYTE_ENCODINGS`, the one in which the fewest of a file's non-ASCII bytes (its
    first `SAMPLE` bytes) read as what no word holds; Windows-1252 unless another reads
    strictly better.

        >>> likeliest_single_byte_encoding(b"P\x83REZ")   # Excel for Mac's PÉREZ
        'mac_roman'

    Read as Windows-1252, Excel for Mac's PÉREZ was PƒREZ (stored PFREZ) and a DOS export's
    PEÑA was PE¥A (two surname tokens, PE and A). What no word holds (`_misread`): a byte the
    encoding leaves undefined, a letter of another case than the letters beside it (ƒ inside
    PƒREZ, é inside NUéEZ), a symbol between two letters but an apostrophe or a dash (¥ inside
    PE¥A; O’CONNOR and GARCIA–LOPEZ are words). A character with no letter beside it says
    nothing (a no-break space after a date, a dash between two dates). Hand-written:
    charset-normalizer read these files as Windows-1252 and Baltic, and an ordinary
    Windows-1252 log as Central European."""
    misread = {encoding: _misread(sample.decode(encoding, errors="replace")) for encoding in SINGLE_BYTE_ENCODINGS}
    best = min(misread, key=lambda encoding: misread[encoding])
    return best if misread[best] < misread["cp1252"] else "cp1252"


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_IN_WORDS = frozenset("\u2019\u2018\u00b4`\u2013\u2014")
"""Marks a name holds between its letters: apostrophes and dashes (O’CONNOR, GARCIA–LOPEZ)."""


def _misread(text: str) -> int:
    """How many non-ASCII characters of `text` no word would hold (`likeliest_single_byte_encoding`):
    undefined, a symbol between two letters (but `_IN_WORDS`), or a letter whose case its word's
    letters deny: a small one before a capital or after two (ƒ in PƒREZ, é in JOSé), a capital
    after a small one or between a capital and a small one (È in PÈrez; not Á in Ángel)."""
    count = 0
    for found in _NON_ASCII.finditer(text):
        char, at = found.group(), found.start()
        before2, before, after = text[max(at - 2, 0):at - 1], text[at - 1:at], text[at + 1:at + 2]
        if char == "\ufffd" or "\x80" <= char <= "\x9f":
            count += 1
        elif char.islower():
            count += after.isupper() or (before.isupper() and before2.isupper())
        elif char.isupper():
            count += before.islower() or (before.isupper() and after.islower())
        elif before.isalpha() and after.isalpha() and char not in _IN_WORDS and not char.isspace():
            count += 1
    return count


# UTF-8 of a Latin-1 letter read as Windows-1252 and written as UTF-8 again: 'Ã' or 'Â', then
# one of the characters Windows-1252 gives the bytes 0x80-0xBF (in UTF-8). A byte search of the
# sample, far cheaper than ftfy's own test, which runs only where this finds some.
_TWICE = re.compile(rb"\xc3[\x82\x83](?:\xc2[\x80-\xbf]|\xe2\x80[\x93-\xba]|\xe2\x82\xac|\xe2\x84\xa2"
                    rb"|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c])")


def _written_twice(sample: bytes) -> bool:
    """Whether a UTF-8 file's text, by its first `SAMPLE` bytes, was encoded twice (opened as
    Windows-1252, saved as UTF-8): 'PEÃ‘A' for 'PEÑA', stored as surname tokens PEA and A."""
    if not _TWICE.search(sample):
        return False
    import ftfy.badness

    return ftfy.badness.is_bad(sample.decode("utf-8", errors="replace"))


def _undo_written_twice(path: Path, workdir: Path) -> Path:
    """A UTF-8 copy of `path` with each line's double encoding undone (ftfy, line by line: a
    line that was not encoded twice, 'JOÃO', is left as it is)."""
    import ftfy

    target = _utf8_copy(path, workdir)
    with open(path, encoding="utf-8", newline="") as src, open(target, "w", encoding="utf-8", newline="") as dst:
        for line in src:
            dst.write(ftfy.fix_encoding(line))
    return target


def _mostly_utf8(path: Path) -> bool:
    """A file that is not valid UTF-8 but holds at least as many valid UTF-8 non-ASCII
    characters as invalid sequences: UTF-8 with some Windows-1252 lines, not Windows-1252
    (where a valid UTF-8 sequence only occurs by accident, as in 'Ñ’')."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    good = bad = 0
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            text = decoder.decode(chunk, final=not chunk)
            invalid = text.count("\ufffd")
            bad += invalid
            good += len(text) - len(text.encode("ascii", "ignore")) - invalid
            if not chunk:
                break
    return good > 0 and good >= bad


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _utf8_copy(path: Path, workdir: Path) -> Path:
    """Where the UTF-8 copy of `path` is written."""
    return workdir / (path.stem + ".utf8.csv")


def _transcode(path: Path, workdir: Path, encoding: str, errors: str = "replace") -> Path:
    # errors="replace": the five bytes Windows-1252 leaves undefined become U+FFFD, not a crash.
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    target = _utf8_copy(path, workdir)
    with open(path, "rb") as src, open(target, "w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(CHUNK):
            dst.write(decoder.decode(chunk))
        dst.write(decoder.decode(b"", final=True))
    return target


def sample_text(path: Path) -> str:
    with open(path, "rb") as handle:
        data = handle.read(SAMPLE)
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if len(data) == SAMPLE and "\n" in text:
        text = text[: text.rindex("\n")]  # drop a line cut in half by the sample
    return text


def lf_line_ends(text: str) -> str:
    """`text` with each line end (CR LF, CR CR LF, a lone CR) as LF, for Python's csv, which
    reads one kind; the same as `re.sub(r"\\r+\\n|\\r", "\\n", text)`.

        >>> lf_line_ends("a\\r\\r\\nb\\rc\\r\\nd\\n")
        'a\\nb\\nc\\nd\\n'

    Plain string work, not that regex: it took 25 ms a megabyte, a file, even with no CR in it
    (a tenth of the ingest's CPU time on the 0.1 world). One pass each: a CR run at a line's end
    is that line's end (CR CR LF is one line end), any other CR a line end of its own."""
    if "\r" not in text:
        return text
    lines = text.split("\n")
    lines[:-1] = [line.rstrip("\r") for line in lines[:-1]]  # the last has no LF to end it
    return "\n".join(lines).replace("\r", "\n")


def sniff_delimiter(sample: str) -> str:
    """The delimiter among , ; tab | that splits the sample's lines most consistently.

        >>> sniff_delimiter("a;b;c\\n1;2;3\\n")
        ';'
    """
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        # The first 50 rows only: parsing a whole 1 MB sample four times costs ~15 ms a file.
        rows = list(itertools.islice(filter(None, csv.reader(io.StringIO(sample), delimiter=delimiter)), 50))
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(row) == width for row in rows) / len(rows), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def has_blank_lines(source: Path) -> bool:
    """Whether an empty line stands between two of the file's lines (its end aside), read a
    megabyte at a time."""
    blank_at_end = False
    with open(source, "rb") as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            data = tail + chunk
            if blank_at_end and data.strip(b"\r\n"):
                return True
            found = [at + len(mark) for mark in (b"\n\n", b"\n\r\n", b"\r\r") if (at := data.find(mark)) >= 0]
            if found and data[min(found):].strip(b"\r\n"):
                return True
            blank_at_end = blank_at_end or bool(found)
            tail = data[-2:]
    return False


def record_rows(source: Path, delimiter: str, skip: int) -> dict[int, int] | None:
    """For each record below the header (blank lines left out): its row number as DuckDB
    counts it (records, blank lines included: `line - 1 - skip` of its rejects) -> its row as
    a person counts it (the line it starts on, less the header's last line). Read only for a
    file with blank lines, which DuckDB skips: a sheriff told 'row 7' opens the file at its
    8th line. None when Python's csv module cannot read the file through."""
    rows: dict[int, int] = {}
    line = header_end = 0
    csv.field_size_limit(2**31 - 1)  # a 6,000-character cell is no reason to give up
    try:
        with open(source, encoding="utf-8-sig", errors="replace", newline="") as handle:
            records = csv.reader(handle, delimiter=delimiter)
            for index, record in enumerate(records):
                start, line = line + 1, records.line_num
                if index == skip:
                    header_end = line
                elif index > skip and record:
                    rows[index - skip] = start - header_end
    except csv.Error:
        return None
    return rows


def lines_below_header(source: Path, delimiter: str, skip: int) -> list[str]:
    """The lines after the header record, line ends dropped, counted as `record_rows` counts
    them: a row numbered r by line starts on item r - 1."""
    csv.field_size_limit(2**31 - 1)
    with open(source, encoding="utf-8-sig", errors="replace", newline="") as handle:
        records = csv.reader(handle, delimiter=delimiter)
        for _ in range(skip + 1):  # csv reads no line past the record it returns
            next(records, None)
        return [line.rstrip("\r\n") for line in handle]


def uniform_line_ends(source: Path, target: Path, delimiter: str) -> tuple[str, bool]:
    """Copy `source` (UTF-8) to `target` with every record ending in LF, for a file DuckDB
    cannot read as it is: CR LF and CR CR LF (CR LF written through a text-mode file) become
    LF, and an unquoted cell holding a lone CR (an old Mac line break in a cell of an LF
    file; DuckDB takes any CR for a line end) is quoted, the CR kept. Every line stays one
    line, so rows keep their numbers. Returns (what was changed or is wrong, in words; whether
    `target` is worth reading): not where the file needs none of it (its lines end alike in LF
    or CR LF) or its lines end in CR alone (classic Mac), which DuckDB reads as they are."""
    ends: collections.Counter[str] = collections.Counter()
    first: dict[str, int] = {}
    lone: list[int] = []
    lone_crs = first_cr_lines = 0
    inside = False  # within a quoted cell where the line starts
    with open(source, encoding="utf-8", newline="\n") as src, open(target, "w", encoding="utf-8", newline="") as dst:
        for number, line in enumerate(src, start=1):
            body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
            if number == 1 and not end:
                return "", False  # one line, or lines ending in CR alone
            if "\r" not in body:
                inside ^= body.count('"') % 2 == 1
                kind = "LF" if end and not inside else ""
                ends[kind] += 1
                first.setdefault(kind, number)
                dst.write(line)
                continue
            if number == 1:
                first_cr_lines = body.count("\r")
            # Quotes split a line into runs outside quoted cells (even index if the line
            # starts outside) and inside them ('""' yields an empty run inside: no change).
            runs = body.split('"')
            last, crs = len(runs) - 1, 0
            for index in range(1 if inside else 0, len(runs), 2):
                run = runs[index]
                if index == last:
                    kept = run.rstrip("\r")
                    crs, run = len(run) - len(kept), kept
                if "\r" in run:
                    lone.append(number)
                    lone_crs += run.count("\r")
                    run = _quote_cells_with_cr(run, delimiter, index > 0, index < last)
                runs[index] = run
            inside = (last + inside) % 2 == 1
            if not inside:
                kind = " ".join(["CR"] * crs + (["LF"] if end else []))
                ends[kind] += 1
                first.setdefault(kind, number)
            dst.write('"'.join(runs) + end)
    ends.pop("", None)
    if not lone and (set(ends) <= {"LF"} or set(ends) == {"CR LF"}):
        return "", False  # no line end DuckDB cannot read: the file's trouble is another
    if lone_crs > sum(ends.values()):
        return (f"its lines end in CR (classic Mac), but line {first_cr_lines + 1} holds a line feed "
                "outside quotes"), False
    said = [] if set(ends) <= {"LF"} else [
        "line ends made one kind (lines ending "
        + ", ".join(f"{n} in {kind} from line {first[kind]}" for kind, n in ends.most_common()) + ")"]
    if lone:
        shown = ", ".join(map(str, lone[:5])) + (f" and {len(lone) - 5} more" if len(lone) > 5 else "")
        said.append(f"a carriage return inside a cell kept as a line break in it (line {shown})")
    return "; ".join(said), True


def _quote_cells_with_cr(run: str, delimiter: str, after_quote: bool, before_quote: bool) -> str:
    """`run` (text outside quotes) with each whole cell holding a CR quoted. A cell that
    touches a quoted part ('"A"B\\rC') is malformed and left as it is."""
    cells = run.split(delimiter)
    for at, cell in enumerate(cells):
        touches = (at == 0 and after_quote) or (at == len(cells) - 1 and before_quote)
        if "\r" in cell and not touches:
            cells[at] = f'"{cell}"'
    return delimiter.join(cells)
