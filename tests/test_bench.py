"""The benchmark's measuring parts (the full run is a benchmark, not a test: docs/scale.md)."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from linkage.bench import DuckDBSettings, Stage, apply_duckdb_settings, duckdb_load, measure
from tests.conftest import DEMO


def test_duckdb_settings_apply_to_a_connection(tmp_path):
    con = duckdb.connect()
    apply_duckdb_settings(con, DuckDBSettings(threads=1, memory_limit="1GB", temp_directory=str(tmp_path)))
    assert con.execute("select current_setting('threads')").fetchall()[0][0] == 1
    assert con.execute("select current_setting('temp_directory')").fetchall()[0][0] == str(tmp_path)
    assert con.execute("select current_setting('preserve_insertion_order')").fetchall()[0][0] is False


def test_measure_records_time_and_peak_memory():
    stages: list[Stage] = []
    with measure(stages, "work") as stage:
        block = bytearray(50 << 20)  # 50 MB the sampler must see
        stage.pairs = 10
    assert block and stages[0].name == "work" and stages[0].seconds >= 0
    assert stages[0].peak_rss_mb > 50
    assert stages[0].as_dict()["pairs_per_second"] > 0


def test_duckdb_load_reads_every_csv_of_a_world(tmp_path):
    seconds, rows = duckdb_load(DEMO, tmp_path, DuckDBSettings())
    files = [DEMO / "reports.csv", DEMO / "custody.csv", *sorted((DEMO / "releases").glob("*.csv"))]
    csv_rows = 0
    for path in files:
        with open(path, "rb") as handle:
            csv_rows += sum(1 for _ in handle) - 1  # no line breaks inside cells in this world
    assert seconds > 0 and rows == csv_rows


def test_bench_command_is_registered():
    from linkage.cli import app

    result = CliRunner().invoke(app, ["bench", "--help"])
    assert result.exit_code == 0 and "--scale" in result.output


def test_recordlinkage_is_compared_on_features_its_classifier_can_fit(tmp_path):
    # The bench's competitor must get a fair run. recordlinkage's ECM has no smoothing: a rare
    # binary feature (hop 2's swapped names, once as two features of their own) drove a class's
    # log probability to -inf, the fit to NaN, and its F1 to 0.12-0.43 on these small worlds.
    import numpy as np
    import recordlinkage

    from linkage.bench import run_bench
    from linkage.bench_rl import recordlinkage_candidates, recordlinkage_features
    from linkage.store import Store

    figures = run_bench(0.002, seed=7, root=tmp_path, keep=True)
    rl = figures["recordlinkage"]
    assert rl["rl_pairs"] == rl["splink_pairs"] > 0
    assert rl["rl_f1"]["predicted"] < 2 * rl["rl_f1"]["true_links"]
    [store_path] = tmp_path.glob("run-*/bench.duckdb")
    with Store.open(store_path, read_only=True) as store:
        left = store.con.sql("select * from work.hop2_releases").df().set_index("uid")
        right = store.con.sql("select * from work.hop2_book_ins").df().set_index("uid")
    features = recordlinkage_features(recordlinkage, left, right, recordlinkage_candidates(recordlinkage, left, right))
    classifier = recordlinkage.ECMClassifier(binarize=None)
    classifier.fit(features)
    assert np.isfinite(classifier.kernel.feature_log_prob_).all()
    assert np.isfinite(classifier.kernel.class_log_prior_).all()
