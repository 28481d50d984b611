"""What a generation produced: yearly totals and rows per table, rendered in French."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perfml.french import french_integer, french_number

# Yearly totals, their French wording and, for the national scale, the published
# order of magnitude of the real network they are compared with.
TOTALS = {
    "premiers_accueils": "premiers accueils",
    "entrees_pacea": "entrées en PACEA",
    "entrees_gj": "entrées en Garantie jeunes",
    "jeunes_accompagnes": "jeunes accompagnés",
    "sorties_pacea": "sorties de PACEA",
    "propositions": "propositions",
    "situations": "situations débutées",
    "offres": "offres collectées",
    "mises_en_relation": "mises en relation",
    "etp": "ETP",
    "ressources_eur": "ressources (millions d'euros)",
}
NATIONAL_REFERENCES = {
    "premiers_accueils": 420_000,
    "entrees_pacea": 400_000,
    "entrees_gj": 100_000,
    "jeunes_accompagnes": 1_100_000,
    "etp": 13_500,
    "ressources_eur": 900_000_000,
}
TOLERANCE = 0.15  # the national figures must come within ±15 % of the references


def _shown(name: str, value: float) -> str:
    """Format a total as shown to users: ETP to a tenth, resources in millions of euros."""
    if name == "ressources_eur":
        return french_number(value / 1e6, 1)
    return french_number(value, 1 if name == "etp" else 0)


@dataclass(frozen=True)
class SynthSummary:
    """The outcome of `perfml.synth.generate`: yearly totals and rows per table."""

    scale: str
    seed: int
    start_year: int
    end_year: int
    out_dir: Path
    fmt: str
    n_ml: int
    n_regions: int
    extraction_date: dt.date
    # totals[name][year]; the years are the reported ones (not the warm-up).
    totals: dict[str, dict[int, float]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start_year, self.end_year + 1))

    def to_frame(self) -> pd.DataFrame:
        """Return the yearly totals, one row per total (French wording), one column per year."""
        frame = pd.DataFrame(
            {year: [self.totals[name][year] for name in TOTALS] for year in self.years},
            index=pd.Index(list(TOTALS.values()), name="total"),
        )
        return frame

    def deviations(self) -> dict[str, float]:
        """Return, for the national scale, each total's largest relative gap to its reference."""
        if self.scale != "national":
            return {}
        return {
            name: max(abs(self.totals[name][y] / reference - 1) for y in self.years)
            for name, reference in NATIONAL_REFERENCES.items()
        }

    def header(self) -> str:
        """Return one French sentence saying what was generated."""
        years = (
            f"année {self.start_year}"
            if self.start_year == self.end_year
            else f"années {self.start_year} à {self.end_year}"
        )
        return (
            f"Extrait synthétique « {self.scale} » (graine {self.seed}) : "
            f"{self.n_ml} missions locales dans {self.n_regions} régions, {years}, "
            f"date d'extraction {self.extraction_date.strftime('%d/%m/%Y')}."
        )

    def cells(self) -> tuple[list[str], list[list[str]]]:
        """Return the column titles and the formatted rows of the yearly totals.

        For the national scale, two more columns: the reference and the largest gap.
        """
        titles = ["Total annuel", *map(str, self.years)]
        gaps = self.deviations()
        if gaps:
            titles += ["Référence", "Écart max."]
        rows = []
        for name, label in TOTALS.items():
            row = [label, *(_shown(name, self.totals[name][y]) for y in self.years)]
            if gaps:
                reference = NATIONAL_REFERENCES.get(name)
                row.append(_shown(name, reference) if reference else "")
                row.append(f"{french_number(100 * gaps[name], 1)} %" if name in gaps else "")
            rows.append(row)
        return titles, rows

    def render(self) -> str:
        """Return the summary as French text (Markdown tables of totals and rows)."""
        titles, rows = self.cells()
        lines = [self.header(), ""]
        lines.append("| " + " | ".join(titles) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(titles) - 1)) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines += ["", "| Table | Lignes |", "|---|---:|"]
        lines += [f"| {name} | {french_integer(count)} |" for name, count in self.rows.items()]
        if self.seconds:
            lines += ["", f"Durée de génération : {french_number(self.seconds, 1)} s."]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()
