"""A period the extract does not cover is refused; one not over is marked provisional."""

import datetime as dt

import pytest

from perfml.errors import UserError
from perfml.indicators.periods import Period, coverage_of, coverage_warning
from perfml.indicators.series import monthly_coverage

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


def _warehouse_extracted_on(path, day: dt.date):
    from handmade_warehouse import build_warehouse

    from perfml.warehouse import connect

    return connect(build_warehouse(path, {}, extract_date=day))


def test_coverage_of_reads_the_extract_date_of_the_warehouse(tmp_path):
    con = _warehouse_extracted_on(tmp_path / "e.duckdb", EXTRACT)
    with pytest.raises(UserError, match="commence après la date d'extraction"):
        coverage_of(con, Period.year(2026))
    assert coverage_of(con, Period.year(2025)).startswith("Résultats provisoires")
    assert coverage_of(con, Period.year(2024)) is None


def test_monthly_coverage_refuses_a_month_after_the_extract(tmp_path):
    con = _warehouse_extracted_on(tmp_path / "e.duckdb", EXTRACT)
    with pytest.raises(UserError, match=r"\(avril 2025\) commence après"):
        monthly_coverage(con, "2025-01", "2025-04")


def test_monthly_coverage_marks_only_the_months_not_over(tmp_path):
    con = _warehouse_extracted_on(tmp_path / "e.duckdb", EXTRACT)
    months, warning = monthly_coverage(con, "2025-01", "2025-03")
    assert months == [dt.date(2025, 3, 1)]
    assert "(mars 2025) n'est pas terminée au 01/03/2025" in warning


def test_monthly_coverage_names_every_month_not_over_at_the_as_of_date(tmp_path):
    con = _warehouse_extracted_on(tmp_path / "e.duckdb", EXTRACT)
    months, warning = monthly_coverage(con, "2024-10", "2024-12", as_of=dt.date(2024, 11, 15))
    assert months == [dt.date(2024, 11, 1), dt.date(2024, 12, 1)]
    assert "(du 01/11/2024 au 31/12/2024) n'est pas terminée au 15/11/2024" in warning
