"""Invented place-like names for the synthetic missions locales.

Names are built from French-sounding syllables so that no synthetic mission locale
bears the name of a real one.
"""

from __future__ import annotations

import numpy as np

_STARTS = (
    "Bel", "Beau", "Mont", "Val", "Roche", "Font", "Cour", "Mar", "Lan", "Ver", "Bois",
    "Clair", "Haut", "Mais", "Chal", "Brie", "Pont", "Vau", "Sau", "Ro", "Lor", "Mer",
    "Castel", "Ville", "Cham", "Or", "Es", "Av", "Ar", "Tour", "Gran", "Bour",
)  # fmt: skip
_ENDS = (
    "mont", "ville", "court", "bourg", "ac", "y", "euil", "ières", "ange", "on", "as",
    "igny", "ois", "aines", "ay", "oux", "elle", "ans", "ecourt", "oles", "and", "ieu",
)  # fmt: skip
# After a start ending in a vowel ("Beau", "Roche"), only endings that begin with a
# consonant read like a French place name.
_ENDS_AFTER_VOWEL = ("mont", "ville", "court", "bourg", "lieu", "fort", "val", "nay", "rieux")
_RIVERS = (
    "Loire", "Seine", "Marne", "Garonne", "Vienne", "Aisne", "Oise", "Meuse", "Moselle",
    "Dordogne", "Lot", "Tarn", "Cher", "Indre", "Saône", "Doubs", "Orne", "Sarthe",
    "Yonne", "Allier", "Charente", "Somme", "Durance", "Aude",
)  # fmt: skip
_VOWELS = tuple("AEIOUYÂÉÈÊÎÔ")


def _place(rng: np.random.Generator) -> str:
    start = str(rng.choice(_STARTS))
    ends = _ENDS_AFTER_VOWEL if start[-1] in "aeiouy" else _ENDS
    name = start + str(rng.choice(ends))
    draw = rng.random()
    if draw < 0.12:
        name = "Saint-" + name
    elif draw < 0.22:
        name = f"{name}-sur-{rng.choice(_RIVERS)}"
    return name


def _of(place: str) -> str:
    """Return "de <place>" with the French elision before a vowel."""
    return f"d'{place}" if place.startswith(_VOWELS) else f"de {place}"


def ml_name(place: str, rural: bool, rng: np.random.Generator) -> str:
    """Return the name of a mission locale based at `place`."""
    draw = rng.random()
    if rural and draw < 0.45:
        return f"Mission locale du Pays {_of(place)}"
    if rural and draw < 0.6:
        return f"Mission locale rurale {_of(place)}"
    if not rural and draw < 0.25:
        return f"Mission locale intercommunale {_of(place)}"
    if draw < 0.8:
        return f"Mission locale {_of(place)}"
    return f"Mission locale {_of(place)} et de ses environs"


def draw_names(rng: np.random.Generator, rural: np.ndarray) -> list[str]:
    """Return one distinct mission locale name per entry of `rural` (one per ML)."""
    names: list[str] = []
    places: set[str] = set()
    for is_rural in rural:
        place = _place(rng)
        while place in places:
            place = _place(rng)
        places.add(place)
        names.append(ml_name(place, bool(is_rural), rng))
    return names
