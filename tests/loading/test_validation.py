"""Every rule of the contract on a tiny extract: which row is rejected, why, and the counts.

Each case spoils the valid extract of `builder.valid_rows()` in one way. Line numbers
follow the loader's convention: the n-th data row is line n + 1 (the header is line 1).
"""

import datetime as dt

import pytest

from loading.builder import EXTRACT_DATE, load_rows, rejects, valid_rows


def changed(table, index, **cells):
    """The valid extract with some cells of one row changed."""
    rows = valid_rows()
    rows[table][index] = {**rows[table][index], **cells}
    return rows


def appended(table, **cells):
    """The valid extract with one more row: a copy of the table's first row, changed."""
    rows = valid_rows()
    rows[table].append({**rows[table][0], **cells})
    return rows


# (case, rows, expected reject (table, line, column, rule))
CASES = [
    (
        "cellule obligatoire vide",
        changed("jeunes", 1, date_naissance=None),
        ("jeunes", 3, "date_naissance", "obligatoire"),
    ),
    (
        "date illisible",
        changed("dispositifs", 2, date_entree="hier"),
        ("dispositifs", 4, "date_entree", "type"),
    ),
    (
        "date impossible",
        changed("situations", 0, date_debut="2024-02-30"),
        ("situations", 2, "date_debut", "type"),
    ),
    (
        "année décimale",
        changed("structures_annee", 0, annee="2024.5"),
        ("structures_annee", 2, "annee", "type"),
    ),
    (
        "booléen illisible",
        changed("jeunes", 0, qpv="peut-être"),
        ("jeunes", 2, "qpv", "type"),
    ),
    (
        "nombre illisible",
        changed("structures_annee", 1, etp="douze"),
        ("structures_annee", 3, "etp", "type"),
    ),
    (
        "valeur hors liste",
        changed("situations", 1, categorie="CHOMAGE"),
        ("situations", 3, "categorie", "valeur_hors_liste"),
    ),
    (
        "code de mission locale mal formé",
        appended("structures", code_ml="1234"),
        ("structures", 4, "code_ml", "format"),
    ),
    (
        "région inconnue",
        appended("structures", code_ml="75056", code_region="99"),
        ("structures", 4, "code_region", "valeur_hors_liste"),
    ),
    (
        "nombre sous le minimum",
        changed("structures_annee", 0, etp=-1.0),
        ("structures_annee", 2, "etp", "minimum"),
    ),
    (
        "nombre de postes nul",
        changed("offres", 0, nb_postes=0),
        ("offres", 2, "nb_postes", "minimum"),
    ),
    (
        "sortie avant l'entrée",
        changed("dispositifs", 0, date_sortie=dt.date(2023, 2, 1)),
        ("dispositifs", 2, "date_sortie", "ordre_des_dates"),
    ),
    (
        "premier accueil avant la naissance",
        changed("jeunes", 2, date_premier_accueil=dt.date(2003, 1, 1)),
        ("jeunes", 4, "date_premier_accueil", "ordre_des_dates"),
    ),
    (
        "sortie sans situation de sortie",
        changed("dispositifs", 0, situation_sortie=None),
        ("dispositifs", 2, "situation_sortie", "obligatoire_si"),
    ),
    (
        "situation de sortie sans sortie",
        changed("dispositifs", 2, situation_sortie="EMPLOI"),
        ("dispositifs", 4, "situation_sortie", "interdit_si"),
    ),
    (
        "mise en relation réalisée sans date",
        changed("mises_en_relation", 0, date_realisation=None),
        ("mises_en_relation", 2, "date_realisation", "obligatoire_si"),
    ),
    (
        "date de réalisation d'une mise en relation non réalisée",
        changed("mises_en_relation", 1, date_realisation=dt.date(2024, 2, 1)),
        ("mises_en_relation", 3, "date_realisation", "interdit_si"),
    ),
    (
        "date postérieure à la date d'extraction",
        changed("offres", 1, date_collecte=dt.date(2024, 6, 1), date_saisie=dt.date(2024, 1, 20)),
        ("offres", 3, "date_collecte", "date_future"),
    ),
    (
        "clé en double",
        appended("offres", nb_postes=5),
        ("offres", 4, "id_offre", "cle_en_double"),
    ),
    (
        "clé composée en double",
        appended("contexte", neet_16_25=5),
        ("contexte", 4, "code_ml, annee", "cle_en_double"),
    ),
    (
        "référence inconnue",
        changed("mises_en_relation", 1, id_offre="O9"),
        ("mises_en_relation", 3, "id_offre", "reference_inconnue"),
    ),
    (
        "mission locale inconnue",
        changed("propositions", 0, code_ml="99999"),
        ("propositions", 2, "code_ml", "reference_inconnue"),
    ),
    (
        "phase collective d'un PACEA",
        changed("phases_collectives", 0, id_dispositif="P1"),
        ("phases_collectives", 2, "id_dispositif", "parent_type"),
    ),
    (
        "GJ rattachée à une GJ",
        appended("dispositifs", id_dispositif="G2", type="GJ", id_dispositif_parent="G1"),
        ("dispositifs", 5, "id_dispositif_parent", "parent_type"),
    ),
    (
        "GJ rattachée au PACEA d'un autre jeune",
        changed("dispositifs", 1, id_dispositif_parent="P3"),
        ("dispositifs", 3, "id_dispositif_parent", "parent_autre_jeune"),
    ),
    (
        "GJ rattachée à un dispositif inconnu",
        changed("dispositifs", 1, id_dispositif_parent="P404"),
        ("dispositifs", 3, "id_dispositif_parent", "reference_inconnue"),
    ),
    (
        "PACEA rattaché à un autre dispositif",
        changed("dispositifs", 2, id_dispositif_parent="P1"),
        ("dispositifs", 4, "id_dispositif_parent", "parent_reserve_gj"),
    ),
]


