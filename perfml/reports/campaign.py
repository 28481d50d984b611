"""The figures of one target-setting campaign: year N's values, groups, boxes, proposals.

Each year the Direccte sets every ML's targets for year N + 1 from the values of year N
(Annexe 2, § 3.1). A `Campaign` gathers what the reports, the workbooks and the
`cibles` command show: the ML values and their numerators and denominators, the
homogeneous groups and each ML's 15 nearest neighbours, the distributions (nation,
region, group, neighbours), the three proposals with the reference they come from,
each value's 95 % interval and the national funnel plots of the rates.
`load_campaign` reads them from the warehouse; `Campaign.from_frames` builds one from
plain frames (tests, web).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from perfml.distributions import POPULATIONS, Box, box_lookup, compute_distributions, reference_of
from perfml.errors import UserError
from perfml.funnel import Funnel, compute_funnels
from perfml.indicators.catalogue import CATALOGUE, Indicator
from perfml.reports.boxplot import axis_limits
from perfml.targets import PROPOSALS, build_proposals

# How many of a group's strongest describing variables the report spells out.
GROUP_TRAITS = 2


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of one ML's report: value, boxes, quartiles and proposals."""

    indicator: Indicator
    valeur: float | None
    numerateur: float | None
    denominateur: float | None
    boxes: tuple[Box | None, ...]  # nation, region, group, neighbours
    quartiles: tuple[int | None, ...]  # nation, region, group, neighbours
    proposals: tuple[float | None, ...]  # légitime, raisonnable, atteignable
    # Provisional figures only: last year's revision from the same stage (revision,
    # revision_relative, mesure of `perfml.indicators.revisions.typical_revisions`).
    typical_revision: dict | None = None
    interval: tuple[float | None, float | None] = (None, None)  # 95 % (ic95_bas, ic95_haut)
    within_noise: tuple[bool, ...] = (False, False, False)  # per proposal
    reference_groupe: str | None = None  # "groupe" or "voisins" (légitime, raisonnable)
    n_reference: int | None = None
    reference_atteignable: str | None = None  # "region" or "national"
    n_reference_atteignable: int | None = None
    position: str | None = None  # in the national funnel (rates only)


@dataclass(frozen=True)
class MlReport:
    """What one ML's report shows."""

    code_ml: str
    nom: str
    code_region: str
    groupe: int | None
    group_size: int | None
    group_label: str  # the group's short label ("↑ densité, ↓ revenu médian")
    group_traits: tuple[str, ...]  # sentences on its strongest variables
    lines: tuple[IndicatorLine, ...]
    neighbours: tuple[str, ...] = ()  # the codes of its nearest MLs, nearest first


