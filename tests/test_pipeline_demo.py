"""The whole job on the demo world, with real Splink training: the stories the service exists
to tell (Hennepin, Travis), the contract's outputs, and byte-identical re-runs."""

import copy
import csv
import logging
import shutil
from pathlib import Path

import pytest

from linkage import units
from linkage.config import load_config
from linkage.errors import LinkageError
from linkage.evaluate import evaluate, headline, transfer_errors_by_hop
from linkage.ingest import submit
from linkage.match import hop1
from linkage.match.model import HOPS, linker_for, load_settings
from linkage.pipeline import match_entries_to_bookings, run_all, start_run, train_hop
from linkage.report.tables import write_outputs
from linkage.store import Store
from linkage.units import hop2_odds_sql, run_model
from tests.conftest import DEMO

pytestmark = pytest.mark.slow


def _run(folder: Path, world: Path = DEMO) -> Path:
    """Ingest the demo world (or `world`, laid out as it) into a new store in `folder`, run
    every stage, write the tables."""
    with Store.open(folder / "demo.duckdb") as store:
        for kind, path in (("reports", world / "reports.csv"), ("releases", world / "releases"),
                           ("custody", world / "custody.csv")):
            assert all(r.status == "stored" for r in submit(store, kind, path))
        run_id = run_all(store, load_config())
        write_outputs(store, run_id, folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("demo-a"))


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def joined(demo_out) -> list[dict[str, str]]:
    truth = {row["entry_id"]: row for row in _rows(DEMO / "truth.csv")}
    return [{**row, **{f"true_{k}": v for k, v in truth[row["entry_id"]].items()}}
            for row in _rows(demo_out / "outcomes.csv")]


def test_every_entry_has_one_outcome_with_the_contract_columns(demo_out):
    rows = _rows(demo_out / "outcomes.csv")
    truth = _rows(DEMO / "truth.csv")
    assert sorted(r["entry_id"] for r in rows) == sorted(t["entry_id"] for t in truth)
    assert list(rows[0]) == ["entry_id", "outcome", "confidence", "p_transferred", "booking_id",
                             "custody_id", "duplicate_of", "stale", "reasons"]
    for row in rows:
        assert 0 <= float(row["confidence"]) <= 1 and 0 <= float(row["p_transferred"]) <= 1
        assert row["reasons"]


def test_hennepin_hand_overs_come_out_transferred_with_their_book_in(joined):
    listed = [r for r in joined
              if r["true_kind"] == "honoured_but_listed" and r["true_jurisdiction"] == "MN/HENNEPIN"]
    assert len(listed) >= 5, "the demo world lists Hennepin hand-overs"
    right = [r for r in listed if r["outcome"] == "transferred_to_ice" and r["custody_id"] == r["true_custody_id"]]
    assert len(right) >= 0.8 * len(listed), [(r["entry_id"], r["outcome"]) for r in listed]


def test_travis_policy_day_is_mostly_not_a_release_and_stale(joined):
    batch = [r for r in joined if r["true_kind"] == "policy_day"]
    assert len(batch) >= 30
    not_released = [r for r in batch if r["outcome"] in ("still_in_custody", "no_release_record")]
    assert len(not_released) >= 0.75 * len(batch)
    declined = [r for r in batch if r["outcome"] == "declined_confirmed"]
    assert len(declined) <= 0.15 * len(batch)
    stale = [r for r in batch if r["stale"] == "true"]
    assert len(stale) >= 0.5 * len(batch)


def test_jurisdiction_summary_shows_listed_vs_confirmed_for_the_policy_week(demo_out):
    weeks = [r for r in _rows(demo_out / "jurisdictions.csv") if r["jurisdiction"] == "TX/TRAVIS"]
    biggest = max(weeks, key=lambda r: int(r["listed"]))
    assert int(biggest["listed"]) >= 30
    assert int(biggest["declined_confirmed"]) <= 0.15 * int(biggest["listed"])
    counted = sum(int(biggest[k]) for k in ("transferred_to_ice", "transferred_to_other_agency",
                  "declined_confirmed", "still_in_custody", "no_release_record", "needs_review"))
    assert counted == int(biggest["listed"])


