"""The `contexte` table: the 54 context variables of each ML and year.

The catalogue `perfml/data/context_variables.csv` names and labels the variables and
sorts them into the instruction's four kinds (Annexe 2, § 2): general territory
context, youth-specific context, local economy and ML structure. Each variable is
drawn here from the territory's latent profile (`perfml.synth.territory`) plus its own
noise, fixed for the ML, and a small yearly jitter; the population grows year after
year at the ML's own pace, so values drift slightly from one year to the next. The
structure variables repeat the ICARE figures of `structures_annee`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from perfml.synth.rng import stage_rng

# Variables whose unit is a count are written as integers.
COUNT_UNITS = frozenset({"habitants", "jeunes", "personnes", "établissements", "communes", "lieux"})
# Share of its own noise a variable redraws every year (the rest is fixed for the ML).
YEARLY_JITTER = 0.2


@cache
def catalogue() -> pd.DataFrame:
    """Return the catalogue of the 54 context variables (`nom, libelle, type, source, unite`)."""
    path = resources.files("perfml").joinpath("data", "context_variables.csv")
    with path.open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str)


def variable_names(kind: str | None = None) -> list[str]:
    """Return the names of the context variables, all or those of one kind."""
    frame = catalogue()
    if kind is not None:
        frame = frame[frame["type"] == kind]
    return frame["nom"].tolist()


def is_count(name: str) -> bool:
    """True when the variable is a count (written as an integer)."""
    unit = catalogue().set_index("nom").loc[name, "unite"]
    return unit in COUNT_UNITS


class _Noise:
    """Standard normal draws, one column per variable: fixed part plus yearly jitter."""

    def __init__(self, fixed: np.ndarray, yearly: np.ndarray) -> None:
        self.fixed = fixed
        self.yearly = yearly
        self.column = 0

    def __call__(self, sd: float) -> np.ndarray:
        k = self.column
        self.column += 1
        mix = np.sqrt(1 - YEARLY_JITTER**2) * self.fixed[:, k] + YEARLY_JITTER * self.yearly[:, k]
        return sd * mix


def _territory_year(mls: pd.DataFrame, offset: int, noise: _Noise) -> dict[str, np.ndarray]:
    """Compute the territory, youth and economy variables of one year (offset from the first)."""
    u = mls["urbanite"].to_numpy()
    d = mls["precarite"].to_numpy()
    t = mls["tension"].to_numpy()
    o = mls["outre_mer"].to_numpy().astype(float)
    area = mls["superficie_km2"].to_numpy()
    growth = mls["croissance_population"].to_numpy()
    population = np.round(mls["population"].to_numpy() * (1 + growth) ** offset)
    v: dict[str, np.ndarray] = {}

    # General territory context.
    v["superficie_km2"] = area
    v["densite_population"] = np.round(population / area, 1)
    v["population"] = population
    v["evolution_population_5ans"] = np.round(100 * ((1 + growth) ** 5 - 1) + noise(0.3), 1)
    v["nb_communes"] = np.maximum(
        1, np.round(area / (10 + 60 * u**2) * np.exp(mls["bruit_communes"].to_numpy()))
    )
    v["part_population_urbaine"] = np.clip(100 * (0.1 + 0.9 * u) + noise(5), 0, 100)
    v["part_60_ans_et_plus"] = np.clip(30 - 9 * u - t - 9 * o + 0.3 * offset + noise(1.5), 8, 45)
    activity = 74 - 1.8 * d + 1.2 * t - 7 * o + noise(1.2)
    unemployment = np.clip(10.5 + 2.8 * d - 1.8 * t + 14 * o + noise(1), 3, 40)
    v["taux_activite_15_64"] = activity
    v["taux_emploi_15_64"] = activity * (1 - unemployment / 100)
    v["taux_chomage"] = unemployment
    v["part_cadres"] = np.clip(14 + 16 * u**2 - 3.5 * d + 2 * t - 4 * o + noise(2.5), 3, 50)
    v["part_ouvriers"] = np.clip(23 - 12 * u + 2.5 * d - 4 * o + noise(2.5), 5, 40)
    v["revenu_fiscal_moyen"] = np.round(
        28500 * np.exp(-0.11 * d + 0.15 * u**2 + 0.04 * t - 0.2 * o + noise(0.05))
    )
    v["taux_pauvrete"] = np.where(
        o > 0,
        mls["pauvrete_departement"].to_numpy() + noise(2),
        np.clip(14.5 + 3.5 * d + noise(0.8), 4, 40),
    )

    # Youth-specific context.
    share_young = np.clip(10.8 + 3 * u + 3.5 * o + noise(0.7), 7, 20)
    young = np.round(population * share_young / 100)
    v["population_16_25"] = young
    v["part_16_25"] = share_young
    v["evolution_16_25_5ans"] = v["evolution_population_5ans"] - 1.5 + 3 * u + noise(1.5)
    neet_rate = np.clip(11.5 + 2.4 * d - 0.7 * t - 1.2 * u + 12 * o + noise(0.8), 5, 45)
    v["neet_16_25"] = np.round(young * neet_rate / 100)
    v["taux_neet_16_25"] = neet_rate
    jano_rate = np.clip(20 + 4.5 * d - 3 * t + 18 * o + noise(1.5), 8, 60)
    # About 42 % of the 16-25 are in the labour force.
    jano = np.round(young * 0.42 * jano_rate / 100)
    v["jano_16_25"] = jano
    v["taux_jano_16_25"] = jano_rate
    v["part_16_25_qpv"] = np.clip(100 * mls["part_qpv"].to_numpy() + noise(0.5), 0, 100)
    zrr = mls["part_zrr"].to_numpy()
    v["part_16_25_zrr"] = np.where(zrr > 0, np.clip(100 * zrr + noise(1), 0, 100), 0.0)
    v["part_femmes_16_25"] = 49.2 - 0.8 * (1 - u) + noise(0.6)
    v["part_infra_v"] = np.clip(13 + 3 * d - 2 * u + 8 * o + noise(1.2), 4, 40)
    v["evolution_part_infra_v"] = -1.2 - 0.3 * t + noise(0.6)
    v["part_foyers_non_imposes"] = np.clip(54 + 6 * d - 5 * u**2 + 12 * o + noise(2), 25, 85)
    v["part_prestations_revenu"] = np.clip(5.5 + 2.2 * d + 9 * o + noise(0.6), 1.5, 35)
    v["revenu_median"] = np.round(
        22000 * np.exp(-0.075 * d + 0.05 * u + 0.02 * t - 0.25 * o + noise(0.03))
    )
    v["part_allocataires_bas_revenus"] = np.clip(26 + 7 * d + 14 * o + noise(2), 8, 75)
    job_seekers = np.round(jano * 1.15 * np.exp(noise(0.1)))
    v["defm_moins_26"] = job_seekers
    v["defm_moins_26_pour_100_jeunes"] = 100 * job_seekers / np.maximum(young, 1)
    v["part_defm_longue_duree"] = np.clip(46 + 3.5 * d - 2.5 * t + 6 * o + noise(2), 25, 70)
    v["part_defm_femmes"] = 50.5 + noise(1.5)
    v["dpae_cdi_pour_1000"] = 28 * np.exp(0.18 * t + 0.25 * u - 0.1 * o + noise(0.12))
    v["dpae_cdd_long_pour_1000"] = 40 * np.exp(0.15 * t + 0.1 * u + noise(0.12))
    v["dpae_cdd_court_pour_1000"] = 95 * np.exp(0.35 * u + 0.1 * t + noise(0.25))
    v["part_dpae_moins_26"] = np.clip(32 + 2 * t + 2 * u + noise(1.8), 18, 48)

    # Local economy.
    per_1000 = 78 * np.exp(0.2 * u + 0.1 * t - 0.05 * d + noise(0.1))
    v["nb_etablissements"] = np.round(population * per_1000 / 1000)
    v["etablissements_pour_1000_hab"] = per_1000
    sectors = {
        "part_etab_agriculture": 14 * (1 - u) ** 2 * np.exp(noise(0.3)) + 0.5,
        "part_etab_industrie": 6 * np.exp(0.15 * d - 0.15 * u + noise(0.25)),
        "part_etab_construction": 12 * np.exp(noise(0.15)),
        "part_etab_commerce_transports": 25 * np.exp(0.1 * o + noise(0.1)),
        "part_etab_services": 30 * np.exp(0.35 * u + 0.1 * t + noise(0.1)),
        "part_etab_administration": 13 * np.exp(0.1 * d + 0.15 * o + noise(0.12)),
    }
    total = sum(sectors.values())
    for name, raw in sectors.items():
        v[name] = 100 * raw / total
    v["part_etab_sans_salarie"] = np.clip(66 + 6 * u + 3 * o + noise(2.5), 50, 85)
    v["part_etab_50_salaries_plus"] = np.clip(1.1 + 0.9 * u + 0.2 * t + noise(0.25), 0.2, 4)
    v["part_jeunes_ouvriers"] = np.clip(27 - 12 * u + 4 * d + noise(2.5), 5, 50)
    v["part_jeunes_employes"] = np.clip(38 + 5 * u + 2 * d + noise(2), 20, 60)
    return v


def draw_growth(rng: np.random.Generator, mls: pd.DataFrame) -> pd.DataFrame:
    """Add each ML's fixed traits of the context: yearly population growth, commune size."""
    out = mls.copy()
    u = out["urbanite"].to_numpy()
    growth = (
        0.004
        + 0.004 * out["tension"].to_numpy()
        - 0.002 * out["precarite"].to_numpy()
        + 0.004 * (u > 0.3) * (u < 0.7)
        + rng.normal(0, 0.003, len(out))
    )
    out["croissance_population"] = growth
    out["bruit_communes"] = rng.normal(0, 0.25, len(out))
    return out


