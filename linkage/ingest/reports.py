"""Declined Detainer Outcome Report entries -> `report_entries` rows (contract §1).

    >>> staged = stage_reports(ctx)
    >>> con.sql(f"select entry_id, jurisdiction, offence_categories from {staged.good}")

`entry_id`, when the file has none, is 'E' + the first 16 hex digits of the sha256 of the
row's normalised content (report week, state, county, city, facility, citizenship, notable
activity, issued and declined dates). Identical rows within one file are distinct listings
(two people can share every published field), so the n-th copy (n > 1) also hashes '#n':
the same file always yields the same IDs, and a corrected re-submission replaces them.
A report without state/county columns takes them from --jurisdiction.
"""

from __future__ import annotations

import pyarrow as pa

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
    read_day_first,
    reasons_list,
    split_good_bad,
    text_table,
)

COLUMNS = [
    "entry_id", "report_week", "state", "county", "city", "facility", "citizenship",
    "notable_criminal_activity", "detainer_issued_date", "detainer_declined_date",
]

LIST = pa.list_(pa.string())
SWAPPED_DATES_DAYS = 7
"""Days between a row's "issued" date and its report week within which a decline dated before
that "issued" date reads as the two dates swapped: a decline is recorded in or just before the
week whose report lists it."""


_DAY = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
WEEK_RANGE = rf"^\s*({_DAY})\s*(?:-|–|—|TO|THRU|THROUGH)\s*({_DAY})\s*$|^\s*(\d{{4}}-\d{{2}}-\d{{2}})\s+(?:-|–|—|TO)\s+(\d{{4}}-\d{{2}}-\d{{2}})\s*$"
"""A report week written as the range of its days, as ICE's 2017 PDFs print it: '1/28/2017 - 2/3/2017'."""
_MONTH_DAY = r"([A-Z]{3,9})\.? (\d{1,2})"
NAMED_WEEK_RANGE = (rf"^{_MONTH_DAY}(?:,? (\d{{4}}))? ?(?:-|–|—|TO|THRU|THROUGH) ?{_MONTH_DAY},? (\d{{4}})$")
"""The same range with month names, its first year left to the second day: 'Jan 28 - Feb 3, 2017',
'January 28, 2017 through February 3, 2017' (a probe's such weeks had every row quarantined)."""
_WEEK_OF = r"^\s*WEEK (?:OF|BEGINNING|STARTING|ENDING) "
"""Words before a report week's day ('Week of 1/28/2017'): any day of the week dates the report."""


def _weeks_written_as_ranges(ctx: Context, text: str) -> None:
    """Read a report week written as a range of days (`WEEK_RANGE`, `NAMED_WEEK_RANGE`) as its
    first day, where both days fall in one of ICE's Saturday-to-Friday weeks (any day of the
    week dates the report, contract §1), and say so; drop the words before a week's day
    (`_WEEK_OF`). A range across two weeks ('1/22/2017 - 1/28/2017', Sunday to Saturday) names
    no one week: left as written, it is quarantined as no date."""
    from linkage.normalize.dates import date_sql, report_week_start_sql

    con = ctx.con
    con.execute(f"update {text} set report_week = regexp_replace(upper(report_week), '{_WEEK_OF}', '')"
                f" where regexp_matches(upper(report_week), '{_WEEK_OF}')")
    week = f"upper({text}.report_week)"
    first = f"coalesce(nullif(regexp_extract({week}, '{WEEK_RANGE}', 1), ''), regexp_extract({week}, '{WEEK_RANGE}', 3))"
    last = f"coalesce(nullif(regexp_extract({week}, '{WEEK_RANGE}', 2), ''), regexp_extract({week}, '{WEEK_RANGE}', 4))"
    named = f"upper(trim(regexp_replace({text}.report_week, '\\s+', ' ', 'g')))"

    def part(group: int) -> str:
        return f"regexp_extract({named}, '{NAMED_WEEK_RANGE}', {group})"

    named_last = f"{part(4)} || ' ' || {part(5)} || ', ' || {part(6)}"
    # Without a year of its own the first day is in the second's year, or the year before where
    # the range crosses New Year ('Dec 30 - Jan 5, 2018').
    same_year = f"{part(1)} || ' ' || {part(2)} || ', ' || {part(6)}"
    named_first = (f"case when {part(3)} <> '' then {part(1)} || ' ' || {part(2)} || ', ' || {part(3)}"
                   f" when {date_sql(same_year, 'event')} > {date_sql(named_last, 'event')}"
                   f" then {part(1)} || ' ' || {part(2)} || ', ' || ({part(6)}::integer - 1) else {same_year} end")
    counts: dict[int, int] = {}
    for pattern, source, start, end in ((WEEK_RANGE, week, first, last),
                                        (NAMED_WEEK_RANGE, named, named_first, named_last)):
        first_day, last_day = date_sql(start, "event"), date_sql(end, "event")
        for number, _ in con.execute(f"""
                update {text} set report_week = {start}
                where regexp_matches({source}, '{pattern}') and {first_day} <= {last_day}
                  and {report_week_start_sql(first_day)} = {report_week_start_sql(last_day)}
                returning _file, 1""").fetchall():
            counts[number] = counts.get(number, 0) + 1
    for number, rows in sorted(counts.items()):
        ctx.note([number], f"{rows} report week{'s' if rows > 1 else ''} written as the range of {'their' if rows > 1 else 'its'}"
                           " days, read by the week they span")


