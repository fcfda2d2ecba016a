"""IDs as spreadsheets and dataframes write them: a number Excel shortened is no ID, a
decimal a dataframe wrote is the whole number.

    >>> checks = identifier_checks("booking_id")     # reason SQL for the staging checks
    >>> whole_number_ids(ctx, text, "booking_id")    # on a batch's text table
"""

from __future__ import annotations

from linkage.ingest.staging import Context, missing, quoted


def identifier_checks(column: str) -> list[str]:
    """Reason SQL for a required ID `column`: empty, or a number a spreadsheet shortened.

    A CSV opened and saved again in Excel writes a long booking number as '2.017E+11': its
    digits are gone, every booking of the file shares one ID, and a later week's file would
    replace another person's booking under it. No ID is better than that one."""
    # Excel's own form only (one digit, '.digits', 'E+', two digits): IDs such as '4E16111829'
    # or '99439515E2' are IDs.
    shortened = (f"case when regexp_full_match({column}, '[0-9]([.][0-9]+)?[Ee][+][0-9]{{2}}') then "
                 f"'column {column}: ' || {quoted(column)} || ' is a number a spreadsheet shortened "
                 f"(its digits are lost; send the IDs as text)' end")
    return [missing(column), shortened]


def whole_number_ids(ctx: Context, text: str, column: str) -> None:
    """Where every `column` ID of a file is a number written as a decimal ('14062252.0': pandas
    and R export an ID column with a gap as floats) or with thousands separators ('16,062,378':
    a spreadsheet's number format), the digits alone: kept so, the same booking exported
    plainly next week was another booking."""
    forms = (("[0-9]+[.]0+", "[.]0+$", "written as a decimal (14062252.0)"),
             ("[0-9]{1,3}(,[0-9]{3})*", ",", "written with thousands separators (16,062,378)"))
    for form, drop, said in forms:
        files = [n for (n,) in ctx.con.execute(
            f"select _file from {text} group by _file having bool_and(regexp_full_match({column}, '{form}'))"
            f" and count({column}) filter (where {column} <> regexp_replace({column}, '{drop}', '', 'g')) > 0"
        ).fetchall()]
        if files:
            ctx.con.execute(f"update {text} set {column} = regexp_replace({column}, '{drop}', '', 'g')"
                            f" where _file in ({', '.join(map(str, files))})")
            ctx.note(files, f"every {column} {said}: read as the whole number")
