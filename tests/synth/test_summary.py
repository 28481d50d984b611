import datetime as dt
from pathlib import Path

from perfml.french import french_number
from perfml.synth.summary import NATIONAL_REFERENCES, TOTALS, SynthSummary


def summary(scale: str, factor: float = 1.0) -> SynthSummary:
    totals = {name: {2024: factor * NATIONAL_REFERENCES.get(name, 10)} for name in TOTALS}
    return SynthSummary(
        scale=scale,
        seed=1,
        start_year=2024,
        end_year=2024,
        out_dir=Path("x"),
        fmt="parquet",
        n_ml=448,
        n_regions=18,
        extraction_date=dt.date(2025, 2, 28),
        totals=totals,
        rows={"jeunes": 1234567},
    )


def test_french_number_separates_thousands_with_spaces_and_uses_a_decimal_comma():
    # perfml.french: narrow no-break spaces between thousands.
    assert french_number(1234567, 0) == "1\u202f234\u202f567"
    assert french_number(13512.25, 1) == "13\u202f512,2"


def test_deviations_compare_national_totals_with_the_references():
    gaps = summary("national", factor=1.1).deviations()
    assert set(gaps) == set(NATIONAL_REFERENCES)
    assert all(abs(gap - 0.1) < 1e-9 for gap in gaps.values())


def test_smaller_scales_have_no_reference():
    assert summary("mini").deviations() == {}
    titles, _ = summary("mini").cells()
    assert titles == ["Total annuel", "2024"]


def test_render_shows_totals_references_and_rows():
    text = summary("national", factor=1.1).render()
    assert "| entrées en PACEA | 440\u202f000 | 400\u202f000 | 10,0 % |" in text
    assert "| jeunes | 1\u202f234\u202f567 |" in text


def test_resources_are_shown_in_millions_of_euros():
    text = summary("national").render()
    assert "| ressources (millions d'euros) | 900,0 | 900,0 | 0,0 % |" in text
