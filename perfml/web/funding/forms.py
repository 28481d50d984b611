"""The simulation form: envelope, achievement mode and weights (checked by perfml.funding)."""

from __future__ import annotations

from django import forms

from perfml.funding.config import ACHIEVEMENT_MODES
from perfml.funding.criteria import CRITERIA
from perfml.indicators.catalogue import CATALOGUE

MODE_LABELS = {
    "binaire": "binaire (1 si la cible est atteinte, 0 sinon)",
    "progressif": "progressif (part du chemin parcouru vers la cible)",
}


class SimulationForm(forms.Form):
    """The variant of one region's rule; weights as typed (0,25 or 1/4)."""

    enveloppe_eur = forms.IntegerField(label="Enveloppe régionale (euros)", min_value=0)
    mode_atteinte = forms.ChoiceField(
        label="Atteinte des cibles", choices=[(m, MODE_LABELS[m]) for m in ACHIEVEMENT_MODES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enveloppe_eur"].error_messages["invalid"] = (
            "Saisissez un nombre entier d'euros."
        )
        for name, criterion in CRITERIA.items():
            self.fields[f"critere_{name}"] = forms.CharField(
                label=criterion.label[:1].upper() + criterion.label[1:],
                required=False,
                max_length=20,
            )
        for indicator in CATALOGUE:
            self.fields[f"indicateur_{indicator.number}"] = forms.CharField(
                label=f"{indicator.number}. {indicator.short_label}", required=False, max_length=20
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
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    from fractions import Fraction

    if Fraction(text) == value:
        return text.replace(".", ",")
    return f"{value.numerator}/{value.denominator}"
