"""Yearly Garantie jeunes entry targets: the national target split by region, then by ML.

Targets fixed in the configuration are kept; what is left of the national target is
split between the other regions by the chosen rule (NEET of the territory, last year's
entries, or equal parts), in whole entries by largest remainder so that the regional
targets add up to the national one exactly. Each region's target is split between its
MLs the same way (an ML target fixed in the configuration is kept). An entity with no
weight at all (no `contexte` row, no entry last year) gets a zero share; when every
weight is zero the split is equal.

The national target belongs to the whole network (`GJConfig.network_regions`). When
the extract lacks some of its regions, the national target is not split at all (its
share for the regions present cannot be known): a region gets the target the
configuration fixes for it (`[cible.regions]`), split between its MLs, and the others
get none — `network_coverage` says so, for the console and the workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import pandas as pd

from perfml.dashboard.context import latest_yearly_rows
from perfml.errors import UserError
from perfml.french import plural
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


@dataclass(frozen=True)
class Coverage:
    """Which regions of the network the extract holds, and what that does to the targets."""

    present: tuple[str, ...]
    missing: tuple[str, ...]  # regions of the network without any ML in the extract
    configured: tuple[str, ...]  # present regions whose target the configuration fixes

    @property
    def is_partial(self) -> bool:
        """Whether the extract lacks regions of the network."""
        return bool(self.missing)

    @property
    def national_target_applies(self) -> bool:
        """Whether the national target can be compared with the extract's entries."""
        return not self.is_partial

    def note(self) -> str | None:
        """The French warning of a partial extract (None for the whole network)."""
        if not self.is_partial:
            return None
        listed = ", ".join(self.missing[:6]) + (" …" if len(self.missing) > 6 else "")
        unset = [r for r in self.present if r not in self.configured]
        total = len(self.present) + len(self.missing)
        regions = plural(len(self.present), "région", "régions")
        text = (
            f"L'extrait ne couvre pas tout le réseau ({regions} "
            f"sur {total} ; absentes : {listed}) : l'objectif national n'est pas réparti "
            "entre les régions présentes."
        )
        if self.configured:
            text += (
                " Objectifs régionaux de la configuration utilisés pour : "
                f"{', '.join(self.configured)}."
            )
        if unset:
            text += (
                f" Sans objectif : {', '.join(unset)} ; fixez-le dans la section "
                "[cible.regions] de la configuration."
            )
        return text


def network_coverage(structures: pd.DataFrame, config: GJConfig) -> Coverage:
    """Compare the extract's regions with the network's (`config.network_regions`)."""
    present = tuple(sorted(set(structures["code_region"].astype(str))))
    missing = tuple(sorted(set(config.network_regions) - set(present)))
    configured = tuple(r for r in present if r in config.region_targets)
    return Coverage(present, missing, configured)


def extract_national_target(coverage: Coverage, config: GJConfig) -> float | None:
    """The target of the extract as a whole: the national one, or on a partial extract the
    sum of its regions' configured targets (None when one of them has none)."""
    if not coverage.is_partial:
        return float(config.national_target)
    if len(coverage.configured) < len(coverage.present):
        return None
    return float(sum(config.region_targets[r] for r in coverage.configured))


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
    coverage = network_coverage(structures, config)
    unknown = sorted(set(config.region_targets) - set(regions_of))
    if unknown and not coverage.is_partial:  # a partial extract just lacks those regions
        raise UserError(
            "La configuration fixe un objectif à des régions sans mission locale dans "
            f"l'entrepôt : {', '.join(unknown)}."
        )
    region_weights = weights.groupby(regions_of.reindex(weights.index).to_numpy()).sum()
    if coverage.is_partial:
        # Only the configured regional targets are known; the others stay empty (NaN).
        region_targets = pd.Series(
            {r: float(config.region_targets[r]) for r in coverage.configured},
            dtype="float64",
        ).reindex(sorted(region_weights.index))
    else:
        region_targets = split_target(config.national_target, region_weights, config.region_targets)
    ml_targets = []
    for region, target in region_targets.items():
        members = sorted(regions_of.index[regions_of == region])
        if pd.isna(target):
            fixed = {c: config.ml_targets.get(c) for c in members}
            ml_targets.append(pd.Series(fixed, dtype="float64"))
            continue
        ml_targets.append(split_target(int(target), weights.reindex(members), config.ml_targets))
    return region_targets, pd.concat(ml_targets).sort_index()
