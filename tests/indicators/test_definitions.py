"""The 10 definitions on hand-made extracts (DuckDB), against figures worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.cases import Case, all_cases
from perfml.indicators import compute_indicators
from perfml.indicators.backends import memory_backend


def figures(result: pd.DataFrame, case: Case) -> dict:
    """The (numerateur, denominateur, valeur) of the rows `case.expected` names."""
    found = {}
    for code, number in case.expected:
        if case.level == "ML":
            niveau = "ML"
        else:
            niveau, code = code.split(":")
        row = result[
            (result["niveau"] == niveau)
            & (result["code"] == code)
            & (result["indicateur"] == number)
        ]
        assert len(row) == 1, f"{niveau} {code} indicateur {number}: {len(row)} lignes"
        key = (f"{niveau}:{code}" if case.level != "ML" else code, number)
        found[key] = tuple(
            None if pd.isna(v) else float(v)
            for v in row[["numerateur", "denominateur", "valeur"]].iloc[0]
        )
    return found


def assert_figures(found: dict, expected: dict) -> None:
    """Compare figure by figure: counts exactly, values to the last bits."""
    for key, want in expected.items():
        got = found[key]
        for name, g, w in zip(("numerateur", "denominateur", "valeur"), got, want, strict=True):
            if w is None:
                assert g is None, f"{key} {name}: {g} au lieu de null"
            else:
                assert g is not None and math.isclose(g, w, rel_tol=1e-12), (
                    f"{key} {name}: {g} au lieu de {w}"
                )


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.name)
def test_hand_made_case_gives_the_figures_worked_out_by_hand(case):
    con = memory_backend(case.rows)
    result = compute_indicators(con, case.period, as_of=case.as_of)
    assert_figures(figures(result, case), case.expected)
