"""French wording and number formats shared by the reports (PDF, workbook) and the web.

Figures are written the French way: decimal comma, narrow no-break space between
thousands, unit after a no-break space ("23,4 %", "12 345 €").
"""

from __future__ import annotations

from dataclasses import dataclass

from perfml.contract import REGION_NAMES
from perfml.french import NBSP, french_number, plural

POPULATION_LABELS: dict[str, str] = {
    "NATIONAL": "National",
    "REGION": "Région",
    "GROUPE": "Groupe",
    "VOISINS": "Voisins",
}

DIRECTION_LABELS: dict[str, str] = {
    "higher": "plus haut = mieux",
    "lower": "plus bas = mieux",
}


@dataclass(frozen=True)
class UnitFormat:
    """How the values of one unit are written: decimals and the suffix after the number."""

    decimals: int
    suffix: str  # shown after a no-break space; "" for none
    short: str  # the unit in a column header
    compact_suffix: str = ""  # in narrow table columns


# Keyed by the unit names of the indicator catalogue.
UNIT_FORMATS: dict[str, UnitFormat] = {
    "%": UnitFormat(1, "%", "%", "%"),
    "sorties / ETP": UnitFormat(1, "sorties/ETP", "sorties par ETP"),
    "€ / sortie": UnitFormat(0, "€", "euros par sortie", "€"),
}


def region_label(code: str) -> str:
    """Return "Name (code)" for a region code, the code alone when it is unknown."""
    name = REGION_NAMES.get(str(code))
    return f"{name} ({code})" if name else f"région {code}"


def format_value(
    value: float | None, unit: str, with_unit: bool = True, compact: bool = False
) -> str:
    """Write an indicator value in its unit ("23,4 %", "12 345 €").

    `compact` keeps only a short unit sign (none for exits per ETP), for narrow columns.
    """
    form = UNIT_FORMATS.get(unit, UnitFormat(1, unit, unit))
    text = french_number(value, form.decimals)
    suffix = form.compact_suffix if compact else form.suffix
    if value is None or text == "–" or not with_unit or not suffix:
        return text
    return f"{text}{NBSP}{suffix}"


FUNNEL_POSITION_LABELS: dict[str, str] = {
    "au-dessus": "au-dessus de l'entonnoir",
    "dans l'entonnoir": "dans l'entonnoir",
    "au-dessous": "au-dessous de l'entonnoir",
}


def reference_sentence(
    reference_groupe: str | None,
    n_reference: int | None,
    reference_atteignable: str | None,
    n_reference_atteignable: int | None,
) -> str:
    """Say in words which distributions the three proposals come from.

    « Légitime et raisonnable : groupe homogène (12 missions locales avec une valeur) ;
    atteignable : région (27). » The neighbours replace a group of fewer than 5 MLs with a
    value, the nation a region of fewer than 5.
    """

    def count(n: int | None) -> str:
        return plural(n or 0, "mission locale avec une valeur", "missions locales avec une valeur")

    if reference_groupe == "voisins":
        group = (
            f"les 15 voisins, le groupe homogène ayant moins de 5 missions locales avec une "
            f"valeur ({count(n_reference)} parmi les voisins)"
        )
    elif reference_groupe == "groupe":
        group = f"le groupe homogène ({count(n_reference)})"
    else:
        group = "aucune référence (mission locale non classée)"
    if reference_atteignable == "national":
        region = (
            "la France entière, la région ayant moins de 5 missions locales avec une valeur "
            f"({count(n_reference_atteignable)} en France)"
        )
    else:
        region = f"la région ({count(n_reference_atteignable)})"
    return f"Légitime et raisonnable : {group} ; atteignable : {region}."
