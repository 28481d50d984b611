"""Plausible targets: the bounds of the indicator catalogue, and what counts as a target.

The bounds are data (`perfml/indicators/catalogue.toml`): every target lies between
`cible_min` and `cible_max` (strictly above `cible_min` when `cible_min_exclu`), and for
the indicators with a `plage_nationale` factor f (9 and 10) also between the lowest
national value of the year divided by f and the highest multiplied by f. The target
import, the web form and the web synchronisation all check targets here (through
`perfml.targets.target_problem`); the funding asks `is_meaningful_target`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from perfml.distributions import Box
from perfml.french import french_decimal
from perfml.indicators.catalogue import Indicator, indicator


@dataclass(frozen=True)
class TargetRange:
    """The values a target may take: `low` (excluded when `low_excluded`) to `high`."""

    low: float
    high: float
    low_excluded: bool = False

    def contains(self, value: float) -> bool:
        """Return whether `value` is inside the range."""
        if not math.isfinite(value):
            return False
        above = value > self.low if self.low_excluded else value >= self.low
        return above and value <= self.high


def target_range(number: int, national: Box | None = None) -> TargetRange:
    """Return the plausible range of a target of indicator `number`.

    `national`: the national distribution of the year's values, which narrows the range
    of the indicators with a `plage_nationale` (None: the catalogue's bounds only).
    """
    item = indicator(number)
    low, high, excluded = item.target_min, item.target_max, item.target_min_excluded
    spread = item.national_spread
    if spread is not None and national is not None and national.n > 0:
        floor, ceiling = national.minimum / spread, national.maximum * spread
        if math.isfinite(floor) and floor > low:
            low, excluded = floor, False
        if math.isfinite(ceiling) and ceiling < high:
            high = ceiling
    return TargetRange(low, high, excluded)


def plausibility_problem(number: int, target: float, national: Box | None = None) -> str | None:
    """Return why `target` is not a plausible target of indicator `number` (French), or None."""
    bounds = target_range(number, national)
    if bounds.contains(target):
        return None
    item = indicator(number)
    unit = f" {item.unit}" if item.unit != "%" else " %"
    low = _number(bounds.low)
    high = _number(bounds.high)
    if bounds.low_excluded:
        where = f"strictement supérieure à {low}{unit} et au plus {high}{unit}"
    else:
        where = f"comprise entre {low}{unit} et {high}{unit}"
    reason = ""
    if item.national_spread is not None and national is not None and national.n > 0:
        reason = (
            f" (bornes tirées des valeurs nationales de l'année, de {_number(national.minimum)} "
            f"à {_number(national.maximum)}, divisées ou multipliées par "
            f"{_number(item.national_spread)})"
        )
    return f"la cible de l'indicateur {number} doit être {where}{reason}"


def is_meaningful_target(item: Indicator, target: float) -> bool:
    """Return whether `target` asks something: not the worst value the indicator can take.

    A target of 0 where higher is better (or of the maximum where lower is better) is
    reached by an ML that does nothing: it is no target.
    """
    if not math.isfinite(target):
        return False
    if item.is_higher_better:
        return target > item.target_min
    return target < item.target_max


def _number(value: float) -> str:
    return french_decimal(value, 2)
