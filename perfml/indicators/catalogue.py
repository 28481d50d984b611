"""The catalogue of the 10 national indicators, read from `catalogue.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from perfml.errors import UserError

Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Theme:
    """One of the four themes of Annexe 2, § 1."""

    number: int
    label: str


@dataclass(frozen=True)
class Indicator:
    """The metadata of one national indicator (its computation lives in `definitions`)."""

    number: int
    label: str  # the instruction's wording (Fiche 1)
    short_label: str
    theme: Theme
    objective: str  # the Fiche 1 heading it serves
    numerator: str
    denominator: str
    unit: str
    direction: Direction
    in_force_from: int  # first year whose funding it weighs on
    # Plausible targets (docs/cibles-et-rapports.md § « Cibles plausibles »).
    target_min: float = 0.0
    target_max: float = 100.0
    target_min_excluded: bool = False  # True: the target must be strictly above target_min
    national_spread: float | None = None  # within [national min / f, national max × f]
    count_basis: Literal["numerateur", "denominateur"] = "denominateur"

    @property
    def is_rate(self) -> bool:
        """True for a percentage (value = 100 × numerator / denominator)."""
        return self.unit == "%"

    @property
    def scale(self) -> float:
        """The factor applied to numerator / denominator (100 for a rate, 1 otherwise)."""
        return 100.0 if self.is_rate else 1.0

    @property
    def is_higher_better(self) -> bool:
        """True when a higher value is a better performance."""
        return self.direction == "higher"

    def is_in_force(self, year: int) -> bool:
        """True when the indicator weighs on the funding of `year`."""
        return year >= self.in_force_from


def _read_catalogue() -> tuple[tuple[Theme, ...], tuple[Indicator, ...]]:
    text = resources.files(__package__).joinpath("catalogue.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    themes = tuple(Theme(t["numero"], t["libelle"]) for t in data["theme"])
    by_number = {t.number: t for t in themes}
    indicators = tuple(
        Indicator(
            number=i["numero"],
            label=i["libelle"],
            short_label=i["libelle_court"],
            theme=by_number[i["theme"]],
            objective=i["objectif"],
            numerator=i["numerateur"],
            denominator=i["denominateur"],
            unit=i["unite"],
            direction=i["sens"],
            in_force_from=i["en_vigueur_depuis"],
            target_min=float(i["cible_min"]),
            target_max=float(i["cible_max"]),
            target_min_excluded=bool(i.get("cible_min_exclu", False)),
            national_spread=(float(i["plage_nationale"]) if "plage_nationale" in i else None),
            count_basis=i["effectif"],
        )
        for i in data["indicateur"]
    )
    return themes, indicators


THEMES, _INDICATORS = _read_catalogue()
CATALOGUE: list[Indicator] = list(_INDICATORS)
NUMBERS: tuple[int, ...] = tuple(i.number for i in _INDICATORS)
_BY_NUMBER = {i.number: i for i in _INDICATORS}


def indicator(number: int) -> Indicator:
    """Return the indicator numbered `number` (1..10)."""
    try:
        return _BY_NUMBER[int(number)]
    except (KeyError, ValueError):
        raise UserError(
            f"L'indicateur {number} n'existe pas : les indicateurs sont numérotés de 1 à 10."
        ) from None
