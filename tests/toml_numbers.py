"""Hostile numbers for the numeric keys of a TOML configuration, and the check every
configuration must pass with each: accepted, or refused with a French message."""

from __future__ import annotations

from collections.abc import Callable

from perfml.errors import UserError

# TOML spellings of hostile numbers and non-numbers.
ADVERSARIAL_NUMBERS = [
    "1e309",  # overflows to infinity
    "-1e309",
    "inf",
    "-inf",
    "nan",
    str(2**63 + 5),  # TOML integers stop at 2**63 - 1: a parse error, still no traceback
    str(2**63 - 1),
    "1_000_000_000_000_000",
    "1e18",
    "-5",
    "-0.0",
    "0.5",
    "0.000000001",
    '"beaucoup"',
    '"1/0"',
    '"1e999999"',
    '"1e-99999999"',  # 10 ** 99999999 would take hours to build
    '"nan"',
    '"inf"',
    "true",
    "[1]",
    "[1, 2]",
    "{ a = 1 }",
    '""',
    "1979-05-27",
    "9" * 5000,  # more digits than Python converts
    "0x7fffffffffffffff",
]


def assert_accepted_or_refused_in_french(load: Callable[[], object]) -> None:
    """`load()` returns, or raises a `UserError` with a message (never a traceback)."""
    try:
        load()
    except UserError as error:
        assert "Traceback" not in str(error) and str(error)
