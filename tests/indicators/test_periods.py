"""Periods, calendar arithmetic clamped to the month's end, and official as-of dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfml.errors import UserError
from perfml.indicators.periods import Period, add_months, official_as_of

D = dt.date


def test_add_one_month_to_january_31_gives_february_28():
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)


def test_add_twelve_months_to_a_leap_day_gives_february_28():
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)


def test_add_months_keeps_the_day_when_the_month_has_it():
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert add_months(D(2024, 5, 15), -3) == D(2024, 2, 15)


def test_subtract_three_months_from_may_31_of_a_leap_year_gives_february_29():
    assert add_months(D(2024, 5, 31), -3) == D(2024, 2, 29)


def test_add_months_crosses_years_backwards():
    assert add_months(D(2024, 1, 31), -2) == D(2023, 11, 30)


@given(st.dates(D(1990, 1, 1), D(2090, 12, 31)), st.integers(-60, 60))
def test_add_months_lands_in_the_right_month_on_the_day_or_the_month_end(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + dt.timedelta(1)).day == 1)


def test_year_runs_from_january_1_to_december_31():
    assert Period.year(2024) == Period(D(2024, 1, 1), D(2024, 12, 31))


def test_semesters_split_the_year_at_june_30():
    assert Period.semester(2024, 1) == Period(D(2024, 1, 1), D(2024, 6, 30))
    assert Period.semester(2024, 2) == Period(D(2024, 7, 1), D(2024, 12, 31))


def test_quarter_and_month_end_on_the_last_day():
    assert Period.quarter(2024, 1).end == D(2024, 3, 31)
    assert Period.month(2024, 2) == Period(D(2024, 2, 1), D(2024, 2, 29))


def test_rolling_twelve_months_to_a_month_end_are_the_twelve_whole_months():
    assert Period.rolling12(D(2024, 2, 29)) == Period(D(2023, 3, 1), D(2024, 2, 29))
    assert Period.rolling12(D(2024, 6, 30)) == Period(D(2023, 7, 1), D(2024, 6, 30))


def test_rolling_twelve_months_to_february_28_after_a_leap_year_start_on_march_1():
    assert Period.rolling12(D(2025, 2, 28)) == Period(D(2024, 3, 1), D(2025, 2, 28))


def test_rolling_twelve_months_to_a_mid_month_day_start_the_day_after_a_year_before():
    assert Period.rolling12(D(2024, 6, 15)) == Period(D(2023, 6, 16), D(2024, 6, 15))


def test_empty_period_is_a_french_user_error():
    with pytest.raises(UserError, match="La période est vide"):
        Period(D(2024, 2, 1), D(2024, 1, 31))


def test_semester_three_is_a_user_error():
    with pytest.raises(UserError, match="semestre doit être 1 ou 2"):
        Period.semester(2024, 3)


@pytest.mark.parametrize("text", ["2024-S1", "2024S1", "2024-s1", " 2024 - S1 "])
def test_parse_semester_reads_the_usual_spellings(text):
    assert Period.parse_semester(text) == Period.semester(2024, 1)


def test_parse_semester_rejects_a_third_semester():
    with pytest.raises(UserError, match="Semestre illisible"):
        Period.parse_semester("2024-S3")


def test_official_as_of_a_first_semester_is_september_1():
    assert official_as_of(Period.semester(2024, 1)) == D(2024, 9, 1)


def test_official_as_of_a_year_is_march_1_of_the_next_year():
    assert official_as_of(Period.year(2024)) == D(2025, 3, 1)


def test_stock_day_is_the_earlier_of_the_period_end_and_the_as_of_date():
    year = Period.year(2024)
    assert year.stock_day() == D(2024, 12, 31)
    assert year.stock_day(D(2024, 10, 15)) == D(2024, 10, 15)
    assert year.stock_day(D(2025, 3, 1)) == D(2024, 12, 31)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period.year(2024), "année 2024"),
        (Period.semester(2024, 1), "1er semestre 2024"),
        (Period.semester(2024, 2), "2e semestre 2024"),
        (Period.quarter(2024, 3), "3e trimestre 2024"),
        (Period.month(2024, 8), "août 2024"),
        (Period.rolling12(D(2024, 3, 31)), "12 mois glissants au 31/03/2024"),
        (Period(D(2024, 1, 1), D(2024, 3, 15)), "du 01/01/2024 au 15/03/2024"),
    ],
)
def test_label_is_french(period, label):
    assert period.label == label
