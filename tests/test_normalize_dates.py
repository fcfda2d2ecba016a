"""Dates: the SQL expressions, through real DuckDB, on single values and on a table."""

import datetime as dt

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.normalize.dates import (
    _DAY_AND_CLOCK,
    date_sql,
    datetime_sql,
    parse_date,
    parse_dates,
    parse_datetime,
    parsed_distinct_sql,
)

REF = dt.date(2017, 6, 1)
D = dt.date(2017, 2, 3)


@pytest.mark.parametrize(
    "text",
    [
        "2017-02-03", "2017/02/03", "2017-2-3", "2/3/2017", "02/03/2017", "02-03-2017", "2/3/17",
        "20170203", "42769", "42769.59", "03-FEB-2017", "03-Feb-17", "Feb 3, 2017",
        "February 3 2017", "2017-02-03 14:10", "2/3/2017 2:10 PM", "2017-02-03T14:10:00",
        "2017-02-03T14:10:00.000Z", "2017-02-03 14:10:00-06:00", "  2/3/2017   2:10 p.m. ",
        "03-FEB-17 02.10.00.000000 PM", "2017-02-03 00:00:00",
    ],
)
def test_accepted_forms(text):
    assert parse_date(text, "event") == D


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-02-03 14:10", dt.datetime(2017, 2, 3, 14, 10)),
        ("2/3/2017 2:10 PM", dt.datetime(2017, 2, 3, 14, 10)),
        ("2/3/2017 12:05 AM", dt.datetime(2017, 2, 3, 0, 5)),
        ("2/3/2017 12:05 PM", dt.datetime(2017, 2, 3, 12, 5)),
        ("2017-02-03T14:10:05", dt.datetime(2017, 2, 3, 14, 10, 5)),
        ("2017-02-03", dt.datetime(2017, 2, 3)),
        ("42769.5", dt.datetime(2017, 2, 3, 12, 0)),
        ("2/3/2017 1410", dt.datetime(2017, 2, 3, 14, 10)),       # 24-hour clock, no colon
        ("Friday, February 3, 2017", dt.datetime(2017, 2, 3)),    # Excel's long date
        ("FRI, FEB 3, 2017 2:10 PM", dt.datetime(2017, 2, 3, 14, 10)),
        ("Feb  3 2017  2:10PM", dt.datetime(2017, 2, 3, 14, 10)),  # SQL Server's default
        ("201702031410", dt.datetime(2017, 2, 3, 14, 10)),          # a mainframe's digits
        ("20170203141005", dt.datetime(2017, 2, 3, 14, 10, 5)),
        ("20170203 1410", dt.datetime(2017, 2, 3, 14, 10)),
        # What logs put between a day and its time, and after it (an intake probe's files).
        ("02/03/2017-14:10", dt.datetime(2017, 2, 3, 14, 10)),     # read as a zone until session 50
        ("02/03/2017-1410", dt.datetime(2017, 2, 3, 14, 10)),
        ("2/3/2017 14:10 CST", dt.datetime(2017, 2, 3, 14, 10)),   # the jail's own zone: its wall clock
        ("2/3/2017 2:10 PM CDT", dt.datetime(2017, 2, 3, 14, 10)),
        ("2/3/2017 14:10 ET", dt.datetime(2017, 2, 3, 14, 10)),
        ("2017-02-03-14.10.00.000000", dt.datetime(2017, 2, 3, 14, 10)),  # DB2
        ("03FEB2017:14:10:00", dt.datetime(2017, 2, 3, 14, 10)),          # SAS
        ("03FEB2017", dt.datetime(2017, 2, 3)),
        ("FEB-03-2017", dt.datetime(2017, 2, 3)),
        ("2017-Feb-03", dt.datetime(2017, 2, 3)),
        ("Feb 3, 2017 at 2:10 PM", dt.datetime(2017, 2, 3, 14, 10)),
        ("02/03/2017 @ 1410", dt.datetime(2017, 2, 3, 14, 10)),
        ("2/3/2017 1410 hrs", dt.datetime(2017, 2, 3, 14, 10)),
        # An ISO day with an offset and no time (XML's dates) stays a day.
        ("2017-02-03-06:00", dt.datetime(2017, 2, 3)),
        # A probe's, each of which had cost its row: an hour alone, a day's ordinal, a time as
        # a word, an 'h' between hour and minutes.
        ("2/3/2017 2PM", dt.datetime(2017, 2, 3, 14, 0)),
        ("2/3/2017 2 p.m.", dt.datetime(2017, 2, 3, 14, 0)),
        ("2/3/2017 12 AM", dt.datetime(2017, 2, 3, 0, 0)),
        ("Feb 3rd 2017", dt.datetime(2017, 2, 3)),
        ("February 3rd, 2017 2:10 PM", dt.datetime(2017, 2, 3, 14, 10)),
        ("2/3/2017 NOON", dt.datetime(2017, 2, 3, 12, 0)),
        ("2/3/2017 12:05 NOON", dt.datetime(2017, 2, 3, 12, 5)),
        ("2/3/2017 MIDNIGHT", dt.datetime(2017, 2, 3, 0, 0)),
        ("2/3/2017 12 NOON", dt.datetime(2017, 2, 3, 12, 0)),       # (review: these three had
        ("2/3/2017 12 MIDNIGHT", dt.datetime(2017, 2, 3, 0, 0)),    # read as no date)
        ("2/3/2017 12:00 MIDNIGHT", dt.datetime(2017, 2, 3, 0, 0)),
        ("2/3/2017 14h10", dt.datetime(2017, 2, 3, 14, 10)),
        ("2/3/2017 1410H", dt.datetime(2017, 2, 3, 14, 10)),
    ],
)
def test_datetimes(text, expected):
    assert parse_datetime(text, "event") == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "garbage", "2017", "2/30/2017", "13/1/2017", "2/3/2017 25:00",
        "2/3/2017 13:10 PM", "2/3/2017 2510", "9999", "12345678", "99999", "1/2", "2017-02-03 14", "NULL",
        "201702032510", "2017020314", "1234567890123",
        "<script>alert(1)</script>", "42769e3",
        "2/3/2017 14:10 XST", "2/3/2017 @", "AT 2/3/2017", "2/3/2017-25:00",
        "2017-02-03-14:10", "12345 HRS",  # no zone is 14:10 off UTC: no date, not a day at midnight
        "2/3/2017 13 PM", "2/3/2017 25h10", "3RD", "2/3/2017 NOONISH",
    ],
)
def test_unparsable_is_null(text):
    assert parse_date(text, "event") is None
    assert parse_datetime(text, "birth") is None


