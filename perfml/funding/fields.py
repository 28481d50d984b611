"""The typed fields of a funding configuration, each checked with a French message.

Every checker records what is wrong in a `Problems` list instead of raising, so that a
file's problems are all reported at once.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

from perfml.configuration import show_value
from perfml.contract import REGION_CODES
from perfml.french import french_integer
from perfml.funding.formats import format_euros, format_number

# The largest amount a configuration may give (an envelope, a total, the national credit,
# the sum of the listed envelopes): one thousand billion euros, far above any credit of
# the missions locales, and small enough for every computation to stay exact and fast.
MAX_EUROS = 10**12
# The largest magnitude of a weight or a share (weights sum to 1; a bigger number is a slip).
MAX_FRACTION = 10**6
# A written exponent of more digits is no weight, and Fraction would spend minutes (hours
# for "1e-99999999") building 10 to its power: such a text is refused before.
MAX_EXPONENT_DIGITS = 3
_EXPONENT = re.compile(r"[eE][+-]?0*(\d*)")


class Problems:
    """Collects the problems of a file; one French sentence each."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        """Record one problem."""
        self.messages.append(message)


def check_keys(table: Any, allowed: tuple[str, ...], where: str, problems: Problems) -> None:
    """Record every key of `table` that is not in `allowed` (a typo, usually)."""
    if not isinstance(table, dict):
        return
    for key in table:
        if key not in allowed:
            place = f" dans [{where}]" if where else ""
            problems.add(f"Clé inconnue « {key} »{place} (clés possibles : {', '.join(allowed)}).")


def is_int(value: Any) -> bool:
    """Say whether a TOML value is an integer (a boolean is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def read_euros(value: Any, key: str, problems: Problems) -> int | None:
    """Return a non-negative whole number of euros, or None after recording the problem."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(f"« {key} » doit être un montant en euros, pas « {show_value(value)} ».")
        return None
    if isinstance(value, float) and math.isnan(value):
        problems.add(f"« {key} » n'est pas un nombre (nan) : donnez un montant en euros.")
        return None
    if value > MAX_EUROS:
        problems.add(
            f"« {key} » dépasse le maximum accepté de {format_euros(MAX_EUROS)} "
            f"(reçu : {show_value(value)}) : vérifiez le montant (un zéro de trop ?)."
        )
        return None
    if value < 0:
        shown = format_euros(value) if math.isfinite(value) else show_value(value)
        problems.add(f"« {key} » est négatif ({shown}) : un montant est ≥ 0.")
        return None
    if isinstance(value, float) and not value.is_integer():
        problems.add(
            f"« {key} » vaut {show_value(value)} : donnez un nombre entier d'euros "
            "(l'allocation se fait à l'euro)."
        )
        return None
    return int(value)


def read_fraction(value: Any, key: str, problems: Problems) -> Fraction | None:
    """Return a number given as a TOML number or a string such as "1/3"; None when invalid."""
    if isinstance(value, bool):
        value = None
    try:
        if isinstance(value, str):
            text = value.replace(",", ".").strip()
            exponent = _EXPONENT.search(text)
            if exponent and len(exponent.group(1)) > MAX_EXPONENT_DIGITS:
                raise ValueError
            number = Fraction(text)
        elif isinstance(value, int):
            number = Fraction(value)
        elif isinstance(value, float):
            number = Fraction(repr(value))
        else:
            raise ValueError
    except (ValueError, ZeroDivisionError, OverflowError):
        problems.add(f'« {key} » doit être un nombre (0.25 ou "1/4"), pas « {show_value(value)} ».')
        return None
    if abs(number) > MAX_FRACTION:
        problems.add(
            f"« {key} » vaut {show_value(value)} : un poids ou une part dépasse rarement 1, "
            f"jamais {french_integer(MAX_FRACTION)}."
        )
        return None
    return number


def read_count(value: Any, key: str, problems: Problems, maximum: int) -> int | None:
    """Return a whole number from 0 to `maximum`, or None after recording the problem."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(f"« {key} » doit être un nombre entier, pas « {show_value(value)} ».")
        return None
    if not (isinstance(value, int) or (math.isfinite(value) and value.is_integer())):
        problems.add(f"« {key} » doit être un nombre entier, pas « {show_value(value)} ».")
        return None
    if not 0 <= value <= maximum:
        problems.add(
            f"« {key} » doit être compris entre 0 et {maximum} (reçu : {show_value(value)})."
        )
        return None
    return int(value)


def read_weights(
    table: Any,
    where: str,
    known: tuple[Any, ...],
    kind: str,
    problems: Problems,
    parse_key=str,
) -> dict[Any, Fraction] | None:
    """Return weights keyed by criterion or indicator: known keys, ≥ 0, summing to exactly 1."""
    if not isinstance(table, dict) or not table:
        problems.add(f"[{where}] doit donner au moins un {kind} avec son poids.")
        return None
    found: dict[Any, Fraction] = {}
    valid = True
    for key, value in table.items():
        try:
            name = parse_key(key)
        except ValueError:
            name = None
        if name not in known:
            shown = ", ".join(str(k) for k in known)
            problems.add(f"{kind.capitalize()} inconnu « {key} » dans [{where}] ({shown}).")
            valid = False
            continue
        weight = read_fraction(value, f"{where}.{key}", problems)
        if weight is None:
            valid = False
        elif weight < 0:
            problems.add(f"Le poids de « {key} » dans [{where}] est négatif.")
            valid = False
        else:
            found[name] = weight
    if not valid:
        return None
    total = sum(found.values(), Fraction(0))
    if total != 1:
        problems.add(
            f"Les poids de [{where}] font {format_number(total)} au lieu de 1 : "
            "corrigez-les pour que leur somme vaille exactement 1."
        )
        return None
    return found


def parse_indicator_number(key: str) -> int:
    """Return the indicator number written as a TOML key ("3" → 3)."""
    if not key.strip().isdigit():
        raise ValueError(key)
    return int(key)


def read_region_code(value: Any, where: str, problems: Problems) -> str | None:
    """Return an INSEE region code (84 or "84"), or None after recording the problem."""
    code = f"{value:02d}" if is_int(value) and 0 <= value < 100 else show_value(value)
    if code not in REGION_CODES:
        problems.add(
            f"La région « {show_value(value)} » ({where}) n'existe pas : donnez un code INSEE "
            f"de région ({', '.join(REGION_CODES)})."
        )
        return None
    return code
