"""The funnel plots of the steering pages: the reports' own drawing, made safe to inline.

`perfml.reports.funnels.funnel_svg` draws the national funnel of a rate (figures of
`perfml.funnel`); here it is inlined (`perfml.web.figures.inline`) and kept on the
snapshot per highlighted set of MLs.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfml.french import french_number
from perfml.funnel import FUNNEL_INDICATORS
from perfml.indicators.catalogue import indicator
from perfml.reports.funnels import funnel_svg
from perfml.reports.labels import format_value
from perfml.web.figures.inline import DRAWING_LOCK, inline_svg
from perfml.web.figures.snapshot import Snapshot


@dataclass
class FunnelFigure:
    """One rate's funnel: the drawing and the figures that say it in words."""

    number: int
    title: str
    svg: str
    target: str  # the national pooled rate
    units: str  # how many MLs are drawn
    overdispersion: str


def funnel_figures(snapshot: Snapshot, highlighted: list[str]) -> list[FunnelFigure]:
    """Return the funnel of each rate with `highlighted` in red (kept on the snapshot)."""
    key = ("funnels", tuple(sorted(highlighted)))
    return snapshot.kept(key, lambda: _funnel_figures(snapshot, highlighted))


def _funnel_figures(snapshot: Snapshot, highlighted: list[str]) -> list[FunnelFigure]:
    funnels = snapshot.campaign.funnels()  # computed once per campaign
    figures = []
    for number in FUNNEL_INDICATORS:
        funnel = funnels.get(number)
        if funnel is None:
            continue
        with DRAWING_LOCK:
            drawing = funnel_svg(snapshot.campaign, number, highlighted)
        label = (
            f"Entonnoir national de l'indicateur {number} : taux de chaque mission locale "
            "selon son dénominateur, taux national et limites à 95 % et 99,8 %."
        )
        svg = inline_svg(drawing, f"f{number}-", label)
        figures.append(
            FunnelFigure(
                number=number,
                title=f"{number}. {indicator(number).short_label}",
                svg=svg,
                target=format_value(funnel.target_percent, "%"),
                units=french_number(len(funnel.units), 0),
                overdispersion=(
                    f"τ² = {french_number(funnel.tau2, 5)} (φ = {french_number(funnel.phi, 2)})"
                    if funnel.tau2 > 0
                    else "aucune"
                ),
            )
        )
    return figures
