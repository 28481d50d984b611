"""A period the extract does not cover is refused; one not over is marked provisional."""

import datetime as dt

import pytest

from perfml.errors import UserError
from perfml.indicators.periods import Period, coverage_warning

EXTRACT = dt.date(2025, 3, 1)


def test_a_period_starting_after_the_extract_date_is_refused():
    with pytest.raises(UserError, match=r"commence après la date d'extraction \(01/03/2025\)"):
        coverage_warning(Period.year(2026), EXTRACT)


def test_a_period_over_before_the_extract_date_is_final():
    assert coverage_warning(Period.year(2024), EXTRACT) is None


def test_a_period_not_over_at_the_extract_date_is_provisional():
    warning = coverage_warning(Period.year(2025), EXTRACT)
    assert warning is not None and warning.startswith("Résultats provisoires")


def test_a_period_not_over_at_the_as_of_date_is_provisional():
    assert coverage_warning(Period.year(2024), EXTRACT, as_of=dt.date(2024, 9, 1)) is not None


def test_without_extract_date_nothing_is_refused():
    assert coverage_warning(Period.year(2030), None) is None
