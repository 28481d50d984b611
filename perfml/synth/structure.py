"""The `structures_annee` table (ICARE): staff and resources of each ML and year.

Staff follows activity: the youths an ML is expected to be in contact with, with
economies of scale (a big ML needs fewer ETP per youth), the ML's own staffing level
and a small yearly movement. Resources are staff times a cost per ETP (higher
overseas). Garantie jeunes counsellors follow the ML's Garantie jeunes entries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfml.synth.rng import stage_rng

# Youths in contact in a year for one first reception of the year (measured on the
# national extract), youths in contact per ETP on average, the size around which the
# economies of scale pivot and their elasticity.
CONTACT_PER_FIRST_RECEPTION = 2.6
YOUTHS_PER_ETP = 78.5
REFERENCE_CONTACT = 2455.0
SCALE_ELASTICITY = -0.2
COST_PER_ETP = 66_000.0  # euros, all funders
OVERSEAS_COST = 1.15
GJ_YOUTHS_PER_COUNSELLOR = 55.0


def draw_staff(mls: pd.DataFrame, plan: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Return `code_ml, annee, etp, ressources_eur` for every ML of `plan` and year.

    `mls` is the national network (per-ML draws are keyed by rank), `plan` the expected
    first receptions (rows `code_ml`, columns years).
    """
    rng = stage_rng(seed, "staff")
    n_all = int(mls["rang"].max()) + 1
    staffing = rng.normal(0.0, 0.1, n_all)
    cost = COST_PER_ETP * np.exp(rng.normal(0.0, 0.07, n_all))
    yearly = {y: rng.normal(0.0, 0.02, n_all) for y in plan.columns}
    yearly_cost = {y: rng.normal(0.0, 0.03, n_all) for y in plan.columns}
    ranks = mls.set_index("code_ml").loc[plan.index, "rang"].to_numpy()
    overseas = mls.set_index("code_ml").loc[plan.index, "outre_mer"].to_numpy()
    frames = []
    for year in plan.columns:
        contact = CONTACT_PER_FIRST_RECEPTION * plan[year].to_numpy()
        etp = (
            contact
            / YOUTHS_PER_ETP
            * (contact / REFERENCE_CONTACT) ** SCALE_ELASTICITY
            * np.exp(staffing[ranks] + yearly[year][ranks])
        )
        etp = np.round(etp, 1)
        resources = etp * cost[ranks] * np.where(overseas, OVERSEAS_COST, 1.0)
        resources *= np.exp(yearly_cost[year][ranks])
        frames.append(
            pd.DataFrame(
                {
                    "code_ml": plan.index.to_numpy(),
                    "annee": year,
                    "etp": etp,
                    "ressources_eur": np.round(resources, -2),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def structures_annee(
    staff: pd.DataFrame, gj_entries: pd.DataFrame, mls: pd.DataFrame, seed: int
) -> pd.DataFrame:
    """Return the `structures_annee` table: staff plus Garantie jeunes counsellors.

    `gj_entries` holds `code_ml, annee, entrees_gj` (the Garantie jeunes entries the
    youths' paths produced).
    """
    rng = stage_rng(seed, "gj-counsellors")
    ratio = GJ_YOUTHS_PER_COUNSELLOR * np.exp(rng.normal(0.0, 0.15, int(mls["rang"].max()) + 1))
    out = staff.merge(gj_entries, on=["code_ml", "annee"], how="left")
    ranks = mls.set_index("code_ml").loc[out["code_ml"], "rang"].to_numpy()
    counsellors = out["entrees_gj"].fillna(0).to_numpy() / ratio[ranks]
    out["etp_conseillers_gj"] = np.round(np.minimum(counsellors, 0.4 * out["etp"]), 1)
    return out[["code_ml", "annee", "etp", "ressources_eur", "etp_conseillers_gj"]]
