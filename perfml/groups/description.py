"""What characterises each group: FactoMineR's `catdes` v-tests, put into French.

For a variable x and a group q (N rows, n_q in q) the v-test is
`v = (mean_q − mean)/σ · √n_q / √((N − n_q)/(N − 1))`, σ the population standard
deviation over all rows: the group mean expressed in standard errors of a mean of n_q
rows drawn at random without replacement. p = 2(1 − Φ(|v|)); catdes keeps p ≤ 0.05 and
sorts by v decreasing. As in catdes, the variables are only described when at least one
of them is linked to the partition (one-way analysis of variance, p < 0.05).

The sentences use the catalogue of context variables (`perfml/data/context_variables.csv`:
`nom, libelle, type, source, unite`); a variable missing from it is named by its column.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

# scipy.special rather than scipy.stats: the same functions, a second less to import.
from scipy.special import fdtrc, ndtr

from perfml.french import french_number

# |v| from which a gap is called "nettement" above/below the national mean. A v-test of 4
# is a probability below 1/10 000 of drawing such a group mean by chance; for a group of
# about 22 of 440 missions locales it means a gap of at least 0.8 national standard
# deviation, which every reader sees on the figures themselves.
STRONG_V_TEST = 4.0
# How many of the strongest variables make a group's short label.
LABEL_FEATURES = 2

CATDES_COLUMNS = ["v_test", "mean_in_group", "overall_mean", "sd_in_group", "overall_sd", "p_value"]
TYPE_LABELS = {
    "territoire": "Territoire",
    "jeunesse": "Jeunesse",
    "economie": "Économie",
    "structure": "Structure de la mission locale",
}


@dataclass(frozen=True)
class ContextVariable:
    """One entry of the catalogue of context variables."""

    nom: str
    libelle: str
    type: str = ""
    source: str = ""
    unite: str = ""


def read_catalogue() -> dict[str, ContextVariable]:
    """Return the catalogue of context variables by column name (empty when absent)."""
    path = resources.files("perfml") / "data" / "context_variables.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["nom"]: ContextVariable(
            nom=row["nom"],
            libelle=(row.get("libelle") or row["nom"]).strip(),
            type=(row.get("type") or "").strip(),
            source=(row.get("source") or "").strip(),
            unite=(row.get("unite") or "").strip(),
        )
        for row in rows
        if row.get("nom")
    }


def variable_entry(name: str, catalogue: dict[str, ContextVariable]) -> ContextVariable:
    """Return the catalogue entry of `name`, or one that names it by its column."""
    return catalogue.get(name) or ContextVariable(nom=name, libelle=name)


def catdes(
    data: pd.DataFrame, labels: pd.Series, proba: float = 0.05
) -> tuple[dict[int, pd.DataFrame], pd.DataFrame]:
    """Describe each group of `labels` by the numeric columns of `data` (FactoMineR `catdes`).

    Returns, per group, the table of its significant variables (columns `CATDES_COLUMNS`,
    p ≤ proba, by v-test decreasing) and the table of the variables linked to the
    partition (`eta2`, `p_value` of the analysis of variance, p < proba, by p increasing).
    """
    values = data.to_numpy(dtype=float)
    groups = np.asarray(labels.loc[data.index])
    levels = sorted(set(groups.tolist()))
    n_total = len(groups)
    overall_mean = values.mean(axis=0)
    overall_sd = values.std(axis=0)  # population standard deviation, as catdes' `et`
    association = _association(values, groups, levels, data.columns, proba)

    description: dict[int, pd.DataFrame] = {}
    for level in levels:
        inside = groups == level
        n_q = int(inside.sum())
        mean_q = values[inside].mean(axis=0)
        sd_q = values[inside].std(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            v_test = (
                (mean_q - overall_mean)
                / overall_sd
                * math.sqrt(n_q)
                / math.sqrt((n_total - n_q) / (n_total - 1))
            )
        p_value = 2 * ndtr(-np.abs(v_test))
        table = pd.DataFrame(
            {
                "v_test": v_test,
                "mean_in_group": mean_q,
                "overall_mean": overall_mean,
                "sd_in_group": sd_q,
                "overall_sd": overall_sd,
                "p_value": p_value,
            },
            index=pd.Index([str(c) for c in data.columns], name="variable"),
        )
        keep = table["v_test"].notna() & (table["p_value"] <= proba)
        if association.empty:
            keep &= False  # catdes describes no variable when none is linked to the groups
        table = table[keep]
        # `rev(order(v))`: ascending stable order, reversed (ties: the later column first).
        ascending = np.argsort(table["v_test"].to_numpy(), kind="stable")
        description[int(level)] = table.iloc[ascending[::-1]]
    return description, association


def _association(
    values: np.ndarray, groups: np.ndarray, levels: list, columns, proba: float
) -> pd.DataFrame:
    """Return η² and the p-value of the one-way analysis of variance of each variable."""
    n_total, n_levels = len(groups), len(levels)
    overall = values.mean(axis=0)
    total_ss = ((values - overall) ** 2).sum(axis=0)
    between_ss = np.zeros(values.shape[1])
    for level in levels:
        inside = values[groups == level]
        between_ss += len(inside) * (inside.mean(axis=0) - overall) ** 2
    within_ss = total_ss - between_ss
    with np.errstate(divide="ignore", invalid="ignore"):
        eta2 = between_ss / total_ss
        f_stat = (between_ss / (n_levels - 1)) / (within_ss / (n_total - n_levels))
    p_value = fdtrc(n_levels - 1, n_total - n_levels, f_stat)
    table = pd.DataFrame(
        {"eta2": eta2, "p_value": p_value},
        index=pd.Index([str(c) for c in columns], name="variable"),
    )
    table = table[table["p_value"] < proba]
    return table.sort_values("p_value", kind="stable")


def format_number(value: float, unit: str = "") -> str:
    """Write `value` the French way (thousands separated by a space, decimal comma)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    magnitude = abs(value)
    # Three significant figures, at most two decimals; a whole number keeps none.
    decimals = 0 if magnitude >= 100 or value == round(value) else 1 if magnitude >= 10 else 2
    if round(value, decimals) == 0:
        value = 0.0  # no "−0,00"
    text = french_number(value, decimals).replace("-", "−")
    return f"{text}\u00a0{unit}" if unit else text


