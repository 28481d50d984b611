import numpy as np

from perfml.synth.calendar import Window
from perfml.synth.recording import LAG_SHARES, draw_lags, entry_dates


def test_most_rows_are_entered_on_the_day_and_a_few_more_than_two_months_late():
    lags = draw_lags(np.random.default_rng(0), 200_000)
    assert abs((lags == 0).mean() - LAG_SHARES[0]) < 0.01
    assert 0.005 < (lags > 60).mean() < 0.03


def test_entry_dates_are_never_before_the_event_nor_after_the_extraction_day():
    window = Window(2023, 2023, 0)
    events = np.arange(window.first_day, window.last_day + 1).repeat(20)
    entered, empty = entry_dates(np.random.default_rng(1), events, window)
    assert (entered >= events).all()
    assert entered.max() == window.extraction_day
    assert empty.any() and not empty[entered != events].any()
