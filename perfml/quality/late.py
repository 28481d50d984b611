"""Late entries: events recorded more than two months after they happened.

The "chartes de saisie" give the MLs two months of late entry (Annexe 2, § 3.2): a row
is **late** when its `date_saisie` is strictly after its event date + 2 months (calendar
months, clamped to the month's end). A dispositif's exit is late when
`date_saisie_sortie` is after `date_sortie` + 2 months. A null `date_saisie` means the
event date (never late). The rows looked at are those whose event date falls in the
year; each is counted for its table's `code_ml` (a situation for its youth's ML).
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pandas as pd

from perfml.activity import has_table
from perfml.indicators.periods import LATE_ENTRY_MONTHS


@dataclass(frozen=True)
class LateSource:
    """A kind of event whose recording date is checked."""

    key: str
    label: str
    table: str
    event: str
    entry: str


LATE_SOURCES: tuple[LateSource, ...] = (
    LateSource("jeunes", "Premiers accueils", "jeunes", "date_premier_accueil", "date_saisie"),
    LateSource("entrees", "Entrées en dispositif", "dispositifs", "date_entree", "date_saisie"),
    LateSource(
        "sorties", "Sorties de dispositif", "dispositifs", "date_sortie", "date_saisie_sortie"
    ),
    LateSource("situations", "Situations", "situations", "date_debut", "date_saisie"),
    LateSource("propositions", "Propositions", "propositions", "date_proposition", "date_saisie"),
    LateSource("offres", "Offres", "offres", "date_collecte", "date_saisie"),
    LateSource("mer", "Mises en relation", "mises_en_relation", "date_prescription", "date_saisie"),
)


def _late_counts(con: ibis.BaseBackend, source: LateSource, year: int) -> pd.DataFrame:
    rows = con.table(source.table)
    if source.table == "situations":
        youths = con.table("jeunes").select("id_jeune", "code_ml")
        rows = rows.join(youths, "id_jeune")
    event = rows[source.event]
    rows = rows.filter(event.notnull() & (event.year() == year))
    event = rows[source.event]
    entered = rows[source.entry].fill_null(event) if source.entry in rows.columns else event
    late = entered > event + ibis.interval(months=LATE_ENTRY_MONTHS)
    counts = rows.group_by("code_ml").aggregate(
        lignes=rows.count(), tardives=ibis.ifelse(late, 1, 0).sum()
    )
    return counts.execute().set_index("code_ml")


def late_entries(con: ibis.BaseBackend, year: int) -> pd.DataFrame:
    """Return, per ML (index code_ml, every ML), `lignes_<key>` and `tardives_<key>` per source."""
    codes = sorted(con.table("structures").select("code_ml").execute()["code_ml"])
    frame = pd.DataFrame(index=pd.Index(codes, name="code_ml"))
    for source in LATE_SOURCES:
        if not has_table(con, source.table):
            continue
        counts = _late_counts(con, source, year).add_suffix(f"_{source.key}")
        frame = frame.join(counts)
    return frame.fillna(0).astype("int64")


def late_share_by_ml(con: ibis.BaseBackend, year: int) -> pd.Series:
    """Return each ML's share of late rows among its rows of the year, in % (index code_ml;
    every kind of event together; NaN for an ML with no row)."""
    frame = late_entries(con, year)
    lines = frame[[c for c in frame.columns if c.startswith("lignes_")]].sum(axis=1)
    late = frame[[c for c in frame.columns if c.startswith("tardives_")]].sum(axis=1)
    return (late / lines.where(lines > 0) * 100).rename("part_tardives")
