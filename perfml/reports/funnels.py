"""The national funnel plots of the rates (indicators 1–8): one PDF page each, or one SVG.

Each page draws every ML's rate against its denominator, the national pooled rate and
the 95 % and 99.8 % limits with Spiegelhalter's overdispersion adjustment
(`perfml.funnel`). Some MLs can be highlighted (a region's, or one ML): red points
with their codes. Meaning is carried by line styles (dashed 95 %, solid 99.8 %), so
the page reads in black and white.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from perfml.french import french_count, french_number, plural
from perfml.funnel import Z95, Z998, Funnel
from perfml.reports.boxplot import RC_PARAMS, VALUE_COLOR
from perfml.reports.campaign import Campaign
from perfml.reports.fonts import font_families
from perfml.reports.labels import format_value, region_label

PAGE = (11.69, 8.27)  # A4 landscape, inches
MAX_LABELS = 30  # highlighted MLs named on the plot (a whole region can be more)


def funnel_path(out_dir: Path, year: int, code_region: str | None = None) -> Path:
    """Return where the funnel plots of `year` are written (national or for one region)."""
    suffix = f"_region_{code_region}" if code_region else ""
    return out_dir / f"entonnoirs_{year}{suffix}.pdf"


def draw_funnel(
    figure: Figure,
    funnel: Funnel,
    title: str,
    denominator_label: str,
    highlight: Iterable[str] = (),
    rect: tuple[float, float, float, float] = (0.08, 0.12, 0.88, 0.72),
    font_size: float = 8.0,
) -> None:
    """Draw one funnel plot on `figure` (every ML grey, `highlight` in red)."""
    units = funnel.units
    highlighted = units["code_ml"].astype(str).isin({str(c) for c in highlight})
    ax = figure.add_axes(rect)
    denominators = units["denominateur"].to_numpy(dtype=float)
    top = float(denominators.max()) * 1.05
    grid = np.linspace(max(top / 2000, 0.5), top, 400)
    for z, style, label in ((Z95, "--", "limites à 95 %"), (Z998, "-", "limites à 99,8 %")):
        low, high = funnel.limits(grid, z)
        ax.plot(grid, low, style, color="0.25", linewidth=0.8, label=label)
        ax.plot(grid, high, style, color="0.25", linewidth=0.8)
    ax.axhline(
        funnel.target_percent,
        color="black",
        linewidth=1.0,
        label=f"taux national {format_value(funnel.target_percent, '%')}",
    )
    others = units[~highlighted]
    ax.scatter(
        others["denominateur"], others["valeur"], s=9, color="0.55", edgecolor="none", zorder=3
    )
    chosen = units[highlighted]
    if len(chosen):
        ax.scatter(
            chosen["denominateur"],
            chosen["valeur"],
            s=22,
            color=VALUE_COLOR,
            edgecolor="black",
            linewidth=0.4,
            zorder=4,
            label=plural(
                len(chosen), "mission locale mise en évidence", "missions locales mises en évidence"
            ),
        )
        for row in chosen.head(MAX_LABELS).itertuples(index=False):
            ax.annotate(
                str(row.code_ml),
                (row.denominateur, row.valeur),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=font_size - 1.5,
                color=VALUE_COLOR,
            )
    ax.set_xlim(0, top)
    ax.set_ylim(0, 100)
    ax.set_xlabel(denominator_label, fontsize=font_size)
    ax.set_ylabel("Taux de la mission locale (%)", fontsize=font_size)
    ax.tick_params(labelsize=font_size - 1)
    ax.xaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda x, _pos: french_number(x, 0))
    )
    ax.grid(color="0.9", linewidth=0.4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(fontsize=font_size - 1, loc="upper right", frameon=False)
    figure.text(rect[0], 0.95, title, fontsize=font_size + 3, weight="bold", va="top")
    overdispersion = (
        f"surdispersion : φ = {french_number(funnel.phi, 2)}, τ² = {french_number(funnel.tau2, 5)}"
        if funnel.tau2 > 0
        else f"pas de surdispersion (φ = {french_number(funnel.phi, 2)}) : limites binomiales"
    )
    figure.text(
        rect[0],
        0.895,
        f"{french_count(len(units))} missions locales · {overdispersion}",
        fontsize=font_size,
        va="top",
        color="0.2",
    )


def write_funnel_pdf(
    campaign: Campaign, path: Path, highlight: Iterable[str] = (), subtitle: str = ""
) -> Path:
    """Write the funnel plot of each rate, one A4 landscape page each, into `path`."""
    from matplotlib.backends.backend_pdf import PdfPages

    highlight = list(highlight)
    funnels = campaign.funnels()
    catalogue = {i.number: i for i in campaign.catalogue}
    path.parent.mkdir(parents=True, exist_ok=True)
    rc = {**RC_PARAMS, "font.family": font_families()}
    with matplotlib.rc_context(rc), PdfPages(path, metadata=_metadata(campaign)) as pdf:
        for number in sorted(funnels):
            spec = catalogue[number]
            figure = Figure(figsize=PAGE)
            title = f"{number}. {spec.short_label} — {campaign.year}"
            draw_funnel(figure, funnels[number], title, spec.denominator, highlight)
            figure.text(
                0.08,
                0.03,
                _note(campaign.year, subtitle),
                fontsize=6.5,
                color="0.3",
                va="bottom",
                wrap=True,
            )
            pdf.savefig(figure)
    return path


def funnel_svg(campaign: Campaign, number: int, highlight: Iterable[str] = ()) -> bytes | None:
    """Return one rate's funnel plot as SVG bytes (None when the rate has no value)."""
    funnel = campaign.funnels().get(number)
    if funnel is None:
        return None
    spec = next(i for i in campaign.catalogue if i.number == number)
    with matplotlib.rc_context(RC_PARAMS):
        figure = Figure(figsize=(6.4, 4.2))
        draw_funnel(
            figure,
            funnel,
            f"{number}. {spec.short_label}",
            spec.denominator,
            highlight,
            rect=(0.11, 0.13, 0.86, 0.68),
            font_size=7.5,
        )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def region_subtitle(code_region: str) -> str:
    """Say which MLs are highlighted for a region."""
    return f"En rouge : les missions locales de la région {region_label(code_region)}."


def _note(year: int, subtitle: str) -> str:
    text = (
        f"Entonnoir national {year} (Spiegelhalter, 2005) : chaque point est une mission locale "
        "(taux selon le dénominateur). Trait plein horizontal : taux national (somme des "
        "numérateurs / somme des dénominateurs). Limites à 95 % (tirets) et 99,8 % (traits "
        "pleins) sur l'échelle arc sinus-racine, élargies de la surdispersion entre missions "
        "locales (ajustement additif de Spiegelhalter, z-scores winsorisés à 10 %, comme "
        "FunnelPlotR). Un point hors des limites à 95 % s'écarte du taux national plus que le "
        "hasard ne l'explique."
    )
    return f"{subtitle} {text}".strip() if subtitle else text


def _metadata(campaign: Campaign) -> dict:
    return {
        "Title": f"Entonnoirs nationaux des taux {campaign.year}",
        "Author": "perfml",
        "Subject": "Graphiques en entonnoir des indicateurs 1 à 8",
        "CreationDate": None,
    }
