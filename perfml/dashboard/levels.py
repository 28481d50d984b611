"""The level a dashboard is made for (nation, one region, one ML) and the rows it shows.

- national: one row per region, then the nation;
- region: one row per ML of the region, then the region;
- ml: the ML, then its region and the nation for reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from perfml.activity import NATION_CODE
from perfml.errors import UserError
from perfml.reports.labels import region_label

LevelKind = Literal["national", "region", "ml"]
KIND_WORDS: dict[str, LevelKind] = {
    "national": "national",
    "nation": "national",
    "france": "national",
    "region": "region",
    "région": "region",
    "ml": "ml",
    "mission-locale": "ml",
}


@dataclass(frozen=True)
class Level:
    """A dashboard level: `national`, or `region`/`ml` with a code."""

    kind: LevelKind
    code: str | None = None

    @property
    def file_stem(self) -> str:
        """A file-name part: `national`, `region_84`, `ml_01001`."""
        return self.kind if self.code is None else f"{self.kind}_{self.code}"


@dataclass(frozen=True)
class Row:
    """One row of a dashboard table: an ML, a region or the nation."""

    niveau: str  # ML | REGION | NATIONAL, as in the computed frames
    code: str
    label: str
    is_total: bool = False  # the row the others add up to (secondary masking, bold)


def parse_level(text: str, code: str | None = None) -> Level:
    """Read `national`, `region 84`, `region:84`, `ml 01001` (or the code given apart)."""
    parts = [p for p in re.split(r"[\s:=]+", text.strip()) if p]
    if not parts or parts[0].lower() not in KIND_WORDS:
        raise UserError(
            f"Niveau inconnu : « {text} ». Écrivez national, region CODE ou ml CODE "
            "(par exemple --niveau region 84)."
        )
    kind = KIND_WORDS[parts[0].lower()]
    given = parts[1] if len(parts) > 1 else code
    if kind == "national":
        if given:
            raise UserError("Le niveau national ne prend pas de code.")
        return Level("national")
    if not given:
        what = "de la région (par exemple 84)" if kind == "region" else "de la mission locale"
        raise UserError(f"Indiquez le code {what} après le niveau : --niveau {kind} CODE.")
    return Level(kind, given.strip().upper() if kind == "ml" else given.strip().zfill(2))


def ml_label(structures: pd.DataFrame, code_ml: str) -> str:
    """Return "Name (code)" for an ML."""
    names = structures.set_index("code_ml")["nom"]
    return f"{names.get(code_ml, 'mission locale')} ({code_ml})"


def level_title(level: Level, structures: pd.DataFrame) -> str:
    """Return the French name of the level ("Auvergne-Rhône-Alpes (84)", "France"…)."""
    if level.kind == "national":
        return "France entière"
    if level.kind == "region":
        return f"Région {region_label(level.code)}"
    region = structures.set_index("code_ml").loc[level.code, "code_region"]
    return f"Mission locale {ml_label(structures, level.code)}, région {region_label(region)}"


def check_level(level: Level, structures: pd.DataFrame) -> None:
    """Raise a French error when the level's region or ML is not in `structures`."""
    if level.kind == "region" and level.code not in set(structures["code_region"]):
        known = ", ".join(sorted(set(structures["code_region"])))
        raise UserError(
            f"La région {level.code} n'a aucune mission locale dans l'entrepôt "
            f"(régions présentes : {known})."
        )
    if level.kind == "ml" and level.code not in set(structures["code_ml"]):
        raise UserError(f"La mission locale {level.code} n'est pas dans l'entrepôt.")


def level_rows(level: Level, structures: pd.DataFrame) -> list[Row]:
    """Return the rows a dashboard of `level` shows, the total row last."""
    check_level(level, structures)
    if level.kind == "national":
        regions = sorted(set(structures["code_region"]))
        rows = [Row("REGION", r, region_label(r)) for r in regions]
        return [*rows, Row("NATIONAL", NATION_CODE, "France entière", is_total=True)]
    if level.kind == "region":
        mls = structures[structures["code_region"] == level.code].sort_values("code_ml")
        rows = [Row("ML", c, f"{n} ({c})") for c, n in zip(mls["code_ml"], mls["nom"], strict=True)]
        return [*rows, Row("REGION", level.code, region_label(level.code), is_total=True)]
    region = structures.set_index("code_ml").loc[level.code, "code_region"]
    return [
        Row("ML", level.code, ml_label(structures, level.code)),
        Row("REGION", region, f"Région {region_label(region)}"),
        Row("NATIONAL", NATION_CODE, "France entière"),
    ]


def select_rows(frame: pd.DataFrame, rows: list[Row]) -> pd.DataFrame:
    """Return the rows of a (`niveau`, `code`) frame in the order of `rows`, labelled."""
    indexed = frame.set_index(["niveau", "code"])
    keys = [(r.niveau, r.code) for r in rows]
    selected = indexed.reindex(keys)
    selected.index = pd.Index([r.code for r in rows], name="code")
    return selected.assign(libelle=[r.label for r in rows])
