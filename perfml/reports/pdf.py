"""One A4 PDF per mission locale: the 10 indicators as "boîtes à moustaches".

The page of Annexe 2, § 3.1: for each indicator, four horizontal boxes (nation, region,
homogeneous group and the ML's 15 nearest neighbours) with the ML's value as a red
line, the value with its numerator and denominator, its 95 % interval and (rates) its
place in the national funnel, the ML's quartile in each population, the medians and
the three target proposals for the next year, marked "≈" when they lie inside the
ML's own interval, and the populations they come from (group or neighbours, region or
nation); a header (ML, region, group and what characterises it, year, as-of date) and a
method note. Figures taken before the consolidation date are marked « chiffres
provisoires », with the ML's typical revision under each value (last year replayed from
the same stage, `perfml.indicators.revisions.typical_revisions`).

Speed: a `PageTemplate` lays out the page once (10 axes, every text) and only moves
artists and changes texts for each ML; pages are written by a pool of 2 processes.
Fonts are embedded (TrueType subsets of DejaVu Sans), graphics stay vector.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import textwrap
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from perfml.french import french_count, french_date, french_number, plural
from perfml.indicators.catalogue import Indicator
from perfml.indicators.periods import add_months
from perfml.indicators.revisions import describe_typical_revision
from perfml.reports.boxplot import BOX_STYLES, RC_PARAMS, VALUE_COLOR, BoxPlotDrawing
from perfml.reports.campaign import Campaign, IndicatorLine, MlReport
from perfml.reports.fonts import font_families
from perfml.reports.labels import (
    FUNNEL_POSITION_LABELS,
    POPULATION_LABELS,
    format_value,
    region_label,
)

PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69  # A4, inches
MARGIN = 0.45
WORKERS = 2

# Vertical layout (inches from the top of the page).
TITLE_TOP = 0.42
IDENTITY_TOP = 0.72
GROUP_TOP = 0.92
TRAITS_TOP = 1.08
DATES_TOP = 1.38
COLUMNS_TOP = 1.72
ROWS_TOP = 2.06
ROW_HEIGHT = 0.80
AXES_TOP_IN_ROW = 0.13
AXES_HEIGHT = 0.57
NOTE_TOP = ROWS_TOP + 10 * ROW_HEIGHT + 0.08
FOOTER_BOTTOM = PAGE_HEIGHT - 0.3

# Horizontal layout (inches from the left).
TEXT_LEFT = MARGIN
TEXT_WIDTH_CHARS = 38
AXES_LEFT, AXES_RIGHT = 3.05, 5.45
MEDIAN_RIGHT = 6.02
QUARTILE_CENTRE = 6.33
PROPOSAL_LEFT, PROPOSAL_RIGHT = 6.62, PAGE_WIDTH - MARGIN

GROUP_LINE_CHARS = 112  # what fits on one line of the header at 7.5 pt bold
# The fraction and interval lines under each value: their size, and what fits at that size
# between the text column's left edge and the box labels (« Groupe 12 » included). A longer
# line (large counts, « au-dessous de l'entonnoir ») is drawn smaller, never over the labels.
FRACTION_SIZE = 6.0
FRACTION_LINE_CHARS = 44
ORDINALS = {1: "1er", 2: "2e", 3: "3e", 4: "4e"}
PROPOSAL_LABELS = ("légitime", "raisonnable", "atteignable")


@dataclass(frozen=True)
class PageSetting:
    """What every page of a run shares: years, dates, the catalogue and the scales."""

    year: int
    as_of: dt.date | None
    is_official: bool
    extract_date: dt.date | None
    catalogue: tuple[Indicator, ...]
    limits: dict[int, tuple[float, float]]
    generated: dt.date
    is_provisional: bool = False  # before the consolidation date: the values may move
    is_year_over: bool = True  # False: the year itself is not over at the as-of date

    @classmethod
    def of(cls, campaign: Campaign, generated: dt.date | None = None) -> PageSetting:
        """Return the setting of a campaign's pages."""
        return cls(
            campaign.year,
            campaign.as_of,
            campaign.is_official,
            campaign.extract_date,
            tuple(sorted(campaign.catalogue, key=lambda i: i.number)),
            campaign.limits(),
            generated or dt.date.today(),
            campaign.is_provisional,
            campaign.provisional_note is None,
        )


