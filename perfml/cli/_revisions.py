"""The revision view of `perfml indicateurs --comparer-au` and `suivi-mensuel
--premiere-publication`: what is written and what is printed.

The writing is one small function per file (`write_revisions`), to be routed through the
common output layer when it comes.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from perfml.cli.app import console

FIGURES = (
    "numerateur_a",
    "denominateur_a",
    "valeur_a",
    "numerateur_b",
    "denominateur_b",
    "valeur_b",
    "revision",
    "revision_relative",
    "seuil",
    "numerateur",
    "denominateur",
    "valeur",
    "valeur_premiere_publication",
)


def _plain(value) -> str:
    """A figure for the CSV: whole numbers without decimals, others in full, empty if null."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def write_revisions(frame: pd.DataFrame, sortie: Path) -> None:
    """Write a revision table as CSV (UTF-8, `,`) or XLSX, creating the folder.

    Dates are written AAAA-MM-JJ, booleans oui/non; the XLSX gets the indicator's label.
    """
    from perfml.indicators import indicator

    sortie.parent.mkdir(parents=True, exist_ok=True)
    out = frame.copy()
    if "au_dela_du_seuil" in out.columns:
        out["au_dela_du_seuil"] = out["au_dela_du_seuil"].map({True: "oui", False: "non"})
    for column in out.columns:
        if column.startswith("date_") or column == "mois":
            out[column] = [d.isoformat() if hasattr(d, "isoformat") else d for d in out[column]]
    if "code_region" in out.columns:
        out["code_region"] = out["code_region"].fillna("")
    if sortie.suffix.lower() == ".xlsx":
        out.insert(
            out.columns.get_loc("indicateur") + 1,
            "libelle",
            [indicator(n).short_label for n in out["indicateur"]],
        )
        out.to_excel(sortie, index=False, engine="xlsxwriter")
        return
    for column in FIGURES:
        if column in out.columns:
            out[column] = [_plain(v) for v in out[column]]
    out.to_csv(sortie, index=False, encoding="utf-8", lineterminator="\n")


def _revision_text(row, unit: str) -> str:
    from perfml.french import french_number

    if pd.isna(row.revision):
        return "—"
    if row.mesure == "relatif":
        if pd.isna(row.revision_relative):
            return "—"
        return f"{french_number(row.revision_relative, 1, empty='—')} %"
    rounded = round(float(row.revision), 1) + 0.0  # no « -0,0 »
    sign = "+" if rounded > 0 else ""
    return f"{sign}{french_number(rounded, 1, empty='—')} pts"


def print_revisions(frame: pd.DataFrame, title: str) -> None:
    """The national values at A and B with their revision, and the MLs beyond the threshold."""
    from rich.table import Table

    from perfml.cli.indicateurs import format_value
    from perfml.indicators import indicator
    from perfml.indicators.revisions import revision_thresholds

    thresholds = revision_thresholds()
    table = Table(title=title)
    for header in ("N°", "Indicateur", "Valeur en A", "Valeur en B", "Révision"):
        table.add_column(header, justify="left" if header == "Indicateur" else "right")
    table.add_column("ML au-delà du seuil", justify="right")
    nation = frame[frame["niveau"] == "NATIONAL"].sort_values("indicateur")
    ml = frame[frame["niveau"] == "ML"]
    for row in nation.itertuples(index=False):
        meta = indicator(row.indicateur)
        flagged = int(ml.loc[ml["indicateur"] == row.indicateur, "au_dela_du_seuil"].sum())
        table.add_row(
            str(meta.number),
            meta.short_label,
            format_value(row.valeur_a, meta.unit),
            format_value(row.valeur_b, meta.unit),
            _revision_text(row, meta.unit),
            f"{flagged} (seuil {thresholds[meta.number].label})",
        )
    console.print(table)
    moved = ml[ml["au_dela_du_seuil"]]["code"].nunique()
    total = ml["code"].nunique()
    console.print(
        f"{moved} mission(s) locale(s) sur {total} ont au moins un indicateur révisé "
        "au-delà de son seuil (colonne au_dela_du_seuil)."
    )
