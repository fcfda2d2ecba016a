"""The Typer face: help as manual, messages not tracebacks, exit codes."""

from typer.testing import CliRunner

from linkage.cli import app
from tests.conftest import BAD, DEMO

runner = CliRunner(env={"COLUMNS": "200"})  # a wide terminal: rich tables don't fold words


def test_every_command_has_help():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("submit", "status", "run", "demo", "synth", "evaluate", "report", "review",
                    "train", "explain", "verify-run", "tokens", "api", "serve", "bench"):
        assert command in result.output
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0, command
        assert "Usage" in sub.output


def test_python_dash_m_runs_the_command_as_the_script_does():
    # `python -m linkage.cli --help` printed nothing and exited 0 (world J's probe).
    import subprocess
    import sys

    for module in ("linkage", "linkage.cli"):
        out = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True)
        assert out.returncode == 0 and "Usage" in out.stdout and "run-week" in out.stdout, module


def test_quick_commands_do_not_import_prefect():
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from linkage.cli import app;"
        "r = CliRunner(); r.invoke(app, ['status', '--db', sys.argv[1]]);"
        "r.invoke(app, ['submit', 'reports', sys.argv[2], '--db', sys.argv[1]]);"
        "r.invoke(app, ['--help']);"
        "print('prefect' in sys.modules, 'splink' in sys.modules)"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", code, f"{tmp}/s.duckdb", str(DEMO / "reports.csv")],
            capture_output=True, text=True,
        )
    # Neither Prefect (a temporary server, ~10 s) nor Splink is loaded by quick commands.
    assert out.stdout.strip().endswith("False False"), out.stdout + out.stderr


