"""How a user's territory reads in a sentence: « France entière », « Bretagne (53) »…"""

from __future__ import annotations

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
