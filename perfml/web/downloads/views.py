"""Downloads, scoped like the pages: out of the user's territory is a 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from perfml.reports.labels import region_label
from perfml.web.accounts.permissions import (
    can_view_ml,
    can_view_nation,
    can_view_region,
    member_required,
    visible_mls,
    visible_regions,
)
from perfml.web.downloads.files import dashboard_xlsx, ml_report_pdf
from perfml.web.figures.store import current_snapshot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(name: str, data: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_required
def index(request):
    """The files of the user's territory."""
    snapshot = current_snapshot()
    context = {
        "titre": "Téléchargements",
        "annee": snapshot.year,
        "national": can_view_nation(request.user),
        "regions": [(code, region_label(code)) for code in visible_regions(request.user)],
        "mls": visible_mls(request.user),
    }
    return render(request, "downloads/index.html", context)


@member_required
def ml_pdf(request, code_ml: str):
    """The PDF report of one ML (the box plots of the 10 indicators)."""
    if not can_view_ml(request.user, code_ml):
        raise Http404("mission locale hors du territoire")
    name, data = ml_report_pdf(current_snapshot(), code_ml)
    return _attachment(name, data, "application/pdf")


@member_required
def dashboard_national(request):
    """The national dashboard workbook (regions and France): the DGEFP's."""
    if not can_view_nation(request.user):
        raise Http404("tableau national hors du territoire")
    return _attachment(*dashboard_xlsx(current_snapshot(), "national", None), XLSX)


@member_required
def dashboard_region(request, code_region: str):
    """A region's dashboard workbook (its MLs and the region)."""
    if not can_view_region(request.user, code_region):
        raise Http404("région hors du territoire")
    return _attachment(*dashboard_xlsx(current_snapshot(), "region", code_region), XLSX)


@member_required
def dashboard_ml(request, code_ml: str):
    """An ML's dashboard workbook (the ML, its region and France for reference)."""
    if not can_view_ml(request.user, code_ml):
        raise Http404("mission locale hors du territoire")
    return _attachment(*dashboard_xlsx(current_snapshot(), "ml", code_ml), XLSX)
