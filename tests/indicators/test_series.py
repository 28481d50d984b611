"""Monthly monitoring: 12 rolling months at each month end, all months in one query."""

import datetime as dt

import pandas.testing as pdt
import pytest

from indicators.engines import runs
from indicators.extract import Extract
from perfml.errors import UserError
from perfml.indicators import Period, compute_indicators, monthly_series
from perfml.indicators.backends import memory_backend
from perfml.indicators.periods import month_end
from perfml.indicators.series import month_starts

D = dt.date


def small_extract() -> dict:
    x = Extract()
    a = x.ml("12001")
    y = x.youth(a, D(2022, 1, 1))
    x.dispositif(y, a, D(2022, 2, 1), D(2023, 3, 1), "EMPLOI")  # exit on the window's first day
    y = x.youth(a, D(2022, 1, 1))
    x.dispositif(y, a, D(2024, 1, 15))  # running from mid-January 2024
    return x.rows


def national(series, indicateur):
    rows = series[(series.niveau == "NATIONAL") & (series.indicateur == indicateur)]
    return dict(zip(rows.mois, zip(rows.numerateur, rows.denominateur, strict=True), strict=True))


def test_exit_counts_in_the_twelve_windows_that_contain_its_day():
    series = monthly_series(memory_backend(small_extract()), "2024-01", "2024-03")
    # 2023-03-01 is in 2023-02-01..2024-01-31 and 2023-03-01..2024-02-29, not 2023-04-01..
    assert national(series, 5) == {
        D(2024, 1, 1): (1, 1),
        D(2024, 2, 1): (1, 1),
        D(2024, 3, 1): (0, 0),
    }


def test_stock_is_taken_at_each_month_end():
    series = monthly_series(memory_backend(small_extract()), "2024-04", "2024-05")
    # Entered 2024-01-15, no proposition: at 2024-04-30 the cut-off is 2024-01-30 and at
    # 2024-05-31 it is 2024-02-29; the entry is before both.
    assert national(series, 3) == {D(2024, 4, 1): (1, 1), D(2024, 5, 1): (1, 1)}


def test_stock_is_not_yet_old_within_three_months_of_entry():
    series = monthly_series(memory_backend(small_extract()), "2024-02", "2024-03")
    # 2024-02-29 − 3 months = 2023-11-29 and 2024-03-31 − 3 months = 2023-12-31: entry
    # 2024-01-15 is after both.
    assert national(series, 3) == {D(2024, 2, 1): (0, 1), D(2024, 3, 1): (0, 1)}


def test_stock_day_is_the_as_of_date_when_it_comes_before_the_month_end():
    series = monthly_series(
        memory_backend(small_extract()), "2024-05", "2024-05", as_of=D(2024, 4, 10)
    )
    # T = 2024-04-10, cut-off 2024-01-10: the 2024-01-15 entry is not older.
    assert national(series, 3) == {D(2024, 5, 1): (0, 1)}


def test_each_month_equals_a_computation_on_its_twelve_rolling_months():
    _, _, _, rows = runs()[0]
    con = memory_backend(rows)
    series = monthly_series(con, "2024-02", "2024-12")
    for month in (D(2024, 2, 1), D(2024, 7, 1), D(2024, 12, 1)):
        single = compute_indicators(con, Period.rolling12(month_end(month.year, month.month)))
        got = series[series.mois == month].drop(columns="mois").reset_index(drop=True)
        pdt.assert_frame_equal(got, single, obj=str(month))


def test_mois_is_the_first_day_of_each_month():
    series = monthly_series(memory_backend(small_extract()), "2023-11", "2024-02")
    assert sorted(series.mois.unique()) == [
        D(2023, 11, 1),
        D(2023, 12, 1),
        D(2024, 1, 1),
        D(2024, 2, 1),
    ]
    assert series.columns[0] == "mois"


def test_month_starts_accepts_dates_text_and_pairs():
    assert month_starts(D(2024, 1, 31), (2024, 2)) == [D(2024, 1, 1), D(2024, 2, 1)]
    assert month_starts("2023-12", "2024-01") == [D(2023, 12, 1), D(2024, 1, 1)]


def test_unreadable_month_is_a_french_user_error():
    with pytest.raises(UserError, match="Mois illisible"):
        month_starts("2024-13", "2024-12")


def test_first_month_after_the_last_is_a_french_user_error():
    with pytest.raises(UserError, match="est après le dernier"):
        month_starts("2024-05", "2024-01")


def test_every_ml_has_a_row_per_month_and_indicator():
    series = monthly_series(memory_backend(small_extract()), "2024-01", "2024-03")
    ml = series[series.niveau == "ML"]
    assert len(ml) == 3 * 10
    assert not ml.duplicated(["mois", "indicateur"]).any()
