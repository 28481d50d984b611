"""The base criteria measured on a tiny hand-made warehouse."""

import datetime as dt

import pytest
from handmade_warehouse import build_warehouse, d, three_ml_structures

from perfml.funding.criteria import measure_criteria
from perfml.warehouse import connect

ROWS = {
    "structures": three_ml_structures(),
    "jeunes": [
        # j1: first reception in 2023 at 01001.
        {"id_jeune": "j1", "code_ml": "01001", "date_naissance": d("2003-01-01"), "sexe": "F",
         "date_premier_accueil": d("2023-05-02"), "neet_premier_accueil": True},
        # j2: received in 2022, still in a PACEA at 01001 in January 2023.
        {"id_jeune": "j2", "code_ml": "01001", "date_naissance": d("2003-01-01"), "sexe": "M",
         "date_premier_accueil": d("2022-05-02"), "neet_premier_accueil": True},
        # j3: received on 30 Dec 2023 but entered on 5 March 2024, after the as-of date.
        {"id_jeune": "j3", "code_ml": "01002", "date_naissance": d("2003-01-01"), "sexe": "F",
         "date_premier_accueil": d("2023-12-30"), "neet_premier_accueil": False,
         "date_saisie": d("2024-03-05")},
        # j4: received in 2021, only a proposition at 13001 in 2023.
        {"id_jeune": "j4", "code_ml": "13001", "date_naissance": d("2002-01-01"), "sexe": "M",
         "date_premier_accueil": d("2021-02-01"), "neet_premier_accueil": True},
    ],
    "dispositifs": [
        {"id_dispositif": "p2", "id_jeune": "j2", "code_ml": "01001", "type": "PACEA",
         "date_entree": d("2022-06-01"), "date_sortie": d("2023-01-10"),
         "situation_sortie": "EMPLOI"},
        {"id_dispositif": "p1", "id_jeune": "j1", "code_ml": "01001", "type": "PACEA",
         "date_entree": d("2023-06-01")},
        {"id_dispositif": "g1", "id_jeune": "j1", "code_ml": "01002", "type": "GJ",
         "id_dispositif_parent": "p1", "date_entree": d("2023-07-01")},
    ],
    "propositions": [
        {"id_proposition": "x1", "id_jeune": "j4", "code_ml": "13001",
         "date_proposition": d("2023-03-03"), "theme": "EMPLOI"},
    ],
    "contexte": [
        {"code_ml": "01001", "annee": 2022, "neet_16_25": 100},
        {"code_ml": "01001", "annee": 2023, "neet_16_25": 120},
        {"code_ml": "01002", "annee": 2021, "neet_16_25": 80},
    ],
    "structures_annee": [
        {"code_ml": "13001", "annee": 2023, "etp": 12.5, "ressources_eur": 1e6},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def criteria(tmp_path_factory):
    path = build_warehouse(tmp_path_factory.mktemp("criteres") / "e.duckdb", ROWS)
    con = connect(path)
    yield measure_criteria(con, 2023, as_of=dt.date(2024, 3, 1)).set_index("code_ml")
    con.disconnect()


def test_youths_accompanied_count_receptions_running_schemes_and_propositions(criteria):
    # 01001: j1 (reception) and j2 (PACEA running into 2023); 01002: j1 (GJ); 13001: j4.
    assert criteria["jeunes_accompagnes"].to_dict() == {"01001": 2, "01002": 1, "13001": 1}


def test_first_receptions_leave_out_rows_entered_after_the_as_of_date(criteria):
    assert criteria["premiers_accueils"].to_dict() == {"01001": 1, "01002": 0, "13001": 0}


def test_entries_count_pacea_and_gj_separately(criteria):
    assert criteria["entrees_pacea"].to_dict() == {"01001": 1, "01002": 0, "13001": 0}
    assert criteria["entrees_gj"].to_dict() == {"01001": 0, "01002": 1, "13001": 0}


def test_neet_takes_the_year_or_the_latest_year_before(criteria):
    assert criteria.loc["01001", "neet_16_25"] == 120
    assert criteria.loc["01002", "neet_16_25"] == 80


def test_a_yearly_quantity_is_unknown_without_any_row(criteria):
    assert criteria["neet_16_25"].isna().to_dict()["13001"]
    assert criteria.loc["13001", "etp"] == 12.5


def test_fixed_part_is_one_per_ml(criteria):
    assert criteria["part_fixe"].tolist() == [1, 1, 1]


def test_every_ml_of_structures_is_there_with_its_region(criteria):
    assert criteria["code_region"].to_dict() == {"01001": "84", "01002": "84", "13001": "93"}
