"""A tiny hand-made snapshot: 4 MLs over 2 regions, values chosen by hand.

Region 53 holds 29001 (département 29, group 1), 35001 (35, group 2) and 35002 (35,
group 1); region 84 holds 69001 (69, group 2). For rates the denominator is 100, so
the value is the numerator; indicator 9 is exits per ETP, 10 euros per exit. The
distributions and proposals come from the reports' `Campaign.from_frames`, as the
warehouse build does.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from perfml.reports.campaign import Campaign
from perfml.web.figures.snapshot import Snapshot

YEAR = 2024
STRUCTURES = [
    ("29001", "Mission locale du Pays de Brest", "29", "53", 1),
    ("35001", "Mission locale du bassin d'emploi de Rennes", "35", "53", 2),
    ("35002", "Mission locale du Pays de Saint-Malo", "35", "53", 1),
    ("69001", "Mission locale de Lyon", "69", "84", 2),
]
# Rates 1..8 (numerator out of 100), then (exits, ETP) for 9 and (euros, exits) for 10.
RATES = {
    "29001": [30, 40, 20, 50, 35, 45, 60, 55],
    "35001": [20, 50, 30, 40, 25, 35, 70, 65],
    "35002": [40, 30, 10, 60, 45, 55, 50, 45],
    "69001": [25, 45, 25, 45, 30, 40, 65, 60],
}
EFFICIENCY = {"29001": (60, 20), "35001": (50, 25), "35002": (90, 30), "69001": (40, 20)}
COST = {"29001": (600_000, 60), "35001": (700_000, 50), "35002": (810_000, 90),
        "69001": (480_000, 40)}  # fmt: skip


def _ml_rows() -> list[dict]:
    rows = []
    for code, rates in RATES.items():
        pairs = [(n, 100) for n in rates] + [EFFICIENCY[code], COST[code]]
        for number, (num, den) in enumerate(pairs, start=1):
            scale = 100.0 if number <= 8 else 1.0
            rows.append(
                {"niveau": "ML", "code": code, "indicateur": number, "numerateur": float(num),
                 "denominateur": float(den), "valeur": scale * num / den}
            )  # fmt: skip
    return rows


def _pooled(ml: pd.DataFrame, structures: pd.DataFrame) -> pd.DataFrame:
    """Region and nation rows: summed numerators over summed denominators."""
    frame = ml.merge(structures[["code_ml", "code_region"]], left_on="code", right_on="code_ml")
    parts = []
    for niveau, key in (("REGION", "code_region"), ("NATIONAL", None)):
        grouped = (
            frame.assign(FR="FR")
            .groupby([key or "FR", "indicateur"], as_index=False)[["numerateur", "denominateur"]]
            .sum()
        )
        grouped = grouped.rename(columns={key or "FR": "code"})
        scale = grouped["indicateur"].map(lambda n: 100.0 if n <= 8 else 1.0)
        grouped["valeur"] = scale * grouped["numerateur"] / grouped["denominateur"]
        grouped.insert(0, "niveau", niveau)
        parts.append(grouped)
    return pd.concat(parts, ignore_index=True)


# Share of late entries of the year, in % (69001: no row, unknown).
LATE_SHARES = {"29001": 12.5, "35001": 30.0, "35002": 5.0, "69001": float("nan")}
# Provisional variant: last year's typical revision of 35001 (indicator 1: −1.25 points).
TYPICAL_REVISIONS = pd.DataFrame(
    {"code_ml": ["35001"], "indicateur": [1], "revision": [-1.25], "revision_relative": [-5.0],
     "mesure": ["points"]}
)  # fmt: skip
# Each ML's three other MLs, nearest first (`handmade_snapshot(with_neighbours=True)`).
NEIGHBOURS = {
    "29001": ["35002", "35001", "69001"],
    "35001": ["69001", "29001", "35002"],
    "35002": ["29001", "69001", "35001"],
    "69001": ["35001", "29001", "35002"],
}


def handmade_snapshot(provisional: bool = False, with_neighbours: bool = False) -> Snapshot:
    """The snapshot of the module's docstring (with 3 months of series for 29001).

    `provisional`: the figures known on 15 January 2025, before consolidation.
    `with_neighbours` adds each ML's neighbours (`NEIGHBOURS`): fewer than 5, so the
    groups (2 MLs) are replaced by them and no légitime nor raisonnable is proposed.
    """
    structures = pd.DataFrame(
        STRUCTURES, columns=["code_ml", "nom", "code_departement", "code_region", "groupe"]
    )
    structures["groupe"] = structures["groupe"].astype("Int64")
    ml = pd.DataFrame(_ml_rows())
    indicators = pd.concat([ml, _pooled(ml, structures)], ignore_index=True)
    months = [dt.date(YEAR, m, 1) for m in (10, 11, 12)]
    monthly = pd.DataFrame(
        [
            {"mois": month, "niveau": "ML", "code": "29001", "indicateur": number,
             "numerateur": 28.0 + i, "denominateur": 100.0, "valeur": 28.0 + i}
            for number in range(1, 11)
            for i, month in enumerate(months)
        ]
    )  # fmt: skip
    descriptions = pd.DataFrame(
        [
            {"annee": YEAR, "groupe": 1, "variable": "densite", "v_test": 3.2,
             "phrase": "Densité de population nettement supérieure à la moyenne nationale."},
            {"annee": YEAR, "groupe": 1, "variable": "revenu", "v_test": -4.1,
             "phrase": "Revenu médian nettement inférieur à la moyenne nationale."},
        ]
    )  # fmt: skip
    labels = pd.DataFrame([{"annee": YEAR, "groupe": 1, "effectif": 2,
                            "libelle": "↓ revenu médian, ↑ densité de population"}])  # fmt: skip
    dates = {"as_of": dt.date(YEAR + 1, 3, 1), "extract_date": dt.date(YEAR + 1, 2, 28)}
    if provisional:
        dates = {"as_of": dt.date(YEAR + 1, 1, 15), "extract_date": dt.date(YEAR + 1, 1, 15),
                 "is_official": False, "typical_revisions": TYPICAL_REVISIONS}  # fmt: skip
    campaign = Campaign.from_frames(
        YEAR,
        structures[["code_ml", "nom", "code_region", "groupe"]],
        indicators,
        descriptions=descriptions,
        group_labels=labels,
        **dates,
        neighbours=_neighbours() if with_neighbours else None,
    )
    late = pd.DataFrame({"code_ml": list(LATE_SHARES), "part_tardives": list(LATE_SHARES.values())})
    key = "handmade"
    if provisional:
        key += "-provisoire"
    if with_neighbours:
        key += "-voisins"
    return Snapshot(
        campaign=campaign,
        structures=structures,
        monthly=monthly,
        key=key,
        late_shares=late,
    )


def _neighbours() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"code_ml": code, "rang": rank, "code_ml_voisin": other, "distance": float(rank)}
            for code, others in NEIGHBOURS.items()
            for rank, other in enumerate(others, start=1)
        ]
    )


def warehouse_rows() -> dict[str, list[dict]]:
    """A tiny warehouse with the snapshot's four MLs: four youths each, PACEA and GJ in 2024."""
    from handmade_warehouse import d

    rows: dict[str, list[dict]] = {
        "structures": [
            {"code_ml": c, "nom": n, "code_departement": dep, "code_region": reg}
            for c, n, dep, reg, _g in STRUCTURES
        ],
        "structures_annee": [],
        "contexte": [],
        "jeunes": [],
        "dispositifs": [],
    }
    for i, (code, *_rest) in enumerate(STRUCTURES):
        for year in (YEAR - 1, YEAR):
            rows["structures_annee"].append(
                {"code_ml": code, "annee": year, "etp": 20.0 + i, "ressources_eur": 900_000.0}
            )
            rows["contexte"].append({"code_ml": code, "annee": year, "neet_16_25": 1000 + 100 * i})
        for k in range(4):
            youth = f"J{code}{k}"
            rows["jeunes"].append(
                {"id_jeune": youth, "code_ml": code, "date_naissance": d("2004-05-01"),
                 "sexe": "F" if k % 2 else "M", "date_premier_accueil": d(f"{YEAR}-0{k + 1}-10"),
                 "neet_premier_accueil": True}
            )  # fmt: skip
            rows["dispositifs"].append(
                {"id_dispositif": f"P{youth}", "id_jeune": youth, "code_ml": code, "type": "PACEA",
                 "date_entree": d(f"{YEAR}-0{k + 2}-01"), "date_sortie": d(f"{YEAR}-0{k + 6}-15"),
                 "situation_sortie": "EMPLOI" if k % 2 else "FORMATION"}
            )  # fmt: skip
            rows["dispositifs"].append(
                {"id_dispositif": f"G{youth}", "id_jeune": youth, "code_ml": code, "type": "GJ",
                 "id_dispositif_parent": f"P{youth}", "date_entree": d(f"{YEAR}-0{k + 3}-05")}
            )  # fmt: skip
    return rows


def add_groups(path) -> None:
    """Store the snapshot's groups for both years (as `perfml groupes` would)."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE groupes (annee INTEGER, code_ml VARCHAR, groupe INTEGER)")
    for year in (YEAR - 1, YEAR):
        con.executemany(
            "INSERT INTO groupes VALUES (?, ?, ?)",
            [(year, code, group) for code, _n, _d, _r, group in STRUCTURES],
        )
    con.close()
