"""The target form of one indicator: pick a proposal or type a value, with a reason."""

from __future__ import annotations

from django import forms

from perfml.target_review import MAX_JUSTIFICATION
from perfml.targets import PROPOSALS, Proposals
from perfml.web.dialogue.workflow import TargetEntry

OTHER = "saisie"


class TargetForm(forms.Form):
    """One indicator's choice; left empty, the indicator's target is not touched."""

    source = forms.ChoiceField(label="Cible retenue", required=False)
    valeur = forms.FloatField(label="Autre valeur", required=False, localize=True)
    justification = forms.CharField(
        label="Justification",
        required=False,
        max_length=MAX_JUSTIFICATION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, indicator: int, proposals: Proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.proposals = proposals
        choices = [(kind, kind) for kind in PROPOSALS if proposals.get(kind) is not None]
        self.fields["source"].choices = [("", "—"), *choices, (OTHER, OTHER)]
        self.fields["valeur"].error_messages["invalid"] = "Saisissez un nombre (par exemple 32,5)."

    def clean(self):
        data = super().clean()
        source = data.get("source") or ""
        if not source and data.get("valeur") is not None:
            source = OTHER  # a value typed without ticking « autre valeur »
        if source == OTHER and data.get("valeur") is None:
            self.add_error("valeur", "Saisissez la valeur de la cible.")
        data["source"] = source
        return data

    def entry(self) -> TargetEntry | None:
        """The target this form sets, None when the indicator was left untouched."""
        source = self.cleaned_data.get("source")
        if not source:
            return None
        value = self.cleaned_data["valeur"] if source == OTHER else self.proposals.get(source)
        return TargetEntry(
            self.indicator, float(value), source, self.cleaned_data.get("justification") or ""
        )
