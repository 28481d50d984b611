"""Building a year's groups from a tiny hand-made warehouse, storing and reading them back."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from groups.context_warehouse import CODES, N_ML, make_warehouse
from perfml.errors import UserError
from perfml.groups import build_groups, load_groups
from perfml.groups.store import store_groups
from perfml.warehouse import connect


@pytest.fixture
def warehouse(tmp_path):
    return make_warehouse(tmp_path / "entrepot.duckdb")


def stored(path, table):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"SELECT * FROM {table}").df()
    finally:
        con.close()


def test_stores_one_row_per_mission_locale_of_the_year(warehouse):
    build_groups(warehouse, 2024, k=3)
    rows = stored(warehouse, "groupes")
    assert sorted(rows["code_ml"]) == CODES
    assert set(rows["annee"]) == {2024}
    assert set(rows["groupe"]) == {1, 2, 3}


def test_three_kinds_of_territory_give_three_groups(warehouse):
    result = build_groups(warehouse, 2024, k=3)
    kind = pd.Series(np.arange(N_ML) % 3, index=CODES)
    assert pd.crosstab(result.labels, kind).gt(0).sum(axis=1).eq(1).all()


def test_rebuilding_a_year_replaces_only_its_rows(warehouse):
    build_groups(warehouse, 2023, k=3)
    build_groups(warehouse, 2024, k=3)
    build_groups(warehouse, 2024, k=4)
    rows = stored(warehouse, "groupes")
    assert rows.groupby("annee").size().to_dict() == {2023: N_ML, 2024: N_ML}
    assert rows.loc[rows["annee"] == 2024, "groupe"].max() == 4


def test_load_groups_reads_back_the_year(warehouse):
    result = build_groups(warehouse, 2024, k=3)
    con = connect(warehouse)
    groups = load_groups(con, 2024)
    assert groups.index.name == "code_ml"
    assert groups.to_dict() == result.labels.to_dict()


def test_load_groups_of_a_year_not_built_is_a_user_error(warehouse):
    build_groups(warehouse, 2024, k=3)
    with pytest.raises(UserError, match="perfml groupes --annee 2022"):
        load_groups(connect(warehouse), 2022)


def test_uses_every_numeric_context_column_but_the_keys(warehouse):
    result = build_groups(warehouse, 2024, k=3)
    assert result.variables == ["neet_16_25", "taux_chomage", "revenu_median", "densite_population"]


def test_variables_can_be_chosen(warehouse):
    result = build_groups(warehouse, 2024, k=3, variables=["taux_chomage", "revenu_median"])
    assert result.variables == ["taux_chomage", "revenu_median"]


def test_unknown_variable_is_a_user_error(warehouse):
    with pytest.raises(UserError, match=r"inconnue.*salaire"):
        build_groups(warehouse, 2024, k=3, variables=["salaire"])


def test_missing_year_is_a_user_error_listing_the_years(warehouse):
    with pytest.raises(UserError, match=r"2019.*2023, 2024"):
        build_groups(warehouse, 2019, k=3)


def test_too_many_groups_is_a_user_error(warehouse):
    with pytest.raises(UserError, match="entre 2 et 23"):
        build_groups(warehouse, 2024, k=24)


def test_missing_warehouse_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="n'existe pas"):
        build_groups(tmp_path / "absent.duckdb", 2024)


def test_description_is_stored_with_its_sentences(warehouse):
    result = build_groups(warehouse, 2024, k=3)
    rows = stored(warehouse, "groupes_description")
    assert list(rows.columns) == [
        "annee", "groupe", "variable", "moyenne_groupe", "moyenne_nationale", "v_test",
        "p_valeur", "phrase",
    ]  # fmt: skip
    assert len(rows) == len(result.description) > 0
    assert rows["phrase"].str.contains("moyenne nationale").all()


def test_groups_carry_names_and_regions(warehouse):
    result = build_groups(warehouse, 2024, k=3)
    first = result.groups.set_index("code_ml").loc["01001"]
    assert (first["nom"], first["code_region"]) == ("Mission locale n° 0", "11")


def test_stability_with_last_year_when_it_is_stored(warehouse):
    assert build_groups(warehouse, 2024, k=3).stability is None
    build_groups(warehouse, 2023, k=3)
    stability = build_groups(warehouse, 2024, k=3).stability
    assert stability.previous_year == 2023
    assert stability.n_common == N_ML
    assert stability.adjusted_rand == 1.0  # the three kinds are kept


def test_a_column_without_values_is_left_out_with_a_warning(tmp_path):
    path = make_warehouse(tmp_path / "e.duckdb")
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE contexte ADD COLUMN vide DOUBLE")
    con.close()
    result = build_groups(path, 2024, k=3)
    assert "vide" not in result.variables
    assert any("vide" in w for w in result.warnings)


def test_a_failed_store_keeps_the_year_s_previous_groups(warehouse):
    result = build_groups(warehouse, 2024, k=3)
    broken = result.description.assign(groupe="pas un nombre")
    con = connect(warehouse, read_only=False)
    with pytest.raises(duckdb.Error):
        store_groups(con, 2024, result.labels + 1, broken, result.group_labels, result.sizes)
    con.disconnect()
    rows = stored(warehouse, "groupes")
    assert rows.set_index("code_ml")["groupe"].to_dict() == result.labels.to_dict()


def test_builds_and_compares_the_groups_of_the_loaded_mini_extract(mini_warehouse_copy):
    build_groups(mini_warehouse_copy, 2023, k=3)
    result = build_groups(mini_warehouse_copy, 2024, k=3)
    assert load_groups(connect(mini_warehouse_copy), 2024).to_dict() == result.labels.to_dict()
    assert len(result.variables) == 54  # the instruction's 54 context variables
    assert result.groups["nom"].notna().all()
    assert result.stability is not None and result.stability.n_common == len(result.labels)
