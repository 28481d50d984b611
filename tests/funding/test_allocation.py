"""One region's allocation: a hand-computed case and properties over random inputs."""

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfml.errors import UserError
from perfml.funding.allocation import allocate_region
from perfml.funding.rounding import round_half_up


def _three_mls() -> pd.DataFrame:
    return pd.DataFrame(
        {"code_ml": ["01001", "01002", "01003"], "jeunes_accompagnes": [10, 20, 30], "part_fixe": 1}
    )


HALF = {"jeunes_accompagnes": Fraction(1, 2), "part_fixe": Fraction(1, 2)}
SCORES = {"01001": Fraction(1), "01002": Fraction(3, 10), "01003": Fraction(1, 4)}


def test_hand_case_bases_follow_shares_with_largest_remainder():
    # E = 100 001 → base total round(90 000.9) = 90 001. Shares: 1/6 + 1/12 = 1/4,
    # 1/6 + 1/6 = 1/3, 1/6 + 1/4 = 5/12 → quotas 22 500.25, 30 000.33, 37 500.42:
    # floors make 90 000, the last euro goes to the largest remainder (01003).
    result = allocate_region("84", 100_001, _three_mls(), HALF, SCORES)
    assert result.ml["base_eur"].tolist() == [22_500, 30_000, 37_501]
    assert result.ml["part_base"].tolist() == pytest.approx([1 / 4, 1 / 3, 5 / 12])


def test_hand_case_bonuses_are_capped_and_rounded_to_the_exact_total():
    # Exact bonuses: 2 250 (full score: exactly 10 %), 30 000 × 0.1 × 0.3 = 900, and
    # 37 501 × 0.1 × 0.25 = 937.525; total 4 087.525 → 4 088, so 01003 gets 938.
    result = allocate_region("84", 100_001, _three_mls(), HALF, SCORES)
    assert result.ml["bonus_eur"].tolist() == [2_250, 900, 938]
    assert result.ml["total_eur"].tolist() == [24_750, 30_900, 38_439]


def test_hand_case_pool_takes_the_rest():
    result = allocate_region("84", 100_001, _three_mls(), HALF, SCORES)
    assert result.pool_eur == 100_001 - 90_001 - 4_088


def test_a_criterion_at_zero_everywhere_is_a_french_error():
    values = _three_mls().assign(entrees_gj=0)
    weights = {"entrees_gj": Fraction(1, 2), "part_fixe": Fraction(1, 2)}
    with pytest.raises(UserError, match=r"entrées en Garantie jeunes.*vaut 0 partout"):
        allocate_region("84", 1000, values, weights, {})


def test_an_unknown_criterion_value_is_a_french_error_naming_the_ml():
    values = _three_mls().assign(neet_16_25=[5.0, math.nan, 7.0])
    weights = {"neet_16_25": Fraction(1)}
    with pytest.raises(UserError, match=r"NEET.*inconnu pour 01002"):
        allocate_region("84", 1000, values, weights, {})


@st.composite
def regions(draw):
    n = draw(st.integers(1, 12))
    envelope = draw(st.integers(0, 10**9))
    counts = draw(st.lists(st.integers(0, 5000), min_size=n, max_size=n))
    raw_weights = draw(st.tuples(st.integers(0, 10), st.integers(1, 10)))
    total = sum(raw_weights)
    weights = {
        "jeunes_accompagnes": Fraction(raw_weights[0], total),
        "part_fixe": Fraction(raw_weights[1], total),
    }
    if sum(counts) == 0:  # a criterion that is 0 everywhere cannot split anything
        weights = {"part_fixe": Fraction(1)}
    score = st.one_of(
        st.just(Fraction(0)), st.just(Fraction(1)), st.fractions(min_value=0, max_value=1)
    )
    scores = draw(st.lists(score, min_size=n, max_size=n))
    codes = [f"01{i:03d}" for i in range(n)]
    values = pd.DataFrame({"code_ml": codes, "jeunes_accompagnes": counts, "part_fixe": 1})
    return envelope, values, weights, dict(zip(codes, scores, strict=True))


@settings(max_examples=100, deadline=None)
@given(regions())
def test_parts_add_up_to_the_envelope_exactly(case):
    envelope, values, weights, scores = case
    result = allocate_region("84", envelope, values, weights, scores)
    assert result.base_eur + result.bonus_eur + result.pool_eur == envelope
    assert result.base_eur == round_half_up(Fraction(9, 10) * envelope)


@settings(max_examples=100, deadline=None)
@given(regions())
def test_no_amount_is_negative_and_the_pool_is_never_negative(case):
    result = allocate_region("84", *case)
    assert (result.ml[["base_eur", "bonus_eur", "total_eur"]] >= 0).all().all()
    assert result.pool_eur >= 0


@settings(max_examples=100, deadline=None)
@given(regions())
def test_each_bonus_is_at_most_ten_percent_of_its_base(case):
    result = allocate_region("84", *case)
    assert (result.ml["bonus_eur"] * 10 <= result.ml["base_eur"]).all()


@settings(max_examples=100, deadline=None)
@given(regions())
def test_full_score_gets_exactly_its_ten_percent_rounded_down_and_zero_gets_nothing(case):
    envelope, values, weights, scores = case
    result = allocate_region("84", envelope, values, weights, scores)
    for code, base, bonus in zip(
        result.ml["code_ml"], result.ml["base_eur"], result.ml["bonus_eur"], strict=True
    ):
        if scores[code] == 1:
            assert bonus == base // 10
        if scores[code] == 0:
            assert bonus == 0
