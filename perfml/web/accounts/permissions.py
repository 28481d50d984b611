"""The permission predicates: one per rule, used by the views and as query filters.

A user's territory comes from its membership (`Membership`), never from the URL. A page
about something outside the user's territory answers 404 (its existence is not
revealed); an action the user's role does not allow inside its territory answers 403.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404

from perfml.web.accounts.models import Membership
from perfml.web.accounts.roles import DEPARTEMENT, ML, NATIONAL, REGION
from perfml.web.figures.snapshot import MlInfo
from perfml.web.figures.store import current_snapshot


def membership_of(user) -> Membership | None:
    """Return the user's membership, None for an anonymous user or one without any."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_perfml_membership", False)
    if cached is not False:
        return cached
    try:
        membership = user.membership
    except Membership.DoesNotExist:
        membership = None
    user._perfml_membership = membership
    return membership


def covers_ml(membership: Membership, ml: MlInfo) -> bool:
    """Return whether the membership's territory contains the ML."""
    kind = membership.role_spec.territory
    if kind == NATIONAL:
        return True
    if kind == REGION:
        return ml.code_region == membership.code_region
    if kind == DEPARTEMENT:
        return ml.code_departement == membership.code_departement
    if kind == ML:
        return ml.code_ml == membership.code_ml
    return False


def visible_mls(user) -> list[MlInfo]:
    """Return the MLs the user may see, sorted by code (the filter of every ML query)."""
    membership = membership_of(user)
    if membership is None:
        return []
    return [ml for ml in current_snapshot().mls.values() if covers_ml(membership, ml)]


def can_view_ml(user, code_ml: str) -> bool:
    """Whether the user may see the ML's page, targets, reports and downloads."""
    membership = membership_of(user)
    ml = current_snapshot().ml(code_ml)
    return membership is not None and ml is not None and covers_ml(membership, ml)


def can_view_nation(user) -> bool:
    """Whether the user's territory is the nation: national figures and files, every region."""
    membership = membership_of(user)
    return membership is not None and membership.role_spec.territory == NATIONAL


def can_view_overview(user) -> bool:
    """Whether the user may see the table of the MLs of its territory."""
    membership = membership_of(user)
    return membership is not None and membership.role_spec.sees_overview


# The national funnel plots place every ML of France (unnamed) by its rate and size: a
# State steering view, for the DGEFP and the DREETS (not the ARML, not an ML).
FUNNEL_ROLES = frozenset({"DGEFP", "DREETS_UR", "DREETS_UD"})


def can_view_funnels(user) -> bool:
    """Whether the user may see the national funnel plots (DGEFP and DREETS)."""
    membership = membership_of(user)
    return membership is not None and membership.role_spec.code in FUNNEL_ROLES


def can_view_region(user, code_region: str) -> bool:
    """Whether the region as a whole is within the user's territory (nation or region)."""
    membership = membership_of(user)
    if membership is None or code_region not in current_snapshot().regions:
        return False
    if can_view_nation(user):
        return True
    return membership.role_spec.territory == REGION and membership.code_region == code_region


def can_set_targets(user, code_ml: str) -> bool:
    """Whether the user's role types targets for this ML (while its campaign is a draft)."""
    membership = membership_of(user)
    return (
        membership is not None and membership.role_spec.sets_targets and can_view_ml(user, code_ml)
    )


def can_validate_campaign(user, code_ml: str) -> bool:
    """Whether the user validates (or reopens) the ML's campaign: the DREETS regional unit."""
    membership = membership_of(user)
    return membership is not None and membership.role_spec.validates and can_view_ml(user, code_ml)


def can_lock_campaign(user, code_ml: str) -> bool:
    """Whether the user locks the ML's validated campaign."""
    membership = membership_of(user)
    return membership is not None and membership.role_spec.locks and can_view_ml(user, code_ml)


def can_unlock_campaign(user, code_ml: str) -> bool:
    """Whether the user unlocks the ML's locked campaign (the DGEFP)."""
    membership = membership_of(user)
    return membership is not None and membership.role_spec.unlocks and can_view_ml(user, code_ml)


def can_simulate_funding(user, code_region: str) -> bool:
    """Whether the user runs the funding simulation of the region."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role_spec.simulates_funding
        and can_view_region(user, code_region)
    )


def visible_regions(user) -> list[str]:
    """Return the regions the user sees as a whole (all for the nation, its own for a region)."""
    return [code for code in current_snapshot().regions if can_view_region(user, code)]


def member_required(view):
    """Answer 404 to a user without membership: such a user has no territory to see."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if membership_of(request.user) is None:
            raise Http404("compte sans rattachement")
        return view(request, *args, **kwargs)

    return guarded
