"""Targets and checks read from the warehouse (tiny hand-made warehouses)."""

import datetime as dt

import pytest
from handmade_warehouse import build_warehouse, three_ml_structures

from funding.hand_inputs import hand_inputs
from perfml.errors import UserError
from perfml.funding.inputs import attach_targets, check_fixed_targets, fixed_targets, read_inputs
from perfml.targets import SetTarget, store_targets
from perfml.warehouse import connect


@pytest.fixture
def warehouse(tmp_path):
    path = build_warehouse(tmp_path / "e.duckdb", {"structures": three_ml_structures()})
    store_targets(
        path,
        [
            SetTarget(2024, "01001", 1, 30.0, "saisie", "essai"),
            SetTarget(2023, "01001", 1, 9.0, "saisie", "essai"),
        ],
        author="dreets",
        timestamp=dt.datetime(2024, 1, 10),
    )
    store_targets(
        path,
        [SetTarget(2024, "01002", 1, 25.0, "saisie", "essai")],
        author="dreets",
        timestamp=dt.datetime(2024, 1, 11),
    )
    return path


def test_fixed_targets_are_those_of_the_year(warehouse):
    con = connect(warehouse)
    targets = fixed_targets(con, 2024).set_index(["code_ml", "indicateur"])["cible"]
    assert targets.to_dict() == {("01001", 1): 30.0, ("01002", 1): 25.0}


def test_all_targets_fixed_are_attached_with_their_origin(warehouse):
    con = connect(warehouse)
    targets = attach_targets(con, hand_inputs(), {("01001", 1), ("01002", 1)})
    assert targets["origine_cible"].tolist() == ["fixée", "fixée"]
    assert targets["cible"].tolist() == [30.0, 25.0]


def test_missing_targets_when_required_name_the_pairs(warehouse):
    con = connect(warehouse)
    with pytest.raises(UserError, match=r"1 cible 2024 manque : 13001 \(indicateur 1\)"):
        check_fixed_targets(con, 2024, {("01001", 1), ("13001", 1)})


def test_a_missing_target_without_last_years_groups_says_what_to_run(warehouse):
    con = connect(warehouse)
    with pytest.raises(UserError, match="perfml groupes --annee 2023"):
        attach_targets(con, hand_inputs(), {("13001", 1)})


def test_an_incomplete_year_is_refused(tmp_path):
    path = build_warehouse(
        tmp_path / "e.duckdb",
        {"structures": three_ml_structures()},
        extract_date=dt.date(2024, 6, 30),
    )
    with pytest.raises(UserError, match="L'année 2024 n'est pas complète"):
        read_inputs(connect(path), 2024)
