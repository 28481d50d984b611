"""The data-quality assessment of one year: every check, per ML, region and the nation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import ibis
import pandas as pd

from perfml.activity import aggregate_levels
from perfml.indicators.periods import Period, coverage_warning
from perfml.quality.coherence import DEFAULT_OVERLAP_DAYS, coherence_checks
from perfml.quality.late import late_entries
from perfml.quality.missing import GAPS, missing_data
from perfml.quality.revisions import indicator_revisions, is_consolidation_known
from perfml.quality.score import quality_score, reliability
from perfml.warehouse import extract_date


@dataclass
class QualityAssessment:
    """The year's data-quality figures."""

    year: int
    consolidation: dt.date  # the instruction's consolidation date (1 March of next year)
    today: dt.date  # the date the current values are computed at
    extract_date: dt.date | None
    overlap_days: int
    structures: pd.DataFrame
    ml: pd.DataFrame  # index code_ml: counts, gaps, revisions, score, reliability
    levels: pd.DataFrame  # niveau, code: summed counts and the score of ML, REGION, NATIONAL
    revisions: pd.DataFrame  # niveau, code, i<k>_num/_den/_consolide/_actuel/_ecart
    # The « provisoire » warning of a year not over when its data is known (else None).
    provisional_note: str | None = None

    @property
    def is_provisional(self) -> bool:
        """True when the values are taken before the consolidation date."""
        return self.today < self.consolidation

    @property
    def is_consolidation_known(self) -> bool:
        """True when the extract reaches the consolidation date (consolidated values known)."""
        return is_consolidation_known(self.consolidation, self.extract_date)


def assess_quality(
    con: ibis.BaseBackend,
    year: int,
    today: dt.date | None = None,
    overlap_days: int = DEFAULT_OVERLAP_DAYS,
    step: Callable[[str], None] | None = None,
) -> QualityAssessment:
    """Run every data-quality check of `year`; `today` defaults to the extract date.

    The indicators' values are those known on `today`, as `compute_indicators(as_of=today)`
    gives them; the consolidated values only when the extract reaches 1 March of `year + 1`.
    """
    step = step or (lambda _description: None)
    known = extract_date(con)
    # Before any computation: a year after the extract is refused, not shown as zeros.
    provisional_note = coverage_warning(Period.year(year), known, today)
    today = today or known or dt.date.today()
    structures = con.table("structures").execute()[["code_ml", "nom", "code_region"]]
    step("Saisies tardives")
    late = late_entries(con, year)
    step("Incohérences de parcours")
    coherence = coherence_checks(con, year, today, overlap_days)
    step("Données manquantes")
    gaps = missing_data(con, year)
    step("Effet des saisies tardives sur les indicateurs")
    revisions, consolidation = indicator_revisions(con, year, today, known)
    ml_revisions = revisions[revisions["niveau"] == "ML"].set_index("code")
    ml = late.join(coherence).join(gaps).join(ml_revisions.drop(columns="niveau"))
    counts = late.join(coherence).join(gaps[[g.key for g in GAPS]].astype("int64"))
    counts["nb_ml"] = 1
    levels = aggregate_levels(counts, structures)
    levels = levels.join(quality_score(levels))
    ml = ml.join(quality_score(counts)).join(reliability(ml, today > consolidation))
    return QualityAssessment(
        year=year,
        consolidation=consolidation,
        today=today,
        extract_date=known,
        overlap_days=overlap_days,
        structures=structures,
        ml=ml,
        levels=levels,
        revisions=revisions,
        provisional_note=provisional_note,
    )
