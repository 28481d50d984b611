"""The files a user reads about a year's groups: CSV (or XLSX) tables and a French Markdown.

`write_outputs(result, path)` writes, beside `path` (`FICHIER.csv` or `FICHIER.xlsx`):
the groups (`code_ml, nom, code_region, groupe, libelle_groupe`), their description
(`FICHIER_description.csv`), the missions locales that changed group since last year
(`FICHIER_mouvements.csv`, when last year's groups are stored), each ML's 15 nearest
MLs (`FICHIER_voisins.csv`) and `FICHIER.md`, the readable account of the groups. Files
are written by the output layer (`perfml.outputs`): CSV in the chosen dialect (French
Excel by default), XLSX with French headers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from perfml import outputs
from perfml.contract import REGION_NAMES
from perfml.french import plural
from perfml.groups.description import (
    TYPE_LABELS,
    format_number,
    read_catalogue,
    variable_entry,
)
from perfml.groups.store import GroupsResult

# Column -> (French header, number format) of the .xlsx sheets.
SHEET_HEADERS = {
    "annee": ("Année", "year"),
    "code_ml": ("Code ML", "text"),
    "nom": ("Mission locale", "text"),
    "code_region": ("Région", "text"),
    "groupe": ("Groupe", "int"),
    "libelle_groupe": ("Libellé du groupe", "text"),
    "variable": ("Variable", "text"),
    "libelle": ("Libellé", "text"),
    "type": ("Type", "text"),
    "moyenne_groupe": ("Moyenne du groupe", "dec2"),
    "moyenne_nationale": ("Moyenne nationale", "dec2"),
    "v_test": ("Valeur-test", "dec2"),
    "p_valeur": ("p-valeur", "dec4"),
    "phrase": ("Description", "text"),
    "explication": ("Explication", "text"),
}
# How many sentences describe a group in the Markdown (all of them are in the CSV).
SENTENCES_PER_GROUP = 8


def output_paths(path: Path) -> dict[str, Path]:
    """Return the files written for the output `path` (by kind)."""
    stem = path.with_suffix("")
    suffix = path.suffix.lower() if path.suffix.lower() in {".csv", ".xlsx"} else ".csv"
    paths = {"groupes": path, "rapport": stem.with_name(stem.name + ".md")}
    if suffix == ".csv":
        paths["description"] = stem.with_name(stem.name + "_description.csv")
        paths["mouvements"] = stem.with_name(stem.name + "_mouvements.csv")
        paths["voisins"] = stem.with_name(stem.name + "_voisins.csv")
    return paths


def description_frame(result: GroupsResult) -> pd.DataFrame:
    """Return the description with the year and each group's label, for people."""
    frame = result.description.copy()
    frame.insert(0, "annee", result.year)
    frame.insert(2, "libelle_groupe", frame["groupe"].map(result.group_labels))
    return frame


def moves_frame(result: GroupsResult) -> pd.DataFrame:
    """Return the missions locales that changed group, with their names."""
    stability = result.stability
    if stability is None:
        return pd.DataFrame()
    names = result.groups.set_index("code_ml")["nom"]
    frame = stability.moves.copy()
    frame.insert(1, "nom", frame["code_ml"].map(names))
    return frame.rename(
        columns={
            "groupe_precedent": f"groupe_{stability.previous_year}",
            "groupe_apparie": f"equivalent_{stability.year}_de_ce_groupe",
            "groupe": f"groupe_{stability.year}",
        }
    )


def sheet_columns(frame: pd.DataFrame) -> list[outputs.SheetColumn]:
    """Return the French header and format of each column of `frame` in the workbook."""
    columns = []
    for key in frame.columns:
        header, number_format = SHEET_HEADERS.get(key, ("", "int"))
        if not header:  # groupe_2023, equivalent_2024_de_ce_groupe
            words = str(key).replace("_", " ")
            header = "Équivalent" + words[len("equivalent") :] if key.startswith("equiv") else words
            header = header[:1].upper() + header[1:]
        columns.append(outputs.SheetColumn(str(key), header, number_format))
    return columns


