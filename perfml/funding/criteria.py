"""The base criteria: quantities measured for each ML over a calendar year, with Ibis.

A criterion splits the base of a region (and the activity part of the national split)
in proportion to the MLs' values. Counts follow the as-of rules of
`shared/spec/indicators.md`: a row exists on the as-of date only if its event date and
its entry date (`date_saisie`, null = the event date) are on or before it. Yearly
quantities (`contexte`, `structures_annee`) take the row of the year, or the ML's latest
row before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import ibis
import pandas as pd

from perfml.contract import table as contract_table

CriterionKind = Literal["count", "yearly", "fixed"]


@dataclass(frozen=True)
class Criterion:
    """A quantity of an ML that may weigh on the split of the base."""

    name: str
    label: str  # French, as users read it
    definition: str  # French, for the explanation and the documentation
    kind: CriterionKind
    source: str = ""  # the yearly table and column for `yearly`


CRITERIA: dict[str, Criterion] = {
    c.name: c
    for c in (
        Criterion(
            "jeunes_accompagnes",
            "jeunes accompagnés",
            "jeunes ayant eu dans l'année un premier accueil, une proposition, une mise en "
            "relation ou un dispositif (PACEA, Garantie jeunes) en cours, comptés une fois "
            "par mission locale",
            "count",
        ),
        Criterion(
            "premiers_accueils",
            "premiers accueils",
            "jeunes dont le premier accueil a eu lieu dans l'année",
            "count",
        ),
        Criterion(
            "entrees_pacea",
            "entrées en PACEA",
            "entrées en PACEA (date d'entrée dans l'année)",
            "count",
        ),
        Criterion(
            "entrees_gj",
            "entrées en Garantie jeunes",
            "entrées en Garantie jeunes (date d'entrée dans l'année)",
            "count",
        ),
        Criterion(
            "neet_16_25",
            "NEET de 16 à 25 ans du territoire",
            "jeunes de 16 à 25 ans ni en emploi, ni en études, ni en formation vivant sur "
            "le territoire de la mission locale (contexte.neet_16_25)",
            "yearly",
            "contexte.neet_16_25",
        ),
        Criterion(
            "etp",
            "ETP de la structure",
            "équivalents temps plein de la mission locale (ICARE, structures_annee.etp)",
            "yearly",
            "structures_annee.etp",
        ),
        Criterion(
            "part_fixe",
            "part fixe",
            "une part égale pour chaque mission locale",
            "fixed",
        ),
    )
}


def known_rows(con: ibis.BaseBackend, name: str, as_of: dt.date | None) -> ibis.Table:
    """Return the rows of contract table `name` that exist on `as_of` (all rows if None)."""
    rows = con.table(name)
    spec = contract_table(name)
    if as_of is None or spec.event_date is None:
        return rows
    event = rows[spec.event_date]
    has_entry_date = spec.entry_date is not None and spec.entry_date in rows.columns
    entered = ibis.coalesce(rows[spec.entry_date], event) if has_entry_date else event
    return rows.filter(event <= as_of, entered <= as_of)


def _in_year(column: ibis.Column, year: int) -> ibis.BooleanColumn:
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _youths_accompanied(con: ibis.BaseBackend, year: int, as_of: dt.date | None) -> ibis.Table:
    """(code_ml, id_jeune) pairs of every youth the ML worked with during the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    youths = known_rows(con, "jeunes", as_of)
    youths = youths.filter(_in_year(youths.date_premier_accueil, year))
    offers = known_rows(con, "propositions", as_of)
    offers = offers.filter(_in_year(offers.date_proposition, year))
    matches = known_rows(con, "mises_en_relation", as_of)
    matches = matches.filter(_in_year(matches.date_prescription, year))
    schemes = known_rows(con, "dispositifs", as_of)
    exit_known = schemes.date_sortie.notnull()
    if as_of is not None:
        # An exit entered after the as-of date is not known yet: the scheme still runs.
        exit_entered = schemes.date_sortie
        if "date_saisie_sortie" in schemes.columns:
            exit_entered = ibis.coalesce(schemes.date_saisie_sortie, schemes.date_sortie)
        exit_known &= exit_entered <= as_of
    schemes = schemes.filter(
        schemes.date_entree <= last, ~(exit_known & (schemes.date_sortie < first))
    )
    pairs = [t.select("code_ml", "id_jeune") for t in (youths, offers, matches, schemes)]
    return ibis.union(*pairs, distinct=True)


def _counts(con: ibis.BaseBackend, year: int, as_of: dt.date | None) -> dict[str, ibis.Table]:
    youths = known_rows(con, "jeunes", as_of)
    schemes = known_rows(con, "dispositifs", as_of)
    entries = schemes.filter(_in_year(schemes.date_entree, year))
    accompanied = _youths_accompanied(con, year, as_of)
    return {
        "jeunes_accompagnes": accompanied.group_by("code_ml").agg(
            valeur=accompanied.id_jeune.count()
        ),
        "premiers_accueils": youths.filter(_in_year(youths.date_premier_accueil, year))
        .group_by("code_ml")
        .agg(valeur=ibis._.count()),
        "entrees_pacea": entries.filter(entries.type == "PACEA")
        .group_by("code_ml")
        .agg(valeur=ibis._.count()),
        "entrees_gj": entries.filter(entries.type == "GJ")
        .group_by("code_ml")
        .agg(valeur=ibis._.count()),
    }


def _yearly(con: ibis.BaseBackend, source: str, year: int) -> ibis.Table:
    """The value of `table.column` for the year, or the ML's latest year before it."""
    name, column = source.split(".")
    rows = con.table(name)
    rows = rows.filter(rows.annee <= year)
    latest = rows.group_by("code_ml").agg(annee=rows.annee.max())
    return rows.join(latest, ["code_ml", "annee"]).select("code_ml", valeur=rows[column])


def measure_criteria(
    con: ibis.BaseBackend, year: int, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Return every ML of `structures` with its value of each criterion for `year`.

    Columns: `code_ml`, `nom`, `code_region`, then one column per criterion of
    `CRITERIA`. Counts are 0 where the ML has no row; a yearly quantity is NaN where the
    ML has no row for that year or before (the caller decides whether it may be used).
    """
    frame = (
        con.table("structures")
        .select("code_ml", "nom", "code_region")
        .order_by("code_ml")
        .execute()
    )
    counts = _counts(con, year, as_of)
    for name, criterion in CRITERIA.items():
        if criterion.kind == "fixed":
            frame[name] = 1
            continue
        expr = counts[name] if criterion.kind == "count" else _yearly(con, criterion.source, year)
        values = expr.execute().set_index("code_ml")["valeur"]
        column = frame["code_ml"].map(values)
        if criterion.kind == "count":
            column = column.fillna(0).astype("int64")
        else:
            column = column.astype("float64")
        frame[name] = column
    return frame.reset_index(drop=True)