def _inches(x: float, top: float) -> tuple[float, float]:
    """Figure coordinates of a point `x` inches from the left, `top` from the top."""
    return x / PAGE_WIDTH, 1 - top / PAGE_HEIGHT


class PageTemplate:
    """An A4 page laid out once; `render` fills it for one ML and writes the PDF.

    The page is drawn in two layers. What every ML's page shares (headings, indicator
    names, scales, grid, method note) is drawn once into a PDF page; each ML's own
    figures are drawn alone and that shared page is laid under them (a PDF form).
    Why: matplotlib's PDF backend spends about 1 ms per line of text, and half of the
    page's 280 lines are the same on every page.
    """

    def __init__(self, setting: PageSetting):
        self.setting = setting
        self.rc_params = {**RC_PARAMS, "font.family": font_families()}
        with matplotlib.rc_context(self.rc_params):
            self.figure = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
            self._build_header()
            self._build_column_heads()
            self.rows = [
                _IndicatorRow(self.figure, index, indicator, setting)
                for index, indicator in enumerate(setting.catalogue)
            ]
            self._build_note()
        self._shared_page = None

    def _own_artists(self) -> list:
        """The artists that change from one ML to the next."""
        own = [self.title, self.identity, self.group_line, self.traits, self.footer]
        for row in self.rows:
            own += row.own_artists()
        return own

    def _shared_artists(self) -> list:
        """The artists every page shares (drawn once into the shared layer)."""
        own = {id(a) for a in self._own_artists()}
        # The page's white background too: drawn above the shared layer, it would hide it.
        shared = [self.figure.patch, *(t for t in self.figure.texts if id(t) not in own)]
        shared += list(self.figure.artists)
        for ax in self.figure.axes:
            shared += [ax.patch, ax.xaxis, ax.yaxis, *ax.spines.values()]
            shared += [t for t in ax.texts if id(t) not in own]
        return shared

    def _draw_shared_layer(self):
        """Draw the shared layer once (own artists hidden); keep it as a PDF page."""
        import pikepdf

        own = self._own_artists()
        visible = [a.get_visible() for a in own]
        for artist in own:
            artist.set_visible(False)
        buffer = io.BytesIO()
        with matplotlib.rc_context(self.rc_params):
            self.figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
        for artist, was in zip(own, visible, strict=True):
            artist.set_visible(was)
        for artist in self._shared_artists():
            artist.set_visible(False)
        self._shared_pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
        return self._shared_pdf.pages[0]

    def _text(self, x: float, top: float, text: str = "", **style) -> Text:
        style.setdefault("va", "top")
        return self.figure.text(*_inches(x, top), text, **style)

    def _rule(self, top: float, width: float = 0.6, color: str = "0.2") -> None:
        x0, y = _inches(MARGIN, top)
        x1, _ = _inches(PAGE_WIDTH - MARGIN, top)
        self.figure.add_artist(Line2D([x0, x1], [y, y], color=color, linewidth=width))

    def _build_header(self) -> None:
        s = self.setting
        self.title = self._text(MARGIN, TITLE_TOP, fontsize=13.5, weight="bold")
        self._text(
            PAGE_WIDTH - MARGIN,
            TITLE_TOP + 0.02,
            f"Indicateurs {s.year} · cibles {s.year + 1}",
            fontsize=9,
            ha="right",
            weight="bold",
        )
        if s.is_provisional:
            self._text(
                PAGE_WIDTH - MARGIN,
                IDENTITY_TOP,
                "CHIFFRES PROVISOIRES",
                fontsize=8.5,
                ha="right",
                weight="bold",
                color=VALUE_COLOR,
            )
        self.identity = self._text(MARGIN, IDENTITY_TOP, fontsize=8.5)
        self.group_line = self._text(MARGIN, GROUP_TOP, fontsize=7.5, weight="bold")
        self.traits = self._text(MARGIN, TRAITS_TOP, fontsize=7, color="0.15", linespacing=1.3)
        self._text(MARGIN, DATES_TOP, self._dates_text(), fontsize=7, color="0.15", linespacing=1.3)
        self._rule(COLUMNS_TOP - 0.07)

    def _dates_text(self) -> str:
        s = self.setting
        extract = f" · extrait du {french_date(s.extract_date)}" if s.extract_date else ""
        if s.as_of is None:
            return f"Valeurs {s.year} calculées sur toutes les données de l'extrait{extract}"
        if s.is_official:
            return (
                f"Valeurs {s.year} arrêtées au {french_date(s.as_of)}, date de consolidation "
                f"officielle{extract}"
            )
        official = french_date(dt.date(s.year + 1, 3, 1))
        stage = french_date(add_months(s.as_of, -12))
        reached = (
            "l'année n'est pas terminée"
            if not s.is_year_over
            else f"la consolidation officielle du {official} n'est pas atteinte"
        )
        return (
            f"Valeurs {s.year} provisoires, arrêtées au {french_date(s.as_of)} (date de "
            f"l'extrait) : {reached}.\n"
            f"Révision typique : de combien les valeurs {s.year - 1} de la ML ont bougé entre le "
            f"{stage} et leur consolidation du {french_date(dt.date(s.year, 3, 1))}."
        )

    def _build_column_heads(self) -> None:
        style = {"fontsize": 6.5, "weight": "bold", "color": "0.1"}
        top = COLUMNS_TOP
        style["linespacing"] = 1.15
        year = self.setting.year
        heading = f"Indicateur et valeur {year} de la ML\n(numérateur / dénominateur)"
        self._text(TEXT_LEFT, top, heading, **style)
        self._text(
            (AXES_LEFT + AXES_RIGHT) / 2 - 0.2,
            top,
            "Valeurs des missions locales\nmin – Q1 – médiane – Q3 – max",
            ha="center",
            **style,
        )
        self._text(MEDIAN_RIGHT, top, "Médiane", ha="right", **style)
        self._text(QUARTILE_CENTRE, top, "Quartile\nde la ML", ha="center", **style)
        self._text(PROPOSAL_LEFT, top, f"Cibles proposées\npour {year + 1}", **style)
        self._rule(ROWS_TOP - 0.08, width=0.3, color="0.5")

    def _build_note(self) -> None:
        y = self.setting.year
        note = (
            "Lecture : valeurs des missions locales de France, de la région, du groupe "
            "homogène et des 15 voisins (les missions locales les plus proches par le contexte, "
            "dans l'espace de l'ACP des groupes) ; moustaches : minimum et maximum ; boîte : du "
            "1er au 3e quartile ; trait noir : médiane ; trait rouge : la mission locale. "
            "Quartiles par interpolation linéaire (QUARTILE.INC d'Excel). Quartile de la ML : 1er "
            "sous Q1, 2e de Q1 à la médiane, 3e de la médiane à Q3, 4e au-delà (ordre inversé "
            f"pour 3 et 10) ; le 4e est le meilleur. Cibles {y + 1} proposées, jamais en deçà de "
            f"la valeur {y} : légitime = médiane du groupe ; raisonnable = seuil du quartile "
            "supérieur dans le groupe ; atteignable = même seuil dans la région. Aucune "
            "proposition ne vient de moins de 5 missions locales : un groupe plus petit est "
            "remplacé par les voisins, une région plus petite par la France (indiqué sous les "
            "cibles : « 15 voisins », « att. France »). IC 95 % : intervalle de confiance de la "
            "valeur (Wilson pour les taux, Poisson exact de Garwood pour les sorties) ; « ≈ » : "
            "cible dans cet intervalle, à portée du hasard. Entonnoir : place du taux dans "
            "l'entonnoir national à 95 % (Spiegelhalter, avec surdispersion). La Direccte fixe "
            "la cible. Sources : i-milo, ICARE, INSEE ; instruction DGEFP du 16 mai 2019, "
            "annexe 2."
        )
        self._rule(NOTE_TOP - 0.05, width=0.3, color="0.5")
        self._text(
            MARGIN, NOTE_TOP, textwrap.fill(note, 158), fontsize=6.2, color="0.1", linespacing=1.25
        )
        self.footer = self._text(MARGIN, FOOTER_BOTTOM, "", fontsize=5.8, color="0.35", va="bottom")

    def fill(self, report: MlReport) -> None:
        """Put one ML's figures on the page."""
        name = report.nom
        self.title.set_text(name if len(name) <= 62 else name[:61] + "…")
        self.title.set_fontsize(13.5 if len(name) <= 48 else 11)
        region = region_label(report.code_region)
        self.identity.set_text(f"Code {report.code_ml} · région {region}")
        if report.groupe is None:
            self.group_line.set_text("Groupe homogène : non classée cette année")
            self.traits.set_text("")
        else:
            size = (
                f" ({plural(report.group_size, 'mission locale', 'missions locales')})"
                if report.group_size
                else ""
            )
            line = f"Groupe homogène {report.groupe}{size}"
            # The short label only when it fits the line: the sentences below say it too.
            if report.group_label and len(line) + len(report.group_label) <= GROUP_LINE_CHARS:
                line += f" : {report.group_label}"
            self.group_line.set_text(line)
            traits = " ; ".join(report.group_traits)
            text = f"Ce qui caractérise le groupe : {traits}." if traits else ""
            self.traits.set_text(textwrap.fill(text, 150, max_lines=2, placeholder=" […]"))
        for row, line in zip(self.rows, report.lines, strict=True):
            row.fill(report, line)
        self.footer.set_text(
            f"perfml · rapport {report.code_ml} · indicateurs {self.setting.year} · "
            f"généré le {french_date(self.setting.generated)}"
        )

    def render(self, report: MlReport, path: Path) -> Path:
        """Fill the page for `report` and write it as a PDF at `path`."""
        import pikepdf

        if self._shared_page is None:
            self._shared_page = self._draw_shared_layer()
        self.fill(report)
        buffer = io.BytesIO()
        with matplotlib.rc_context(self.rc_params):
            self.figure.savefig(
                buffer,
                format="pdf",
                metadata={
                    "Title": f"Indicateurs {self.setting.year} — {report.nom} ({report.code_ml})",
                    "Author": "perfml",
                    "Subject": "Boîtes à moustaches des 10 indicateurs clés nationaux",
                    "CreationDate": None,
                },
            )
        with pikepdf.open(io.BytesIO(buffer.getvalue())) as page:
            page.pages[0].add_underlay(self._shared_page)
            page.save(path, deterministic_id=True)
        return path


