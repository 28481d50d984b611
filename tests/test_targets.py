"""The three proposals (the instruction's worked example and its edge cases) and storage."""

import datetime as dt

import duckdb
import pandas as pd
import pytest

from perfml.distributions import HIGHER, LOWER, Box, box_of
from perfml.errors import UserError
from perfml.targets import (
    Proposals,
    SetTarget,
    build_proposals,
    needs_justification,
    propose,
    read_targets,
    store_targets,
    target_problem,
)
from perfml.warehouse import connect

DIRECTIONS = {1: HIGHER, 3: LOWER}


def _worked_example():
    """Nine MLs: A (20 %) is the lowest of its group and of its region.

    Group 1 (A and four MLs of region 11): 20, 24, 32, 40, 45 → Q1 24, median 32.
    Region 84 (A and four MLs of group 2): 20, 23, 30, 35, 50 → Q1 23.
    """
    codes = ["01001", "11001", "11002", "11003", "11004", "01002", "01003", "01004", "01005"]
    values = pd.DataFrame(
        {
            "code_ml": codes,
            "indicateur": 1,
            "valeur": [20.0, 24.0, 32.0, 40.0, 45.0, 23.0, 30.0, 35.0, 50.0],
            "numerateur": 0,
            "denominateur": 0,
        }
    )
    membership = pd.DataFrame(
        {
            "code_ml": codes,
            "nom": [f"ML {c}" for c in codes],
            "code_region": ["84"] + ["11"] * 4 + ["84"] * 4,
            "groupe": [1] * 5 + [2] * 4,
        }
    )
    return values, membership


def test_worked_example_of_the_instruction_gives_32_24_23():
    values, membership = _worked_example()
    row = build_proposals(values, membership, DIRECTIONS).set_index("code_ml").loc["01001"]
    assert (row.cible_legitime, row.cible_raisonnable, row.cible_atteignable) == (32, 24, 23)


def test_worked_example_ml_is_in_the_first_quartile_of_group_and_region():
    values, membership = _worked_example()
    row = build_proposals(values, membership, DIRECTIONS).set_index("code_ml").loc["01001"]
    assert (row.quartile_groupe, row.quartile_region) == (1, 1)


def test_build_proposals_reports_the_three_medians():
    values, membership = _worked_example()
    row = build_proposals(values, membership, DIRECTIONS).set_index("code_ml").loc["01001"]
    # nation: 20 23 24 30 32 35 40 45 50 → 32; region 84: 30; group 1: 32.
    assert (row.mediane_nationale, row.mediane_region, row.mediane_groupe) == (32, 30, 32)


GROUP = Box(n=5, minimum=0.0, q1=10.0, median=20.0, q3=30.0, maximum=40.0)
REGION = Box(n=5, minimum=0.0, q1=12.0, median=22.0, q3=32.0, maximum=40.0)


@pytest.mark.parametrize(
    ("value", "raisonnable"), [(5.0, 10.0), (10.0, 20.0), (20.0, 30.0), (30.0, 30.0)]
)
def test_raisonnable_is_the_next_better_group_bound_from_each_boundary(value, raisonnable):
    assert propose(value, GROUP, REGION, HIGHER).raisonnable == raisonnable


@pytest.mark.parametrize(
    ("value", "raisonnable"), [(35.0, 30.0), (30.0, 20.0), (20.0, 10.0), (10.0, 10.0)]
)
def test_raisonnable_where_lower_is_better_is_mirrored(value, raisonnable):
    assert propose(value, GROUP, REGION, LOWER).raisonnable == raisonnable


@pytest.mark.parametrize(
    ("value", "atteignable"), [(11.0, 12.0), (12.0, 22.0), (22.0, 32.0), (32.0, 32.0)]
)
def test_atteignable_is_the_next_better_regional_bound(value, atteignable):
    assert propose(value, GROUP, REGION, HIGHER).atteignable == atteignable


def test_legitime_never_asks_to_do_worse_than_the_ml_already_does():
    assert propose(25.0, GROUP, REGION, HIGHER).legitime == 25.0


def test_legitime_where_lower_is_better_never_asks_to_do_worse():
    assert propose(15.0, GROUP, REGION, LOWER).legitime == 15.0


def test_ml_in_quartile_4_is_proposed_its_own_value_everywhere():
    assert propose(35.0, GROUP, REGION, HIGHER).values() == (35.0, 35.0, 35.0)


def test_group_of_one_ml_proposes_its_own_value():
    alone = box_of([17.0])
    proposals = propose(17.0, alone, REGION, HIGHER)
    assert (proposals.legitime, proposals.raisonnable) == (17.0, 17.0)


def test_ml_without_value_gets_group_median_as_legitime_and_nothing_else():
    assert propose(None, GROUP, REGION, HIGHER).values() == (20.0, None, None)


