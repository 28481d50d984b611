import numpy as np

from perfml.contract import CODE_DEPARTEMENT_PATTERN, REGION_CODES
from perfml.synth.geography import allocate, departements, ml_counts, regions


def test_allocate_is_proportional_and_sums_to_the_total():
    counts = allocate(10, np.array([1.0, 1.0, 3.0]), np.array([10, 10, 10]))
    assert counts.tolist() == [2, 2, 6]


def test_allocate_gives_at_least_one_to_each():
    counts = allocate(4, np.array([100.0, 1.0, 1.0]), np.array([10, 10, 10]))
    assert counts.min() == 1 and counts.sum() == 4


def test_allocate_respects_caps():
    counts = allocate(12, np.array([10.0, 1.0, 1.0]), np.array([1, 20, 20]))
    assert counts.tolist()[0] == 1 and counts.sum() == 12


def test_regions_hold_the_real_network_sizes():
    sizes = dict(zip(regions()["code_region"], regions()["nb_ml"], strict=True))
    assert sizes["11"] == 77 and sizes["84"] == 61 and sizes["94"] == 4
    assert sum(sizes[c] for c in ("01", "02", "03", "04", "06")) == 12


def test_departements_have_valid_codes_and_known_regions():
    frame = departements()
    assert len(frame) == 101
    assert frame["code_departement"].str.fullmatch(CODE_DEPARTEMENT_PATTERN).all()
    assert set(frame["code_region"]) <= set(REGION_CODES)
    assert set(frame["code_region"]) == set(regions()["code_region"])


def test_ml_counts_split_each_region_total_over_its_departements():
    wanted = {"53": 17, "94": 4}
    counts = ml_counts(wanted)
    assert counts.groupby("code_region")["nb_ml"].sum().to_dict() == wanted
    assert (counts["nb_ml"] >= 1).all()


def test_paris_has_a_single_mission_locale():
    counts = ml_counts({"11": 77}).set_index("code_departement")["nb_ml"]
    assert counts["75"] == 1