def test_none_is_none():
    assert parse_date(None, "birth") is None


def test_unknown_role_is_an_error():
    with pytest.raises(ValueError, match="role"):
        date_sql("x", "arrival")


@pytest.mark.parametrize(
    ("text", "event", "birth"),
    [
        ("2/3/17", dt.date(2017, 2, 3), dt.date(2017, 2, 3)),    # not after the reference
        ("7/1/17", dt.date(2017, 7, 1), dt.date(1917, 7, 1)),    # after 2017-06-01: 1917
        ("12/31/99", dt.date(2099, 12, 31), dt.date(1999, 12, 31)),
        ("1/1/00", dt.date(2000, 1, 1), dt.date(2000, 1, 1)),
        ("5/5/85", dt.date(2085, 5, 5), dt.date(1985, 5, 5)),
    ],
)
def test_two_digit_pivot(text, event, birth):
    assert parse_date(text, "event") == event
    assert parse_date(text, "birth", REF) == birth


def test_birth_pivot_defaults_to_today():
    today = dt.date.today()
    yy = today.year % 100
    tomorrow_next_year = f"1/1/{(yy + 1) % 100:02d}"
    assert parse_date(tomorrow_next_year, "birth").year <= today.year


def test_sql_over_a_table_with_a_reference_column():
    con = duckdb.connect()
    con.execute(
        "create table raw as select * from (values ('2/3/17', date '2017-06-01'),"
        " ('7/1/17', date '2017-06-01'), ('7/1/17', date '2018-01-01'), ('nope', date '2017-06-01'),"
        " (null, date '2017-06-01')) t(dob, submitted)"
    )
    rows = con.execute(f"select {date_sql('dob', 'birth', 'submitted')} from raw").fetchall()
    assert [r[0] for r in rows] == [
        dt.date(2017, 2, 3), dt.date(1917, 7, 1), dt.date(2017, 7, 1), None, None,
    ]


def test_sql_accepts_typed_columns():
    con = duckdb.connect()
    row = con.execute(
        f"select {date_sql('d', 'event')}, {datetime_sql('ts', 'event')}, {date_sql('n', 'event')}"
        " from (select date '2017-02-03' d, timestamp '2017-02-03 14:10' ts, 42769.0::double n)"
    ).fetchall()[0]
    assert row == (D, dt.datetime(2017, 2, 3, 14, 10), D)


# --- properties ---------------------------------------------------------------------------

_dates = st.dates(min_value=dt.date(1928, 1, 1), max_value=dt.date(2099, 12, 31))
_times = st.times().map(lambda t: t.replace(microsecond=0))
_FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.month}/{d.day}/{d.year}",
    lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    lambda d: d.strftime("%Y%m%d"),
    lambda d: d.strftime("%d-%b-%Y").upper(),
    lambda d: d.strftime("%b %d, %Y"),
    lambda d: str((d - dt.date(1899, 12, 30)).days),
]


