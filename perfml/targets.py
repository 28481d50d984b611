"""The three target proposals per ML × indicator, and the targets set by the Direccte.

From an ML's value of year N and the distributions of its group and region, the
instruction (Annexe 2, § 3.1) proposes three targets for year N + 1:

- **légitime**: the median of the ML's group;
- **raisonnable**: in the group, the bound of the next better quartile (Q1 from
  quartile 1, the median from 2, Q3 from 3; mirrored where lower is better);
- **atteignable**: the same bound in the ML's regional distribution.

A proposal never asks an ML to do worse than it already does. An ML with no value gets
its group's median as légitime target and no other proposal.

No proposal comes from fewer than `MIN_REFERENCE` (5) MLs with a value: when the ML's
group has fewer, légitime and raisonnable come from the distribution of its 15 nearest
neighbours (`reference_groupe` = `voisins`, its size in `n_reference`); when its region
has fewer, atteignable comes from the nation (`reference_atteignable` = `national`).
Neighbours with fewer than 5 values give no légitime nor raisonnable proposal; the
nation is used whatever its size (there is no wider population). Without neighbours
(groups built before they existed) the group is used whatever its size, as before.

Each value also gets its 95 % interval (`perfml.intervals`: `ic95_bas`, `ic95_haut`),
a flag per proposal lying inside it (`hasard_*`: "à portée du hasard") and, for the
rates, its position in the national funnel plot (`perfml.funnel`). None of this is automatic:
the Direccte sets the target, stored in the warehouse table `cibles_fixees` with its
source (one of the proposals, or `saisie` for a value of its own, which then needs a
justification unless it equals one of the proposals).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from perfml.distributions import (
    HIGHER,
    POPULATIONS,
    Box,
    box_lookup,
    compute_distributions,
    is_better,
    is_missing_value,
    quartile_of,
    reference_of,
)
from perfml.errors import UserError
from perfml.french import french_decimal
from perfml.funnel import Funnel, compute_funnels
from perfml.indicators.catalogue import NUMBERS
from perfml.intervals import is_within_noise, value_interval
from perfml.plausibility import plausibility_problem

PROPOSALS: tuple[str, ...] = ("legitime", "raisonnable", "atteignable")
SOURCES: tuple[str, ...] = (*PROPOSALS, "saisie")
# How a user reads and types each source (the workbook's drop-down list).
SOURCE_LABELS: dict[str, str] = {
    "legitime": "légitime",
    "raisonnable": "raisonnable",
    "atteignable": "atteignable",
    "saisie": "saisie",
}


def within_noise_words(flags: Iterable[object]) -> str:
    """Name the proposals flagged within the ML's own 95 % interval (one flag per proposal,
    in `PROPOSALS` order): « légitime, raisonnable »; "" when none is."""
    return ", ".join(SOURCE_LABELS[p] for p, hit in zip(PROPOSALS, flags, strict=True) if hit)


# Two targets closer than this are the same (Excel stores doubles; users retype them).
SAME_TARGET_TOLERANCE = 1e-9

PROPOSAL_COLUMNS: tuple[str, ...] = (
    "code_ml",
    "nom",
    "code_region",
    "groupe",
    "indicateur",
    "valeur",
    "numerateur",
    "denominateur",
    "quartile_national",
    "quartile_region",
    "quartile_groupe",
    "mediane_nationale",
    "mediane_region",
    "mediane_groupe",
    "cible_legitime",
    "cible_raisonnable",
    "cible_atteignable",
    "quartile_voisins",
    "mediane_voisins",
    "reference_groupe",
    "n_reference",
    "reference_atteignable",
    "n_reference_atteignable",
    "ic95_bas",
    "ic95_haut",
    "hasard_legitime",
    "hasard_raisonnable",
    "hasard_atteignable",
    "position",
)
_QUARTILE_COLUMNS = {
    "NATIONAL": "quartile_national",
    "REGION": "quartile_region",
    "GROUPE": "quartile_groupe",
    "VOISINS": "quartile_voisins",
}
_MEDIAN_COLUMNS = {
    "NATIONAL": "mediane_nationale",
    "REGION": "mediane_region",
    "GROUPE": "mediane_groupe",
    "VOISINS": "mediane_voisins",
}
# No proposal from a distribution of fewer MLs with a value (CIPFA compares with 15).
MIN_REFERENCE = 5
GROUP, NEIGHBOURS = "groupe", "voisins"
REGION, NATION = "region", "national"

TARGETS_TABLE = "cibles_fixees"
TARGETS_SCHEMA: dict[str, str] = {
    "annee": "BIGINT",
    "code_ml": "VARCHAR",
    "indicateur": "BIGINT",
    "cible": "DOUBLE",
    "source": "VARCHAR",
    "auteur": "VARCHAR",
    "horodatage": "TIMESTAMP",
    "justification": "VARCHAR",
}


@dataclass(frozen=True)
class Proposals:
    """The three proposals for one ML × indicator (None where there is none)."""

    legitime: float | None
    raisonnable: float | None
    atteignable: float | None

    def get(self, source: str) -> float | None:
        """Return the proposal called `source` (None for `saisie`)."""
        return getattr(self, source) if source in PROPOSALS else None

    def values(self) -> tuple[float | None, ...]:
        """Return the three proposals in the order légitime, raisonnable, atteignable."""
        return (self.legitime, self.raisonnable, self.atteignable)


def next_better_bound(quartile: int, box: Box, direction: str) -> float | None:
    """Return the lower edge of the quartile above `quartile` (None from quartile 4).

    Higher is better: Q1 from quartile 1, the median from 2, Q3 from 3. Lower is
    better: Q3, the median, Q1.
    """
    if quartile == 4:
        return None
    bounds = (box.q1, box.median, box.q3) if direction == HIGHER else (box.q3, box.median, box.q1)
    return bounds[quartile - 1]


def never_worse(reference: float | None, value: float, direction: str) -> float:
    """Return `reference`, or the ML's own value when the reference is worse or missing."""
    if reference is None or not is_better(reference, value, direction):
        return value
    return reference


