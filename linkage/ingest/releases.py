"""Jail release logs -> `bookings` rows (contract §2), one SQL pass plus distinct-value maps.

    >>> staged = stage_releases(ctx)          # ctx: staging.Context over a raw table
    >>> con.sql(f"select booking_uid, last_name, release_class from {staged.good}")

Fallbacks: a log without state/county columns takes them from --jurisdiction (so does a
row whose cell is blank); a log without a facility column, submitted with --jurisdiction,
keeps facility empty. Explicit last/first/middle columns win over a split full name, field
by field. `ice_hold` is NULL when the log has no hold column or a row gives a hold date under
an empty agency, else whether the hold agency names ICE / immigration. Charges are split on
';' and each piece categorised once.
"""

from __future__ import annotations

import pyarrow as pa

from linkage.coverage import LAST_DAY_SPOKEN
from linkage.ingest.fullnames import split_full_names
from linkage.ingest.header_words import header_words
from linkage.ingest.headers import TIMES_OF_DAY
from linkage.ingest.identifiers import identifier_checks, whole_number_ids
from linkage.ingest.outdated import set_aside_outdated_open_rows
from linkage.ingest.staging import (
    Context,
    Staged,
    blank_bad_cells,
    date_checks,
    date_map,
    lit,
    map_distinct,
    missing,
    place_checks,
    quoted,
    read_day_first,
    reasons_list,
    split_good_bad,
    text_table,
)
from linkage.ingest.times import add_time_of_day, local_times

COLUMNS = [
    "booking_id", "last_name", "first_name", "middle_name", "full_name", "dob", "age", "sex",
    "booking_date", "booking_time", "release_datetime", "release_time", "release_reason", "charges", "place_of_birth",
    "hold_agency", "hold_date", "facility", "county", "state",
]

LIST = pa.list_(pa.string())


def booking_jurisdiction(booking_uid: str | None) -> str | None:
    """The jurisdiction of the log a booking is of, from its ID (`stage_releases` makes it
    'ST/COUNTY#booking number'): `booking_jurisdiction("TX/TRAVIS#B1") == "TX/TRAVIS"`."""
    return booking_uid.split("#", 1)[0] if booking_uid else None


