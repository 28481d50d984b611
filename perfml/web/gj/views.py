"""The Garantie jeunes follow-up page: entries against targets, and quality criteria."""

from __future__ import annotations

import pandas as pd
from django.http import Http404
from django.shortcuts import render

from perfml.french import french_date
from perfml.reports.labels import region_label
from perfml.web.accounts.permissions import (
    can_view_nation,
    can_view_region,
    member_required,
    visible_mls,
)
from perfml.web.figures.store import current_snapshot
from perfml.web.gj.followup import follow_up, level_tables, table


@member_required
def follow_up_page(request):
    """The follow-up of the user's territory (a DGEFP user may pick a region)."""
    from perfml.gj.report import criteria_columns, entries_columns

    user = request.user
    snapshot = current_snapshot()
    region = request.GET.get("region", "").strip()
    if region and not can_view_region(user, region):
        raise Http404("région hors du territoire")
    national = can_view_nation(user)
    follow = follow_up(snapshot)
    mls = visible_mls(user)
    if not mls and not national:
        # The extract loaded no longer holds an ML of this account's territory.
        return render(
            request,
            "erreur.html",
            {
                "titre": "Aucune mission locale dans votre territoire",
                "message": "Les données chargées ne contiennent aucune mission locale de "
                "votre territoire. Demandez à l'administrateur de l'application de vérifier "
                "le territoire de votre compte.",
            },
            status=404,
        )
    regions, by_ml = level_tables(snapshot)
    if national and not region:
        frame = regions
        scope = "France entière, par région"
    else:
        region = region or mls[0].code_region
        codes = {ml.code_ml for ml in mls if ml.code_region == region}
        frame = pd.concat(
            [
                by_ml[(by_ml["niveau"] == "ML") & by_ml["code"].isin(codes)],
                by_ml[(by_ml["niveau"] == "REGION") & (by_ml["code"] == region)],
                regions[regions["niveau"] == "NATIONAL"],
            ],
            ignore_index=True,
        )
        scope = region_label(region)
    context = {
        "titre": f"Suivi de la Garantie jeunes {follow.year}",
        "follow": follow,
        "scope": scope,
        "observation": french_date(follow.observation_day),
        "national": national,
        "region": region,
        "regions": [(code, region_label(code)) for code in snapshot.regions],
        "entries": table(frame, entries_columns(follow, with_months=True)),
        "criteria": table(frame, criteria_columns()),
    }
    return render(request, "gj/follow_up.html", context)
