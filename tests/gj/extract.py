"""Garantie jeunes follow-up on a hand-made extract: year 2024 observed on 15 July 2024.

- 01001 (region 84): entries 2 in January, 1 in February, 1 in March, 2 in June, 1 on
  10 July, and one on 12 July entered on 20 July (unknown on the 15th); in 2023, 3 entries
  from January to June and 12 in the year.
- 01002 (region 84): four entries on 1 February 2024 for the quality criteria.
- 13001 (region 93): three GJ exits of 2024 for indicator 6.
"""

from __future__ import annotations

import pandas as pd
from handmade_warehouse import d, three_ml_structures

AS_OF = d("2024-07-15")


class Extract:
    """Builds youths with a PACEA and its GJ phase."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {
            "structures": three_ml_structures(),
            "jeunes": [],
            "dispositifs": [],
            "situations": [],
            "phases_collectives": [],
            "structures_annee": [],
            "contexte": [],
        }

    def gj(self, youth, ml, entry, exit=None, situation=None, born="2000-01-01", sexe="M",
           rqth=None, saisie=None):  # fmt: skip
        self.rows["jeunes"].append(
            {"id_jeune": youth, "code_ml": ml, "date_naissance": d(born), "sexe": sexe,
             "date_premier_accueil": d("2022-01-01"), "neet_premier_accueil": True,
             "rqth": rqth}
        )  # fmt: skip
        self.rows["dispositifs"] += [
            {"id_dispositif": f"P{youth}", "id_jeune": youth, "code_ml": ml, "type": "PACEA",
             "date_entree": d("2022-06-01")},
            {"id_dispositif": f"G{youth}", "id_jeune": youth, "code_ml": ml, "type": "GJ",
             "id_dispositif_parent": f"P{youth}", "date_entree": d(entry),
             "date_sortie": d(exit) if exit else None, "situation_sortie": situation,
             "date_saisie": d(saisie) if saisie else None},
        ]  # fmt: skip

    def phase(self, youth, start, end):
        self.rows["phases_collectives"].append(
            {"id_dispositif": f"G{youth}", "date_debut": d(start), "date_fin": d(end)}
        )

    def situation(self, youth, category, start):
        n = len(self.rows["situations"])
        self.rows["situations"].append(
            {"id_situation": f"S{n}", "id_jeune": youth, "categorie": category,
             "date_debut": d(start)}
        )  # fmt: skip


def make_extract() -> Extract:
    e = Extract()
    for i, day in enumerate(
        ["2024-01-05", "2024-01-20", "2024-02-03", "2024-03-10", "2024-06-01", "2024-06-30",
         "2024-07-10"]
    ):  # fmt: skip
        e.gj(f"A{i}", "01001", day)
    e.gj("A7", "01001", "2024-07-12", saisie="2024-07-20")
    for i in range(12):
        e.gj(f"B{i}", "01001", f"2023-{[1, 3, 6, 7, 8, 8, 9, 9, 10, 11, 12, 12][i]:02d}-10",
             exit="2023-12-31", situation="AUTRE")  # fmt: skip
    # 01002: Y1 is 17 on entry, Y2 turns 18 that day.
    e.gj("Y1", "01002", "2024-02-01", exit="2024-06-30", situation="AUTRE", born="2006-03-01",
         sexe="F", rqth=True)  # fmt: skip
    e.gj("Y2", "01002", "2024-02-01", born="2006-02-01")
    e.gj("Y3", "01002", "2024-02-01", exit="2024-07-15", situation="AUTRE", sexe="F", rqth=False)
    e.gj("Y4", "01002", "2024-02-01", exit="2024-08-01", situation="EMPLOI", rqth=True)
    e.phase("Y1", "2024-02-05", "2024-03-03")  # 28 days
    e.phase("Y2", "2024-02-05", "2024-02-18")  # 14 days
    e.phase("Y2", "2024-04-01", "2024-04-13")  # 13 days
    e.phase("Y4", "2024-07-01", "2024-08-30")  # 15 days up to 15 July
    e.situation("Y1", "IMMERSION", "2024-05-01")  # the last day of the 3 months
    e.situation("Y2", "EMPLOI", "2024-05-02")  # one day too late
    e.situation("Y3", "SNP", "2024-02-10")
    e.situation("Y3", "FORMATION", "2024-03-01")
    e.situation("Y4", "ALTERNANCE", "2024-01-15")  # before the entry
    # 13001: Z1 and Z3 went to term (12 and 18 months), Z2 left 2 days before its 12 months.
    e.gj("Z1", "13001", "2023-01-10", exit="2024-01-09", situation="EMPLOI")
    e.gj("Z2", "13001", "2023-03-01", exit="2024-02-27", situation="ALTERNANCE")
    e.gj("Z3", "13001", "2022-09-01", exit="2024-03-01", situation="FORMATION")
    e.rows["structures_annee"] = [
        {"code_ml": "01001", "annee": 2024, "etp": 10.0, "ressources_eur": 1e6},
        {"code_ml": "01002", "annee": 2023, "etp": 5.0, "ressources_eur": 5e5,
         "etp_conseillers_gj": 1.0},
        {"code_ml": "01002", "annee": 2024, "etp": 5.0, "ressources_eur": 5e5,
         "etp_conseillers_gj": 0.5},
    ]  # fmt: skip
    e.rows["contexte"] = [
        {"code_ml": "01001", "annee": 2024, "neet_16_25": 300},
        {"code_ml": "01002", "annee": 2024, "neet_16_25": 100},
        {"code_ml": "13001", "annee": 2023, "neet_16_25": 600},
    ]
    return e


def row(frame: pd.DataFrame, niveau: str, code: str) -> pd.Series:
    """Return the row of `frame` for one level and code."""
    return frame[(frame["niveau"] == niveau) & (frame["code"] == code)].iloc[0]


# The hand-made extract is a whole network of two regions (the GJ tests' configurations
# say so: the national target is then split between them).
NETWORK = ("84", "93")
