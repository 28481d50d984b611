"""National funnel plots of the rates (indicators 1–8), with overdispersion, and positions.

A funnel plot (Spiegelhalter, 2005, "Funnel plots for comparing institutional
performance", Stat. Med. 24:1185) draws each ML's rate against its denominator, around
the national pooled rate; control limits narrow as the denominator grows, so that a
small ML is not singled out for what chance alone explains. The limits follow
FunnelPlotR (NHS-R community, `data_type = "PR"`) with Spiegelhalter's additive
random-effects adjustment for overdispersion (Spiegelhalter, 2005, "Handling
over-dispersion of performance indicators", Qual. Saf. Health Care 14:347):

- on the arcsine–square-root scale, `y = asin(√p)` has standard error `s = 1/(2√n)`;
  the target is `asin(√θ)` with `θ = Σ numerators / Σ denominators`;
- z-scores `z = (y − target) / s` are Winsorised at their 10th and 90th percentiles
  (R's type-7 quantiles), `φ = mean(z_w²)`;
- `τ² = max(0, (I·φ − (I − 1)) / (Σw − Σw² / Σw))` with `w = 1/s²` (0 when I·φ < I − 1);
- limits `sin²(target ± z_α √(s² + τ²))` with z = 1.959964 (95 %) and 3.090232
  (99.8 %). Where `target ± …` leaves [0, π/2] it is clipped there (0 % or 100 %):
  FunnelPlotR's `sin²` would fold it back into the range.

An ML's position compares its rate with the 95 % limits at its own denominator:
`au-dessus`, `dans l'entonnoir` (limits included) or `au-dessous`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtri

from perfml.indicators.catalogue import CATALOGUE
from perfml.intervals import is_missing_number

# The rates of the catalogue (indicators 1–8).
FUNNEL_INDICATORS: tuple[int, ...] = tuple(i.number for i in CATALOGUE if i.is_rate)
WINSORISE = 0.10
Z95 = float(ndtri(0.975))
Z998 = float(ndtri(0.999))
ABOVE, INSIDE, BELOW = "au-dessus", "dans l'entonnoir", "au-dessous"


@dataclass(frozen=True)
class Funnel:
    """The national funnel of one rate: pooled rate, overdispersion and the units drawn."""

    indicator: int
    target: float  # θ, the pooled proportion (0–1)
    phi: float  # the Winsorised dispersion ratio φ
    tau2: float  # τ², the between-ML variance added on the transformed scale
    units: pd.DataFrame  # code_ml, numerateur, denominateur, valeur (in %)

    @property
    def target_percent(self) -> float:
        """The pooled rate in %."""
        return 100 * self.target

    def limits(self, denominators, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
        """Return the lower and upper limits (in %) at `denominators` for the quantile `z`."""
        n = np.asarray(denominators, dtype=float)
        spread = z * np.sqrt(1 / (4 * n) + self.tau2)
        centre = math.asin(math.sqrt(self.target))
        low = np.clip(centre - spread, 0.0, math.pi / 2)
        high = np.clip(centre + spread, 0.0, math.pi / 2)
        return 100 * np.sin(low) ** 2, 100 * np.sin(high) ** 2

    def position(self, value: float | None, denominator: float | None) -> str | None:
        """Return where a rate (in %) of `denominator` lies against the 95 % limits."""
        if is_missing_number(value) or is_missing_number(denominator) or denominator <= 0:
            return None
        low, high = self.limits([denominator])
        if value > high[0]:
            return ABOVE
        if value < low[0]:
            return BELOW
        return INSIDE


def build_funnel(indicator: int, units: pd.DataFrame) -> Funnel | None:
    """Return the funnel of the ML rows `units` (code_ml, numerateur, denominateur).

    Rows without a positive denominator or with a numerator outside [0, denominator]
    are left out; None when no row is left.
    """
    frame = units[["code_ml", "numerateur", "denominateur"]].copy()
    frame["numerateur"] = pd.to_numeric(frame["numerateur"], errors="coerce")
    frame["denominateur"] = pd.to_numeric(frame["denominateur"], errors="coerce")
    valid = (
        (frame["denominateur"] > 0)
        & (frame["numerateur"] >= 0)
        & (frame["numerateur"] <= frame["denominateur"])
    )
    frame = frame[valid].reset_index(drop=True)
    if frame.empty:
        return None
    numerators = frame["numerateur"].to_numpy(dtype=float)
    denominators = frame["denominateur"].to_numpy(dtype=float)
    frame["valeur"] = 100 * numerators / denominators
    target = numerators.sum() / denominators.sum()
    y = np.arcsin(np.sqrt(numerators / denominators))
    s = 1 / (2 * np.sqrt(denominators))
    z = (y - math.asin(math.sqrt(target))) / s
    phi, tau2 = overdispersion(z, s)
    return Funnel(indicator, float(target), phi, tau2, frame)


def overdispersion(z: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """Return (φ, τ²) of Spiegelhalter's additive adjustment from z-scores and their s.e."""
    count = len(z)
    low, high = np.quantile(z, [WINSORISE, 1 - WINSORISE], method="linear")
    winsorised = np.clip(z, low, high)
    phi = float(np.mean(winsorised**2))
    if count * phi < count - 1:
        return phi, 0.0
    w = 1 / s**2
    denominator = w.sum() - (w**2).sum() / w.sum()
    if denominator <= 0:
        return phi, 0.0
    return phi, max(0.0, float((count * phi - (count - 1)) / denominator))


def compute_funnels(values: pd.DataFrame) -> dict[int, Funnel]:
    """Return the national funnel of each rate of `values` (code_ml, indicateur, num, den)."""
    funnels = {}
    for number in FUNNEL_INDICATORS:
        part = values[values["indicateur"].astype(int) == number]
        funnel = build_funnel(number, part) if len(part) else None
        if funnel is not None:
            funnels[number] = funnel
    return funnels
