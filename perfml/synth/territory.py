"""The latent territorial profile of each mission locale.

A handful of hidden traits describe the territory an ML covers; every context
variable of `contexte` and every behaviour of its youths is drawn from them, so that
missions locales differ for reasons and groups built from the context make sense:

- `population`, `superficie_km2`: the territory's size (a share of its département);
- `urbanite` (0 rural … 1 dense city), from the density;
- `precarite` (standardised), from the département's poverty rate and local noise;
- `tension` (standardised): how many jobs the local labour market offers;
- `part_qpv`, `part_zrr`: shares of youths in priority urban districts and in rural
  revitalisation zones;
- `outre_mer`: overseas territory;
- `performance` (standardised): the ML's own effect, independent of its territory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# National references of the département table (rounded public figures).
MEAN_POVERTY = 14.5  # %
SD_POVERTY = 3.5
# Density (inhabitants per km²) mapped to urbanity 0 and 1 on a log scale.
RURAL_DENSITY, URBAN_DENSITY = 20.0, 5000.0


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Return the logistic function of `x`."""
    return 1.0 / (1.0 + np.exp(-x))


def split_departement(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the population and area shares of the `n` MLs of one département.

    The first ML is the one of the main town: a larger share of the population on a
    smaller share of the area.
    """
    if n == 1:
        return np.ones(1), np.ones(1)
    # Half an even split, half random: no ML covers a sliver of its département.
    population = np.sort(0.35 * rng.dirichlet(np.full(n, 3.0)) + 0.65 / n)[::-1]
    population[0] *= 1.5
    population /= population.sum()
    area = population**0.3 * rng.lognormal(0.0, 0.35, n)
    area[0] *= 0.35
    return population, area / area.sum()


def draw_territories(rng: np.random.Generator, mls: pd.DataFrame) -> pd.DataFrame:
    """Add the latent profile columns to `mls` (one row per ML, département columns set).

    `mls` must hold `code_departement`, `rang_departement` (0 for the main town's ML),
    `nb_ml_departement`, `population_milliers`, `superficie_departement` and
    `taux_pauvrete`, `outre_mer`.
    """
    out = mls.copy()
    population = np.empty(len(out))
    area = np.empty(len(out))
    for _, rows in out.groupby("code_departement", sort=True).groups.items():
        first = out.loc[rows[0]]
        pop_share, area_share = split_departement(rng, len(rows))
        population[rows] = first["population_milliers"] * 1000 * pop_share
        area[rows] = first["superficie_departement"] * area_share
    n = len(out)
    overseas = out["outre_mer"].to_numpy()
    density = population / area
    urbanity = np.clip(
        np.log(density / RURAL_DENSITY) / np.log(URBAN_DENSITY / RURAL_DENSITY), 0.0, 1.0
    )
    poverty = (out["taux_pauvrete"].to_numpy() - MEAN_POVERTY) / SD_POVERTY
    # Overseas poverty is off the metropolitan scale: the overseas trait carries the rest.
    deprivation = np.clip(poverty, -2.5, 2.5) + 0.4 * (urbanity - 0.5) + rng.normal(0, 0.45, n)
    tension = -0.45 * deprivation + 0.3 * (urbanity - 0.5) - 1.2 * overseas + rng.normal(0, 0.7, n)
    qpv = 0.55 * sigmoid(-3.2 + 2.6 * urbanity + 0.8 * deprivation + rng.normal(0, 0.4, n))
    zrr = np.where(
        overseas, 0.0, np.clip(0.95 * (1 - urbanity) ** 2.5 * rng.lognormal(0, 0.3, n), 0, 0.95)
    )
    out["population"] = np.round(population)
    out["superficie_km2"] = np.round(area, 1)
    out["urbanite"] = urbanity
    out["precarite"] = deprivation
    out["tension"] = tension
    out["part_qpv"] = qpv
    out["part_zrr"] = zrr
    out["performance"] = rng.normal(0, 1, n)
    return out
