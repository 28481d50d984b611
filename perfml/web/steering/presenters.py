"""What the steering pages show, computed once per snapshot and ML (no figure computed here).

Everything comes from the snapshot (the core API's results); this module only picks,
formats and arranges them for the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from perfml.french import MONTH_NAMES, french_count, french_date
from perfml.indicators.catalogue import CATALOGUE, Indicator
from perfml.indicators.revisions import describe_typical_revision
from perfml.reports.labels import (
    DIRECTION_LABELS,
    FUNNEL_POSITION_LABELS,
    POPULATION_LABELS,
    format_value,
    reference_sentence,
    region_label,
)
from perfml.web.figures.boxplots import drawings_of, population_labels
from perfml.web.figures.snapshot import ML, NATIONAL, POPULATIONS, REGION, Snapshot
from perfml.web.steering.sparkline import sparkline_svg

QUARTILE_LABELS = {
    1: "1er quartile (le moins bon quart)",
    2: "2e quartile",
    3: "3e quartile",
    4: "4e quartile (le meilleur quart)",
}
# The populations the overview's quartiles are computed in, as its filter names them.
REFERENCE_LABELS = {
    "NATIONAL": "nationale",
    "REGION": "régionale",
    "GROUPE": "du groupe homogène",
    "VOISINS": "parmi les 15 voisins",
}
PROPOSAL_LABELS = {
    "legitime": "légitime",
    "raisonnable": "raisonnable",
    "atteignable": "atteignable",
}
PROPOSAL_HELP = {
    "legitime": "médiane du groupe homogène",
    "raisonnable": "borne du quartile supérieur dans le groupe",
    "atteignable": "borne du quartile supérieur dans la région",
}
# When a population of fewer than 5 MLs is replaced (perfml.targets.choose_references).
PROPOSAL_HELP_REPLACED = {
    ("legitime", "voisins"): "médiane des 15 voisins",
    ("raisonnable", "voisins"): "borne du quartile supérieur parmi les 15 voisins",
    ("atteignable", "national"): "borne du quartile supérieur en France",
}
WITHIN_NOISE = "à portée du hasard : dans l'intervalle à 95 % de la valeur"


@dataclass
class DistributionRow:
    label: str
    n: str
    minimum: str
    q1: str
    median: str
    q3: str
    maximum: str
    quartile: int | None


@dataclass
class MonthRow:
    label: str
    valeur: str
    numerateur: str
    denominateur: str


@dataclass
class IndicatorCard:
    """One indicator on an ML's page."""

    spec: Indicator
    direction_label: str
    valeur: str
    numerateur: str
    denominateur: str
    region_valeur: str
    national_valeur: str
    distributions: list[DistributionRow]
    proposals: list[tuple[str, str, str, str]]  # (label, value, how, "à portée du hasard")
    drawing: str
    interval: str = ""  # « IC 95 % : 31,5 % – 35,7 % »
    funnel: str = ""  # « dans l'entonnoir » (rates)
    reference: str = ""  # where the proposals come from, in words
    months: list[MonthRow] = field(default_factory=list)
    trend: str = ""
    # Provisional figures: « révision typique l'an dernier : ±1,2 point » (empty otherwise).
    provisoire: str = ""


def provisional_text(snapshot: Snapshot) -> str:
    """Why the figures are provisional (empty when they are consolidated)."""
    if not snapshot.is_provisional:
        return ""
    from perfml.indicators.periods import Period
    from perfml.indicators.revisions import provisional_note

    # A year not over says so first (the core's « provisoire » note), then the consolidation.
    year_note = snapshot.campaign.provisional_note
    return (
        (f"{year_note} " if year_note else "")
        + provisional_note(Period.year(snapshot.year), snapshot.as_of)
        + (
            " Sous chaque valeur : de combien les valeurs de l'an dernier de la mission locale ont "
            "bougé entre le même stade et leur consolidation."
        )
    )


def figures_date(snapshot: Snapshot) -> str:
    """When the year's figures were taken: the official consolidation date, or the extract's."""
    campaign = snapshot.campaign
    if campaign.as_of is None:
        return ""
    if campaign.is_official:
        return f"consolidés au {french_date(campaign.as_of)}"
    return (
        f"connus au {french_date(campaign.as_of)}, date de l'extrait (la consolidation "
        "officielle se fait au 1er mars de l'année suivante)"
    )


