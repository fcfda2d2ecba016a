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
