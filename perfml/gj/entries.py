"""Monthly Garantie jeunes entries against the yearly target, projected to the year's end.

- **Entries**: GJ phases (`dispositifs.type = 'GJ'`) whose `date_entree` falls in the
  month, known on the observation date (as-of rules of the indicators), counted for the
  ML that runs them; a region's and the nation's entries are the sums of their MLs'.
- **Observation day** T: the as-of date, or the year's last day if earlier. The months
  observed are the **complete** months up to T (a month whose last day is ≤ T); the
  month in progress is shown but does not feed the projection.
- **Projection** of the year's entries, from the cumulated entries of the complete
  months C(m): `lineaire` C(m) × 12 / m; `saisonnalite` C(m) × E(N−1) / C(N−1, m), the
  previous year's seasonal profile of the same ML, region or nation (linear when the
  previous year had no entry in those months). With 12 complete months the projection
  is the year's entries.
- **Alert**: projection / target below the `retard` threshold (default 90 %) is "en
  retard", above `depassement` (default 110 %) "en dépassement", otherwise "conforme".
"""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pandas as pd

from perfml.activity import aggregate_levels
from perfml.gj.config import GJConfig
from perfml.indicators.periods import month_end
from perfml.indicators.sources import visible

MONTH_COLUMNS = [f"m{m:02d}" for m in range(1, 13)]
ALERT_BEHIND = "en retard"
ALERT_AHEAD = "en dépassement"
ALERT_OK = "conforme"
ALERT_NO_TARGET = "sans objectif"
ALERT_TOO_EARLY = "aucun mois complet"


def observation_day(year: int, as_of: dt.date) -> dt.date:
    """Return T: the as-of date, or the year's last day when the as-of date is later."""
    return min(as_of, dt.date(year, 12, 31))


def complete_months(year: int, day: dt.date) -> int:
    """Return how many months of `year` are over on `day` (0 to 12)."""
    if day < dt.date(year, 1, 1):
        return 0
    if day.year > year:
        return 12
    return day.month if day == month_end(day.year, day.month) else day.month - 1


def monthly_entries(con: ibis.BaseBackend, year: int, as_of: dt.date | None) -> pd.DataFrame:
    """Return each ML's GJ entries per month of `year` known on `as_of` (columns m01…m12)."""
    rows = visible(con, "dispositifs", as_of)
    rows = rows.filter((rows.type == "GJ") & (rows.date_entree.year() == year))
    counts = (
        rows.group_by(["code_ml", rows.date_entree.month().name("mois")])
        .aggregate(n=rows.count())
        .execute()
    )
    codes = sorted(con.table("structures").select("code_ml").execute()["code_ml"])
    table = counts.pivot_table(index="code_ml", columns="mois", values="n", aggfunc="sum")
    table = table.reindex(index=codes, columns=range(1, 13)).fillna(0).astype("int64")
    table.columns = MONTH_COLUMNS
    table.index.name = "code_ml"
    return table


def project(
    cumulated: np.ndarray,
    months: int,
    method: str,
    previous_total: np.ndarray | None = None,
    previous_cumulated: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the year-end projection of each entity and the method actually used."""
    cumulated = np.asarray(cumulated, dtype=float)
    if months == 0:
        return np.full(cumulated.shape, np.nan), np.full(cumulated.shape, "", dtype=object)
    linear = cumulated * 12 / months
    if method != "saisonnalite" or previous_total is None or months == 12:
        return linear, np.full(cumulated.shape, "lineaire", dtype=object)
    base = np.asarray(previous_cumulated, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        seasonal = cumulated * np.asarray(previous_total, dtype=float) / base
    usable = base > 0
    return (
        np.where(usable, seasonal, linear),
        np.where(usable, "saisonnalite", "lineaire").astype(object),
    )


def alert(ratio: float, months: int, config: GJConfig) -> str:
    """Return the alert of a projection / target ratio."""
    if months == 0:
        return ALERT_TOO_EARLY
    if ratio is None or np.isnan(ratio):
        return ALERT_NO_TARGET
    if ratio < config.behind:
        return ALERT_BEHIND
    if ratio > config.ahead:
        return ALERT_AHEAD
    return ALERT_OK


def follow_entries(
    con: ibis.BaseBackend,
    year: int,
    as_of: dt.date,
    config: GJConfig,
    structures: pd.DataFrame,
    region_targets: pd.Series,
    ml_targets: pd.Series,
    national_target: float | None = None,
) -> pd.DataFrame:
    """Return the monthly follow-up of every ML, region and the nation (`niveau`, `code`).

    Columns: m01…m12 (empty after the observation month), `cumul` (entries known on T),
    `mois_complets`, `cumul_mois_complets`, `projection`, `methode_projection`, `cible`,
    `realisation` (cumul / cible, %), `projection_cible` (projection / cible, %), `alerte`.
    `national_target`: the national row's target (None: `config.national_target`; NaN:
    none, as on an extract that lacks regions of the network).
    """
    day = observation_day(year, as_of)
    months = complete_months(year, day)
    current = aggregate_levels(monthly_entries(con, year, as_of), structures)
    frame = current[["niveau", "code"]].copy()
    values = current[MONTH_COLUMNS].to_numpy(dtype=float, copy=True)
    frame["cumul"] = values.sum(axis=1)
    frame["cumul_mois_complets"] = values[:, :months].sum(axis=1)
    frame["mois_complets"] = months
    previous_total = previous_cumulated = None
    if config.projection == "saisonnalite":
        before = aggregate_levels(monthly_entries(con, year - 1, as_of), structures)
        previous = (
            before.set_index(["niveau", "code"])
            .reindex(pd.MultiIndex.from_frame(current[["niveau", "code"]]))[MONTH_COLUMNS]
            .fillna(0)
        )
        previous_total = previous.sum(axis=1).to_numpy()
        previous_cumulated = previous.iloc[:, :months].sum(axis=1).to_numpy()
    projection, method = project(
        frame["cumul_mois_complets"].to_numpy(), months, config.projection,
        previous_total, previous_cumulated,
    )  # fmt: skip
    frame["projection"] = projection
    frame["methode_projection"] = method
    if day.year == year and day.month < 12:
        values[:, day.month :] = np.nan  # months not started yet
    for i, column in enumerate(MONTH_COLUMNS):
        frame[column] = values[:, i]
    targets = pd.concat(
        [
            ml_targets.rename_axis("code").reset_index(name="cible").assign(niveau="ML"),
            region_targets.rename_axis("code").reset_index(name="cible").assign(niveau="REGION"),
            pd.DataFrame(
                {
                    "niveau": ["NATIONAL"],
                    "code": ["FR"],
                    "cible": [
                        config.national_target if national_target is None else national_target
                    ],
                }
            ),
        ]
    )
    frame = frame.merge(targets, on=["niveau", "code"], how="left")
    target = frame["cible"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["realisation"] = np.where(target > 0, frame["cumul"] / target * 100, np.nan)
        frame["projection_cible"] = np.where(target > 0, frame["projection"] / target * 100, np.nan)
    frame["alerte"] = [
        alert(r / 100 if r == r else np.nan, months, config) for r in frame["projection_cible"]
    ]
    order = ["niveau", "code", *MONTH_COLUMNS, "cumul", "mois_complets", "cumul_mois_complets"]
    rest = ["projection", "methode_projection", "cible", "realisation", "projection_cible"]
    return frame[[*order, *rest, "alerte"]]
