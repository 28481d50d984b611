"""A funding campaign: the regions' envelopes, then each region's allocation, explained.

`prepare` reads what the warehouse knows (criteria, values, targets) once;
`allocate` applies a configuration to it — twice for a what-if comparison, with no
second pass over the warehouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from perfml.errors import UserError
from perfml.funding.achievement import (
    measure_achievements,
    nothing_measurable,
    performance_scores,
)
from perfml.funding.allocation import RegionAllocation, allocate_region
from perfml.funding.config import NATIONAL_SPLIT, FundingConfig
from perfml.funding.criteria import CRITERIA
from perfml.funding.formats import format_euros
from perfml.funding.inputs import (
    FundingInputs,
    Report,
    attach_targets,
    check_fixed_targets,
    read_inputs,
)
from perfml.funding.national import (
    NationalSplit,
    measure_progressions,
    regional_activity,
    split_national,
)
from perfml.funding.rounding import apportion, to_fraction

ORIGIN_LISTED = "fixée dans la configuration"


@dataclass
class AllocationResult:
    """One configuration applied to one year: envelopes, allocations and explanations."""

    config: FundingConfig
    inputs: FundingInputs
    envelopes: pd.DataFrame  # code_region, enveloppe_eur, origine_enveloppe
    regions: list[RegionAllocation]
    achievements: pd.DataFrame  # ML × indicator: target, value, achievement, weights
    national: NationalSplit | None = None
    notes: list[str] = field(default_factory=list)

    def ml_table(self) -> pd.DataFrame:
        """One row per ML: name, region, criteria shares, base, score, bonus and total."""
        frames = [region.ml for region in self.regions]
        table = pd.concat(frames, ignore_index=True)
        names = self.inputs.criteria.set_index("code_ml")["nom"]
        table.insert(1, "nom", table["code_ml"].map(names))
        detail = self.criteria_detail()
        if not detail.empty:
            shares = detail.pivot_table(
                index="code_ml", columns="critere", values="part", aggfunc="first"
            )
            for name in CRITERIA:
                if name in shares:
                    table[f"part_{name}"] = table["code_ml"].map(shares[name])
        has_computable = self.achievements.groupby("code_ml")["calculable"].any()
        nothing = nothing_measurable(self.config.min_count)
        table["remarque"] = [
            "" if has_computable.get(code, False) else nothing for code in table["code_ml"]
        ]
        return table

    def criteria_detail(self) -> pd.DataFrame:
        """One row per ML × criterion: value, regional total, share, weight, contribution."""
        frames = []
        for region in self.regions:
            frame = region.criteria.copy()
            frame.insert(1, "code_region", region.code_region)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> pd.DataFrame:
        """One row per region: envelope, base, bonus, pool, number of MLs, envelope origin."""
        rows = [
            {
                "code_region": region.code_region,
                "enveloppe_eur": region.envelope_eur,
                "base_eur": region.base_eur,
                "bonus_eur": region.bonus_eur,
                "reserve_eur": region.pool_eur,
                "nb_ml": len(region.ml),
            }
            for region in self.regions
        ]
        frame = pd.DataFrame(rows)
        origins = self.envelopes.set_index("code_region")["origine_enveloppe"]
        frame["origine_enveloppe"] = frame["code_region"].map(origins)
        return frame


def scope(config: FundingConfig, inputs: FundingInputs) -> list[str]:
    """Return the regions the configuration allocates, each checked against the warehouse."""
    present = inputs.regions
    listed = config.listed_regions
    named = sorted(set(listed or ()) | set(config.region_rules))
    absent = [code for code in named if code not in present]
    if absent:
        raise UserError(
            f"La configuration nomme {_plural(absent, 'la région', 'les régions')} "
            f"{', '.join(absent)}, sans mission locale dans l'entrepôt (régions présentes : "
            f"{', '.join(present)})."
        )
    return list(listed) if listed is not None else present


def _plural(items: Sequence, one: str, many: str) -> str:
    return one if len(items) == 1 else many


def needed_targets(config: FundingConfig, inputs: FundingInputs) -> set[tuple[str, int]]:
    """The (code_ml, indicator) pairs whose target the configuration's bonuses need."""
    pairs = set()
    criteria = inputs.criteria
    for code in scope(config, inputs):
        rule = config.rule_for(code)
        indicators = [k for k, w in rule.indicators.items() if w > 0]
        for ml in criteria.loc[criteria["code_region"] == code, "code_ml"]:
            pairs.update((ml, k) for k in indicators)
    return pairs


def prepare(
    con, year: int, configs: Sequence[FundingConfig], report: Report | None = None
) -> FundingInputs:
    """Read everything the configurations need for `year`, targets included."""
    inputs = read_inputs(con, year, report)
    needed: set[tuple[str, int]] = set()
    for config in configs:
        if config.default_rule is None:  # a national-only configuration needs no target
            continue
        pairs = needed_targets(config, inputs)
        if config.targets_required:
            check_fixed_targets(con, year, pairs)
        needed |= pairs
    if needed:
        inputs.targets = attach_targets(con, inputs, needed, report)
    return inputs


