"""One indicator's four horizontal box plots (nation, region, group, neighbours), red line.

The instruction's "boîte à moustaches" (Annexe 2, § 3.1): for each population the
whiskers run from the minimum to the maximum, the box from Q1 to Q3, a thick black
stroke marks the median; a red line places the ML. Rates are drawn on a 0–100 scale.
Meaning is carried by grey levels and hatching (readable in black and white); the red
line is the only colour.

`BoxPlotDrawing` creates its artists once and moves them on `update`: the PDF reports
reuse one page template for hundreds of MLs. `boxplot_svg` draws one indicator for the
web application.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter

from perfml.distributions import HIGHER, Box
from perfml.french import french_number
from perfml.reports.labels import UNIT_FORMATS

# Fonts embedded as TrueType subsets (PDF), one family everywhere, thin hatching.
RC_PARAMS = {
    "font.family": "DejaVu Sans",
    "pdf.fonttype": 42,
    # matplotlib 3.11's PDF backend sizes its font subsets from `ps.fonttype`: with the
    # default (3) every character past U+00FF goes into a second copy of each font.
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "hatch.linewidth": 0.4,
    "axes.linewidth": 0.5,
    "xtick.major.width": 0.5,
    "ytick.major.width": 0.0,
    "xtick.major.size": 2.0,
    "ytick.major.size": 0.0,
    "pdf.compression": 6,
}

VALUE_COLOR = "#d40000"
# Top to bottom: nation (lightest), region, group (darkest, the main reference), and the
# ML's 15 nearest neighbours (white, cross-hatched).
BOX_STYLES: tuple[dict, ...] = (
    {"facecolor": "0.94", "hatch": ""},
    {"facecolor": "0.84", "hatch": "-----"},
    {"facecolor": "0.66", "hatch": "////"},
    {"facecolor": "1.0", "hatch": "xxx"},
)
BOX_HEIGHT = 0.56
RATE_LIMITS = (0.0, 100.0)


def nice_ceiling(value: float) -> float:
    """Return the smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 × 10^k that is ≥ value."""
    if value <= 0 or math.isnan(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10 * power


def axis_limits(unit: str, national: Box | None, value: float | None = None) -> tuple[float, float]:
    """Return the x range of an indicator: 0–100 for a rate, else 0 to a round ceiling.

    The ceiling covers the national maximum (so every ML's page shares the scale) and the
    ML's value.
    """
    if unit == "%":
        return RATE_LIMITS
    highest = max(
        national.maximum if national is not None else 0.0,
        value if value is not None and not math.isnan(value) else 0.0,
    )
    return (0.0, nice_ceiling(highest * 1.04))


def axis_ticks(low: float, high: float) -> list[float]:
    """Return 5 or 6 round ticks from `low` to `high` (0–100: every 20)."""
    span = high - low
    for count in (5, 4, 6, 8, 3, 10):
        step = span / count
        if _is_round(step):
            return [low + i * step for i in range(count + 1)]
    return [low, high]


def _is_round(step: float) -> bool:
    power = 10 ** math.floor(math.log10(step))
    return any(math.isclose(step, m * power) for m in (1, 2, 2.5, 5))


class BoxPlotDrawing:
    """Four horizontal boxes and the ML's red line on one Axes; `update` moves them.

    Few artists on purpose (one line for all whiskers and caps, one for the medians):
    drawing time grows with their number. With `show_labels` false the population
    labels are left to the caller (the PDF page writes them as one text).
    """

    def __init__(
        self,
        ax: Axes,
        font_size: float = 6.5,
        mark_higher: bool = True,
        sparse_ticks: bool = False,
        show_labels: bool = True,
    ):
        self.ax = ax
        self.font_size = font_size
        self.show_labels = show_labels
        count = len(BOX_STYLES)
        ax.set_ylim(count - 0.45, -0.55)
        if show_labels:
            ax.set_yticks(range(count))
            ax.set_yticklabels([""] * count, fontsize=font_size)
        else:
            ax.set_yticks([])
        ax.tick_params(axis="x", labelsize=font_size - 0.5, pad=1.5)
        ax.tick_params(axis="y", pad=2)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="x", color="0.85", linewidth=0.4)
        ax.set_axisbelow(True)
        self.boxes: list[Rectangle] = []
        for y, style in enumerate(BOX_STYLES):
            box = Rectangle(
                (0, y - BOX_HEIGHT / 2),
                0,
                BOX_HEIGHT,
                facecolor=style["facecolor"],
                hatch=style["hatch"],
                edgecolor="black",
                linewidth=0.6,
                zorder=2,
            )
            box.set_hatchcolor("0.25")
            ax.add_patch(box)
            self.boxes.append(box)
        # Whiskers and caps of the boxes: one polyline broken by NaNs.
        self.whiskers = Line2D([], [], color="black", linewidth=0.6, zorder=1)
        self.medians = Line2D([], [], color="black", linewidth=2.0, solid_capstyle="butt", zorder=3)
        ax.add_line(self.whiskers)
        ax.add_line(self.medians)
        # An empty text costs nothing to draw: one per box, filled only when it is missing.
        self.empty_texts = [
            ax.text(
                0.5,
                y,
                "",
                transform=ax.get_yaxis_transform(),
                ha="center",
                va="center",
                fontsize=font_size - 0.5,
                style="italic",
                color="0.3",
            )
            for y in range(count)
        ]
        self.value_line = Line2D(
            [], [], color=VALUE_COLOR, linewidth=1.6, solid_capstyle="butt", zorder=4
        )
        ax.add_line(self.value_line)
        self.direction_text = ax.text(
            1.0,
            1.02,
            "",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=font_size - 1,
            style="italic",
            color="0.2",
        )
        self.mark_higher = mark_higher
        self.sparse_ticks = sparse_ticks

    def set_scale(self, limits: tuple[float, float], unit: str, direction: str) -> None:
        """Fix the x range, its ticks (French numbers) and the "better" arrow."""
        low, high = limits
        self.ax.set_xlim(low, high)
        if self.sparse_ticks:
            # Labels at both ends and the middle, grid lines at the quarters: every label
            # is a text to draw, and the page has 10 scales.
            ticks = [low, (low + high) / 2, high]
            quarters = [low + (high - low) / 4, low + 3 * (high - low) / 4]
            self.ax.xaxis.set_minor_locator(FixedLocator(quarters))
            self.ax.grid(axis="x", which="minor", color="0.85", linewidth=0.4)
        else:
            ticks = axis_ticks(low, high)
        self.ax.xaxis.set_major_locator(FixedLocator(ticks))
        decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
        self.ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: french_number(x, decimals)))
        if direction == HIGHER:
            self.direction_text.set_text("meilleur →" if self.mark_higher else "")
            self.direction_text.set_position((1.0, 1.02))
            self.direction_text.set_horizontalalignment("right")
        else:
            self.direction_text.set_text("← meilleur (plus bas)")
            self.direction_text.set_position((0.0, 1.02))
            self.direction_text.set_horizontalalignment("left")

    def update(
        self, boxes: Sequence[Box | None], labels: Sequence[str], value: float | None
    ) -> None:
        """Draw `boxes` (nation, region, group, neighbours; None: none) and the ML's value.

        Fewer boxes than `BOX_STYLES` leave the last ones empty.
        """
        if self.show_labels:
            padded = list(labels) + [""] * (len(BOX_STYLES) - len(labels))
            self.ax.set_yticklabels(padded, fontsize=self.font_size)
        nan = float("nan")
        half = BOX_HEIGHT / 2
        cap = half * 0.6
        whisker_x: list[float] = []
        whisker_y: list[float] = []
        median_x: list[float] = []
        median_y: list[float] = []
        boxes = list(boxes) + [None] * (len(BOX_STYLES) - len(boxes))
        for y, box in enumerate(boxes):
            self.boxes[y].set_visible(box is not None)
            self.empty_texts[y].set_text("aucune valeur" if box is None else "")
            if box is None:
                continue
            self.boxes[y].set_x(box.q1)
            self.boxes[y].set_width(box.q3 - box.q1)
            low, high = box.minimum, box.maximum
            whisker_x += [low, box.q1, nan, box.q3, high, nan, low, low, nan, high, high, nan]
            whisker_y += [y, y, nan, y, y, nan, y - cap, y + cap, nan, y - cap, y + cap, nan]
            median_x += [box.median, box.median, nan]
            median_y += [y - half, y + half, nan]
        self.whiskers.set_data(whisker_x, whisker_y)
        self.medians.set_data(median_x, median_y)
        has_value = value is not None and not math.isnan(value)
        self.value_line.set_visible(has_value)
        if has_value:
            self.value_line.set_data([value, value], [-0.5, len(BOX_STYLES) - 0.5])


def boxplot_svg(
    boxes: Sequence[Box | None],
    labels: Sequence[str],
    value: float | None,
    unit: str,
    direction: str,
    limits: tuple[float, float] | None = None,
    size: tuple[float, float] = (5.2, 1.6),
    title: str | None = None,
) -> bytes:
    """Return one indicator's box plots as SVG bytes (text kept as text, for the web).

    `boxes` and `labels` go top to bottom (nation, region, group, neighbours); `limits`
    default to `axis_limits(unit, boxes[0], value)`.
    """
    if limits is None:
        limits = axis_limits(unit, boxes[0] if boxes else None, value)
    with matplotlib.rc_context(RC_PARAMS):
        figure = Figure(figsize=size)
        left = 0.17 if max((len(label) for label in labels), default=0) > 8 else 0.13
        ax = figure.add_axes((left, 0.22, 0.97 - left, 0.62 if title else 0.68))
        drawing = BoxPlotDrawing(ax, font_size=8)
        drawing.set_scale(limits, unit, direction)
        drawing.update(boxes, labels, value)
        if title:
            figure.text(0.01, 0.97, title, ha="left", va="top", fontsize=9, weight="bold")
        unit_form = UNIT_FORMATS.get(unit)
        if unit_form is not None:
            ax.set_xlabel(unit_form.short, fontsize=7, labelpad=1)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()