def test_demo_accuracy_does_not_regress(demo_out):
    # The demo world was used while developing, so these are regression floors, not the
    # targets (those are measured on unseen seeds: benchmarks/accuracy.py).
    m = headline(evaluate(DEMO / "truth.csv", demo_out / "outcomes.csv"))  # as the benchmarks print it
    assert m["precision"] >= 0.9
    assert m["recall"] >= 0.8
    assert m["tp"] / (m["tp"] + m["fn"]) == m["recall"]
    assert m["decided_acc"] >= 0.9
    assert m["review"] <= 0.15
    assert m["brier_skill"] >= 0.7


def test_the_reliability_table_counts_expected_against_real_transfers_out_to_the_last_thousandth(demo_out):
    metrics = evaluate(DEMO / "truth.csv", demo_out / "outcomes.csv")
    rows = {r["bin"]: r for r in metrics["reliability"]}
    assert {"0–0.001", "0.99–0.999", "0.999–1"} <= set(rows)
    joined = {r["entry_id"]: r for r in _rows(demo_out / "outcomes.csv")}
    truth = {r["entry_id"]: r["true_outcome"] for r in _rows(DEMO / "truth.csv")}
    assert sum(r["n"] for r in rows.values()) == len(joined)
    assert sum(r["expected_transfers"] for r in rows.values()) == pytest.approx(
        sum(float(r["p_transferred"]) for r in joined.values()))
    t = metrics["transferred_to_ice"]
    assert sum(r["transfers"] for r in rows.values()) == t["tp"] + t["fn"]
    top = [e for e, r in joined.items() if float(r["p_transferred"]) >= 0.999]
    assert rows["0.999–1"]["n"] == len(top)
    assert rows["0.999–1"]["transfers"] == sum(truth[e] == "transferred_to_ice" for e in top)


def test_transfer_errors_are_split_by_the_hop_that_made_them(demo_out, joined):
    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        run_id = store.con.execute("select run_id from runs where status = 'done'").fetchall()[0][0]
        by_hop = transfer_errors_by_hop(store.con, run_id, DEMO / "truth.csv")
        p_booking = dict(store.con.execute(
            "select o.entry_id, eb.p_booking from outcomes o join work.entry_booking eb"
            " on eb.entry_id = o.entry_id and eb.booking_uid = o.booking_uid where o.run_id = ?", [run_id]).fetchall())
    verdicts = [r for r in joined if r["outcome"] == "transferred_to_ice"]
    wrong = [r for r in verdicts if r["booking_id"] != r["true_booking_id"]]
    no_hand_over = [r for r in verdicts if r not in wrong and r["true_true_outcome"] != "transferred_to_ice"]
    assert by_hop["verdicts"] == len(verdicts) > 0
    assert (by_hop["hop1"]["real"], by_hop["hop2"]["real"]) == (len(wrong), len(no_hand_over))
    # The hops' errors that were no transfer at all are evaluate's false transfers.
    false = evaluate(DEMO / "truth.csv", demo_out / "outcomes.csv")["transferred_to_ice"]["fp"]
    assert by_hop["hop1"]["real_not_transferred"] + by_hop["hop2"]["real"] == false
    assert by_hop["hop1"]["expected"] == pytest.approx(sum(1 - p_booking[r["entry_id"]] for r in verdicts), abs=0.01)
    assert 0 <= by_hop["hop2"]["expected"] <= len(verdicts) - len(wrong)


def test_transfer_errors_by_hop_refuse_the_pairs_of_another_run(demo_out):
    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        run_id = store.con.execute("select run_id from runs where status = 'done'").fetchall()[0][0]
        store.con.execute("create temp table outcomes as select * replace ('elsewhere#' || booking_uid as booking_uid)"
                          " from main.outcomes")
        with pytest.raises(LinkageError, match="another run's"):
            transfer_errors_by_hop(store.con, run_id, DEMO / "truth.csv")


def test_same_inputs_and_seed_give_byte_identical_outputs(demo_out, tmp_path):
    again = _run(tmp_path)
    for name in ("outcomes.csv", "jurisdictions.csv"):
        assert (again / name).read_bytes() == (demo_out / name).read_bytes(), name


