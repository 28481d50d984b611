"""The export of the targets of the user's territory, for Excel (CSV or XLSX).

One row per ML × indicator of the campaign year: last year's value, the three
proposals and the target set (empty while not set), with its source, author, date and
justification, and the campaign's status. Columns are named in French.
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone

from perfml import outputs
from perfml.indicators.catalogue import CATALOGUE
from perfml.targets import SOURCE_LABELS
from perfml.web.accounts.permissions import member_required, visible_mls
from perfml.web.dialogue.models import Campaign, Status
from perfml.web.dialogue.workflow import campaign_year
from perfml.web.figures.store import current_snapshot

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(result_year: int) -> list[str]:
    return [
        "Année des cibles",
        "Code ML",
        "Mission locale",
        "Région",
        "Département",
        "Statut de la campagne",
        "Indicateur",
        "Libellé",
        "Unité",
        f"Valeur {result_year}",
        "Proposition légitime",
        "Proposition raisonnable",
        "Proposition atteignable",
        "Cible",
        "Origine de la cible",
        "Justification",
        "Fixée par",
        "Fixée le",
    ]


def target_rows(user) -> tuple[int, list[str], list[list]]:
    """The campaign year, the header and the rows (Python values) of the territory's targets."""
    snapshot = current_snapshot()
    year = campaign_year(snapshot)
    mls = visible_mls(user)
    campaigns = {
        c.code_ml: c
        for c in Campaign.objects.filter(
            year=year, code_ml__in=[m.code_ml for m in mls]
        ).prefetch_related("targets")
    }
    rows = []
    for ml in mls:
        campaign = campaigns.get(ml.code_ml)
        targets = {t.indicator: t for t in campaign.targets.all()} if campaign else {}
        status = Status(campaign.status).label if campaign else Status.DRAFT.label
        for spec in CATALOGUE:
            position = snapshot.position(ml.code_ml, spec.number)
            proposals = position.proposals if position else {}
            target = targets.get(spec.number)
            rows.append(
                [
                    year,
                    ml.code_ml,
                    ml.nom,
                    ml.code_region,
                    ml.code_departement,
                    status,
                    spec.number,
                    spec.short_label,
                    spec.unit,
                    position.valeur if position else None,
                    proposals.get("legitime"),
                    proposals.get("raisonnable"),
                    proposals.get("atteignable"),
                    target.value if target else None,
                    SOURCE_LABELS.get(target.source, "") if target else "",
                    target.justification if target else "",
                    target.author_name if target else "",
                    timezone.localtime(target.set_at).replace(tzinfo=None) if target else None,
                ]
            )
    return year, headers(snapshot.year), rows


@member_required
def targets_csv(request):
    """The targets as CSV for a French Excel (the product's default CSV dialect)."""
    year, header, rows = target_rows(request.user)
    response = HttpResponse(
        outputs.csv_bytes(header, rows, outputs.EXCEL), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cibles_{year}.csv"'
    return response


@member_required
def targets_xlsx(request):
    """The targets as an Excel workbook (one sheet, frozen header, filters); text stays text."""
    year, header, rows = target_rows(request.user)
    buffer = io.BytesIO()
    book = outputs.open_workbook(buffer, remove_timezone=True)
    sheet = book.add_worksheet("Cibles")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    whole = book.add_format({"num_format": "0"})
    number = book.add_format({"num_format": "#,##0.0##"})
    when = book.add_format({"num_format": outputs.NUMBER_FORMATS["datetime"]})
    for c, title in enumerate(header):
        outputs.write_text(sheet, 0, c, title, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, float) and not value.is_integer():
                style = number
            elif isinstance(value, int | float):
                style = whole
            else:
                style = when
            outputs.write_cell(sheet, r, c, value, style)
    sheet.freeze_panes(1, 3)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 2, 36)
    sheet.set_column(3, 6, 12)
    sheet.set_column(7, 7, 40)
    sheet.set_column(8, 17, 14)
    outputs.close_workbook(book)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="cibles_{year}.xlsx"'
    return response