@dataclass
class Campaign:
    """The figures of year `year`, from which targets for `year + 1` are proposed."""

    year: int
    as_of: dt.date | None
    is_official: bool  # as_of is the instruction's consolidation date (1 March of N + 1)
    extract_date: dt.date | None
    membership: pd.DataFrame  # code_ml, nom, code_region, groupe (nullable)
    indicators: pd.DataFrame  # compute_indicators: niveau, code, indicateur, num, den, valeur
    distributions: pd.DataFrame
    proposals: pd.DataFrame  # build_proposals, plus libelle and sens
    descriptions: pd.DataFrame = field(default_factory=pd.DataFrame)
    group_labels: pd.DataFrame = field(default_factory=pd.DataFrame)  # groupe, effectif, libelle
    catalogue: tuple[Indicator, ...] = tuple(CATALOGUE)
    # Provisional figures only: `perfml.indicators.revisions.typical_revisions` per ML.
    typical_revisions: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The « provisoire » warning of a year not over when its data is known (else None).
    provisional_note: str | None = None

    @property
    def is_provisional(self) -> bool:
        """True when the values are taken before the consolidation date (they may move)."""
        from perfml.indicators.periods import Period
        from perfml.indicators.revisions import is_provisional

        return is_provisional(Period.year(self.year), self.as_of)

    # code_ml, rang, code_ml_voisin, distance; None when the warehouse has none stored
    neighbours: pd.DataFrame | None = None

    def as_of_warning(self) -> str | None:
        """The one console warning on the values' date: the year is not over (the
        « provisoire » note), or it is but the extract stops before its consolidation."""
        if self.provisional_note:
            return self.provisional_note
        if self.as_of is None or self.is_official:
            return None
        from perfml.french import french_date

        return (
            f"l'extrait ne va pas jusqu'au 1er mars {self.year + 1}, date de consolidation "
            f"officielle : valeurs {self.year} arrêtées au {french_date(self.as_of)}, date de "
            "l'extrait."
        )

    @property
    def target_year(self) -> int:
        """The year the proposed targets apply to."""
        return self.year + 1

    @classmethod
    def from_frames(
        cls,
        year: int,
        membership: pd.DataFrame,
        indicators: pd.DataFrame,
        as_of: dt.date | None = None,
        is_official: bool = True,
        extract_date: dt.date | None = None,
        descriptions: pd.DataFrame | None = None,
        group_labels: pd.DataFrame | None = None,
        catalogue: Iterable[Indicator] = CATALOGUE,
        typical_revisions: pd.DataFrame | None = None,
        neighbours: pd.DataFrame | None = None,
        provisional_note: str | None = None,
    ) -> Campaign:
        """Compute the distributions and proposals from the ML values of `indicators`."""
        catalogue = tuple(catalogue)
        values = ml_values(indicators)
        distributions = compute_distributions(values, membership, neighbours)
        directions = {i.number: i.direction for i in catalogue}
        proposals = build_proposals(values, membership, directions, distributions, neighbours)
        by_number = {i.number: i for i in catalogue}
        proposals.insert(
            proposals.columns.get_loc("indicateur") + 1,
            "libelle",
            proposals["indicateur"].map(lambda n: by_number[n].short_label),
        )
        proposals.insert(
            proposals.columns.get_loc("libelle") + 1,
            "sens",
            proposals["indicateur"].map(lambda n: by_number[n].direction),
        )
        return cls(
            year=year,
            as_of=as_of,
            is_official=is_official,
            extract_date=extract_date,
            membership=membership.reset_index(drop=True),
            indicators=indicators,
            distributions=distributions,
            proposals=proposals,
            descriptions=descriptions if descriptions is not None else pd.DataFrame(),
            group_labels=group_labels if group_labels is not None else pd.DataFrame(),
            catalogue=catalogue,
            typical_revisions=(
                typical_revisions if typical_revisions is not None else pd.DataFrame()
            ),
            neighbours=neighbours,
            provisional_note=provisional_note,
        )

    def funnels(self) -> dict[int, Funnel]:
        """Return the national funnel of each rate (indicators 1–8) of the year's values."""
        return compute_funnels(ml_values(self.indicators))

    def neighbours_of(self, code_ml: str) -> tuple[str, ...]:
        """Return the codes of the ML's nearest MLs, nearest first (empty when unknown)."""
        return self._neighbour_lists.get(str(code_ml), ())

    @cached_property
    def _neighbour_lists(self) -> dict[str, tuple[str, ...]]:
        # Built once: the web pages ask for one ML's neighbours at a time.
        frame = self.neighbours
        if frame is None or frame.empty:
            return {}
        frame = frame.sort_values(["code_ml", "rang"])
        return {
            str(code): tuple(str(c) for c in part["code_ml_voisin"])
            for code, part in frame.groupby("code_ml", sort=False)
        }

    def limits(self) -> dict[int, tuple[float, float]]:
        """Return the x range of each indicator, shared by every ML's page."""
        boxes = box_lookup(self.distributions)
        return {
            i.number: axis_limits(i.unit, boxes.get(("NATIONAL", "FR", i.number)))
            for i in self.catalogue
        }

    def codes(self, code_ml: str | None = None, code_region: str | None = None) -> list[str]:
        """Return the sorted ML codes of the whole campaign, one region or one ML."""
        frame = self.membership
        if code_ml is not None:
            if code_ml not in set(frame["code_ml"]):
                raise UserError(f"La mission locale {code_ml} n'est pas dans l'entrepôt.")
            return [code_ml]
        if code_region is not None:
            frame = frame[frame["code_region"].astype(str) == str(code_region)]
            if frame.empty:
                raise UserError(f"Aucune mission locale de la région {code_region}.")
        return sorted(frame["code_ml"].astype(str))

    def regions(self) -> list[str]:
        """Return the region codes that have at least one ML."""
        return sorted(self.membership["code_region"].astype(str).unique())

    def group_label(self, groupe: int | None) -> str:
        """Return the group's short label (empty when unknown)."""
        return self._group_labels().get(groupe, "") if groupe is not None else ""

    def group_traits(self, groupe: int | None) -> tuple[str, ...]:
        """Return the sentences on the group's strongest variables (largest |v-test|)."""
        return self._group_traits().get(groupe, ()) if groupe is not None else ()

    def _group_labels(self) -> dict[int, str]:
        frame = self.group_labels
        if frame.empty or "libelle" not in frame.columns:
            return {}
        return {
            int(g): str(label) for g, label in zip(frame["groupe"], frame["libelle"], strict=True)
        }

    def _group_traits(self) -> dict[int, tuple[str, ...]]:
        frame = self.descriptions
        if frame.empty or "phrase" not in frame.columns:
            return {}
        frame = frame.assign(_strength=frame["v_test"].abs()).sort_values(
            ["groupe", "_strength"], ascending=[True, False], kind="stable"
        )
        return {
            int(group): tuple(str(p) for p in part["phrase"].head(GROUP_TRAITS))
            for group, part in frame.groupby("groupe", sort=False)
        }

    def ml_reports(self, codes: Iterable[str] | None = None) -> list[MlReport]:
        """Return the report content of each ML of `codes` (all MLs when None)."""
        boxes = box_lookup(self.distributions)
        members = {
            str(m["code_ml"]): m
            for m in self.membership.drop_duplicates("code_ml").to_dict("records")
        }
        groups = {code: _optional_int(m["groupe"]) for code, m in members.items()}
        sizes: dict[int, int] = {}
        for groupe in groups.values():
            if groupe is not None:
                sizes[groupe] = sizes.get(groupe, 0) + 1
        rows: dict[tuple[str, int], dict] = {
            (str(r["code_ml"]), int(r["indicateur"])): r for r in self.proposals.to_dict("records")
        }
        labels, traits = self._group_labels(), self._group_traits()
        typical = typical_revision_lookup(getattr(self, "typical_revisions", pd.DataFrame()))
        catalogue = sorted(self.catalogue, key=lambda i: i.number)
        quartile_columns = (
            "quartile_national",
            "quartile_region",
            "quartile_groupe",
            "quartile_voisins",
        )
        neighbour_lists = self._neighbour_lists
        reports = []
        for code in codes if codes is not None else sorted(members):
            member = members[code]
            groupe = groups[code]
            region = str(member["code_region"])
            lines = []
            for indicator in catalogue:
                row = rows.get((code, indicator.number))
                lines.append(
                    IndicatorLine(
                        indicator=indicator,
                        valeur=_optional(row, "valeur"),
                        numerateur=_optional(row, "numerateur"),
                        denominateur=_optional(row, "denominateur"),
                        boxes=tuple(
                            boxes.get((p, reference_of(p, region, groupe, code), indicator.number))
                            for p in POPULATIONS
                        ),
                        quartiles=tuple(
                            _optional_int(row[c]) if row is not None else None
                            for c in quartile_columns
                        ),
                        proposals=tuple(_optional(row, f"cible_{p}") for p in PROPOSALS),
                        typical_revision=typical.get((str(code), indicator.number)),
                        interval=(_optional(row, "ic95_bas"), _optional(row, "ic95_haut")),
                        within_noise=tuple(
                            bool(row[f"hasard_{p}"]) if row is not None else False
                            for p in PROPOSALS
                        ),
                        reference_groupe=_optional_text(row, "reference_groupe"),
                        n_reference=_optional_int(row["n_reference"]) if row else None,
                        reference_atteignable=_optional_text(row, "reference_atteignable"),
                        n_reference_atteignable=(
                            _optional_int(row["n_reference_atteignable"]) if row else None
                        ),
                        position=_optional_text(row, "position"),
                    )
                )
            reports.append(
                MlReport(
                    code_ml=str(code),
                    nom=str(member.get("nom") or code),
                    code_region=region,
                    groupe=groupe,
                    group_size=sizes.get(groupe) if groupe is not None else None,
                    group_label=labels.get(groupe, "") if groupe is not None else "",
                    group_traits=traits.get(groupe, ()) if groupe is not None else (),
                    lines=tuple(lines),
                    neighbours=neighbour_lists.get(code, ()),
                )
            )
        return reports


