"""Revisions: how far an indicator moves between two as-of dates, and how provisional it is.

MLs enter data late (the instruction gives two months of late entry; some enter later),
so a value computed as of date A moves when computed again as of a later date B. This
module replays both dates exactly (`compute_indicators(as_of=…)`) and says:

- `compare_as_of`: per level × code × indicator, the values at A and at B, the revision
  B − A (points for rates, the indicator's unit for 9 and 10), the relative revision
  (% of |value at A|) and whether it goes beyond the indicator's threshold;
- `is_provisional`: a value of a period taken before the period's consolidation date
  (`official_as_of`: 1 March of the next year for a year) may still move;
- `typical_revisions`: how much each ML's figures moved last year from the same stage to
  consolidation — the previous period replayed as of A − 12 months and as of its own
  consolidation date — the order of magnitude of what a provisional figure may still do.

The thresholds are data (`revisions.toml`): 5 points for the rates, 10 % of the value for
indicators 9 and 10; `perfml qualite` judges the reliability of indicators 7 to 10 on
the same thresholds.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Literal

import ibis
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from perfml.errors import UserError
from perfml.french import NBSP, french_decimal
from perfml.indicators.catalogue import NUMBERS
from perfml.indicators.engine import LEVELS, compute_indicators_each
from perfml.indicators.periods import Period, add_months, format_date, official_as_of

KEYS = ["niveau", "code", "indicateur"]
Measure = Literal["points", "relatif"]


class RevisionThreshold(BaseModel):
    """The revision of one indicator beyond which it is flagged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicateur: int = Field(ge=1, le=10)
    mesure: Measure
    valeur: float = Field(gt=0)

    @property
    def label(self) -> str:
        """The threshold in French: « 5 points », « 10 % de la valeur »."""
        amount = french_decimal(self.valeur)
        return f"{amount} points" if self.mesure == "points" else f"{amount}{NBSP}% de la valeur"


class _ThresholdFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seuil: list[RevisionThreshold]


def parse_thresholds(text: str, source: str = "revisions.toml") -> dict[int, RevisionThreshold]:
    """Read and check a thresholds file: one threshold for each indicator 1 to 10."""
    try:
        data = _ThresholdFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{source} : fichier TOML illisible ({error}).") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])} : {e['msg']}" for e in error.errors()
        )
        raise UserError(f"{source} : seuils de révision invalides ({problems}).") from None
    by_number: dict[int, RevisionThreshold] = {}
    for threshold in data.seuil:
        if threshold.indicateur in by_number:
            raise UserError(f"{source} : l'indicateur {threshold.indicateur} a deux seuils.")
        by_number[threshold.indicateur] = threshold
    missing = [n for n in NUMBERS if n not in by_number]
    if missing:
        raise UserError(
            f"{source} : pas de seuil pour les indicateurs {', '.join(map(str, missing))}."
        )
    return by_number


@cache
def revision_thresholds() -> dict[int, RevisionThreshold]:
    """The thresholds of `revisions.toml`, by indicator number."""
    text = resources.files("perfml.indicators").joinpath("revisions.toml").read_text("utf-8")
    return parse_thresholds(text)


def measure_revisions(before: pd.Series, after: pd.Series, numbers: pd.Series) -> pd.DataFrame:
    """Return `revision` (after − before), `revision_relative` (% of |before|, empty when
    before is 0 or unknown), `mesure`, `seuil` and `au_dela_du_seuil` (bool) per row."""
    thresholds = revision_thresholds()
    before = before.astype("float64")
    after = after.astype("float64")
    revision = after - before
    base = before.abs()
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = pd.Series(np.where(base > 0, revision / base * 100, np.nan), index=before.index)
    measure = numbers.map(lambda n: thresholds[int(n)].mesure)
    limit = numbers.map(lambda n: thresholds[int(n)].valeur).astype("float64")
    moved = revision.abs().where(measure == "points", relative.abs())
    out = pd.DataFrame(index=before.index)
    out["revision"] = revision
    out["revision_relative"] = relative
    out["mesure"] = measure
    out["seuil"] = limit
    out["au_dela_du_seuil"] = (moved > limit).fillna(False).astype(bool)
    return out