def month_label(day) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def indicator_cards(snapshot: Snapshot, code_ml: str) -> list[IndicatorCard]:
    """The ten indicators of an ML: value, distributions, proposals, drawing and trend."""
    ml = snapshot.ml(code_ml)
    drawings = drawings_of(snapshot, code_ml)
    labels = population_labels(snapshot, code_ml)
    monthly = snapshot.monthly_of(ML, code_ml)
    cards = []
    for spec in CATALOGUE:
        number, unit = spec.number, spec.unit
        figure = snapshot.figure(ML, code_ml, number)
        position = snapshot.position(code_ml, number)
        boxes = snapshot.boxes_of(code_ml, number)
        rows = []
        for population, label in zip(POPULATIONS, labels, strict=True):
            box = boxes[population]
            quartile = position.quartiles.get(population) if position else None
            if box is None:
                rows.append(DistributionRow(label, "0", "–", "–", "–", "–", "–", None))
                continue
            rows.append(
                DistributionRow(
                    label,
                    french_count(box.n),
                    format_value(box.minimum, unit),
                    format_value(box.q1, unit),
                    format_value(box.median, unit),
                    format_value(box.q3, unit),
                    format_value(box.maximum, unit),
                    quartile,
                )
            )
        proposals = [
            (
                PROPOSAL_LABELS[kind],
                format_value(position.proposals.get(kind) if position else None, unit),
                _proposal_help(kind, position),
                WITHIN_NOISE if position and position.within_noise.get(kind) else "",
            )
            for kind in PROPOSAL_LABELS
        ]
        region = snapshot.figure(REGION, ml.code_region, number)
        nation = snapshot.figure(NATIONAL, snapshot.national_code, number)
        card = IndicatorCard(
            spec=spec,
            direction_label=DIRECTION_LABELS[spec.direction],
            valeur=format_value(figure.valeur if figure else None, unit),
            numerateur=french_count(figure.numerateur if figure else None),
            denominateur=french_count(figure.denominateur if figure else None),
            region_valeur=format_value(region.valeur if region else None, unit),
            national_valeur=format_value(nation.valeur if nation else None, unit),
            distributions=rows,
            proposals=proposals,
            drawing=drawings[number],
            interval=_interval_text(position, unit),
            funnel=FUNNEL_POSITION_LABELS.get(position.funnel or "", "") if position else "",
            reference=(
                reference_sentence(
                    position.reference_groupe,
                    position.n_reference,
                    position.reference_atteignable,
                    position.n_reference_atteignable,
                )
                if position
                else ""
            ),
        )
        if snapshot.is_provisional:
            typical = describe_typical_revision(snapshot.typical_revision(code_ml, number))
            card.provisoire = f"révision typique de la mission locale l'an dernier : {typical}"
        if not monthly.empty:
            series = monthly[monthly["indicateur"] == number]
            card.months = [
                MonthRow(
                    month_label(row.mois),
                    format_value(row.valeur, unit),
                    french_count(row.numerateur),
                    french_count(row.denominateur),
                )
                for row in series.itertuples(index=False)
            ]
            card.trend = sparkline_svg(
                list(series["valeur"]), f"Évolution mensuelle de l'indicateur {number}"
            )
        cards.append(card)
    return cards


def _proposal_help(kind: str, position) -> str:
    """How a proposal is obtained, naming the population that replaced a small one."""
    if position is not None:
        reference = position.reference_atteignable if kind == "atteignable" else None
        if kind != "atteignable":
            reference = position.reference_groupe
        replaced = PROPOSAL_HELP_REPLACED.get((kind, reference or ""))
        if replaced:
            return replaced
    return PROPOSAL_HELP[kind]


def _interval_text(position, unit: str) -> str:
    """« 31,5 % – 35,7 % »: the value's 95 % interval (∞ for an open upper bound)."""
    if position is None or position.interval == (None, None):
        return ""
    low, high = position.interval
    high_text = format_value(high, unit) if high is not None else "∞"
    return f"{format_value(low, unit)} – {high_text}"


def ml_summary(snapshot: Snapshot, code_ml: str) -> dict:
    """The ML's identity: name, territory, group and the group's description (kept once made)."""
    return snapshot.kept(("ml_summary", code_ml), lambda: _summary(snapshot, code_ml))


