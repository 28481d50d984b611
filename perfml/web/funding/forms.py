"""The simulation form: envelope, achievement mode and weights (checked by perfml.funding)."""

from __future__ import annotations

import math

from django import forms

from perfml.french import french_decimal
from perfml.funding.config import ACHIEVEMENT_MODES
from perfml.funding.criteria import CRITERIA
from perfml.funding.fields import Problems, read_fraction
from perfml.indicators.catalogue import CATALOGUE
from perfml.web.forms import FrenchIntegerField, PerfmlForm

# One thousand billion euros: far above any region's credit, and small enough for every
# computation of the allocation to stay exact (a typo of a few zeros is refused here).
MAX_ENVELOPE_EUR = 10**12

MODE_LABELS = {
    "binaire": "binaire (1 si la cible est atteinte, 0 sinon)",
    "progressif": "progressif (part du chemin parcouru vers la cible)",
}


class WeightField(forms.CharField):
    """A weight as typed (0,25 or 1/4): a number from 0 to 1, checked here field by field.

    The rules of a whole configuration (weights summing to 1…) are perfml.funding's; this
    only refuses what cannot be a weight, next to the field it was typed in.
    """

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)
        self.error_messages["max_length"] = "Saisissez au plus 20 caractères."

    def validate(self, value):
        super().validate(value)
        if not value.strip():
            return
        # A plain number out of 0–1 (1e309 included) is out of range, whatever its size.
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = None
        if number is not None and not math.isnan(number) and not 0 <= number <= 1:
            raise forms.ValidationError(
                "Saisissez un poids compris entre 0 et 1.", code="out_of_range"
            )
        weight = read_fraction(value, self.label, Problems())
        if weight is None:
            raise forms.ValidationError(
                "Saisissez un poids sous la forme 0,25 ou 1/4.", code="invalid"
            )
        if not 0 <= weight <= 1:
            raise forms.ValidationError(
                "Saisissez un poids compris entre 0 et 1.", code="out_of_range"
            )


class SimulationForm(PerfmlForm):
    """The variant of one region's rule; weights as typed (0,25 or 1/4)."""

    enveloppe_eur = FrenchIntegerField(
        label="Enveloppe régionale (euros)",
        help_text="nombre entier, par exemple 10 000 000",
        min_value=0,
        max_value=MAX_ENVELOPE_EUR,
    )
    mode_atteinte = forms.ChoiceField(
        label="Atteinte des cibles", choices=[(m, MODE_LABELS[m]) for m in ACHIEVEMENT_MODES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        envelope = self.fields["enveloppe_eur"]
        envelope.error_messages["max_value"] = (
            "Saisissez une enveloppe d'au plus 1 000 milliards d'euros."
        )
        envelope.error_messages["min_value"] = "Saisissez une enveloppe positive ou nulle."
        for name, criterion in CRITERIA.items():
            self.fields[f"critere_{name}"] = WeightField(
                label=criterion.label[:1].upper() + criterion.label[1:]
            )
        for indicator in CATALOGUE:
            self.fields[f"indicateur_{indicator.number}"] = WeightField(
                label=f"{indicator.number}. {indicator.short_label}"
            )

    def criteria(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"critere_{name}") or "" for name in CRITERIA}

    def indicators(self) -> dict[int, str]:
        return {i.number: self.cleaned_data.get(f"indicateur_{i.number}") or "" for i in CATALOGUE}

    def criteria_fields(self):
        return [self[f"critere_{name}"] for name in CRITERIA]

    def indicator_fields(self):
        return [self[f"indicateur_{i.number}"] for i in CATALOGUE]


def initial_values(rule, envelope: int | None) -> dict:
    """The form's initial values from the current rule of the region."""
    initial = {"enveloppe_eur": envelope, "mode_atteinte": "binaire"}
    if rule is None:
        return initial
    initial["mode_atteinte"] = rule.achievement_mode
    for name, weight in rule.criteria.items():
        initial[f"critere_{name}"] = _fraction_text(weight)
    for number, weight in rule.indicators.items():
        initial[f"indicateur_{number}"] = _fraction_text(weight)
    return initial


def _fraction_text(value) -> str:
    """0,25 for 1/4; "1/3" when the fraction has no short decimal form."""
    from fractions import Fraction

    text = french_decimal(float(value), 6)
    if Fraction(text.replace(",", ".")) == value:
        return text
    return f"{value.numerator}/{value.denominator}"