def test_every_pair_keeps_its_levels_and_the_best_pairs_their_evidence(demo_out):
    import json

    from linkage.match.score import EVIDENCE_TOP
    from linkage.match.spec import level_labels

    with Store.open(demo_out.parent / "demo.duckdb") as store:
        con = store.con
        run_id, *models = con.execute("select run_id, hop1_model, hop2_model from runs").fetchall()[0]
        for hop, model_id in zip(("hop1", "hop2"), models, strict=True):
            labels = level_labels(json.loads(con.execute(
                "select settings_json from models where model_id = ?", [model_id]).fetchall()[0][0]))
            rows = con.execute(
                """select left_id, levels, evidence::varchar,
                          row_number() over (partition by left_id order by match_weight desc, right_id)
                   from candidate_pairs where run_id = ? and hop = ?""", [run_id, hop]).fetchall()
            assert rows and all(len(levels) == len(labels) for _, levels, _, _ in rows)
            assert con.execute(  # Splink yields each pair once (the table has no primary key)
                "select count(*) = count(distinct (left_id, right_id)) from candidate_pairs"
                " where run_id = ? and hop = ?", [run_id, hop]).fetchall()[0][0]
            assert all(evidence is not None for _, _, evidence, rank in rows if rank <= EVIDENCE_TOP[hop])
            # Beyond those, only each entry's most probable candidates (reconcile fills them).
            beyond = sum(1 for _, _, evidence, rank in rows if evidence is not None and rank > EVIDENCE_TOP[hop])
            assert beyond <= (5 * len({left for left, *_ in rows}) if hop == "hop1" else 0)
            assert sum(1 for *_, rank in rows if rank > EVIDENCE_TOP[hop]) > beyond  # most have none
            # The two records of a pair's levels say the same thing.
            for _, levels, evidence, _ in rows:
                if evidence is not None:
                    said = [c["label"] for c in json.loads(evidence)["comparisons"]]
                    assert said == [by_gamma[g] for (_, by_gamma), g in zip(labels, levels, strict=True)]
        # Every verdict's own pairs kept their evidence, so its reasons and cards can show it,
        # and so did each entry's five most probable candidates (`linkage explain`).
        missing = con.execute(
            """select count(*) from outcomes o
               join candidate_pairs c on c.run_id = o.run_id and c.hop = 'hop1'
                    and c.left_id = o.entry_id and c.right_id = o.booking_uid
               where o.run_id = ? and c.evidence is null""", [run_id]).fetchall()[0][0]
        assert missing == 0
        # Some of those rank below the best by weight, so reconcile is what gave them evidence.
        [(shown, with_evidence, below_top)] = con.execute(
            f"""select count(*), count(c.evidence), count(*) filter (where c.by_weight > {EVIDENCE_TOP["hop1"]})
               from (select entry_id, booking_uid from work.entry_booking qualify row_number()
                       over (partition by entry_id order by p_booking desc, booking_uid desc) <= 5) e
               join (select *, row_number() over (partition by left_id order by match_weight desc, right_id)
                       as by_weight
                     from candidate_pairs where run_id = ? and hop = 'hop1') c
                 on c.left_id = e.entry_id and c.right_id = e.booking_uid""", [run_id]).fetchall()
        assert shown == with_evidence and below_top > 0
        # Splink's predictions, kept for that, are gone after the run.
        assert con.execute("select count(*) from work.kept_predictions").fetchall() == [(0,)]
        assert not con.execute("select table_name from information_schema.tables"
                               " where table_name like '%splink%predict%'").fetchall()


def test_term_frequencies_count_the_pool_of_candidates_not_both_sides(demo_out):
    # A shared country weighs by how common it is among ICE's book-ins (hop 2's candidates),
    # not among book-ins and listed detainees' releases stacked.
    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        used = dict(store.con.execute("select country, tf_country from work.hop2_tf_country").fetchall())
        pool = dict(store.con.execute(
            """select citizenship_country, count(*) / sum(count(*)) over () from book_ins
               where citizenship_country is not null group by 1""").fetchall())
        stacked = dict(store.con.execute(
            """select country, count(*) / sum(count(*)) over () from (
                   select country from work.hop2_releases union all select country from work.hop2_book_ins)
               where country is not null group by 1""").fetchall())
    assert used == pytest.approx(pool)
    assert used != pytest.approx(stacked)


