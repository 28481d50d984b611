"""Territorial context and structure data of the MLs, by level, with their French labels.

The yearly rule of the indicators applies: an ML's row of the year asked, or for an ML
that has none, its latest year before. Labels come from the catalogue of context
variables (`perfml/data/context_variables.csv`), falling back to the column name.

For a region or the nation a variable is **summed** over its MLs when it is a count or
an amount (population, NEET, establishments, ETP, budget…) and **averaged** — a simple
mean of the MLs' values — when it is a rate, a share, a density, a ratio or an average
income. An ML without a value is left out of the sum or the mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import ibis
import pandas as pd

from perfml.activity import aggregate_levels, has_table
from perfml.groups.description import TYPE_LABELS, read_catalogue, variable_entry

Aggregation = Literal["somme", "moyenne"]
KEY_COLUMNS = ("code_ml", "annee")
# Units whose values add up over MLs; "euros" only adds up for a structure's budget.
SUMMED_UNITS = frozenset(
    {"km²", "habitants", "communes", "jeunes", "personnes", "établissements", "ETP", "lieux"}
)


@dataclass(frozen=True)
class ContextColumn:
    """One context or structure variable as the dashboard shows it."""

    name: str
    label: str
    type: str  # territoire | jeunesse | economie | structure
    unit: str
    source: str
    aggregation: Aggregation

    @property
    def type_label(self) -> str:
        """The French heading of the variable's kind."""
        return TYPE_LABELS.get(self.type, "Autres variables")


# `structures_annee` (ICARE) column → how the dashboard shows it (amounts: summed). The
# names get an `icare_` prefix so they never collide with a `contexte` column.
STRUCTURE_COLUMNS: dict[str, ContextColumn] = {
    "etp": ContextColumn(
        "icare_etp", "effectif total de la mission locale", "structure", "ETP", "ICARE", "somme"
    ),
    "ressources_eur": ContextColumn(
        "icare_ressources_eur",
        "ressources totales de la structure, tous financeurs",
        "structure",
        "euros",
        "ICARE",
        "somme",
    ),
    "etp_conseillers_gj": ContextColumn(
        "icare_etp_conseillers_gj",
        "conseillers dédiés à la Garantie jeunes",
        "structure",
        "ETP",
        "ICARE",
        "somme",
    ),
}


def aggregation_of(unit: str, kind: str) -> Aggregation:
    """Return how a variable of `unit` and `kind` goes from MLs to a region: sum or mean."""
    if unit in SUMMED_UNITS or (unit == "euros" and kind == "structure"):
        return "somme"
    return "moyenne"


def context_columns(names: list[str]) -> list[ContextColumn]:
    """Return the dashboard description of the `contexte` columns `names`."""
    catalogue = read_catalogue()
    columns = []
    for name in names:
        entry = variable_entry(name, catalogue)
        unit = entry.unite
        aggregation: Aggregation = aggregation_of(unit, entry.type) if unit else "moyenne"
        columns.append(
            ContextColumn(name, entry.libelle, entry.type, unit, entry.source, aggregation)
        )
    return columns


def latest_yearly_rows(con: ibis.BaseBackend, table: str, year: int) -> pd.DataFrame:
    """Return each ML's row of `table` for `year`, or its latest year before (index code_ml)."""
    rows = con.table(table)
    rows = rows.filter(rows.annee <= year)
    latest = rows.group_by("code_ml").aggregate(annee=rows.annee.max())
    frame = rows.semi_join(latest, ["code_ml", "annee"]).execute()
    return frame.set_index("code_ml").sort_index()


def context_by_ml(con: ibis.BaseBackend, year: int) -> tuple[pd.DataFrame, list[ContextColumn]]:
    """Return every ML's context and structure variables for `year` and their description.

    The frame (index code_ml, every ML of `structures`) also holds `annee_contexte` and
    `annee_structure`, the years actually used.
    """
    codes = sorted(con.table("structures").select("code_ml").execute()["code_ml"])
    frame = pd.DataFrame(index=pd.Index(codes, name="code_ml"))
    columns: list[ContextColumn] = []
    if has_table(con, "contexte"):
        context = latest_yearly_rows(con, "contexte", year)
        names = [c for c in context.columns if c not in KEY_COLUMNS]
        numeric = [c for c in names if pd.api.types.is_numeric_dtype(context[c])]
        columns += context_columns(numeric)
        frame = frame.join(context[numeric]).join(context["annee"].rename("annee_contexte"))
    if has_table(con, "structures_annee"):
        structure = latest_yearly_rows(con, "structures_annee", year)
        present = [name for name in STRUCTURE_COLUMNS if name in structure.columns]
        columns += [STRUCTURE_COLUMNS[name] for name in present]
        renamed = structure[present].rename(columns=lambda c: STRUCTURE_COLUMNS[c].name)
        frame = frame.join(renamed).join(structure["annee"].rename("annee_structure"))
    return frame, columns


def aggregate_context(
    ml_context: pd.DataFrame, columns: list[ContextColumn], structures: pd.DataFrame
) -> pd.DataFrame:
    """Return context rows for every ML, region and the nation (`niveau`, `code`, variables)."""
    names = [c.name for c in columns]
    values = ml_context[names].astype(float)
    summed = [c.name for c in columns if c.aggregation == "somme"]
    averaged = [c.name for c in columns if c.aggregation == "moyenne"]
    sums = aggregate_levels(values[summed], structures)
    regions = structures.set_index("code_ml")["code_region"].reindex(values.index)
    mean_by_region = values[averaged].groupby(regions.to_numpy()).mean()
    means = pd.concat(
        [
            values[averaged].assign(niveau="ML").rename_axis("code").reset_index(),
            mean_by_region.assign(niveau="REGION").rename_axis("code").reset_index(),
            values[averaged]
            .mean()
            .to_frame("FR")
            .T.assign(niveau="NATIONAL")
            .rename_axis("code")
            .reset_index(),
        ],
        ignore_index=True,
    )
    frame = sums.merge(means, on=["niveau", "code"], how="left")
    years = ml_context[[c for c in ("annee_contexte", "annee_structure") if c in ml_context]]
    frame = frame.merge(
        years.rename_axis("code").reset_index().assign(niveau="ML"),
        on=["niveau", "code"],
        how="left",
    )
    return frame[["niveau", "code", *names, *years.columns]]
