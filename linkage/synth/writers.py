"""Write the world's files, each in the layout of its source.

    >>> write_release_log(path, rows, people, layout, jur_row, rng)

Formatting works on whole columns (numpy string ufuncs), so national logs of millions of rows
are written at CSV speed; XLSX is only used for small demo logs.
"""

from __future__ import annotations

import csv
import multiprocessing
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from linkage.synth.catalog import CHARGES, COUNTRIES, OTHER_HOLDS, RELEASE_WORDING
from linkage.synth.jail import us_states
from linkage.synth.names import CP1252_ACCENTS, fold_array, typo

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

EXCEL_EPOCH_OFFSET = 36526  # Excel's serial number of 2000-01-01
_S = np.strings


def _parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of whole days since 2000-01-01 (no NaN: fmt_date keeps those out)."""
    d = (np.datetime64("2000-01-01") + days.astype("int64")).astype("M8[D]")
    y = d.astype("M8[Y]").astype(int) + 1970
    m = d.astype("M8[M]").astype(int) % 12 + 1
    dd = (d - d.astype("M8[M]")).astype(int) + 1
    return y, m, dd


def fmt_date(days: np.ndarray, style: str) -> np.ndarray:
    """Days since 2000-01-01 -> `2017-02-03` (iso), `2/3/2017` (mdy) or `2/3/17` (mdyy); NaN -> ''.

    Each distinct day is spelled once: a log of thousands of rows spans a few hundred days,
    and numpy's int-to-text casts were a sixth of a national world's writing time."""
    days = np.asarray(days, dtype=float)
    missing = np.isnan(days)
    distinct, where = np.unique(np.floor(days[~missing]), return_inverse=True)
    out = np.full(days.shape, "", dtype=object)
    if distinct.size:  # (numpy's zfill refuses an empty array)
        out[~missing] = _spell_dates(distinct, style)[where.reshape(-1)]
    return out


def _spell_dates(days: np.ndarray, style: str) -> np.ndarray:
    y, m, d = _parts(days)
    if style == "iso":
        out = _S.add(_S.add(_S.add(_S.add(y.astype(str), "-"), _S.zfill(m.astype(str), 2)), "-"),
                     _S.zfill(d.astype(str), 2))
    else:
        yy = _S.zfill((y % 100).astype(str), 2) if style == "mdyy" else y.astype(str)
        out = _S.add(_S.add(_S.add(_S.add(m.astype(str), "/"), d.astype(str)), "/"), yy)
    return out.astype(object)


def fmt_datetime(t: np.ndarray, style: str, time_style: str) -> np.ndarray:
    """Adds ` 14:05` (hm) or ` 14:05:00` (hms) to the date; `none` keeps only the date."""
    t = np.asarray(t, dtype=float)
    out = fmt_date(t, style)
    if time_style == "none":
        return out
    minutes = np.round((np.nan_to_num(t) - np.floor(np.nan_to_num(t))) * 1440).astype(int) % 1440
    clock = _CLOCK_HMS if time_style == "hms" else _CLOCK_HM
    return np.where(np.isnan(t), "", out + clock[minutes]).astype(object)


# " 00:00" ... " 23:59", once: the time of day by the minute, as fmt_datetime writes it.
_CLOCK_HM = np.array([f" {m // 60:02d}:{m % 60:02d}" for m in range(1440)], dtype=object)
_CLOCK_HMS = _CLOCK_HM + ":00"


def _names(p: pd.DataFrame, layout: dict, rng: np.random.Generator) -> dict:
    """The name columns of the log's rows, whose people are `p` (in row order)."""
    n = len(p)
    keep = {"cp1252": CP1252_ACCENTS}.get(layout["encoding"], "")
    if layout["accents"] == "keep" and layout["encoding"] != "cp1252":
        def conv(a):
            return np.asarray(a, dtype=object)
    else:
        def conv(a):
            return fold_array(np.asarray(a, dtype=object), keep)
    last1, last2 = conv(p.last1.to_numpy()), conv(p.last2.to_numpy())
    first, middle = conv(p["first"].to_numpy()), conv(p.middle.to_numpy())
    drop2 = rng.random(n) < layout["drop_second_surname"]
    surname = np.where((last2 == "") | drop2, last1, last1 + layout["surname_join"] + last2)
    surname = typo(surname.astype(object), rng.random(n) < layout["typo"], rng)
    middle = np.where(rng.random(n) < layout["drop_middle"], "", middle)
    full = surname + layout["full_name_comma"] + first + np.where(middle == "", "", " " + middle)
    return {"last_name": surname, "first_name": first, "middle_name": middle, "full_name": full}


