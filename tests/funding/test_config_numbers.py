"""Any number (or non-number) in any numeric key of a funding configuration: a French
message, never a traceback; amounts above the documented maximum are refused."""

from __future__ import annotations

import pytest

from perfml.errors import UserError
from perfml.funding.config import load_config
from perfml.funding.fields import MAX_EUROS

BASE = """
annee = {annee}
effectif_minimum = {effectif}
[criteres]
jeunes_accompagnes = {poids}
part_fixe = "1/2"
[indicateurs]
1 = {indicateur}
2 = 0.5
[enveloppes]
total_eur = {total}
repartition = "jeunes_accompagnes"
[nationale]
credit_eur = {credit}
part_performance = {part}
progression_pleine = {pleine}
[nationale.activite]
jeunes_accompagnes = 1
[nationale.indicateurs]
1 = 1
"""
DEFAULTS = {
    "annee": 2024,
    "effectif": 20,
    "poids": 0.5,
    "indicateur": 0.5,
    "total": 1_000_000,
    "credit": 1_000_000,
    "part": 0.1,
    "pleine": 0.05,
}
# TOML spellings of hostile numbers and non-numbers.
ADVERSARIAL = [
    "1e309",  # overflows to infinity
    "-1e309",
    "inf",
    "-inf",
    "nan",
    str(2**63 + 5),  # TOML integers stop at 2**63 - 1: a parse error, still no traceback
    str(2**63 - 1),
    "1_000_000_000_000_000",
    "1e18",
    "-5",
    "-0.0",
    "0.000000001",
    '"beaucoup"',
    '"1/0"',
    '"1e999999"',
    '"1e-99999999"',  # 10 ** 99999999 would take hours to build
    '"nan"',
    '"inf"',
    "true",
    "[1, 2]",
    "{ a = 1 }",
    '""',
    "1979-05-27",
    "9" * 5000,  # more digits than Python converts
    "0x7fffffffffffffff",
]


def _load(tmp_path, **values):
    path = tmp_path / "allocation.toml"
    path.write_text(BASE.format(**(DEFAULTS | values)), encoding="utf-8")
    return load_config(path, "regionale")


def test_the_base_configuration_is_valid(tmp_path):
    assert _load(tmp_path).envelope_rule.total_eur == 1_000_000


@pytest.mark.parametrize("key", sorted(DEFAULTS))
@pytest.mark.parametrize("value", ADVERSARIAL)
def test_any_value_of_a_numeric_key_is_accepted_or_refused_in_french(tmp_path, key, value):
    try:
        _load(tmp_path, **{key: value})
    except UserError as error:
        assert "Traceback" not in str(error) and str(error)


@pytest.mark.parametrize("key", ["total", "credit"])
def test_an_amount_above_the_maximum_is_refused_in_french(tmp_path, key):
    with pytest.raises(UserError, match="dépasse le maximum"):
        _load(tmp_path, **{key: MAX_EUROS + 1})


@pytest.mark.parametrize("key", ["total", "credit"])
def test_an_amount_at_the_maximum_is_accepted(tmp_path, key):
    _load(tmp_path, **{key: MAX_EUROS})


def test_listed_envelopes_adding_up_above_the_maximum_are_refused(tmp_path):
    text = """
[criteres]
part_fixe = 1
[indicateurs]
1 = 1
[regions.84]
enveloppe_eur = 600_000_000_000
[regions.93]
enveloppe_eur = 600_000_000_000
"""
    path = tmp_path / "allocation.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match="dépasse le maximum"):
        load_config(path, "regionale")
