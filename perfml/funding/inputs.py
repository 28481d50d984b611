"""What an allocation reads from the warehouse: criteria, indicator values and targets.

For the results of year N (`--annee N`, the credits of year N + 1):

- the base criteria are measured over year N;
- the indicator values are those of year N, and the "previous" values those of year
  N − 1, each computed officially (as of 1 March of the following year);
- the target of each ML × indicator is the one the Direccte set for year N
  (`cibles_fixees`, `annee = N`), else the « raisonnable » proposal made last year: from
  the values of N − 1 with the homogeneous groups of N − 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perfml.errors import UserError
from perfml.french import french_short_date
from perfml.funding.criteria import measure_criteria

ORIGIN_SET = "fixée"
ORIGIN_PROPOSAL = "proposition raisonnable (aucune cible fixée)"
ORIGIN_NONE = "aucune cible (ni fixée, ni proposée)"


@dataclass
class FundingInputs:
    """The measured facts an allocation of year N works on (nothing configurable)."""

    year: int
    as_of: dt.date
    extract_date: dt.date | None
    criteria: pd.DataFrame  # one row per ML: code_ml, nom, code_region, criteria
    values: pd.DataFrame  # ML × indicator: code_ml, indicateur, valeur, valeur_precedente
    region_values: pd.DataFrame  # region × indicator: code_region, indicateur, valeur, …
    directions: dict[int, str]
    labels: dict[int, str]  # short French label of each indicator
    in_force_from: dict[int, int]  # first funding year of each indicator (catalogue)
    previous_ml: pd.DataFrame | None = None  # ML values of N − 1, for last year's proposals
    targets: pd.DataFrame | None = None  # code_ml, indicateur, cible, origine_cible
    notes: list[str] = field(default_factory=list)

    @property
    def regions(self) -> list[str]:
        """The regions that have at least one ML in the warehouse."""
        return sorted(self.criteria["code_region"].unique())


Report = Callable[[str], None]


def _catalogue() -> tuple[dict[int, str], dict[int, str], dict[int, int]]:
    from perfml.indicators import CATALOGUE

    return (
        {i.number: i.direction for i in CATALOGUE},
        {i.number: i.short_label for i in CATALOGUE},
        {i.number: i.in_force_from for i in CATALOGUE},
    )


def _official_values(con, year: int) -> pd.DataFrame:
    from perfml.indicators import Period, compute_indicators, official_as_of

    period = Period.year(year)
    return compute_indicators(con, period, as_of=official_as_of(period))


def _level(frame: pd.DataFrame, level: str, key: str) -> pd.DataFrame:
    rows = frame.loc[
        frame["niveau"] == level, ["code", "indicateur", "numerateur", "denominateur", "valeur"]
    ]
    rows = rows.rename(columns={"code": key})
    rows["indicateur"] = rows["indicateur"].astype("int64")
    rows["valeur"] = rows["valeur"].astype("float64")
    return rows


def _with_previous(current: pd.DataFrame, previous: pd.DataFrame, key: str) -> pd.DataFrame:
    before = previous[[key, "indicateur", "valeur"]].rename(columns={"valeur": "valeur_precedente"})
    merged = current.merge(before, on=[key, "indicateur"], how="left")
    return merged.sort_values([key, "indicateur"], ignore_index=True)


def check_year(year: int, extracted: dt.date | None) -> None:
    """Refuse a year the extract (of date `extracted`) does not cover, then a year not over
    at the extract date.

    The first is the rule of every period (`coverage_warning`). The second is stricter than
    elsewhere, where a period not over is computed as « provisoire »: an allocation pays
    the credits of `year + 1`, and money is not shared out on a year still under way.
    """
    from perfml.indicators import Period
    from perfml.indicators.periods import coverage_warning

    if coverage_warning(Period.year(year), extracted) is None:
        return
    assert extracted is not None  # a warning comes only from a known extract date
    raise UserError(
        f"L'année {year} n'est pas complète dans l'entrepôt (extrait du "
        f"{french_short_date(extracted)}) : une répartition de crédits ne se calcule pas sur des "
        f"résultats provisoires ; choisissez une année terminée, au plus {extracted.year - 1}."
    )


def check_warehouse_year(path: str | Path, year: int) -> None:
    """`check_year` on the warehouse at `path`, before anything is built or computed."""
    from perfml.indicators.periods import recorded_extract_date

    if not Path(path).exists():
        return  # `open_warehouse` says it in French
    con = open_warehouse(path)
    try:
        check_year(year, recorded_extract_date(con))
    finally:
        con.disconnect()


def read_inputs(con, year: int, report: Report | None = None) -> FundingInputs:
    """Measure the criteria and compute the indicator values of `year` and `year − 1`."""
    from perfml.indicators import Period, official_as_of
    from perfml.warehouse import extract_date

    say = report or (lambda _message: None)
    as_of = official_as_of(Period.year(year))
    extracted = extract_date(con)
    check_year(year, extracted)
    notes = []
    # The late-entry window ends the day before the as-of date: an extract of that day
    # is complete.
    if extracted is not None and extracted < as_of - dt.timedelta(days=1):
        notes.append(
            f"L'extrait date du {french_short_date(extracted)}, avant la consolidation "
            f"officielle du {french_short_date(as_of)} : les valeurs {year} peuvent encore "
            "bouger."
        )
    directions, labels, in_force_from = _catalogue()
    say(f"Critères de la base ({year})")
    criteria = measure_criteria(con, year, as_of)
    if criteria.empty:
        raise UserError("L'entrepôt ne contient aucune mission locale (table structures vide).")
    say(f"Indicateurs {year}")
    current = _official_values(con, year)
    say(f"Indicateurs {year - 1}")
    previous = _official_values(con, year - 1)
    previous_ml = _level(previous, "ML", "code_ml")
    return FundingInputs(
        year=year,
        as_of=as_of,
        extract_date=extracted,
        criteria=criteria,
        values=_with_previous(_level(current, "ML", "code_ml"), previous_ml, "code_ml"),
        region_values=_with_previous(
            _level(current, "REGION", "code_region"),
            _level(previous, "REGION", "code_region"),
            "code_region",
        ),
        directions=directions,
        labels=labels,
        in_force_from=in_force_from,
        previous_ml=previous_ml,
        notes=notes,
    )


def fixed_targets(con, year: int) -> pd.DataFrame:
    """Return the targets set for `year` (`code_ml`, `indicateur`, `cible`): the latest of each."""
    from perfml.targets import read_targets

    rows = read_targets(con, year)
    if rows.empty:
        return pd.DataFrame({"code_ml": [], "indicateur": [], "cible": []}).astype(
            {"code_ml": "object", "indicateur": "int64", "cible": "float64"}
        )
    if "horodatage" in rows:
        rows = rows.sort_values("horodatage", kind="stable")
    rows = rows.drop_duplicates(["code_ml", "indicateur"], keep="last")
    rows = rows[["code_ml", "indicateur", "cible"]].copy()
    rows["indicateur"] = rows["indicateur"].astype("int64")
    rows["cible"] = rows["cible"].astype("float64")
    return rows.reset_index(drop=True)


def reasonable_proposals(con, inputs: FundingInputs) -> pd.DataFrame:
    """Return last year's « raisonnable » proposals (`code_ml`, `indicateur`, `cible`).

    They are computed on the values of N − 1 with the groups of N − 1, as the Direccte
    saw them when it set the targets of N.
    """
    from perfml.groups import has_groups, load_groups, load_neighbours
    from perfml.indicators import Period, compute_indicators, official_as_of
    from perfml.targets import build_proposals

    previous_year = inputs.year - 1
    if not has_groups(con, previous_year):
        raise UserError(
            f"Des cibles {inputs.year} n'ont pas été fixées : perfml prend alors la proposition "
            f"« raisonnable » calculée sur {previous_year} avec les groupes homogènes "
            f"{previous_year}, qui ne sont pas dans l'entrepôt. Lancez perfml groupes --annee "
            f"{previous_year}, ou fixez toutes les cibles (perfml cibles)."
        )
    groups = load_groups(con, previous_year)
    values = inputs.previous_ml
    if values is None:
        period = Period.year(previous_year)
        values = _level(
            compute_indicators(con, period, as_of=official_as_of(period)), "ML", "code_ml"
        )
    membership = inputs.criteria[["code_ml", "nom", "code_region"]].copy()
    membership["groupe"] = membership["code_ml"].map(groups)
    membership = membership[membership["groupe"].notna()]
    # The neighbours replace a group of fewer than 5 MLs, as in the proposals shown.
    neighbours = load_neighbours(con, previous_year)
    proposals = build_proposals(values, membership, inputs.directions, neighbours=neighbours)
    proposals = proposals[["code_ml", "indicateur", "cible_raisonnable"]]
    return proposals.rename(columns={"cible_raisonnable": "cible"})


def _wanted(needed: Collection[tuple[str, int]]) -> pd.DataFrame:
    wanted = pd.DataFrame(sorted(needed), columns=["code_ml", "indicateur"])
    wanted["indicateur"] = wanted["indicateur"].astype("int64")
    return wanted


def check_fixed_targets(con, year: int, needed: Collection[tuple[str, int]]) -> None:
    """Raise a `UserError` listing the needed (code_ml, indicator) pairs with no fixed target."""
    targets = _wanted(needed).merge(
        fixed_targets(con, year), on=["code_ml", "indicateur"], how="left"
    )
    missing = targets[targets["cible"].isna()]
    if missing.empty:
        return
    pairs = [
        f"{code} (indicateur {k})"
        for code, k in zip(missing["code_ml"], missing["indicateur"], strict=True)
    ]
    more = f" et {len(pairs) - 10} autres" if len(pairs) > 10 else ""
    raise UserError(
        f"La configuration exige des cibles fixées (cibles_obligatoires = true), mais "
        f"{len(pairs)} {'cible' if len(pairs) == 1 else 'cibles'} {year} "
        f"{'manque' if len(pairs) == 1 else 'manquent'} : {', '.join(pairs[:10])}{more}. "
        "Fixez-les avec perfml cibles, ou mettez cibles_obligatoires = false pour prendre "
        "la proposition « raisonnable »."
    )


def attach_targets(
    con, inputs: FundingInputs, needed: Collection[tuple[str, int]], report: Report | None = None
) -> pd.DataFrame:
    """Return the target and its origin for each needed (code_ml, indicator) pair.

    A target set by the Direccte wins; otherwise last year's « raisonnable » proposal;
    otherwise none (the indicator then passes its weight to the others).
    """
    say = report or (lambda _message: None)
    say(f"Cibles {inputs.year}")
    targets = _wanted(needed).merge(
        fixed_targets(con, inputs.year), on=["code_ml", "indicateur"], how="left"
    )
    targets["origine_cible"] = ORIGIN_SET
    missing = targets["cible"].isna()
    if missing.any():
        say(f"Propositions « raisonnable » faites en {inputs.year - 1}")
        proposals = reasonable_proposals(con, inputs).set_index(["code_ml", "indicateur"])
        keys = pd.MultiIndex.from_frame(targets.loc[missing, ["code_ml", "indicateur"]])
        targets.loc[missing, "cible"] = proposals["cible"].reindex(keys).to_numpy()
        targets.loc[missing, "origine_cible"] = ORIGIN_PROPOSAL
        targets.loc[targets["cible"].isna(), "origine_cible"] = ORIGIN_NONE
    return targets


def open_warehouse(path: str | Path):
    """Open the warehouse read-only (a clear French error when it is not there)."""
    from perfml.warehouse import connect

    return connect(Path(path))