def stage_releases(ctx: Context) -> Staged:
    """Stage a release log: canonical booking rows in `<prefix>_good`, the rest in `_bad`."""
    from linkage.normalize.charges import CHARGE_SEPARATORS, charge_categories
    from linkage.normalize.countries import canonical_country
    from linkage.normalize.names import clean_name, surname_tokens
    from linkage.normalize.places import county_key, facility_key, state_code
    from linkage.normalize.release import names_ice, release_class
    from linkage.normalize.sex import sex_code

    con, p = ctx.con, ctx.prefix
    text = text_table(ctx, COLUMNS)
    whole_number_ids(ctx, text, "booking_id")

    name_key = split_full_names(ctx, text, f"{p}_split")
    map_distinct(con, f"{p}_clean", f"""
        select last_name as v from {text} union select first_name from {text}
        union select middle_name from {text}""", clean_name, {"name": pa.string()})
    map_distinct(con, f"{p}_state", f"select state as v from {text}", state_code, {"code": pa.string()})
    map_distinct(con, f"{p}_county", f"select county as v from {text}", county_key, {"key": pa.string()})
    map_distinct(con, f"{p}_fac", f"select facility as v from {text}", facility_key, {"key": pa.string()})
    map_distinct(con, f"{p}_sex", f"select sex as v from {text}", sex_code, {"code": pa.string()})
    map_distinct(con, f"{p}_reason", f"select release_reason as v from {text}", release_class,
                 {"cls": pa.string()})
    map_distinct(con, f"{p}_pob", f"select place_of_birth as v from {text}", canonical_country,
                 {"iso": pa.string()})
    iso2_files = _iso2_birthplace_files(ctx, text)
    # Each distinct charges text split once into its pieces, which carry the text's number, not
    # the text: a 480 kB cell of 20,000 charges had carried itself on every piece, 10 GB, and the
    # submission died out of memory. The separators are those `charge_categories` splits on: a
    # cell of one charge a line (world E's St. Tammany) had hidden its unread wordings behind
    # the first.
    con.execute(f"""
        create or replace temp table {p}_texts as
        select k, row_number() over () as n from (select distinct charges as k from {text} where charges is not null);
        create or replace temp table {p}_pieces as
        select n, trim(unnest(regexp_split_to_array(k, '{CHARGE_SEPARATORS}'))) as piece from {p}_texts
    """)
    map_distinct(con, f"{p}_charge", f"select piece as v from {p}_pieces",
                 lambda v: sorted(set(charge_categories(v) or [])), {"cats": LIST})
    # Charge categories of each distinct charges text: the union over its pieces.
    con.execute(f"""
        create or replace temp table {p}_cats as
        select t.k, list_sort(list_distinct(flatten(list(c.cats)))) as cats
        from {p}_pieces x join {p}_charge c on c.k = x.piece join {p}_texts t using (n)
        group by t.k
    """)
    # A jail's wording no category names is read as no offence recorded: say which, so that
    # configs/charges.toml can name it (a log's commonest charges had been lost without a word).
    for number, unread, shown in con.execute(f"""
            select d._file, count(distinct x.piece), list(distinct x.piece order by x.piece)[:3]
            from (select distinct _file, charges from {text} where charges is not null) d
            join {p}_texts t on t.k = d.charges join {p}_pieces x using (n)
            join {p}_charge c on c.k = x.piece where len(c.cats) = 0 and x.piece <> ''
            group by 1 order by 1""").fetchall():
        ctx.note([number], f"{unread} charge wording{'s' if unread > 1 else ''} in no offence category"
                           f" (e.g. {', '.join(map(repr, shown))}): such a charge says no offence to hop 1;"
                           " configs/charges.toml can name them")
    # Tokens of every cleaned or split surname (a superset of the last names kept below).
    map_distinct(con, f"{p}_tokens", f"select name as v from {p}_clean union select last from {p}_split",
                 surname_tokens, {"tokens": LIST})
    # A reason with an empty date ('RELEASED TO ICE', '') is stored as still in custody, as the
    # date says; said, since the date may sit in a column no header named.
    for number, rows in con.execute(f"""select _file, count(*) from {text} where release_datetime is null
                                        and release_reason is not null group by 1 order by 1""").fetchall():
        ctx.note([number], f"{rows} {'rows give' if rows > 1 else 'row gives'} a release reason but no"
                           " release date: stored as still in custody")
    # Rosters print the status where the release date would be: the person is still held.
    con.execute(f"update {text} set release_datetime = null where regexp_full_match("
                f"upper(release_datetime), '{_STILL_HELD}')")
    add_time_of_day(ctx, text, TIMES_OF_DAY["releases"])
    local_times(ctx, text, ["booking_date", "release_datetime", "hold_date"], f"{p}_state", ctx.jurisdiction,
                as_written=_NO_RELEASE_TEXT)
    read = read_day_first(ctx, text, ["dob", "booking_date", "release_datetime", "hold_date"])
    date_map(ctx, f"{p}_d_dob", f"select {read['dob']} as v from {text}", "birth")
    # One parse of the event columns together (a hold date is the date of its datetime).
    date_map(ctx, f"{p}_d_event", f"""
        select {read['booking_date']} as v from {text} union select {read['release_datetime']} from {text}
        union select {read['hold_date']} from {text}""", "event", with_time=True)
    _no_release_dates(ctx, text, read["release_datetime"])
    flag_state, flag_county = (lit(x) for x in ctx.jurisdiction) if ctx.jurisdiction else ("null", "null")
    state = f"case when t.state is null then {flag_state} else st.code end"
    county = f"case when t.county is null then {flag_county} else co.key end"
    flag_files = _ice_flags(ctx, text)
    map_distinct(con, f"{p}_hold", f"select hold_agency as v from {text}", names_ice, {"ice": pa.bool_()})
    # A hold date (readable or not) under an empty agency is a hold the log did not attribute:
    # unknown, not "no ICE hold" (read as "no", it weighed -5 bits against a listed person's
    # own booking). An ICE flag column's N or blank still says no ICE hold.
    flagged = f"t._file in ({', '.join(map(str, flag_files))})" if flag_files else "false"
    ice_hold = (f"case when {ctx.has('hold_agency')} then coalesce(ho.ice, case when t.hold_date is null"
                f" or {flagged} then false end) end")
    # Each row's typed values: a subquery of the checks below, not a table of its own.
    typed = f"""
        select t._file, t._row, t.long_reasons,
               t.booking_id, t.full_name as full_name_text, t.last_name as last_text,
               t.first_name as first_text, t.middle_name as middle_text,
               t.dob as dob_text, t.age as age_text, t.booking_date as booking_text,
               t.release_datetime as release_text, t.hold_date as hold_text,
               t.state as state_text, t.county as county_text,
               {state} as state, {county} as county,
               t.facility, fa.key as facility_key,
               coalesce(cl.name, sp.last) as last_name,
               coalesce(cf.name, sp.first) as first_name,
               coalesce(cm.name, sp.middle) as middle_name,
               coalesce(t.full_name, concat_ws(', ', t.last_name,
                   nullif(concat_ws(' ', t.first_name, t.middle_name), ''))) as full_name,
               d_dob.v as dob,
               floor(try_cast(regexp_extract(t.age, '^(-?[0-9]{{1,3}}([.][0-9]+)?) *(Y|YR|YRS|YEARS?)?[.]?$', 1, 'i')
                     as double))::integer as age,
               sx.code as sex,
               d_book.v as booking_date,
               d_rel.v as release_datetime,
               t.release_reason, rr.cls as release_class,
               t.charges, ca.cats as charge_categories,
               t.place_of_birth, {"coalesce(p2.iso, pob.iso)" if iso2_files else "pob.iso"} as birth_country,
               t.hold_agency, {ice_hold} as ice_hold,
               d_hold.v::date as hold_date
        from {text} t
        left join {p}_split sp on sp.k = {name_key("t.")}
        left join {p}_clean cl on cl.k = t.last_name
        left join {p}_clean cf on cf.k = t.first_name
        left join {p}_clean cm on cm.k = t.middle_name
        left join {p}_state st on st.k = t.state
        left join {p}_county co on co.k = t.county
        left join {p}_fac fa on fa.k = t.facility
        left join {p}_sex sx on sx.k = t.sex
        left join {p}_reason rr on rr.k = t.release_reason
        left join {p}_hold ho on ho.k = t.hold_agency
        left join {p}_pob pob on pob.k = t.place_of_birth
        {f"left join {p}_pob2 p2 on p2.k = t.place_of_birth and t._file in ({', '.join(map(str, iso2_files))})"
         if iso2_files else ""}
        left join {p}_d_dob d_dob on d_dob.k = t.{read['dob']}
        left join {p}_d_event d_book on d_book.k = t.{read['booking_date']}
        left join {p}_d_event d_rel on d_rel.k = t.{read['release_datetime']}
        left join {p}_d_event d_hold on d_hold.k = t.{read['hold_date']}
        left join {p}_cats ca on ca.k = t.charges
    """

    checks = [
        *identifier_checks("booking_id"),
        "case when last_text is null and full_name_text is null then 'column ' || "
        f"case when ({ctx.has('full_name')}) and not ({ctx.has('last_name')}) then 'full_name' "
        "else 'last_name' end || ': missing' end",
        "case when (last_text is not null or full_name_text is not null) and last_name is null then "
        "'column last_name: no surname in ' || " + quoted("coalesce(last_text, full_name_text)") + " end",
        "case when state is null and state_text is null then 'column state: missing' end",
        "case when county is null and county_text is null then 'column county: missing' end",
        *place_checks(ctx, "state_text", "state", "county_text", "county"),
        missing("booking_date", "booking_text"),
        *date_checks(ctx, "booking_date", "booking_text", "booking_date", floor_year=ctx.config.ingest.min_event_year),
        *date_checks(ctx, "release_datetime", "release_text", "release_datetime", floor_year=ctx.config.ingest.min_event_year),
        # A bad release date stays a row check: left empty, it would read "still in custody".
        "case when release_datetime::date < booking_date::date then "
        "'column release_datetime: before booking_date ' || booking_date::date end",
    ]
    # Optional cells: a bad one is left empty and its booking stored (`blank_bad_cells`).
    cells = {
        "dob": [*date_checks(ctx, "dob", "dob_text", "dob"),
                "case when dob > booking_date::date then 'column dob: after booking_date ' || booking_date::date end"],
        "age": [f"case when age_text is not null and age is null then 'column age: not a whole number: ' || {quoted('age_text')} end",
                "case when age < 0 or age > 120 then 'column age: ' || age || ' is not a plausible age' end"],
        "hold_date": date_checks(ctx, "hold_date", "hold_text", "hold_date", floor_year=ctx.config.ingest.min_event_year),
    }
    # Without --jurisdiction facility is required; with it, only of logs that have the column.
    checks.append(missing("facility") if not ctx.jurisdiction else
                  f"case when {ctx.has('facility')} and facility is null then 'column facility: missing' end")
    rows = f"""
        select t.*, state || '/' || county as jurisdiction,
               state || '/' || county || '#' || booking_id as booking_uid,
               tk.tokens as surname_tokens,
               {reasons_list(checks)} || long_reasons as reasons
        from ({typed}) t
        left join {p}_tokens tk on tk.k = t.last_name"""
    con.execute(f"create or replace temp table {p}_checked as {blank_bad_cells(rows, cells)}")
    con.execute(f"drop table {text}")
    folded = fold_charge_rows(ctx, f"{p}_checked")
    select = """
        booking_uid, booking_id, _row as row_number, state, county, jurisdiction, facility,
        facility_key, full_name, last_name, first_name, middle_name, surname_tokens,
        dob, coalesce(year(dob), year(booking_date) - age) as birth_year, age, sex,
        booking_date, release_datetime, release_reason, release_class, charges, charge_categories,
        place_of_birth, birth_country, hold_agency, ice_hold, hold_date
    """
    good, bad, blanked = split_good_bad(ctx, f"{p}_checked", "booking_uid", select)
    # A folded row's own blanked cells, under its own row number.
    con.execute(f"insert into {blanked} select _file, _row, cell_reasons from {folded} where len(cell_reasons) > 0")
    _zeros_lost(ctx, good)
    return Staged(good, bad, "booking_uid", ("min(booking_date)::date", LAST_DAY_SPOKEN),
                  blanked=blanked, folded=folded, outdated=set_aside_outdated_open_rows(con, p, good))


