"""An incremental week on the demo world: its last report week added to a store holding the rest."""

from __future__ import annotations

import shutil

import pytest

from linkage.bench_week import split_world, week_files
from linkage.config import load_config
from linkage.incremental import carry_pairs, join_chain, run_week
from linkage.ingest import submit, submit_world
from linkage.match.hop1 import prepare_inputs
from linkage.pipeline import run_all
from linkage.store import Store
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    """The demo world split at its last report week: (folder with base/ and week/, week start)."""
    tmp = tmp_path_factory.mktemp("split")
    with Store.open(tmp / "whole.duckdb") as whole:
        submit_world(whole, DEMO, config=load_config())
        return tmp / "split", split_world(DEMO, tmp / "split", whole)


@pytest.fixture(scope="module")
def base_file(split, tmp_path_factory):
    """A store file holding the split world's base, run in full: each test that needs one
    copies it (`_base_store`) rather than run the base again (~12 s each)."""
    folder, _ = split
    path = tmp_path_factory.mktemp("base") / "base.duckdb"
    store = _run_base(folder, path)
    store.con.execute("checkpoint")  # the copy is the file alone: nothing left in a WAL
    store.close()
    assert not path.with_name(path.name + ".wal").exists()
    return path


@pytest.fixture(scope="module")
def week(split, base_file, tmp_path_factory):
    """A copy of the base store, then the week."""
    folder, week_start = split
    store = _base_store(base_file, tmp_path_factory.mktemp("week") / "store.duckdb")
    [(base_run,)] = store.con.execute("select run_id from runs where status = 'done'").fetchall()
    result = run_week(store, load_config(), week_files(folder / "week"))
    yield store, base_run, result, week_start
    store.close()


def test_split_world_puts_the_last_week_apart(week):
    store, _, _, week_start = week
    weeks = store.con.execute("select distinct report_week from report_entries order by 1").fetchall()
    assert weeks[-1][0] == week_start  # the week's entries arrived with the week


def test_run_week_reconciles_every_entry_with_the_saved_models(week):
    store, base_run, result, _ = week
    con = store.con
    assert result.previous_run == base_run and result.new_submissions
    models = con.execute("select hop1_model, hop2_model from runs where run_id in (?, ?) order by started_at",
                         [base_run, result.run_id]).fetchall()
    assert models[0] == models[1]  # no training: the previous run's models
    assert con.execute("select status from runs where run_id = ?", [result.run_id]).fetchall()[0][0] == "done"
    n_entries = store.count("report_entries")
    assert con.execute("select count(*) from outcomes where run_id = ?", [result.run_id]).fetchall()[0][0] == n_entries
    assert 0 < result.affected_entries < n_entries
    assert result.warnings == []  # the models are what today's code and config would train


def test_run_week_rescored_the_new_entries_and_carried_the_rest(week):
    store, base_run, result, _ = week
    con = store.con
    new_entries = con.execute(
        "select count(*) from report_entries where submission_id in (select unnest(?::bigint[]))",
        [result.new_submissions]).fetchall()[0][0]
    assert new_entries and result.affected_entries >= new_entries
    # An unaffected entry keeps exactly its previous pairs.
    same = con.execute(
        """select count(*) from (
               select left_id, right_id, match_weight from candidate_pairs
               where run_id = ? and hop = 'hop1' and left_id not in (select entry_id from work.week_entries)
               except
               select left_id, right_id, match_weight from candidate_pairs where run_id = ? and hop = 'hop1')""",
        [result.run_id, base_run]).fetchall()[0][0]
    assert same == 0 and result.hop1_pairs_carried > 0


def test_a_week_stores_only_the_pairs_it_scored_and_carries_the_rest(week):
    # A national week copied the previous run's 25.7 M unchanged pairs (19.5 s, 1.4 GB a week);
    # it now reads them where that run stored them.
    store, base_run, result, _ = week
    con = store.con
    stored = dict(con.execute("select hop, count(*) from scored_pairs where run_id = ? group by hop",
                              [result.run_id]).fetchall())
    assert stored == {"hop1": result.hop1_pairs_scored, "hop2": result.hop2_pairs_scored}

    def pairs(run_id: str, hop: str) -> int:
        return con.execute("select count(*) from candidate_pairs where run_id = ? and hop = ?",
                           [run_id, hop]).fetchall()[0][0]

    assert result.hop1_pairs_carried > result.hop1_pairs_scored and result.hop2_pairs_carried > 0
    assert pairs(result.run_id, "hop1") == result.hop1_pairs_scored + result.hop1_pairs_carried
    assert pairs(result.run_id, "hop2") == result.hop2_pairs_scored + result.hop2_pairs_carried
    # The base run still has every pair it scored, those the week took out of the chain too.
    assert pairs(base_run, "hop1") + pairs(base_run, "hop2") == con.execute(
        "select count(*) from scored_pairs where run_id = ?", [base_run]).fetchall()[0][0]
    # None twice: the pairs the week rescored are the ones it does not carry.
    assert con.execute("select count(*) = count(distinct (hop, left_id, right_id)) from candidate_pairs"
                       " where run_id = ?", [result.run_id]).fetchall() == [(True,)]


