"""French wording and number formats shared by the reports (PDF, workbook) and the web.

Figures are written the French way: decimal comma, narrow no-break space between
thousands, unit after a no-break space ("23,4 %", "12 345 €").
"""

from __future__ import annotations

from dataclasses import dataclass

from perfml.contract import REGION_NAMES
from perfml.french import NBSP, french_number

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