def _folded(expr: str) -> str:
    """Upper case, inner whitespace collapsed: the form hashed into a derived entry_id. No-break
    and other Unicode spaces count as spaces (RE2's \\s is ASCII's): a report pasted from ICE's
    PDF with them got other IDs than the same report without, and every listing counted twice."""
    # Zero-width characters go first (they are no space: staging trims them as blanks).
    visible = f"regexp_replace({expr}, '[\\x{{200B}}-\\x{{200D}}\\x{{2060}}\\x{{FEFF}}]', '', 'g')"
    spaced = f"regexp_replace({visible}, '[\\s\\x{{00A0}}\\x{{2000}}-\\x{{200A}}\\x{{202F}}\\x{{205F}}\\x{{3000}}]+', ' ', 'g')"
    return f"coalesce(upper(trim({spaced})), '')"


def stage_reports(ctx: Context) -> Staged:
    """Stage report entries: canonical rows in `<prefix>_good`, the rest in `_bad`."""
    from linkage.normalize.charges import parse_notable_activity
    from linkage.normalize.countries import canonical_country
    from linkage.normalize.places import county_key, facility_key, state_code

    con, p = ctx.con, ctx.prefix
    text = text_table(ctx, COLUMNS)

    def activity(value: str) -> tuple:
        charged, convicted = parse_notable_activity(value)
        return (sorted(set(charged)), sorted(set(convicted)))

    map_distinct(con, f"{p}_state", f"select state as v from {text}", state_code, {"code": pa.string()})
    map_distinct(con, f"{p}_county", f"select county as v from {text}", county_key, {"key": pa.string()})
    map_distinct(con, f"{p}_fac", f"select facility as v from {text}", facility_key, {"key": pa.string()})
    # ICE's citizenship field never names a US state: 'GEORGIA' is the country there.
    map_distinct(con, f"{p}_cit", f"select citizenship as v from {text}",
                 lambda v: canonical_country(v, us_states=False), {"iso": pa.string()})
    map_distinct(con, f"{p}_nca", f"select notable_criminal_activity as v from {text}", activity,
                 {"charged": LIST, "convicted": LIST})

    if any("report_week" in f.mapping.columns for f in ctx.files):
        _weeks_written_as_ranges(ctx, text)
    read = read_day_first(ctx, text, ["report_week", "detainer_issued_date", "detainer_declined_date"])
    date_map(ctx, f"{p}_dates", f"""
        select {read['report_week']} as v from {text} union select {read['detainer_issued_date']} from {text}
        union select {read['detainer_declined_date']} from {text}""", "event")
    flag_state, flag_county = (lit(x) for x in ctx.jurisdiction) if ctx.jurisdiction else ("null", "null")
    # A decline before its issue, whose "issued" date falls in the report's own week, is the two
    # dates typed in each other's column: read swapped (and said) rather than quarantined, which
    # left a blind world's listings without a verdict. Otherwise the row is quarantined.
    swapped = (f"coalesce(d_declined.v < d_issued.v and abs(date_diff('day', d_issued.v::date, d_week.v::date))"
               f" <= {SWAPPED_DATES_DAYS}, false)")
    # Each row's typed values: a subquery of the checks below, not a table of its own.
    typed = f"""
        select t._file, t._row, t.long_reasons, t.entry_id as entry_text,
               t.report_week as week_text, t.detainer_issued_date as issued_text,
               t.detainer_declined_date as declined_text,
               t.state as state_text, t.county as county_text,
               case when t.state is null then {flag_state} else st.code end as state,
               case when t.county is null then {flag_county} else co.key end as county,
               t.city, t.facility, fa.key as facility_key,
               t.citizenship, ci.iso as citizenship_country,
               t.notable_criminal_activity,
               coalesce(n.charged, []::varchar[]) as charged_categories,
               coalesce(n.convicted, []::varchar[]) as convicted_categories,
               d_week.v as report_week,
               case when {swapped} then d_declined.v else d_issued.v end as detainer_issued_date,
               case when {swapped} then d_issued.v else d_declined.v end as detainer_declined_date,
               {swapped} as dates_swapped
        from {text} t
        left join {p}_state st on st.k = t.state
        left join {p}_county co on co.k = t.county
        left join {p}_fac fa on fa.k = t.facility
        left join {p}_cit ci on ci.k = t.citizenship
        left join {p}_nca n on n.k = t.notable_criminal_activity
        left join {p}_dates d_week on d_week.k = t.{read['report_week']}
        left join {p}_dates d_issued on d_issued.k = t.{read['detainer_issued_date']}
        left join {p}_dates d_declined on d_declined.k = t.{read['detainer_declined_date']}
    """
    content = " || '|' || ".join([
        "coalesce(report_week::varchar, '')", "coalesce(state, '')", "coalesce(county, '')",
        _folded("city"), _folded("facility"), _folded("citizenship"),
        _folded("notable_criminal_activity"),
        "coalesce(detainer_issued_date::varchar, '')", "coalesce(detainer_declined_date::varchar, '')",
    ])
    checks = [
        missing("report_week", "week_text"),
        "case when state is null and state_text is null then 'column state: missing' end",
        "case when county is null and county_text is null then 'column county: missing' end",
        *place_checks(ctx, "state_text", "state", "county_text", "county"),
        missing("facility"),
        # Not the citizenship: ICE writes UNKNOWN for some, and the listing is a decline all the
        # same (quarantined, it had no verdict at all). Its entry is matched without a country.
        missing("detainer_issued_date", "issued_text"),
        missing("detainer_declined_date", "declined_text"),
        *date_checks(ctx, "report_week", "week_text", "report_week", floor_year=ctx.config.ingest.min_report_year),
        *date_checks(ctx, "detainer_issued_date", "issued_text", "detainer_issued_date", floor_year=ctx.config.ingest.min_event_year),
        *date_checks(ctx, "detainer_declined_date", "declined_text", "detainer_declined_date", floor_year=ctx.config.ingest.min_report_year),
        "case when detainer_declined_date < detainer_issued_date then "
        "'column detainer_declined_date: before detainer_issued_date ' || detainer_issued_date end",
    ]
    rows = f"""
        select *, coalesce(entry_text, 'E' || left(sha256(_content || case when _n > 1 then '|#' || _n
                  else '' end), 16)) as entry_id,
               state || '/' || county as jurisdiction,
               {reasons_list(checks)} || long_reasons as reasons
        from (select *, {content} as _content,
                     row_number() over (partition by _file, {content} order by _row) as _n
              from ({typed}))"""
    con.execute(f"create or replace temp table {p}_checked as {blank_bad_cells(rows, {})}")
    con.execute(f"drop table {text}")
    # Stored rows read otherwise than written, said per file (one pass over the rows for both).
    read_otherwise = {
        "dates_swapped": "a declined date before the issued date, the issued one in the report's week"
                         " (first: row {first}): read with the two swapped",
        "citizenship is null": "no citizenship ('UNKNOWN' or empty; first: row {first}): stored, their entries"
                               " matched without a country",
    }
    counts = ", ".join(f"count(*) filter (where {c}), min(_row) filter (where {c})" for c in read_otherwise)
    for number, *found in con.execute(f"select _file, {counts} from {p}_checked where len(reasons) = 0"
                                      " group by 1 order by 1").fetchall():
        for text, count, first in zip(read_otherwise.values(), found[::2], found[1::2], strict=True):
            if count:
                ctx.note([number], f"{count} {'rows give' if count > 1 else 'row gives'} {text.format(first=first)}")
    select = """
        entry_id, _row as row_number, report_week, state, county, jurisdiction, city, facility,
        facility_key, citizenship, citizenship_country, notable_criminal_activity,
        charged_categories, convicted_categories,
        list_sort(list_distinct(charged_categories || convicted_categories)) as offence_categories,
        detainer_issued_date, detainer_declined_date
    """
    good, bad, blanked = split_good_bad(ctx, f"{p}_checked", "entry_id", select)
    return Staged(good, bad, "entry_id", ("min(report_week)", "max(report_week)"), blanked=blanked)
