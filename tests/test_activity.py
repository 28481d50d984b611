"""Activity measures on a hand-made extract, first semester 2024, as of 1 September 2024."""

from __future__ import annotations

import pytest
from handmade_warehouse import build_warehouse, d, three_ml_structures

from perfml import activity
from perfml.indicators.periods import Period
from perfml.warehouse import connect

PERIOD, AS_OF = Period.semester(2024, 1), d("2024-09-01")

ROWS = {
    "structures": three_ml_structures(),
    "jeunes": [
        # J2 was entered after the as-of date: it does not exist yet on 1 September.
        {"id_jeune": "J1", "code_ml": "01001", "date_naissance": d("2004-01-01"),
         "sexe": "F", "date_premier_accueil": d("2024-02-10"), "neet_premier_accueil": True},
        {"id_jeune": "J2", "code_ml": "01001", "date_naissance": d("2004-01-01"),
         "sexe": "M", "date_premier_accueil": d("2024-03-05"), "neet_premier_accueil": False,
         "date_saisie": d("2024-10-01")},
        {"id_jeune": "J3", "code_ml": "01002", "date_naissance": d("2003-01-01"),
         "sexe": "M", "date_premier_accueil": d("2023-05-01"), "neet_premier_accueil": True},
        {"id_jeune": "J4", "code_ml": "13001", "date_naissance": d("2005-01-01"),
         "sexe": "F", "date_premier_accueil": d("2024-06-30"), "neet_premier_accueil": None},
        {"id_jeune": "J5", "code_ml": "13001", "date_naissance": d("2002-01-01"),
         "sexe": "F", "date_premier_accueil": d("2022-01-01"), "neet_premier_accueil": True},
    ],
    "dispositifs": [
        {"id_dispositif": "P1", "id_jeune": "J1", "code_ml": "01001", "type": "PACEA",
         "date_entree": d("2024-02-20"), "date_sortie": d("2024-05-10"),
         "situation_sortie": "EMPLOI"},
        {"id_dispositif": "P2", "id_jeune": "J3", "code_ml": "01002", "type": "PACEA",
         "date_entree": d("2023-06-01")},
        # An exit on the last day ends the phase: not in the stock of 30 June.
        {"id_dispositif": "G2", "id_jeune": "J3", "code_ml": "01002", "type": "GJ",
         "id_dispositif_parent": "P2", "date_entree": d("2024-01-15"),
         "date_sortie": d("2024-06-30"), "situation_sortie": "FORMATION"},
        # The exit was recorded on 15 September: on 1 September the PACEA still runs.
        {"id_dispositif": "P3", "id_jeune": "J4", "code_ml": "13001", "type": "PACEA",
         "date_entree": d("2024-03-01"), "date_sortie": d("2024-06-15"),
         "situation_sortie": "ALTERNANCE", "date_saisie_sortie": d("2024-09-15")},
        {"id_dispositif": "P4", "id_jeune": "J1", "code_ml": "01001", "type": "PACEA",
         "date_entree": d("2024-07-01")},
    ],
    "situations": [
        {"id_situation": "S1", "id_jeune": "J3", "categorie": "EMPLOI",
         "date_debut": d("2024-03-01")},
        {"id_situation": "S2", "id_jeune": "J5", "categorie": "FORMATION",
         "date_debut": d("2024-04-01"), "date_fin": d("2024-05-01")},
    ],
    "propositions": [
        {"id_proposition": "R1", "id_jeune": "J1", "code_ml": "01001",
         "date_proposition": d("2024-02-11"), "theme": "EMPLOI"},
        {"id_proposition": "R2", "id_jeune": "J1", "code_ml": "01001",
         "date_proposition": d("2024-04-01"), "theme": "SANTE"},
        {"id_proposition": "R3", "id_jeune": "J3", "code_ml": "01002",
         "date_proposition": d("2024-05-01"), "theme": "EMPLOI",
         "date_saisie": d("2024-09-02")},
        {"id_proposition": "R4", "id_jeune": "J3", "code_ml": "01002",
         "date_proposition": d("2023-12-31"), "theme": "LOGEMENT"},
    ],
    "offres": [
        {"id_offre": "O1", "code_ml": "01001", "origine": "INTERNE",
         "date_collecte": d("2024-01-10"), "nb_postes": 3},
        {"id_offre": "O2", "code_ml": "01001", "origine": "EXTERNE",
         "date_collecte": d("2024-02-10")},
        {"id_offre": "O3", "code_ml": "13001", "origine": "INTERNE",
         "date_collecte": d("2024-08-01")},
    ],
    "mises_en_relation": [
        {"id_mer": "M1", "id_offre": "O1", "id_jeune": "J1", "code_ml": "01001",
         "date_prescription": d("2024-02-01"), "statut": "REALISEE",
         "date_realisation": d("2024-02-15")},
        # Carried out after the as-of date: still pending on 1 September.
        {"id_mer": "M2", "id_offre": "O2", "id_jeune": "J1", "code_ml": "01001",
         "date_prescription": d("2024-03-01"), "statut": "REALISEE",
         "date_realisation": d("2024-09-10")},
        {"id_mer": "M3", "id_offre": "O3", "id_jeune": "J4", "code_ml": "13001",
         "date_prescription": d("2024-06-01"), "statut": "REFUSEE"},
        {"id_mer": "M4", "id_offre": "O1", "id_jeune": "J3", "code_ml": "01002",
         "date_prescription": d("2024-06-20"), "statut": "ANNULEE"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("activity") / "w.duckdb", ROWS)


@pytest.fixture(scope="module")
def as_of_frame(warehouse):
    con = connect(warehouse)
    return activity.compute_activity(con, PERIOD, AS_OF)


@pytest.fixture(scope="module")
def full_frame(warehouse):
    con = connect(warehouse)
    return activity.compute_activity(con, PERIOD)


AS_OF_EXPECTED = [
    ("01001", "jeunes_en_contact", 1),
    ("01002", "jeunes_en_contact", 1),
    ("13001", "jeunes_en_contact", 2),
    ("01001", "premiers_accueils", 1),
    ("01001", "premiers_accueils_neet", 1),
    ("13001", "premiers_accueils", 1),
    ("13001", "premiers_accueils_neet", 0),
    ("01001", "entrees_pacea", 1),
    ("01002", "entrees_gj", 1),
    ("01001", "jeunes_accompagnes_pacea", 1),
    ("01002", "jeunes_accompagnes_pacea", 1),
    ("01001", "stock_pacea", 0),
    ("01002", "stock_pacea", 1),
    ("01002", "stock_gj", 0),
    ("13001", "stock_pacea", 1),
    ("01001", "sorties_pacea", 1),
    ("01001", "sorties_pacea_emploi", 1),
    ("13001", "sorties_pacea", 0),
    ("01002", "sorties_gj", 1),
    ("01002", "sorties_gj_emploi_alternance", 0),
    ("01001", "propositions", 2),
    ("01001", "propositions_emploi", 1),
    ("01001", "propositions_sante", 1),
    ("01002", "propositions", 0),
    ("01001", "offres_collectees", 2),
    ("01001", "offres_internes", 1),
    ("01001", "offres_externes", 1),
    ("01001", "postes_offerts", 4),
    ("13001", "offres_collectees", 0),
    ("01001", "mer_prescrites", 2),
    ("01001", "mer_realisees", 1),
    ("01001", "mer_offres_internes", 1),
    ("01001", "mer_realisees_offres_internes", 1),
    ("01002", "mer_offres_internes", 1),
    ("01002", "mer_realisees_offres_internes", 0),
    ("13001", "mer_prescrites", 1),
]


@pytest.mark.parametrize(("code_ml", "measure", "expected"), AS_OF_EXPECTED)
def test_measure_as_of_consolidation_date_matches_hand_count(
    as_of_frame, code_ml, measure, expected
):
    assert as_of_frame.loc[code_ml, measure] == expected


FULL_EXPECTED = [
    ("01001", "premiers_accueils", 2),
    ("01001", "jeunes_en_contact", 2),
    ("13001", "stock_pacea", 0),
    ("13001", "sorties_pacea", 1),
    ("13001", "sorties_pacea_alternance", 1),
    ("01001", "mer_realisees", 2),
    ("01002", "propositions", 1),
]


@pytest.mark.parametrize(("code_ml", "measure", "expected"), FULL_EXPECTED)
def test_measure_without_as_of_counts_every_row(full_frame, code_ml, measure, expected):
    assert full_frame.loc[code_ml, measure] == expected


def test_every_ml_of_structures_gets_a_row_with_every_measure(as_of_frame):
    assert list(as_of_frame.index) == ["01001", "01002", "13001"]
    assert list(as_of_frame.columns) == list(activity.MEASURE_NAMES)


def test_region_and_nation_are_sums_of_their_mls(warehouse):
    frame = activity.activity_by_level(connect(warehouse), PERIOD, AS_OF)
    rows = frame.set_index(["niveau", "code"])
    assert rows.loc[("REGION", "84"), "jeunes_en_contact"] == 2
    assert rows.loc[("REGION", "93"), "jeunes_en_contact"] == 2
    assert rows.loc[("NATIONAL", "FR"), "mer_prescrites"] == 4


def test_exit_destinations_add_up_to_pacea_exits(full_frame):
    parts = [m.name for m in activity.MEASURES if m.part_of == "sorties_pacea"]
    assert (full_frame[parts].sum(axis=1) == full_frame["sorties_pacea"]).all()


def test_visible_mer_offer_not_yet_collected_is_left_out(warehouse):
    con = connect(warehouse)
    ids = activity.visible(con, "mises_en_relation", d("2024-07-01")).execute()["id_mer"]
    assert "M3" not in set(ids)


def test_stock_is_taken_on_the_as_of_date_when_it_comes_before_the_period_end(warehouse):
    # On 1 May 2024 the GJ of J3 (exit 30 June) is still running.
    frame = activity.compute_activity(connect(warehouse), PERIOD, d("2024-05-01"))
    assert frame.loc["01002", "stock_gj"] == 1


def test_activity_counts_match_the_indicators_they_feed(mini_warehouse):
    from perfml.indicators import compute_indicators, official_as_of

    con = connect(mini_warehouse)
    period = Period.year(2023)
    as_of = official_as_of(period)
    ml = activity.compute_activity(con, period, as_of)
    ind = compute_indicators(con, period, as_of, levels=["ML"], numbers=[1, 5, 7, 8])
    ind = ind.set_index(["code", "indicateur"])

    def part(number, column):
        return ind.xs(number, level="indicateur")[column].reindex(ml.index)

    assert (ml["premiers_accueils_neet"] == part(1, "numerateur")).all()
    assert (ml["sorties_pacea"] == part(5, "denominateur")).all()
    assert (ml["mer_offres_internes"] == part(7, "denominateur")).all()
    assert (ml["mer_realisees_offres_internes"] == part(7, "numerateur")).all()
    assert (ml["offres_internes"] == part(8, "denominateur")).all()
