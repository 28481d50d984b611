"""The TOML configuration of the GJ follow-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfml.errors import UserError
from perfml.gj.config import parse_config, read_config


def test_example_configuration_reads():
    config = read_config(Path(__file__).parents[2] / "exemples" / "garantie_jeunes.toml")
    assert config.national_target == 100_000


def test_unknown_key_is_reported_in_french():
    with pytest.raises(UserError, match="clé inconnue : objectif"):
        parse_config({"cible": {"objectif": 5}})


def test_regional_targets_above_the_national_one_are_refused():
    with pytest.raises(UserError, match="dépasse l'objectif national"):
        parse_config({"cible": {"nationale": 10, "regions": {"84": 11}}})
