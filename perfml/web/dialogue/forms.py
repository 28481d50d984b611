"""The target form of one indicator: pick a proposal or type a value, with a reason."""

from __future__ import annotations

from django import forms

from perfml.reports.labels import UNIT_FORMATS, format_value
from perfml.target_review import MAX_JUSTIFICATION, TargetContext, review_target
from perfml.targets import PROPOSALS, SOURCE_LABELS, Proposals
from perfml.web.dialogue.workflow import TargetEntry
from perfml.web.forms import FrenchDecimalField, PerfmlForm

OTHER = "saisie"
KEEP = ""  # no choice: the indicator's target is not touched


class SourceChoice(forms.RadioSelect):
    """The radios of a target's source: ids named after the choice (`i3-source-legitime`),
    a missing proposal shown but disabled."""

    def __init__(self, *args, disabled: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled = disabled

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if attrs and attrs.get("id"):
            option["attrs"]["id"] = f"{attrs['id']}-{value or 'vide'}"
        if value in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class TargetForm(PerfmlForm):
    """One indicator's choice; left empty, the indicator's target is not touched.

    The value is typed the French way (« 12,5 », « 1 000 ») and shown so; a choice that
    breaks a rule of the dialogue (`perfml.target_review`: plausible range, justification
    when the target differs from the three proposals) is refused next to its field.
    """

    source = forms.ChoiceField(label="Cible retenue", required=False)
    valeur = FrenchDecimalField(label="Autre valeur", required=False)
    justification = forms.CharField(
        label="Justification",
        required=False,
        max_length=MAX_JUSTIFICATION,
        help_text="obligatoire si la cible diffère des trois propositions",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        spec,
        proposals: Proposals,
        context: TargetContext,
        code_ml: str,
        current=None,
        **kwargs,
    ):
        kwargs.setdefault("prefix", f"i{spec.number}")
        kwargs.setdefault("auto_id", "%s")  # ids as the page's anchors: i3-valeur
        if current is not None:
            kwargs.setdefault(
                "initial",
                {
                    "source": current.source,
                    "valeur": current.value if current.source == OTHER else None,
                    "justification": current.justification,
                },
            )
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.indicator = spec.number
        self.proposals = proposals
        self.context = context
        self.code_ml = code_ml
        self.error_prefix = f"Indicateur {spec.number}"
        keep = "Garder la cible actuelle" if current is not None else "Ne pas fixer maintenant"
        offered = [(KEEP, keep)]
        missing = set()
        for kind in PROPOSALS:
            value = proposals.get(kind)
            label = f"Proposition {SOURCE_LABELS[kind]} : {format_value(value, spec.unit)}"
            if value is None:
                missing.add(kind)
                label += " (aucune proposition)"
            offered.append((kind, label))
        offered.append((OTHER, "Autre valeur (à saisir ci-dessous)"))
        source = self.fields["source"]
        source.choices = [(kind, label) for kind, label in offered if kind not in missing]
        source.widget = SourceChoice(choices=offered, disabled=frozenset(missing))
        source.template_name = "dsfr/form_field_snippets/radioselect_snippet.html"
        unit = UNIT_FORMATS[spec.unit].suffix if spec.unit in UNIT_FORMATS else ""
        valeur = self.fields["valeur"]
        valeur.unit = unit
        valeur.help_text = f"en {spec.unit}, par exemple 32,5"

    def clean(self):
        data = super().clean()
        source = data.get("source") or KEEP
        value = data.get("valeur")
        if source == KEEP and value is not None:
            source = OTHER  # a value typed without ticking « autre valeur »
        data["source"] = source
        if source == OTHER and value is None and "valeur" not in self.errors:
            self.add_error("valeur", "Saisissez la valeur de la cible.")
        if source == KEEP or self.errors:
            return data
        target = value if source == OTHER else self.proposals.get(source)
        justification = data.get("justification") or ""
        problem = review_target(
            self.context,
            self.code_ml,
            self.indicator,
            float(target),
            source,
            justification,
            territory=None,  # the permission predicates have checked the user's territory
        )
        if problem is not None:
            self.add_error(
                self._field_at_fault(float(target), source), problem[:1].upper() + problem[1:] + "."
            )
        return data

    def _field_at_fault(self, target: float, source: str) -> str:
        """The field to correct: the justification when one would satisfy the rule, else
        the value typed or the proposal picked."""
        justified = review_target(
            self.context,
            self.code_ml,
            self.indicator,
            target,
            source,
            "justifiée",
            territory=None,
        )
        if justified is None:
            return "justification"
        return "valeur" if source == OTHER else "source"

    def entry(self) -> TargetEntry | None:
        """The target this form sets, None when the indicator was left untouched."""
        source = self.cleaned_data.get("source")
        if not source:
            return None
        value = self.cleaned_data["valeur"] if source == OTHER else self.proposals.get(source)
        return TargetEntry(
            self.indicator, float(value), source, self.cleaned_data.get("justification") or ""
        )
