"""Report stage: machine outputs (CSV, Parquet, JSON) and the HTML file's safety properties.
The browser half is in test_report_browser.py."""

from __future__ import annotations

import collections
import csv
import json
import re

import duckdb
import pytest

from linkage.errors import LinkageError
from linkage.report.assets import ALLOWED_URLS, vega_libraries
from linkage.report.diagnostics import LEVEL_COUNTS_SQL, model_diagnostics
from linkage.report.html import script_json, write_report
from linkage.report.payload import build_payload
from linkage.report.redact import birth_year_only, initials, scrub
from linkage.report.sample import HOSTILE_NAME, fill_sample_run
from linkage.report.scope import pairs_sql, scope_params
from linkage.report.tables import write_outputs
from linkage.report.words import comparison_name, level_label, place_name

CSV_COLUMNS = ["entry_id", "outcome", "confidence", "p_transferred", "booking_id", "custody_id",
               "duplicate_of", "stale", "reasons"]


@pytest.fixture
def run(store):
    """A 300-entry run with Travis's 128-entry week and hostile text cells."""
    return fill_sample_run(store, entries=300, hostile=True)


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_outcomes_csv_has_contract_columns_every_entry_sorted(store, run, tmp_path):
    paths = write_outputs(store, run, tmp_path)
    with open(paths["outcomes_csv"], encoding="utf-8") as f:
        assert f.readline().strip() == ",".join(CSV_COLUMNS)
    rows = _read_csv(paths["outcomes_csv"])
    assert len(rows) == store.count("report_entries") == 300
    ids = [r["entry_id"].lstrip("'") for r in rows]
    assert ids == sorted(ids)
    for r in rows:
        assert re.fullmatch(r"[01]\.\d{4}", r["confidence"]), r["confidence"]
        assert re.fullmatch(r"[01]\.\d{4}", r["p_transferred"])
        assert r["stale"] in ("true", "false")


def test_csv_neutralises_formula_text_but_not_numbers(store, run, tmp_path):
    rows = {r["entry_id"]: r for r in _read_csv(write_outputs(store, run, tmp_path)["outcomes_csv"])}
    assert rows["E000000"]["reasons"].startswith("'=HYPERLINK")
    assert rows["E000001"]["reasons"] == "'-2+3 looks like a formula"
    assert rows["E000002"]["reasons"].startswith("'@SUM(1)")
    assert rows["E000003"]["reasons"][0] not in "'=+-@"
    # A number is a number, not a formula: an ID written as one is a key and stays as ingested
    # ('-0042' had become "'-0042", and no longer joined the report file or truth.csv); an ID
    # that is a formula is text like any other.
    store.con.execute("update outcomes set booking_id = '-0012', confidence = 0.5 where entry_id = 'E000004'")
    store.con.execute("update outcomes set booking_id = '=1+2' where entry_id = 'E000005'")
    rows = {r["entry_id"]: r for r in _read_csv(write_outputs(store, run, tmp_path)["outcomes_csv"])}
    assert rows["E000004"]["booking_id"] == "-0012" and rows["E000005"]["booking_id"] == "'=1+2"
    assert rows["E000004"]["confidence"] == "0.5000"
    for r in _read_csv(tmp_path / "jurisdictions.csv"):
        assert int(r["listed"]) >= 1


def test_jurisdictions_csv_counts_add_up(store, run, tmp_path):
    rows = _read_csv(write_outputs(store, run, tmp_path)["jurisdictions_csv"])
    outcomes = ["transferred_to_ice", "transferred_to_other_agency", "declined_confirmed",
                "still_in_custody", "no_release_record", "needs_review"]
    for r in rows:
        assert sum(int(r[o]) for o in outcomes) == int(r["listed"])
    assert sum(int(r["listed"]) for r in rows) == 300
    assert sum(int(r["duplicates"]) for r in rows) == store.con.execute(
        "select count(duplicate_of) from outcomes").fetchall()[0][0]
    assert sum(int(r["stale"]) for r in rows) == store.con.execute(
        "select count(*) from outcomes where stale").fetchall()[0][0]
    travis = max((r for r in rows if r["jurisdiction"] == "TX/TRAVIS"), key=lambda r: int(r["listed"]))
    assert (int(travis["listed"]), int(travis["declined_confirmed"])) == (128, 2)


