"""The Garantie jeunes follow-up of one year: entries against targets, and quality criteria."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import ibis
import pandas as pd

from perfml.errors import UserError
from perfml.gj.config import GJConfig
from perfml.gj.criteria import criteria_by_level, criteria_counts
from perfml.gj.entries import complete_months, follow_entries, observation_day
from perfml.gj.targets import (
    Coverage,
    extract_national_target,
    network_coverage,
    targets_by_level,
)
from perfml.indicators.periods import Period, coverage_warning
from perfml.warehouse import extract_date


@dataclass
class GJFollowUp:
    """The year's GJ follow-up of every ML, region and the nation."""

    year: int
    as_of: dt.date
    observation_day: dt.date
    complete_months: int
    extract_date: dt.date | None
    config: GJConfig
    structures: pd.DataFrame
    entries: pd.DataFrame  # niveau, code, m01…m12, cumul, projection, cible, alerte…
    criteria: pd.DataFrame  # niveau, code, <criterion>_num/_den/_val
    coverage: Coverage | None = None  # the network's regions the extract holds
    # The « provisoire » warning of a year not over when its data is known (else None).
    provisional_note: str | None = None

    @property
    def coverage_note(self) -> str | None:
        """The warning of an extract that lacks regions of the network (None otherwise)."""
        return self.coverage.note() if self.coverage is not None else None

    def level(self, niveau: str) -> pd.DataFrame:
        """Return the entries and criteria of one level (ML, REGION or NATIONAL) together."""
        entries = self.entries[self.entries["niveau"] == niveau]
        return entries.merge(self.criteria, on=["niveau", "code"], how="left")


def follow_gj(
    con: ibis.BaseBackend,
    year: int,
    as_of: dt.date | None = None,
    config: GJConfig | None = None,
    indicators_fn=None,
    step: Callable[[str], None] | None = None,
) -> GJFollowUp:
    """Compute the GJ follow-up of `year` as known on `as_of` (default: the extract date)."""
    config = config or GJConfig()
    step = step or (lambda _description: None)
    known = extract_date(con)
    # Before any computation: a year after the extract is refused, not shown as zeros.
    provisional_note = coverage_warning(Period.year(year), known, as_of)
    as_of = as_of or known or dt.date.today()
    if as_of < dt.date(year, 1, 1):
        raise UserError(
            f"La date d'observation ({as_of:%d/%m/%Y}) est avant le début de l'année {year}."
        )
    structures = con.table("structures").execute()[["code_ml", "nom", "code_region"]]
    step("Objectifs")
    region_targets, ml_targets = targets_by_level(con, year, config, structures, as_of)
    coverage = network_coverage(structures, config)
    national = extract_national_target(coverage, config)
    step("Entrées mensuelles")
    entries = follow_entries(
        con,
        year,
        as_of,
        config,
        structures,
        region_targets,
        ml_targets,
        national_target=float("nan") if national is None else national,
    )
    step("Critères de qualité")
    counts = criteria_counts(con, year, as_of, config, indicators_fn)
    criteria = criteria_by_level(counts, structures)
    day = observation_day(year, as_of)
    return GJFollowUp(
        year=year,
        as_of=as_of,
        observation_day=day,
        complete_months=complete_months(year, day),
        extract_date=known,
        config=config,
        structures=structures,
        entries=entries,
        criteria=criteria,
        coverage=coverage,
        provisional_note=provisional_note,
    )
