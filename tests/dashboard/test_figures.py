"""The dashboard's figures: periods, as-of dates, indicators, activity of every level."""

from __future__ import annotations

import pandas as pd
import pytest
from handmade_warehouse import d

from perfml.dashboard import compute_figures, parse_period, previous_period
from perfml.dashboard.figures import indicators_wide, period_of, period_with_article
from perfml.errors import UserError
from perfml.indicators import Period
from perfml.warehouse import connect


def test_semester_and_year_are_read():
    assert parse_period("2023-S2") == Period.semester(2023, 2)
    assert parse_period("2023") == Period.year(2023)


def test_unreadable_period_is_a_french_error():
    with pytest.raises(UserError, match="Période illisible"):
        parse_period("2023-T1")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.semester(2024, 1), Period.semester(2023, 2)),
        (Period.semester(2024, 2), Period.semester(2024, 1)),
        (Period.year(2024), Period.year(2023)),
        (Period(d("2024-03-01"), d("2024-05-31")), Period(d("2023-12-01"), d("2024-02-29"))),
    ],
)
def test_previous_period_has_the_same_length(period, expected):
    assert previous_period(period) == expected


def test_period_phrases_have_their_article():
    assert period_of(Period.year(2024)) == "de l'année 2024"
    assert period_with_article(Period.semester(2024, 1)) == "le 1er semestre 2024"


def test_first_semester_is_computed_as_of_1_september(figures):
    assert (figures.as_of, figures.previous_as_of) == (d("2024-09-01"), d("2024-03-01"))


def test_previous_period_is_never_computed_after_the_chosen_date(dashboard_warehouse):
    # 2023 is consolidated on 1 March 2024, after the chosen 1 February 2024.
    figures = compute_figures(connect(dashboard_warehouse), Period.year(2024), d("2024-02-01"))
    assert (figures.as_of, figures.previous_as_of, figures.as_of_is_official) == (
        d("2024-02-01"),
        d("2024-02-01"),
        False,
    )


def test_extract_ending_before_the_as_of_date_is_not_consolidated(dashboard_warehouse):
    figures = compute_figures(connect(dashboard_warehouse), Period.year(2024))
    assert not figures.reaches_as_of  # extract of 15 October 2024, as of 1 March 2025


def test_indicator_rows_become_one_row_per_level_and_code():
    long = pd.DataFrame(
        {
            "niveau": ["ML", "ML", "NATIONAL"],
            "code": ["01001", "01001", "FR"],
            "indicateur": [1, 2, 1],
            "numerateur": [3.0, 4.0, 3.0],
            "denominateur": [10.0, 8.0, 10.0],
            "valeur": [30.0, 50.0, 30.0],
        }
    )
    wide = indicators_wide(long).set_index(["niveau", "code"])
    assert list(wide.index) == [("ML", "01001"), ("NATIONAL", "FR")]
    assert wide.loc[("ML", "01001"), ["i2_num", "i2_den", "i2_val"]].tolist() == [4.0, 8.0, 50.0]


def test_region_activity_is_the_sum_of_its_mls(figures):
    activity = figures.activity.set_index(["niveau", "code"])
    assert activity.loc[("REGION", "84"), "propositions"] == 2


def test_indicators_come_with_the_previous_period(figures):
    # 01001: P1 left to EMPLOI in the first semester 2024, nothing in the second of 2023.
    current = figures.indicators.set_index(["niveau", "code"]).loc[("ML", "01001")]
    previous = figures.indicators_previous.set_index(["niveau", "code"]).loc[("ML", "01001")]
    assert (current["i5_val"], previous["i5_den"]) == (100.0, 0.0)