def typical_revision_lookup(frame: pd.DataFrame) -> dict[tuple[str, int], dict]:
    """(code_ml, indicateur) → its typical revision row (revision, revision_relative, mesure)."""
    if frame is None or frame.empty:
        return {}
    columns = ["revision", "revision_relative", "mesure"]
    return {
        (str(row["code_ml"]), int(row["indicateur"])): {c: row[c] for c in columns}
        for row in frame.to_dict("records")
    }


def ml_values(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return the ML rows of `compute_indicators` as code_ml, indicateur, valeur, num, den."""
    frame = indicators[indicators["niveau"] == "ML"]
    frame = frame.rename(columns={"code": "code_ml"})
    frame = frame[["code_ml", "indicateur", "valeur", "numerateur", "denominateur"]].copy()
    frame["indicateur"] = frame["indicateur"].astype(int)
    frame["valeur"] = pd.to_numeric(frame["valeur"], errors="coerce").astype(float)
    return frame.reset_index(drop=True)


def choose_as_of(year: int, extract_date: dt.date | None) -> tuple[dt.date, bool]:
    """Return the as-of date of year `year`'s values and whether it is the official one.

    The official date is the instruction's consolidation date (1 March of `year + 1`);
    an extract that does not reach it is used as of its own date.
    """
    from perfml.indicators.periods import Period, official_as_of

    official = official_as_of(Period.year(year))
    if extract_date is None or extract_date >= official:
        return official, True
    return extract_date, False


def load_campaign(
    warehouse: str | Path,
    year: int,
    report: Callable[[str], None] | None = None,
) -> Campaign:
    """Read year `year`'s campaign from the warehouse, building the groups when missing."""
    from perfml.groups.store import ensure_groups, load_neighbours
    from perfml.indicators import compute_indicators
    from perfml.indicators.periods import Period, coverage_of
    from perfml.warehouse import connect, extract_date

    say = report or (lambda _message: None)
    path = Path(warehouse)
    # Before anything is built or computed: a year after the extract is refused.
    con = connect(path)
    try:
        provisional_note = coverage_of(con, Period.year(year))
    finally:
        con.disconnect()
    try:
        ensure_groups(path, year, say)
    except UserError as error:
        raise UserError(
            f"Les groupes homogènes de {year} ne sont pas dans l'entrepôt et n'ont pas pu "
            f"être construits : {error} Construisez-les avec perfml groupes --annee {year}."
        ) from None
    con = connect(path)
    try:
        extracted = extract_date(con)
        as_of, is_official = choose_as_of(year, extracted)
        say(f"Calcul des indicateurs {year}")
        indicators = compute_indicators(con, Period.year(year), as_of=as_of)
        typical = None
        if not is_official:
            from perfml.indicators.revisions import typical_revisions

            say(f"Révision typique : {year - 1} rejouée au même stade")
            typical = typical_revisions(con, Period.year(year), as_of)
        membership = _membership(con, year)
        descriptions = _year_rows(con, "groupes_description", year)
        group_labels = _year_rows(con, "groupes_libelles", year)
        neighbours = load_neighbours(con, year)
    finally:
        con.disconnect()
    say("Distributions et propositions de cibles")
    return Campaign.from_frames(
        year,
        membership,
        indicators,
        as_of=as_of,
        is_official=is_official,
        extract_date=extracted,
        descriptions=descriptions,
        group_labels=group_labels,
        typical_revisions=typical,
        neighbours=neighbours,
        provisional_note=provisional_note,
    )


def _membership(con, year: int) -> pd.DataFrame:
    """Every ML of `structures` with its region and the year's group (nullable)."""
    from perfml.groups.store import load_groups

    structures = con.table("structures").select("code_ml", "nom", "code_region").execute()
    groups = load_groups(con, year).rename("groupe").rename_axis("code_ml").reset_index()
    frame = structures.merge(groups, on="code_ml", how="left")
    frame["groupe"] = frame["groupe"].astype("Int64")
    return frame.sort_values("code_ml", ignore_index=True)


def _year_rows(con, table_name: str, year: int) -> pd.DataFrame:
    if table_name not in con.list_tables():
        return pd.DataFrame()
    table = con.table(table_name)
    return table.filter(table.annee == year).execute()


def _optional(row: dict | None, column: str) -> float | None:
    if row is None:
        return None
    value = row[column]
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _optional_text(row: dict | None, column: str) -> str | None:
    if row is None:
        return None
    value = row.get(column)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _optional_int(value: object) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)
