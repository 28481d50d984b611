"""The year's figures as the pages read them: frames from the core API, and their indexes.

A snapshot holds the reports' `Campaign` of the year (the figures of the PDF) and the
monthly series, in the core API's own shapes (tests build one from tiny hand-made
frames); everything a request looks up is indexed once here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TypeVar

import pandas as pd

from perfml.distributions import NATIONAL_CODE, Box, box_lookup, reference_of
from perfml.reports.campaign import Campaign

T = TypeVar("T")

# Levels of `compute_indicators`.
ML, REGION, NATIONAL = "ML", "REGION", "NATIONAL"
# Reference populations, as `perfml.distributions` names them.
POPULATIONS = ("NATIONAL", "REGION", "GROUPE", "VOISINS")
QUARTILE_COLUMNS = {
    "NATIONAL": "quartile_national",
    "REGION": "quartile_region",
    "GROUPE": "quartile_groupe",
    "VOISINS": "quartile_voisins",
}
PROPOSAL_KINDS = ("legitime", "raisonnable", "atteignable")


@dataclass(frozen=True)
class MlInfo:
    """One mission locale: its code, name, territory and homogeneous group."""

    code_ml: str
    nom: str
    code_departement: str
    code_region: str
    groupe: int | None


@dataclass(frozen=True)
class Figure:
    """One indicator value with its numerator and denominator (value None: not computable)."""

    numerateur: float | None
    denominateur: float | None
    valeur: float | None


@dataclass(frozen=True)
class Position:
    """An ML's value on one indicator, its quartiles and the three target proposals."""

    valeur: float | None
    quartiles: dict[str, int | None]
    proposals: dict[str, float | None]
    interval: tuple[float | None, float | None] = (None, None)  # 95 %
    within_noise: dict[str, bool] = field(default_factory=dict)  # per proposal
    reference_groupe: str | None = None  # "groupe" / "voisins"
    n_reference: int | None = None
    reference_atteignable: str | None = None  # "region" / "national"
    n_reference_atteignable: int | None = None
    funnel: str | None = None  # au-dessus / dans l'entonnoir / au-dessous (rates)