def test_a_run_without_release_logs_is_refused_in_one_line_before_the_flow(tmp_path):
    import subprocess
    import sys

    # Inside the flow the refusal came after a temporary Prefect server and two tracebacks.
    done = subprocess.run([sys.executable, "-c", "from linkage.cli import main; main()", "run", "--reports",
                           str(DEMO / "reports.csv"), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.duckdb")],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "holds no jail release logs: give --releases" in " ".join(done.stderr.split())  # Rich wraps
    assert "Traceback" not in done.stderr + done.stdout and "Prefect" not in done.stderr + done.stdout


def test_the_api_queues_intake_runs_only_on_a_named_prefect_server():
    from linkage.cli_service import intake_trigger

    # With no PREFECT_API_URL the first upload started a temporary server inside the request
    # (~9 s), could not find `linkage serve`'s deployment there, and a SIGTERM left it running.
    assert intake_trigger(True, None) is None and intake_trigger(False, "http://127.0.0.1:4200/api") is None
    assert callable(intake_trigger(True, "http://127.0.0.1:4200/api"))


def test_submit_prints_summary_and_refuses_with_exit_1(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    ok = runner.invoke(app, ["submit", "reports", str(DEMO / "reports.csv"), "--db", db])
    assert ok.exit_code == 0, ok.output
    assert "stored" in ok.output
    again = runner.invoke(app, ["submit", "reports", str(DEMO / "reports.csv"), "--db", db])
    assert again.exit_code == 0 and "duplicate" in again.output
    refused = runner.invoke(app, ["submit", "releases", str(BAD / "missing_column.csv"), "--db", db])
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    status = runner.invoke(app, ["status", "--db", db])
    assert status.exit_code == 0 and "reports" in status.output


def test_a_submission_of_which_no_row_is_stored_exits_1(tmp_path):
    # A log whose every row was quarantined had said "stored" and exited 0.
    log = tmp_path / "travis.csv"
    log.write_text("Booking No,Name,Booking Date,Facility,County,State\n"
                   + "".join(f'B{i},"GARCIA, JOSE",someday,Travis County Jail,Travis,TX\n' for i in range(3)))
    result = runner.invoke(app, ["submit", "releases", str(log), "--db", str(tmp_path / "a.duckdb")])
    assert result.exit_code == 1
    assert "travis.csv: none of its 3 rows could be stored" in result.output
    assert 'not a valid date: "someday"' in result.output


def test_status_of_one_submission_names_every_set_aside_row_as_its_file_does(tmp_path):
    # The submit summary shows ten reasons; the rest had been in the store alone, by data row and
    # contract column, which is neither the line nor the header the clerk sees.
    rows = [f"B{i},\"DOE, JOHN\",2/{i}/2017,2/1/2017,Jail,Travis,TX,30" for i in range(2, 14)]
    log = tmp_path / "titled.csv"
    log.write_text("\n".join(["TRAVIS COUNTY RELEASES", "", "Booking No,Name,Date Booked,Release Date,Facility,"
                              "County,State,Age", "B1,\"ROE, JANE\",2/1/2017,2/3/2017,Jail,Travis,TX,THIRTY", *rows]) + "\n")
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["submit", "releases", str(log), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["status", "--db", db, "--submission", "1"])
    assert result.exit_code == 0, result.output
    assert "12 rows quarantined" in result.output and "1 row stored with a cell left empty" in result.output
    assert "row 13 (line 16), column release_datetime ('Release Date'): before booking_date" in result.output
    assert 'row 1 (line 4), column age: not a whole number: "THIRTY"' in result.output
    missing = runner.invoke(app, ["status", "--db", db, "--submission", "9"])
    assert missing.exit_code == 1 and "no submission 9" in missing.output


def test_writing_the_openapi_document_leaves_no_store_behind(tmp_path, monkeypatch):
    # It opened ./linkage.duckdb (and its .lock) only to build the app.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["api", "--openapi", "openapi.json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["openapi.json"]


def test_submit_unknown_kind_and_missing_file_are_messages(tmp_path):
    result = runner.invoke(app, ["submit", "people", "x.csv", "--db", str(tmp_path / "a.duckdb")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["submit", "reports", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "a.duckdb")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_bad_arguments_are_one_line_errors_not_tracebacks(tmp_path):
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["submit", "reports", str(DEMO / "reports.csv"), "--db", db]).exit_code == 0
    quote = tmp_path / "it's.csv"
    quote.write_text("x\n1\n")
    strangers = tmp_path / "outcomes.csv"  # outcomes whose entry IDs the truth does not know
    strangers.write_text("entry_id,outcome,confidence,p_transferred,booking_id,custody_id,duplicate_of\n"
                         "E-x,transferred_to_ice,0.9,0.9,B1,C1,\n")
    cases = [
        ["status", "--db", str(tmp_path / "typo" / "s.duckdb")],        # no store there: none created
        ["explain", "DD1", "--db", str(tmp_path / "typo.duckdb")],
        ["bench", "--scale", "banana"],
        ["synth", "--scale", "2", "--out", str(tmp_path / "w")],
        ["evaluate", "--truth", str(DEMO / "truth.csv"), "--outcomes", str(DEMO / "reports.csv")],
        ["evaluate", "--truth", str(quote), "--outcomes", str(DEMO / "truth.csv")],
        ["evaluate", "--truth", str(DEMO / "truth.csv"), "--outcomes", str(strangers)],
        ["report", "--out", str(tmp_path), "--db", db],
        ["report", "--jurisdiction", "Nowhere", "--db", db],
        ["report", "--jurisdiction", "XX/Foo", "--out", str(tmp_path / "r.html"), "--db", db],
        ["report", "--run", "run-nope", "--out", str(tmp_path / "r.html"), "--db", db],
        # Refused before the Prefect flow (and its temporary server) would start.
        ["run", "--out", str(tmp_path / "o"), "--db", str(tmp_path / "empty.duckdb")],
        ["run-week", "--db", str(tmp_path / "empty.duckdb"), "--out", str(tmp_path / "o")],
        ["run", "--reports", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o"), "--db", db],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert "error:" in result.output and "Traceback" not in result.output, (args, result.output)
    assert not (tmp_path / "typo").exists() and not (tmp_path / "typo.duckdb").exists()
    assert not (tmp_path / "empty.duckdb").exists() and not (tmp_path / "o").exists()  # refused: nothing made
    negative = runner.invoke(app, ["review", "show", "DD1", "--top", "-3", "--db", db])
    assert negative.exit_code == 2 and "--top" in negative.output


def test_evaluate_counts_expected_against_real_transfers_in_the_outermost_bins(tmp_path):
    import csv

    with open(DEMO / "truth.csv", newline="") as handle:
        truth = list(csv.DictReader(handle))
    # Every verdict at P 0.9995 or 0.0005, right but for one: the top bin should show it.
    transfers = [r["entry_id"] for r in truth if r["true_outcome"] == "transferred_to_ice"]
    wrong = next(r["entry_id"] for r in truth if r["true_outcome"] != "transferred_to_ice")
    top = set(transfers) | {wrong}
    outcomes = tmp_path / "outcomes.csv"
    with open(outcomes, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entry_id", "outcome", "confidence", "p_transferred", "booking_id", "custody_id",
                         "duplicate_of"])
        for r in truth:
            p = 0.9995 if r["entry_id"] in top else 0.0005
            writer.writerow([r["entry_id"], "transferred_to_ice" if p > 0.5 else r["true_outcome"], p, p,
                             r["booking_id"], r["custody_id"], r["duplicate_of"]])
    result = runner.invoke(app, ["evaluate", "--truth", str(DEMO / "truth.csv"), "--outcomes", str(outcomes)])
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in result.output.splitlines() if line.startswith("│")}
    assert rows["0.999–1"] == [str(len(top)), "0.9995", f"{len(transfers) / len(top):.4f}",
                               f"{0.9995 * len(top):.2f}", str(len(transfers))]
    rest = len(truth) - len(top)
    assert rows["0–0.001"] == [str(rest), "0.0005", "0.0000", f"{0.0005 * rest:.2f}", "0"]


def test_an_out_that_is_a_file_is_refused_before_the_run(tmp_path):
    # It was found when the outputs were written, after the whole run: a 175-line traceback, and
    # `linkage status` then called the run abandoned.
    from linkage.store import Store

    taken = tmp_path / "outcomes.csv"
    taken.write_text("x\n")
    Store.open(tmp_path / "s.duckdb").close()  # run-week first asks for a store
    given = ["--reports", str(DEMO / "reports.csv"), "--releases", str(DEMO / "releases")]
    for command in (["run", *given], ["run-week"]):
        result = runner.invoke(app, [*command, "--out", str(taken), "--db", str(tmp_path / "s.duckdb")])
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), (command, result.output)
        assert f"--out {taken}:" in " ".join(result.output.split()), (command, result.output)


def test_evaluate_says_how_many_entries_it_scored(tmp_path):
    # 49 of 235 verdicts read "decided accuracy 1.000" with no word of the other 186; a file of
    # another world was scored without a warning.
    lines = (DEMO / "truth.csv").read_text().splitlines()
    header = "entry_id,outcome,confidence,p_transferred,booking_id,custody_id,duplicate_of"
    cells = [line.split(",") for line in lines[1:]]
    rows = [f"{c[0]},{c[1]},0.9,0.0,{c[2]},{c[4]}," for c in cells if not c[5]][:20]  # no duplicates
    part = tmp_path / "part.csv"
    part.write_text("\n".join([header, *rows, "E-other-world,declined_confirmed,0.9,0.0,,,"]) + "\n")
    result = runner.invoke(app, ["evaluate", "--truth", str(DEMO / "truth.csv"), "--outcomes", str(part)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"entries scored 20 of the truth's {len(lines) - 1}" in text, text
    assert f"warning: {len(lines) - 21} of the truth's entries have no verdict" in text
    assert "warning: 1 verdicts are of entries the truth does not list" in text
    assert "duplicates F1 n/a (no duplicates in either file)" in text


def test_a_run_id_not_in_the_store_is_named_so(tmp_path):
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["submit", "reports", str(DEMO / "reports.csv"), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["report", "--run", "run-nope", "--out", str(tmp_path / "r.html"), "--db", db])
    assert result.exit_code == 1 and "no run 'run-nope' in the store" in " ".join(result.output.split())


def test_an_80_column_terminal_gets_whole_messages_and_readable_tables(tmp_path):
    # The validation summary's message column had folded to three letters a line, and the
    # status table's names to one: a sheriff's default terminal, and every piped output.
    narrow = CliRunner(env={"COLUMNS": "80"})
    db = str(tmp_path / "s.duckdb")
    log = tmp_path / "hennepin_county_jail_releases.csv"
    log.write_text("Booking No,Name,Release Date\nB1,\"DOE, JOHN\",2/5/2017 9:30\n")
    refused = narrow.invoke(app, ["submit", "releases", str(log), "--jurisdiction", "MN/Hennepin", "--db", db])
    assert refused.exit_code == 1
    lines = refused.output.splitlines()
    said = [line for line in lines if line.startswith(f"{log.name}: refused")]
    assert said and "booking_date" in said[0], refused.output  # the whole reason, on one line
    assert any("MN/HENNEPIN" in line and "refused" in line for line in lines), refused.output
    stored = narrow.invoke(app, ["submit", "reports", str(DEMO / "reports.csv"), "--db", db])
    assert stored.exit_code == 0, stored.output
    shown = narrow.invoke(app, ["status", "--db", db])
    assert shown.exit_code == 0
    assert max(len(line.rstrip()) for line in shown.output.splitlines()) <= 80, shown.output
    assert any("reports.csv" in line and "reports" in line for line in shown.output.splitlines()), shown.output


def test_a_quarantined_row_is_named_by_the_line_or_spreadsheet_row_a_clerk_sees(tmp_path):
    # "row 2" counts from the header down: under a 2-line title it is the file's line 5 (a
    # sheriff's probe found Excel's row 2 holding another person); "booking_date" is no header
    # the clerk wrote.
    import csv

    import openpyxl

    db = str(tmp_path / "s.duckdb")
    lines = [["TRAVIS COUNTY RELEASES"], [],
             ["Booking No", "Name", "Date Booked", "Release Date", "Facility", "County", "State"],
             ["B1", "DOE, JOHN", "2/1/2017", "2/3/2017", "Jail", "Travis", "TX"],
             ["B2", "ROE, JANE", "2/31/2017", "2/3/2017", "Jail", "Travis", "TX"]]
    with open(tmp_path / "log.csv", "w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(lines)
    book = openpyxl.Workbook()
    for line in lines:
        book.active.append(line)
    book.save(tmp_path / "log.xlsx")
    for name, where in (("log.csv", "line 5"), ("log.xlsx", "spreadsheet row 5")):
        shown = runner.invoke(app, ["submit", "releases", str(tmp_path / name), "--db", db])
        assert f"{name}: row 2 ({where}), column booking_date ('Date Booked'): not a valid date" in shown.output, \
            shown.output
