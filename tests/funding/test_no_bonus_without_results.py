"""Random networks, empty and tiny MLs included: money adds up, no bonus without results.

Each ML of a random region is "empty" (no youth: values not computable or 0, counts of
0, targets of 0 as the proposals of an ML with nothing give), "tiny" (fewer youths than
the minimum count) or "active"; the whole allocation (`campaign.allocate`) runs on it.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding.hand_inputs import config
from perfml.funding.campaign import allocate
from perfml.funding.fields import MAX_EUROS
from perfml.funding.inputs import ORIGIN_SET, FundingInputs

MIN_COUNT = 20
INDICATORS = {1: "higher", 3: "lower"}
NAN = math.nan


@st.composite
def ml(draw, code: str):
    kind = draw(st.sampled_from(["empty", "tiny", "active"]))
    lines = []
    for number in INDICATORS:
        if kind == "empty":
            value = draw(st.sampled_from([NAN, 0.0]))
            count = 0.0
            target = draw(st.sampled_from([NAN, 0.0]))
        else:
            low, high = (0, MIN_COUNT - 1) if kind == "tiny" else (MIN_COUNT, 5000)
            count = float(draw(st.integers(low, high)))
            value = draw(st.floats(0, 100, allow_nan=False))
            target = draw(st.one_of(st.just(NAN), st.floats(0, 100, allow_nan=False)))
        previous = draw(st.one_of(st.just(NAN), st.floats(0, 100, allow_nan=False)))
        lines.append((code, number, value, previous, count, target))
    etp = draw(st.floats(0.1, 100, allow_nan=False))
    return kind, lines, etp


@st.composite
def networks(draw):
    size = draw(st.integers(1, 7))
    codes = [f"01{i:03d}" for i in range(1, size + 1)]
    drawn = [draw(ml(code)) for code in codes]
    envelope = draw(
        st.one_of(st.integers(0, 1000), st.integers(0, 10**9), st.integers(0, MAX_EUROS))
    )
    return codes, drawn, envelope


def _inputs(codes, drawn) -> FundingInputs:
    rows = [line for _, lines, _ in drawn for line in lines]
    table = pd.DataFrame(
        rows,
        columns=["code_ml", "indicateur", "valeur", "valeur_precedente", "denominateur", "cible"],
    )
    table["numerateur"] = table["valeur"].fillna(0.0) * table["denominateur"] / 100
    criteria = pd.DataFrame(
        {
            "code_ml": codes,
            "nom": codes,
            "code_region": "84",
            "jeunes_accompagnes": 0,
            "premiers_accueils": 0,
            "entrees_pacea": 0,
            "entrees_gj": 0,
            "neet_16_25": 100.0,
            "etp": [etp for _, _, etp in drawn],
            "part_fixe": 1,
        }
    )
    targets = table[["code_ml", "indicateur", "cible"]].assign(origine_cible=ORIGIN_SET)
    return FundingInputs(
        year=2024,
        as_of=dt.date(2025, 3, 1),
        extract_date=dt.date(2025, 3, 1),
        criteria=criteria,
        values=table.drop(columns="cible"),
        region_values=pd.DataFrame(
            columns=["code_region", "indicateur", "valeur", "valeur_precedente"]
        ),
        directions=dict(INDICATORS),
        labels={1: "Jeunes NEET", 3: "Sans proposition"},
        in_force_from={1: 2020, 3: 2020},
        targets=targets,
    )


def _allocate(case, mode="binaire"):
    codes, drawn, envelope = case
    text = f"""
mode_atteinte = "{mode}"
effectif_minimum = {MIN_COUNT}
[criteres]
part_fixe = 0.5
etp = 0.5
[indicateurs]
1 = 0.5
3 = 0.5
[regions.84]
enveloppe_eur = {envelope}
"""
    return allocate(config(text), _inputs(codes, drawn))


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(networks(), st.sampled_from(["binaire", "progressif"]))
def test_parts_and_pool_add_up_to_the_envelope_to_the_euro(case, mode):
    result = _allocate(case, mode)
    table = result.ml_table()
    pool = result.regions[0].pool_eur
    assert int(table["base_eur"].sum() + table["bonus_eur"].sum()) + pool == case[2]
    assert pool >= 0 and (table[["base_eur", "bonus_eur"]] >= 0).all().all()


@PROPERTY
@given(networks(), st.sampled_from(["binaire", "progressif"]))
def test_each_bonus_is_at_most_ten_percent_of_its_base(case, mode):
    table = _allocate(case, mode).ml_table()
    for base, bonus in zip(table["base_eur"], table["bonus_eur"], strict=True):
        assert Fraction(int(bonus)) <= Fraction(int(base), 10)


@PROPERTY
@given(networks(), st.sampled_from(["binaire", "progressif"]))
def test_empty_and_tiny_mls_get_no_bonus_and_are_told_why(case, mode):
    codes, drawn, _ = case
    table = _allocate(case, mode).ml_table().set_index("code_ml")
    for code, (kind, _, _) in zip(codes, drawn, strict=True):
        if kind in ("empty", "tiny"):
            assert table.loc[code, "bonus_eur"] == 0
            assert table.loc[code, "score_performance"] == 0
            assert "pas de majoration" in table.loc[code, "remarque"]


def test_a_network_of_empty_mls_only_pays_no_bonus_at_all():
    codes = ["01001", "01002", "01003"]
    drawn = [("empty", [(c, k, 0.0, NAN, 0.0, 0.0) for k in INDICATORS], 1.0) for c in codes]
    result = _allocate((codes, drawn, 1_000_000))
    assert result.regions[0].bonus_eur == 0
    assert result.regions[0].pool_eur == 100_000
