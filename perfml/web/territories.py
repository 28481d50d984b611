"""Territories of the accounts: how they read (« Bretagne (53) »…) and which codes are valid."""

from __future__ import annotations

import re

from perfml.contract import CODE_DEPARTEMENT_PATTERN, CODE_ML_PATTERN, REGION_CODES
from perfml.reports.labels import region_label


def territory_label(kind: str, code: str) -> str:
    """The territory of a membership (kind national, region, departement or ml)."""
    if kind == "national":
        return "France entière"
    if kind == "region":
        return region_label(code)
    if kind == "departement":
        return f"département {code}"
    return f"mission locale {code}"


_CODE_CHECKS = {
    "region": (lambda code: code in REGION_CODES, "un code de région (par exemple 53)"),
    "departement": (
        lambda code: re.fullmatch(CODE_DEPARTEMENT_PATTERN, code) is not None,
        "un code de département (par exemple 35, 2A ou 974)",
    ),
    "ml": (
        lambda code: re.fullmatch(CODE_ML_PATTERN, code) is not None,
        "un code de mission locale à cinq caractères (par exemple 35001)",
    ),
}


def territory_problem(kind: str, code: str, mls) -> str | None:
    """Why `code` cannot be a territory of this kind (French sentence), or None if it can.

    `mls` are the warehouse's MLs (None when no warehouse is loaded yet: only the code's
    form is checked then).
    """
    if kind == "national":
        return None
    is_valid, expected = _CODE_CHECKS[kind]
    if not is_valid(code):
        return f"« {code} » n'est pas {expected}."
    if mls is None:
        return None
    field = {"region": "code_region", "departement": "code_departement", "ml": "code_ml"}[kind]
    if not any(getattr(ml, field) == code for ml in mls):
        return (
            f"Le territoire {territory_label(kind, code)} ne contient aucune mission locale "
            "de l'entrepôt chargé : vérifiez le code."
        )
    return None
