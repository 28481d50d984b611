import datetime as dt

import numpy as np

from perfml.synth.activity import accompanied, count_by_year
from perfml.synth.calendar import Window, day_number
from perfml.synth.dispositifs import OPEN


def d(text: str) -> int:
    return day_number(dt.date.fromisoformat(text))


WINDOW = Window(2024, 2024, 1)  # simulates 2023 and 2024


def test_count_by_year_ignores_days_outside_the_window():
    days = np.array([d("2022-12-31"), d("2023-01-01"), d("2024-06-01"), d("2024-07-01")])
    assert count_by_year(days, WINDOW).tolist() == [1, 2]


def test_accompanied_counts_first_receptions_running_pacea_and_propositions():
    first = np.array([d("2023-02-01"), d("2023-03-01"), d("2023-04-01"), d("2023-05-01")])
    pacea = (
        np.array([1, 3]),
        np.array([d("2023-05-02"), d("2023-06-01")]),
        np.array([OPEN, d("2023-12-31")]),
    )
    propositions = (np.array([2, 2]), np.array([d("2024-01-15"), d("2024-03-01")]))
    counts = accompanied(4, first, pacea, propositions, WINDOW)
    # 2023: all four were received; 2024: youth 1 (PACEA running) and 2 (propositions).
    assert counts.tolist() == [4, 2]
