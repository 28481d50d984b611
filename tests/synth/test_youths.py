import numpy as np
import pandas as pd

from perfml.synth.youths import draw_youths


def test_youths_are_16_to_25_at_first_reception(mini_tables):
    jeunes = mini_tables["jeunes"]
    born = pd.to_datetime(jeunes["date_naissance"])
    received = pd.to_datetime(jeunes["date_premier_accueil"])
    age = (
        received.dt.year
        - born.dt.year
        - (
            (received.dt.month < born.dt.month)
            | ((received.dt.month == born.dt.month) & (received.dt.day < born.dt.day))
        )
    )
    assert age.min() == 16 and age.max() == 25


def test_most_youths_are_neet_at_first_reception_and_about_half_are_women(mini_tables):
    jeunes = mini_tables["jeunes"]
    assert 0.6 < jeunes["neet_premier_accueil"].mean() < 0.9
    assert 0.45 < (jeunes["sexe"] == "F").mean() < 0.53


def test_optional_flags_are_sometimes_left_empty(mini_tables):
    jeunes = mini_tables["jeunes"]
    for column in ("rqth", "qpv", "zrr"):
        assert jeunes[column].isna().any() and (jeunes[column] == False).any()  # noqa: E712
    assert jeunes["rqth"].fillna(False).mean() < 0.1


def test_draw_youths_draws_about_the_expected_number_each_year():
    youths = draw_youths(np.random.default_rng(0), {2023: 1000, 2024: 2000}, 0.7, 0.1, 0.2)
    years = pd.to_datetime(youths.first_reception, unit="D").year
    per_year = pd.Series(years).value_counts()
    assert abs(per_year[2023] - 1000) < 150 and abs(per_year[2024] - 2000) < 200
    assert (np.diff(youths.first_reception) >= 0).all()