def warm_ml_pages(snapshot: Snapshot) -> None:
    """Prepare every ML's identity (group, neighbours) before any request: the indicators
    are rendered by `perfml web preparer`, this is the rest of the page."""
    for code_ml in snapshot.mls:
        ml_summary(snapshot, code_ml)


def _summary(snapshot: Snapshot, code_ml: str) -> dict:
    ml = snapshot.ml(code_ml)
    return {
        "ml": ml,
        "region": region_label(ml.code_region),
        "groupe_libelle": snapshot.group_label(ml.groupe),
        "groupe_phrases": snapshot.group_sentences(ml.groupe),
        "groupe_membres": sum(
            1
            for other in snapshot.mls.values()
            if ml.groupe is not None and other.groupe == ml.groupe
        ),
        "populations": POPULATION_LABELS,
        "voisins": snapshot.neighbours_of(code_ml),
    }


@dataclass
class OverviewCell:
    raw: float | None
    text: str
    quartile: int | None


@dataclass
class OverviewRow:
    ml: object
    cells: list[OverviewCell]
    late: OverviewCell | None = None  # share of late entries of the year
    _html: str | None = field(default=None, repr=False)

    @property
    def html(self) -> str:
        """The row's table markup, drawn at its first display and kept (rows are shared)."""
        if self._html is None:
            from django.template.loader import render_to_string

            self._html = render_to_string("steering/_ligne_ensemble.html", {"row": self})
        return self._html


def rows_markup(rows) -> SafeString:
    """The markup of a page of overview rows, joined here rather than by a template loop
    (a hundred loop turns per request), laid out as that loop laid it out."""
    return mark_safe("".join(f"\n      {row.html}\n      " for row in rows))


def late_cell(snapshot: Snapshot, code_ml: str) -> OverviewCell:
    """The ML's share of late entries, formatted (« 12,3 % », « – » when unknown)."""
    share = snapshot.late_share(code_ml)
    return OverviewCell(share, format_value(share, "%"), None)


def overview_rows(snapshot: Snapshot, mls: list, reference: str) -> list[OverviewRow]:
    """One row per ML: its ten values with their quartile in the `reference` population.

    Kept on the snapshot per territory and reference: every request for the same overview
    then only filters, sorts and pages the same rows (and their markup, drawn once).
    """
    key = ("overview_rows", reference, tuple(ml.code_ml for ml in mls))
    return snapshot.kept(key, lambda: _overview_rows(snapshot, mls, reference))


def _overview_rows(snapshot: Snapshot, mls: list, reference: str) -> list[OverviewRow]:
    rows = []
    for ml in mls:
        cells = []
        for spec in CATALOGUE:
            position = snapshot.position(ml.code_ml, spec.number)
            value = position.valeur if position else None
            quartile = position.quartiles.get(reference) if position else None
            cells.append(OverviewCell(value, format_value(value, spec.unit), quartile))
        rows.append(OverviewRow(ml, cells, late_cell(snapshot, ml.code_ml)))
    return rows


def warm_overview(snapshot: Snapshot) -> None:
    """Prepare the national overview (rows and their markup, aggregates) before any request."""
    mls = sorted(snapshot.mls.values(), key=lambda ml: ml.code_ml)
    for reference in POPULATIONS:
        for row in overview_rows(snapshot, mls, reference):
            row.html  # noqa: B018  (drawn now, kept on the row)
    aggregate_row(snapshot, NATIONAL, snapshot.national_code)
    for code in {ml.code_region for ml in mls}:
        aggregate_row(snapshot, REGION, code)


def aggregate_row(snapshot: Snapshot, niveau: str, code: str) -> list[str]:
    """The ten values of a region or the nation, formatted (kept on the snapshot)."""
    key = ("aggregate_row", niveau, code)
    return snapshot.kept(key, lambda: _aggregate_row(snapshot, niveau, code))


def _aggregate_row(snapshot: Snapshot, niveau: str, code: str) -> list[str]:
    texts = []
    for spec in CATALOGUE:
        figure = snapshot.figure(niveau, code, spec.number)
        texts.append(format_value(figure.valeur if figure else None, spec.unit))
    return texts