def test_splink_leaves_no_tables_of_its_own_in_the_store(demo_out):
    # Training's blocks and comparison vectors are dropped once the model is saved; a store
    # that trains every week would otherwise pile them up under new names.
    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        left = store.con.execute(
            "select table_name from information_schema.tables where table_name like '__splink%'").fetchall()
    assert left == []


def test_a_hop_given_the_model_train_hop_gave_scores_as_the_whole_stage(demo_out, tmp_path, monkeypatch):
    # The benchmark times training on its own and passes the model on: nothing prepared twice.
    shutil.copy(demo_out.parent / "demo.duckdb", tmp_path / "demo.duckdb")
    config = load_config()
    pairs = "select left_id, right_id, match_weight, levels from candidate_pairs where run_id = ? and hop = 'hop1'"
    with Store.open(tmp_path / "demo.duckdb") as store:
        [(first, first_model)] = store.con.execute(
            "select run_id, hop1_model from runs order by started_at desc limit 1").fetchall()
        model_id = train_hop(store, "hop1", config)
        monkeypatch.setattr(hop1, "prepare_inputs", lambda *a, **k: pytest.fail("hop 1 prepared again"))
        run_id = start_run(store, config)
        match_entries_to_bookings(store, run_id, config, model_id=model_id)
        assert model_id == first_model
        assert store.con.execute("select hop1_model from runs where run_id = ?", [run_id]).fetchall() == [(model_id,)]
        assert sorted(store.con.execute(pairs, [run_id]).fetchall()) == sorted(store.con.execute(pairs, [first]).fetchall())
        with pytest.raises(ValueError, match="retrain"):
            match_entries_to_bookings(store, run_id, config, model_id=model_id, retrain=True)


def test_the_saved_models_pass_splinks_settings_validation(demo_out, caplog):
    # Runs build their linkers without Splink's validation (it costs ~0.1 s a linker); this
    # runs it on both hops' saved models over the run's own work tables, and on a model with
    # a misspelt column, to show that the check speaks up.
    def warnings_for(store, hop, settings) -> list[str]:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            linker_for(store, hop, settings, validate_settings=True)
        return [r.getMessage() for r in caplog.records if "SETTINGS VALIDATION" in r.getMessage()]

    with Store.open(demo_out.parent / "demo.duckdb") as store:
        for hop in HOPS.values():
            model_id = store.con.execute(
                f"select {hop.name}_model from runs where {hop.name}_model is not null order by started_at desc limit 1"
            ).fetchall()[0][0]
            settings = load_settings(store, model_id)
            assert warnings_for(store, hop, settings) == [], hop.name
            broken = copy.deepcopy(settings)
            broken["comparisons"][0]["comparison_levels"][1]["sql_condition"] = "no_such_column_l = no_such_column_r"
            assert warnings_for(store, hop, broken), hop.name


def test_the_recordlinkage_benchmark_blocks_exactly_as_splink_does(demo_out):
    # `linkage bench` times recordlinkage against Splink on hop 2 "with the same blocking": its
    # mirror of the blocking rules must find the very pairs Splink scored.
    import recordlinkage

    from linkage.bench_rl import recordlinkage_candidates

    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        run_id = store.con.execute(
            "select run_id from runs where hop2_model is not null order by started_at desc limit 1").fetchall()[0][0]
        splink = set(store.con.execute(
            "select left_id, right_id from candidate_pairs where run_id = ? and hop = 'hop2'", [run_id]).fetchall())
        left = store.con.sql("select * from work.hop2_releases").df().set_index("uid")
        right = store.con.sql("select * from work.hop2_book_ins").df().set_index("uid")
    mirrored = set(recordlinkage_candidates(recordlinkage, left, right).to_list())
    assert splink and mirrored == splink


def test_hop_2_scored_decoy_windows_of_the_searched_releases(demo_out):
    # Each searched release scored again as if released `hop2.decoy_shift_days` earlier
    # (linkage.match.decoys): strangers' book-ins only, so far fewer strong windows than the
    # real ones, which hold the hand-overs.
    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        decoys, unknown, strong_decoys, strong_real = store.con.execute("""
            select (select count(*) from work.release_decoys),
                   (select count(*) from work.release_decoys
                    where booking_uid not in (select uid from work.hop2_releases)),
                   (select count(*) from work.release_decoys where decoy_units > 100),
                   (select count(*) from work.release_units where window_units > 100)""").fetchall()[0]
    assert decoys > 0 and unknown == 0
    assert strong_real > 5 * max(strong_decoys, 1)