class _IndicatorRow:
    """The artists of one indicator's row, created once.

    The three lines level with the boxes (labels, medians, quartiles, proposals) are
    each one three-line text: drawing time grows with the number of texts.
    """

    def __init__(self, figure: Figure, index: int, indicator: Indicator, setting: PageSetting):
        self.indicator = indicator
        self.setting = setting
        top = ROWS_TOP + index * ROW_HEIGHT

        def text(x: float, dy: float, content: str = "", **style) -> Text:
            style.setdefault("va", "top")
            return figure.text(*_inches(x, top + dy), content, **style)

        title = textwrap.wrap(f"{indicator.number}. {indicator.short_label}", TEXT_WIDTH_CHARS)
        text(TEXT_LEFT, 0.0, "\n".join(title[:3]), fontsize=7, weight="bold", linespacing=1.15)
        after_title = 0.125 * min(len(title), 3) + 0.03
        # A short red stroke ties the value to the red line of the boxes.
        x0, y0 = _inches(TEXT_LEFT, top + after_title + 0.065)
        x1, _ = _inches(TEXT_LEFT + 0.16, 0)
        figure.add_artist(Line2D([x0, x1], [y0, y0], color=VALUE_COLOR, linewidth=1.6))
        self.value = text(TEXT_LEFT + 0.21, after_title, fontsize=7.5, weight="bold")
        # "numerator / denominator" and, below, the interval: one text (one draw).
        self.fraction = text(
            TEXT_LEFT, after_title + 0.15, fontsize=FRACTION_SIZE, color="0.25", linespacing=1.45
        )
        # Provisional figures: the mark and last year's typical revision, on the fraction's
        # line, against the boxes (below, the interval; a three-line title leaves no room).
        self.provisional = text(
            AXES_LEFT - 0.62, after_title + 0.15, fontsize=5.3, color=VALUE_COLOR, ha="right"
        )
        if indicator.direction == "lower":
            text(
                TEXT_LEFT + 1.05,
                after_title + 0.01,
                "▼ plus bas = mieux",
                fontsize=6.2,
                weight="bold",
                ha="left",
            )
        left, bottom = _inches(AXES_LEFT, top + AXES_TOP_IN_ROW + AXES_HEIGHT)
        ax = figure.add_axes(
            (left, bottom, (AXES_RIGHT - AXES_LEFT) / PAGE_WIDTH, AXES_HEIGHT / PAGE_HEIGHT)
        )
        self.drawing = BoxPlotDrawing(
            ax, font_size=6.3, show_labels=False, mark_higher=False, sparse_ticks=True
        )
        self.drawing.set_scale(
            setting.limits[indicator.number], indicator.unit, indicator.direction
        )
        # Box k's centre is (k + 0.55) / 3.1 of the axes height below its top (ylim).
        count = len(BOX_STYLES)
        step = AXES_HEIGHT / (count + 0.1)
        middle = AXES_TOP_IN_ROW + (count / 2 + 0.05) * step

        def column(x: float, size: float, **style) -> Text:
            # One line per box: the line height (1 em for DejaVu Sans) is the box step.
            spacing = step * 72 / size
            return text(x, middle, fontsize=size, va="center", linespacing=spacing, **style)

        self.labels = column(AXES_LEFT - 0.05, 6.3, ha="right")
        self.medians = column(MEDIAN_RIGHT, 6.3, ha="right")
        self.quartiles = column(QUARTILE_CENTRE, 6.5, ha="center", weight="bold")
        # The proposals' fourth line, level with the neighbours' box, says where they come
        # from when a population of fewer than 5 MLs was replaced: part of the proposals'
        # text, so that no text is added to the ML's layer (drawing time grows with it).
        column(PROPOSAL_LEFT, 6.3, ha="left").set_text("\n".join(PROPOSAL_LABELS) + "\n")
        self.proposals = column(PROPOSAL_RIGHT, 6.5, ha="right", weight="bold")

    def own_artists(self) -> list:
        """The row's artists that change from one ML to the next."""
        d = self.drawing
        return [
            self.value,
            self.fraction,
            self.provisional,
            self.labels,
            self.medians,
            self.quartiles,
            self.proposals,
            *d.boxes,
            d.whiskers,
            d.medians,
            d.value_line,
            *d.empty_texts,
        ]

    def fill(self, report: MlReport, line: IndicatorLine) -> None:
        unit = self.indicator.unit
        if line.valeur is None:
            self.value.set_text("pas de valeur")
            self.value.set_fontweight("normal")
        else:
            self.value.set_text(format_value(line.valeur, unit))
            self.value.set_fontweight("bold")
        fraction = f"{french_count(line.numerateur)} / {french_count(line.denominateur)}"
        interval = interval_text(line, unit)
        block = f"{fraction}\n{interval}" if interval else fraction
        self.fraction.set_text(block)
        longest = max(len(part) for part in block.splitlines())
        self.fraction.set_fontsize(FRACTION_SIZE * min(1.0, FRACTION_LINE_CHARS / longest))
        if self.setting.is_provisional:
            typical = describe_typical_revision(line.typical_revision, compact=True)
            self.provisional.set_text(f"provisoire · rév. typique {typical}")
        group = f"{POPULATION_LABELS['GROUPE']} {report.groupe}" if report.groupe else "Groupe"
        self.labels.set_text(
            "\n".join(
                (
                    POPULATION_LABELS["NATIONAL"],
                    POPULATION_LABELS["REGION"],
                    group,
                    POPULATION_LABELS["VOISINS"],
                )
            )
        )
        self.drawing.update(line.boxes, (), line.valeur)
        self.medians.set_text(
            "\n".join(
                format_value(box.median, unit, compact=True) if box else "–" for box in line.boxes
            )
        )
        self.quartiles.set_text("\n".join(ORDINALS.get(q, "–") for q in line.quartiles))
        self.proposals.set_text(
            "\n".join(
                ("≈ " if noise else "") + format_value(p, unit, compact=True)
                for p, noise in zip(line.proposals, line.within_noise, strict=True)
            )
            + "\n"
            + reference_note(line)
        )


