import pytest

from perfml.contract import CODE_DEPARTEMENT_PATTERN, CODE_ML_PATTERN
from perfml.synth.geography import departements
from perfml.synth.network import national_network, select
from perfml.synth.scales import SCALES


@pytest.fixture(scope="module")
def network():
    return national_network(seed=1)


def test_national_network_spreads_the_mls_over_the_regions_as_the_real_one(network):
    counts = network.groupby("code_region").size().to_dict()
    expected = {
        "11": 77, "84": 61, "32": 43, "44": 43, "75": 43, "93": 29, "76": 27, "27": 26,
        "28": 25, "52": 21, "24": 20, "53": 17, "94": 4,
    }  # fmt: skip
    assert {code: counts[code] for code in expected} == expected
    assert sum(counts[c] for c in ("01", "02", "03", "04", "06")) == 12
    assert 430 <= len(network) <= 450


def test_codes_are_unique_and_follow_the_i_milo_pattern(network):
    assert network["code_ml"].is_unique
    assert network["code_ml"].str.fullmatch(CODE_ML_PATTERN).all()


def test_codes_start_with_the_departement(network):
    metropolitan = network["code_departement"].str.len() == 2
    assert (
        network.loc[metropolitan, "code_ml"].str[:2]
        == network.loc[metropolitan, "code_departement"]
    ).all()
    overseas = network.loc[~metropolitan]
    assert (overseas["code_ml"].str[:3] == overseas["code_departement"]).all()


def test_departements_are_real_and_in_their_region(network):
    regions_of = dict(
        zip(departements()["code_departement"], departements()["code_region"], strict=True)
    )
    assert network["code_departement"].str.fullmatch(CODE_DEPARTEMENT_PATTERN).all()
    assert (network["code_departement"].map(regions_of) == network["code_region"]).all()
    assert {"2A", "2B", "976"} <= set(network["code_departement"])


def test_names_are_distinct_mission_locale_names(network):
    assert network["nom"].is_unique
    assert network["nom"].str.startswith("Mission locale ").all()


def test_territories_cover_the_french_population(network):
    assert 60e6 < network["population"].sum() < 75e6
    assert network["population"].min() > 30_000


def test_the_same_seed_gives_the_same_network(network):
    assert national_network(seed=1).equals(network)


def test_mini_keeps_a_handful_of_mls_of_two_regions(network):
    mini = select(network, SCALES["mini"])
    assert 6 <= len(mini) <= 10
    assert mini["code_region"].nunique() == 2


def test_region_keeps_about_sixty_mls_of_three_regions(network):
    region = select(network, SCALES["region"])
    assert 50 <= len(region) <= 70
    assert region["code_region"].nunique() == 3


def test_smaller_scales_keep_the_national_mls_as_they_are(network):
    mini = select(network, SCALES["mini"]).set_index("code_ml")
    assert mini.equals(network.set_index("code_ml").loc[mini.index])
