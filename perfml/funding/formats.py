"""Numbers and amounts written the French way, for messages, terminal tables and reports."""

from __future__ import annotations

from fractions import Fraction

from perfml.french import french_number


def format_number(value: Fraction | float) -> str:
    """A number the French way: decimal comma, at most 6 decimals, no trailing zeros."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_euros(value: float) -> str:
    """Whole euros the French way: 12 345 678 € (narrow no-break spaces)."""
    return f"{french_number(round(value), 0)} €"
