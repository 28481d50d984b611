"""The overview of a territory's MLs and the page of one ML."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from perfml.indicators.catalogue import CATALOGUE
from perfml.web.accounts.permissions import (
    can_view_funnels,
    can_view_ml,
    can_view_nation,
    can_view_overview,
    membership_of,
    visible_mls,
)
from perfml.web.figures.store import current_snapshot
from perfml.web.steering.fragments import (
    indicators_fragment,
    overview_aggregates,
    overview_options,
    overview_scope,
    with_selected,
)
from perfml.web.steering.funnels import funnel_figures
from perfml.web.steering.presenters import (
    QUARTILE_LABELS,
    REFERENCE_LABELS,
    figures_date,
    ml_summary,
    overview_rows,
    provisional_text,
    rows_markup,
)
from perfml.web.steering.queries import PAGE_SIZE, OverviewQuery
from perfml.web.territories import territory_label

BASE_COLUMNS = (
    ("code", "Code", ""),
    ("nom", "Mission locale", ""),
    ("departement", "Dép.", "département"),
    ("groupe", "Groupe", "groupe homogène"),
)


def sort_headers(query: OverviewQuery) -> list[dict]:
    """The table's column headers: label, sort link and current sort (for `aria-sort`)."""
    columns = [(key, label, title, False) for key, label, title in BASE_COLUMNS]
    columns.append(("tardives", "Saisies tardives", "part des saisies tardives de l'année", True))
    columns += [(f"i{i.number}", f"Ind. {i.number}", i.short_label, True) for i in CATALOGUE]
    headers = []
    for key, label, title, numeric in columns:
        current = query.tri == key
        headers.append(
            {
                "label": label,
                "title": title,
                "url": query.sort_url(key),
                "num": numeric,
                "sort": ("ascending" if query.ordre == "asc" else "descending") if current else "",
            }
        )
    return headers


def overview(request):
    """The table of the MLs of the user's territory × the 10 indicators, with quartiles."""
    if not can_view_overview(request.user):
        raise Http404("pas de vue d'ensemble pour ce rôle")
    snapshot = current_snapshot()
    membership = membership_of(request.user)
    mls = visible_mls(request.user)
    regions = sorted({ml.code_region for ml in mls})
    departements = sorted({ml.code_departement for ml in mls})
    national = can_view_nation(request.user)
    query = OverviewQuery.parse(
        request.GET, regions, departements, "NATIONAL" if national else "REGION"
    )
    rows = [row for row in overview_rows(snapshot, mls, query.reference) if query.keeps(row)]
    rows = query.sort(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(query.page)
    # Rendered once per territory (the key never lets one territory see another's).
    scope = overview_scope(membership.role_spec.territory, membership.territory_code, mls)
    options = overview_options(snapshot, scope, mls)
    selected = {
        "region": query.region,
        "departement": query.departement,
        "groupe": query.groupe,
        "reference": query.reference,
        "indicateur": query.indicateur,
        "quartile": query.quartile,
    }
    context = {
        "titre": "Vue d'ensemble — "
        + territory_label(membership.role_spec.territory, membership.territory_code),
        "annee": snapshot.year,
        "date_chiffres": figures_date(snapshot),
        "provisoire": provisional_text(snapshot),
        "indicateurs": CATALOGUE,
        "query": query,
        "page": page,
        "lignes": rows_markup(page),
        "total": len(rows),
        "reperes": overview_aggregates(snapshot, scope, regions, query.region),
        "options": {name: with_selected(options[name], value) for name, value in selected.items()},
        "reference_label": REFERENCE_LABELS[query.reference],
        "quartiles": QUARTILE_LABELS,
        "national": national,
        "voit_entonnoirs": can_view_funnels(request.user),
        "headers": sort_headers(query),
        "pages": [(n, query.url(page=n)) for n in page.paginator.page_range],
    }
    return render(request, "steering/overview.html", context)


def ml_page(request, code_ml: str):
    """One ML: the 10 indicators with their box plots, proposals, trend, and its group."""
    if not can_view_ml(request.user, code_ml):
        raise Http404("mission locale hors du territoire")
    snapshot = current_snapshot()
    summary = ml_summary(snapshot, code_ml)
    context = {
        "titre": f"{summary['ml'].nom} ({code_ml})",
        "annee": snapshot.year,
        "date_chiffres": figures_date(snapshot),
        "provisoire": provisional_text(snapshot),
        "indicateurs_html": indicators_fragment(snapshot, code_ml),
        "indicateurs": CATALOGUE,
        "voit_entonnoirs": can_view_funnels(request.user),
        **summary,
    }
    return render(request, "steering/ml.html", context)


def funnels(request):
    """The national funnel plots of the rates; a DREETS user's MLs in red."""
    if not can_view_funnels(request.user):
        raise Http404("pas d'entonnoirs pour ce rôle")
    snapshot = current_snapshot()
    membership = membership_of(request.user)
    national = can_view_nation(request.user)
    highlighted = [] if national else [ml.code_ml for ml in visible_mls(request.user)]
    territory = territory_label(membership.role_spec.territory, membership.territory_code)
    context = {
        "titre": "Entonnoirs nationaux des taux",
        "annee": snapshot.year,
        "date_chiffres": figures_date(snapshot),
        "mis_en_evidence": "" if national else f"En rouge : les missions locales — {territory}.",
        "figures": funnel_figures(snapshot, highlighted),
    }
    return render(request, "steering/entonnoirs.html", context)


def ml_funnels(request, code_ml: str):
    """The national funnel plots of the rates with one ML in red."""
    if not (can_view_funnels(request.user) and can_view_ml(request.user, code_ml)):
        raise Http404("mission locale hors du territoire")
    snapshot = current_snapshot()
    ml = snapshot.ml(code_ml)
    context = {
        "titre": f"Entonnoirs nationaux des taux — {ml.nom} ({code_ml})",
        "annee": snapshot.year,
        "date_chiffres": figures_date(snapshot),
        "ml": ml,
        "mis_en_evidence": f"En rouge : {ml.nom} ({code_ml}).",
        "figures": funnel_figures(snapshot, [code_ml]),
    }
    return render(request, "steering/entonnoirs.html", context)