def test_a_week_after_a_killed_one_carries_what_the_killed_one_took_out(split, base_file, tmp_path):
    folder, _ = split
    with _base_store(base_file, tmp_path / "chain.duckdb") as store:
        first = run_week(store, load_config(), week_files(folder / "week"))

        def pairs(run_id: str) -> list[tuple]:
            return _pairs(store, run_id, columns="hop, left_id, right_id, match_weight")

        before = pairs(first.run_id)
        # A week killed after it took every pair out of the chain (its run never finished) ...
        join_chain(store, first.run_id, "run-killed")
        for hop in ("hop1", "hop2"):
            assert carry_pairs(store, "run-killed", hop, "false") == 0
        assert pairs("run-killed") == []
        assert pairs(first.run_id) == before  # ... takes nothing from the runs before it,
        # and the next week (nothing new: a run two weeks down the chain) carries them again.
        second = run_week(store, load_config(), {})
        assert second.previous_run == first.run_id and second.hop1_pairs_scored == 0
        assert [p for p in pairs(second.run_id) if p[0] == "hop1"] == [p for p in before if p[0] == "hop1"]
        assert set(before) <= set(pairs(second.run_id))
        assert _outcomes(store, second.run_id) == _outcomes(store, first.run_id)
        with pytest.raises(ValueError, match="already has a finished week"):
            join_chain(store, first.run_id, "run-beside-the-second")  # it would clear the second's marks
    # The Prefect flow does not resume a week's run as a full run (hop 2 in full beside the
    # pairs the week carries): the week is run again.
    from flows.serve import start_or_resume_run

    with pytest.raises(ValueError, match="incremental week"):
        start_or_resume_run.fn(str(tmp_path / "chain.duckdb"), None, None, second.run_id)


def test_two_weeks_in_a_row_find_the_pairs_a_full_run_finds(split, tmp_path):
    # The second week reads pairs through two links of its chain: the base run's that neither
    # week rescored, and the first week's that the second did not.
    import datetime as dt

    folder, last_week = split
    with Store.open(tmp_path / "base.duckdb") as whole:
        submit_world(whole, folder / "base", config=load_config())
        split_world(folder / "base", tmp_path / "split", whole, week_start=last_week - dt.timedelta(days=7))
    with _run_base(tmp_path / "split", tmp_path / "two.duckdb") as store:
        first = run_week(store, load_config(), week_files(tmp_path / "split" / "week"))
        second = run_week(store, load_config(), week_files(folder / "week"))
        assert second.previous_run == first.run_id and second.hop1_pairs_scored and second.hop1_pairs_carried
        depth = store.con.execute("select distinct depth from run_pair_sources where run_id = ?",
                                  [second.run_id]).fetchall()
        assert depth == [(3,)]
        full_run = run_all(store, load_config())

        assert _pairs(store, second.run_id, "hop1") == _pairs(store, full_run, "hop1")  # as lists: none twice
        week2, full = set(_pairs(store, second.run_id, "hop2")), set(_pairs(store, full_run, "hop2"))
        assert len(_pairs(store, second.run_id, "hop2")) == len(week2)
        # As in one week: a booking right at hop 2's plausibility bound may be searched by one
        # run and not the other (carried hop-1 pairs keep the weights of their week).
        assert len(week2 ^ full) <= 0.02 * len(full)


