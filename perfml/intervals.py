"""95 % intervals of an ML's indicator values: how far chance alone could move them.

A small ML's rate moves by several points from one year to the next by chance alone.
Every ML value gets the interval Public Health England's Fingertips gives its values:

- indicators 1–8 (rates in %): the Wilson score interval of the proportion
  numerator / denominator (Wilson, 1927; Newcombe, 1998, method 3);
- indicator 9 (exits per ETP): the exact Poisson interval of the number of exits
  (Garwood, 1936: χ² quantiles), divided by the ETP;
- indicator 10 (euros per exit): the resources divided by the Garwood interval of the
  exits; dividing by a count swaps the bounds (the upper bound of the exits gives the
  lower bound of the cost). With no exit at all the upper bound is infinite: None.

A target proposal inside the ML's own interval is "à portée du hasard": the ML could
reach it with no change at all, by chance.
"""

from __future__ import annotations

import math

from scipy.special import gammaincinv, ndtri

from perfml.indicators.catalogue import CATALOGUE

LEVEL = 0.95
RATE_INDICATORS = frozenset(i.number for i in CATALOGUE if i.is_rate)  # 1–8
EXITS_PER_ETP = 9
COST_PER_EXIT = 10


def wilson(successes: float, trials: float, level: float = LEVEL) -> tuple[float, float]:
    """Return the Wilson score interval of the proportion `successes / trials` (0–1).

    `trials` must be positive and `successes` between 0 and `trials`.
    """
    if trials <= 0:
        raise ValueError("trials must be positive")
    if not 0 <= successes <= trials:
        raise ValueError("successes must lie between 0 and trials")
    z = float(ndtri(1 - (1 - level) / 2))
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    # At p = 0 or 1 the exact bound is 0 or 1; rounding may leave 1e-17 off it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def garwood(count: float, level: float = LEVEL) -> tuple[float, float]:
    """Return the exact (Garwood) Poisson interval of the mean behind an observed `count`.

    Lower bound χ²(α/2; 2k)/2 (0 when k = 0), upper bound χ²(1 − α/2; 2k + 2)/2. Half a
    χ² quantile of 2k degrees of freedom is the inverse of the regularised incomplete
    gamma function of k (what `scipy.stats.chi2.ppf` computes), called directly: the
    `scipy.stats` wrapper cost about 0,1 ms a value, a run computes one per ML and indicator.
    """
    if count < 0:
        raise ValueError("count must be non-negative")
    alpha = 1 - level
    low = 0.0 if count == 0 else float(gammaincinv(count, alpha / 2))
    high = float(gammaincinv(count + 1, 1 - alpha / 2))
    return low, high


def value_interval(
    indicator: int, numerator: float | None, denominator: float | None, level: float = LEVEL
) -> tuple[float | None, float | None]:
    """Return the interval of an ML's value of `indicator` in the value's unit.

    Rates in % (1–8), exits per ETP (9: numerator exits, denominator ETP), euros per
    exit (10: numerator resources, denominator exits). (None, None) when the value
    cannot be computed; an infinite bound is None.
    """
    if is_missing_number(numerator) or is_missing_number(denominator):
        return None, None
    numerator, denominator = float(numerator), float(denominator)
    if indicator in RATE_INDICATORS:
        if denominator <= 0 or not 0 <= numerator <= denominator:
            return None, None
        low, high = wilson(numerator, denominator, level)
        return 100 * low, 100 * high
    if indicator == EXITS_PER_ETP:
        if denominator <= 0 or numerator < 0:
            return None, None
        low, high = garwood(numerator, level)
        return low / denominator, high / denominator
    if indicator == COST_PER_EXIT:
        if denominator <= 0 or numerator < 0:
            return None, None
        low, high = garwood(denominator, level)
        return numerator / high, (numerator / low if low > 0 else None)
    raise ValueError(f"no interval is defined for indicator {indicator}")


def is_within_noise(proposal: float | None, low: float | None, high: float | None) -> bool:
    """Say whether `proposal` lies inside the interval [low, high] (an open bound: None)."""
    if is_missing_number(proposal) or (is_missing_number(low) and is_missing_number(high)):
        return False
    if not is_missing_number(low) and proposal < low:
        return False
    return is_missing_number(high) or proposal <= high


def is_missing_number(value: object) -> bool:
    """Say whether `value` is no number: None, NaN, pandas' NA or a text."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True
