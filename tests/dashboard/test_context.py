"""Context variables: the yearly rule, labels and sums or means by level."""

from __future__ import annotations

import pytest

from perfml.dashboard.context import aggregate_context, aggregation_of, context_by_ml
from perfml.warehouse import connect


@pytest.fixture(scope="module")
def context(dashboard_warehouse):
    con = connect(dashboard_warehouse)
    ml, columns = context_by_ml(con, 2024)
    structures = con.table("structures").execute()
    return ml, columns, aggregate_context(ml, columns, structures).set_index(["niveau", "code"])


@pytest.mark.parametrize(
    ("unit", "kind", "expected"),
    [
        ("habitants", "territoire", "somme"),
        ("%", "territoire", "moyenne"),
        ("euros", "structure", "somme"),
        ("euros", "jeunesse", "moyenne"),
        ("pour 1 000 habitants", "economie", "moyenne"),
    ],
)
def test_counts_and_amounts_are_summed_rates_averaged(unit, kind, expected):
    assert aggregation_of(unit, kind) == expected


def test_ml_without_a_row_of_the_year_takes_its_latest_year_before(context):
    ml, _, _ = context
    assert (ml.loc["01002", "neet_16_25"], ml.loc["01002", "annee_contexte"]) == (50, 2023)


def test_labels_come_from_the_catalogue_of_context_variables(context):
    _, columns, _ = context
    labels = {c.name: c.label for c in columns}
    assert labels["taux_chomage"] == "taux de chômage au sens du recensement"


def test_region_sums_a_count(context):
    assert context[2].loc[("REGION", "84"), "population"] == 4000


def test_region_averages_a_rate_over_its_mls(context):
    assert context[2].loc[("REGION", "84"), "taux_chomage"] == pytest.approx(10.0)


def test_icare_amounts_are_summed_and_a_missing_ml_left_out(context):
    assert context[2].loc[("NATIONAL", "FR"), "icare_etp"] == pytest.approx(14.5)
