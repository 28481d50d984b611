"""The Garantie jeunes follow-up as it may leave the State services: small counts kept secret.

One command (`perfml garantie-jeunes --diffusion externe`) publishes, for every ML, region
and the nation, the entries of each month, their cumul on T ("Cumul au JJ/MM"), the cumul
of the complete months, and the numerators and denominators of the quality criteria, on
five sheets and two CSV files. The masks are decided once for all of them with the
relations a reader can combine:

- for every entity: cumul = Σ months; cumul of the complete months = Σ complete months
  (so the month in progress is their difference);
- for every count: a region is the sum of its MLs, the nation the sum of the regions (for
  a criterion, of those whose numerator and denominator are both known);
- the entries of the year counted by the criteria (minors, RQTH, young women) are the
  cumul; the cohort of the collective phase is the denominator of two criteria; a
  criterion's numerator is at most its denominator (rates).

Figures computed from a masked count are masked ("s"): the achievement rate (cumul /
target), the projection and its ratio to the target and the alert (cumul of the complete
months), a criterion's value (numerator / denominator).
"""

from __future__ import annotations

from perfml.disclosure.levels import add_counts, add_hierarchy, hierarchy
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import MaskingRules, default_rules
from perfml.disclosure.suppression import Masking, masking
from perfml.gj.criteria import CRITERIA, RATIOS
from perfml.gj.entries import MONTH_COLUMNS
from perfml.gj.followup import GJFollowUp

# Criterion parts that count youths or phases (masked in an external file); the collective
# duration's numerator is a number of days, the counsellors' denominator ETP.
COUNTED = [
    f"{key}_{part}"
    for key in RATIOS
    for part in ("num", "den")
    if (key, part) not in {("jeunes_par_conseiller", "den"), ("duree_collective", "num")}
]
ENTRY_COUNTS = [*MONTH_COLUMNS, "cumul", "cumul_mois_complets"]
# Criteria whose denominator is the entries of the year, i.e. the cumul on T.
OF_ENTRIES = [key for key, (_num, den, _scale) in RATIOS.items() if den == "entrees"]
# Figures computed from a count, masked with it.
DERIVED = {
    "realisation": ["cumul"],
    "projection": ["cumul_mois_complets"],
    "projection_cible": ["cumul_mois_complets"],
    "alerte": ["cumul_mois_complets"],
    **{f"{key}_val": [f"{key}_num", f"{key}_den"] for key in RATIOS},
}


def gj_cells(follow: GJFollowUp) -> PublishedCells:
    """Return every count the follow-up publishes and the relations between them."""
    entries, criteria = follow.entries, follow.criteria
    cells = PublishedCells()
    add_counts(cells, entries, ENTRY_COUNTS)
    add_counts(cells, criteria, COUNTED)
    children = hierarchy(follow.structures)
    add_hierarchy(cells, ENTRY_COUNTS, children)
    known = criteria.set_index(["niveau", "code"])
    for key in RATIOS:
        both = known[f"{key}_num"].notna() & known[f"{key}_den"].notna()
        summed = {
            parent: [k for k in kids if both.get(k, False)] for parent, kids in children.items()
        }
        parts = [f"{key}_{part}" for part in ("num", "den")]
        add_hierarchy(cells, [c for c in parts if c in COUNTED], summed)
    months = follow.complete_months
    percent = [c.key for c in CRITERIA if c.unit == "%"]
    for niveau, code in zip(entries["niveau"], entries["code"], strict=True):
        entity = (niveau, code)
        cells.add_sum(("cumul", *entity), [(m, *entity) for m in MONTH_COLUMNS], f"cumul {code}")
        cells.add_sum(
            ("cumul_mois_complets", *entity),
            [(m, *entity) for m in MONTH_COLUMNS[:months]],
            f"cumul des mois complets {code}",
        )
        for key in OF_ENTRIES:
            cells.add_sum(
                ("cumul", *entity),
                [(f"{key}_den", *entity)],
                f"{key}_den = cumul ({code})",
                only_if_true=True,
            )
        cells.add_sum(
            ("phase_collective_den", *entity),
            [("duree_collective_den", *entity)],
            f"même cohorte ({code})",
            only_if_true=True,
        )
        for key in percent:
            cells.add_at_most([(f"{key}_num", *entity)], (f"{key}_den", *entity), f"{key} ({code})")
    return cells


def gj_masks(follow: GJFollowUp, rules: MaskingRules | None = None) -> Masking:
    """Decide the masks of every count the follow-up publishes, every level."""
    return masking(gj_cells(follow), rules or default_rules())
