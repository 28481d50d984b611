"""Copy the targets of validated and locked campaigns into the warehouse (`cibles_fixees`).

The application's database is the system of record of the dialogue; `perfml allocation`
reads the warehouse. Writing goes through `perfml.targets.store_targets`, which
replaces the rows of the same (year, ML, indicator). A campaign reopened after a
synchronisation keeps its earlier rows in the warehouse until it is validated again.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from perfml.errors import UserError
from perfml.targets import SetTarget, store_targets
from perfml.web.dialogue.models import Status, Target

SYNCED_STATUSES = (Status.VALIDATED, Status.LOCKED)


def validated_targets(year: int | None = None) -> list[Target]:
    """The targets of validated or locked campaigns (of `year`, or all years)."""
    targets = Target.objects.filter(campaign__status__in=SYNCED_STATUSES).select_related("campaign")
    if year is not None:
        targets = targets.filter(campaign__year=year)
    return list(targets.order_by("author_name", "set_at", "campaign__code_ml", "indicator"))


def check_targets(warehouse: Path, targets: list[Target]) -> None:
    """Check every target by the core rule against figures of the warehouse; all or nothing.

    The rule is `perfml.target_review.review_target`, the one of the form and of the
    workbook import: a target stored in the application's database before a rule
    tightened, or after the warehouse changed, is refused here with its reason.
    """
    from perfml.target_review import TargetContext, load_target_context, review_target
    from perfml.web.dialogue.workflow import target_context
    from perfml.web.figures.store import current_snapshot

    contexts: dict[int, TargetContext] = {}
    problems = []
    for target in targets:
        year = target.campaign.year
        if year not in contexts:
            snapshot = current_snapshot()
            if snapshot.year + 1 == year:
                contexts[year] = target_context(snapshot)
            else:
                contexts[year] = load_target_context(warehouse, year)
        problem = review_target(
            contexts[year],
            target.campaign.code_ml,
            target.indicator,
            target.value,
            target.source,
            target.justification,
            territory=None,
        )
        if problem is not None:
            problems.append(
                f"- cibles {year}, mission locale {target.campaign.code_ml}, indicateur "
                f"{target.indicator} (fixée par {target.author_name}) : {problem}."
            )
    if problems:
        lines = "\n".join(problems)
        raise UserError(
            f"{len(problems)} cible(s) validée(s) ne respectent pas les règles ; aucune cible "
            f"n'a été écrite dans l'entrepôt (rouvrez ces campagnes pour les corriger) :\n{lines}"
        )


def synchronise(warehouse: Path, year: int | None = None) -> int:
    """Write the validated targets into the warehouse; return the number of rows written.

    Each target keeps its author and the time it was set; all are written in one
    transaction, so the warehouse never holds half a synchronisation.
    """
    if not warehouse.exists():
        raise UserError(
            f"L'entrepôt {warehouse} n'existe pas : indiquez-le avec la variable PERFML_ENTREPOT."
        )
    targets = validated_targets(year)
    if not targets:
        return 0  # the warehouse is left untouched
    check_targets(warehouse, targets)
    rows = [
        SetTarget(
            annee=t.campaign.year,
            code_ml=t.campaign.code_ml,
            indicateur=t.indicator,
            cible=t.value,
            source=t.source,
            justification=t.justification or None,
            auteur=t.author_name,
            horodatage=timezone.localtime(t.set_at).replace(tzinfo=None, microsecond=0),
        )
        for t in targets
    ]
    return store_targets(warehouse, rows, author="application web")