@dataclass(frozen=True)
class References:
    """The distributions the proposals come from, and what they are called."""

    group: Box | None  # for légitime and raisonnable
    group_kind: str | None  # "groupe", "voisins" (None: the ML has neither)
    region: Box | None  # for atteignable
    region_kind: str | None  # "region", "national"


def choose_references(
    group: Box | None,
    neighbours: Box | None,
    region: Box | None,
    nation: Box | None,
    has_neighbours: bool = True,
) -> References:
    """Pick the distributions the proposals come from: none of fewer than 5 MLs.

    The group when it has at least `MIN_REFERENCE` MLs with a value, else the
    neighbours (None when they have fewer too: no proposal then); the region when it
    has at least as many, else the nation (whatever its size: there is no wider
    population). Without neighbours at all (`has_neighbours` false) the group is kept
    whatever its size.
    """
    if _is_large(group) or not has_neighbours:
        group_kind, chosen = (GROUP if group is not None else None), group
    else:
        group_kind, chosen = NEIGHBOURS, neighbours if _is_large(neighbours) else None
    if _is_large(region):
        region_kind, regional = REGION, region
    else:
        # The nation is the widest population there is: used whatever its size.
        region_kind, regional = NATION, nation
    return References(chosen, group_kind, regional, region_kind)


def _is_large(box: Box | None) -> bool:
    return box is not None and box.n >= MIN_REFERENCE


def propose(
    value: float | None, group: Box | None, region: Box | None, direction: str
) -> Proposals:
    """Return the three proposals for an ML of value `value` (None: no value).

    `group` and `region` are the distributions of the ML's homogeneous group and region
    (None when the ML has none).
    """
    if is_missing_value(value):
        return Proposals(group.median if group is not None else None, None, None)
    legitime = never_worse(group.median, value, direction) if group is not None else None
    raisonnable = _bound_proposal(value, group, direction)
    atteignable = _bound_proposal(value, region, direction)
    return Proposals(legitime, raisonnable, atteignable)


def _bound_proposal(value: float, box: Box | None, direction: str) -> float | None:
    if box is None:
        return None
    quartile = quartile_of(value, box, direction)
    return never_worse(next_better_bound(quartile, box, direction), value, direction)