def test_a_week_that_sends_a_booking_again_carries_none_of_its_old_pairs(split, base_file, tmp_path):
    # The demo week only adds bookings; here it also sends one again (a jail's corrected log):
    # its pairs are scored again, and the base run's pairs of it leave the chain.
    folder, _ = split
    with _base_store(base_file, tmp_path / "again.duckdb") as store:
        con = store.con
        base_run = con.execute("select run_id from runs where status = 'done'").fetchall()[0][0]
        candidates = con.execute(
            """select b.booking_uid, b.booking_id, s.file_name from bookings b join submissions s using (submission_id)
               where b.booking_uid in (select right_id from candidate_pairs where run_id = $run and hop = 'hop1')
                 and b.booking_uid in (select left_id from candidate_pairs where run_id = $run and hop = 'hop2')
                 and s.file_name like '%.csv' order by b.booking_uid""", {"run": base_run}).fetchall()
        def header_and_row(booking_id: str, file_name: str) -> tuple[str, str] | None:
            lines = (folder / "base" / "releases" / file_name).read_text().splitlines(keepends=True)
            rows = [line for line in lines[1:] if booking_id in line]
            return (lines[0], rows[0]) if len(rows) == 1 else None

        uid, file_name, (header, row) = next((uid, name, found) for uid, booking_id, name in candidates
                                             if (found := header_and_row(booking_id, name)))
        again = tmp_path / "again" / file_name
        again.parent.mkdir()
        again.write_text(header + row)
        files = week_files(folder / "week")
        files["releases"].append(again)
        result = run_week(store, load_config(), files)

        def pairs(run_id: str, hop: str, side: str) -> list[tuple]:
            return _pairs(store, run_id, hop, "left_id, right_id, match_weight", f"{side} = '{uid}'")

        for hop, side in (("hop1", "right_id"), ("hop2", "left_id")):
            # The week's pairs of the booking are its own rows, once each; the base run keeps its own.
            assert pairs(result.run_id, hop, side) == sorted(con.execute(
                f"select left_id, right_id, match_weight from scored_pairs where run_id = ? and hop = ? and {side} = ?",
                [result.run_id, hop, uid]).fetchall())
            assert pairs(result.run_id, hop, side) and pairs(base_run, hop, side)
        assert con.execute("select count(*) from scored_pairs where run_id = ? and carried_until = 1",
                           [base_run]).fetchall()[0][0] > 0
        assert con.execute("select count(*) = count(distinct (hop, left_id, right_id)) from candidate_pairs"
                           " where run_id = ?", [result.run_id]).fetchall() == [(True,)]


def test_run_week_finds_the_pairs_a_full_run_finds(week):
    # A full run over the same store (same saved models) is the reference: the week's passes
    # and carried pairs must come to the same candidate pairs, in hop 2 too (releases searched
    # before meet only the week's book-ins; their older pairs are carried).
    store, _, result, _ = week
    con = store.con

    def releases_searched() -> set[str]:
        return {uid for (uid,) in con.execute("select uid from work.hop2_releases").fetchall()}

    week_searched = releases_searched()
    assert result.searched_set_kept  # the base run's searched releases, not recomputed
    # The week's new entries, kept aside from the full run's work tables.
    con.execute("create or replace temp table new_entries as select entry_id from work.week_new_entries")
    # They met only the bookings a blocking rule pairs them with, fewer than their counties hold
    # (`work.week_reachable`).
    reachable, in_counties = con.execute(
        """select (select count(*) from work.week_reachable), count(*) from work.hop1_bookings
           where county in (select county from work.hop1_entries where uid in (select entry_id from new_entries))"""
    ).fetchall()[0]
    assert 0 < reachable < in_counties
    full_run = run_all(store, load_config())
    full_searched = releases_searched()

    def pairs(run_id: str, hop: str) -> set[tuple[str, str]]:
        return set(_pairs(store, run_id, hop))

    assert pairs(result.run_id, "hop1") == pairs(full_run, "hop1")
    # And the new entries' pairs weigh as the full run's: term frequencies from every booking,
    # not from the bookings they met.
    new = "left_id in (select entry_id from temp.new_entries)"
    weighed = "left_id, right_id, round(match_weight, 9)"
    assert _pairs(store, result.run_id, "hop1", weighed, new) == _pairs(store, full_run, "hop1", weighed, new) != []
    # Copied hop-1 pairs keep last week's term frequencies (module docstring), so a booking
    # right at `hop2.min_hop1_probability` may be searched by one run and not the other.
    assert len(week_searched ^ full_searched) <= 0.01 * len(full_searched)
    both = week_searched & full_searched
    full_hop2 = {pair for pair in pairs(full_run, "hop2") if pair[0] in both}
    assert full_hop2 and full_hop2 == {pair for pair in pairs(result.run_id, "hop2") if pair[0] in both}
    assert con.execute("select count(*) from book_ins where submission_id in (select unnest(?::bigint[]))",
                       [result.new_submissions]).fetchall()[0][0] > 0  # the week brought book-ins