def national_split(config: FundingConfig, inputs: FundingInputs) -> NationalSplit:
    """Split the national credit of the configuration between the warehouse's regions."""
    rule = config.national
    if rule is None:
        raise UserError(
            f"La configuration {config.source} n'a pas de section [nationale] : elle décrit "
            "la répartition du crédit entre régions."
        )
    names = [name for name, weight in rule.activity.items() if weight > 0]
    activity = regional_activity(inputs.criteria, names)
    progressions = measure_progressions(
        inputs.region_values,
        rule.indicators,
        inputs.directions,
        rule.score,
        rule.full_progression,
    )
    return split_national(rule, activity, progressions)


def _envelopes(
    config: FundingConfig, inputs: FundingInputs, regions: list[str]
) -> tuple[pd.DataFrame, NationalSplit | None]:
    rule = config.envelope_rule
    national = None
    if rule is None:
        amounts = [config.envelopes[code] for code in regions]
        origins = [ORIGIN_LISTED] * len(regions)
    elif rule.split == NATIONAL_SPLIT:
        national = national_split(config, inputs)
        totals = national.regions.set_index("code_region")["total_eur"]
        amounts = [int(totals[code]) for code in regions]
        origins = ["répartition nationale ([nationale])"] * len(regions)
    else:
        label = CRITERIA[rule.split].label
        sums = inputs.criteria.groupby("code_region")[rule.split].sum(min_count=1)
        criteria = inputs.criteria
        incomplete = criteria[rule.split].isna().groupby(criteria["code_region"]).any()
        weights = []
        for code in regions:
            if incomplete[code]:
                raise UserError(
                    f"« {label} » est inconnu pour une mission locale de la région {code} : "
                    "il ne peut pas répartir les enveloppes ; choisissez un autre critère."
                )
            weights.append(to_fraction(sums[code]))
        if sum(weights) == 0:
            raise UserError(
                f"« {label} » vaut 0 dans toutes les régions : il ne peut pas répartir les "
                "enveloppes ; choisissez un autre critère."
            )
        amounts = apportion(rule.total_eur, weights)
        origins = [f"part de {format_euros(rule.total_eur)} selon « {label} »"] * len(regions)
    frame = pd.DataFrame(
        {"code_region": regions, "enveloppe_eur": amounts, "origine_enveloppe": origins}
    )
    return frame, national


def _explained(achievements: pd.DataFrame, inputs: FundingInputs, code: str) -> pd.DataFrame:
    achievements.insert(1, "code_region", code)
    achievements.insert(3, "libelle", achievements["indicateur"].map(inputs.labels))
    return achievements


def allocate(config: FundingConfig, inputs: FundingInputs) -> AllocationResult:
    """Apply `config` to the prepared `inputs`: envelopes, then every region's allocation."""
    regions = scope(config, inputs)
    envelopes, national = _envelopes(config, inputs, regions)
    amounts = envelopes.set_index("code_region")["enveloppe_eur"]
    table = inputs.values
    if inputs.targets is not None:
        table = table.merge(inputs.targets, on=["code_ml", "indicateur"], how="left")
    else:
        table = table.assign(cible=float("nan"), origine_cible=None)
    allocations = []
    explanations = []
    notes = list(inputs.notes)
    for code in regions:
        rule = config.rule_for(code)
        values = inputs.criteria[inputs.criteria["code_region"] == code]
        mls = set(values["code_ml"])
        achievements = measure_achievements(
            table[table["code_ml"].isin(mls)],
            rule.indicators,
            inputs.directions,
            rule.achievement_mode,
            config.min_count,
        )
        scores = performance_scores(achievements, rule.indicators)
        allocations.append(allocate_region(code, int(amounts[code]), values, rule.criteria, scores))
        explanations.append(_explained(achievements, inputs, code))
        notes += _in_force_notes(rule.indicators, inputs)
    return AllocationResult(
        config=config,
        inputs=inputs,
        envelopes=envelopes,
        regions=allocations,
        achievements=pd.concat(explanations, ignore_index=True),
        national=national,
        notes=list(dict.fromkeys(notes)),
    )


def _in_force_notes(indicators: dict[int, object], inputs: FundingInputs) -> list[str]:
    """Warn when an indicator weighs before the first funding year the catalogue gives it."""
    funding_year = inputs.year + 1
    return [
        f"L'indicateur {k} ne pèse sur le financement qu'à partir de "
        f"{inputs.in_force_from[k]} selon le catalogue ; la configuration lui donne un poids "
        f"pour les crédits {funding_year}."
        for k, weight in sorted(indicators.items())
        if weight > 0 and inputs.in_force_from.get(k, 0) > funding_year
    ]
