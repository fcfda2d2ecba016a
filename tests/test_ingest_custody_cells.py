"""An ICE custody extract's cells: FOIA's withholding marks, unknown citizenships, A-numbers."""

import datetime as dt

from linkage.ingest import submit
from tests.test_ingest_submit import write


def test_foia_withholding_marks_are_blanks_not_values(store, tmp_path):
    # Read as values, '(b)(6), (b)(7)(C)' gave every redacted ICE book-in the name 'B 6 B 7 C'
    # (a FOIA extract then looked named), and '(b)(6)' in a birth date quarantined the row.
    custody = (
        "Unique Identifier,Book In Date Time,Citizenship Country,Gender,Birth Date,Last Name,First Name,"
        "A Number,Apprehension State,Apprehension Method\n"
        'AE8C627839,2016-12-17 03:40,MEXICO,Male,(b)(6),"(b)(6), (b)(7)(C)",[REDACTED],(b)(6),NY,287(g) Program\n'
        "872AD44579,2016-12-17 08:39,POLAND,Male,1987-07-05,WISNIEWSKI,KAMIL,158493065,SC,287(g) Program\n"
        # A bare b6 in a name is the mark too (a probe's: every book-in had been named B6 B6);
        # elsewhere it is a value, this book-in's ID.
        "B6,2016-12-18 09:10,MEXICO,Male,1990,b6,\"b6, b7c\",b6,TX,CAP Local Incarceration\n"
        # So is a name of X's alone (a probe's: every book-in had been named XXXXX XXXXX).
        "C7,2016-12-18 09:20,MEXICO,Male,1991,XXXXX,xxx,,TX,CAP Local Incarceration\n"
    )
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert (result.status, result.rows_stored, result.rows_quarantined) == ("stored", 4, 0), result.message
    assert store.con.execute(
        "select last_name, first_name, a_number, birth_date from book_ins order by custody_id").fetchall() == [
        ("WISNIEWSKI", "KAMIL", "158493065", dt.date(1987, 7, 5)), (None, None, None, None), (None, None, None, None),
        (None, None, None, None)]
    assert store.con.execute("select custody_id, birth_year from book_ins where custody_id = 'B6'").fetchall() == [
        ("B6", 1990)]


def test_an_ice_book_in_of_unknown_citizenship_is_stored(store, tmp_path):
    # ICE extracts write UNKNOWN (or nothing) for some citizenships. Quarantined, such a book-in
    # could be no release's hand-over: the release read as a decline.
    custody = ("Unique Identifier,Book In Date Time,Citizenship Country,Last Name,First Name\n"
               "K1,2017-02-03 16:10,UNKNOWN,ROMERO,JUAN\nK2,2017-02-03 16:20,,ROMO,ISAAC\n"
               "K3,2017-02-03 16:30,MEXICO,RUIZ,ANA\n")
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert store.con.execute("select custody_id, citizenship_country from book_ins order by 1").fetchall() == [
        ("K1", None), ("K2", None), ("K3", "MEX")]


def test_a_numbers_are_read_as_one_number_or_left_empty(store, tmp_path):
    # Every non-digit was stripped: '1.23456789E+08' became 12345678908 and two A-numbers in a
    # cell one 16-digit number, stored without a word.
    header = "Unique Identifier,Book In Date Time,Citizenship Country,Gender,Last Name,First Name,A Number\n"
    cells = ["A-123-456-789", "A12345678", "1.23456789E+08", "123456789.0",
             "A12345678 / A98765432", "000000000", "1234", "A#123456789", '"123,456,789"', "A: 098765432"]
    body = "".join(f"ID{i},2016-12-17 03:40,MEXICO,Male,ROMO,ISAAC,{cell}\n" for i, cell in enumerate(cells))
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", header + body))
    assert result.rows_stored == len(cells)
    assert [r[0] for r in store.con.execute("select a_number from book_ins order by custody_id").fetchall()] == [
        "123456789", "012345678", "123456789", "123456789", None, None, None,
        "123456789", "123456789", "098765432"]
    # Each left out is said (it had been emptied without a word), but for a stray count.
    assert store.con.execute("select row_number, reasons from blanked_cells order by 1").fetchall() == [
        (5, ['column a_number: not one A-number (7 to 9 digits, not all zeros): "A12345678 / A98765432"']),
        (6, ['column a_number: not one A-number (7 to 9 digits, not all zeros): "000000000"'])]


