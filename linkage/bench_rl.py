"""Hop 2, Splink vs the Python Record Linkage Toolkit: same inputs, same blocking, both F1s.

    >>> comparison = compare_hop2(store, run_id, world, splink_seconds=12.3)
    >>> comparison["rl_seconds"], comparison["rl_f1"]["f1"], comparison["splink_f1"]["f1"]

Used by `linkage.bench` after a run; F1 is against the world's `links.csv` (national-fraction
worlds write it), over the releases hop 2 searched.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> int:
    return con.execute(sql, params or []).fetchall()[0][0]



def splink_links(store, run_id: str, threshold: float = 0.5) -> duckdb.DuckDBPyRelation:
    """Hop 2 pairs Splink calls matches: (booking_uid, custody_id)."""
    return store.con.sql(
        f"""select left_id as booking_uid, right_id as custody_id from candidate_pairs
            where run_id = '{run_id}' and hop = 'hop2' and match_probability >= {threshold}"""
    )


def hop2_f1(store, world: Path, predicted) -> dict[str, float]:
    """Precision, recall and F1 of predicted (booking_uid, custody_id) links against
    links.csv, over the releases hop 2 searched. `predicted`: a relation or a DataFrame."""
    con = store.con
    con.register("bench_predicted", predicted)
    try:
        row = con.execute(
            f"""
            with truth as (
                select r.uid as booking_uid, l.custody_id
                from read_csv('{str(world / "links.csv").replace("'", "''")}', all_varchar = true) l
                join bookings b on b.booking_id = l.booking_id
                join work.hop2_releases r on r.uid = b.booking_uid
                join book_ins k on k.custody_id = l.custody_id
            ),
            predicted as (select distinct booking_uid, custody_id from bench_predicted)
            select (select count(*) from truth), (select count(*) from predicted),
                   (select count(*) from truth join predicted using (booking_uid, custody_id))
            """
        ).fetchall()[0]
    finally:
        con.unregister("bench_predicted")
    n_true, n_pred, hits = row
    precision = hits / n_pred if n_pred else 0.0
    recall = hits / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "true_links": n_true, "predicted": n_pred}


def compare_hop2(store, run_id: str, world: Path, *, splink_seconds: float) -> dict[str, Any] | None:
    """recordlinkage on hop 2's two work tables with Splink's blocking rules, the same
    comparisons (binary, for its ECM classifier: Fellegi-Sunter by EM, like Splink) and F1."""
    try:
        import recordlinkage
    except ImportError:
        print("  recordlinkage is not installed (pip install -e '.[test]'): comparison skipped")
        return None
    import pandas as pd

    if not (world / "links.csv").exists():
        return None
    # The competitor works in pandas: loading its frames is not counted against it.
    left = store.con.sql("select * from work.hop2_releases").df().set_index("uid")
    right = store.con.sql("select * from work.hop2_book_ins").df().set_index("uid")
    started = time.perf_counter()
    pairs = recordlinkage_candidates(recordlinkage, left, right)
    matches = recordlinkage.ECMClassifier(binarize=None).fit_predict(
        recordlinkage_features(recordlinkage, left, right, pairs))
    rl_seconds = time.perf_counter() - started
    predicted = pd.DataFrame({"booking_uid": matches.get_level_values(0).astype(str),
                              "custody_id": matches.get_level_values(1).astype(str)})
    splink_pairs = _count(store.con, "select count(*) from candidate_pairs where run_id = ? and hop = 'hop2'",
                          [run_id])
    return {
        "releases": len(left), "book_ins": len(right),
        "splink_seconds": round(splink_seconds, 3), "rl_seconds": round(rl_seconds, 3),
        "speedup": round(rl_seconds / splink_seconds, 2) if splink_seconds else None,
        "splink_pairs": splink_pairs, "rl_pairs": len(pairs),
        "splink_f1": hop2_f1(store, world, splink_links(store, run_id)),
        "rl_f1": hop2_f1(store, world, predicted),
    }


def recordlinkage_features(recordlinkage, left, right, pairs):
    """Hop 2's comparisons as the binary features recordlinkage's ECM classifier reads, one
    row per pair of `pairs`.

    Hop 2's swapped-names level (the release's first name is the book-in's surname and the
    other way round) counts as both names similar, not as two features of their own: ECM's
    M-step has no smoothing, so a feature one of its classes never meets (a swap agrees in
    16 of 4,001 pairs at scale 0.01) takes log 0, every probability turns NaN, and the
    classifier kept its last iterate, which called 3,985 of the 4,001 pairs matches (link
    F1 0.17; 0.63 with the swap folded in)."""
    import numpy as np

    compare = recordlinkage.Compare(n_jobs=1)
    compare.exact("last_name", "last_name", label="surname_exact")
    compare.string("last_name", "last_name", method="jarowinkler", threshold=0.9, label="surname_similar")
    compare.exact("first_name", "first_name", label="first_exact")
    compare.string("first_name", "first_name", method="jarowinkler", threshold=0.88, label="first_similar")
    compare.exact("first_token", "surname_first", label="given_as_surname")
    compare.exact("surname_first", "first_token", label="surname_as_given")
    compare.exact("dob", "dob", label="dob")
    compare.exact("birth_year", "birth_year", label="birth_year")
    compare.exact("sex", "sex", label="sex")
    compare.exact("country", "country", label="country")
    compare.exact("state", "state", label="state")
    features = compare.compute(pairs, left, right).astype(int)
    swapped = features.pop("given_as_surname") & features.pop("surname_as_given")
    features["surname_similar"] |= swapped
    features["first_similar"] |= swapped
    hours, _ = _hours_between(left, right, pairs)
    features["within_72_hours"] = (hours <= 72).astype(int)
    features["within_14_days"] = (hours <= 14 * 24).astype(int)
    method = right["method"].reindex(pairs.get_level_values(1)).fillna("").to_numpy()
    features["method_cap"] = np.char.startswith(method.astype(str), "CAP").astype(int)
    return features


def recordlinkage_candidates(recordlinkage, left, right):
    """Splink's hop 2 blocking rules as recordlinkage indexers plus a pandas time filter (a
    midnight book-in of the release's own day included, as `hop2.after_release` does)."""
    import pandas as pd


    windows = []
    # 1. a surname token and the first initial in common, book-in from 1 h before to 120 days
    # after the release (recordlinkage needs unique row labels: block the exploded tokens by
    # position, map back)
    name_keys = ["surname_tokens", "first_initial"]
    lt = left[name_keys].explode("surname_tokens").dropna().reset_index()
    rt = right[name_keys].explode("surname_tokens").dropna().reset_index()
    tokens = recordlinkage.Index()
    tokens.block(name_keys)
    positions = tokens.index(lt, rt)
    by_token = pd.MultiIndex.from_arrays([lt["uid"].to_numpy()[positions.get_level_values(0)],
                                          rt["uid"].to_numpy()[positions.get_level_values(1)]])
    windows.append((by_token.unique(), 120 * 24))
    # 1b. the names swapped: the release's first name is the book-in's first surname and the
    # other way round, same window
    if "first_name" in right and right["first_name"].notna().any():
        swapped = recordlinkage.Index()
        swapped.block(left_on=["first_token", "surname_first"], right_on=["surname_first", "first_token"])
        windows.append((swapped.index(left, right), 120 * 24))
    # 2. same birth date (FOIA: same birth year, citizenship and sex), same window
    birth = recordlinkage.Index()
    birth.block(["dob"] if right["dob"].notna().any() else ["birth_year", "country", "sex"])
    windows.append((birth.index(left, right), 120 * 24))
    # 3. same state and a fitting birth year (the jail's, or one less), book-in within 3 days
    state = recordlinkage.Index()
    state.block(["state", "birth_year"])
    windows.append((state.index(left, right), 72))
    before = left.assign(birth_year=left["birth_year"] - 1)
    state_before = recordlinkage.Index()
    state_before.block(["state", "birth_year"])
    windows.append((state_before.index(before, right), 72))
    # 4. no birth year on either side: same state, citizenship and sex, book-in within 3 days
    door = recordlinkage.Index()
    door.block(["state", "country", "sex"])
    no_year_left, no_year_right = left[left["birth_year"].isna()], right[right["birth_year"].isna()]
    windows.append((door.index(no_year_left, right).append(door.index(left, no_year_right)).unique(), 72))
    kept = []
    for pairs, limit in windows:
        hours, day_only = _hours_between(left, right, pairs)
        kept.append(pairs[((hours >= -1) | day_only) & (hours <= limit)])
    return kept[0].append(kept[1:]).unique() if len(kept) > 1 else kept[0]


def _hours_between(left, right, pairs):
    """Hours from release to book-in per pair, and whether the book-in is a midnight of the
    release's own day (`hop2.after_release` takes those too)."""
    import numpy as np

    t_left = left["event_time"].reindex(pairs.get_level_values(0)).to_numpy()
    t_right = right["event_time"].reindex(pairs.get_level_values(1)).to_numpy()
    midnight = t_right.astype("datetime64[D]")
    day_only = (t_right == midnight) & (midnight == t_left.astype("datetime64[D]")) & (t_right <= t_left)
    return (t_right - t_left) / np.timedelta64(1, "h"), day_only
