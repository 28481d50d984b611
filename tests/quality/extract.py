"""A hand-made extract for the data-quality checks: year 2024, extract of 30 June 2025.

- 01001 (region 84): late entries (J2, the exits of P1 and P5, situation S1) and an
  exit of P5 entered after the consolidation date of 1 March 2025, which changes its
  indicator 5; ICARE with 0 ETP; no internal offer.
- 01002 (region 84): incoherent paths (exit without destination, GJ without PACEA or
  outside it, overlapping situations, a situation at 12); context of 2022 only; ICARE with
  no resources; no first reception in 2024.
- 13001 (region 93): a MER prescribed before its offer, an exit entered before its entry,
  an entry before the first reception; no context row and no ICARE row.
"""

from __future__ import annotations

from handmade_warehouse import d, three_ml_structures


def youth(id_jeune, ml, first, born="2000-01-01", saisie=None):
    return {"id_jeune": id_jeune, "code_ml": ml, "date_naissance": d(born), "sexe": "F",
            "date_premier_accueil": d(first), "neet_premier_accueil": True,
            "date_saisie": d(saisie) if saisie else None}  # fmt: skip


def dispositif(id_, id_jeune, ml, kind, entry, exit=None, situation=None, parent=None,
               saisie=None, saisie_sortie=None):  # fmt: skip
    return {"id_dispositif": id_, "id_jeune": id_jeune, "code_ml": ml, "type": kind,
            "id_dispositif_parent": parent, "date_entree": d(entry),
            "date_sortie": d(exit) if exit else None, "situation_sortie": situation,
            "date_saisie": d(saisie) if saisie else None,
            "date_saisie_sortie": d(saisie_sortie) if saisie_sortie else None}  # fmt: skip


def situation(id_, id_jeune, category, start, end=None, saisie=None):
    return {"id_situation": id_, "id_jeune": id_jeune, "categorie": category,
            "date_debut": d(start), "date_fin": d(end) if end else None,
            "date_saisie": d(saisie) if saisie else None}  # fmt: skip


ROWS = {
    "structures": three_ml_structures(),
    "jeunes": [
        youth("J1", "01001", "2024-01-15", saisie="2024-03-15"),  # exactly 2 months: on time
        youth("J2", "01001", "2024-01-31", saisie="2024-04-01"),  # one day late
        youth("J3", "01001", "2024-05-01"),
        youth("K1", "01002", "2023-01-01"),
        youth("K2", "01002", "2023-01-01", born="2011-06-01"),
        youth("K3", "01002", "2023-01-01"),
        youth("K4", "01002", "2023-01-01"),
        youth("L1", "13001", "2024-02-01"),
        youth("L2", "13001", "2023-01-01"),
    ],
    "dispositifs": [
        dispositif(
            "P1",
            "J1",
            "01001",
            "PACEA",
            "2024-02-01",
            "2024-06-30",
            "EMPLOI",
            saisie="2024-02-01",
            saisie_sortie="2024-09-15",
        ),
        dispositif(
            "P5",
            "J3",
            "01001",
            "PACEA",
            "2024-05-10",
            "2024-11-15",
            "AUTRE",
            saisie_sortie="2025-04-01",
        ),
        dispositif("D1", "K1", "01002", "PACEA", "2023-06-01", "2024-05-01", None),
        dispositif("PK3", "K3", "01002", "PACEA", "2024-02-01", "2024-06-30", "EMPLOI"),
        dispositif("PK4", "K4", "01002", "PACEA", "2024-01-10"),
        dispositif("G1", "K1", "01002", "GJ", "2024-03-01"),  # no parent
        dispositif("G2", "K2", "01002", "GJ", "2024-03-01", parent="PK3"),  # another youth's
        dispositif("G3", "K3", "01002", "GJ", "2024-03-01", parent="PK3"),  # runs past PK3
        dispositif("G4", "K4", "01002", "GJ", "2024-02-01", parent="PK4"),  # fine
        dispositif(
            "E1",
            "L1",
            "13001",
            "PACEA",
            "2024-01-10",
            "2024-03-01",
            "EMPLOI",
            saisie="2024-06-01",
            saisie_sortie="2024-03-05",
        ),
    ],
    "situations": [
        situation("S1", "J1", "EMPLOI", "2024-03-01", saisie="2024-06-01"),
        situation("S2", "K1", "EMPLOI", "2024-01-01", "2024-03-31"),
        situation("S3", "K1", "EMPLOI", "2024-03-01", "2024-06-30"),  # 31 days with S2
        situation("S4", "K1", "FORMATION", "2024-01-01", "2024-01-20"),
        situation("S5", "K1", "FORMATION", "2024-01-10", "2024-02-10"),  # 11 days with S4
        situation("S6", "K3", "EMPLOI", "2024-09-01"),  # never closed
        situation("S7", "K3", "EMPLOI", "2024-11-01"),  # overlaps S6 up to the extract
        situation("S8", "K2", "IMMERSION", "2024-03-01"),  # at 12
    ],
    "offres": [
        {
            "id_offre": "O1",
            "code_ml": "13001",
            "origine": "INTERNE",
            "date_collecte": d("2024-05-01"),
        },
    ],
    "mises_en_relation": [
        {
            "id_mer": "M1",
            "id_offre": "O1",
            "id_jeune": "L2",
            "code_ml": "13001",
            "date_prescription": d("2024-04-20"),
            "statut": "PRESCRITE",
        },
        {
            "id_mer": "M2",
            "id_offre": "O1",
            "id_jeune": "L2",
            "code_ml": "13001",
            "date_prescription": d("2024-05-02"),
            "statut": "PRESCRITE",
        },
    ],
    "contexte": [
        {"code_ml": "01001", "annee": 2024, "neet_16_25": 500},
        {"code_ml": "01002", "annee": 2022, "neet_16_25": 300},
    ],
    "structures_annee": [
        {"code_ml": "01001", "annee": 2024, "etp": 0.0, "ressources_eur": 100.0},
        {
            "code_ml": "01002",
            "annee": 2024,
            "etp": 5.0,
            "ressources_eur": 0.0,
            "etp_conseillers_gj": 1.0,
        },
    ],
}
