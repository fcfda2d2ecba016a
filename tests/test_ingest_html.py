"""A web jail system's "Export to Excel": an HTML table, often named .xls, read by its content."""

from linkage.ingest import submit

HEAD = ["Booking No", "Name", "Booking Date", "Release Date", "Hold Agency", "Facility", "County", "State"]
ROWS = [["0042", "GARCIA, JOSE", "2/3/2017 14:10", "2/5/2017 9:30", "ICE &amp; DHS", "Travis County Jail", "Travis", "TX"],
        ["0043", "O&#39;NEIL,<br>JOHN", "2/4/2017", "", "", "Travis County Jail", "Travis", "TX"]]


def page(rows: list[list[str]]) -> str:
    cells = "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in row)}</tr>\n" for row in rows)
    # A title table above the data, as exports print the report's name and run date.
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Releases</title></head><body>"
            "<table><tr><td>Inmate Release Report</td></tr><tr><td>Run 2/6/2017</td></tr></table>"
            f"<table><thead><tr>{''.join(f'<th>{h}</th>' for h in HEAD)}</tr></thead><tbody>\n{cells}"
            "</tbody></table></body></html>")


def test_an_html_table_named_xls_is_read_as_text_cells(store, tmp_path):
    # It was refused: "unsupported file type '.xls'".
    export = tmp_path / "releases.xls"
    export.write_text(page(ROWS))
    [result] = submit(store, "releases", export)
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 2, 0), result.message
    assert "table '2', header on row 1" in result.message
    rows = store.con.execute("""select booking_id, last_name, first_name, release_datetime::varchar, hold_agency,
                                       ice_hold from bookings order by 1""").fetchall()
    assert rows == [("0042", "GARCIA", "JOSE", "2017-02-05 09:30:00", "ICE & DHS", True),
                    ("0043", "ONEIL", "JOHN", None, None, False)]


def test_a_bad_row_of_an_html_table_is_quarantined_with_its_number(store, tmp_path):
    export = tmp_path / "releases.html"
    export.write_text(page([ROWS[0], ["0044", "SMITH, ANN", "someday", "", "", "Travis County Jail", "Travis", "TX"]]))
    [result] = submit(store, "releases", export)
    assert (result.rows_stored, result.rows_quarantined) == (1, 1)
    assert result.quarantine_reasons == ['row 2, column booking_date: not a valid date: "someday"']


def test_text_named_xls_is_read_as_csv_and_an_xml_spreadsheet_is_refused_in_words(store, tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "travis.xls").write_text(",".join(HEAD) + "\n0042,\"GARCIA, JOSE\",2/3/2017,,,Travis County Jail,Travis,TX\n")
    (folder / "hays.xls").write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">')
    (folder / "report.html").write_text(page(ROWS))  # an output beside the logs, not a log
    hays, travis = submit(store, "releases", folder)
    assert (travis.status, travis.rows_stored) == ("stored", 1), travis.message
    assert hays.status == "refused"
    assert "an Excel 2003 XML spreadsheet: save it as .xlsx or as CSV" in hays.message


def test_html_exports_as_web_systems_write_them(store, tmp_path):
    # Review of session 32: a GridView's <div> first, a <style> block, UTF-16, a UTF-8 page with
    # no <meta> charset were read as CSV and refused, or stored HERNÃ\x81NDEZ; <br> joined words.
    table = ("<table border=1><tr>" + "".join(f"<th>{h}</th>" for h in HEAD) + "</tr>"
             "<tr><td>0042</td><td>HERNÁNDEZ, JOSÉ</td><td>2/3/2017</td><td></td><td></td>"
             "<td>Travis County Jail</td><td>Travis</td><td>TX</td></tr>"
             "<tr><td colspan=8>Total: 1 inmate</td></tr></table>")
    pages = {
        "gridview.xls": ("<div>\r\n\t" + table + "</div>").encode("utf-8"),
        "styled.xls": ("<style>td {mso-number-format:\\@;}</style>\n" + table).encode("utf-8"),
        "wide.xls": ("<html><body>" + table + "</body></html>").encode("utf-16"),
        "nested.html": ("<html><body><table><tr><td>Menu</td><td>" + table + "</td></tr></table></body></html>"
                        ).encode("cp1252"),
    }
    for name, data in pages.items():
        (tmp_path / name).write_bytes(data)
        [result] = submit(store, "releases", tmp_path / name)
        assert (result.status, result.rows_stored) == ("stored", 1), (name, result.message)
    names = store.con.execute("select distinct full_name, last_name from bookings").fetchall()
    assert names == [("HERNÁNDEZ, JOSÉ", "HERNANDEZ")]
    (tmp_path / "charges.html").write_text(page([[*ROWS[0][:4], "", "Travis County Jail", "Travis", "TX"]])
                                           .replace("<td>Travis County Jail", "<td>DWI<br>THEFT</td><td>Travis County Jail")
                                           .replace("<th>Facility", "<th>Charge</th><th>Facility"))
    [result] = submit(store, "releases", tmp_path / "charges.html")
    assert result.rows_stored == 1, result.message
    charges = store.con.execute("select charge_categories from bookings where charges is not null").fetchall()
    assert charges == [(["dui", "larceny"],)]


def test_a_table_in_a_data_cell_and_an_xml_spreadsheet_with_its_table(store, tmp_path):
    # Second review of session 32: a booking's charges as a table inside its cell had their rows
    # quarantined as another table's; SpreadsheetML's <Table> had it read as a page.
    charges = "<table><tr><th>Charge</th><th>Release Date</th></tr><tr><td>DWI</td><td>2/9/2017</td></tr></table>"
    rows = [[*ROWS[0][:4], charges, *ROWS[0][5:]]]
    (tmp_path / "cells.html").write_text(page(rows))
    [result] = submit(store, "releases", tmp_path / "cells.html")
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (1, 1, 0), result.message
    (tmp_path / "book.xls").write_text(
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        "<Worksheet><Table><Row><Cell><Data>Booking No</Data></Cell></Row></Table></Worksheet></Workbook>")
    [result] = submit(store, "releases", tmp_path / "book.xls")
    assert "an Excel 2003 XML spreadsheet: save it as .xlsx or as CSV" in result.message


def test_a_utf8_page_with_a_windows_1252_byte_keeps_its_utf8_names(store, tmp_path):
    # On rereading session 32: the page had its own encoding guess, which read all of such a
    # page as Windows-1252 (HERNÃ\x81NDEZ); it now takes the CSV reader's (textfile.utf8_source).
    data = page([[*ROWS[0][:1], "HERNÁNDEZ, JOSÉ", *ROWS[0][2:]]]).encode("utf-8").replace(b"ICE &amp; DHS", b"ICE \x96 DHS")
    (tmp_path / "mixed.xls").write_bytes(data)
    [result] = submit(store, "releases", tmp_path / "mixed.xls")
    assert result.rows_stored == 1, result.message
    assert store.con.execute("select full_name, hold_agency from bookings").fetchall() == [
        ("HERNÁNDEZ, JOSÉ", "ICE – DHS")]
