"""Activity measures of the missions locales over a period, as known on a date.

One definition per measure (`MEASURES`), computed per ML with one grouped query per
table, then summed into regions and the nation. The as-of rules are those of the
indicators (`shared/spec/indicators.md`): a row exists on day `A` only if its event
date and its `date_saisie` are on or before `A`; a dispositif's exit exists only if
`date_sortie` and `date_saisie_sortie` are on or before `A`; a MER is `REALISEE` only
if `date_realisation` is on or before `A`, and counts only if its offer exists on `A`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import ibis
import pandas as pd

from perfml import contract
from perfml.indicators.periods import Period
from perfml.indicators.sources import visible

Kind = Literal["flux", "stock"]
LEVELS = ("ML", "REGION", "NATIONAL")
NATION_CODE = "FR"


@dataclass(frozen=True)
class Measure:
    """One activity measure: its column name, French label and definition."""

    name: str
    label: str
    section: str
    definition: str
    kind: Kind = "flux"
    # The measure this one is a part of, when the parts of a family add up to it (the
    # small-count masking protects such totals).
    part_of: str | None = None


_EXIT_LABELS = {
    "EMPLOI": "emploi",
    "ALTERNANCE": "alternance",
    "FORMATION": "formation",
    "VOLONTARIAT": "volontariat",
    "SCOLARITE": "scolarité",
    "DEMANDEUR_EMPLOI": "demandeur d'emploi",
    "ABANDON": "abandon",
    "DEMENAGEMENT": "déménagement",
    "AUTRE": "autre",
}
THEME_LABELS = {
    "EMPLOI": "emploi",
    "FORMATION": "formation",
    "PROJET_PROFESSIONNEL": "projet professionnel",
    "SANTE": "santé",
    "LOGEMENT": "logement",
    "CITOYENNETE": "citoyenneté",
    "LOISIRS_SPORT_CULTURE": "loisirs, sport, culture",
}

SECTION_RECEPTION = "Accueil"
SECTION_SUPPORT = "Accompagnement"
SECTION_EXITS = "Sorties"
SECTION_PROPOSALS = "Propositions"
SECTION_EMPLOYERS = "Offres et mises en relation"

MEASURES: tuple[Measure, ...] = (
    Measure(
        "jeunes_en_contact",
        "Jeunes en contact",
        SECTION_RECEPTION,
        "Jeunes ayant eu au moins un événement daté dans la période : premier accueil, "
        "proposition, mise en relation prescrite, entrée ou sortie de dispositif, début de "
        "situation ; comptés une fois, à la mission locale de leur premier accueil.",
    ),
    Measure(
        "premiers_accueils",
        "Premiers accueils",
        SECTION_RECEPTION,
        "Jeunes dont la date de premier accueil est dans la période (mission locale du "
        "premier accueil).",
    ),
    Measure(
        "premiers_accueils_neet",
        "dont NEET au premier accueil",
        SECTION_RECEPTION,
        "Premiers accueils de la période de jeunes NEET (ni en emploi, ni en études, ni en "
        "formation) au premier accueil ; numérateur de l'indicateur 1.",
    ),
    Measure(
        "entrees_pacea",
        "Entrées en PACEA",
        SECTION_SUPPORT,
        "PACEA dont la date d'entrée est dans la période (mission locale qui porte le "
        "PACEA) ; un jeune entré deux fois compte deux fois.",
    ),
    Measure(
        "entrees_gj",
        "Entrées en Garantie jeunes",
        SECTION_SUPPORT,
        "Phases Garantie jeunes dont la date d'entrée est dans la période.",
    ),
    Measure(
        "jeunes_accompagnes_pacea",
        "Jeunes accompagnés en PACEA",
        SECTION_SUPPORT,
        "Jeunes distincts ayant un PACEA en cours à un moment de la période (entrée au plus "
        "tard le dernier jour, pas de sortie avant le premier jour).",
    ),
    Measure(
        "stock_pacea",
        "Jeunes en PACEA en fin de période",
        SECTION_SUPPORT,
        "Jeunes distincts ayant un PACEA en cours le jour T (fin de période, ou date de "
        "calcul si elle est antérieure) : entrée au plus tard T, pas de sortie connue au "
        "plus tard T (une sortie le jour T termine le PACEA).",
        kind="stock",
    ),
    Measure(
        "stock_gj",
        "Jeunes en Garantie jeunes en fin de période",
        SECTION_SUPPORT,
        "Jeunes distincts ayant une phase Garantie jeunes en cours le jour T (même règle que "
        "pour le PACEA).",
        kind="stock",
    ),
    Measure(
        "sorties_pacea",
        "Sorties de PACEA",
        SECTION_EXITS,
        "PACEA dont la date de sortie est dans la période et dont la sortie est connue à la "
        "date de calcul ; dénominateur de l'indicateur 5.",
    ),
    *(
        Measure(
            f"sorties_pacea_{situation.lower()}",
            f"dont sorties {label}",
            SECTION_EXITS,
            f"Sorties de PACEA de la période dont la situation de sortie est « {label} ».",
            part_of="sorties_pacea",
        )
        for situation, label in _EXIT_LABELS.items()
    ),
    Measure(
        "sorties_gj",
        "Sorties de Garantie jeunes",
        SECTION_EXITS,
        "Phases Garantie jeunes dont la date de sortie est dans la période et connue à la "
        "date de calcul (toutes durées).",
    ),
    Measure(
        "sorties_gj_emploi_alternance",
        "dont sorties en emploi ou alternance",
        SECTION_EXITS,
        "Sorties de Garantie jeunes de la période dont la situation de sortie est emploi ou "
        "alternance.",
    ),
    Measure(
        "propositions",
        "Propositions",
        SECTION_PROPOSALS,
        "Propositions datées dans la période, à la mission locale qui les a faites.",
    ),
    *(
        Measure(
            f"propositions_{theme.lower()}",
            f"dont {label}",
            SECTION_PROPOSALS,
            f"Propositions de la période sur le thème « {label} ».",
            part_of="propositions",
        )
        for theme, label in THEME_LABELS.items()
    ),
    Measure(
        "offres_collectees",
        "Offres d'emploi",
        SECTION_EMPLOYERS,
        "Offres dont la date de collecte est dans la période (offres, pas postes).",
    ),
    Measure(
        "offres_internes",
        "dont offres internes",
        SECTION_EMPLOYERS,
        "Offres de la période collectées par la mission locale auprès d'un employeur "
        "(origine INTERNE) ; dénominateur de l'indicateur 8.",
        part_of="offres_collectees",
    ),
    Measure(
        "offres_externes",
        "dont offres externes",
        SECTION_EMPLOYERS,
        "Offres de la période d'origine EXTERNE.",
        part_of="offres_collectees",
    ),
    Measure(
        "postes_offerts",
        "Postes offerts",
        SECTION_EMPLOYERS,
        "Somme des postes des offres de la période (un nombre de postes vide vaut 1).",
    ),
    Measure(
        "mer_prescrites",
        "Mises en relation prescrites",
        SECTION_EMPLOYERS,
        "Mises en relation dont la date de prescription est dans la période, à la mission "
        "locale qui les a prescrites (toute origine d'offre, quel que soit leur statut).",
    ),
    Measure(
        "mer_realisees",
        "dont réalisées",
        SECTION_EMPLOYERS,
        "Mises en relation prescrites dans la période, au statut REALISEE et réalisées au "
        "plus tard à la date de calcul.",
    ),
    Measure(
        "mer_offres_internes",
        "Mises en relation sur offres internes",
        SECTION_EMPLOYERS,
        "Mises en relation prescrites dans la période sur une offre d'origine INTERNE ; "
        "dénominateur de l'indicateur 7.",
    ),
    Measure(
        "mer_realisees_offres_internes",
        "dont réalisées sur offres internes",
        SECTION_EMPLOYERS,
        "Mises en relation sur offres internes prescrites dans la période et réalisées à la "
        "date de calcul ; numérateur de l'indicateur 7.",
    ),
)

MEASURES_BY_NAME: dict[str, Measure] = {m.name: m for m in MEASURES}
MEASURE_NAMES: tuple[str, ...] = tuple(m.name for m in MEASURES)


def _date(value: dt.date) -> ibis.Expr:
    return ibis.literal(value, type="date")


def has_table(con: ibis.BaseBackend, name: str) -> bool:
    """Tell whether the warehouse holds table `name`."""
    return name in con.list_tables()


def _count(condition: ibis.Expr) -> ibis.Expr:
    return ibis.ifelse(condition, 1, 0).sum()


def _reception(con, start, end, as_of) -> ibis.Table:
    youths = visible(con, "jeunes", as_of)
    in_period = youths.date_premier_accueil.between(_date(start), _date(end))
    return youths.group_by("code_ml").aggregate(
        premiers_accueils=_count(in_period),
        premiers_accueils_neet=_count(in_period & youths.neet_premier_accueil.fill_null(False)),
    )


def _contacts(con, start, end, as_of) -> ibis.Table:
    d0, d1 = _date(start), _date(end)
    youths = visible(con, "jeunes", as_of)
    dispositifs = visible(con, "dispositifs", as_of)
    events = [
        youths.filter(youths.date_premier_accueil.between(d0, d1)).select("id_jeune"),
        dispositifs.filter(
            dispositifs.date_entree.between(d0, d1) | dispositifs.date_sortie.between(d0, d1)
        ).select("id_jeune"),
    ]
    for name, column in (
        ("propositions", "date_proposition"),
        ("mises_en_relation", "date_prescription"),
        ("situations", "date_debut"),
    ):
        rows = visible(con, name, as_of)
        events.append(rows.filter(rows[column].between(d0, d1)).select("id_jeune").distinct())
    # One distinct per big table, then one over their union: faster than nested UNIONs.
    ids = ibis.union(*events, distinct=False).distinct()
    return (
        youths.semi_join(ids, "id_jeune")
        .group_by("code_ml")
        .aggregate(jeunes_en_contact=ibis._.count())
    )


def _support(con, start, end, as_of) -> ibis.Table:
    d0, d1 = _date(start), _date(end)
    day = _date(end if as_of is None else min(end, as_of))
    rows = visible(con, "dispositifs", as_of)
    pacea, gj = rows.type == "PACEA", rows.type == "GJ"
    exited = rows.date_sortie.between(d0, d1)
    running_on_t = (rows.date_entree <= day) & (
        rows.date_sortie.isnull() | (rows.date_sortie > day)
    )
    during = (rows.date_entree <= d1) & (rows.date_sortie.isnull() | (rows.date_sortie >= d0))
    positive = rows.situation_sortie.isin(contract.POSITIVE_EXITS)
    exits = {
        f"sorties_pacea_{s.lower()}": _count(pacea & exited & (rows.situation_sortie == s))
        for s in contract.SITUATION_SORTIE
    }
    return rows.group_by("code_ml").aggregate(
        entrees_pacea=_count(pacea & rows.date_entree.between(d0, d1)),
        entrees_gj=_count(gj & rows.date_entree.between(d0, d1)),
        jeunes_accompagnes_pacea=rows.id_jeune.nunique(where=pacea & during),
        stock_pacea=rows.id_jeune.nunique(where=pacea & running_on_t),
        stock_gj=rows.id_jeune.nunique(where=gj & running_on_t),
        sorties_pacea=_count(pacea & exited),
        sorties_gj=_count(gj & exited),
        sorties_gj_emploi_alternance=_count(gj & exited & positive),
        **exits,
    )


def _proposals(con, start, end, as_of) -> ibis.Table:
    rows = visible(con, "propositions", as_of)
    rows = rows.filter(rows.date_proposition.between(_date(start), _date(end)))
    themes = {
        f"propositions_{theme.lower()}": _count(rows.theme == theme)
        for theme in contract.THEME_PROPOSITION
    }
    return rows.group_by("code_ml").aggregate(propositions=rows.count(), **themes)


def _offers(con, start, end, as_of) -> ibis.Table:
    rows = visible(con, "offres", as_of)
    rows = rows.filter(rows.date_collecte.between(_date(start), _date(end)))
    return rows.group_by("code_ml").aggregate(
        offres_collectees=rows.count(),
        offres_internes=_count(rows.origine == "INTERNE"),
        offres_externes=_count(rows.origine == "EXTERNE"),
        postes_offerts=rows.nb_postes.fill_null(1).sum(),
    )


def _placements(con, start, end, as_of) -> ibis.Table:
    mer = visible(con, "mises_en_relation", as_of)
    mer = mer.filter(mer.date_prescription.between(_date(start), _date(end)))
    offers = con.table("offres").select("id_offre", origine_offre="origine")
    mer = mer.left_join(offers, "id_offre")
    internal = mer.origine_offre == "INTERNE"
    done = mer.statut == "REALISEE"
    return mer.group_by("code_ml").aggregate(
        mer_prescrites=mer.count(),
        mer_realisees=_count(done),
        mer_offres_internes=_count(internal),
        mer_realisees_offres_internes=_count(internal & done),
    )


_QUERIES = (_contacts, _reception, _support, _proposals, _offers, _placements)


def compute_activity(
    con: ibis.BaseBackend, period: Period, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Return the activity measures of every ML of `structures` over `period` as of a date.

    One row per ML (index `code_ml`, sorted), one integer column per measure of
    `MEASURES`, in that order; an ML with no activity gets zeros.
    """
    codes = con.table("structures").select("code_ml").execute()["code_ml"]
    frame = pd.DataFrame(index=pd.Index(sorted(codes), name="code_ml"))
    for query in _QUERIES:
        part = query(con, period.start, period.end, as_of).execute().set_index("code_ml")
        frame = frame.join(part, how="left")
    return frame[list(MEASURE_NAMES)].fillna(0).astype("int64")