def build_proposals(
    values: pd.DataFrame,
    membership: pd.DataFrame,
    directions: Mapping[int, str],
    distributions: pd.DataFrame | None = None,
    neighbours: pd.DataFrame | None = None,
    funnels: Mapping[int, Funnel] | None = None,
) -> pd.DataFrame:
    """Return one row per ML × indicator: value, quartiles, medians and the proposals.

    `values`: ML rows of the indicators (`code_ml`, `indicateur`, `valeur`,
    `numerateur`, `denominateur`); `membership`: one row per ML (`code_ml`, `nom`,
    `code_region`, `groupe`); `directions`: `higher`/`lower` per indicator number;
    `distributions`: from `compute_distributions` (computed here when not given);
    `neighbours`: each ML's nearest MLs (`code_ml`, `code_ml_voisin`), None when they
    are unknown; `funnels`: the national funnels of the rates (`compute_funnels`,
    computed here when not given). The columns are those of `PROPOSAL_COLUMNS`.
    """
    if distributions is None:
        distributions = compute_distributions(values, membership, neighbours)
    has_neighbours = neighbours is not None or (distributions["population"] == "VOISINS").any()
    boxes = box_lookup(distributions)
    if funnels is None:
        funnels = compute_funnels(values)
    members = {m["code_ml"]: m for m in membership.drop_duplicates("code_ml").to_dict("records")}
    rows = []
    for row in values.itertuples(index=False):
        member = members.get(row.code_ml)
        if member is None:
            continue
        number = int(row.indicateur)
        direction = directions[number]
        value = None if is_missing_value(row.valeur) else float(row.valeur)
        found = {
            population: boxes.get(
                (
                    population,
                    reference_of(population, member["code_region"], member["groupe"], row.code_ml),
                    number,
                )
            )
            for population in POPULATIONS
        }
        references = choose_references(
            found["GROUPE"], found["VOISINS"], found["REGION"], found["NATIONAL"], has_neighbours
        )
        proposals = propose(value, references.group, references.region, direction)
        out = {
            "code_ml": row.code_ml,
            "nom": member.get("nom"),
            "code_region": member["code_region"],
            "groupe": member["groupe"],
            "indicateur": number,
            "valeur": value,
            "numerateur": row.numerateur,
            "denominateur": row.denominateur,
        }
        for population in POPULATIONS:
            box = found[population]
            out[_QUARTILE_COLUMNS[population]] = quartile_of(value, box, direction)
            out[_MEDIAN_COLUMNS[population]] = box.median if box is not None else None
        out["cible_legitime"] = proposals.legitime
        out["cible_raisonnable"] = proposals.raisonnable
        out["cible_atteignable"] = proposals.atteignable
        out["reference_groupe"] = references.group_kind
        out["n_reference"] = _size(
            found["GROUPE"] if references.group_kind == GROUP else found["VOISINS"]
        )
        out["reference_atteignable"] = references.region_kind
        out["n_reference_atteignable"] = _size(
            found["REGION"] if references.region_kind == REGION else found["NATIONAL"]
        )
        low, high = (
            (None, None)
            if value is None
            else value_interval(number, row.numerateur, row.denominateur)
        )
        out["ic95_bas"], out["ic95_haut"] = low, high
        for kind, proposal in zip(PROPOSALS, proposals.values(), strict=True):
            out[f"hasard_{kind}"] = is_within_noise(proposal, low, high)
        funnel = funnels.get(number)
        out["position"] = (
            funnel.position(value, _number(row.denominateur)) if funnel is not None else None
        )
        rows.append(out)
    frame = pd.DataFrame(rows, columns=list(PROPOSAL_COLUMNS))
    for column in _QUARTILE_COLUMNS.values():
        frame[column] = frame[column].astype("Int64")
    for column in ("valeur", *_MEDIAN_COLUMNS.values(), *(f"cible_{p}" for p in PROPOSALS)):
        frame[column] = frame[column].astype(float)
    frame["groupe"] = frame["groupe"].astype("Int64")
    for column in ("n_reference", "n_reference_atteignable"):
        frame[column] = frame[column].astype("Int64")
    for column in ("ic95_bas", "ic95_haut"):
        frame[column] = frame[column].astype(float)
    for kind in PROPOSALS:
        frame[f"hasard_{kind}"] = frame[f"hasard_{kind}"].astype(bool)
    return frame.sort_values(["code_ml", "indicateur"], ignore_index=True)


def _size(box: Box | None) -> int:
    return box.n if box is not None else 0


def _number(value: object) -> float | None:
    return None if is_missing_value(value) else float(value)


# --- Targets set by the Direccte ------------------------------------------------------


@dataclass(frozen=True)
class SetTarget:
    """One target set by the Direccte for an ML × indicator, for year `annee`."""

    annee: int
    code_ml: str
    indicateur: int
    cible: float
    source: str
    justification: str | None = None
    # Who set it and when, when it differs from the batch's (a synchronisation of the web
    # application writes many authors' targets in one transaction).
    auteur: str | None = None
    horodatage: dt.datetime | None = None


def is_same_target(a: float | None, b: float | None) -> bool:
    """Return whether two targets are equal, up to the rounding of a stored double."""
    if is_missing_value(a) or is_missing_value(b):
        return False
    return math.isclose(a, b, rel_tol=SAME_TARGET_TOLERANCE, abs_tol=SAME_TARGET_TOLERANCE)