def test_each_window_and_decoy_window_names_what_its_strongest_book_in_disagrees_on(demo_out):
    # `units.disagreement_sql` on the window's strongest book-in: a kind k > 0 is a comparison
    # at its "else" level in that pair, 0 a pair at no such level (windows.window_likelihood
    # reads each kind against the decoys of the same kind).
    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        run_id = store.con.execute(
            "select run_id from runs where hop2_model is not null order by started_at desc limit 1").fetchall()[0][0]
        settings = run_model(store, run_id, "hop2")
        rows = store.con.execute("""
            with top as (select booking_uid, arg_max(custody_id, {'odds': odds_unit, 'id': custody_id}) as custody_id
                         from work.hop2_odds where in_window group by booking_uid)
            select u.window_disagrees_on, c.levels from work.release_units u
            join top using (booking_uid)
            join candidate_pairs c on c.hop = 'hop2' and c.left_id = u.booking_uid and c.right_id = top.custody_id
              and c.run_id = ?""", [run_id]).fetchall()
        decoy_kinds = store.con.execute(
            "select count(*), count(decoy_disagrees_on), max(decoy_disagrees_on) from work.release_decoys").fetchall()[0]
    factor = [c["comparison_levels"][-1]["m_probability"] / c["comparison_levels"][-1]["u_probability"]
              for c in settings["comparisons"]]  # each comparison's "else" level, its last
    kinds = {kind for kind, _ in rows}
    assert 0 in kinds and len(kinds) > 2
    for kind, levels in rows:
        at_else = [factor[k] for k, level in enumerate(levels) if level == 0]
        assert (levels[kind - 1] == 0 and factor[kind - 1] == min(at_else) < 1) if kind else min(at_else, default=1) >= 1
    assert decoy_kinds[0] == decoy_kinds[1] and decoy_kinds[2] > 0


def _hop2_pairs(store: Store) -> tuple[str, str]:
    """The demo's run and SQL of its hop-2 pairs as `units.hop2_odds_sql` reads them."""
    run_id = store.con.execute(
        "select run_id from runs where hop2_model is not null order by started_at desc limit 1").fetchall()[0][0]
    return run_id, (f"select left_id, right_id, match_weight, levels from candidate_pairs"
                    f" where run_id = '{run_id}' and hop = 'hop2'")


def test_hop_2s_odds_leave_out_only_pairs_below_a_millionth_of_a_unit(demo_out, monkeypatch):
    # units.NEGLIGIBLE_UNITS_BITS: the pairs left out are each below 2^-20 units (read with
    # every pair kept), the pairs kept read as they would with every pair, each release's
    # window and later arrests lose what was left out of them, and a release keeps its ICE
    # country unless every pair of it was left out.
    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        run_id, pairs = _hop2_pairs(store)
        kept = hop2_odds_sql(store, run_id, load_config(), pairs)
        monkeypatch.setattr(units, "NEGLIGIBLE_UNITS_BITS", 100_000)
        every = hop2_odds_sql(store, run_id, load_config(), pairs)
        per_release = """select booking_uid, sum(odds_unit) filter (where in_window) as w,
                                sum(odds_unit) filter (where not in_window and rebooking_of is null) as later,
                                arg_max(ice_country, {'odds': odds_unit, 'id': custody_id}) as country
                         from %s group by booking_uid"""
        found = store.con.execute(f"""
            with kept as ({kept}), every as ({every}),
            out as (select e.* from every e anti join kept k using (booking_uid, custody_id)),
            a as ({per_release % "kept"}), b as ({per_release % "every"}), o as ({per_release % "out"})
            select (select count(*) from every), (select count(*) from kept), (select count(*) from out),
                   (select max(odds_unit) from out),
                   (select count(*) from kept k join every e using (booking_uid, custody_id)
                    where k.odds_unit is distinct from e.odds_unit or k.in_window is distinct from e.in_window
                       or k.later_release is distinct from e.later_release
                       or k.rebooking_of is distinct from e.rebooking_of),
                   -- (relative to the sum: a window of 1e8 units sums to within ~1e-8)
                   (select max(greatest(abs(coalesce(b.w, 0) - coalesce(a.w, 0) - coalesce(o.w, 0))
                                          / greatest(coalesce(b.w, 0), 1),
                                        abs(coalesce(b.later, 0) - coalesce(a.later, 0) - coalesce(o.later, 0))
                                          / greatest(coalesce(b.later, 0), 1)))
                    from b left join a using (booking_uid) left join o using (booking_uid)),
                   (select count(*) from b join a using (booking_uid) where a.country is distinct from b.country),
                   (select count(*) from b anti join a using (booking_uid) where b.country is not null)
            """).fetchall()[0]
    n_pairs, n_kept, n_out, max_out, kept_differ, gap, countries_differ, countries_gone = found
    assert n_out > 0 and n_kept + n_out == n_pairs
    assert max_out < 2 ** -20 and kept_differ == 0
    assert gap < 1e-12
    assert countries_differ == 0 and countries_gone > 0  # the releases whose every pair was left out