def test_matches_parquet_and_json_cover_the_run(store, run, tmp_path):
    paths = write_outputs(store, run, tmp_path)
    con = duckdb.connect()
    hops = dict(con.execute(
        f"select hop, count(*) from read_parquet('{paths['matches_parquet']}') group by hop").fetchall())
    assert sum(hops.values()) == store.count("candidate_pairs")
    assert set(hops) == {"hop1", "hop2"}
    document = json.loads(paths["outcomes_json"].read_text())
    assert document["run_id"] == run and len(document["entries"]) == 300


def test_matches_parquet_lists_each_records_candidates_best_first(store, run, tmp_path):
    path = write_outputs(store, run, tmp_path)["matches_parquet"]
    con = duckdb.connect()
    rows = con.execute(
        f"select hop, left_id, match_weight, right_id from read_parquet('{path}')").fetchall()
    assert rows == sorted(rows, key=lambda r: (r[0], r[1], -r[2], r[3]))


def _cards_in_python(store, run_id, top_k):
    """What each card lists, ranked in plain Python from every pair of the run: per entry
    (hop 1) and per card booking (hop 2) `[n, right IDs...]`, and the pairs shown in full."""
    ranked: dict[tuple[str, str], list[str]] = {}
    for hop, left, right, _ in sorted(store.con.execute(
            "select hop, left_id, right_id, match_weight from candidate_pairs where run_id = ?",
            [run_id]).fetchall(), key=lambda r: (-r[3], r[2])):
        ranked.setdefault((hop, left), []).append(right)
    cand: dict[str, dict[str, list]] = {"hop1": {}, "hop2": {}}
    full = set()
    for entry, booking, custody in store.con.execute(
            "select entry_id, booking_uid, custody_id from outcomes where run_id = ?", [run_id]).fetchall():
        left, chosen = entry, booking
        for hop in ("hop1", "hop2"):
            rights = ranked.get((hop, left), [])
            card = chosen or (rights[0] if rights else None)
            if rights:
                shown = rights[:top_k] + [card] * (card in rights[top_k:])
                cand[hop][left] = [len(rights), *shown]
            if card in rights:
                full.add((hop, left, card))
            if card is None:
                break
            left, chosen = card, custody
    return cand, full


def test_cards_list_the_top_k_and_their_own_pair(store, run):
    # The chosen booking of one entry ranks last among its candidates: the card lists it
    # after the top k, and shows its evidence in full.
    entry, booking = store.con.execute("""
        select o.entry_id, o.booking_uid from outcomes o join candidate_pairs c
          on c.left_id = o.entry_id and c.hop = 'hop1'
        where o.booking_uid is not null
        group by all having count(*) >= 4 order by o.entry_id limit 1""").fetchall()[0]
    store.con.execute(
        "update scored_pairs set match_weight = -99 where left_id = ? and right_id = ?",
        [entry, booking])
    for top_k in (1, 2, 5):
        data = build_payload(store, run, top_k=top_k)
        cand, full = _cards_in_python(store, run, top_k)
        for hop, key in (("hop1", "cand1"), ("hop2", "cand2")):
            listed = {left: [v[0]] + [c[0] for c in v[1:]] for left, v in data[key].items()}
            assert listed == cand[hop]
        shown_full = {(hop, left, c[0]) for hop, key in (("hop1", "cand1"), ("hop2", "cand2"))
                      for left, v in data[key].items() for c in v[1:] if c[3] >= 0}
        assert shown_full == full
        assert len(data["evidence"]) == len(full)
    assert data["cand1"][entry][-1][0] == booking and data["cand1"][entry][-1][3] >= 0
    # The cards the two queries share are a temp table of the call's own, gone after it.
    assert not store.con.execute(
        "select table_name from duckdb_tables() where temporary and table_name like 'payload%'").fetchall()
    with pytest.raises(ValueError, match="top_k"):
        build_payload(store, run, top_k=0)


def test_report_is_byte_stable(store, run, tmp_path):
    first = write_report(store, run, tmp_path / "a.html").read_bytes()
    assert write_report(store, run, tmp_path / "b.html").read_bytes() == first


def test_outputs_are_byte_stable(store, run, tmp_path):
    first = write_outputs(store, run, tmp_path / "a")
    second = write_outputs(store, run, tmp_path / "b")
    for key in first:
        assert first[key].read_bytes() == second[key].read_bytes(), key


