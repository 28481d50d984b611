"""Small date helpers for the synthetic extract's tests."""

from __future__ import annotations

import pandas as pd


def days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """Days from `earlier` to `later`."""
    return (pd.to_datetime(later) - pd.to_datetime(earlier)).dt.days


def months_later(dates: pd.Series, months: int) -> pd.Series:
    """Calendar months added, clamped to the month's end."""
    return pd.to_datetime(dates) + pd.DateOffset(months=months)
