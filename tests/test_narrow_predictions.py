"""Splink's predictions without the compared values (`score.narrow_settings`): each pair's
gammas are read back from its match weights and the best pairs' values joined from the hop's
work tables, and a run stores what Splink's full-width prediction would have given it."""

import json
from pathlib import Path

import pytest

from linkage.match.model import HOPS, linker_for, quiet_splink
from linkage.match.score import _evidence_sql, columns_of, levels_sql, narrow_settings
from linkage.store import Store
from tests.test_pipeline_demo import _run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LINKAGE_ENGINE", raising=False)  # Spark predicts at full width
        return _run(tmp_path_factory.mktemp("demo-narrow")).parent / "demo.duckdb"


@pytest.mark.parametrize("hop", ["hop1", "hop2"])
def test_a_run_stores_the_levels_and_evidence_of_splinks_full_width_prediction(demo_store, hop):
    with Store.open(demo_store) as store:
        con = store.con
        run_id, model_id = con.execute(f"select run_id, {hop}_model from runs").fetchall()[0]
        settings = json.loads(con.execute("select settings_json from models where model_id = ?",
                                          [model_id]).fetchall()[0][0])
        assert narrow_settings(settings)["retain_matching_columns"] is False  # the run predicted narrow
        linker = linker_for(store, HOPS[hop], settings)  # as saved: gammas and values kept
        with quiet_splink():
            table = linker.inference.predict().physical_name
        assert "gamma_stay" in columns_of(store, table) or "gamma_surname" in columns_of(store, table)
        wide = con.execute(f'select uid_l, uid_r, {levels_sql(settings)} from work."{table}"').fetchall()
        stored = con.execute("select left_id, right_id, levels from scored_pairs where run_id = ? and hop = ?",
                             [run_id, hop]).fetchall()
        assert len(stored) > 500 and sorted(stored) == sorted(wide)
        evidence = con.execute(
            f"""select s.left_id, s.right_id, s.evidence::varchar,
                       ({_evidence_sql(settings, columns_of(store, table))})::varchar
                from scored_pairs s join work."{table}" p on p.uid_l = s.left_id and p.uid_r = s.right_id
                where s.run_id = ? and s.hop = ? and s.evidence is not null""", [run_id, hop]).fetchall()
        assert len(evidence) > 100
        assert [row[:3] for row in evidence] == [(*row[:2], row[3]) for row in evidence]
        con.execute(f'drop table work."{table}"')


def _settings(m: list[float | str], u: list[float]) -> dict:
    levels = [{"sql_condition": "a_l is null", "is_null_level": True, "label_for_charts": "not recorded"}]
    levels += [{"sql_condition": f"c{i}", "label_for_charts": f"level {i}", "m_probability": mi, "u_probability": ui}
               for i, (mi, ui) in enumerate(zip(m, u, strict=True))]
    return {"retain_matching_columns": True, "comparisons": [{"output_column_name": "a", "comparison_levels": levels}]}


def test_a_model_whose_levels_share_a_weight_predicts_at_full_width():
    # Two levels of one comparison with the same m/u give the same match weight: the weight
    # cannot say which level a pair met, so Splink keeps the gammas (and the values).
    assert narrow_settings(_settings([0.9, 0.1], [0.1, 0.9]))["retain_matching_columns"] is False
    assert narrow_settings(_settings([0.5, 0.25, 0.25], [0.2, 0.1, 0.7]))["retain_matching_columns"] is True
    # A level whose weight is 0 (m = u) meets the null level's.
    assert narrow_settings(_settings([0.3, 0.7], [0.3, 0.2]))["retain_matching_columns"] is True
    # A level EM could not train has no weight to read.
    assert narrow_settings(_settings([0.9, "level not observed in training dataset"], [0.1, 0.9])
                           )["retain_matching_columns"] is True