def test_outputs_for_one_jurisdiction(store, run, tmp_path):
    paths = write_outputs(store, run, tmp_path, jurisdiction="TX/TRAVIS")
    rows = _read_csv(paths["jurisdictions_csv"])
    assert {r["jurisdiction"] for r in rows} == {"TX/TRAVIS"}
    entries = store.con.execute(
        "select count(*) from report_entries where jurisdiction = 'TX/TRAVIS'").fetchall()[0][0]
    assert len(_read_csv(paths["outcomes_csv"])) == entries


def test_unknown_run_is_a_plain_error(store, run, tmp_path):
    with pytest.raises(LinkageError, match="no run 'no-such-run' in the store"):
        write_outputs(store, "no-such-run", tmp_path)
    with pytest.raises(LinkageError, match="no outcomes"):
        write_report(store, run, tmp_path / "r.html", jurisdiction="ZZ/NOWHERE")


def test_report_has_no_external_url_and_escapes_values(store, run, tmp_path):
    html = write_report(store, run, tmp_path / "report.html").read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s\"'`)<>]*", html))
    # XML namespace names are identifiers Vega hands to createElementNS, never fetched.
    assert urls <= set(ALLOWED_URLS), urls - set(ALLOWED_URLS)
    assert "default-src 'none'" in html  # the browser itself refuses any fetch
    assert "<script>alert(1)</script>" not in html
    assert "alert(2)</script>" not in html
    assert html.count("<script") == 4  # data, vega, vega-lite, the page's own
    data = json.loads(re.search(
        r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1))
    assert HOSTILE_NAME in json.dumps(data, ensure_ascii=False)  # shown, as text, in its card