def _iso2_birthplace_files(ctx: Context, text: str) -> list[int]:
    """The files whose places of birth are all ISO country codes (`iso2_birthplaces`); their
    two-letter birthplaces are mapped as countries into `<prefix>_pob2` (`CO` Colombia, not
    Colorado), and the file's message says so."""
    from linkage.normalize.countries import canonical_country, iso2_birthplaces

    con, p = ctx.con, ctx.prefix
    files = [number for number, values in con.execute(
        f"select _file, list(distinct place_of_birth) from {text} where place_of_birth is not null"
        " group by 1 order by 1").fetchall() if iso2_birthplaces(values)]
    if files:
        map_distinct(con, f"{p}_pob2", f"select place_of_birth as v from {text} where _file in"
                     f" ({', '.join(map(str, files))})", lambda v: canonical_country(v, us_states=False),
                     {"iso": pa.string()})
        ctx.note(files, "places of birth written as two-letter country codes (MX, US, …): CA, CO, IN and"
                        " the like read as Canada, Colombia, India, not as US states")
    return files


def _zeros_lost(ctx: Context, good: str) -> None:
    """Say which files bring booking numbers that a stored booking of their jurisdiction has
    with leading zeros, or without (0017000 / 17000: a CSV opened and saved again in Excel).
    They are stored as bookings of their own, each person then listed twice: said, not
    merged, as the number may be another booking's."""
    for number, count, pair in ctx.con.execute(f"""
            select g._file, count(distinct g.booking_id), min([g.booking_id, b.booking_id])
            from {good} g join bookings b on b.jurisdiction = g.jurisdiction
                 and ltrim(b.booking_id, '0') = ltrim(g.booking_id, '0') and b.booking_id <> g.booking_id
            where regexp_full_match(g.booking_id, '\\d+')
            group by 1 order by 1""").fetchall():
        lost = "this file" if len(pair[0]) < len(pair[1]) else "the stored one"
        ctx.note([number], f"{count} booking number{'s' if count > 1 else ''} stored before with other leading"
                           f" zeros (e.g. {pair[0]} here, {pair[1]} stored): kept as other bookings; did {lost}"
                           " lose them, saved again in Excel? Send the log with the numbers as first written")


