"""The funding simulation page: a region's allocation now, and with the typed variant."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from perfml.errors import UserError
from perfml.french import french_percent
from perfml.funding.formats import format_euros
from perfml.reports.labels import region_label
from perfml.web.accounts.permissions import (
    can_simulate_funding,
    member_required,
    visible_regions,
)
from perfml.web.figures.store import current_snapshot
from perfml.web.funding.forms import SimulationForm, initial_values
from perfml.web.funding.simulation import (
    comparison,
    current_envelope,
    funding_base,
    region_rows,
    region_rule,
    simulate,
)


def _summary(allocation) -> dict | None:
    if allocation is None:
        return None
    return {
        "enveloppe": format_euros(allocation.envelope_eur),
        "base": format_euros(allocation.base_eur),
        "majoration": format_euros(allocation.bonus_eur),
        "reserve": format_euros(allocation.pool_eur),
        "nb": len(allocation.ml),
    }


def _euros(value) -> str:
    return "–" if value is None or value != value else format_euros(int(value))


@member_required
def simulation(request):
    """Change the weights and the envelope of a region; see each ML's amount and the pool."""
    user = request.user
    regions = [code for code in visible_regions(user) if can_simulate_funding(user, code)]
    if not regions:
        raise Http404("pas de simulation pour ce rôle")
    region = request.GET.get("region", "").strip() or regions[0]
    if not can_simulate_funding(user, region):
        raise Http404("région hors du territoire")
    snapshot = current_snapshot()
    base = funding_base(snapshot)
    submitted = "enveloppe_eur" in request.GET
    initial = initial_values(region_rule(base, region), current_envelope(base, region))
    form = SimulationForm(request.GET if submitted else None, initial=initial)
    current = region_rows(base.current_result, region)
    simulated = rows = None
    problems = []
    if submitted and form.is_valid():
        try:
            result = simulate(
                base,
                region,
                form.cleaned_data["enveloppe_eur"],
                form.cleaned_data["mode_atteinte"],
                form.criteria(),
                form.indicators(),
            )
        except UserError as error:
            problems = [line.strip(" -") for line in str(error).splitlines()[1:]] or [str(error)]
        else:
            simulated = region_rows(result, region)
            if base.current_result is not None:
                rows = [
                    {
                        "code": r.code_ml,
                        "nom": r.nom,
                        "a": _euros(r.total_a_eur),
                        "b": _euros(r.total_b_eur),
                        "ecart": ("+" if r.ecart_eur > 0 else "") + format_euros(r.ecart_eur),
                        "ecart_pct": "–"
                        if r.ecart_pct != r.ecart_pct
                        else french_percent(r.ecart_pct, 1),
                    }
                    for r in comparison(base, result, region).itertuples(index=False)
                ]
    if rows is None and current is not None:
        rows = [
            {"code": r.code_ml, "nom": r.nom, "a": _euros(r.total_eur), "b": "", "ecart": "",
             "ecart_pct": ""}
            for r in base.current_result.ml_table().itertuples(index=False)
            if str(r.code_region) == region
        ]  # fmt: skip
    context = {
        "titre": f"Simulation du financement — {region_label(region)}",
        "annee": snapshot.year,
        "form": form,
        "region": region,
        "regions": [(code, region_label(code)) for code in regions],
        "current": _summary(current),
        "simulated": _summary(simulated),
        "rows": rows or [],
        "problems": problems,
        "has_current": base.current is not None,
        "config_path": base.current.source if base.current is not None else None,
        "notes": base.current_result.notes if base.current_result is not None else [],
    }
    return render(request, "funding/simulation.html", context)
