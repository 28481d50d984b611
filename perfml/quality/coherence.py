"""Incoherent paths: what breaks no rule of the loader but cannot be right.

The loader rejects the hard breaches of the contract (an exit before its entry, a MER
carried out before it was prescribed, a missing exit destination in a file…). These
checks find what still gets through. Each check has a numerator (the rows in anomaly)
and a denominator (the rows checked), both about events of the year, counted per ML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import ibis
import pandas as pd

from perfml.activity import has_table

# Two situations of the same kind overlapping for more than this many days are two
# full-time activities at once (a short overlap is a change of job recorded late).
DEFAULT_OVERLAP_DAYS = 30
# Situations cannot start before this age (the minimum age to work in France, apprentices
# and internships included, is 14).
MINIMUM_AGE = 14
OVERLAP_CATEGORIES = ("EMPLOI", "FORMATION")


@dataclass(frozen=True)
class Check:
    """One coherence check: its key, French label, what it counts and against what."""

    key: str
    label: str
    counted: str
    checked: str
    query: Callable[..., ibis.Table]  # (con, year, today, overlap_days) → code_ml, n, den


def _year(column, year):
    return column.notnull() & (column.year() == year)


def _ratio(rows: ibis.Table, anomaly) -> ibis.Table:
    return rows.group_by("code_ml").aggregate(n=ibis.ifelse(anomaly, 1, 0).sum(), den=rows.count())


def _exit_without_destination(con, year, today, overlap):
    rows = con.table("dispositifs")
    rows = rows.filter(_year(rows.date_sortie, year))
    return _ratio(rows, rows.situation_sortie.isnull())


def _gj_without_pacea(con, year, today, overlap):
    rows = con.table("dispositifs")
    gj = rows.filter((rows.type == "GJ") & _year(rows.date_entree, year))
    parents = rows.select(parent_id="id_dispositif", parent_type="type", parent_youth="id_jeune")
    joined = gj.left_join(parents, gj.id_dispositif_parent == parents.parent_id)
    orphan = (
        joined.parent_id.isnull()
        | (joined.parent_type != "PACEA")
        | (joined.parent_youth != joined.id_jeune)
    )
    return _ratio(joined, orphan)


def _gj_outside_pacea(con, year, today, overlap):
    rows = con.table("dispositifs")
    gj = rows.filter((rows.type == "GJ") & _year(rows.date_entree, year))
    pacea = rows.filter(rows.type == "PACEA").select(
        parent_id="id_dispositif",
        parent_youth="id_jeune",
        parent_entry="date_entree",
        parent_exit="date_sortie",
    )
    joined = gj.join(
        pacea, (gj.id_dispositif_parent == pacea.parent_id) & (gj.id_jeune == pacea.parent_youth)
    )
    outside = (joined.date_entree < joined.parent_entry) | (
        joined.parent_exit.notnull()
        & (joined.date_sortie.isnull() | (joined.date_sortie > joined.parent_exit))
    )
    return _ratio(joined, outside)


def _situations_of_the_year(con, year):
    youths = con.table("jeunes").select("id_jeune", "code_ml", "date_naissance")
    rows = con.table("situations").join(youths, "id_jeune")
    return rows.filter(_year(rows.date_debut, year))


def _overlapping_situations(con, year, today, overlap):
    rows = _situations_of_the_year(con, year)
    every = con.table("situations")
    other = every.filter(every.categorie.isin(OVERLAP_CATEGORIES)).select(
        other_id="id_situation",
        other_youth="id_jeune",
        other_category="categorie",
        other_start="date_debut",
        other_end=every.date_fin.fill_null(ibis.literal(today, type="date")),
    )
    end = rows.date_fin.fill_null(ibis.literal(today, type="date"))
    candidates = rows.filter(rows.categorie.isin(OVERLAP_CATEGORIES)).mutate(fin=end)
    pairs = candidates.join(
        other,
        (candidates.id_jeune == other.other_youth)
        & (candidates.categorie == other.other_category)
        & (candidates.id_situation != other.other_id),
    )
    last_start = ibis.greatest(pairs.date_debut, pairs.other_start)
    first_end = ibis.least(pairs.fin, pairs.other_end)
    pairs = pairs.filter(first_end.delta(last_start, unit="day") + 1 > overlap)
    flagged = pairs.select("id_situation").distinct().mutate(flag=ibis.literal(1))
    marked = rows.left_join(flagged, "id_situation")
    return _ratio(marked, marked.flag.notnull())


def _situation_before_fourteen(con, year, today, overlap):
    rows = _situations_of_the_year(con, year)
    too_young = rows.date_debut < rows.date_naissance + ibis.interval(years=MINIMUM_AGE)
    return _ratio(rows, too_young)


def _mer_before_offer(con, year, today, overlap):
    mer = con.table("mises_en_relation")
    mer = mer.filter(_year(mer.date_prescription, year))
    offers = con.table("offres").select("id_offre", collecte="date_collecte")
    joined = mer.join(offers, "id_offre")
    return _ratio(joined, joined.date_prescription < joined.collecte)


def _exit_recorded_before_entry(con, year, today, overlap):
    rows = con.table("dispositifs")
    rows = rows.filter(_year(rows.date_sortie, year))
    exit_recorded = rows.date_saisie_sortie.fill_null(rows.date_sortie)
    entry_recorded = rows.date_saisie.fill_null(rows.date_entree)
    return _ratio(rows, exit_recorded < entry_recorded)


def _entry_before_first_reception(con, year, today, overlap):
    rows = con.table("dispositifs")
    rows = rows.filter(_year(rows.date_entree, year))
    youths = con.table("jeunes").select("id_jeune", accueil="date_premier_accueil")
    joined = rows.join(youths, "id_jeune")
    return _ratio(joined, joined.date_entree < joined.accueil)


CHECKS: tuple[Check, ...] = (
    Check("sortie_sans_situation", "Sortie de dispositif sans situation de sortie",
          "sorties de l'année sans situation de sortie", "sorties de dispositif de l'année",
          _exit_without_destination),
    Check("gj_sans_pacea", "Garantie jeunes sans PACEA",
          "entrées en GJ de l'année sans PACEA parent du même jeune",
          "entrées en Garantie jeunes de l'année", _gj_without_pacea),
    Check("gj_hors_pacea", "Garantie jeunes hors des dates de son PACEA",
          "GJ commencée avant son PACEA ou finie (ou en cours) après la sortie du PACEA",
          "entrées en GJ de l'année rattachées à un PACEA du même jeune", _gj_outside_pacea),
    Check("situations_chevauchantes", "Situations qui se chevauchent",
          "situations EMPLOI ou FORMATION chevauchant une autre situation de même catégorie "
          "du même jeune de plus de N jours", "situations commencées dans l'année",
          _overlapping_situations),
    Check("situation_avant_14_ans", "Situation commencée avant 14 ans",
          "situations commencées avant le 14e anniversaire du jeune",
          "situations commencées dans l'année", _situation_before_fourteen),
    Check("mer_avant_offre", "Mise en relation antérieure à son offre",
          "mises en relation prescrites (et donc réalisées) avant la collecte de leur offre",
          "mises en relation prescrites dans l'année", _mer_before_offer),
    Check("sortie_saisie_avant_entree", "Sortie saisie avant l'entrée",
          "sorties dont la date de saisie précède celle de l'entrée",
          "sorties de dispositif de l'année", _exit_recorded_before_entry),
    Check("entree_avant_premier_accueil", "Entrée en dispositif avant le premier accueil",
          "entrées de l'année antérieures au premier accueil du jeune",
          "entrées en dispositif de l'année", _entry_before_first_reception),
)  # fmt: skip
CHECKS_BY_KEY = {c.key: c for c in CHECKS}
TABLES_NEEDED = ("dispositifs", "jeunes", "situations", "mises_en_relation", "offres")


def coherence_checks(
    con: ibis.BaseBackend,
    year: int,
    today: dt.date,
    overlap_days: int = DEFAULT_OVERLAP_DAYS,
) -> pd.DataFrame:
    """Return, per ML (index code_ml, every ML), `<check>` (anomalies) and `<check>_den`.

    `today` closes the situations still running (null `date_fin`) for the overlap check.
    """
    codes = sorted(con.table("structures").select("code_ml").execute()["code_ml"])
    frame = pd.DataFrame(index=pd.Index(codes, name="code_ml"))
    if not all(has_table(con, name) for name in TABLES_NEEDED):
        return frame
    for check in CHECKS:
        counts = check.query(con, year, today, overlap_days).execute().set_index("code_ml")
        frame = frame.join(counts.rename(columns={"n": check.key, "den": f"{check.key}_den"}))
    return frame.fillna(0).astype("int64")