def _place_of_birth(p: pd.DataFrame, layout: dict, rng: np.random.Generator) -> np.ndarray:
    n = len(p)
    codes, names = us_states()
    state_name = dict(zip(codes, names, strict=True)) | {"PR": "Puerto Rico"}
    style = layout["pob_style"]
    birth, bstate = p.birth_country.to_numpy(), p.birth_state.to_numpy()
    us = birth == "USA"
    out = np.empty(n, dtype=object)
    sname = pd.Series(bstate).map(state_name).fillna("").to_numpy()
    out[us] = {"code": bstate[us], "upper": np.char.upper(sname[us].astype(str))}.get(style, sname[us])
    out[us & (rng.random(n) < 0.15)] = "USA" if style in ("code", "upper") else "United States"
    cname = pd.Series(birth).map({k: c.name for k, c in COUNTRIES.items()}).to_numpy()
    f = ~us
    if style == "code":
        out[f] = birth[f]
    elif style == "upper":
        out[f] = np.char.upper(cname[f].astype(str))
    else:
        out[f] = cname[f]
        u = rng.random(n)
        regions = {k: c.regions for k, c in COUNTRIES.items() if c.regions}
        # Per country of the log, not per person (the same draws: region index = floor(u * n)).
        born, drawn = birth[f], u[f]
        region = np.full(len(born), "", dtype=object)
        codes, distinct = pd.factorize(born)
        for code, country in enumerate(distinct):
            if names := regions.get(country):
                rows = np.flatnonzero(codes == code)
                region[rows] = np.asarray(names, dtype=object)[(drawn[rows] * len(names)).astype(np.int64)]
        with_region = f.copy()
        with_region[f] = (region != "") & (rng.random(f.sum()) < 0.7)
        out[with_region] = pd.Series(region[with_region[f]]).to_numpy() + ", " + cname[with_region]
        if style == "dropdown":
            mex_unknown = f & (birth == "MEX") & (rng.random(n) < 0.5)
            out[mex_unknown] = "Mexico (Use only when state is unknown)"
    missing = rng.random(n) < layout["pob_missing"]
    out[missing] = np.where(rng.random(missing.sum()) < 0.5, "UNKNOWN", "")
    return out