def test_the_bound_before_hop_2s_joins_keeps_a_pair_its_surname_lifts_over_the_cut(demo_out, monkeypatch):
    # units.negligible_hop2_weight cuts by match weight before the joins that give a pair its
    # surname-citizenship lift, so it allows for the largest lift: with the cut set just below
    # the units of the pair its surname lifts most, that pair is still read.
    import math

    with Store.open(demo_out.parent / "demo.duckdb", read_only=True) as store:
        run_id, pairs = _hop2_pairs(store)
        w2, n = units.prior_weight(store, run_id, "hop2"), store.count("book_ins")
        monkeypatch.setattr(units, "NEGLIGIBLE_UNITS_BITS", 100_000)
        uid, custody_id, odds, lift = store.con.execute(f"""
            select o.booking_uid, o.custody_id, o.odds_unit, o.odds_unit * {n} / pow(2, p.match_weight - ({w2})) as lift
            from ({hop2_odds_sql(store, run_id, load_config(), pairs)}) o
            join ({pairs}) p on p.left_id = o.booking_uid and p.right_id = o.custody_id
            where not o.in_window   -- (an at-large window book-in is weighed down too)
            order by lift desc, o.custody_id limit 1""").fetchall()[0]
        monkeypatch.setattr(units, "NEGLIGIBLE_UNITS_BITS", -math.log2(odds) + 0.001)
        kept = store.con.execute(
            f"select count(*) from ({hop2_odds_sql(store, run_id, load_config(), pairs)})"
            " where booking_uid = ? and custody_id = ?", [uid, custody_id]).fetchall()[0][0]
    assert lift > 1.5 and kept == 1


def test_decoy_windows_read_the_same_with_splinks_threshold_as_without(demo_out, tmp_path, monkeypatch):
    # decoys.score_decoy_windows asks Splink for the pairs at or above the negligible weight
    # (its bound at the largest surname lift) only: the decoy windows are those read from
    # every pair, with hop2_odds_sql's exact cut of each pair alone.
    from linkage.match import decoys

    shutil.copy(demo_out.parent / "demo.duckdb", tmp_path / "demo.duckdb")
    read = "select booking_uid, decoy_units, decoy_disagrees_on from work.release_decoys order by booking_uid"
    predicted = []

    def odds_sql(store, run_id, config, pairs, **options):
        predicted.append(store.con.execute(f"select count(*) from ({pairs})").fetchall()[0][0])
        return hop2_odds_sql(store, run_id, config, pairs, **options)

    monkeypatch.setattr(decoys, "hop2_odds_sql", odds_sql)
    with Store.open(tmp_path / "demo.duckdb") as store:
        run_id = store.con.execute(
            "select run_id from runs where hop2_model is not null order by started_at desc limit 1").fetchall()[0][0]
        decoys.score_decoy_windows(store, run_id, load_config())
        with_threshold = store.con.execute(read).fetchall()
        # No threshold for Splink, and no bound before hop2_odds_sql's joins: every decoy pair.
        monkeypatch.setattr(decoys, "negligible_hop2_weight", lambda *_: -1e300)
        decoys.score_decoy_windows(store, run_id, load_config())
        without = store.con.execute(read).fetchall()
    assert predicted[1] > predicted[0] > 0
    assert len(with_threshold) > 10 and len(without) == len(with_threshold)
    for (uid_a, units_a, kind_a), (uid_b, units_b, kind_b) in zip(with_threshold, without, strict=True):
        assert (uid_a, kind_a) == (uid_b, kind_b) and units_a == pytest.approx(units_b, rel=1e-12)


