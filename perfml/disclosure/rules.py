"""The masking rules of external diffusion, as data: threshold and protection level.

Read from `regles.toml` beside this module (or another TOML file), validated with
pydantic; every problem is reported at once in French in a single `UserError`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from perfml.errors import UserError


class MaskingRules(BaseModel):
    """Threshold of primary masking and protection interval of a masked small count."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    seuil: int = Field(5, ge=2, le=1000)
    masquer_zeros: bool = False
    protection_basse: int = Field(1, ge=0)
    protection_haute: int = Field(4, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _default_protection(cls, data: object) -> object:
        # Without an explicit protection, the whole range the label states (1 to seuil − 1).
        if isinstance(data, dict) and "protection_haute" not in data:
            seuil = data.get("seuil", 5)
            if isinstance(seuil, int) and not isinstance(seuil, bool):
                data = {**data, "protection_haute": max(seuil - 1, 0)}
        return data

    @model_validator(mode="after")
    def _check_protection(self) -> MaskingRules:
        low = 0 if self.masquer_zeros else 1
        if not low <= self.protection_basse <= self.protection_haute <= self.seuil - 1:
            raise ValueError(
                f"la protection doit vérifier {low} ≤ protection_basse ≤ protection_haute ≤ "
                f"seuil − 1 = {self.seuil - 1} (reçu : {self.protection_basse} et "
                f"{self.protection_haute})"
            )
        return self

    @property
    def threshold(self) -> int:
        """The count below which a cell is masked (5)."""
        return self.seuil

    @property
    def smallest_primary(self) -> int:
        """The smallest value a primary cell can hold (1, or 0 when zeros are masked)."""
        return 0 if self.masquer_zeros else 1

    @property
    def label(self) -> str:
        """What a primary cell shows: "< 5"."""
        return f"< {self.seuil}"

    def describe(self) -> str:
        """Return the rules as one French paragraph (the workbook's presentation sheet)."""
        smallest = self.smallest_primary
        return (
            f"Diffusion externe (secret statistique) : un effectif de {smallest} à "
            f"{self.seuil - 1} est affiché « {self.label} » (masquage primaire) ; « s » "
            "signale une valeur masquée pour qu'aucune valeur masquée ne puisse être retrouvée "
            "ni encadrée en combinant les valeurs publiées (feuilles, fichiers, niveaux "
            "mission locale, région et France, mois et cumuls). Protection vérifiée par "
            "programmation linéaire : pour chaque cellule « "
            f"{self.label} », toute valeur de {self.protection_basse} à "
            f"{self.protection_haute} reste compatible avec tout ce qui est publié. Une valeur "
            f"« s » n'est jamais nulle ni inférieure à {self.seuil}. Un taux, une évolution ou "
            "une projection calculés à partir d'une valeur masquée sont masqués « s »."
        )


def _french_errors(error: ValidationError, source: str) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "fichier"
        kind = item["type"]
        if kind == "extra_forbidden":
            keys = ", ".join(MaskingRules.model_fields)
            lines.append(f"clé inconnue « {where} » (clés possibles : {keys})")
        elif kind in ("int_type", "int_parsing"):
            lines.append(f"« {where} » doit être un nombre entier")
        elif kind in ("bool_type", "bool_parsing"):
            lines.append(f"« {where} » doit valoir true ou false")
        elif kind in ("greater_than_equal", "less_than_equal"):
            limit = item["ctx"].get("ge", item["ctx"].get("le"))
            word = "au moins" if kind == "greater_than_equal" else "au plus"
            lines.append(f"« {where} » doit valoir {word} {limit}")
        elif kind == "value_error":
            lines.append(str(item["ctx"]["error"]))
        else:
            lines.append(f"« {where} » : valeur refusée")
    return f"Règles de diffusion illisibles ({source}) : " + " ; ".join(lines) + "."


def parse_rules(text: str, source: str = "règles") -> MaskingRules:
    """Read masking rules from TOML text; raise a French `UserError` on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(
            f"Règles de diffusion illisibles ({source}) : TOML invalide ({error})."
        ) from None
    try:
        return MaskingRules.model_validate(data)
    except ValidationError as error:
        raise UserError(_french_errors(error, source)) from None


def read_rules(path: Path) -> MaskingRules:
    """Read masking rules from a TOML file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise UserError(f"Impossible de lire les règles de diffusion {path} : {error}.") from None
    return parse_rules(text, str(path))


@cache
def default_rules() -> MaskingRules:
    """Return the rules shipped with perfml (`perfml/disclosure/regles.toml`)."""
    text = resources.files(__package__).joinpath("regles.toml").read_text(encoding="utf-8")
    return parse_rules(text, "perfml/disclosure/regles.toml")
