"""Build a year's homogeneous groups from the warehouse's `contexte` and store them.

`build_groups` reads the context variables of the year (every numeric column of
`contexte` except `code_ml` and `annee`), runs `hcpc`, describes the groups, compares
them with last year's stored groups, and replaces the year's rows of the tables
`groupes(annee, code_ml, groupe)`, `groupes_description(annee, groupe, variable,
moyenne_groupe, moyenne_nationale, v_test, p_valeur, phrase)` and
`groupes_libelles(annee, groupe, effectif, libelle)` and, for each ML, its 15 nearest
MLs in the same PCA space `groupes_voisins(annee, code_ml, rang, code_ml_voisin,
distance)` in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perfml.errors import UserError
from perfml.groups.description import (
    ContextVariable,
    description_table,
    group_label,
    read_catalogue,
)
from perfml.groups.hcpc import HCPCResult, hcpc, is_auto
from perfml.groups.kmeans import EmptyClusterError
from perfml.groups.neighbours import NEIGHBOUR_COLUMNS, nearest_neighbours
from perfml.groups.stability import Stability, compare_years
from perfml.warehouse import connect, open_for_writing

CONTEXT_TABLE = "contexte"
GROUPS_TABLE = "groupes"
DESCRIPTION_TABLE = "groupes_description"
LABELS_TABLE = "groupes_libelles"
NEIGHBOURS_TABLE = "groupes_voisins"
KEY_COLUMNS = ("code_ml", "annee")
DEFAULT_K = 20
DEFAULT_COMPONENTS = 5

TABLE_DEFINITIONS = {
    GROUPS_TABLE: "annee INTEGER, code_ml VARCHAR, groupe INTEGER",
    DESCRIPTION_TABLE: (
        "annee INTEGER, groupe INTEGER, variable VARCHAR, moyenne_groupe DOUBLE, "
        "moyenne_nationale DOUBLE, v_test DOUBLE, p_valeur DOUBLE, phrase VARCHAR"
    ),
    LABELS_TABLE: "annee INTEGER, groupe INTEGER, effectif INTEGER, libelle VARCHAR",
    NEIGHBOURS_TABLE: (
        "annee INTEGER, code_ml VARCHAR, rang INTEGER, code_ml_voisin VARCHAR, distance DOUBLE"
    ),
}


@dataclass
class GroupsResult:
    """A year's groups, their description and their stability."""

    year: int
    hcpc: HCPCResult
    groups: pd.DataFrame  # code_ml, nom, code_region, groupe, libelle_groupe
    description: pd.DataFrame  # groupe, variable, libelle, type, moyennes, v_test, p, phrase
    group_labels: pd.Series  # groupe → short French label
    variables: list[str]
    stability: Stability | None
    warnings: list[str] = field(default_factory=list)
    # code_ml, rang, code_ml_voisin, distance (nearest_neighbours on the PCA coordinates)
    neighbours: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def labels(self) -> pd.Series:
        """Return the group of each mission locale (index `code_ml`)."""
        return self.hcpc.labels

    @property
    def sizes(self) -> pd.Series:
        """Return the number of missions locales of each group."""
        return self.hcpc.sizes


def build_groups(
    warehouse_path: str | Path,
    year: int,
    k: int | str | None = DEFAULT_K,
    n_components: int = DEFAULT_COMPONENTS,
    variables: Sequence[str] | None = None,
    report: Callable[[str], None] | None = None,
) -> GroupsResult:
    """Build the `year`'s groups from the warehouse's `contexte`, store them and return them.

    `k="auto"` (or None) chooses the number of groups as FactoMineR does; `report`
    receives a French message at each step (for a progress display).
    """
    say = report or (lambda _message: None)
    path = Path(warehouse_path)
    if not path.exists():
        connect(path)  # raises the warehouse's own French message
    with open_for_writing(path) as con:
        say(f"Lecture du contexte {year}")
        data, previous_data, warnings = read_context(con, year, variables)
        catalogue = read_catalogue()
        n_rows = len(data)
        if n_rows < 3:
            raise UserError(
                f"Trop peu de missions locales ({n_rows}) dans le contexte {year} pour les classer."
            )
        if not is_auto(k) and not 2 <= int(k) <= n_rows - 1:  # type: ignore[arg-type]
            raise UserError(
                f"Impossible de former {k} groupes avec {n_rows} missions locales : "
                f"choisissez --k entre 2 et {n_rows - 1}."
            )
        if is_auto(k) and n_rows < 7:
            raise UserError(
                f"Trop peu de missions locales ({n_rows}) pour choisir le nombre de groupes "
                "automatiquement : indiquez --k."
            )
        if n_components < 1:
            raise UserError("Le nombre d'axes (--ncp) doit être au moins 1.")
        say(f"Classification de {n_rows} missions locales (ACP, Ward, k-means)")
        try:
            result = hcpc(data, k, n_components=n_components)
        except EmptyClusterError as error:
            raise UserError(
                "La consolidation k-means a vidé un groupe dès le départ (FactoMineR "
                "s'arrête aussi dans ce cas) : choisissez un autre nombre de groupes."
            ) from error
        warnings += [
            f"La variable {name} a des valeurs manquantes, remplacées par sa moyenne "
            "(comme le fait FactoMineR)."
            for name in result.imputed_columns
        ]
        if result.kmeans_converged is False:
            warnings.append(
                "La consolidation k-means n'a pas convergé en 10 itérations : la partition "
                "obtenue est conservée, comme le fait R."
            )
        description = description_table(result.description, catalogue)
        labels = pd.Series(
            {g: group_label(result.description[g], catalogue) for g in result.description},
            name="libelle",
        ).sort_index()

        say("Comparaison avec l'année précédente")
        stability = _stability(con, year, result.labels, data, previous_data, catalogue)

        say("Voisins les plus proches")
        neighbours = nearest_neighbours(result.coordinates)

        say("Enregistrement dans l'entrepôt")
        store_groups(con, year, result.labels, description, labels, result.sizes, neighbours)
        groups = _groups_frame(con, result.labels, labels)
    return GroupsResult(
        year=year,
        hcpc=result,
        groups=groups,
        description=description,
        group_labels=labels,
        variables=list(data.columns),
        stability=stability,
        warnings=warnings,
        neighbours=neighbours,
    )


