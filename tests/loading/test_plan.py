"""Matching a file's columns to its table: loaded, missing, kept or ignored."""

from pathlib import Path

import pytest

from perfml.contract import table
from perfml.errors import UserError
from perfml.loading.formats import SourceFile
from perfml.loading.plan import loader_columns, plan_table


def csv_source(name, columns):
    return SourceFile(
        table=name,
        path=Path(f"{name}.csv"),
        kind="csv",
        columns=tuple(columns),
        types=("VARCHAR",) * len(columns),
        delimiter=";",
    )


def test_columns_are_matched_whatever_their_case_and_spaces():
    plan = plan_table(table("offres"), csv_source("offres", ["ID_OFFRE", " code_ml ", "Origine",
                                                            "date_collecte"]))  # fmt: skip
    assert plan.field("id_offre").source == "ID_OFFRE"
    assert plan.field("code_ml").source == " code_ml "
    assert plan.missing_required == []


def test_an_absent_optional_column_has_no_source():
    plan = plan_table(table("offres"), csv_source("offres", ["id_offre", "code_ml", "origine",
                                                            "date_collecte"]))  # fmt: skip
    assert plan.field("nb_postes").source is None
    assert not plan.is_rejected_whole


def test_a_missing_required_column_rejects_the_table():
    plan = plan_table(table("offres"), csv_source("offres", ["id_offre", "code_ml", "origine"]))
    assert plan.missing_required == ["date_collecte"]
    assert plan.is_rejected_whole


def test_extra_columns_of_contexte_are_kept_as_numbers():
    plan = plan_table(
        table("contexte"),
        csv_source("contexte", ["code_ml", "annee", "neet_16_25", "taux_pauvrete"]),
    )
    extra = plan.field("taux_pauvrete")
    assert extra.column.type == "decimal"
    assert plan.warnings == []


def test_extra_columns_elsewhere_are_ignored_with_a_warning():
    columns = ["id_offre", "code_ml", "origine", "date_collecte", "commentaire"]
    plan = plan_table(table("offres"), csv_source("offres", columns))
    assert "commentaire" not in [f.name for f in plan.fields]
    assert plan.warnings == [
        "Colonne « commentaire » de offres.csv ignorée : "
        "elle n'est pas dans le contrat de la table offres."
    ]


def test_a_column_without_header_is_ignored_with_a_warning():
    plan = plan_table(table("offres"), csv_source("offres", ["id_offre", "code_ml", "origine",
                                                            "date_collecte", ""]))  # fmt: skip
    assert plan.warnings == ["Colonne n° 5 de offres.csv ignorée : son en-tête est vide."]


def test_region_and_departement_names_are_kept_in_structures():
    columns = ["code_ml", "nom", "code_departement", "code_region", "nom_region"]
    plan = plan_table(table("structures"), csv_source("structures", columns))
    assert plan.field("nom_region").source == "nom_region"
    assert plan.warnings == []


def test_a_repeated_column_is_refused():
    with pytest.raises(UserError, match="apparaît deux fois"):
        plan_table(table("offres"), csv_source("offres", ["id_offre", "ID_OFFRE"]))


def test_a_file_without_any_expected_column_is_refused():
    with pytest.raises(UserError, match="ne ressemble pas à la table offres"):
        plan_table(table("offres"), csv_source("offres", ["<html>"]))


def test_the_referential_may_lack_region_and_departement():
    columns = {c.name: c for c in loader_columns(table("structures"), from_referential=True)}
    assert not columns["code_region"].required
    assert not columns["code_departement"].required
    assert columns["nom"].required


def test_saint_martin_is_an_accepted_departement():
    import re

    pattern = {c.name: c for c in loader_columns(table("structures"))}["code_departement"].pattern
    assert re.fullmatch(pattern, "978")
    assert not re.fullmatch(pattern, "977")