# Spellings of other jails' and extracts' headers that no alias spells exactly: ingest must
# read each by its words (linkage.ingest.header_words).
OTHER_HEADERS = {
    "releases": {
        "booking_id": "Booking Control Nbr", "full_name": "Inmate Full Name", "last_name": "Arrestee Last Name",
        "first_name": "Inmate First Name", "middle_name": "Inmate Middle Name", "dob": "DOB (MM/DD/YYYY)",
        "age": "Inmate Age At Booking", "sex": "Sex (M/F)", "booking_date": "Date/Time Booked",
        "release_datetime": "Date Out of Custody", "release_reason": "Release Reason Desc",
        "charges": "Top Charge", "place_of_birth": "Country Born", "hold_agency": "Detainers",
        "hold_date": "Hold Placed Date", "facility": "Facility Name", "county": "County Name", "state": "State Name",
    },
    "custody": {"custody_id": "Detainee Unique Identifier", "book_in_datetime": "Book-In Dt/Tm",
                "last_name": "Family Name", "first_name": "Subject First Name", "birth_date": "Subject DOB",
                "a_number": "Alien File Number", "sex": "Subject Gender"},
    "reports": {"detainer_issued_date": "Date Detainer Lodged", "detainer_declined_date": "Declined Dt",
                "notable_criminal_activity": "Notable Criminal Activity (NCA)", "county": "Name of County"},
}


def _relabel(source: Path, target: Path, kind: str) -> None:
    """`source` with its header line respelt by OTHER_HEADERS, every other byte as it was."""
    from linkage.ingest.headers import map_headers

    bom = "\xef\xbb\xbf"  # UTF-8's, read as latin-1 (which keeps every byte)
    header, rest = source.read_bytes().decode("latin-1").split("\n", 1)
    cells = next(csv.reader([header.removeprefix(bom).rstrip("\r")]))
    for canonical, index in map_headers(cells, kind).columns.items():
        cells[index] = OTHER_HEADERS[kind].get(canonical, cells[index])
    line = (bom if header.startswith(bom) else "") + ",".join(cells) + ("\r" if header.endswith("\r") else "")
    target.write_bytes(f"{line}\n{rest}".encode("latin-1"))


def test_other_jails_headers_give_the_same_outcomes(demo_out, tmp_path):
    world = tmp_path / "world"
    shutil.copytree(DEMO / "releases", world / "releases", ignore=shutil.ignore_patterns("*.csv"))
    for log in sorted((DEMO / "releases").glob("*.csv")):  # the XLSX logs stay as they are
        # (Hennepin's log too is read by its words then: its committed map names other headers.)
        _relabel(log, world / "releases" / log.name, "releases")
    for kind in ("reports", "custody"):
        _relabel(DEMO / f"{kind}.csv", world / f"{kind}.csv", kind)
    (tmp_path / "run").mkdir()
    out = _run(tmp_path / "run", world)
    with Store.open(tmp_path / "run" / "demo.duckdb") as store:
        messages = [m for (m,) in store.con.execute("select message from submissions").fetchall()]
    spellings = {s for table in OTHER_HEADERS.values() for s in table.values()}
    assert not [m for m in messages for s in spellings if f"'{s}'" in m.split("columns not used")[-1]
                and "columns not used" in m], messages
    before = {row["entry_id"]: row for row in _rows(demo_out / "outcomes.csv")}
    after = _rows(out / "outcomes.csv")
    assert len(after) == len(before)
    for row in after:
        old = before[row["entry_id"]]
        assert (row["outcome"], row["booking_id"], row["custody_id"]) == (
            old["outcome"], old["booking_id"], old["custody_id"]), row["entry_id"]
        assert abs(float(row["p_transferred"]) - float(old["p_transferred"])) < 0.01, row["entry_id"]
