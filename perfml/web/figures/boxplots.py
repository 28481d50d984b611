"""The box plots of an ML's page: the reports' own SVG drawing, made safe to inline.

`perfml.reports.boxplot.boxplot_svg` draws the picture of the PDF; here it is inlined
(`perfml.web.figures.inline`) as an image whose text alternative is the table beside
it. The ML page keeps the drawings within its rendered indicators
(`perfml.web.steering.fragments`).
"""

from __future__ import annotations

from perfml.indicators.catalogue import indicator
from perfml.reports.boxplot import boxplot_svg
from perfml.reports.labels import POPULATION_LABELS
from perfml.web.figures.inline import DRAWING_LOCK, inline_svg
from perfml.web.figures.snapshot import POPULATIONS, Snapshot


def population_labels(snapshot: Snapshot, code_ml: str) -> list[str]:
    """The labels of the four boxes, top to bottom (nation, region, group, neighbours)."""
    ml = snapshot.ml(code_ml)
    group = POPULATION_LABELS["GROUPE"]
    return [
        POPULATION_LABELS["NATIONAL"],
        POPULATION_LABELS["REGION"],
        f"{group} {ml.groupe}" if ml.groupe is not None else group,
        POPULATION_LABELS["VOISINS"],
    ]


def draw(snapshot: Snapshot, code_ml: str, number: int) -> str:
    """Return the inline SVG markup of one indicator's box plots for one ML."""
    spec = indicator(number)
    boxes = snapshot.boxes_of(code_ml, number)
    position = snapshot.position(code_ml, number)
    value = position.valeur if position is not None else None
    # The PDF's scales: one per indicator, shared by every ML.
    limits = snapshot.kept("limits", snapshot.campaign.limits)
    with DRAWING_LOCK:
        svg = boxplot_svg(
            [boxes[p] for p in POPULATIONS],
            population_labels(snapshot, code_ml),
            value,
            spec.unit,
            spec.direction,
            limits=limits[number],
        )
    # The figures are in the table beside the drawing: the drawing is one labelled image.
    label = (
        f"Boîtes à moustaches de l'indicateur {number} : distributions nationale, régionale, "
        "du groupe et des 15 voisins, et valeur de la mission locale (trait rouge) ; valeurs "
        "dans le tableau."
    )
    return inline_svg(svg, f"b{code_ml}-{number}-", label)


def drawings_of(snapshot: Snapshot, code_ml: str) -> dict[int, str]:
    """Return the ML's ten drawings, by indicator number."""
    from perfml.indicators.catalogue import NUMBERS

    return {number: draw(snapshot, code_ml, number) for number in NUMBERS}
