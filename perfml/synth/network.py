"""The network of missions locales: codes, names, départements, regions, territories.

The national network is drawn once from the seed (about 440 MLs spread over the 18
regions as in the real network); the smaller scales keep a part of it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfml.synth.geography import departements, is_overseas, ml_counts, regions
from perfml.synth.names import draw_names
from perfml.synth.rng import stage_rng
from perfml.synth.scales import Scale
from perfml.synth.territory import draw_territories

STRUCTURE_COLUMNS = ("code_ml", "nom", "code_departement", "code_region")


def ml_codes(rng: np.random.Generator, code_departement: str, n: int) -> list[str]:
    """Return `n` distinct i-milo-like codes (5 characters) for MLs of a département.

    Metropolitan codes are the département's two characters and three digits (`59012`,
    `2A004`); overseas ones `97`, the département's last digit and two digits (`97401`).
    """
    if len(code_departement) == 3:
        numbers = np.sort(rng.choice(np.arange(1, 100), size=n, replace=False))
        return [f"{code_departement}{k:02d}" for k in numbers]
    numbers = np.sort(rng.choice(np.arange(1, 100), size=n, replace=False))
    return [f"{code_departement}{k:03d}" for k in numbers]


def national_network(seed: int) -> pd.DataFrame:
    """Return every ML of the national network with its territory's latent profile.

    Columns: `rang` (rank in the network, the key of each ML's random streams), the
    `structures` columns, and the traits of `perfml.synth.territory`.
    """
    rng = stage_rng(seed, "network")
    counts = ml_counts(dict(zip(regions()["code_region"], regions()["nb_ml"], strict=True)))
    rows = counts.loc[counts.index.repeat(counts["nb_ml"])].reset_index(drop=True)
    rows["rang_departement"] = rows.groupby("code_departement").cumcount()
    rows = rows.rename(columns={"superficie_km2": "superficie_departement"})
    rows["outre_mer"] = rows["code_region"].map(is_overseas)
    mls = draw_territories(rng, rows)
    codes: list[str] = []
    for code_departement, n in zip(counts["code_departement"], counts["nb_ml"], strict=True):
        codes.extend(ml_codes(rng, code_departement, int(n)))
    mls["code_ml"] = codes
    mls["nom"] = draw_names(rng, rural=mls["urbanite"].to_numpy() < 0.35)
    mls = mls.sort_values("code_ml", kind="stable").reset_index(drop=True)
    mls["rang"] = np.arange(len(mls))
    mls = mls.rename(columns={"taux_pauvrete": "pauvrete_departement"})
    keep = [
        "rang",
        *STRUCTURE_COLUMNS,
        "outre_mer",
        "pauvrete_departement",
        "population",
        "superficie_km2",
    ]
    traits = ["urbanite", "precarite", "tension", "part_qpv", "part_zrr", "performance"]
    return mls[keep + traits]


def select(network: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """Return the MLs of `network` that `scale` keeps (rank order)."""
    if scale.regions is None:
        return network
    kept = network[network["code_region"].isin(scale.regions)]
    limits = dict(scale.limits)
    parts = [
        rows.head(limits[code]) if code in limits else rows
        for code, rows in kept.groupby("code_region", sort=False)
    ]
    return pd.concat(parts).sort_values("rang").reset_index(drop=True)


def departement_names() -> dict[str, str]:
    """Return the French name of each département code."""
    frame = departements()
    return dict(zip(frame["code_departement"], frame["nom"], strict=True))