def territory_variables(mls: pd.DataFrame, years: Sequence[int], seed: int) -> pd.DataFrame:
    """Return the territory, youth and economy variables per (`code_ml`, `annee`).

    `mls` is the national network (every scale uses the national draws, so that an
    ML's context does not depend on the scale). Years count from the first one given.
    """
    rng = stage_rng(seed, "context")
    mls = draw_growth(rng, mls)
    n_variables = len(variable_names()) - len(variable_names("structure"))
    fixed = rng.standard_normal((len(mls), n_variables))
    frames = []
    for offset, year in enumerate(years):
        yearly = stage_rng(seed, "context-year", year).standard_normal((len(mls), n_variables))
        values = _territory_year(mls, offset, _Noise(fixed, yearly))
        frame = pd.DataFrame({"code_ml": mls["code_ml"].to_numpy(), "annee": year, **values})
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def structure_variables(
    structures_annee: pd.DataFrame, mls: pd.DataFrame, seed: int
) -> pd.DataFrame:
    """Return the ICARE variables of `contexte` (budget, staff, sites) per ML and year."""
    rng = stage_rng(seed, "context-structure")
    merged = structures_annee.merge(
        mls[["code_ml", "superficie_km2", "rang"]], on="code_ml", how="left"
    )
    # Draws keyed by rank, so that an ML's figures do not depend on the other MLs kept.
    per_ml = rng.standard_normal((int(mls["rang"].max()) + 1, 2))
    noise = per_ml[merged["rang"].to_numpy()]
    counsellors = np.round(
        merged["etp"].to_numpy() * np.clip(0.62 + 0.04 * noise[:, 0], 0.5, 0.75), 1
    )
    sites = 1 + np.floor(
        merged["superficie_km2"].to_numpy() / 350 * np.exp(0.3 * noise[:, 1])
        + merged["etp"].to_numpy() / 25
    )
    return pd.DataFrame(
        {
            "code_ml": merged["code_ml"],
            "annee": merged["annee"],
            "budget_eur": merged["ressources_eur"],
            "etp_total": merged["etp"],
            "etp_conseillers": counsellors,
            "nb_lieux_accueil": np.minimum(sites, 40),
        }
    )


def contexte_table(territory: pd.DataFrame, structure: pd.DataFrame) -> pd.DataFrame:
    """Join both parts into the `contexte` table, columns in the contract's order.

    `code_ml, annee, neet_16_25` first (the contract's columns), then the other
    variables in catalogue order; counts are integers, the rest rounded to 2 decimals.
    """
    frame = territory.merge(structure, on=["code_ml", "annee"], how="inner", validate="1:1")
    names = ["neet_16_25", *[n for n in variable_names() if n != "neet_16_25"]]
    for name in names:
        values = frame[name].to_numpy(dtype=float)
        frame[name] = np.round(values).astype(np.int64) if is_count(name) else np.round(values, 2)
    return frame[["code_ml", "annee", *names]]
