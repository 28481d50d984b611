"""Yearly Garantie jeunes entry targets: the national target split by region, then by ML.

Targets fixed in the configuration are kept; what is left of the national target is
split between the other regions by the chosen rule (NEET of the territory, last year's
entries, or equal parts), in whole entries by largest remainder so that the regional
targets add up to the national one exactly. Each region's target is split between its
MLs the same way (an ML target fixed in the configuration is kept). An entity with no
weight at all (no `contexte` row, no entry last year) gets a zero share; when every
weight is zero the split is equal.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from perfml.dashboard.context import latest_yearly_rows
from perfml.errors import UserError
from perfml.funding.rounding import apportion
from perfml.gj.config import GJConfig
from perfml.indicators.sources import visible


def split_target(total: int, weights: pd.Series, fixed: dict[str, int]) -> pd.Series:
    """Split the integer `total` between the entries of `weights`, keeping `fixed` targets."""
    codes = list(weights.index)
    kept = {code: value for code, value in fixed.items() if code in set(codes)}
    rest = total - sum(kept.values())
    if rest < 0:
        raise UserError(
            f"Les objectifs fixés ({sum(kept.values())}) dépassent l'objectif à répartir ({total})."
        )
    others = [code for code in codes if code not in kept]
    shares: dict[str, int] = dict(kept)
    if others:
        w = weights.reindex(others).fillna(0).clip(lower=0)
        if float(w.sum()) == 0:
            w = pd.Series(1, index=others)
        shares.update(zip(others, apportion(rest, [float(x) for x in w]), strict=True))
    return pd.Series(shares, dtype="int64").reindex(codes)


def ml_weights(con: ibis.BaseBackend, year: int, rule: str, as_of: dt.date | None) -> pd.Series:
    """Return each ML's weight under `rule` (index code_ml, every ML of `structures`)."""
    codes = sorted(con.table("structures").select("code_ml").execute()["code_ml"])
    if rule == "egale":
        return pd.Series(1.0, index=codes)
    if rule == "neet":
        if "contexte" not in con.list_tables():
            return pd.Series(0.0, index=codes)
        context = latest_yearly_rows(con, "contexte", year)
        return context["neet_16_25"].astype(float).reindex(codes).fillna(0.0)
    rows = visible(con, "dispositifs", as_of)
    rows = rows.filter((rows.type == "GJ") & (rows.date_entree.year() == year - 1))
    counts = rows.group_by("code_ml").aggregate(n=rows.count()).execute()
    return counts.set_index("code_ml")["n"].astype(float).reindex(codes).fillna(0.0)


def targets_by_level(
    con: ibis.BaseBackend,
    year: int,
    config: GJConfig,
    structures: pd.DataFrame,
    as_of: dt.date | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Return the yearly targets of the regions (index code_region) and MLs (index code_ml)."""
    weights = ml_weights(con, year, config.split_rule, as_of)
    regions_of = structures.set_index("code_ml")["code_region"]
    unknown = sorted(set(config.region_targets) - set(regions_of))
    if unknown:
        raise UserError(
            "La configuration fixe un objectif à des régions sans mission locale dans "
            f"l'entrepôt : {', '.join(unknown)}."
        )
    region_weights = weights.groupby(regions_of.reindex(weights.index).to_numpy()).sum()
    region_targets = split_target(config.national_target, region_weights, config.region_targets)
    ml_targets = []
    for region, target in region_targets.items():
        members = sorted(regions_of.index[regions_of == region])
        ml_targets.append(split_target(int(target), weights.reindex(members), config.ml_targets))
    return region_targets, pd.concat(ml_targets).sort_index()
