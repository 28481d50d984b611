"""French wording shared by every output a person reads: numbers, dates, agreement.

Figures are written the French way: decimal comma, narrow no-break space between
thousands ("12 345,6"), a no-break space before a unit ("23,4 %", "12 345 €"), as the
Imprimerie nationale writes them. Numbers typed by people ("10 000 000", "12,5") are read
back by `parse_french_number`. Files for machines are written by `perfml.outputs` (no
grouping there); this module is for text people read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

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


def french_integer(value: float | None, empty: str = "–") -> str:
    """Write a whole number with grouped thousands: 12 345 678."""
    if is_missing(value):
        return empty
    return french_number(round(float(value)), 0)


def french_percent(value: float | None, decimals: int = 1, empty: str = "–") -> str:
    """Write a percentage already on a 0–100 scale: "23,4 %" (no-break space)."""
    if is_missing(value):
        return empty
    return f"{french_number(value, decimals)}{NBSP}%"


def french_share(share: float | None, decimals: int = 1, empty: str = "–") -> str:
    """Write a share on a 0–1 scale as a percentage: 0.234 → "23,4 %"."""
    if is_missing(share):
        return empty
    return french_percent(float(share) * 100, decimals)


def french_euros(value: float | None, decimals: int = 0, empty: str = "–") -> str:
    """Write an amount in euros: "12 345 678 €" (whole euros unless `decimals`)."""
    if is_missing(value):
        return empty
    amount = round(float(value)) if decimals == 0 else float(value)
    return f"{french_number(amount, decimals)}{NBSP}€"


def french_signed(value: float | None, decimals: int = 1, empty: str = "–") -> str:
    """Write a difference with its sign: "+1,5", "−2,0" (true minus sign), "0,0"."""
    if is_missing(value):
        return empty
    if round(float(value), decimals) == 0:
        return french_number(0.0, decimals)
    text = french_number(abs(float(value)), decimals)
    return ("+" if value > 0 else "−") + text


def french_decimal(value: float | None, max_decimals: int = 6, empty: str = "–") -> str:
    """Write a number with up to `max_decimals` decimals, no trailing zeros: 0,25 ; 1 234,5."""
    if is_missing(value):
        return empty
    rounded = round(float(value), max_decimals)
    text = f"{rounded:.{max_decimals}f}".rstrip("0").rstrip(".")
    whole, _, decimals = text.partition(".")
    grouped = french_number(float(whole), 0) if whole not in ("-0", "0") else "0"
    if whole == "-0" and decimals:
        grouped = "-0"
    return grouped + ("," + decimals if decimals else "")


def french_short_date(day: dt.date | None, empty: str = "date inconnue") -> str:
    """Write a date as 31/12/2024."""
    if day is None:
        return empty
    return day.strftime("%d/%m/%Y")


# Spaces people type (or paste) between thousands: space, no-break, narrow no-break, thin.
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009\u2007']")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def parse_french_number(text: str, unit: str = "") -> Decimal:
    """Read a number typed the French way: "10 000 000", "12,5", "1 234,56 €", "-3".

    Spaces of any kind (and apostrophes) may group thousands; the decimal mark is a comma
    or a point, but only one of them; `unit` ("€", "%"), when given, may follow. Returns
    an exact Decimal; raises ValueError with a French message when the text is not a
    number.
    """
    raw = str(text)
    cleaned = raw.strip().replace("\u2212", "-")
    if unit and cleaned.endswith(unit):
        cleaned = cleaned[: -len(unit)].strip()
    cleaned = _GROUPING.sub("", cleaned)
    if "," in cleaned and "." in cleaned:
        raise ValueError(
            f"« {raw} » n'est pas un nombre : écrivez la virgule décimale seule (12 345,5)."
        )
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"« {raw} » n'est pas un nombre (exemples : 10 000 000 ou 12,5).")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"« {raw} » n'est pas un nombre.") from None


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
    return f"{french_integer(count)} {singular if abs(count) < 2 else plural_form}"
