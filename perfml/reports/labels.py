"""French wording and number formats shared by the reports (PDF, workbook) and the web.

Figures are written the French way: decimal comma, narrow no-break space between
thousands, unit after a no-break space ("23,4 %", "12 345 €").
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from perfml.contract import REGION_NAMES
from perfml.indicators.periods import MONTH_NAMES as MONTHS

POPULATION_LABELS: dict[str, str] = {
    "NATIONAL": "National",
    "REGION": "Région",
    "GROUPE": "Groupe",
}

DIRECTION_LABELS: dict[str, str] = {
    "higher": "plus haut = mieux",
    "lower": "plus bas = mieux",
}


NBSP = "\u00a0"
NNBSP = "\u202f"  # between thousands, as the Imprimerie nationale writes them


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


def french_number(value: float | None, decimals: int = 1, empty: str = "–") -> str:
    """Write `value` with `decimals` decimals, a decimal comma and grouped thousands."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def french_count(value: float | None) -> str:
    """Write a count or an amount: no decimals unless it has some."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    return french_number(float(value), decimals)


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


def french_date(day: dt.date | None) -> str:
    """Write a date as "1er mars 2025"."""
    if day is None:
        return "date inconnue"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"
