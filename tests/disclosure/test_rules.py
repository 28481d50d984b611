"""The masking rules as data: defaults, validation, French messages."""

from __future__ import annotations

import pytest

from perfml.disclosure.rules import MaskingRules, default_rules, parse_rules, read_rules
from perfml.errors import UserError


def test_shipped_rules_mask_one_to_four_and_protect_the_whole_label():
    rules = default_rules()
    assert (rules.seuil, rules.protection_basse, rules.protection_haute) == (5, 1, 4)
    assert rules.label == "< 5"


def test_protection_defaults_to_the_whole_range_of_the_label():
    assert parse_rules("seuil = 10").protection_haute == 9


def test_description_states_threshold_and_protection_in_french():
    text = parse_rules("seuil = 11\nprotection_basse = 2\nprotection_haute = 8").describe()
    assert "de 1 à 10 est affiché « < 11 »" in text
    assert "de 2 à 8" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('seuil = "cinq"', "« seuil » doit être un nombre entier"),
        ("seuil = 1", "« seuil » doit valoir au moins 2"),
        ("seuil = 5\nprotection_haute = 5", "protection_haute ≤ seuil − 1 = 4"),
        ("protection_basse = 3\nprotection_haute = 2", "protection_basse ≤ protection_haute"),
        ("protection_basse = 0", "1 ≤ protection_basse"),
        ("masquer_zeros = 1", "« masquer_zeros » doit valoir true ou false"),
        ("seuil_bas = 3", "clé inconnue « seuil_bas »"),
        ("seuil = ", "TOML invalide"),
    ],
)
def test_bad_rules_are_refused_in_french(text, message):
    with pytest.raises(UserError, match=message):
        parse_rules(text)


def test_zero_may_be_protected_when_zeros_are_masked():
    assert parse_rules("masquer_zeros = true\nprotection_basse = 0").smallest_primary == 0


def test_missing_rules_file_is_a_french_error(tmp_path):
    with pytest.raises(UserError, match="Impossible de lire les règles de diffusion"):
        read_rules(tmp_path / "absent.toml")


def test_rules_are_frozen():
    with pytest.raises(ValueError):
        MaskingRules().seuil = 3  # type: ignore[misc]
