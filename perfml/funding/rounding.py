"""Whole euros by largest remainder: amounts that add up to their total to the euro.

Every computation is exact (`fractions.Fraction`): a tie between two remainders is a
real tie, broken by the order of the items (the caller sorts them by code), never by a
floating-point accident. `docs/allocation.md` § « Arrondis » states these rules for users.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from numbers import Rational

Number = int | float | Fraction


def to_fraction(value: Number) -> Fraction:
    """Return `value` as an exact fraction; a float is read as the decimal it prints as."""
    if isinstance(value, Rational):  # int, Fraction, numpy integers
        return Fraction(value)
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"nombre non fini : {value}")
    # 0.1 means one tenth to the user, not the binary float nearest to it.
    return Fraction(repr(value))


def round_half_up(value: Number) -> int:
    """Round to the nearest integer, a half going up (2.5 → 3, −2.5 → −2)."""
    return math.floor(to_fraction(value) + Fraction(1, 2))


def _by_remainder(remainders: Sequence[Fraction]) -> list[int]:
    """Indices by decreasing remainder; equal remainders keep the items' order."""
    return sorted(range(len(remainders)), key=lambda i: (-remainders[i], i))


def apportion(total: int, weights: Sequence[Number]) -> list[int]:
    """Split the integer `total` in proportion to `weights` (largest remainder, Hamilton).

    Each item first gets the integer part of its exact quota `total · w_i / Σ w`; the
    units left go one by one to the largest fractional parts (ties: first item first).
    The result adds up to `total` exactly and no item is off its quota by a unit or more.
    """
    if total < 0:
        raise ValueError("le total à répartir doit être positif ou nul")
    exact = [to_fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("un poids de répartition est négatif")
    weight_sum = sum(exact, Fraction(0))
    if not exact:
        if total:
            raise ValueError("rien entre quoi répartir le total")
        return []
    if weight_sum == 0:
        raise ValueError("les poids de répartition sont tous nuls")
    quotas = [total * w / weight_sum for w in exact]
    amounts = [math.floor(q) for q in quotas]
    left = total - sum(amounts)
    for i in _by_remainder([q - a for q, a in zip(quotas, amounts, strict=True)])[:left]:
        amounts[i] += 1
    return amounts


def round_capped(exact: Sequence[Number], caps: Sequence[int]) -> list[int]:
    """Round amounts to whole units, never above their cap, with a total as close as allowed.

    Each item gets the integer part of its exact amount; the group's total is the exact
    total rounded half up, and the units missing to reach it go one by one to the items
    with the largest fractional parts (ties: first item first) — only to items with a
    non-zero fractional part and still below their cap. Units that no item may take are
    not placed: the caller keeps them (for the funding: the pool).
    """
    values = [to_fraction(x) for x in exact]
    if len(values) != len(caps):
        raise ValueError("autant de plafonds que de montants")
    if any(v < 0 for v in values):
        raise ValueError("un montant à arrondir est négatif")
    amounts = [math.floor(v) for v in values]
    if any(a > c for a, c in zip(amounts, caps, strict=True)):
        raise ValueError("un montant dépasse son plafond avant arrondi")
    left = round_half_up(sum(values, Fraction(0))) - sum(amounts)
    remainders = [v - a for v, a in zip(values, amounts, strict=True)]
    for i in _by_remainder(remainders):
        if left <= 0 or remainders[i] == 0:
            break
        if amounts[i] + 1 <= caps[i]:
            amounts[i] += 1
            left -= 1
    return amounts