def aggregate_levels(ml_values: pd.DataFrame, structures: pd.DataFrame) -> pd.DataFrame:
    """Sum per-ML counts (index `code_ml`) into regions and the nation.

    Returns one row per ML, region and the nation, with columns `niveau` (`ML`, `REGION`,
    `NATIONAL`), `code` (code_ml, code_region, `FR`) then the columns of `ml_values`.
    A region's or the nation's count is the sum of its MLs' counts.
    """
    regions = structures.set_index("code_ml")["code_region"].reindex(ml_values.index)
    by_region = ml_values.groupby(regions.to_numpy()).sum(min_count=1)
    by_region.index.name = "code"
    nation = ml_values.sum(min_count=1).to_frame(NATION_CODE).T
    parts = [
        ml_values.rename_axis("code").reset_index().assign(niveau="ML"),
        by_region.reset_index().assign(niveau="REGION"),
        nation.rename_axis("code").reset_index().assign(niveau="NATIONAL"),
    ]
    frame = pd.concat(parts, ignore_index=True)
    return frame[["niveau", "code", *ml_values.columns]]


def activity_by_level(
    con: ibis.BaseBackend, period: Period, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Return the activity measures of every ML, every region and the nation (`niveau`, `code`)."""
    structures = con.table("structures").select("code_ml", "code_region").execute()
    return aggregate_levels(compute_activity(con, period, as_of), structures)
