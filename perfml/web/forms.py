"""The application's forms: django-dsfr's form, its error summary, French number fields.

Every form of the web application derives from `PerfmlForm` (django-dsfr's
`DsfrBaseForm`): its fields are drawn by django-dsfr's templates, and a field in error
gets `aria-invalid` and an `aria-describedby` pointing to its message. The page lists the
errors in a summary (`erreurs_formulaire.html`, one link per field) that receives the
keyboard focus (`static/perfml/erreurs.js`). Numbers are typed and shown the French way
(`perfml.french`): « 12,5 », « 1 000 ».
"""

from __future__ import annotations

import math

from django import forms
from dsfr.forms import DsfrBaseForm

from perfml.french import french_decimal, french_integer, parse_french_number

# Longer than any number a person types in these forms; a longer text is refused unread.
MAX_NUMBER_CHARS = 40


class PerfmlForm(DsfrBaseForm):
    """django-dsfr's form, with the links of its error summary.

    `error_prefix` names the form in the summary when a page shows several of them
    (« Indicateur 3 — Autre valeur : … »).
    """

    error_prefix = ""

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, text) of each error, in the fields' order; the anchor is the field's
        first input that can take the focus ("" for an error of the whole form)."""
        prefix = f"{self.error_prefix} — " if self.error_prefix else ""
        links = [("", f"{prefix}{error}") for error in self.non_field_errors()]
        for field in self:
            for error in field.errors:
                links.append((_focus_target(field), f"{prefix}{field.label} : {error}"))
        return links


def _focus_target(field) -> str:
    """The id of the first enabled input of a bound field (the first radio of a group)."""
    for widget in field.subwidgets:
        if not widget.data["attrs"].get("disabled") and widget.id_for_label:
            return widget.id_for_label
    return field.id_for_label or field.auto_id or ""


def _read_french_number(text: str, unit: str):
    """The Decimal typed in `text` (perfml.french), or a French ValidationError."""
    if len(text) > MAX_NUMBER_CHARS:
        raise forms.ValidationError("Ce nombre est trop long.", code="max_length")
    try:
        number = parse_french_number(text, unit=unit)
    except ValueError as error:
        raise forms.ValidationError(str(error), code="invalid") from None
    if not math.isfinite(float(number)):
        raise forms.ValidationError("Ce nombre est trop grand.", code="invalid")
    return number


class FrenchDecimalField(forms.CharField):
    """A number typed the French way: « 12,5 », « 1 000 », « 32,5 % » (perfml.french).

    Shown the same way (decimal comma, grouped thousands); `unit`, when given, may follow
    the number as typed. Cleans to a float.
    """

    def __init__(self, *, unit: str = "", **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.unit = unit
        self.widget.attrs["maxlength"] = str(MAX_NUMBER_CHARS)

    def prepare_value(self, value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return french_decimal(value, 6)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return float(_read_french_number(text, self.unit))


class FrenchIntegerField(forms.CharField):
    """A whole number typed the French way: "10 000 000", "10 000 000 €" (perfml.french)."""

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.min_value = min_value
        self.max_value = max_value
        self.widget.attrs["maxlength"] = str(MAX_NUMBER_CHARS)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return french_integer(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        number = _read_french_number(text, "€")
        if number != number.to_integral_value():
            raise forms.ValidationError("Saisissez un nombre entier d'euros.", code="invalid")
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(
                self.error_messages.get("min_value")
                or f"Saisissez un montant d'au moins {french_integer(self.min_value)} euros.",
                code="min_value",
            )
        if self.max_value is not None and number > self.max_value:
            raise forms.ValidationError(
                self.error_messages.get("max_value")
                or f"Saisissez un montant d'au plus {french_integer(self.max_value)} euros.",
                code="max_value",
            )
        return int(number)