def test_run_week_brings_hop_1_bookings_up_to_date_as_a_rewrite_would(week):
    # The week rewrites only its own bookings' rows of the 10 M-row national table.
    from linkage.match import hop1

    store, _, _, _ = week
    con = store.con
    week_rows = con.execute("select * from work.hop1_bookings order by uid").fetchall()
    hop1.prepare_inputs(store)
    assert week_rows == con.execute("select * from work.hop1_bookings order by uid").fetchall()
    assert any(row[9] is None for row in week_rows) and any(row[9] for row in week_rows)  # ice_hold

    def refreshed_equals_rewritten(changed_sql: str) -> bool:
        con.execute(f"create or replace table work.test_changed as {changed_sql}")
        hop1.prepare_inputs(store, changed_bookings="work.test_changed")
        refreshed = con.execute("select * from work.hop1_bookings order by uid").fetchall()
        hop1.prepare_inputs(store)
        con.execute("drop table work.test_changed")
        return refreshed == con.execute("select * from work.hop1_bookings order by uid").fetchall()

    # A changed booking without a hold in a log that reports holds: "no hold", not unknown.
    assert refreshed_equals_rewritten(
        "select booking_uid from bookings where not ice_hold and jurisdiction in"
        " (select jurisdiction from bookings where ice_hold) limit 1")
    # A log's first hold turns its other bookings' unknown holds into "no hold".
    silent = con.execute("""select any_value(booking_uid) from bookings group by jurisdiction
                            having not bool_or(coalesce(ice_hold, false)) limit 1""").fetchall()
    assert silent, "the demo world has a log that never shows a hold"
    con.execute("update bookings set ice_hold = true where booking_uid = ?", [silent[0][0]])
    try:
        assert refreshed_equals_rewritten(f"select '{silent[0][0]}' as booking_uid")
    finally:
        con.execute("update bookings set ice_hold = false where booking_uid = ?", [silent[0][0]])
        hop1.prepare_inputs(store)


def test_a_week_sent_before_run_week_is_the_weeks(split, base_file, week, tmp_path):
    # Sheriffs' uploads (or a run-week killed after its ingest) store the week's files before
    # `run-week` runs: the week is what the previous run did not read, not only what this call
    # stored. Before, its entries went unscored and came out no_release_record at 1.0.
    folder, _ = split
    store_given, _, given, _ = week
    config = load_config()
    with _base_store(base_file, tmp_path / "sent.duckdb") as store:
        sent = [r.submission_id for kind, paths in week_files(folder / "week").items()
                for r in submit(store, kind, list(paths), config=config)]
        result = run_week(store, config, {})
        assert result.new_submissions == sorted(sent) and result.affected_entries == given.affected_entries
        outcomes = _outcomes(store, result.run_id)
    assert outcomes == _outcomes(store_given, given.run_id)


def test_a_week_without_the_previous_runs_searched_set_recomputes_it(split, base_file, week, tmp_path):
    # A store whose note of the searched set is gone (written before the note was kept, or the
    # set rewritten for auditors' labels) recomputes the previous run's plausible bookings with
    # today's pool sizes: within what that run searched, so the week finds what it finds with
    # the note.
    folder, _ = split
    store_kept, _, kept, _ = week
    with _base_store(base_file, tmp_path / "unnoted.duckdb") as store:
        store.con.execute("drop table work.hop1_candidate_bookings_run")
        result = run_week(store, load_config(), week_files(folder / "week"))
        assert not result.searched_set_kept and not store.table_exists("week_searched")

        def pairs(store: Store, run_id: str) -> set[tuple[str, str, str]]:
            return set(_pairs(store, run_id, columns="hop, left_id, right_id"))

        assert pairs(store, result.run_id) >= pairs(store_kept, kept.run_id)
        assert _outcomes(store, result.run_id) == _outcomes(store_kept, kept.run_id)


def _run_base(folder, path) -> Store:
    """A new store at `path` holding the split world's base, run in full (the week not in yet)."""
    store = Store.open(path)
    try:
        submit_world(store, folder / "base", config=load_config())
        run_all(store, load_config())
    except BaseException:
        store.close()
        raise
    return store


def _base_store(base_file, path) -> Store:
    """A new store at `path`: a copy of `base_file`, a store file closed after its full run."""
    shutil.copy(base_file, path)
    return Store.open(path)


def _pairs(store: Store, run_id: str, hop: str | None = None, columns: str = "left_id, right_id",
           where: str = "true") -> list[tuple]:
    """A run's candidate pairs (`columns`, sorted), of `hop` or both, that `where` selects."""
    of_hop = f"hop = '{hop}'" if hop else "true"
    return sorted(store.con.execute(f"select {columns} from candidate_pairs where run_id = ? and {of_hop} and {where}",
                                    [run_id]).fetchall())