def interval_text(line: IndicatorLine, unit: str) -> str:
    """Write the value's 95 % interval and, for a rate, its place in the national funnel."""
    low, high = line.interval
    if low is None and high is None:
        return ""
    high_text = format_value(high, unit, compact=True) if high is not None else "∞"
    low_text = format_value(low, unit, with_unit=False)
    text = f"IC 95 % : {low_text} – {high_text}"
    if line.position is not None:
        text += f" · {FUNNEL_POSITION_LABELS[line.position]}"
    return text


def reference_note(line: IndicatorLine) -> str:
    """Name the populations that replaced a group or a region of fewer than 5 MLs.

    « 15 voisins » (légitime and raisonnable from the neighbours), « att. France »
    (atteignable from the nation); empty when the group and the region are used.
    """
    parts = []
    if line.reference_groupe == "voisins":
        parts.append(f"{french_number(line.n_reference or 0, 0)} voisins")
    if line.reference_atteignable == "national":
        parts.append("att. France")
    return " · ".join(parts)


def report_path(out_dir: Path, year: int, code_ml: str) -> Path:
    """Return where the report of ML `code_ml` for year `year` is written."""
    return out_dir / f"rapport_{year}_{code_ml}.pdf"


# One template per worker process, built by the pool's initializer.
_TEMPLATE: PageTemplate | None = None


