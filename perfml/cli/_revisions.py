"""The revision view of `perfml indicateurs --comparer-au` and `suivi-mensuel
--premiere-publication`: what is written and what is printed.

Files are written through the output layer (`perfml.outputs`), like every other file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from perfml.cli.app import console


def write_revisions(frame: pd.DataFrame, sortie: Path, dialect: str | None = None) -> None:
    """Write a revision table like any indicator table (`write_table`), its sheet named
    « Révisions », with au_dela_du_seuil as oui/non in every format (Parquet included)."""
    from perfml.cli.indicateurs import write_table

    out = frame.copy()
    if "au_dela_du_seuil" in out.columns:
        out["au_dela_du_seuil"] = out["au_dela_du_seuil"].map({True: "oui", False: "non"})
    write_table(out, sortie, dialect, sheet="Révisions")


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
