"""A tiny warehouse for the groups' tests: `structures` and a drifting `contexte`."""

import duckdb
import numpy as np
import pandas as pd

N_ML = 24
CODES = [f"{i:05d}" for i in range(1001, 1001 + N_ML)]


def make_warehouse(path, years=(2023, 2024), seed=0):
    """structures + contexte: three well-separated kinds of territory, drifting a little."""
    rng = np.random.default_rng(seed)
    con = duckdb.connect(str(path))
    structures = pd.DataFrame(
        {
            "code_ml": CODES,
            "nom": [f"Mission locale n° {i}" for i in range(N_ML)],
            "code_departement": "01",
            "code_region": ["84" if i % 3 else "11" for i in range(N_ML)],
        }
    )
    con.register("structures_df", structures)
    con.execute("CREATE TABLE structures AS SELECT * FROM structures_df")
    kind = np.arange(N_ML) % 3
    base = np.column_stack([kind * 10.0, kind * -10.0, kind * 10.0]) + rng.normal(size=(N_ML, 3))
    frames = []
    for offset, year in enumerate(years):
        values = base + rng.normal(scale=0.1, size=base.shape) * offset
        frames.append(
            pd.DataFrame(
                {
                    "code_ml": CODES,
                    "annee": year,
                    "neet_16_25": 100 + 50 * kind + rng.integers(0, 5, N_ML),
                    "taux_chomage": values[:, 0],
                    "revenu_median": values[:, 1],
                    "densite_population": values[:, 2],
                    "commentaire": "texte",
                }
            )
        )
    con.register("contexte_df", pd.concat(frames))
    con.execute("CREATE TABLE contexte AS SELECT * FROM contexte_df")
    con.close()
    return path