def _start_worker(setting: PageSetting) -> None:
    global _TEMPLATE
    _TEMPLATE = PageTemplate(setting)


def _render_one(report: MlReport, path: str) -> str:
    assert _TEMPLATE is not None
    _TEMPLATE.render(report, Path(path))
    return path


def write_reports(
    campaign: Campaign,
    out_dir: Path,
    codes: Sequence[str] | None = None,
    workers: int = WORKERS,
    advance: Callable[[], None] | None = None,
    generated: dt.date | None = None,
) -> list[Path]:
    """Write one PDF per ML of `codes` (all when None) into `out_dir`; return the paths.

    `advance` is called once per page written (for a progress bar).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    setting = PageSetting.of(campaign, generated)
    reports = campaign.ml_reports(codes)
    paths = [report_path(out_dir, campaign.year, r.code_ml) for r in reports]
    tick = advance or (lambda: None)
    workers = max(1, min(workers, os.cpu_count() or 1, len(reports)))
    if workers == 1 or len(reports) < 4:
        template = PageTemplate(setting)
        for report, path in zip(reports, paths, strict=True):
            template.render(report, path)
            tick()
        return paths
    # "spawn": the parent holds DuckDB threads, which a fork must not copy.
    context = get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(setting,)
    ) as pool:
        futures = [
            pool.submit(_render_one, report, str(path))
            for report, path in zip(reports, paths, strict=True)
        ]
        for future in as_completed(futures):
            future.result()
            tick()
    return paths
