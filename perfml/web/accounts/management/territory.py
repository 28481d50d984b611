"""The role and territory that `compte` and `agent` give, checked before anything is written."""

from __future__ import annotations

from django.core.management.base import CommandError

from perfml.web.accounts.roles import ROLES, TERRITORY_FIELDS
from perfml.web.territories import territory_problem


def _warehouse_mls():
    """The MLs of the loaded warehouse, or None when none is loaded yet."""
    from perfml.errors import UserError
    from perfml.web.figures.store import current_snapshot

    try:
        return list(current_snapshot().mls.values())
    except UserError:
        return None


def role_fields(role: str, territoire: str) -> dict[str, str]:
    """The role and territory fields of a membership or a ProConnect access.

    Raise a CommandError (French message) when the role needs a territory and `territoire`
    is missing, is not a code of that kind or names no ML of the loaded warehouse.
    """
    kind = ROLES[role].territory
    field = TERRITORY_FIELDS[kind]
    values = {"role": role, "code_region": "", "code_departement": "", "code_ml": ""}
    if field is None:
        return values
    if not territoire:
        raise CommandError(f"Le rôle {role} demande un territoire (--territoire).")
    problem = territory_problem(kind, territoire, _warehouse_mls())
    if problem:
        raise CommandError(problem)
    values[field] = territoire
    return values
