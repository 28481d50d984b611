"""A tiny hand-made campaign: 4 MLs in 2 regions and 2 groups, values chosen by hand."""

import datetime as dt

import pandas as pd

from perfml.indicators.catalogue import CATALOGUE
from perfml.reports.campaign import Campaign

CODES = ("01001", "01002", "75001", "75002")


def membership() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code_ml": list(CODES),
            "nom": ["Mission locale d'Ambérieu", "ML Bresse", "ML Paris Est", "ML Paris Sud"],
            "code_region": ["84", "84", "11", "11"],
            "groupe": pd.array([1, 2, 1, 2], dtype="Int64"),
        }
    )


def indicators(missing: tuple[str, int] | None = ("75002", 6)) -> pd.DataFrame:
    """ML rows: indicator k of the i-th ML is 10 × (i + 1) + k (rates), 9: i + 5, 10: 1000 i."""
    rows = []
    for i, code in enumerate(CODES):
        for indicator in CATALOGUE:
            n = indicator.number
            if n == 9:
                num, den = 10 * (i + 5), 10
            elif n == 10:
                num, den = 1000.0 * (i + 1) * 50, 50
            else:
                num, den = 10 * (i + 1) + n, 100
            value = 100 * num / den if indicator.is_rate else num / den
            if missing == (code, n):
                value = float("nan")
            rows.append(("ML", code, n, num, den, value))
    rows.append(("NATIONAL", "FR", 1, 0, 0, float("nan")))  # other levels are ignored
    return pd.DataFrame(
        rows, columns=["niveau", "code", "indicateur", "numerateur", "denominateur", "valeur"]
    )


def campaign(**changes) -> Campaign:
    descriptions = pd.DataFrame(
        {
            "annee": 2024,
            "groupe": [1, 1, 2],
            "variable": ["densite", "revenu", "densite"],
            "v_test": [-2.5, 4.1, 2.2],
            "phrase": [
                "Densité de population au-dessous de la moyenne nationale",
                "Revenu médian nettement au-dessus de la moyenne nationale",
                "Densité de population au-dessus de la moyenne nationale",
            ],
        }
    )
    labels = pd.DataFrame(
        {"annee": 2024, "groupe": [1, 2], "effectif": [2, 2], "libelle": ["↑ revenu", "↑ densité"]}
    )
    options = {
        "as_of": dt.date(2025, 3, 1),
        "is_official": True,
        "extract_date": dt.date(2025, 3, 10),
        "descriptions": descriptions,
        "group_labels": labels,
    } | changes
    return Campaign.from_frames(2024, membership(), indicators(), **options)
