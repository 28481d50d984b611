"""Dashboard levels and the rows they show."""

from __future__ import annotations

import pandas as pd
import pytest

from perfml.dashboard.levels import Level, level_rows, parse_level
from perfml.errors import UserError

STRUCTURES = pd.DataFrame(
    {
        "code_ml": ["01001", "01002", "13001"],
        "nom": ["ML Un", "ML Deux", "ML Trois"],
        "code_region": ["84", "84", "93"],
    }
)


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("national", None, Level("national")),
        ("region 84", None, Level("region", "84")),
        ("region:84", None, Level("region", "84")),
        ("region", "84", Level("region", "84")),
        ("ml", "2a004", Level("ml", "2A004")),
    ],
)
def test_level_is_read_in_every_accepted_spelling(text, code, expected):
    assert parse_level(text, code) == expected


def test_region_without_code_asks_for_it_in_french():
    with pytest.raises(UserError, match="Indiquez le code de la région"):
        parse_level("region")


def test_national_rows_are_the_regions_then_the_nation():
    rows = level_rows(Level("national"), STRUCTURES)
    assert [(r.niveau, r.code, r.is_total) for r in rows] == [
        ("REGION", "84", False),
        ("REGION", "93", False),
        ("NATIONAL", "FR", True),
    ]


def test_region_rows_are_its_mls_then_the_region():
    rows = level_rows(Level("region", "84"), STRUCTURES)
    assert [r.code for r in rows] == ["01001", "01002", "84"]


def test_ml_rows_give_region_and_nation_for_reference_only():
    rows = level_rows(Level("ml", "13001"), STRUCTURES)
    assert [(r.code, r.is_total) for r in rows] == [("13001", False), ("93", False), ("FR", False)]


def test_unknown_region_is_a_french_error():
    with pytest.raises(UserError, match="La région 11 n'a aucune mission locale"):
        level_rows(Level("region", "11"), STRUCTURES)
