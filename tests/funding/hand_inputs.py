"""Hand-made `FundingInputs` (no warehouse): three MLs in two regions, two indicators."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from perfml.funding.config import parse_config
from perfml.funding.inputs import ORIGIN_PROPOSAL, ORIGIN_SET, FundingInputs

NAN = math.nan


def hand_inputs() -> FundingInputs:
    """01001 and 01002 in region 84, 13001 in region 93; indicators 1 (higher), 3 (lower).

    Targets: 01001 reaches both (score 1), 01002 reaches indicator 1 only, and its
    target of indicator 3 is a proposal; 13001 has no value on indicator 1.
    """
    criteria = pd.DataFrame(
        {
            "code_ml": ["01001", "01002", "13001"],
            "nom": ["ML Un", "ML Deux", "ML Trois"],
            "code_region": ["84", "84", "93"],
            "jeunes_accompagnes": [10, 30, 10],
            "premiers_accueils": [5, 5, 5],
            "entrees_pacea": [1, 1, 1],
            "entrees_gj": [0, 1, 1],
            "neet_16_25": [100.0, 300.0, 50.0],
            "etp": [5.0, 10.0, 2.0],
            "part_fixe": [1, 1, 1],
        }
    )
    values = pd.DataFrame(
        [
            ("01001", 1, 40.0, 30.0),
            ("01001", 3, 10.0, 12.0),
            ("01002", 1, 35.0, 30.0),
            ("01002", 3, 20.0, 18.0),
            ("13001", 1, NAN, 25.0),
            ("13001", 3, 15.0, 16.0),
        ],
        columns=["code_ml", "indicateur", "valeur", "valeur_precedente"],
    )
    # Every value rests on 100 youths: above the default minimum of 20.
    values["numerateur"] = values["valeur"]
    values["denominateur"] = 100.0
    targets = pd.DataFrame(
        [
            ("01001", 1, 35.0, ORIGIN_SET),
            ("01001", 3, 11.0, ORIGIN_SET),
            ("01002", 1, 32.0, ORIGIN_SET),
            ("01002", 3, 15.0, ORIGIN_PROPOSAL),
            ("13001", 1, 30.0, ORIGIN_SET),
            ("13001", 3, 14.0, ORIGIN_SET),
        ],
        columns=["code_ml", "indicateur", "cible", "origine_cible"],
    )
    region_values = pd.DataFrame(
        [
            ("84", 1, 37.0, 30.0),
            ("84", 3, 16.0, 15.0),
            ("93", 1, 20.0, 25.0),
            ("93", 3, 15.0, 16.0),
        ],
        columns=["code_region", "indicateur", "valeur", "valeur_precedente"],
    )
    return FundingInputs(
        year=2024,
        as_of=dt.date(2025, 3, 1),
        extract_date=dt.date(2025, 3, 1),
        criteria=criteria,
        values=values,
        region_values=region_values,
        directions={1: "higher", 3: "lower"},
        labels={1: "Jeunes NEET", 3: "Sans proposition"},
        in_force_from={1: 2020, 3: 2020},
        targets=targets,
    )


def config(text: str, purpose: str = "regionale"):
    """A configuration parsed from TOML text."""
    import tomllib
    from pathlib import Path

    return parse_config(tomllib.loads(text), Path("essai.toml"), purpose)


BASE_TOML = """
[criteres]
part_fixe = 1
[indicateurs]
1 = 0.5
3 = 0.5
"""
