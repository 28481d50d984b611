"""Numbers and amounts written the French way, for messages, terminal tables and reports.

Thin names over `perfml.french`, the one formatting module.
"""

from __future__ import annotations

from fractions import Fraction

from perfml.french import french_decimal, french_euros


def format_number(value: Fraction | float) -> str:
    """A number the French way: decimal comma, at most 6 decimals, no trailing zeros."""
    return french_decimal(float(value), 6)


def format_euros(value: float) -> str:
    """Whole euros the French way: 12 345 678 € (narrow no-break spaces)."""
    return french_euros(value)
