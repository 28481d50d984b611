"""Build hand-made extracts row by row, and the test cases made of them.

`Extract` holds rows of the contract tables, added with short helpers whose omitted cells
stay null (as the loader leaves empty optional cells). Identifiers are unique across all
extracts of a test session, so that extracts can be merged into one.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from perfml.indicators import Period

D = dt.date
_IDS = itertools.count()


@dataclass
class Extract:
    """Rows of the contract tables, built with short helpers."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(_IDS)}"

    def ml(self, code: str, region: str = "84") -> str:
        self.rows["structures"].append(
            {"code_ml": code, "nom": f"ML {code}", "code_departement": "01", "code_region": region}
        )
        return code

    def context(self, code: str, year: int, neet: int) -> None:
        self.rows["contexte"].append({"code_ml": code, "annee": year, "neet_16_25": neet})

    def yearly(self, code: str, year: int, etp: float, resources: float) -> None:
        self.rows["structures_annee"].append(
            {"code_ml": code, "annee": year, "etp": etp, "ressources_eur": resources}
        )

    def youth(
        self, code: str, reception: dt.date, neet: bool = True, entered: dt.date | None = None
    ) -> str:
        youth_id = self._id(f"j{code}-")
        self.rows["jeunes"].append(
            {
                "id_jeune": youth_id,
                "code_ml": code,
                "date_naissance": D(2004, 5, 17),
                "sexe": "F",
                "date_premier_accueil": reception,
                "neet_premier_accueil": neet,
                "date_saisie": entered,
            }
        )
        return youth_id

    def dispositif(
        self,
        youth: str,
        code: str,
        entry: dt.date,
        exit: dt.date | None = None,
        situation: str | None = None,
        kind: str = "PACEA",
        entered: dt.date | None = None,
        exit_entered: dt.date | None = None,
    ) -> str:
        if exit is not None and situation is None:
            situation = "AUTRE"
        dispositif_id = self._id(f"d{code}-")
        self.rows["dispositifs"].append(
            {
                "id_dispositif": dispositif_id,
                "id_jeune": youth,
                "code_ml": code,
                "type": kind,
                "date_entree": entry,
                "date_sortie": exit,
                "situation_sortie": situation,
                "date_saisie": entered,
                "date_saisie_sortie": exit_entered,
            }
        )
        return dispositif_id

    def situation(
        self,
        youth: str,
        category: str,
        start: dt.date,
        end: dt.date | None = None,
        entered: dt.date | None = None,
    ) -> None:
        self.rows["situations"].append(
            {
                "id_situation": self._id("s"),
                "id_jeune": youth,
                "categorie": category,
                "date_debut": start,
                "date_fin": end,
                "date_saisie": entered,
            }
        )

    def proposition(
        self, youth: str, code: str, day: dt.date, entered: dt.date | None = None
    ) -> None:
        self.rows["propositions"].append(
            {
                "id_proposition": self._id("p"),
                "id_jeune": youth,
                "code_ml": code,
                "date_proposition": day,
                "theme": "EMPLOI",
                "date_saisie": entered,
            }
        )

    def offer(
        self,
        code: str,
        collected: dt.date,
        origin: str = "INTERNE",
        posts: int | None = None,
        entered: dt.date | None = None,
    ) -> str:
        offer_id = self._id(f"o{code}-")
        self.rows["offres"].append(
            {
                "id_offre": offer_id,
                "code_ml": code,
                "origine": origin,
                "date_collecte": collected,
                "nb_postes": posts,
                "date_saisie": entered,
            }
        )
        return offer_id

    def mer(
        self,
        offer: str,
        code: str,
        prescribed: dt.date,
        status: str = "PRESCRITE",
        done: dt.date | None = None,
        entered: dt.date | None = None,
        youth: str | None = None,
    ) -> None:
        if youth is None:
            youth = self.youth(code, D(2020, 1, 1), neet=False)
        self.rows["mises_en_relation"].append(
            {
                "id_mer": self._id("m"),
                "id_offre": offer,
                "id_jeune": youth,
                "code_ml": code,
                "date_prescription": prescribed,
                "statut": status,
                "date_realisation": done,
                "date_saisie": entered,
            }
        )


@dataclass
class Case:
    """A hand-made extract, the period and as-of date it is computed for, and the figures
    expected by hand."""

    name: str
    extract: Extract
    period: Period
    as_of: dt.date | None
    expected: dict[tuple[str, int], tuple[float | None, float | None, float | None]]
    level: str = "ML"

    @property
    def rows(self) -> dict[str, list[dict]]:
        return self.extract.rows
