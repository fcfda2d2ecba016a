"""A folder staged in batches leaves the store exactly as its files submitted one by one."""

import shutil

import pytest
from conftest import DEMO

from linkage.ingest import submission, submit
from linkage.store import Store

HEADER = ("Booking No,Last Name,First Name,DOB,Sex,Booking Date,Release Date,Release Reason,"
          "Facility,County,State\n")


def row(booking: str, reason: str = "BOND", dob: str = "1985-04-12") -> str:
    return f"{booking},GARCIA,JUAN,{dob},M,2017-02-01,2017-02-03 10:15,{reason},Travis County Jail,Travis,TX\n"


def _folder(tmp_path):
    """Logs that replace each other's rows, within the folder and across it."""
    folder = tmp_path / "logs"
    folder.mkdir()
    files = {
        "a.csv": HEADER + row("B1") + row("B2"),
        "b.csv": HEADER + row("B2", "TIME SERVED") + row("B3"),      # replaces a's B2
        "c.csv": HEADER + row("B2", "TIME SERVED") + row("B3"),      # the same bytes as b
        "d.csv": "nothing,useful\n1,2\n",                             # refused
        "e.csv": HEADER + row("B1", "RELEASED TO ICE") + row("B3"),   # a is superseded
        "f.csv": HEADER + row("B4", dob="2030-01-01") + row("B4") + row("B5") + "B6,short\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    shutil.copy(DEMO / "releases" / "or-marion.csv", folder / "g.csv")   # Windows-1252
    shutil.copy(DEMO / "releases" / "ga-gwinnett.xlsx", folder / "h.xlsx")
    # The bytes of a CSV under a workbook's name are refused; the same bytes under j.csv are
    # read (after i.xlsx, not before k.csv) and k.csv then replaces j's B7.
    (folder / "i.xlsx").write_text(HEADER + row("B7") + row("B8"))
    shutil.copy(folder / "i.xlsx", folder / "j.csv")
    (folder / "k.csv").write_text(HEADER + row("B7", "TIME SERVED"))
    return folder


def _state(store: Store, results) -> dict:
    con = store.con
    tables = {
        "submissions": "select * exclude (submitted_at) from submissions order by submission_id",
        "bookings": "select * from bookings order by booking_uid",
        "history": "select * exclude (replaced_at) from bookings_history order by booking_uid, replaced_by",
        "quarantine": "select * from quarantine order by submission_id, row_number",
        "order": "select booking_uid from bookings",  # insertion order, as later stages scan it
    }
    state = {name: con.execute(sql).fetchall() for name, sql in tables.items()}
    state["results"] = [r.__dict__ for r in results]
    return state


def _run(root, how: str, threads: int = 1) -> dict:
    """Submit the folder's files one by one ("files"), as the folder, or as one list of files;
    a batch's files are read on as many threads as DuckDB's setting (`ingest.batchread`)."""
    root.mkdir()
    folder = _folder(root)
    with Store.open(root / "store.duckdb") as store:
        store.con.execute(f"set threads = {threads}")
        # Files stored first, so the folder also replaces rows stored before it.
        results = submit(store, "releases", DEMO / "releases" / "tx-travis.csv")
        results += submit(store, "releases", folder / "a.csv")
        if how == "files":
            for path in sorted(folder.iterdir()):
                results += submit(store, "releases", path)
        else:
            results += submit(store, "releases", folder if how == "folder" else sorted(folder.iterdir()))
        return _state(store, results)


@pytest.mark.parametrize("how", ["folder", "list"])
@pytest.mark.parametrize("batch_bytes, threads", [(1, 1), (600, 1), (submission.BATCH_BYTES, 1),
                                                  (submission.BATCH_BYTES, 4)])
def test_folder_equals_files_one_by_one(tmp_path, monkeypatch, batch_bytes, threads, how):
    one_by_one = _run(tmp_path / "files", "files")
    monkeypatch.setattr(submission, "BATCH_BYTES", batch_bytes)
    folder = _run(tmp_path / "folder", how, threads)
    for name in one_by_one:
        assert folder[name] == one_by_one[name], name
    statuses = [r["status"] for r in folder["results"]]
    assert statuses.count("duplicate") == 2 and statuses.count("refused") == 2  # a again, c; d, i
    assert any(sub[-1] is not None for sub in folder["submissions"])  # a was superseded
    assert folder["quarantine"] and folder["history"]


def test_batches_cut_in_name_order_by_size(tmp_path):
    sizes = {"a.csv": 40, "b.csv": 40, "c.csv": 100, "d.csv": 10}
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
    paths = sorted(tmp_path.iterdir())
    assert [[p.name for p in batch] for batch in submission._batches(paths, 90)] == [
        ["a.csv", "b.csv"], ["c.csv"], ["d.csv"]
    ]


def test_a_read_failing_in_a_thread_is_raised_and_leaves_no_tables(tmp_path, monkeypatch):
    # Not a refusal (those are results): a reader's own error, raised in one of the batch's
    # reading threads, reaches the caller; nothing of the batch stays behind.
    folder = _folder(tmp_path)
    read_table = submission.read_table

    def failing_on_e(con, path, table, **kwargs):
        if path.name == "e.csv":
            raise RuntimeError("a reader's own error")
        return read_table(con, path, table, **kwargs)

    monkeypatch.setattr(submission, "read_table", failing_on_e)
    with Store.open(tmp_path / "store.duckdb") as store:
        store.con.execute("set threads = 4")
        with pytest.raises(RuntimeError, match="a reader's own error"):
            submit(store, "releases", folder)
        assert store.count("submissions") == 0
        left = store.con.execute("""
            select table_name from duckdb_tables() where temporary and table_name like 'ing_%'
            union all select view_name from duckdb_views() where temporary and view_name like 'ing_%'
            union all select database_name from duckdb_databases() where database_name like 'ing_%'
        """).fetchall()
        assert left == []
        monkeypatch.undo()
        assert [r.status for r in submit(store, "releases", folder)].count("stored") == 8
