"""The five roles of the application as data: territory kind and what each may do.

Every permission predicate of `permissions` reads these flags; no view tests a role
by name.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL = "national"
REGION = "region"
DEPARTEMENT = "departement"
ML = "ml"


@dataclass(frozen=True)
class Role:
    """A role: its French label, the kind of territory it covers and its rights."""

    code: str
    label: str
    territory: str  # national, region, departement or ml
    sees_overview: bool  # the table of the MLs of its territory
    sets_targets: bool  # types targets while a campaign is a draft
    validates: bool  # validates a campaign, or reopens a validated one
    locks: bool  # locks a validated campaign
    unlocks: bool  # unlocks a locked campaign
    simulates_funding: bool  # the funding simulation of its region(s)


ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role("DGEFP", "DGEFP (niveau national)", NATIONAL,
             sees_overview=True, sets_targets=False, validates=False, locks=True,
             unlocks=True, simulates_funding=True),
        Role("DREETS_UR", "DREETS, unité régionale", REGION,
             sees_overview=True, sets_targets=True, validates=True, locks=True,
             unlocks=False, simulates_funding=True),
        Role("DREETS_UD", "DREETS, unité départementale", DEPARTEMENT,
             sees_overview=True, sets_targets=True, validates=False, locks=False,
             unlocks=False, simulates_funding=False),
        Role("ARML", "ARML (lecture seule)", REGION,
             sees_overview=True, sets_targets=False, validates=False, locks=False,
             unlocks=False, simulates_funding=True),
        Role("ML", "Direction de mission locale", ML,
             sees_overview=False, sets_targets=False, validates=False, locks=False,
             unlocks=False, simulates_funding=False),
    )
}  # fmt: skip

ROLE_CHOICES = [(role.code, role.label) for role in ROLES.values()]

# The membership field that names each territory kind's code.
TERRITORY_FIELDS: dict[str, str | None] = {
    NATIONAL: None,
    REGION: "code_region",
    DEPARTEMENT: "code_departement",
    ML: "code_ml",
}