def _charges(rows: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    words = [w for c in CHARGES.values() for w in c[1]]
    counts = np.array([len(c[1]) for c in CHARGES.values()])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    arr = np.array(words, dtype=object)
    out = np.full(len(rows), "", dtype=object)
    for k in range(3):
        cat = rows[f"charge{k}"].to_numpy()
        pick = arr[offsets[np.maximum(cat, 0)] + rng.integers(0, 1 << 30, len(rows)) % counts[np.maximum(cat, 0)]]
        piece = np.where(cat >= 0, pick, "")
        sep = np.where((out != "") & (piece != ""), "; ", "")
        out = out + sep + piece
    return out


def release_frame(rows: pd.DataFrame, people: pd.DataFrame, layout: dict, jrow: pd.Series,
                  rng: np.random.Generator) -> pd.DataFrame:
    """The log of one jail as a frame of its own headers (values still typed for XLSX)."""
    n = len(rows)
    p = people.loc[rows.person_id.to_numpy()]
    xlsx = layout["format"] == "xlsx"
    ds = layout["date_style"]

    def dates(days, with_time=False):
        if xlsx:
            return np.where(np.isnan(days), None, days + EXCEL_EPOCH_OFFSET)
        if with_time:
            return fmt_datetime(days, ds, layout["time_style"])
        return fmt_date(days, ds)

    col: dict[str, np.ndarray] = {"booking_id": rows.booking_id.to_numpy()}
    col |= _names(p, layout, rng)
    dob = p.dob.to_numpy().astype(float)
    dob = np.where(rng.random(n) < layout["dob_missing"], np.nan, dob)
    col["dob"] = dates(dob)
    col["age"] = np.floor((rows.booking_t.to_numpy() - p.dob.to_numpy()) / 365.25).astype(int)
    col["sex"] = np.where(p.sex.to_numpy() == "M", *layout["sex_codes"])
    col["booking_date"] = dates(rows.booking_t.to_numpy(), True)
    col["release_datetime"] = dates(rows.release_t.to_numpy(), True)
    cls = rows.release_class.to_numpy()
    words = layout["release_words"]
    reason = pd.Series(cls).map(words).fillna("").to_numpy()
    hidden = (cls == "ice") & (rng.random(n) < layout["ice_release_underreported"])
    alt = np.where(rng.random(n) < 0.7, RELEASE_WORDING["served"][0], words["bond"])
    col["release_reason"] = np.where(hidden, alt, reason)
    col["charges"] = _charges(rows, rng)
    col["place_of_birth"] = _place_of_birth(p, layout, rng) if layout["reports_pob"] else np.full(n, "")
    det = rows.detainer.to_numpy()
    if layout["reports_holds"]:
        other = (cls == "other_agency") & (rng.random(n) < 0.7)
        other_word = np.array(OTHER_HOLDS, dtype=object)[rng.integers(0, len(OTHER_HOLDS), n)]
        col["hold_agency"] = np.where(det, layout["hold_word"], np.where(other, other_word, ""))
        u = rng.random(n)
        shift = np.where(u < 0.70, 0, np.where(u < 0.85, rng.choice([-1, 1], n), 2))
        hold = rows.issued_t.to_numpy() + shift
        hold = np.where(rng.random(n) < layout["hold_date_missing"], np.nan, hold)
        col["hold_date"] = dates(hold)
    else:
        col["hold_agency"] = np.full(n, "")
        col["hold_date"] = np.full(n, "") if not xlsx else np.full(n, None)
    col["facility"] = np.full(n, jrow.jail_facility)
    county = {"upper": jrow.county, "title": jrow.county.title(),
              "title_county": f"{jrow.county.title()} County"}[layout["county_value"]]
    col["county"] = np.full(n, county)
    codes, names = us_states()
    sname = dict(zip(codes, names, strict=True))[jrow.state]
    col["state"] = np.full(n, jrow.state if layout["state_value"] == "code" else sname)
    frame = pd.DataFrame({layout["headers"][c]: col[c] for c in layout["columns"]})
    for extra in layout["extra_columns"]:
        frame[extra] = _extra(extra, n, jrow, rng)
    order = {"booking": ["booking_t"], "release": ["release_t", "booking_t"], "id": ["booking_id"]}
    idx = np.lexsort([rows[c].to_numpy() for c in reversed(order[layout["sort"]])])
    return frame.iloc[idx].reset_index(drop=True)


def _extra(name: str, n: int, jrow: pd.Series, rng: np.random.Generator) -> np.ndarray:
    pools = {
        "Race": ["W", "B", "H", "A", "U", "I"],
        "Arresting Agency": [f"{jrow.county} CO SO", "CITY PD", "STATE PATROL", "DPS", "SHERIFF"],
        "Housing Unit": [f"{a}{b}-{c}" for a in "ABCDE" for b in range(1, 5) for c in range(1, 13)],
        "Bond Amount": ["$500.00", "$1,500.00", "$5,000.00", "$25,000.00", "NO BOND", ""],
        "Height": [f"5'{i:02d}\"" for i in range(0, 12)] + ["6'00\"", "6'02\""],
    }[name]
    return np.array(pools, dtype=object)[rng.integers(0, len(pools), n)]


def write_release_log(path: Path, frame: pd.DataFrame, layout: dict) -> None:
    if layout["format"] == "xlsx":
        _write_xlsx(path, frame, layout)
        return
    # The csv module straight from the columns: pandas' to_csv, which writes through the same
    # module, spent 100 s of a national world's 415 s preparing 3,000 frames block by block.
    # Same bytes: None is an empty cell for both; a NaN, which csv would spell "nan", is made
    # one too (no column holds a float today).
    columns = [frame[c].to_numpy() if frame[c].dtype.kind != "f" else
               np.where(frame[c].isna(), "", frame[c].to_numpy(dtype=object)) for c in frame.columns]
    with open(path, "w", encoding=layout["encoding"], errors="replace", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n" if layout["encoding"] == "cp1252" else "\n")
        writer.writerow(frame.columns)
        writer.writerows(zip(*columns, strict=True))


class LogWriter:
    """Writes release logs in a second process while the caller draws the next ones.

        >>> with LogWriter(background=True) as logs:
        ...     logs.write(path, release_frame(...), layout)

    Formatting the cells (the csv module's `writerows`, ~6 µs a row) is a fifth of a national
    world's time and draws no random number, so it can run beside the drawing on the second
    core without changing a byte. Logs are handed over in batches of about `batch_rows` rows
    to a forked child, which inherits the frames instead of receiving them pickled (pickling
    object columns cost about what writing them does). One child at a time: in flight are the
    batch it writes, the one being drawn, and the pages the parent touches meanwhile (copied
    on write). Only where the platform forks (Linux; macOS's fork is unsafe for native
    libraries) and while the caller's process runs no other Python thread; elsewhere, and with
    `background=False`, logs are written in place."""

    def __init__(self, *, background: bool, batch_rows: int = 250_000) -> None:
        self.background = background and sys.platform.startswith("linux")
        self.batch_rows = batch_rows
        self.batch: list[tuple[Path, pd.DataFrame, dict]] = []
        self.rows = 0
        self.child: BaseProcess | None = None
        self.child_paths: list[Path] = []

    def __enter__(self) -> LogWriter:
        return self

    def write(self, path: Path, frame: pd.DataFrame, layout: dict) -> None:
        if not self.background:
            write_release_log(path, frame, layout)
            return
        self.batch.append((path, frame, layout))
        self.rows += len(frame)
        if self.rows >= self.batch_rows:
            self._hand_over()

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None:
            # The caller's error (or Ctrl-C, which also stops the child) is the one to see.
            if self.child is not None:
                self.child.terminate()
                self.child.join()
                self.child = None
            return
        if self.batch:
            self._hand_over()
        self._wait()

    def _hand_over(self) -> None:
        self._wait()
        if threading.active_count() > 1:
            # A fork copies the other threads' objects in whatever state they were in: after
            # a Spark session (py4j's finalizer thread stays), 3 of 40 worlds' children died
            # of a segmentation fault in their garbage collection. CPython 3.12 warns on such
            # forks. The generator's own commands run no thread; a caller that does (a test
            # process, a flow) gets its logs written in place.
            _write_logs(self.batch)
            self.batch, self.rows = [], 0
            return
        # The child only formats text: no BLAS or other threads are used after the fork.
        child = multiprocessing.get_context("fork").Process(target=_write_logs, args=(self.batch,))
        child.start()
        self.child, self.child_paths = child, [path for path, _, _ in self.batch]
        self.batch, self.rows = [], 0

    def _wait(self) -> None:
        if self.child is None:
            return
        self.child.join()
        code, self.child = self.child.exitcode, None
        if code:
            how = f"killed by signal {-code}" if code < 0 else f"exit {code}, its traceback above"
            names = ", ".join(path.name for path in self.child_paths)
            raise RuntimeError(f"writing release logs failed in a child process ({how});"
                               f" the logs it was writing: {names}")


def _write_logs(batch: list[tuple[Path, pd.DataFrame, dict]]) -> None:
    for path, frame, layout in batch:
        write_release_log(path, frame, layout)


def _write_xlsx(path: Path, frame: pd.DataFrame, layout: dict) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    date_cols = {layout["headers"][c] for c in ("dob", "booking_date", "release_datetime", "hold_date")
                 if c in layout["headers"]}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Releases")
    ws.append(list(frame.columns))
    native = layout["date_style"] == "native"
    base = pd.Timestamp("1899-12-30")
    for rec in frame.itertuples(index=False):
        out = []
        for name, v in zip(frame.columns, rec, strict=True):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                out.append(None)
            elif name in date_cols and native:
                cell = WriteOnlyCell(ws, value=(base + pd.Timedelta(days=float(v))).round("min").to_pydatetime())
                cell.number_format = "m/d/yyyy" if float(v).is_integer() else "m/d/yyyy h:mm"
                out.append(cell)
            elif name in date_cols:
                out.append(float(v) if not float(v).is_integer() else int(v))
            else:
                out.append(v.item() if isinstance(v, np.generic) else v)
        ws.append(out)
    # A fixed creation time keeps the file byte-identical for the same seed.
    wb.properties.created = wb.properties.modified = pd.Timestamp("2017-06-01").to_pydatetime()
    wb.save(path)
    _normalise_zip(path)


def _normalise_zip(path: Path) -> None:
    """openpyxl stamps members and core.xml with the clock: pin them for byte-identical files."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2017-06-01T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2017, 6, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
