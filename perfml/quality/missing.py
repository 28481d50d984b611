"""Missing data that blocks an indicator of an ML for the year.

Each gap says which indicators it leaves without a value (or with a meaningless one).
The yearly tables follow the indicators' rule: the row of the year, or the latest year
before; an older row is used but reported (`contexte_ancien`, `icare_ancien`).
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pandas as pd

from perfml.activity import has_table
from perfml.dashboard.context import latest_yearly_rows


@dataclass(frozen=True)
class Gap:
    """A kind of missing data and the indicators it blocks."""

    key: str
    label: str
    blocks: tuple[int, ...]  # indicators left without a reliable value
    blocking: bool = True  # False: reported, but the indicator is still computed


GAPS: tuple[Gap, ...] = (
    Gap("sans_contexte", "Aucune ligne de contexte (table contexte) pour l'année ou avant", (1,)),
    Gap("neet_nul", "Nombre de jeunes NEET du territoire nul", (1,)),
    Gap("contexte_ancien", "Contexte d'une année antérieure", (1,), blocking=False),
    Gap("sans_icare", "Aucune ligne ICARE (structures_annee) pour l'année ou avant", (9, 10)),
    Gap("etp_nul", "Effectif (ETP) nul dans ICARE", (9,)),
    Gap("ressources_nulles", "Ressources nulles dans ICARE", (10,)),
    Gap("icare_ancien", "Données ICARE d'une année antérieure", (9, 10), blocking=False),
    Gap("sans_conseillers_gj", "ETP de conseillers Garantie jeunes non renseigné", (),
        blocking=False),
    Gap("sans_premier_accueil", "Aucun premier accueil saisi dans l'année", (2,)),
    Gap("sans_sortie_pacea", "Aucune sortie de PACEA saisie dans l'année", (5, 10)),
    Gap("sans_offre_interne", "Aucune offre interne collectée dans l'année", (8,)),
    Gap("sans_mer_offre_interne", "Aucune mise en relation sur offre interne dans l'année", (7,)),
)  # fmt: skip
GAPS_BY_KEY = {g.key: g for g in GAPS}


def _yearly(con, table: str, year: int, codes: list[str]) -> pd.DataFrame:
    if not has_table(con, table):
        return pd.DataFrame(index=pd.Index(codes, name="code_ml"))
    return latest_yearly_rows(con, table, year).reindex(codes)


def _counts(con: ibis.BaseBackend, year: int) -> pd.DataFrame:
    youths = con.table("jeunes")
    receptions = (
        youths.filter(youths.date_premier_accueil.year() == year)
        .group_by("code_ml")
        .aggregate(premiers_accueils=ibis._.count())
    )
    rows = con.table("dispositifs")
    exits = (
        rows.filter((rows.type == "PACEA") & (rows.date_sortie.year() == year))
        .group_by("code_ml")
        .aggregate(sorties_pacea=ibis._.count())
    )
    offers = con.table("offres")
    internal = offers.filter((offers.origine == "INTERNE") & (offers.date_collecte.year() == year))
    internal_offers = internal.group_by("code_ml").aggregate(offres_internes=ibis._.count())
    mer = con.table("mises_en_relation")
    mer = mer.filter(mer.date_prescription.year() == year).join(
        offers.filter(offers.origine == "INTERNE").select("id_offre"), "id_offre"
    )
    internal_mer = mer.group_by("code_ml").aggregate(mer_internes=ibis._.count())
    parts = [receptions, exits, internal_offers, internal_mer]
    frames = [part.execute().set_index("code_ml") for part in parts]
    return pd.concat(frames, axis=1)


def missing_data(con: ibis.BaseBackend, year: int) -> pd.DataFrame:
    """Return, per ML (index code_ml, every ML), one boolean column per gap of `GAPS`,
    `indicateurs_bloques` (e.g. "1, 9, 10") and the years of the yearly rows used."""
    codes = sorted(con.table("structures").select("code_ml").execute()["code_ml"])
    context = _yearly(con, "contexte", year, codes)
    icare = _yearly(con, "structures_annee", year, codes)
    counts = _counts(con, year).reindex(codes).fillna(0)
    frame = pd.DataFrame(index=pd.Index(codes, name="code_ml"))

    def column(table: pd.DataFrame, name: str) -> pd.Series:
        return table[name] if name in table.columns else pd.Series(float("nan"), index=codes)

    context_year, icare_year = column(context, "annee"), column(icare, "annee")
    frame["sans_contexte"] = context_year.isna()
    frame["neet_nul"] = column(context, "neet_16_25").fillna(-1) == 0
    frame["contexte_ancien"] = context_year.notna() & (context_year < year)
    frame["sans_icare"] = icare_year.isna()
    frame["etp_nul"] = column(icare, "etp").fillna(-1) == 0
    frame["ressources_nulles"] = column(icare, "ressources_eur").fillna(-1) == 0
    frame["icare_ancien"] = icare_year.notna() & (icare_year < year)
    frame["sans_conseillers_gj"] = column(icare, "etp_conseillers_gj").isna()
    frame["sans_premier_accueil"] = counts["premiers_accueils"] == 0
    frame["sans_sortie_pacea"] = counts["sorties_pacea"] == 0
    frame["sans_offre_interne"] = counts["offres_internes"] == 0
    frame["sans_mer_offre_interne"] = counts["mer_internes"] == 0
    frame = frame.astype(bool)
    frame["indicateurs_bloques"] = [blocked_indicators(frame.loc[code]) for code in frame.index]
    frame["annee_contexte"] = context_year
    frame["annee_icare"] = icare_year
    return frame


def blocked_indicators(flags: pd.Series) -> str:
    """Return the indicators a row of gap flags blocks, as "1, 9, 10" ("" for none)."""
    numbers = sorted(
        {n for gap in GAPS if gap.blocking and bool(flags.get(gap.key)) for n in gap.blocks}
    )
    return ", ".join(str(n) for n in numbers)
