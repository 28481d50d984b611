import numpy as np
import pandas as pd
import pytest

from perfml.synth.context import (
    catalogue,
    contexte_table,
    is_count,
    structure_variables,
    territory_variables,
    variable_names,
)
from perfml.synth.network import national_network

KINDS = {"territoire", "jeunesse", "economie", "structure"}


@pytest.fixture(scope="module")
def network():
    return national_network(seed=1)


@pytest.fixture(scope="module")
def territory(network):
    return territory_variables(network, [2023, 2024], seed=1)


def test_catalogue_lists_54_distinct_variables_of_the_four_kinds():
    frame = catalogue()
    assert list(frame.columns) == ["nom", "libelle", "type", "source", "unite"]
    assert len(frame) == 54 and frame["nom"].is_unique
    assert set(frame["type"]) == KINDS
    assert frame["libelle"].str.len().min() > 5
    assert "neet_16_25" in set(frame["nom"])


def test_counts_are_recognised_by_their_unit():
    assert is_count("population") and is_count("neet_16_25")
    assert not is_count("taux_chomage")


def test_territory_variables_cover_every_non_structure_variable(territory):
    expected = set(variable_names()) - set(variable_names("structure"))
    assert expected <= set(territory.columns)


def _first_year(territory, network):
    frame = territory[territory["annee"] == 2023].set_index("code_ml")
    latent = network.set_index("code_ml").drop(columns=["population", "superficie_km2"])
    return frame.join(latent)


def test_density_follows_urbanity(territory, network):
    frame = _first_year(territory, network)
    assert np.corrcoef(np.log(frame["densite_population"]), frame["urbanite"])[0, 1] > 0.9


def test_neet_rate_and_poverty_follow_precarity(territory, network):
    frame = _first_year(territory, network)
    metropolitan = frame[~frame["outre_mer"]]
    assert np.corrcoef(metropolitan["taux_neet_16_25"], metropolitan["precarite"])[0, 1] > 0.6
    assert np.corrcoef(metropolitan["taux_pauvrete"], metropolitan["precarite"])[0, 1] > 0.8


def test_unemployment_falls_with_labour_market_tension(territory, network):
    frame = _first_year(territory, network)
    assert np.corrcoef(frame["taux_chomage"], frame["tension"])[0, 1] < -0.4


def test_overseas_territories_have_more_neet(territory, network):
    frame = _first_year(territory, network)
    by_overseas = frame.groupby("outre_mer")["taux_neet_16_25"].median()
    assert by_overseas[True] > by_overseas[False] + 8


def test_rural_territories_are_in_rural_revitalisation_zones(territory, network):
    frame = _first_year(territory, network)
    assert np.corrcoef(frame["part_16_25_zrr"], frame["urbanite"])[0, 1] < -0.6


def test_sector_shares_add_up_to_100(territory):
    sectors = [n for n in territory.columns if n.startswith("part_etab_") and "salari" not in n]
    assert len(sectors) == 6
    assert np.allclose(territory[sectors].sum(axis=1), 100)


def test_values_drift_slightly_from_one_year_to_the_next(territory):
    wide = territory.pivot(index="code_ml", columns="annee", values="taux_chomage")
    change = (wide[2024] - wide[2023]).abs()
    assert change.gt(0).mean() > 0.95  # all but the few held at a bound
    assert change.median() < 1.0  # percentage points


def test_contexte_table_puts_the_contract_columns_first_and_counts_as_integers(territory):
    yearly = pd.DataFrame(
        {
            "code_ml": territory["code_ml"],
            "annee": territory["annee"],
            "etp": 20.0,
            "ressources_eur": 1_300_000.0,
        }
    )
    structure = structure_variables(yearly, national_network(seed=1), seed=1)
    table = contexte_table(territory, structure)
    assert list(table.columns[:3]) == ["code_ml", "annee", "neet_16_25"]
    assert len(table.columns) == 2 + 54
    assert table["population"].dtype == np.int64
    assert (table["budget_eur"] == 1_300_000.0).all()