@given(_dates, st.sampled_from(range(len(_FORMATS))), st.sampled_from(["birth", "event"]))
@settings(max_examples=300, deadline=None)
def test_round_trip_four_digit_forms(day, form, role):
    assert parse_date(_FORMATS[form](day), role, dt.date(2100, 1, 1)) == day


@given(_dates, _times, st.booleans())
@settings(max_examples=200, deadline=None)
def test_round_trip_datetimes(day, time, twelve_hour):
    moment = dt.datetime.combine(day, time)
    if twelve_hour:
        text = f"{day.month}/{day.day}/{day.year} {moment.strftime('%I:%M:%S %p')}"
    else:
        text = moment.isoformat(sep=" ")
    assert parse_datetime(text, "event") == moment


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
@settings(deadline=None)
def test_event_two_digit_years_are_never_before_2000(day):
    assert parse_date(f"{day.month}/{day.day}/{day:%y}", "event") == day


@given(
    st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
)
@settings(deadline=None)
def test_birth_two_digit_years_are_never_after_the_reference(day, reference):
    parsed = parse_date(f"{day.month}/{day.day}/{day:%y}", "birth", reference)
    assert parsed is not None
    assert parsed <= reference
    assert (parsed.month, parsed.day, parsed.year % 100) == (day.month, day.day, day.year % 100)
    assert (reference - parsed).days < 36525  # the latest such date: under a century back


@given(st.lists(st.text(max_size=40), min_size=1, max_size=50))
@settings(max_examples=100, deadline=None)
def test_never_raises_on_arbitrary_text(texts):
    for role in ("birth", "event"):
        dates = parse_dates(texts, role)
        moments = parse_dates(texts, role, with_time=True)
        assert len(dates) == len(moments) == len(texts)
        for day, moment in zip(dates, moments, strict=True):
            assert (day is None) == (moment is None)
            assert day is None or day == moment.date()


@given(st.lists(st.one_of(_dates.map(_FORMATS[1]), st.text(max_size=12)), max_size=20))
@settings(max_examples=50, deadline=None)
def test_batch_and_single_value_agree(texts):
    assert parse_dates(texts, "birth", REF) == [parse_date(t, "birth", REF) for t in texts]


# --- the distinct-values map ------------------------------------------------------------

# Days the shortcut takes and days it must not (a zone, a time, a serial, an impossible day),
# against clocks it takes and clocks it must leave to the parser (one-digit hours, AM/PM,
# fractions, zones, hours past 23): every pairing must read as the parser reads it.
_MAP_DAYS = [
    "2/3/2017", "02/03/2017", "2-3-2017", "2/3/17", "12/31/99", "2017-02-03", "2017/2/3", "2017.02.03",
    "1.2.2017", "2/30/2017", "13/1/2017", "0/3/2017", "2/3/0017", "2/3/201", "20170203", "42769",
    "201702031410", "2017-02-03 UTC", "2017-02-03 -05", "2017-02-03 14:10", "Feb 3, 2017",
    "03-FEB-17", "Friday, February 3, 2017", "feb 3 2017", "0000-02-03", "", "garbage",
]
_MAP_CLOCKS = [
    "", " 14:10", " 14:10:05", "  14:10", "\t14:10 ", " 00:00", " 23:59:59", " 24:00", " 23:60",
    " 99:99", " 14:10:61", " 4:10", " 14:10:05.5", " 02:10 PM", " 14:10Z", " 14:10 -06:00", " 1410",
    "T14:10", " 14", " 14:10 15:20", " 14:10 CST", "-14:10", " @ 14:10", " 1410 HRS",
]


@pytest.mark.parametrize("role", ["event", "birth"])
def test_the_distinct_map_reads_every_text_as_the_parser_does(role):
    texts = [day + clock for day in _MAP_DAYS for clock in _MAP_CLOCKS] + [" 2/3/2017 14:10 "]
    con = duckdb.connect()
    con.execute("create table t as select unnest(?::varchar[]) as v", [texts])
    for with_time in (True, False):
        mapped = dict(con.execute(
            parsed_distinct_sql("select v from t", role, "DATE '2017-06-01'", with_time=with_time)).fetchall())
        parsed = parse_dates(texts, role, REF, with_time=with_time)
        assert mapped == dict(zip(texts, parsed, strict=True))
        assert mapped["2/3/2017 14:10:05"] == (dt.datetime(2017, 2, 3, 14, 10, 5) if with_time else D)
    # The shortcut is taken: over a fifth of these texts are a day and a clock it reads.
    taken = con.execute("select count(*) from t where regexp_matches(v, ?)", [_DAY_AND_CLOCK]).fetchall()[0][0]
    assert taken > len(texts) // 5