def test_ml_without_value_is_left_out_of_the_distributions():
    values, membership = _worked_example()
    values.loc[values.code_ml == "11001", "valeur"] = float("nan")  # group 1 loses 24
    row = build_proposals(values, membership, DIRECTIONS).set_index("code_ml").loc["11001"]
    # group 1 is now 20, 32, 40, 45: median 36.
    assert (row.cible_legitime, pd.isna(row.cible_raisonnable), row.mediane_groupe) == (
        36.0,
        True,
        36.0,
    )


def test_ml_without_value_has_no_quartile():
    values, membership = _worked_example()
    values.loc[values.code_ml == "11001", "valeur"] = float("nan")
    row = build_proposals(values, membership, DIRECTIONS).set_index("code_ml").loc["11001"]
    assert pd.isna(row.quartile_groupe)


def test_ml_without_group_has_no_legitime_nor_raisonnable_but_an_atteignable():
    values, membership = _worked_example()
    membership.loc[membership.code_ml == "01001", "groupe"] = None
    row = build_proposals(values, membership, DIRECTIONS).set_index("code_ml").loc["01001"]
    assert (pd.isna(row.cible_legitime), pd.isna(row.cible_raisonnable), row.cible_atteignable) == (
        True,
        True,
        23.0,
    )


PROPOSED = Proposals(32.0, 24.0, 23.0)


def test_a_target_equal_to_a_proposal_needs_no_justification():
    assert not needs_justification(24.0, PROPOSED)


def test_a_target_differing_from_every_proposal_needs_a_justification():
    assert needs_justification(25.0, PROPOSED)


def test_target_problem_refuses_a_typed_target_without_justification():
    assert "justification" in target_problem(1, 25.0, "saisie", PROPOSED, "  ")


def test_target_problem_accepts_a_typed_target_with_justification():
    assert target_problem(1, 25.0, "saisie", PROPOSED, "Fusion en cours") is None


def test_target_problem_refuses_a_rate_above_100():
    assert "comprise entre 0 % et 100 %" in target_problem(1, 101.0, "saisie", PROPOSED, "x")


def test_target_problem_refuses_a_chosen_proposal_that_does_not_exist():
    message = target_problem(1, 20.0, "raisonnable", Proposals(20.0, None, None), None)
    assert "pas de proposition « raisonnable »" in message


def test_target_problem_refuses_a_value_that_is_not_the_chosen_proposal():
    assert "choisissez « saisie »" in target_problem(1, 30.0, "legitime", PROPOSED, None)


def test_target_problem_refuses_an_unknown_source():
    assert "source" in target_problem(1, 30.0, "au hasard", PROPOSED, None)


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "entrepot.duckdb"
    duckdb.connect(str(path)).close()
    return path


STAMP = dt.datetime(2025, 4, 2, 10, 30)


def test_store_targets_round_trips_through_the_warehouse(warehouse):
    store_targets(warehouse, [SetTarget(2025, "01001", 1, 25.0, "saisie", "Fusion")], "ana", STAMP)
    row = read_targets(connect(warehouse), 2025).iloc[0]
    assert (row.code_ml, row.indicateur, row.cible, row.source, row.auteur, row.justification) == (
        "01001",
        1,
        25.0,
        "saisie",
        "ana",
        "Fusion",
    )


def test_store_targets_keeps_the_author_and_time_a_target_carries(warehouse):
    own = dt.datetime(2025, 3, 30, 9, 0)
    targets = [
        SetTarget(2025, "01001", 1, 25.0, "saisie", "x", auteur="chloe", horodatage=own),
        SetTarget(2025, "01001", 2, 40.0, "legitime"),
    ]
    store_targets(warehouse, targets, "ana", STAMP)
    rows = read_targets(connect(warehouse), 2025).sort_values("indicateur")
    assert rows["auteur"].tolist() == ["chloe", "ana"]
    assert [t.to_pydatetime() for t in rows["horodatage"]] == [own, STAMP]


def test_store_targets_replaces_an_earlier_target_for_the_same_key(warehouse):
    store_targets(warehouse, [SetTarget(2025, "01001", 1, 25.0, "saisie", "x")], "ana", STAMP)
    store_targets(warehouse, [SetTarget(2025, "01001", 1, 32.0, "legitime")], "bob", STAMP)
    assert read_targets(connect(warehouse), 2025)[["cible", "auteur"]].values.tolist() == [
        [32.0, "bob"]
    ]


def test_store_targets_writes_nothing_when_a_key_is_given_twice(warehouse):
    twice = [SetTarget(2025, "01001", 1, 25.0, "saisie", "x")] * 2
    with pytest.raises(UserError):
        store_targets(warehouse, twice, "ana", STAMP)
    assert read_targets(connect(warehouse), 2025).empty


def test_read_targets_filters_on_the_year_the_target_applies_to(warehouse):
    store_targets(
        warehouse,
        [
            SetTarget(2025, "01001", 1, 25.0, "legitime"),
            SetTarget(2026, "01001", 1, 26.0, "legitime"),
        ],
        "ana",
        STAMP,
    )
    assert read_targets(connect(warehouse), 2026)["cible"].tolist() == [26.0]


