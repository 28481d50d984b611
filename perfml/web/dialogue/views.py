"""The dialogue pages: campaigns of the territory, one ML's targets, status moves, journal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from perfml.indicators.catalogue import CATALOGUE
from perfml.reports.labels import format_value, region_label
from perfml.targets import PROPOSALS, SOURCE_LABELS
from perfml.web.accounts.permissions import can_view_ml, member_required, visible_mls
from perfml.web.dialogue.forms import TargetForm
from perfml.web.dialogue.models import AuditEntry, Campaign, Status
from perfml.web.dialogue.workflow import (
    WorkflowError,
    apply_transition,
    campaign_of,
    campaign_year,
    can_edit,
    proposals_of,
    set_targets,
    target_context,
    transitions_for,
)
from perfml.web.figures.snapshot import ML
from perfml.web.figures.store import current_snapshot

STATUS_FILTERS = {s.value: s.label for s in Status}


@member_required
def campaigns(request):
    """The campaigns of the MLs of the user's territory, with their status and progress."""
    snapshot = current_snapshot()
    year = campaign_year(snapshot)
    mls = visible_mls(request.user)
    found = {
        c.code_ml: c
        for c in Campaign.objects.filter(year=year, code_ml__in=[m.code_ml for m in mls]).annotate(
            count=Count("targets"), last=Max("targets__set_at")
        )
    }
    status = request.GET.get("statut", "")
    rows = []
    for ml in mls:
        campaign = found.get(ml.code_ml)
        current = campaign.status if campaign else Status.DRAFT
        if status in STATUS_FILTERS and current != status:
            continue
        rows.append(
            {
                "ml": ml,
                "status": current,
                "status_label": Status(current).label,
                "count": campaign.count if campaign else 0,
                "last": campaign.last if campaign else None,
            }
        )
    context = {
        "titre": f"Dialogue de gestion — cibles {year}",
        "annee": year,
        "annee_resultats": snapshot.year,
        "rows": rows,
        "statut": status,
        "statuts": STATUS_FILTERS,
        "total": len(CATALOGUE),
    }
    return render(request, "dialogue/campaigns.html", context)


def _require_ml(request, code_ml: str):
    if not can_view_ml(request.user, code_ml):
        raise Http404("mission locale hors du territoire")
    return current_snapshot()


def _forms(snapshot, campaign, data=None) -> list[TargetForm]:
    existing = {t.indicator: t for t in campaign.targets.all()}
    context = target_context(snapshot)
    return [
        TargetForm(
            data,
            spec=spec,
            proposals=proposals_of(snapshot, campaign.code_ml, spec.number),
            context=context,
            code_ml=campaign.code_ml,
            current=existing.get(spec.number),
        )
        for spec in CATALOGUE
    ]


def _rows(snapshot, campaign, forms) -> list[dict]:
    existing = {t.indicator: t for t in campaign.targets.all()}
    rows = []
    for spec, form in zip(CATALOGUE, forms, strict=True):
        figure = snapshot.figure(ML, campaign.code_ml, spec.number)
        proposals = form.proposals
        target = existing.get(spec.number)
        rows.append(
            {
                "spec": spec,
                "form": form,
                "valeur": format_value(figure.valeur if figure else None, spec.unit),
                "proposals": [
                    (kind, SOURCE_LABELS[kind], format_value(proposals.get(kind), spec.unit))
                    for kind in PROPOSALS
                ],
                "target": target,
                "target_text": format_value(target.value, spec.unit) if target else "",
                "target_source": SOURCE_LABELS.get(target.source, "") if target else "",
            }
        )
    return rows


def ml_dialogue(request, code_ml: str):
    """One ML's campaign: its targets (a form while it may be edited) and status moves."""
    snapshot = _require_ml(request, code_ml)
    campaign = campaign_of(code_ml, campaign_year(snapshot))
    editable = can_edit(request.user, campaign)
    forms = _forms(snapshot, campaign, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not editable:
            if campaign.status != Status.DRAFT:
                raise PermissionDenied(
                    f"la campagne est « {campaign.get_status_display()} » : les cibles ne "
                    "peuvent plus être modifiées"
                )
            raise PermissionDenied("votre rôle ne permet pas de fixer les cibles")
        if all([form.is_valid() for form in forms]):  # every form checked, every error shown
            entries = [e for e in (form.entry() for form in forms) if e is not None]
            try:
                changed = set_targets(request.user, campaign, entries, snapshot)
            except WorkflowError as error:
                messages.error(request, str(error))
            else:
                if changed:
                    messages.success(
                        request,
                        f"{changed} cible{'s' if changed > 1 else ''} enregistrée"
                        f"{'s' if changed > 1 else ''}.",
                    )
                else:
                    messages.info(request, "Aucune cible n'a changé.")
                return redirect("dialogue:ml", code_ml=code_ml)
    ml = snapshot.ml(code_ml)
    context = {
        "titre": f"Dialogue de gestion — {ml.nom}",
        "ml": ml,
        "region": region_label(ml.code_region),
        "campaign": campaign,
        "annee": campaign.year,
        "annee_resultats": snapshot.year,
        "editable": editable,
        "rows": _rows(snapshot, campaign, forms),
        "erreurs": [link for form in forms for link in form.error_links()],
        "transitions": transitions_for(request.user, campaign),
        "done": campaign.targets.count(),
        "total": len(CATALOGUE),
    }
    return render(request, "dialogue/ml.html", context)


@require_POST
def transition(request, code_ml: str, action: str):
    """Move the ML's campaign status (validate, reopen, lock, unlock)."""
    snapshot = _require_ml(request, code_ml)
    campaign = campaign_of(code_ml, campaign_year(snapshot))
    try:
        done = apply_transition(request.user, campaign, action)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done.done)
    return redirect("dialogue:ml", code_ml=code_ml)


@member_required
def journal(request, code_ml: str | None = None):
    """The audit log of the territory's campaigns (or of one ML), newest first."""
    snapshot = current_snapshot()
    if code_ml is not None:
        _require_ml(request, code_ml)
        codes = [code_ml]
    else:
        codes = [ml.code_ml for ml in visible_mls(request.user)]
    entries = AuditEntry.objects.filter(campaign__code_ml__in=codes).select_related("campaign")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    units = {spec.number: spec.unit for spec in CATALOGUE}
    lines = []
    for entry in page:
        unit = units.get(entry.indicator, "")
        lines.append(
            {
                "entry": entry,
                "ml": snapshot.ml(entry.campaign.code_ml),
                "old": format_value(entry.old_value, unit) if entry.old_value is not None else "",
                "new": format_value(entry.new_value, unit) if entry.new_value is not None else "",
                "old_source": SOURCE_LABELS.get(entry.old_source, ""),
                "new_source": SOURCE_LABELS.get(entry.new_source, ""),
                "old_status": Status(entry.old_status).label if entry.old_status else "",
                "new_status": Status(entry.new_status).label if entry.new_status else "",
            }
        )
    context = {
        "titre": "Journal des modifications"
        + (f" — {snapshot.ml(code_ml).nom}" if code_ml else ""),
        "lines": lines,
        "page": page,
        "code_ml": code_ml,
    }
    return render(request, "dialogue/journal.html", context)