# Rows of one booking that name the same person and stay: the rows of a log printed one per
# charge, or a booking printed while held and again once released (no release time and one).
_SAME_STAY = "last_name, first_name, booking_date"
# The booking's hold among its rows: an ICE hold, else a dated hold of no named agency (it may be
# ICE's), else another agency's, else none; the first such row.
_HOLD_ROW = ("{'not_ice': not coalesce(ice_hold, false), 'not_unknown': ice_hold is not null,"
             " 'no_agency': hold_agency is null, 'row': _row}")
_HOLD = "arg_min({'ice': ice_hold, 'agency': hold_agency, 'date': hold_date}, " + _HOLD_ROW + ")"


def fold_charge_rows(ctx: Context, checked: str) -> str:
    """Fold the valid rows of a file that share a booking ID and agree on the person and the
    stay (names, birth date, booking time, and release time where given: a roster may print a
    booking while held and again once released) into the first of them: their charges
    joined, their categories united, the hold of the first row with an ICE hold (else of the
    first naming an agency: agency, date and flag from that one row), and the first given
    release reason, place of birth, sex, middle name and birth date (a birth date left empty
    as a bad cell agrees with any). Returns the table (_file, _row, into_row, cell_reasons) of
    the rows folded away, which count as stored.

        >>> fold_charge_rows(ctx, "s1_checked")      # B1 x 3 charges -> one booking, 2 folded
        's1_folded'

    Many jails print their roster one row per charge. Read as duplicates, all but the first
    row were quarantined, and with them the other charges and, where only one charge's row
    named it, the ICE hold. Rows of one ID that disagree on the person or the stay are left
    alone: the later ones stay quarantined as duplicates."""
    con, folded = ctx.con, f"{ctx.prefix}_folded"
    con.execute(f"""
        create or replace temp table {ctx.prefix}_fold as
        select _file, booking_uid, min(_row) as into_row,
               -- each charge once, at its first row
               array_to_string(list(charges order by _row) filter (where charges is not null and first_of_charge),
                               '; ') as charges,
               list_sort(list_distinct(flatten(list(charge_categories) filter (where charge_categories is not null))))
                 as charge_categories,
               -- A hold's agency, date and flag from one row, in the order of _HOLD_ROW (a
               -- marshals' date must not date an ICE hold). One struct: arg_min skips a NULL
               -- value, so three picks could come from three rows.
               struct_extract({_HOLD}, 'ice') as ice_hold,
               struct_extract({_HOLD}, 'agency') as hold_agency,
               struct_extract({_HOLD}, 'date') as hold_date,
               arg_min(release_reason, _row) filter (where release_reason is not null) as release_reason,
               arg_min(release_class, _row) filter (where release_reason is not null) as release_class,
               arg_min(place_of_birth, _row) filter (where place_of_birth is not null) as place_of_birth,
               arg_min(birth_country, _row) filter (where place_of_birth is not null) as birth_country,
               arg_min(sex, _row) filter (where sex is not null) as sex,
               arg_min(middle_name, _row) filter (where middle_name is not null) as middle_name,
               max(release_datetime) as release_datetime,
               arg_min(dob, _row) filter (where dob is not null) as dob
        from (select *, row_number() over (partition by _file, booking_uid, charges order by _row) = 1
                          as first_of_charge
              from {checked} c
              -- Only IDs on several valid rows: most logs have none, and the aggregates above
              -- over every row cost ~10% of a national ingest.
              semi join (select _file, booking_uid from {checked} where len(reasons) = 0
                         group by _file, booking_uid having count(*) > 1) using (_file, booking_uid)
              where len(c.reasons) = 0)
        group by _file, booking_uid
        -- A birth date left empty (`blank_bad_cells`) is no disagreement: one bad cell must
        -- not part a booking's charge rows.
        having count(*) > 1 and count(distinct ({_SAME_STAY})) = 1 and count(distinct dob) <= 1
           and count(distinct release_datetime) <= 1
    """)
    merged = ["charges", "charge_categories", "ice_hold", "hold_agency", "hold_date", "release_reason",
              "release_class", "place_of_birth", "birth_country", "sex", "middle_name", "release_datetime", "dob"]
    con.execute(f"""
        create or replace temp table {folded} as
        select c._file, c._row, f.into_row, c.cell_reasons
        from {checked} c join {ctx.prefix}_fold f using (_file, booking_uid)
        where len(c.reasons) = 0 and c._row <> f.into_row
    """)
    con.execute(f"""
        update {checked} c set {", ".join(f"{column} = f.{column}" for column in merged)}
        from {ctx.prefix}_fold f where c._file = f._file and c._row = f.into_row
    """)
    con.execute(f"delete from {checked} c using {folded} f where c._file = f._file and c._row = f._row")
    con.execute(f"drop table {ctx.prefix}_fold")
    return folded


