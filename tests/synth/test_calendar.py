import datetime as dt

import numpy as np

from perfml.synth.calendar import (
    Window,
    add_months,
    day_number,
    draw_days_in_year,
    to_date,
    to_weekday,
    year_of,
)


def days(*dates: str) -> np.ndarray:
    return np.array([day_number(dt.date.fromisoformat(d)) for d in dates])


def test_add_months_clamps_to_the_end_of_the_month():
    result = add_months(days("2023-01-31", "2024-02-29", "2023-03-15"), 1)
    assert [to_date(d).isoformat() for d in result] == ["2023-02-28", "2024-03-29", "2023-04-15"]


def test_add_twelve_months_to_a_29_february_gives_28_february():
    assert to_date(add_months(days("2024-02-29"), 12)[0]) == dt.date(2025, 2, 28)


def test_to_weekday_moves_saturday_to_friday_and_sunday_to_monday():
    # 2024-06-08 is a Saturday, 2024-06-09 a Sunday, 2024-06-10 a Monday.
    moved = to_weekday(days("2024-06-08", "2024-06-09", "2024-06-10"))
    assert [to_date(d).isoformat() for d in moved] == ["2024-06-07", "2024-06-10", "2024-06-10"]


def test_year_of_gives_the_calendar_year():
    assert year_of(days("1999-12-31", "2000-01-01")).tolist() == [1999, 2000]


def test_draw_days_in_year_gives_working_days_of_that_year():
    drawn = draw_days_in_year(np.random.default_rng(0), 2024, 2000)
    weekdays = {to_date(d).weekday() for d in drawn}
    assert set(year_of(drawn).tolist()) == {2024}
    assert weekdays <= {0, 1, 2, 3, 4}


def test_draw_days_in_year_follows_month_weights():
    weights = np.zeros(12)
    weights[8] = 1.0  # September only
    drawn = draw_days_in_year(np.random.default_rng(0), 2023, 100, weights)
    assert {to_date(d).month for d in drawn} == {9}


def test_window_extraction_day_is_march_1_after_the_last_year():
    assert to_date(Window(2021, 2023, 2).extraction_day) == dt.date(2024, 3, 1)
    assert to_date(Window(2022, 2024, 2).extraction_day) == dt.date(2025, 3, 1)


def test_window_simulates_warm_up_years_before_the_reported_ones():
    window = Window(2023, 2025, 3)
    assert window.years == (2020, 2021, 2022, 2023, 2024, 2025)
    assert window.reported_years == (2023, 2024, 2025)
    assert to_date(window.first_day) == dt.date(2020, 1, 1)
    assert to_date(window.last_day) == dt.date(2025, 12, 31)
