"""The application's form fields reading French numbers, and the base form's error links."""

from __future__ import annotations

import math

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from perfml.web.forms import FrenchDecimalField, FrenchIntegerField, PerfmlForm


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12,5", 12.5),
        ("1 000", 1000.0),
        ("1\u202f000,25", 1000.25),
        ("1\u00a0000", 1000.0),
        ("12.5", 12.5),
        ("  -3 ", -3.0),
        ("32,5 %", 32.5),
    ],
)
def test_decimal_field_reads_french_numbers(typed, value):
    assert FrenchDecimalField(unit="%").clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("beaucoup", "« beaucoup » n'est pas un nombre"),
        ("1.000,5", "écrivez la virgule décimale seule"),
        ("1e5", "n'est pas un nombre"),
        ("nan", "n'est pas un nombre"),
        ("1" * 41, "Ce nombre est trop long."),
        ("1" * 39, None),
        ("1" + "0" * 39, None),
    ],
)
def test_decimal_field_refuses_what_is_not_a_number_in_french(typed, message):
    field = FrenchDecimalField()
    if message is None:
        assert math.isfinite(field.clean(typed))
        return
    with pytest.raises(forms.ValidationError, match=message):
        field.clean(typed)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 6)))
def test_decimal_field_reads_back_what_it_shows(value):
    field = FrenchDecimalField()
    assert field.clean(field.prepare_value(value)) == pytest.approx(value, abs=1e-6)


@given(st.integers(min_value=0, max_value=10**12))
def test_integer_field_reads_back_what_it_shows(value):
    field = FrenchIntegerField()
    assert field.clean(field.prepare_value(value)) == value


class _Form(PerfmlForm):
    montant = FrenchDecimalField(label="Montant")
    mode = forms.ChoiceField(
        label="Mode", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )


def test_error_links_point_to_each_field_in_error():
    form = _Form({"montant": "beaucoup", "mode": "z"})
    assert not form.is_valid()
    anchors = [anchor for anchor, _ in form.error_links()]
    assert anchors == ["id_montant", "id_mode_0"]


def test_field_in_error_gets_aria_invalid_and_describedby():
    form = _Form({"montant": "beaucoup", "mode": "a"})
    form.is_valid()
    rendered = str(form["montant"].as_field_group())
    assert 'aria-invalid="true"' in rendered
    assert 'aria-describedby="id_montant-desc-error"' in rendered
    assert 'id="id_montant-desc-error"' in rendered