_STILL_HELD = ("(STILL )?(IN CUSTODY|IN JAIL|IN HOUSE|ACTIVE|CURRENT|NOT RELEASED( YET)?|HOUSED|HELD|INCARCERATED"
               "|CUSTODY|BOOKED|OPEN|PENDING|TBD|N/?R|0)")
"""A roster's status where a release date would be (a probe's 'HELD', 'NOT RELEASED YET', 'N/R'
and '0' had quarantined the row, and with it the person's ICE hold)."""

# Jail databases write "not released yet" as a date no release has: the type's ends, SQL
# Server's first day, Excel's day 0 and 1, the Unix epoch (a zero timestamp: a probe's such
# rows had been quarantined as released before their booking, and their holds lost), the end
# of 2099; at midnight or 23:59:59 (a release logged at 10:00 on 12/31/2099 is a typo to show,
# not a blank).
_NO_RELEASE_DAYS = ("0001-01-01", "1753-01-01", "1899-12-30", "1899-12-31", "1900-01-01", "1970-01-01",
                    "2099-12-31")
_NO_RELEASE_TEXT = "^(?:" + "|".join(_NO_RELEASE_DAYS) + r"|9999-\d{2}-\d{2})[ T]"
"""Such a day written as an ISO date-time: kept as written, not moved into the state's time
(review: '1970-01-01T00:00:00Z' became 1969-12-31 18:00 in Texas, a release before the booking)."""