# --- No proposal from fewer than 5 MLs; intervals; funnel positions -------------------


def _small_group_case():
    """Twelve MLs of region 84: A (10 %) alone in group 1, the others in group 2.

    A's five neighbours are B–F (20, 30, 40, 50, 60 %): Q1 30, median 40, Q3 50.
    Region 11 has the two MLs K and L only.
    """
    codes = list("ABCDEFGHIJKL")
    rates = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 15, 25]
    values = pd.DataFrame(
        {
            "code_ml": codes,
            "indicateur": 1,
            "valeur": [float(r) for r in rates],
            "numerateur": rates,
            "denominateur": 100,
        }
    )
    membership = pd.DataFrame(
        {
            "code_ml": codes,
            "nom": codes,
            "code_region": ["84"] * 10 + ["11"] * 2,
            "groupe": [1] + [2] * 11,
        }
    )
    neighbours = pd.DataFrame(
        {
            "code_ml": [c for c in codes for _ in range(5)],
            "rang": list(range(1, 6)) * len(codes),
            "code_ml_voisin": [
                n for c in codes for n in ([x for x in codes if x != c] * 2)[codes.index(c) :][:5]
            ],
            "distance": 1.0,
        }
    )
    neighbours.loc[neighbours["code_ml"] == "A", "code_ml_voisin"] = list("BCDEF")
    return values, membership, neighbours


def _row(frame, code):
    return frame.set_index("code_ml").loc[code]


def test_a_group_under_5_mls_takes_legitime_and_raisonnable_from_the_neighbours():
    values, membership, neighbours = _small_group_case()
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "A")
    assert (row.reference_groupe, row.n_reference) == ("voisins", 5)
    assert (row.cible_legitime, row.cible_raisonnable) == (40.0, 30.0)


def test_a_group_of_5_mls_or_more_stays_the_reference():
    values, membership, neighbours = _small_group_case()
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "B")
    assert (row.reference_groupe, row.n_reference) == ("groupe", 11)


def test_a_region_under_5_mls_takes_atteignable_from_the_nation():
    values, membership, neighbours = _small_group_case()
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "K")
    # National: 10 … 95 (12 values); K (15 %) is in quartile 1 → national Q1 = 23.75.
    assert (row.reference_atteignable, row.n_reference_atteignable) == ("national", 12)
    assert row.cible_atteignable == pytest.approx(23.75)


def test_neighbours_under_5_mls_with_a_value_give_no_group_proposal():
    values, membership, neighbours = _small_group_case()
    values.loc[values["code_ml"].isin(["B", "C"]), "valeur"] = float("nan")
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "A")
    assert (row.reference_groupe, row.n_reference) == ("voisins", 3)
    assert pd.isna(row.cible_legitime) and pd.isna(row.cible_raisonnable)


def test_the_neighbours_quartile_and_median_are_reported():
    values, membership, neighbours = _small_group_case()
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "A")
    assert (row.quartile_voisins, row.mediane_voisins) == (1, 40.0)


def test_without_neighbours_the_group_is_kept_whatever_its_size():
    values, membership, _ = _small_group_case()
    row = _row(build_proposals(values, membership, DIRECTIONS), "A")
    assert (row.reference_groupe, row.n_reference, row.cible_legitime) == ("groupe", 1, 10.0)


def test_every_rate_gets_its_wilson_interval_in_percent():
    values, membership, neighbours = _small_group_case()
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "A")
    # Wilson 10/100: 5.52 % – 17.44 %.
    assert row.ic95_bas == pytest.approx(5.5223, abs=1e-3)
    assert row.ic95_haut == pytest.approx(17.4366, abs=1e-3)


def test_a_proposal_inside_the_ml_s_interval_is_flagged_within_noise():
    values, membership, neighbours = _small_group_case()
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "K")
    # K: 15/100, interval 9.3 – 23.3 %; légitime = group median 57.5; atteignable 23.75.
    assert (row.hasard_legitime, row.hasard_atteignable) == (False, False)
    row = _row(build_proposals(values, membership, DIRECTIONS, neighbours=neighbours), "L")
    # L: 25/100 (17.6 – 34.2 %); raisonnable = Q1 of group 2 (15, 20, 25, 30, 40, 50,
    # 60, 70, 80, 90, 95: between the 3rd and 4th values) = 27.5 → inside.
    assert row.cible_raisonnable == pytest.approx(27.5)
    assert bool(row.hasard_raisonnable) is True


def test_every_rate_gets_a_funnel_position():
    values, membership, neighbours = _small_group_case()
    frame = build_proposals(values, membership, DIRECTIONS, neighbours=neighbours)
    assert set(frame["position"]) <= {"au-dessus", "dans l'entonnoir", "au-dessous"}
    assert frame["position"].notna().all()