def test_a_book_in_time_kept_in_a_column_of_its_own_is_joined_to_its_day(store, tmp_path):
    # Left out as a column no alias named, every book-in of such an extract sat at midnight:
    # read as stamped with its day alone, a hand-over hours after a release lost its hour.
    custody = ("Anonymized Identifier,Stay Book In Date,Stay Book In Time,Citizenship Country,Apprehension State\n"
               "K1,12/17/2016,14:10,MEXICO,CA\nK2,12/17/2016,805,MEXICO,CA\nK3,12/17/2016,8,MEXICO,CA\n")
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert result.headers["book_in_time"] == "Stay Book In Time" and "not read as a time of day" in result.message
    assert store.con.execute("select custody_id, book_in_datetime from book_ins order by 1").fetchall() == [
        ("K1", dt.datetime(2016, 12, 17, 14, 10)), ("K2", dt.datetime(2016, 12, 17, 8, 5)),
        ("K3", dt.datetime(2016, 12, 17))]


def test_an_apprehension_state_that_is_none_is_left_empty_with_its_reason(store, tmp_path):
    # A probe's: 'MEXICO', 'XX' and 'US' were emptied without a word, against the rule that a
    # dropped optional cell is kept in blanked_cells with its text.
    custody = ("Unique Identifier,Book In Date Time,Citizenship Country,Last Name,First Name,Apprehension State\n"
               "K1,2017-02-03 16:10,MEXICO,ROMERO,JUAN,Texas\nK2,2017-02-03 16:20,MEXICO,ROMO,ISAAC,XX\n"
               "K3,2017-02-03 16:30,MEXICO,RUIZ,ANA,\n")
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert store.con.execute("select custody_id, apprehension_state from book_ins order by 1").fetchall() == [
        ("K1", "TX"), ("K2", None), ("K3", None)]
    assert store.con.execute("select row_number, reasons from blanked_cells").fetchall() == [
        (2, ['column apprehension_state: not a US state: "XX"'])]


def test_an_extracts_one_name_column_gives_the_surname_and_the_given_name(store, tmp_path):
    # A probe's: an extract with 'Name' (or 'Alien Name') alone stored every book-in without a
    # name, which hop 2 then met by nothing but birth date and place.
    custody = ("Unique Identifier,Book In Date Time,Citizenship Country,Name,Birth Date\n"
               "K1,2017-02-03 16:10,MEXICO,\"ROMERO, JUAN CARLOS\",1/2/1980\n"
               "K2,2017-02-03 16:20,MEXICO,\"O'NEIL-RUIZ, Ana\",1/2/1981\nK3,2017-02-03 16:30,MEXICO,,1/2/1982\n")
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert (result.rows_stored, result.rows_quarantined) == (3, 0), result.message
    assert "not used" not in result.message, result.message
    assert store.con.execute("select custody_id, last_name, first_name from book_ins order by 1").fetchall() == [
        ("K1", "ROMERO", "JUAN"), ("K2", "ONEIL-RUIZ", "ANA"), ("K3", None, None)]


def test_an_extracts_comma_less_names_printed_surname_first_are_read_so(store, tmp_path):
    # Review: the extract's names were split by a copy of the log's code without its reading of
    # a file's name order, so 'ROMERO JUAN' gave the surname JUAN (a log reads it ROMERO).
    people = ["ROMERO JUAN", "GARCIA LOPEZ MARIA", "NGUYEN VAN AN", "SMITH JOHN", "HERNANDEZ JOSE LUIS"]
    custody = "Unique Identifier,Book In Date Time,Citizenship Country,Name\n" + "".join(
        f"K{n},2017-02-03 16:10,MEXICO,{name}\n" for n, name in enumerate(people))
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert result.rows_stored == 5, result.message
    assert "full names without a comma read surname first" in result.message, result.message
    assert store.con.execute("select last_name, first_name from book_ins where custody_id = 'K0'").fetchall() == [
        ("ROMERO", "JUAN")]


def test_a_name_column_beside_a_surname_column_is_said_to_be_read_as_a_full_name(store, tmp_path):
    # Review: a Spanish-style extract's 'Name' (Nombre: the given name) beside 'Last Name' had
    # been "not used", said; read as a full name, it was filled on no row without a word.
    custody = ("Unique Identifier,Book In Date Time,Citizenship Country,Last Name,Name\n"
               "K1,2017-02-03 16:10,MEXICO,ROMERO,JUAN\nK2,2017-02-03 16:20,MEXICO,,\"RUIZ, ANA\"\n")
    [result] = submit(store, "custody", write(tmp_path, "custody.csv", custody))
    assert result.rows_stored == 2, result.message
    assert "header 'Name' read as a full name only on rows with no surname and no given name" in result.message
    assert store.con.execute("select custody_id, last_name, first_name from book_ins order by 1").fetchall() == [
        ("K1", "ROMERO", None), ("K2", "RUIZ", "ANA")]