@dataclass
class Snapshot:
    """The figures of one year: the reports' campaign, the MLs' territories, monthly series.

    `campaign`: the `perfml.reports.campaign.Campaign` of the year (indicators of
    `compute_indicators`, distributions, proposals, group descriptions and labels), the
    very figures the PDF reports draw; `structures`: code_ml, nom, code_departement,
    code_region, groupe (nullable); `monthly`: the frame of `monthly_series` (mois,
    niveau, code, indicateur, numerateur, denominateur, valeur).
    """

    campaign: Campaign
    structures: pd.DataFrame
    monthly: pd.DataFrame = field(default_factory=pd.DataFrame)
    key: str = ""
    # code_ml → the HTML of the ML page's indicators (box plots, tables), rendered once:
    # by `perfml web preparer` for every ML, else on the ML's first request; and
    # "vue-ensemble|territory|…" → the overview's aggregates and filter options of one
    # territory (`perfml.web.steering.fragments`).
    fragments: dict[str, str] = field(default_factory=dict)
    # The digest of the template and code that rendered `fragments`
    # (`perfml.web.steering.fragments.fragments_version`): others are stale. A snapshot
    # pickled before this field reads "" (the class default): its fragments are stale.
    fragments_version: str = ""
    # code_ml, part_tardives: each ML's share of late entries of the year, in %
    # (`perfml.quality.late.late_share_by_ml`).
    late_shares: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def year(self) -> int:
        return self.campaign.year

    @property
    def as_of(self) -> dt.date | None:
        return self.campaign.as_of

    @property
    def extract_date(self) -> dt.date | None:
        return self.campaign.extract_date

    @property
    def indicators(self) -> pd.DataFrame:
        return self.campaign.indicators

    @property
    def distributions(self) -> pd.DataFrame:
        return self.campaign.distributions

    @property
    def proposals(self) -> pd.DataFrame:
        return self.campaign.proposals

    def __getstate__(self) -> dict:
        # Indexes and memos are rebuilt after unpickling: the pickle holds the fields only.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @cached_property
    def memo(self) -> dict:
        """Anything derived once from this snapshot by the pages (rendered fragments…)."""
        return {}

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """Return `make()`, called on the first request for `key` only (kept in `memo`)."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    # --- missions locales -------------------------------------------------------------

    @cached_property
    def _idx_mls(self) -> dict[str, MlInfo]:
        mls = {}
        for row in self.structures.itertuples(index=False):
            groupe = getattr(row, "groupe", None)
            mls[row.code_ml] = MlInfo(
                str(row.code_ml),
                str(row.nom),
                str(row.code_departement),
                str(row.code_region),
                None if _missing(groupe) else int(groupe),
            )
        return dict(sorted(mls.items()))

    @property
    def mls(self) -> dict[str, MlInfo]:
        """Every ML of `structures`, by code, sorted by code."""
        return self._idx_mls

    def ml(self, code_ml: str) -> MlInfo | None:
        """Return the ML called `code_ml`, None when the warehouse has no such ML."""
        return self._idx_mls.get(code_ml)

    @cached_property
    def regions(self) -> list[str]:
        """The region codes that have at least one ML, sorted."""
        return sorted({ml.code_region for ml in self.mls.values()})

    # --- indicators -------------------------------------------------------------------

    @cached_property
    def _idx_figures(self) -> dict[tuple[str, str, int], Figure]:
        return {
            (row.niveau, str(row.code), int(row.indicateur)): Figure(
                _number(row.numerateur), _number(row.denominateur), _number(row.valeur)
            )
            for row in self.indicators.itertuples(index=False)
        }

    def figure(self, niveau: str, code: str, indicateur: int) -> Figure | None:
        """Return the value of `indicateur` for an ML, a region or the nation (`FR`)."""
        return self._idx_figures.get((niveau, code, indicateur))

    @cached_property
    def _idx_boxes(self) -> dict[tuple[str, str, int], Box]:
        return box_lookup(self.distributions) if len(self.distributions) else {}

    def box(self, population: str, reference: str | None, indicateur: int) -> Box | None:
        """Return the distribution of `indicateur` in a population (None when empty)."""
        if reference is None:
            return None
        return self._idx_boxes.get((population, reference, indicateur))

    def boxes_of(self, code_ml: str, indicateur: int) -> dict[str, Box | None]:
        """Return the national, regional, group and neighbours' distributions of an ML."""
        ml = self.ml(code_ml)
        return {
            population: self.box(
                population,
                reference_of(population, ml.code_region, ml.groupe, ml.code_ml),
                indicateur,
            )
            for population in POPULATIONS
        }

    def neighbours_of(self, code_ml: str) -> list[MlInfo]:
        """Return the ML's nearest MLs, nearest first (empty when they are not stored)."""
        return [m for c in self.campaign.neighbours_of(code_ml) if (m := self.ml(c)) is not None]

    @cached_property
    def _idx_positions(self) -> dict[tuple[str, int], Position]:
        positions = {}
        for row in self.proposals.to_dict("records"):
            positions[(row["code_ml"], int(row["indicateur"]))] = Position(
                _number(row["valeur"]),
                {p: _integer(row[c]) for p, c in QUARTILE_COLUMNS.items()},
                {k: _number(row[f"cible_{k}"]) for k in PROPOSAL_KINDS},
                (_number(row["ic95_bas"]), _number(row["ic95_haut"])),
                {k: bool(row[f"hasard_{k}"]) for k in PROPOSAL_KINDS},
                _text(row["reference_groupe"]),
                _integer(row["n_reference"]),
                _text(row["reference_atteignable"]),
                _integer(row["n_reference_atteignable"]),
                _text(row["position"]),
            )
        return positions

    def position(self, code_ml: str, indicateur: int) -> Position | None:
        """Return the ML's quartiles and proposals on `indicateur`."""
        return self._idx_positions.get((code_ml, indicateur))

    # --- provisional figures and late entries ------------------------------------------

    @property
    def is_provisional(self) -> bool:
        """True when the year's figures are taken before the consolidation date."""
        return self.campaign.is_provisional

    @cached_property
    def _idx_typical(self) -> dict[tuple[str, int], dict]:
        from perfml.reports.campaign import typical_revision_lookup

        return typical_revision_lookup(self.campaign.typical_revisions)

    def typical_revision(self, code_ml: str, indicateur: int) -> dict | None:
        """Last year's revision of the ML's indicator from the same stage (None if unknown)."""
        return self._idx_typical.get((code_ml, indicateur))

    @cached_property
    def _idx_late(self) -> dict[str, float]:
        frame = self.late_shares
        if frame.empty:
            return {}
        return {
            str(code): share
            for code, share in zip(frame["code_ml"], frame["part_tardives"], strict=True)
            if not _missing(share)
        }

    def late_share(self, code_ml: str) -> float | None:
        """The ML's share of late entries of the year, in % (None when unknown)."""
        return self._idx_late.get(code_ml)

    # --- monthly series and groups ----------------------------------------------------

    @cached_property
    def _idx_monthly(self) -> dict[tuple[str, str], pd.DataFrame]:
        if self.monthly.empty:
            return {}
        return {
            (niveau, str(code)): part.sort_values(["indicateur", "mois"])
            for (niveau, code), part in self.monthly.groupby(["niveau", "code"], sort=False)
        }

    def monthly_of(self, niveau: str, code: str) -> pd.DataFrame:
        """Return the monthly series of an ML, a region or the nation (empty if none)."""
        return self._idx_monthly.get((niveau, code), self.monthly.iloc[0:0])

    def group_label(self, groupe: int | None) -> str:
        """The group's short label (« ↑ densité de population… »), empty when unknown."""
        return self.campaign.group_label(groupe)

    @cached_property
    def _idx_group_sentences(self) -> dict[int, list[str]]:
        frame = self.campaign.descriptions
        if frame.empty or "phrase" not in frame.columns:
            return {}
        frame = frame.assign(_strength=frame["v_test"].abs()).sort_values(
            ["groupe", "_strength"], ascending=[True, False], kind="stable"
        )
        return {
            int(groupe): [str(p) for p in part["phrase"].dropna()]
            for groupe, part in frame.groupby("groupe", sort=False)
        }

    def group_sentences(self, groupe: int | None) -> list[str]:
        """Every sentence describing the group, strongest variable (largest |v-test|) first."""
        return [] if groupe is None else self._idx_group_sentences.get(int(groupe), [])

    @property
    def national_code(self) -> str:
        return NATIONAL_CODE


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: object) -> float | None:
    """A float, or None for a missing value (NaN, NA, None)."""
    if _missing(value):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _integer(value: object) -> int | None:
    return None if _missing(value) else int(value)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