def _no_release_dates(ctx: Context, text: str, read: str) -> None:
    """Blank the release cells of `text` that hold a database's "no date" (12/31/9999,
    1/1/1900, ...): the person is still held, as a blank says; said in the file's message."""
    days = ", ".join(f"DATE '{day}'" for day in _NO_RELEASE_DAYS)
    sentinel = (f"{read} in (select k from {ctx.prefix}_d_event "
                f"where year(v) = 9999 or (v::date in ({days}) and v::time in ('00:00:00', '23:59:59')))")
    files = [f for (f,) in ctx.con.execute(f"select distinct _file from {text} where {sentinel}").fetchall()]
    if files:
        ctx.note(files, "release dates that mean none yet (12/31/9999, 1/1/1900, ...) read as still in custody")
        blanked = "release_datetime = null" + (f", {read} = null" if read != "release_datetime" else "")
        ctx.con.execute(f"update {text} set {blanked} where {sentinel}")


_YES, _NO = ("Y", "YES", "TRUE", "T", "1", "X"), ("N", "NO", "FALSE", "F", "0")


def _ice_flags(ctx: Context, text: str) -> list[int]:
    """A hold column whose header names ICE ('ICE Hold', 'Immigration Detainer') holds a flag,
    not an agency: its Y stands for 'ICE' and its N for no hold (a 'Y' had read as an agency
    other than ICE). A plain 'Hold' column's Y says nothing of whose hold it is, and stays.
    Returns the numbers of the files whose hold column is such a flag."""
    flags = [f.number for f in ctx.files if "hold_agency" in f.mapping.columns
             and header_words(f.mapping.header_of("hold_agency"), "releases") & {"ice", "immigration", "ins"}]
    if flags:
        ctx.con.execute(f"""
            update {text} set hold_agency = case when upper(hold_agency) in ({', '.join(map(lit, _YES))}) then 'ICE'
                                                 when upper(hold_agency) in ({', '.join(map(lit, _NO))}) then null
                                                 else hold_agency end
            where _file in ({', '.join(map(str, flags))})""")
    return flags
