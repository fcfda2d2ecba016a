"""Decoy windows: hop 2's evidence of a hand-over, measured where none can have happened.

    >>> score_decoy_windows(store, run_id, config)   # work.release_decoys(booking_uid, decoy_units, ...)
    5120

Reconcile reads a release's *window units* — the Bayes factors, over the pool of book-ins,
of the ICE book-ins inside its hand-over window — as the likelihood ratio of "handed over"
against "not". That holds only if hop 2's u, estimated on random pairs, fit the book-ins
that happen to fall near a release; namesakes, relatives and people of one community are
commoner there (nationally 25 of 68 false transfers were a stranger's book-in at the jail
door taken for the hand-over). Here every searched release is scored again by hop 2 as if it
had been released `hop2.decoy_shift_days` earlier, when the person was still in jail and no
hand-over from this release can have happened: the decoy window's units are one draw from
the null distribution of the window units, with every such dependence in it.
`linkage.windows.window_likelihood` turns both into the evidence reconcile uses.

Decoys are scored on DuckDB whatever the engine: they are as many pairs as a few days of hop
2, and the same table then serves both engines' reconcile.
"""

from __future__ import annotations

import math

from linkage.config import Config
from linkage.match import hop2
from linkage.match.model import HOPS, linker_for, load_settings, quiet_splink
from linkage.match.score import columns_of, gammas_sql, levels_sql, narrow_settings
from linkage.store import Store
from linkage.units import hop2_odds_sql, negligible_hop2_weight

DECOYS_TABLE = "release_decoys"
"""Absent from a store whose runs predate decoys or had them off (`Store.table_exists`)."""
DECOYS = f"work.{DECOYS_TABLE}"
_SHIFTED = "hop2_decoy_releases"


def score_decoy_windows(store: Store, run_id: str, config: Config, *, releases: str | None = None) -> int:
    """Write `work.release_decoys` (booking_uid, decoy_units, decoy_disagrees_on: what the
    decoy window's strongest book-in most disagrees on, `units.disagreement_sql`) for the releases hop 2 searched
    in `run_id` (or only for the uids of the subquery `releases`, keeping the other rows: an
    incremental week); returns how many releases' decoy windows met some book-in of 2^-20
    units or more (`units.NEGLIGIBLE_UNITS_BITS`)."""
    con = store.con
    shift = config.hop2.decoy_shift_days
    model_id = con.execute("select hop2_model from runs where run_id = ?", [run_id]).fetchall()[0][0]
    if releases is not None and not has_disagreements(store):
        releases = None  # the previous run had none (or none by kind): every release's, not the week's alone
    if releases is None:
        con.execute(f"create or replace table {DECOYS}"
                    " (booking_uid varchar, decoy_units double, decoy_disagrees_on integer)")
    if model_id is None or not shift:
        return 0
    scope = f" where uid in {releases}" if releases else ""
    con.execute(f"""
        create or replace table work.{_SHIFTED} as
        select * replace (event_time - interval {int(shift)} day as event_time,
                          (event_time - interval {int(shift)} day)::date as event_day)
        from work.{hop2.LEFT}{scope}""")
    if not con.execute(f"select count(*) from work.{_SHIFTED}").fetchall()[0][0]:
        con.execute(f"drop table work.{_SHIFTED}")
        return con.execute(f"select count(*) from {DECOYS}").fetchall()[0][0]
    settings = load_settings(store, model_id)
    # Only the hand-over window, not the 120 days of later arrests: a decoy needs no more.
    short = config.model_copy(update={"hop2": config.hop2.model_copy(update={"search_window_days": _window_days(config)})})
    settings["blocking_rules_to_generate_predictions"] = hop2.blocking_rules(short, hop2.present_columns(store))
    try:
        negligible = negligible_hop2_weight(store, run_id)
        linker = linker_for(store, HOPS["hop2"], narrow_settings(settings), left=_SHIFTED)
        with quiet_splink():
            # Splink keeps only the pairs hop2_odds_sql could read (decoy pairs are not stored).
            predictions = linker.inference.predict(threshold_match_weight=negligible)
        table = predictions.physical_name
        pairs = (f"select uid_l as left_id, uid_r as right_id, match_weight, {levels_sql(settings)} as levels"
                 f' from (select {gammas_sql(settings, columns_of(store, table))} from work."{table}")')
        if releases:
            con.execute(f"delete from {DECOYS} where booking_uid in {releases}")
        con.execute(f"""
            insert into {DECOYS}
            select booking_uid, sum(odds_unit) filter (where in_window) as decoy_units,
                   arg_max(disagrees_on, {{'odds': odds_unit, 'id': custody_id}})
                     filter (where in_window) as decoy_disagrees_on
            from ({hop2_odds_sql(store, run_id, config, pairs, shift_days=shift, negligible_below=negligible)})
            group by booking_uid having count(*) filter (where in_window) > 0""")
        predictions.drop_table_from_database_and_remove_from_cache()
    finally:
        con.execute(f"drop table if exists work.{_SHIFTED}")
    return con.execute(f"select count(*) from {DECOYS}").fetchall()[0][0]


def week_scope(config: Config) -> str:
    """SQL subquery of the releases an incremental week must score decoys for: those it
    searched in full (`work.week_releases`), and those searched before whose decoy window can
    reach one of the week's book-ins; the others' decoy windows are as they were."""
    reach = _window_days(config) - config.hop2.decoy_shift_days
    return f"""(select uid from work.week_releases
               union select r.uid from work.{hop2.LEFT} r
               where r.uid in (select uid from work.week_reached)
                 and r.event_time + interval ({reach}) day + interval 1 hour
                     >= (select min(book_in_datetime) from work.week_book_ins))"""


def has_disagreements(store: Store) -> bool:
    """Whether the store's decoy windows say what each most disagrees on (a store written
    before that has decoy units alone: reconcile then reads windows of every kind together)."""
    return bool(store.con.execute(
        "select count(*) from information_schema.columns where table_schema = 'work'"
        f" and table_name = '{DECOYS_TABLE}' and column_name = 'decoy_disagrees_on'").fetchall()[0][0])


def _window_days(config: Config) -> int:
    """Days after a release that hold its hand-over window, whichever kind."""
    return math.ceil(max(config.hop2.transfer_window_hours, config.hop2.custodial_window_hours) / 24)
