"""The evidence JSON a scored pair keeps (`candidate_pairs.evidence`): its exact text, which the
report's cards, `review show` and auditors' exports read long after the run."""

import duckdb

from linkage.match.score import _evidence_sql

SETTINGS = {
    "probability_two_random_records_match": 0.001,
    "comparisons": [
        {"output_column_name": "surname", "comparison_levels": [
            {"sql_condition": "last_name_l is null or last_name_r is null", "is_null_level": True,
             "label_for_charts": "not recorded"},
            {"sql_condition": "last_name_l = last_name_r", "label_for_charts": "surname identical"},
            {"sql_condition": "ELSE", "label_for_charts": "else"}]},
        {"output_column_name": "birth", "comparison_levels": [  # two columns: values joined by " / "
            {"sql_condition": "dob_l = dob_r", "label_for_charts": "birth date identical"},
            {"sql_condition": "birth_year_l = birth_year_r", "label_for_charts": "same birth year"},
            {"sql_condition": "ELSE", "label_for_charts": "else"}]},
        {"output_column_name": "method", "comparison_levels": [  # reads no column of both sides
            {"sql_condition": "true", "label_for_charts": "any"},
            {"sql_condition": "ELSE", "label_for_charts": "else"}]},
    ],
}


def test_the_evidence_json_names_each_comparisons_level_weight_and_values():
    con = duckdb.connect()
    # Splink's prediction columns, as its tables type them (weights double, gammas tinyint).
    con.execute("""create table p as select * from (values
        (1::tinyint, 3.14159265::double, 1.0::double, 'O''BRIEN', 'O''BRIEN',
         1::tinyint, -2.5::double, date '1983-01-15', date '1983-01-16', 1983, 1983, 1::tinyint, 0.0::double),
        (-1::tinyint, 0.0::double, null, null, 'NÚÑEZ',
         7::tinyint, 1e-5::double, null, null, 1990, null, 0::tinyint, 0.0::double))
        t(gamma_surname, mw_surname, mw_tf_adj_surname, last_name_l, last_name_r,
          gamma_birth, mw_birth, dob_l, dob_r, birth_year_l, birth_year_r, gamma_method, mw_method)""")
    columns = {name for (name,) in con.execute("select column_name from (describe p)").fetchall()}
    texts = [text for (text,) in con.execute(f"select ({_evidence_sql(SETTINGS, columns)})::varchar from p").fetchall()]
    assert texts == [
        '{"prior_weight":-9.9643,"comparisons":['
        '{"name":"surname","label":"surname identical","match_weight":4.1416,"value_l":"O\'BRIEN","value_r":"O\'BRIEN"},'
        '{"name":"birth","label":"same birth year","match_weight":-2.5,'
        '"value_l":"1983 / 1983-01-15","value_r":"1983 / 1983-01-16"},'
        '{"name":"method","label":"any","match_weight":0.0,"value_l":null,"value_r":null}]}',
        # A null level, a gamma no level has (label null), values missing on one side.
        '{"prior_weight":-9.9643,"comparisons":['
        '{"name":"surname","label":"not recorded","match_weight":0.0,"value_l":"","value_r":"NÚÑEZ"},'
        '{"name":"birth","label":null,"match_weight":0.0,"value_l":"1990","value_r":""},'
        '{"name":"method","label":"else","match_weight":0.0,"value_l":null,"value_r":null}]}',
    ]
