"""Levels, pooled ratios, null values and the shape of `compute_indicators`."""

import datetime as dt

import ibis
import numpy as np
import pandas as pd
import pytest

from indicators.cases import as_of_case, exits_case
from perfml.errors import UserError
from perfml.indicators import Period, compute_indicators, indicator_sql
from perfml.indicators.backends import memory_backend
from perfml.indicators.engine import compute_indicators_each, pool, values

STRUCTURES = pd.DataFrame({"code_ml": ["A", "B", "C"], "code_region": ["84", "84", "11"]})


def ml_rows(indicateur, figures):
    """ML rows of one indicator: figures = {code_ml: (num, den)}."""
    return pd.DataFrame(
        [
            {
                "fenetre": 0,
                "code_ml": code,
                "indicateur": indicateur,
                "numerateur": n,
                "denominateur": d,
            }
            for code, (n, d) in figures.items()
        ]
    )


def row(frame, niveau, code, indicateur=5):
    found = frame[
        (frame.niveau == niveau) & (frame.code == code) & (frame.indicateur == indicateur)
    ]
    assert len(found) == 1
    return found.iloc[0]


def test_region_value_is_the_ratio_of_summed_figures_not_a_mean():
    out = pool(ml_rows(5, {"A": (1, 1), "B": (1, 3), "C": (0, 0)}), STRUCTURES)
    region = row(out, "REGION", "84")
    assert (region.numerateur, region.denominateur, region.valeur) == (2, 4, 50.0)


def test_ml_with_an_unknown_side_is_left_out_of_both_sums():
    out = pool(ml_rows(9, {"A": (4, 2), "B": (7, np.nan), "C": (0, 3)}), STRUCTURES)
    nation = row(out, "NATIONAL", "FR", 9)
    assert (nation.numerateur, nation.denominateur, nation.valeur) == (4, 5, 0.8)


def test_pool_with_no_known_ml_leaves_the_region_unknown():
    out = pool(ml_rows(1, {"A": (3, np.nan), "B": (1, np.nan), "C": (1, 10)}), STRUCTURES)
    region = row(out, "REGION", "84", 1)
    assert pd.isna(region.numerateur) and pd.isna(region.denominateur) and pd.isna(region.valeur)


def test_zero_denominator_gives_a_null_value_not_zero():
    out = pool(ml_rows(5, {"A": (0, 0), "B": (0, 2), "C": (0, 0)}), STRUCTURES)
    assert pd.isna(row(out, "ML", "A").valeur)
    assert row(out, "ML", "B").valeur == 0.0


def test_rates_are_percentages_and_9_10_are_plain_ratios():
    frame = pd.DataFrame(
        {"indicateur": [5, 9, 10], "numerateur": [1, 6, 1000.0], "denominateur": [4, 3, 8]}
    )
    assert values(frame).tolist() == [25.0, 2.0, 125.0]


def test_levels_can_be_restricted():
    out = pool(ml_rows(5, {"A": (1, 1)}), STRUCTURES, levels=("NATIONAL",))
    assert out.niveau.unique().tolist() == ["NATIONAL"]


def test_unknown_level_is_a_french_user_error():
    with pytest.raises(UserError, match="Niveau inconnu : DEPARTEMENT"):
        pool(ml_rows(5, {"A": (1, 1)}), STRUCTURES, levels=("DEPARTEMENT",))


def test_every_ml_gets_a_row_for_every_indicator_even_without_data():
    con = memory_backend(
        {
            "structures": [
                {"code_ml": "99001", "nom": "Vide", "code_departement": "01", "code_region": "84"}
            ]
        }
    )
    out = compute_indicators(con, Period.year(2024))
    ml = out[out.niveau == "ML"]
    assert ml.indicateur.tolist() == list(range(1, 11))
    assert ml.valeur.isna().all()
    counts = ml[~ml.indicateur.isin([1, 9, 10])]
    assert (counts.numerateur == 0).all() and (counts.denominateur == 0).all()


def test_result_has_the_contract_columns_in_order():
    case = exits_case()
    out = compute_indicators(memory_backend(case.rows), case.period)
    assert out.columns.tolist() == [
        "niveau",
        "code",
        "code_region",
        "indicateur",
        "numerateur",
        "denominateur",
        "valeur",
    ]
    assert out.niveau.drop_duplicates().tolist() == ["ML", "REGION", "NATIONAL"]


def test_missing_contract_table_is_a_french_user_error():
    con = ibis.duckdb.connect()
    con.create_table("structures", pd.DataFrame({"code_ml": ["A"], "code_region": ["84"]}))
    with pytest.raises(UserError, match=r"Tables manquantes.*jeunes"):
        compute_indicators(con, Period.year(2024))


def test_indicator_sql_shows_the_period_bounds_as_literals():
    case = exits_case()
    sql = indicator_sql(memory_backend(case.rows), 5, Period.year(2024), dt.date(2025, 3, 1))
    assert "MAKE_DATE(2024, 12, 31)" in sql and "MAKE_DATE(2025, 3, 1)" in sql
    assert "'EMPLOI'" in sql


def test_computations_sent_together_each_give_the_figures_computed_alone():
    case = as_of_case()
    con = memory_backend(case.rows)
    computations = [(case.period, case.as_of), (case.period, None), (Period.year(2023), None)]
    together = compute_indicators_each(con, computations)
    assert len(together) == len(computations)
    for (period, as_of), got in zip(computations, together, strict=True):
        pd.testing.assert_frame_equal(got, compute_indicators(con, period, as_of=as_of))
    assert not together[0].equals(together[1])  # the as-of date of each is its own