def compare_as_of(
    con: ibis.BaseBackend,
    period: Period,
    as_of: dt.date,
    compared: dt.date,
    levels: Iterable[str] = LEVELS,
) -> pd.DataFrame:
    """Compute the indicators of `period` as of `as_of` (A) and as of `compared` (B), sent
    to the database together.

    One row per level × code × indicator: `niveau`, `code`, `code_region`, `indicateur`,
    `date_a`, `numerateur_a`, `denominateur_a`, `valeur_a`, the same for B, then the
    columns of `measure_revisions` (revision = B − A).
    """
    first, second = compute_indicators_each(con, [(period, as_of), (period, compared)], levels)
    figures = ["numerateur", "denominateur", "valeur"]
    merged = first[["niveau", "code", "code_region", "indicateur", *figures]].merge(
        second[[*KEYS, *figures]], on=KEYS, how="outer", suffixes=("_a", "_b")
    )
    merged.insert(merged.columns.get_loc("numerateur_a"), "date_a", as_of)
    merged.insert(merged.columns.get_loc("numerateur_b"), "date_b", compared)
    revisions = measure_revisions(merged["valeur_a"], merged["valeur_b"], merged["indicateur"])
    out = pd.concat([merged, revisions], axis=1)
    order = {level: rank for rank, level in enumerate(LEVELS)}
    out = out.assign(_rang=out["niveau"].map(order)).sort_values(
        ["_rang", "code", "indicateur"], kind="stable"
    )
    return out.drop(columns="_rang").reset_index(drop=True)


def is_provisional(period: Period, as_of: dt.date | None) -> bool:
    """True when `as_of` is before the period's consolidation date (the value may move).

    No as-of date means every row of the extract: not a replay, so not called provisional.
    """
    return as_of is not None and as_of < official_as_of(period)


def previous_period(period: Period) -> Period:
    """The same period one year earlier (a year, a semester, a quarter…)."""
    return Period(add_months(period.start, -12), add_months(period.end, -12), period.kind)


def typical_revisions(
    con: ibis.BaseBackend,
    period: Period,
    as_of: dt.date,
) -> pd.DataFrame:
    """How much each ML's figures moved last year from the same stage to consolidation.

    The previous period is computed as of `as_of − 12 months` (the stage the provisional
    figures are at) and as of its own consolidation date. One row per ML × indicator:
    `code_ml`, `indicateur`, `date_provisoire`, `valeur_provisoire`, `date_consolidation`,
    `valeur_consolidee`, then the columns of `measure_revisions` (revision = consolidated
    − provisional). A revision is empty when either value is.
    """
    before = previous_period(period)
    stage = add_months(as_of, -12)
    consolidation = official_as_of(before)
    provisional, consolidated = compute_indicators_each(
        con, [(before, stage), (before, consolidation)], levels=("ML",)
    )
    merged = provisional[["code", "indicateur", "valeur"]].merge(
        consolidated[["code", "indicateur", "valeur"]],
        on=["code", "indicateur"],
        how="outer",
        suffixes=("_provisoire", "_consolidee"),
    )
    merged = merged.rename(columns={"code": "code_ml"})
    merged.insert(2, "date_provisoire", stage)
    merged.insert(4, "date_consolidation", consolidation)
    revisions = measure_revisions(
        merged["valeur_provisoire"], merged["valeur_consolidee"], merged["indicateur"]
    )
    out = pd.concat([merged, revisions], axis=1)
    return out.sort_values(["code_ml", "indicateur"], ignore_index=True)


def describe_typical_revision(row: dict | pd.Series | None, compact: bool = False) -> str:
    """The typical revision in French: « ±1,2 point », « ±8 % de la valeur », or why none;
    `compact`: « ±1,2 pt », « ±8 % », « non mesurable »."""
    from perfml.french import french_number

    missing = "non mesurable" if compact else "révision de l'an dernier non mesurable"
    if row is None or pd.isna(row["revision"]):
        return missing
    if row["mesure"] == "relatif":
        if pd.isna(row["revision_relative"]):
            return missing
        amount = french_number(abs(row["revision_relative"]), 0)
        return f"±{amount}\u00a0%" if compact else f"±{amount}\u00a0% de la valeur"
    amount = abs(row["revision"])
    if compact:
        return f"±{french_number(amount, 1)} pt"
    return f"±{french_number(amount, 1)} {'point' if amount < 2 else 'points'}"


def provisional_note(period: Period, as_of: dt.date) -> str:
    """The sentence saying why figures are provisional and when they are consolidated."""
    return (
        f"Chiffres provisoires : connus au {format_date(as_of)}, avant la consolidation du "
        f"{format_date(official_as_of(period))} (deux mois de saisie tardive)."
    )