def context_variables(table) -> list[str]:
    """Return the numeric context variables of the `contexte` table (all but the keys)."""
    schema = table.schema()
    return [
        name
        for name, dtype in schema.items()
        if name not in KEY_COLUMNS and dtype.is_numeric() and not dtype.is_boolean()
    ]


def read_context(
    con, year: int, variables: Sequence[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None, list[str]]:
    """Return the context variables of `year` and of the year before (index `code_ml`).

    The previous year's table is None when it is absent; the French warnings concern
    `year`. A variable without any value that year is left out (with a warning); one
    with some missing values is kept (hcpc replaces them by the mean, as FactoMineR
    does). Both years are read in one query: each query costs Ibis a schema lookup.
    """
    if CONTEXT_TABLE not in con.list_tables():
        raise UserError(
            "L'entrepôt n'a pas de table contexte : chargez un extrait qui contient "
            "contexte.csv ou contexte.parquet."
        )
    table = con.table(CONTEXT_TABLE)
    available = context_variables(table)
    if variables:
        unknown = [v for v in variables if v not in available]
        if unknown:
            raise UserError(
                f"Variable(s) de contexte inconnue(s) : {', '.join(unknown)}. "
                f"Variables disponibles : {', '.join(available)}."
            )
        chosen = list(dict.fromkeys(variables))
    else:
        chosen = available
    both = (
        table.filter(table.annee.isin([year, year - 1]))
        .select("annee", "code_ml", *chosen)
        .execute()
    )
    frames = {
        int(y): part.drop(columns="annee").set_index("code_ml").sort_index().astype(float)
        for y, part in both.groupby("annee")
    }
    if year not in frames:
        years = sorted(int(y) for y in table.select("annee").distinct().execute()["annee"])
        listed = ", ".join(str(y) for y in years) or "aucune"
        raise UserError(
            f"Le contexte de l'année {year} n'est pas dans l'entrepôt (années présentes : "
            f"{listed})."
        )
    frame = frames[year]
    warnings = []
    empty = [c for c in frame.columns if frame[c].isna().all()]
    if empty:
        warnings.append(
            f"Variable(s) sans aucune valeur en {year}, écartée(s) : {', '.join(empty)}."
        )
        frame = frame.drop(columns=empty)
    if frame.shape[1] == 0:
        raise UserError(f"Aucune variable de contexte utilisable en {year}.")
    previous = frames.get(year - 1)
    if previous is not None:
        previous = previous[frame.columns]
    return frame, previous, warnings


def store_groups(
    con,
    year: int,
    labels: pd.Series,
    description: pd.DataFrame,
    group_labels: pd.Series,
    sizes: pd.Series,
    neighbours: pd.DataFrame | None = None,
) -> None:
    """Replace the year's rows of the groups tables, all in one transaction.

    Without `neighbours` the year's stored neighbours are removed (they belong to the
    groups' PCA space, which has just been replaced).
    """
    frames = {
        GROUPS_TABLE: pd.DataFrame(
            {
                "annee": year,
                "code_ml": labels.index.astype(str),
                "groupe": labels.to_numpy(dtype="int64"),
            }
        ),
        DESCRIPTION_TABLE: description.assign(annee=year)[
            [
                "annee",
                "groupe",
                "variable",
                "moyenne_groupe",
                "moyenne_nationale",
                "v_test",
                "p_valeur",
                "phrase",
            ]
        ],
        LABELS_TABLE: pd.DataFrame(
            {
                "annee": year,
                "groupe": group_labels.index.astype("int64"),
                "effectif": sizes.reindex(group_labels.index).to_numpy(dtype="int64"),
                "libelle": group_labels.to_numpy(),
            }
        ),
        NEIGHBOURS_TABLE: (
            neighbours if neighbours is not None else pd.DataFrame(columns=NEIGHBOUR_COLUMNS)
        ).assign(annee=year)[["annee", *NEIGHBOUR_COLUMNS]],
    }
    raw = con.con
    raw.begin()
    try:
        for name, frame in frames.items():
            columns = TABLE_DEFINITIONS[name]
            raw.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
            raw.execute(f"DELETE FROM {name} WHERE annee = ?", [year])
            view = f"_perfml_{name}"
            raw.register(view, frame)
            names = ", ".join(frame.columns)
            raw.execute(f"INSERT INTO {name} ({names}) SELECT {names} FROM {view}")
            raw.unregister(view)
        raw.commit()
    except Exception:
        raw.rollback()
        raise


def load_groups(con, year: int) -> pd.Series:
    """Return the stored groups of `year` (index `code_ml`, values 1..k, name `groupe`)."""
    if GROUPS_TABLE not in con.list_tables():
        raise UserError(
            "Aucun groupe homogène n'est enregistré dans l'entrepôt : lancez d'abord "
            f"perfml groupes --annee {year}."
        )
    table = con.table(GROUPS_TABLE)
    frame = table.filter(table.annee == year).select("code_ml", "groupe").execute()
    if frame.empty:
        raise UserError(
            f"Les groupes homogènes de {year} ne sont pas dans l'entrepôt : lancez "
            f"perfml groupes --annee {year}."
        )
    return frame.set_index("code_ml")["groupe"].astype("int64").sort_index()


def load_neighbours(con, year: int) -> pd.DataFrame | None:
    """Return the stored neighbours of `year` (code_ml, rang, code_ml_voisin, distance).

    None when they are not stored (groups built before neighbours existed).
    """
    if NEIGHBOURS_TABLE not in con.list_tables():
        return None
    table = con.table(NEIGHBOURS_TABLE)
    frame = (
        table.filter(table.annee == year)
        .select(*NEIGHBOUR_COLUMNS)
        .order_by(["code_ml", "rang"])
        .execute()
    )
    if frame.empty:
        return None
    return frame.astype({"rang": "int64", "distance": "float64"})


def has_groups(con, year: int) -> bool:
    """Say whether the groups of `year` are stored."""
    if GROUPS_TABLE not in con.list_tables():
        return False
    table = con.table(GROUPS_TABLE)
    return int(table.filter(table.annee == year).count().execute()) > 0


def _stability(
    con,
    year: int,
    labels: pd.Series,
    data: pd.DataFrame,
    previous_data: pd.DataFrame | None,
    catalogue: dict[str, ContextVariable],
) -> Stability | None:
    previous_year = year - 1
    if not has_groups(con, previous_year):
        return None
    previous = load_groups(con, previous_year)
    if previous.index.intersection(labels.index).empty:
        return None
    if previous_data is not None:
        previous_data = previous_data.fillna(previous_data.mean())
    return compare_years(
        previous,
        labels,
        previous_data,
        data.fillna(data.mean()),
        previous_year,
        year,
        catalogue,
    )


def _groups_frame(con, labels: pd.Series, group_labels: pd.Series) -> pd.DataFrame:
    """Return code_ml, nom, code_region, groupe, libelle_groupe (names from `structures`)."""
    frame = labels.rename("groupe").rename_axis("code_ml").reset_index()
    if "structures" in con.list_tables():
        names = con.table("structures").select("code_ml", "nom", "code_region").execute()
        frame = frame.merge(names, on="code_ml", how="left")
    else:
        frame["nom"] = pd.NA
        frame["code_region"] = pd.NA
    frame["libelle_groupe"] = frame["groupe"].map(group_labels)
    return frame[["code_ml", "nom", "code_region", "groupe", "libelle_groupe"]]


def ensure_groups(
    warehouse_path: str | Path, year: int, report: Callable[[str], None] | None = None
) -> bool:
    """Build and store the `year`'s groups if the warehouse lacks them; say if it did.

    The groups are deterministic (same context, same groups), so a command that needs
    them computes them rather than asking the user to run `perfml groupes` first.
    Returns True when they were built.
    """
    path = Path(warehouse_path)
    con = connect(path)
    try:
        present = has_groups(con, year)
    finally:
        con.disconnect()
    if present:
        return False
    if report is not None:
        report(f"Groupes homogènes {year} absents de l'entrepôt : calcul et enregistrement")
    build_groups(path, year)
    return True