def write_outputs(result: GroupsResult, path: Path, dialect: str | None = None) -> list[Path]:
    """Write the groups, their description, the moves and the Markdown; return the files.

    CSV files are in `dialect` (French Excel by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    paths = output_paths(path)
    written = []
    if path.suffix.lower() == ".xlsx":
        sheets = {"Groupes": result.groups, "Description": description_frame(result)}
        if result.stability is not None:
            sheets["Mouvements"] = moves_frame(result)
        sheets["Voisins"] = result.neighbours
        book = outputs.open_workbook(path)
        for name, frame in sheets.items():
            outputs.write_table_sheet(book, name, frame, sheet_columns(frame))
        outputs.close_workbook(book, path)
        written.append(path)
    else:
        outputs.write_csv(result.groups, path, dialect)
        outputs.write_csv(description_frame(result), paths["description"], dialect)
        outputs.write_csv(result.neighbours, paths["voisins"], dialect)
        written += [path, paths["description"], paths["voisins"]]
        if result.stability is not None:
            outputs.write_csv(moves_frame(result), paths["mouvements"], dialect)
            written.append(paths["mouvements"])
    paths["rapport"].write_text(markdown_report(result), encoding="utf-8")
    written.append(paths["rapport"])
    return written


def markdown_report(result: GroupsResult) -> str:
    """Return the French account of the year's groups (method, stability, each group)."""
    catalogue = read_catalogue()
    fit = result.hcpc
    kept = len(fit.coordinates.columns)
    share = fit.eigenvalues.iloc[:kept].sum() / fit.eigenvalues.sum() * 100
    n_mls = len(result.groups)
    lines = [
        f"# Groupes homogènes des missions locales — {result.year}",
        "",
        f"{n_mls} missions locales réparties en {fit.n_clusters} groupes à partir de "
        f"{len(result.variables)} variables de contexte, par la méthode de FactoMineR (HCPC) : "
        f"analyse en composantes principales normée ({kept} axes, "
        f"{format_number(share)} % de l'inertie), classification ascendante hiérarchique de "
        "Ward sur les coordonnées, consolidation par k-means (Hartigan-Wong). Les groupes "
        "sont numérotés selon leur position sur le premier axe.",
        "",
        "Chaque mission locale a aussi ses 15 voisins : les missions locales les plus proches "
        "d'elle dans le même espace (distance euclidienne sur les mêmes axes de l'ACP, égalités "
        "départagées par le code). Ils remplacent son groupe pour les propositions de cibles "
        "quand le groupe compte moins de 5 missions locales avec une valeur.",
        "",
    ]
    small = [int(g) for g, size in result.sizes.items() if size < 5]
    if small:
        lines += [
            f"{plural(len(small), 'groupe compte', 'groupes comptent')} moins de 5 missions "
            f"locales ({', '.join(str(g) for g in small)}) : leurs propositions de cibles "
            "viendront des voisins.",
            "",
        ]
    for warning in result.warnings:
        lines.append(f"> Attention : {warning}")
    if result.warnings:
        lines.append("")
    lines += _stability_section(result)
    lines += ["## Les groupes", ""]
    lines += [
        "| Groupe | Effectif | Profil |",
        "|---:|---:|---|",
    ]
    for group, size in result.sizes.items():
        lines.append(f"| {group} | {size} | {result.group_labels.get(group, '')} |")
    lines.append("")
    for group in result.sizes.index:
        lines += _group_section(result, int(group), catalogue)
    return "\n".join(lines).rstrip() + "\n"


def _stability_section(result: GroupsResult) -> list[str]:
    stability = result.stability
    if stability is None:
        return [
            f"Les groupes de {result.year - 1} ne sont pas enregistrés dans l'entrepôt : "
            "pas de comparaison avec l'année précédente.",
            "",
        ]
    lines = [
        f"## Stabilité par rapport à {stability.previous_year}",
        "",
        f"Indice de Rand ajusté entre les groupes {stability.previous_year} et "
        f"{stability.year} : **{format_number(stability.adjusted_rand)}** (1 = partition "
        "identique, 0 = pas plus de concordance que le hasard), sur "
        f"{stability.n_common} missions locales classées les deux années.",
        "",
        f"Chaque groupe {stability.previous_year} est apparié au groupe {stability.year} "
        f"avec lequel il partage le plus de missions locales (son équivalent) ; "
        f"{changed_phrase(stability.n_changed)} de groupe :",
        "",
    ]
    if stability.moves.empty:
        return [*lines[:-2], "Aucune mission locale n'a changé de groupe.", ""]
    names = result.groups.set_index("code_ml")["nom"]
    lines += [
        f"| Mission locale | Groupe {stability.previous_year} | Son équivalent "
        f"{stability.year} | Groupe {stability.year} | Ce qui l'a déplacée |",
        "|---|---:|---:|---:|---|",
    ]
    for move in stability.moves.to_dict("records"):
        name = names.get(move["code_ml"])
        title = f"{move['code_ml']} {name}" if isinstance(name, str) else move["code_ml"]
        matched = "—" if pd.isna(move["groupe_apparie"]) else move["groupe_apparie"]
        lines.append(
            f"| {title} | {move['groupe_precedent']} | {matched} | {move['groupe']} "
            f"| {move['explication']} |"
        )
    lines.append("")
    return lines


def changed_phrase(count: int) -> str:
    """Return « 1 mission locale a changé », « 3 missions locales ont changé »."""
    verb = "a changé" if count < 2 else "ont changé"
    return f"{plural(count, 'mission locale', 'missions locales')} {verb}"


def _group_section(result: GroupsResult, group: int, catalogue) -> list[str]:
    members = result.groups[result.groups["groupe"] == group]
    lines = [
        f"### Groupe {group} — {result.group_labels.get(group, '')}",
        "",
        f"**{plural(len(members), 'mission locale', 'missions locales')}.** "
        f"Régions : {_regions(members)}.",
        "",
    ]
    table = result.hcpc.description.get(group, pd.DataFrame())
    if table.empty:
        lines += ["Aucune variable ne distingue ce groupe de la moyenne nationale.", ""]
    else:
        strongest = table.reindex(table["v_test"].abs().sort_values(ascending=False).index)
        shown = result.description[result.description["groupe"] == group].set_index("variable")
        for variable in strongest.index[:SENTENCES_PER_GROUP]:
            kind = TYPE_LABELS.get(variable_entry(str(variable), catalogue).type, "")
            prefix = f"*{kind}* — " if kind else ""
            lines.append(f"- {prefix}{shown.at[variable, 'phrase']}")
        if len(table) > SENTENCES_PER_GROUP:
            others = plural(
                len(table) - SENTENCES_PER_GROUP,
                "autre variable significative",
                "autres variables significatives",
            )
            lines.append(f"- … et {others} (voir le fichier de description).")
        lines.append("")
    names = [
        f"{row.code_ml} {row.nom}" if isinstance(row.nom, str) else str(row.code_ml)
        for row in members.itertuples(index=False)
    ]
    lines += [f"Missions locales : {', '.join(names)}.", ""]
    return lines


def _regions(members: pd.DataFrame) -> str:
    counts = members["code_region"].dropna().astype(str).value_counts()
    if counts.empty:
        return "inconnues"
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{REGION_NAMES.get(code, code)} ({count})" for code, count in ordered)
