"""How each mission locale works: the parameters of its youths' paths.

Each parameter is drawn from the territory's latent profile (precarity, labour market
tension, urbanity, overseas), the ML's own performance effect and a little noise, so
that the ten indicators vary from one ML to another, correlate with the context and
still leave room for the ML's own merit. Probabilities are set on the logit scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from perfml.synth.rng import stage_rng
from perfml.synth.territory import sigmoid

# Reference population of an average ML territory: bigger MLs reach a slightly smaller
# share of their NEET.
REFERENCE_POPULATION = 150_000


def draw_behaviour(mls: pd.DataFrame, neet: pd.Series, seed: int) -> pd.DataFrame:
    """Return the path parameters of every ML (index `code_ml`).

    `mls` is the national network, `neet` the NEET count of each ML (index `code_ml`)
    in the first reported year.
    """
    rng = stage_rng(seed, "behaviour")
    n = len(mls)
    p = mls["performance"].to_numpy()
    d = mls["precarite"].to_numpy()
    t = mls["tension"].to_numpy()
    u = mls["urbanite"].to_numpy()
    o = mls["outre_mer"].to_numpy().astype(float)
    q = mls["part_qpv"].to_numpy()
    size = mls["population"].to_numpy() / REFERENCE_POPULATION

    def noise(sd: float) -> np.ndarray:
        return rng.normal(0.0, sd, n)

    # Indicator 1: the share of the territory's NEET received for the first time a year.
    reach = 0.31 * np.exp(0.13 * p + 0.06 * d - 0.15 * (u - 0.4) + noise(0.12)) * size**-0.15
    neet_share = np.clip(0.74 + 0.03 * d + 0.04 * o + noise(0.03), 0.55, 0.92)
    b = pd.DataFrame(index=pd.Index(mls["code_ml"].to_numpy(), name="code_ml"))
    b["premiers_accueils_an"] = neet.reindex(b.index).to_numpy() * reach / neet_share
    b["part_neet"] = neet_share
    # Indicator 2: entry into PACEA within 3 months of the first reception, or later.
    b["pacea_3_mois"] = sigmoid(0.15 + 0.45 * p - 0.1 * d + 0.1 * t + noise(0.3))
    b["pacea_tardif"] = np.clip(0.25 * np.exp(0.1 * p + noise(0.1)), 0.05, 0.5)
    # Garantie jeunes: offered to the most precarious youths.
    b["gj"] = sigmoid(-1.25 + 0.25 * d + 1.0 * q + 0.2 * o + noise(0.3))
    # Indicators 5, 6, 9, 10: exits to a job or alternance.
    b["sortie_positive"] = -0.45 + 0.3 * p + 0.35 * t - 0.15 * d - 0.3 * o + noise(0.2)
    b["sortie_positive_gj"] = -0.35 + 0.3 * p + 0.35 * t - 0.15 * d - 0.3 * o + noise(0.25)
    # Indicator 3: propositions a month during a PACEA (youths vary around it).
    b["propositions_mois"] = 0.38 * np.exp(0.3 * p + noise(0.2))
    # Indicator 4: a job, training or alternance started within the first 12 months.
    b["situation_12_mois"] = -0.75 + 0.35 * p + 0.35 * t - 0.1 * d + noise(0.25)
    # Indicators 7 and 8: offers collected, put-forwards made and carried out.
    b["offres_par_etp"] = 11 * np.exp(0.3 * t + 0.2 * p + noise(0.3))
    b["part_offres_internes"] = np.clip(0.45 + 0.1 * p + noise(0.1), 0.1, 0.85)
    b["mer_par_offre"] = 2.0 * np.exp(0.2 * p + noise(0.2))
    b["mer_realisee"] = 0.05 + 0.4 * p + 0.2 * t + noise(0.3)
    return b


def first_reception_plan(
    behaviour: pd.DataFrame, years: Sequence[int], reference_year: int, seed: int
) -> pd.DataFrame:
    """Return the expected first receptions of each ML (rows) and year (columns).

    A national yearly movement and each ML's own yearly movement around its level.
    """
    rng = stage_rng(seed, "plan")
    national = {y: rng.normal(0.0, 0.03) for y in years}
    local = rng.normal(0.0, 0.05, (len(behaviour), len(years)))
    factors = np.exp(np.array([national[y] for y in years])[None, :] + local)
    factors[:, list(years).index(reference_year)] = 1.0
    plan = behaviour["premiers_accueils_an"].to_numpy()[:, None] * factors
    return pd.DataFrame(plan, index=behaviour.index, columns=list(years))
