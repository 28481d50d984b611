"""French wording shared by every output a person reads: numbers, dates, agreement.

Figures are written the French way: decimal comma, narrow no-break space between
thousands ("12 345,6"), as the Imprimerie nationale writes them.
"""

from __future__ import annotations

import datetime as dt
import math

NBSP = "\u00a0"
NNBSP = "\u202f"  # between thousands

MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def is_missing(value: object) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def french_number(value: float | None, decimals: int = 1, empty: str = "–") -> str:
    """Write `value` with `decimals` decimals, a decimal comma and grouped thousands."""
    if is_missing(value):
        return empty
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def french_count(value: float | None) -> str:
    """Write a count or an amount: no decimals unless it has some."""
    if is_missing(value):
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    return french_number(float(value), decimals)


def french_date(day: dt.date | None) -> str:
    """Write a date as "1er mars 2025"."""
    if day is None:
        return "date inconnue"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTH_NAMES[day.month - 1]} {day.year}"


def plural(count: int, singular: str, plural_form: str) -> str:
    """Return « 1 mission locale », « 22 missions locales » (French: 0 and 1 are singular)."""
    return f"{count} {singular if abs(count) < 2 else plural_form}"