@pytest.mark.parametrize(("case", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_rule_rejects_the_row_with_its_rule(tmp_path, case, rows, expected):
    report, warehouse = load_rows(tmp_path, rows)
    assert expected in rejects(warehouse)
    table = report.tables[expected[0]]
    assert table.rejected >= 1
    assert table.read == table.loaded + table.rejected


def test_a_valid_extract_has_no_reject(tmp_path):
    report, warehouse = load_rows(tmp_path)
    assert rejects(warehouse) == []
    assert report.rejected == 0
    assert report.loaded == sum(len(rows) for rows in valid_rows().values())


def test_a_row_breaking_two_rules_counts_once(tmp_path):
    report, warehouse = load_rows(tmp_path, changed("jeunes", 0, sexe="X", qpv="?"))
    found = [r for r in rejects(warehouse) if r[0] == "jeunes"]
    assert {r[3] for r in found} == {"valeur_hors_liste", "type"}
    assert report.tables["jeunes"].rejected == 1


def test_the_first_of_duplicate_keys_is_kept(tmp_path):
    rows = appended("offres", nb_postes=5)
    _, warehouse = load_rows(tmp_path, rows)
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        kept = con.execute("SELECT nb_postes FROM offres WHERE id_offre = 'O1'").fetchall()
    assert kept == [(2,)]


def test_a_rejected_youth_rejects_its_children_and_grandchildren(tmp_path):
    report, warehouse = load_rows(tmp_path, changed("jeunes", 0, sexe="X"))
    cascade = {
        (t, line, rule) for t, line, _, rule in rejects(warehouse) if rule == "parent_rejete"
    }
    assert cascade == {
        ("dispositifs", 2, "parent_rejete"),  # P1 of J1
        ("dispositifs", 3, "parent_rejete"),  # G1 of J1 (and of P1)
        ("situations", 2, "parent_rejete"),
        ("propositions", 2, "parent_rejete"),
        ("mises_en_relation", 2, "parent_rejete"),
        ("phases_collectives", 2, "parent_rejete"),  # grandchild: phase of G1
    }
    assert report.tables["phases_collectives"].loaded == 0


def test_a_rejected_pacea_rejects_its_gj_within_the_same_table(tmp_path):
    _, warehouse = load_rows(tmp_path, changed("dispositifs", 0, type="?"))
    assert ("dispositifs", 3, "id_dispositif_parent", "parent_rejete") in rejects(warehouse)


def test_a_rejected_mission_locale_cascades_to_every_table(tmp_path):
    rows = changed("structures", 1, code_departement="2C")
    report, _ = load_rows(tmp_path, rows)
    # 2A004 has one row in each of structures_annee, contexte, jeunes (J3), dispositifs
    # (P3), propositions (R2), offres (O2), mises_en_relation (M2).
    for table in ("structures_annee", "contexte", "jeunes", "dispositifs", "offres"):
        assert report.tables[table].rejected == 1, table
    assert report.tables["mises_en_relation"].rejected == 1
    assert report.is_balanced


def test_a_user_extract_date_rejects_later_dates(tmp_path):
    report, warehouse = load_rows(tmp_path, extract_date=dt.date(2023, 12, 31))
    future = {(t, line) for t, line, _, rule in rejects(warehouse) if rule == "date_future"}
    assert ("jeunes", 4) in future  # J3, welcomed on 10/01/2024
    assert report.extract_date == dt.date(2023, 12, 31)
    assert report.extract_date_origin == "utilisateur"


def test_the_extract_date_is_the_newest_entry_date(tmp_path):
    report, _ = load_rows(tmp_path)
    assert report.extract_date == EXTRACT_DATE
    assert report.extract_date_origin == "extrait"


def test_the_newest_exit_entry_date_counts_for_the_extract_date(tmp_path):
    rows = changed("dispositifs", 0, date_saisie_sortie=dt.date(2024, 4, 2))
    report, _ = load_rows(tmp_path, rows)
    assert report.extract_date == dt.date(2024, 4, 2)


def test_a_missing_required_column_rejects_the_whole_table_and_its_children(tmp_path):
    rows = valid_rows()
    for row in rows["jeunes"]:
        del row["sexe"]
    report, warehouse = load_rows(tmp_path, rows)
    assert report.tables["jeunes"].loaded == 0
    assert report.tables["jeunes"].rejected == 3
    assert ("jeunes", 2, "sexe", "colonne_manquante") in rejects(warehouse)
    assert report.tables["dispositifs"].loaded == 0
    assert report.tables["phases_collectives"].loaded == 0
    assert report.is_balanced


def test_a_missing_optional_column_is_loaded_as_null(tmp_path):
    rows = valid_rows()
    for row in rows["jeunes"]:
        del row["rqth"]
    report, warehouse = load_rows(tmp_path, rows)
    from loading.builder import column_values

    assert report.rejected == 0
    assert column_values(warehouse, "jeunes", "rqth") == [None, None, None]


def test_every_rule_is_documented():
    from pathlib import Path

    from perfml.loading.validation import RULES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "chargement.md").read_text()
    assert [rule for rule in RULES if f"| `{rule}` |" not in doc] == []