def _outcomes(store: Store, run_id: str) -> dict[str, str]:
    return dict(store.con.execute("select entry_id, outcome from outcomes where run_id = ?", [run_id]).fetchall())

def test_run_week_command_keeps_the_runs_config_and_says_what_it_read(split, tmp_path):
    # It had used configs/default.toml whatever the run it built on, and printed nothing of the
    # files it read: a refused report file went by with exit 0.
    from typer.testing import CliRunner

    from linkage.cli import app

    folder, _ = split
    (tmp_path / "strict.toml").write_text("[reconcile]\nreview_threshold = 0.97\n")
    (tmp_path / "bad.csv").write_text("not,a,report\n1,2,3\n")
    with Store.open(tmp_path / "s.duckdb") as store:
        submit_world(store, folder / "base", config=load_config())
        run_all(store, load_config(tmp_path / "strict.toml"))
    files = week_files(folder / "week")
    args = ["run-week", "--db", str(tmp_path / "s.duckdb"), "--reports", str(tmp_path / "bad.csv"),
            *[arg for kind in ("reports", "releases", "custody") for p in files[kind] for arg in (f"--{kind}", str(p))]]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "Validation summary" in text and "bad.csv" in text and "refused" in text
    assert "new files since" in text and "warning:" not in text
    with Store.open(tmp_path / "s.duckdb") as store:
        (threshold,) = store.con.execute(
            "select config_json->'$.reconcile.review_threshold' from runs order by started_at desc limit 1").fetchall()[0]
    assert float(threshold) == 0.97


def test_an_entry_whose_matched_log_the_week_changes_meets_it_as_a_full_run_does(split, tmp_path):
    # Entries ICE filed under TX/HALE at Travis's jail are matched against the Travis log; the
    # week brings a Hale log, their own. The week had copied their Travis pairs (552 against a
    # full run's 1) and reached other verdicts (the review of session 34).
    import csv

    folder, _ = split
    config = load_config()
    with open(folder / "base" / "reports.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    with open(tmp_path / "hale.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(rows[0])
        travis = [r for r in rows[1:] if r[3] == "TRAVIS"][:6]
        writer.writerows([[f"DD-HALE-{i}", r[1], r[2], "HALE", "PLAINVIEW", *r[5:]] for i, r in enumerate(travis)])
    (tmp_path / "hale-log.csv").write_text(
        "Booking No,Last Name,First Name,DOB,Booking Date,Release Date,Release Reason,Facility,County,State\n"
        "H1,DIAZ,LUIS,1990-01-01,2017-01-02,2017-01-20,BOND,HALE COUNTY JAIL,Hale,TX\n")
    with Store.open(tmp_path / "week.duckdb") as store:
        submit_world(store, folder / "base", config=config)
        submit(store, "reports", tmp_path / "hale.csv", config=config)
        run_all(store, config)
        assert store.con.execute("select count(*) from work.entry_logs where jurisdiction = 'TX/TRAVIS'"
                                 ).fetchall()[0][0] == 6  # by the facility, Travis's
    shutil.copy(tmp_path / "week.duckdb", tmp_path / "full.duckdb")
    shutil.copy(tmp_path / "week.duckdb", tmp_path / "rewritten.duckdb")

    def hale(store, run_id):
        return store.con.execute(
            "select o.entry_id, o.outcome, round(o.confidence, 3), count(c.right_id) from outcomes o"
            " left join candidate_pairs c on c.run_id = o.run_id and c.hop = 'hop1' and c.left_id = o.entry_id"
            " where o.run_id = ? and o.entry_id like 'DD-HALE-%' group by all order by 1", [run_id]).fetchall()

    with Store.open(tmp_path / "week.duckdb") as store:
        week = hale(store, run_week(store, config, {"releases": [tmp_path / "hale-log.csv"]}).run_id)
    with Store.open(tmp_path / "rewritten.duckdb") as store:
        # The log sent first, and hop 1's scratch tables rewritten before the week (`linkage
        # train` does, and so does a week killed after its first steps): the week compares
        # with the previous run's matched logs, not with whatever those tables last held.
        submit(store, "releases", tmp_path / "hale-log.csv", config=config)
        prepare_inputs(store)
        rewritten = hale(store, run_week(store, config, {}).run_id)
    with Store.open(tmp_path / "full.duckdb") as store:
        submit(store, "releases", tmp_path / "hale-log.csv", config=config)
        full = hale(store, run_all(store, config))
    assert week == full and rewritten == full and all(n < 10 for *_, n in full), (week, rewritten, full)