def describe_sentence(variable: str, row: pd.Series, catalogue: dict[str, ContextVariable]) -> str:
    """Return the French sentence saying how a group stands on `variable`.

    E.g. « Revenu médian nettement au-dessous de la moyenne nationale (18 200 € contre
    21 500 €) ». The locutions « au-dessus de » / « au-dessous de » agree with any label.
    """
    entry = variable_entry(variable, catalogue)
    v_test = float(row["v_test"])
    side = "au-dessus" if v_test > 0 else "au-dessous"
    strength = "nettement " if abs(v_test) >= STRONG_V_TEST else ""
    # A unit of several words ("habitants par km²") is written once, after both figures.
    repeat = " " not in entry.unite
    group_value = format_number(float(row["mean_in_group"]), entry.unite if repeat else "")
    national_value = format_number(float(row["overall_mean"]), entry.unite)
    label = _capitalise(entry.libelle)
    return (
        f"{label} {strength}{side} de la moyenne nationale ({group_value} contre {national_value})"
    )


def group_label(table: pd.DataFrame, catalogue: dict[str, ContextVariable]) -> str:
    """Return a short label of a group from its strongest variables (largest |v|).

    E.g. « ↑ densité de population, ↓ revenu médian »; a group with no significant
    variable is « profil proche de la moyenne nationale ».
    """
    if table.empty:
        return "profil proche de la moyenne nationale"
    strongest = table.reindex(table["v_test"].abs().sort_values(ascending=False).index)
    parts = [
        f"{'↑' if row.v_test > 0 else '↓'} {short_label(str(name), catalogue)}"
        for name, row in strongest.head(LABEL_FEATURES).iterrows()
    ]
    return ", ".join(parts)


def short_label(name: str, catalogue: dict[str, ContextVariable]) -> str:
    """Return a label without its closing parenthesis (« jeunes NEET de 16 à 25 ans »)."""
    label = variable_entry(name, catalogue).libelle
    if label.endswith(")") and " (" in label:
        label = label[: label.rindex(" (")]
    return label


def description_table(
    description: dict[int, pd.DataFrame], catalogue: dict[str, ContextVariable]
) -> pd.DataFrame:
    """Return the long table of the groups' descriptions, one row per group × variable.

    Columns: `groupe, variable, libelle, type, moyenne_groupe, moyenne_nationale, v_test,
    p_valeur, phrase` (rows of a group by v-test decreasing, as catdes).
    """
    rows = []
    for group, table in sorted(description.items()):
        for variable, row in table.iterrows():
            entry = variable_entry(str(variable), catalogue)
            rows.append(
                {
                    "groupe": group,
                    "variable": str(variable),
                    "libelle": entry.libelle,
                    "type": entry.type,
                    "moyenne_groupe": float(row["mean_in_group"]),
                    "moyenne_nationale": float(row["overall_mean"]),
                    "v_test": float(row["v_test"]),
                    "p_valeur": float(row["p_value"]),
                    "phrase": describe_sentence(str(variable), row, catalogue),
                }
            )
    columns = [
        "groupe",
        "variable",
        "libelle",
        "type",
        "moyenne_groupe",
        "moyenne_nationale",
        "v_test",
        "p_valeur",
        "phrase",
    ]
    return pd.DataFrame(rows, columns=columns)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