def needs_justification(target: float, proposals: Proposals) -> bool:
    """Return whether `target` differs from all three proposals (a justification is due)."""
    return not any(is_same_target(target, p) for p in proposals.values())


def indicator_problem(indicator: int) -> str | None:
    """Return why `indicator` is not one of the catalogue's (French), or None."""
    if indicator in NUMBERS:
        return None
    return (
        f"l'indicateur {indicator} n'existe pas (les indicateurs sont numérotés de "
        f"{min(NUMBERS)} à {max(NUMBERS)})"
    )


def target_problem(
    indicator: int,
    target: float,
    source: str,
    proposals: Proposals,
    justification: str | None,
    national: Box | None = None,
) -> str | None:
    """Return why this target cannot be stored (French), or None when it can.

    `national`: the national distribution of the year's values of the indicator, which
    narrows the plausible range of 9 and 10 (`perfml.plausibility`).
    """
    if source not in SOURCES:
        allowed = ", ".join(f"« {label} »" for label in SOURCE_LABELS.values())
        return f"la source de la cible doit être l'une de : {allowed}"
    unknown = indicator_problem(indicator)
    if unknown is not None:
        return unknown
    implausible = plausibility_problem(indicator, target, national)
    if implausible is not None:
        return implausible
    if source in PROPOSALS:
        proposal = proposals.get(source)
        if proposal is None:
            return f"il n'y a pas de proposition « {SOURCE_LABELS[source]} » pour cette ligne"
        if not is_same_target(target, proposal):
            return (
                f"la cible ne correspond pas à la proposition « {SOURCE_LABELS[source]} » "
                f"({french_decimal(proposal, 2)}) : choisissez « saisie » pour une autre valeur"
            )
    if needs_justification(target, proposals) and not (justification or "").strip():
        return (
            "une justification est obligatoire quand la cible diffère des trois "
            "propositions (légitime, raisonnable, atteignable)"
        )
    return None


def ensure_targets_table(raw) -> None:
    """Create `cibles_fixees` in the warehouse when it is not there (raw DuckDB connection)."""
    columns = ", ".join(f"{name} {kind}" for name, kind in TARGETS_SCHEMA.items())
    raw.execute(f"CREATE TABLE IF NOT EXISTS {TARGETS_TABLE} ({columns})")


def store_targets(
    warehouse: str | Path,
    targets: Sequence[SetTarget],
    author: str,
    timestamp: dt.datetime | None = None,
) -> int:
    """Write `targets` into `cibles_fixees`, replacing earlier ones for the same keys.

    `author` and `timestamp` apply to the targets that do not carry their own. All or
    nothing: one transaction. Returns the number of rows written.
    """
    from perfml.warehouse import open_for_writing

    keys = [(t.annee, t.code_ml, t.indicateur) for t in targets]
    if len(set(keys)) != len(keys):
        raise UserError("Une même cible (année, mission locale, indicateur) est donnée deux fois.")
    timestamp = timestamp or dt.datetime.now().replace(microsecond=0)
    rows = [
        (
            t.annee,
            t.code_ml,
            t.indicateur,
            float(t.cible),
            t.source,
            t.auteur or author,
            t.horodatage or timestamp,
            (t.justification or "").strip() or None,
        )
        for t in targets
    ]
    # Under the writers' lock: a load running meanwhile would drop these rows.
    with open_for_writing(warehouse) as con:
        raw = con.con
        try:
            raw.begin()
            ensure_targets_table(raw)
            if rows:
                raw.executemany(
                    f"DELETE FROM {TARGETS_TABLE} WHERE annee = ? AND code_ml = ? "
                    "AND indicateur = ?",
                    keys,
                )
                raw.executemany(
                    f"INSERT INTO {TARGETS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
                )
            raw.commit()
        except Exception:
            raw.rollback()
            raise
    return len(rows)


def read_targets(con, year: int | None = None) -> pd.DataFrame:
    """Return the targets set for `year` (all years when None); empty when there are none."""
    if TARGETS_TABLE not in con.list_tables():
        return pd.DataFrame({name: pd.Series(dtype="object") for name in TARGETS_SCHEMA})
    table = con.table(TARGETS_TABLE)
    if year is not None:
        table = table.filter(table.annee == year)
    return table.order_by(["annee", "code_ml", "indicateur"]).execute()


__all__ = [
    "PROPOSALS",
    "PROPOSAL_COLUMNS",
    "SOURCES",
    "SOURCE_LABELS",
    "TARGETS_TABLE",
    "Proposals",
    "SetTarget",
    "build_proposals",
    "indicator_problem",
    "needs_justification",
    "propose",
    "read_targets",
    "store_targets",
    "target_problem",
]
