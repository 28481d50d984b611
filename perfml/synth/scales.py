"""The three scales of the synthetic extract, as data.

Every scale is a part of the same national network (drawn once from the seed), so
that a mission locale of the `mini` or `region` extract is the very one of the
`national` extract, with the same code, name, territory and youths.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfml.errors import UserError


@dataclass(frozen=True)
class Scale:
    """Which missions locales of the national network a scale keeps."""

    name: str
    label: str  # French, for messages
    regions: tuple[str, ...] | None  # None: every region
    # At most this many MLs of a region (the first ones in code order); absent: all.
    limits: tuple[tuple[str, int], ...] = ()


SCALES: dict[str, Scale] = {
    "mini": Scale(
        "mini",
        "quelques missions locales de deux régions (tests unitaires)",
        regions=("53", "94"),
        limits=(("53", 4),),
    ),
    "region": Scale(
        "region",
        "les missions locales de trois régions (démonstrations, tests d'intégration)",
        regions=("93", "76", "94"),
    ),
    "national": Scale("national", "tout le réseau national", regions=None),
}


def scale(name: str) -> Scale:
    """Return the scale called `name`, or a French error listing the valid ones."""
    try:
        return SCALES[name]
    except KeyError:
        valid = ", ".join(SCALES)
        raise UserError(f"Échelle inconnue : « {name} ». Échelles possibles : {valid}.") from None
