"""Any number (or non-number) in any numeric key of the Garantie jeunes configuration:
a French message, never a traceback."""

from __future__ import annotations

import pytest
from toml_numbers import ADVERSARIAL_NUMBERS, assert_accepted_or_refused_in_french

from perfml.errors import UserError
from perfml.gj.config import MAX_ENTRIES, read_config

KEYS = {
    "cible.nationale": 100000,
    "cible.regions.84": 1000,
    "cible.missions_locales.01001": 100,
    "alertes.retard": 0.9,
    "alertes.depassement": 1.1,
    "qualite.jeunes_par_conseiller_max": 50,
    "qualite.phase_collective_semaines_min": 4,
    "qualite.phase_collective_semaines_max": 6,
    "qualite.delai_premiere_situation_mois": 3,
}


def _text(values: dict[str, object]) -> str:
    sections: dict[str, list[str]] = {}
    for key, value in values.items():
        section, name = key.rsplit(".", 1)
        sections.setdefault(section, []).append(f'"{name}" = {value}')
    return "\n".join(f"[{s}]\n" + "\n".join(lines) for s, lines in sections.items())


def _load(tmp_path, **changes):
    path = tmp_path / "gj.toml"
    path.write_text(_text(KEYS | changes), encoding="utf-8")
    return read_config(path)


def test_the_base_configuration_is_valid(tmp_path):
    assert _load(tmp_path).national_target == 100000


@pytest.mark.parametrize("key", sorted(KEYS))
@pytest.mark.parametrize("value", ADVERSARIAL_NUMBERS)
def test_any_value_of_a_numeric_key_is_accepted_or_refused_in_french(tmp_path, key, value):
    assert_accepted_or_refused_in_french(lambda: _load(tmp_path, **{key: value}))


def test_a_national_objective_above_the_maximum_is_refused(tmp_path):
    with pytest.raises(UserError, match="au plus"):
        _load(tmp_path, **{"cible.nationale": MAX_ENTRIES + 1})
