"""The dialogue's rules: who may do what at each status, and the writes with their audit.

Statuses move along `TRANSITIONS` (data); targets are typed only while a campaign is a
draft, by a role that sets targets, inside its territory. Every target set or changed
and every status change writes an `AuditEntry` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from perfml.indicators.catalogue import NUMBERS
from perfml.target_review import TargetContext, review_target
from perfml.targets import Proposals, is_same_target
from perfml.web.accounts.permissions import (
    can_lock_campaign,
    can_set_targets,
    can_unlock_campaign,
    can_validate_campaign,
)
from perfml.web.dialogue.models import AuditEntry, Campaign, Status, Target
from perfml.web.figures.snapshot import Snapshot


class WorkflowError(Exception):
    """A rule of the dialogue the user can satisfy (French message): e.g. missing targets."""


@dataclass(frozen=True)
class Transition:
    """A move of a campaign's status, the predicate allowing it and its French wording."""

    action: str  # the last part of its URL
    label: str  # its button
    source: str
    target: str
    allowed: Callable[[object, str], bool]
    done: str  # the message once done


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("valider", "Valider la campagne", Status.DRAFT, Status.VALIDATED,
                   can_validate_campaign, "La campagne est validée : les cibles sont figées."),
        Transition("rouvrir", "Rouvrir la campagne (retour au brouillon)", Status.VALIDATED,
                   Status.DRAFT, can_validate_campaign,
                   "La campagne est rouverte : les cibles peuvent de nouveau être modifiées."),
        Transition("verrouiller", "Verrouiller la campagne", Status.VALIDATED, Status.LOCKED,
                   can_lock_campaign, "La campagne est verrouillée."),
        Transition("deverrouiller", "Déverrouiller la campagne", Status.LOCKED,
                   Status.VALIDATED, can_unlock_campaign,
                   "La campagne est déverrouillée : elle est de nouveau validée, non figée."),
    )
}  # fmt: skip


@dataclass(frozen=True)
class TargetEntry:
    """A target as typed in the form: the indicator, the value, its source, the reason."""

    indicator: int
    value: float
    source: str
    justification: str = ""


def campaign_year(snapshot: Snapshot) -> int:
    """The year the targets are for: the one after the figures' year (exercice N + 1)."""
    return snapshot.year + 1


def campaign_of(code_ml: str, year: int) -> Campaign:
    """Return the ML's campaign of `year`, created as a draft on first use."""
    campaign, _ = Campaign.objects.get_or_create(year=year, code_ml=code_ml)
    return campaign


def proposals_of(snapshot: Snapshot, code_ml: str, indicator: int) -> Proposals:
    """The three proposals for the ML on one indicator (None where there is none)."""
    position = snapshot.position(code_ml, indicator)
    if position is None:
        return Proposals(None, None, None)
    return Proposals(
        position.proposals.get("legitime"),
        position.proposals.get("raisonnable"),
        position.proposals.get("atteignable"),
    )


def target_context(snapshot: Snapshot) -> TargetContext:
    """The figures targets are checked against (the core rule's input), made once per snapshot."""
    return snapshot.kept("target_context", lambda: TargetContext.from_campaign(snapshot.campaign))


def can_edit(user, campaign: Campaign) -> bool:
    """Whether the user may type targets in this campaign now."""
    return campaign.status == Status.DRAFT and can_set_targets(user, campaign.code_ml)


def transitions_for(user, campaign: Campaign) -> list[Transition]:
    """The status moves this user may make on this campaign now."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.source == campaign.status and t.allowed(user, campaign.code_ml)
    ]


def _author(user) -> str:
    return user.get_full_name() or user.get_username()


def set_targets(
    user, campaign: Campaign, entries: Iterable[TargetEntry], snapshot: Snapshot
) -> int:
    """Store the entries that change something; return how many targets changed.

    Raises PermissionDenied when the user may not edit the campaign now, WorkflowError
    (French) when an entry breaks a rule of `perfml.target_review.review_target` (the
    rule of the workbook import and of the synchronisation too).
    """
    entries = list(entries)
    problems = []
    context = target_context(snapshot)
    for entry in entries:
        problem = review_target(
            context,
            campaign.code_ml,
            entry.indicator,
            entry.value,
            entry.source,
            entry.justification,
            territory=None,  # the permission predicates have checked the user's territory
        )
        if problem:
            problems.append(f"Indicateur {entry.indicator} : {problem}.")
    if problems:
        raise WorkflowError(" ".join(problems))
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not can_edit(user, locked):
            raise PermissionDenied(_why_not_editable(locked))
        now = timezone.now()
        existing = {t.indicator: t for t in locked.targets.all()}
        changed = 0
        for entry in entries:
            before = existing.get(entry.indicator)
            justification = entry.justification.strip()
            if (
                before is not None
                and is_same_target(before.value, entry.value)
                and before.source == entry.source
                and before.justification == justification
            ):
                continue
            Target.objects.update_or_create(
                campaign=locked,
                indicator=entry.indicator,
                defaults={
                    "value": entry.value,
                    "source": entry.source,
                    "justification": justification,
                    "author": user,
                    "author_name": _author(user),
                    "set_at": now,
                },
            )
            AuditEntry.objects.create(
                campaign=locked,
                kind=AuditEntry.TARGET,
                indicator=entry.indicator,
                old_value=before.value if before else None,
                new_value=entry.value,
                old_source=before.source if before else "",
                new_source=entry.source,
                justification=justification,
                author=user,
                author_name=_author(user),
                at=now,
            )
            changed += 1
        if changed:
            locked.save(update_fields=["updated_at"])
    return changed


def apply_transition(user, campaign: Campaign, action: str) -> Transition:
    """Move the campaign's status by `action`; raise PermissionDenied or WorkflowError."""
    transition = TRANSITIONS.get(action)
    if transition is None or not transition.allowed(user, campaign.code_ml):
        raise PermissionDenied("votre rôle ne permet pas ce changement de statut")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != transition.source:
            raise WorkflowError(
                f"La campagne est « {locked.get_status_display()} » : l'action "
                f"« {transition.label.lower()} » n'est pas possible."
            )
        if transition.target == Status.VALIDATED and transition.source == Status.DRAFT:
            missing = sorted(set(NUMBERS) - set(locked.targets.values_list("indicator", flat=True)))
            if missing:
                listed = ", ".join(str(n) for n in missing)
                which = (
                    f"les indicateurs {listed}" if len(missing) > 1 else f"l'indicateur {listed}"
                )
                raise WorkflowError(
                    "Toutes les cibles doivent être fixées avant la validation : "
                    f"il manque {which}."
                )
        old = locked.status
        locked.status = transition.target
        locked.save(update_fields=["status", "updated_at"])
        AuditEntry.objects.create(
            campaign=locked,
            kind=AuditEntry.STATUS,
            old_status=old,
            new_status=transition.target,
            author=user,
            author_name=_author(user),
            at=timezone.now(),
        )
    campaign.refresh_from_db()
    return transition


def _why_not_editable(campaign: Campaign) -> str:
    if campaign.status != Status.DRAFT:
        return (
            f"la campagne est « {campaign.get_status_display()} » : les cibles ne peuvent plus "
            "être modifiées"
        )
    return "votre rôle ne permet pas de fixer les cibles"
