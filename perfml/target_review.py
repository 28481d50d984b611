"""The one rule a set target must pass, wherever it comes from (workbook, web form, sync).

A target is checked against figures recomputed from the warehouse, never against what
a workbook or a form shows: the ML must exist and belong to the territory of whoever
sets the target, the indicator must be one of the catalogue's, the target must be
plausible (`perfml.plausibility`), a chosen proposal must be the computed one, and a
target that differs from the three computed proposals needs a justification
(`perfml.targets.target_problem`). `docs/cibles-et-rapports.md` states these rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perfml.distributions import NATIONAL_CODE, Box, box_lookup
from perfml.errors import UserError
from perfml.french import french_integer
from perfml.indicators.catalogue import NUMBERS
from perfml.targets import PROPOSALS, Proposals, target_problem

NATIONAL_SCOPE = "FR"
# The longest justification (the workbook's cell and the web form say the same).
MAX_JUSTIFICATION = 2000


@dataclass(frozen=True)
class TargetContext:
    """The figures of year N (targets for N + 1) a target is checked against.

    `regions`: code_ml → code_region of every ML of the warehouse; `proposals`:
    (code_ml, indicator) → the three computed proposals; `national`: indicator → the
    national distribution of the year's values.
    """

    year: int
    regions: dict[str, str]
    proposals: dict[tuple[str, int], Proposals] = field(default_factory=dict)
    national: dict[int, Box] = field(default_factory=dict)
    as_of: dt.date | None = None  # the date the values are known at

    @property
    def target_year(self) -> int:
        """The year the targets are for."""
        return self.year + 1

    @classmethod
    def from_campaign(cls, campaign) -> TargetContext:
        """Build the context from a `perfml.reports.campaign.Campaign` (frames of year N)."""
        members = campaign.membership.drop_duplicates("code_ml")
        regions = {
            str(c): str(r) for c, r in zip(members["code_ml"], members["code_region"], strict=True)
        }
        proposals = {}
        frame = campaign.proposals
        columns = [frame[f"cible_{p}"] for p in PROPOSALS]
        for code, number, *values in zip(
            frame["code_ml"], frame["indicateur"], *columns, strict=True
        ):
            proposals[(str(code), int(number))] = Proposals(*(_optional(v) for v in values))
        boxes = box_lookup(campaign.distributions) if len(campaign.distributions) else {}
        national = {
            number: box
            for (population, reference, number), box in boxes.items()
            if population == "NATIONAL" and reference == NATIONAL_CODE
        }
        return cls(campaign.year, regions, proposals, national, campaign.as_of)

    def proposals_of(self, code_ml: str, indicator: int) -> Proposals:
        """Return the computed proposals (three None when the ML has no row)."""
        return self.proposals.get((code_ml, indicator), Proposals(None, None, None))


def review_target(
    context: TargetContext,
    code_ml: str,
    indicator: int,
    target: float,
    source: str,
    justification: str | None,
    territory: str | None = NATIONAL_SCOPE,
) -> str | None:
    """Return why this target cannot be stored (French, no final stop), or None when it can.

    `territory`: the region code of whoever sets it, `FR` (or None) for the nation.
    """
    problem = ml_problem(context, code_ml, territory)
    if problem is not None:
        return problem
    if indicator not in NUMBERS:
        return f"l'indicateur {indicator} n'existe pas (les indicateurs sont numérotés de 1 à 10)"
    if justification is not None and len(justification) > MAX_JUSTIFICATION:
        return (
            f"la justification fait {len(justification)} caractères ; elle est limitée à "
            f"{french_integer(MAX_JUSTIFICATION)} caractères"
        )
    return target_problem(
        indicator,
        target,
        source,
        context.proposals_of(code_ml, indicator),
        justification,
        context.national.get(indicator),
    )


def ml_problem(context: TargetContext, code_ml: str, territory: str | None) -> str | None:
    """Return why targets cannot be set for `code_ml` from `territory` (French), or None."""
    region = context.regions.get(code_ml)
    if region is None:
        return f"la mission locale {code_ml} est inconnue de l'entrepôt"
    if territory not in (None, NATIONAL_SCOPE) and region != territory:
        return (
            f"la mission locale {code_ml} est de la région {region}, hors du territoire du "
            f"classeur ou de l'utilisateur (région {territory})"
        )
    return None


def load_target_context(warehouse: str | Path, target_year: int, report=None) -> TargetContext:
    """Recompute from the warehouse the figures the targets of `target_year` are set on.

    The homogeneous groups of the values' year must be stored (they were when the
    proposals were made); this never builds them.
    """
    from perfml.groups.store import has_groups
    from perfml.reports.campaign import load_campaign
    from perfml.warehouse import connect

    year = target_year - 1
    con = connect(Path(warehouse))
    try:
        if not has_groups(con, year):
            raise UserError(
                f"Les groupes homogènes {year} ne sont pas dans l'entrepôt {warehouse} : les "
                f"propositions de cibles {target_year} ne peuvent pas être recalculées pour "
                f"contrôler les cibles. Construisez-les avec perfml groupes --annee {year}."
            )
    finally:
        con.disconnect()
    return TargetContext.from_campaign(load_campaign(warehouse, year, report=report))


def _optional(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)
