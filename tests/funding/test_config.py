"""The funding configuration: what it accepts, and one clear French message per problem."""

from fractions import Fraction
from pathlib import Path

import pytest

from perfml.errors import UserError
from perfml.funding.config import load_config

ROOT = Path(__file__).resolve().parents[2]

VALID = """
mode_atteinte = "binaire"
[criteres]
jeunes_accompagnes = 0.7
part_fixe = 0.3
[indicateurs]
1 = "1/3"
2 = "1/3"
5 = "1/3"
[regions.84]
enveloppe_eur = 1_000_000
[regions.93]
enveloppe_eur = 500_000
mode_atteinte = "progressif"
"""


def _load(tmp_path, text, purpose="regionale"):
    path = tmp_path / "allocation.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, purpose)


def _problems(tmp_path, text, purpose="regionale") -> list[str]:
    with pytest.raises(UserError) as caught:
        _load(tmp_path, text, purpose)
    lines = str(caught.value).splitlines()
    assert "n'est pas valide" in lines[0]
    return [line.removeprefix("  - ") for line in lines[1:]]


def test_valid_configuration_keeps_exact_weights(tmp_path):
    config = _load(tmp_path, VALID)
    assert config.default_rule.indicators == {
        1: Fraction(1, 3),
        2: Fraction(1, 3),
        5: Fraction(1, 3),
    }
    assert config.default_rule.criteria["jeunes_accompagnes"] == Fraction(7, 10)


def test_listed_envelopes_and_region_overrides(tmp_path):
    config = _load(tmp_path, VALID)
    assert config.envelopes == {"84": 1_000_000, "93": 500_000}
    assert config.rule_for("93").achievement_mode == "progressif"
    assert config.rule_for("84").achievement_mode == "binaire"


def test_example_file_is_valid_for_both_commands():
    example = ROOT / "exemples" / "allocation.toml"
    assert load_config(example, "regionale").envelope_rule.split == "jeunes_accompagnes"
    assert load_config(example, "nationale").national.performance_share == Fraction(1, 10)


def test_weights_not_summing_to_one(tmp_path):
    text = VALID.replace("part_fixe = 0.3", "part_fixe = 0.2")
    assert _problems(tmp_path, text) == [
        "Les poids de [criteres] font 0,9 au lieu de 1 : corrigez-les pour que leur somme "
        "vaille exactement 1."
    ]


def test_unknown_indicator(tmp_path):
    text = VALID.replace('5 = "1/3"', '11 = "1/3"')
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("Indicateur inconnu « 11 » dans [indicateurs]")


def test_unknown_criterion(tmp_path):
    text = VALID.replace("part_fixe = 0.3", "jeunes_suivis = 0.3")
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("Critère inconnu « jeunes_suivis » dans [criteres]")


def test_negative_envelope(tmp_path):
    text = VALID.replace("enveloppe_eur = 500_000", "enveloppe_eur = -500_000")
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("« regions.93.enveloppe_eur » est négatif")


def test_envelope_with_cents(tmp_path):
    text = VALID.replace("enveloppe_eur = 500_000", "enveloppe_eur = 500_000.5")
    (problem,) = _problems(tmp_path, text)
    assert "nombre entier d'euros" in problem


def test_unknown_region(tmp_path):
    text = VALID.replace("[regions.93]", "[regions.99]")
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("La région « 99 » ([regions.99]) n'existe pas")


def test_unknown_achievement_mode(tmp_path):
    text = VALID.replace('mode_atteinte = "binaire"', 'mode_atteinte = "partiel"')
    (problem,) = _problems(tmp_path, text)
    assert "choisissez « binaire » ou « progressif »" in problem


def test_unknown_key_catches_typos(tmp_path):
    (problem,) = _problems(tmp_path, "mode_ateinte = 'binaire'\n" + VALID)
    assert problem.startswith("Clé inconnue « mode_ateinte »")


def test_negative_weight(tmp_path):
    text = VALID.replace(
        "jeunes_accompagnes = 0.7\npart_fixe = 0.3", "jeunes_accompagnes = 1.3\npart_fixe = -0.3"
    )
    (problem,) = _problems(tmp_path, text)
    assert problem == "Le poids de « part_fixe » dans [criteres] est négatif."


def test_missing_indicator_section(tmp_path):
    text = VALID.replace('[indicateurs]\n1 = "1/3"\n2 = "1/3"\n5 = "1/3"\n', "")
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("La section [indicateurs] manque")


def test_region_without_envelope(tmp_path):
    text = VALID.replace("enveloppe_eur = 500_000\n", "")
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("[regions.93] n'a pas d'« enveloppe_eur »")


def test_envelopes_given_twice(tmp_path):
    text = VALID + '[enveloppes]\ntotal_eur = 10\nrepartition = "part_fixe"\n'
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("Les enveloppes sont données deux fois")


def test_national_split_without_national_section(tmp_path):
    text = (
        VALID.replace("enveloppe_eur = 1_000_000\n", "").replace("enveloppe_eur = 500_000\n", "")
        + '[enveloppes]\nrepartition = "nationale"\n'
    )
    (problem,) = _problems(tmp_path, text)
    assert problem == "repartition = « nationale » demande une section [nationale]."


def test_national_command_needs_its_section(tmp_path):
    (problem,) = _problems(tmp_path, VALID, purpose="nationale")
    assert problem.startswith("La section [nationale] manque")


def test_several_problems_are_all_listed(tmp_path):
    text = VALID.replace("part_fixe = 0.3", "part_fixe = 0.2").replace(
        "[regions.93]", "[regions.99]"
    )
    assert len(_problems(tmp_path, text)) == 2


def test_invalid_toml_names_the_file(tmp_path):
    with pytest.raises(UserError, match="n'est pas un TOML valide"):
        _load(tmp_path, "[criteres\n")


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="n'existe pas"):
        load_config(tmp_path / "absent.toml", "regionale")