def test_script_json_cannot_close_the_script_element():
    text = str(script_json({"x": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- & \u2028"}


def test_inlined_libraries_hold_only_namespace_urls():
    for name, _, code in vega_libraries():
        assert set(re.findall(r"https?://[^\s\"'`)]*", code)) <= set(ALLOWED_URLS), name


def _outside_libraries(html: str) -> str:
    return re.sub(r"<script>/\* vega.*?</script>", "", html, flags=re.S)


def test_redacted_report_shows_no_full_name_or_birth_date(store, run, tmp_path):
    people = store.con.execute("""
        select full_name, last_name, first_name, dob::varchar from bookings
        union all select null, last_name, first_name, birth_date::varchar from book_ins
    """).fetchall()
    plain = _outside_libraries(write_report(store, run, tmp_path / "p.html").read_text())
    redacted = _outside_libraries(
        write_report(store, run, tmp_path / "r.html", redact=True).read_text())
    assert any(dob in plain for *_, dob in people)  # the check below means something
    assert "Redacted" in redacted
    for dob in {dob for *_, dob in people if dob}:
        assert dob not in redacted
    names = {n for full, last, first, _ in people for n in (full, last, first) if n and len(n) > 1}
    leaked = {n for n in names if n in redacted and re.search(rf"\b{re.escape(n)}\b", redacted)}
    assert not leaked, leaked


def test_jurisdiction_report_shows_only_that_jurisdiction(store, run, tmp_path):
    store.con.execute("""
        insert into submissions (submission_id, kind, jurisdiction, file_name, sha256, submitted_at, status)
        values (1, 'reports', null, 'ddor.xlsx', 'a', now(), 'stored'),
               (2, 'releases', 'TX/TRAVIS', 'travis.csv', 'b', now(), 'stored'),
               (9, 'releases', 'IL/COOK', 'cook.csv', 'c', now(), 'stored')
    """)
    # Both shapes a manifest lists its inputs in: bare IDs, and {"id": …} records.
    store.con.execute("""update models set manifest = json_object(
        'config_hash', 'cfg', 'input_submissions', [1, 2, 9],
        'inputs', json_object('submissions', [
            json_object('id', 2, 'kind', 'releases', 'jurisdiction', 'TX/TRAVIS'),
            json_object('id', 9, 'kind', 'releases', 'jurisdiction', 'IL/COOK')]))""")
    hops = model_diagnostics(store, run, jurisdiction="TX/TRAVIS")
    assert hops[0]["manifest"]["input_submissions"] == [1, 2]
    assert [s["id"] for s in hops[0]["manifest"]["inputs"]["submissions"]] == [2]
    html = write_report(store, run, tmp_path / "t.html", jurisdiction="TX/TRAVIS").read_text()
    assert "TX/TRAVIS" in html
    for other in ("IL/COOK", "CA/ORANGE", "MN/HENNEPIN", "cook.csv"):
        assert other not in html
    travis_pairs = sum(lv["pairs"] for lv in hops[0]["levels"])
    all_pairs = sum(lv["pairs"] for lv in model_diagnostics(store, run)[0]["levels"])
    assert 0 < travis_pairs < all_pairs


def test_pairs_per_level_count_every_pair_of_the_run(store, run):
    counted = collections.Counter()
    for hop, levels in store.con.execute(
            "select hop, levels from candidate_pairs where run_id = ?", [run]).fetchall():
        for i, gamma in enumerate(levels):
            counted[hop, i, gamma] += 1
    rows = store.con.execute(LEVEL_COUNTS_SQL.format(pairs=pairs_sql(None)), scope_params(run)).fetchall()
    assert {(hop, i, gamma): n for hop, i, gamma, n in rows} == counted
    pairs = store.con.execute("select count(*), count(distinct (hop, levels)) from candidate_pairs"
                              " where run_id = ?", [run]).fetchall()[0]
    assert pairs[1] < pairs[0]  # pairs share gamma lists: counting lists, not pairs, would show


def test_words_for_people():
    assert place_name("TX/TRAVIS") == "Travis County, TX"
    assert place_name("LA/ORLEANS PARISH") == "Orleans Parish, LA"
    assert comparison_name("hold_vs_issued") == "Jail hold date vs detainer issued"
    assert comparison_name("new_thing") == "New thing"  # a newer model's comparison still reads
    assert level_label("ice_hold", "else") == "no ICE hold recorded"
    assert level_label("unknown", "else") == "differs"
    hop = model_diagnostics.__globals__["_levels"]({"comparisons": [{
        "output_column_name": "ice_hold", "comparison_levels": [
            {"label_for_charts": "not recorded", "is_null_level": True},
            {"label_for_charts": "jail recorded an ICE hold", "m_probability": 0.99, "u_probability": 0.03},
            {"label_for_charts": "else", "m_probability": 0.01, "u_probability": 0.97}]}]}, {})
    assert [(lv["comparison"], lv["label"]) for lv in hop] == [
        ("ICE hold on the booking", "jail recorded an ICE hold"),
        ("ICE hold on the booking", "no ICE hold recorded")]


def test_report_speaks_in_words_not_column_names(store, run, tmp_path):
    html = write_report(store, run, tmp_path / "report.html").read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # what the page shows as HTML
    assert "Travis County, TX" in page and "Jail hold date vs detainer issued" in page
    assert "no ICE hold recorded" in page and ">else<" not in page
    assert "hold_vs_issued:" not in page and "1 duplicates" not in page


def test_redaction_helpers():
    assert initials("GARCIA LOPEZ, JUAN") == "G. L., J."
    assert initials("GALVEZ,ELOY MIGUEL") == "G., E. M."
    assert initials("GARCIA-LOPEZ") == "G.-L."
    assert birth_year_only("born 1985-03-12 or 3/12/1985") == "born 1985 or 1985"
    assert scrub("booked in as Garcia, 1985-03-12", {"GARCIA"}, {"1985-03-12"}) == "booked in as G., 1985"


def test_summary_for_flow_artifacts(store, run, tmp_path):
    from linkage.report.summary import jurisdiction_table, markdown_summary

    md = markdown_summary(store, run, report_path=tmp_path / "report.html")
    assert "ICE listed **300**" in md and "TX/TRAVIS, week of 2017-02-04: 128 → 2" in md
    assert "report.html" in md
    table = jurisdiction_table(store, run)
    assert sum(r["listed"] for r in table) == 300 and isinstance(table[0]["report_week"], str)


def test_the_report_states_the_runs_stale_threshold(store, tmp_path):
    # It said "over a year" whatever `reconcile.stale_days` the run was made with.
    import json

    from linkage.config import load_config
    from linkage.report.html import write_report
    from linkage.report.sample import fill_sample_run

    run = fill_sample_run(store, entries=40)
    settings = json.loads(load_config().model_dump_json())
    settings["reconcile"]["stale_days"] = 30
    store.con.execute("update runs set config_json = ? where run_id = ?", [json.dumps(settings), run])
    store.con.execute("update outcomes set stale = true where run_id = ?", [run])
    html = write_report(store, run, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "issued more than 30 days before the decline" in html and "over a year" not in html
