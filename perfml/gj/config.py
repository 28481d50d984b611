"""The Garantie jeunes follow-up configuration: targets, projection, alerts, quality norms.

Read from a TOML file (`exemples/garantie_jeunes.toml` documents every key); a missing
key takes the default of Fiche 2 of the instruction (100 000 entries a year, one
counsellor for 50 youths, 4 to 6 weeks of collective phase). Every problem is reported
at once, one French sentence each, in a single `UserError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from perfml.configuration import read_toml, show_value
from perfml.contract import CODE_ML_PATTERN, REGION_CODES
from perfml.errors import UserError
from perfml.french import french_integer, french_share

# The largest objective (entries in a year) and the largest other number a configuration
# may give: far above the network's 100 000 entries, small enough to catch a slip.
MAX_ENTRIES = 10_000_000
MAX_NUMBER = 1_000_000

# The regions of the whole network, whose MLs share the national objective. Saint-Martin
# (10) is left out: an i-milo code, not an INSEE region, that may have no ML of its own.
# `[cible] regions_du_reseau` replaces this list.
NETWORK_REGIONS: tuple[str, ...] = tuple(code for code in REGION_CODES if code != "10")

SplitRule = Literal["neet", "entrees_annee_precedente", "egale"]
ProjectionMethod = Literal["lineaire", "saisonnalite"]
SPLIT_RULES: dict[str, str] = {
    "neet": "au prorata des jeunes NEET de 16 à 25 ans du territoire",
    "entrees_annee_precedente": "au prorata des entrées en Garantie jeunes de l'année précédente",
    "egale": "à parts égales",
}
PROJECTION_METHODS: dict[str, str] = {
    "lineaire": "cumul des mois complets × 12 / nombre de mois complets observés",
    "saisonnalite": (
        "cumul des mois complets × entrées de l'année précédente / entrées de l'année "
        "précédente sur les mêmes mois (profil saisonnier de l'année précédente)"
    ),
}
SECTIONS = {
    "cible": ("nationale", "repartition", "regions", "missions_locales", "regions_du_reseau"),
    "projection": ("methode",),
    "alertes": ("retard", "depassement"),
    "qualite": (
        "jeunes_par_conseiller_max",
        "phase_collective_semaines_min",
        "phase_collective_semaines_max",
        "delai_premiere_situation_mois",
    ),
}


@dataclass(frozen=True)
class GJConfig:
    """Targets, projection method, alert thresholds and quality norms of the GJ follow-up."""

    national_target: int = 100_000
    split_rule: SplitRule = "neet"
    region_targets: dict[str, int] = field(default_factory=dict)
    ml_targets: dict[str, int] = field(default_factory=dict)
    network_regions: tuple[str, ...] = NETWORK_REGIONS
    projection: ProjectionMethod = "lineaire"
    behind: float = 0.90  # alert when projection / target is below
    ahead: float = 1.10  # alert when projection / target is above
    youths_per_counsellor_max: float = 50.0
    collective_weeks_min: int = 4
    collective_weeks_max: int = 6
    first_situation_months: int = 3

    def describe(self) -> list[tuple[str, str]]:
        """Return the settings as French label/value lines (for the cover sheet)."""
        explicit = ", ".join(
            f"{code} : {_count(n)}" for code, n in sorted(self.region_targets.items())
        )
        return [
            ("Objectif national", f"{_count(self.national_target)} entrées dans l'année"),
            ("Objectifs régionaux fixés", explicit or "aucun"),
            ("Répartition du reste", SPLIT_RULES[self.split_rule]),
            ("Projection de fin d'année", PROJECTION_METHODS[self.projection]),
            (
                "Alertes",
                f"en retard quand la projection est sous {_percent(self.behind)} de la "
                f"cible, en dépassement quand elle est au-dessus de {_percent(self.ahead)}",
            ),
        ]


def _count(value: int) -> str:
    return french_integer(value)


def _percent(ratio: float) -> str:
    return french_share(ratio, 0)


def _number(
    section: dict,
    key: str,
    errors: list[str],
    where: str,
    integer=False,
    positive=True,
    maximum: float = MAX_NUMBER,
):
    value = section[key]
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if ok and isinstance(value, float):
        ok = math.isfinite(value)
    if ok and integer:
        ok = isinstance(value, int) or value.is_integer()
    if ok and positive:
        ok = value >= 0
    if ok:
        ok = value <= maximum
    if not ok:
        kind = "un nombre entier positif" if integer else "un nombre positif"
        errors.append(
            f"[{where}] {key} doit être {kind}, au plus {_count(maximum)} "
            f"(reçu : « {show_value(value)} »)."
        )
        return None
    return int(value) if integer else float(value)


def _targets(table: Any, where: str, valid, what: str, errors: list[str]) -> dict[str, int]:
    if not isinstance(table, dict):
        errors.append(f"[{where}] doit être une table « code = entrées ».")
        return {}
    targets = {}
    for code, value in table.items():
        if not valid(str(code)):
            errors.append(f"[{where}] « {code} » n'est pas un code de {what}.")
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_ENTRIES:
            errors.append(
                f"[{where}] la cible de {code} doit être un entier positif, au plus "
                f"{_count(MAX_ENTRIES)} (reçu : « {show_value(value)} »)."
            )
        else:
            targets[str(code)] = value
    return targets


def parse_config(data: dict[str, Any]) -> GJConfig:
    """Return the configuration a TOML document describes (defaults for what it leaves out)."""
    import re

    errors: list[str] = []
    values: dict[str, Any] = {}
    for name in data:
        if name not in SECTIONS:
            errors.append(f"Section inconnue : [{name}] (sections : {', '.join(SECTIONS)}).")
    for name, keys in SECTIONS.items():
        section = data.get(name, {})
        if not isinstance(section, dict):
            errors.append(f"[{name}] doit être une section.")
            continue
        for key in section:
            if key not in keys:
                errors.append(f"[{name}] clé inconnue : {key} (clés : {', '.join(keys)}).")
    cible, projection = data.get("cible", {}), data.get("projection", {})
    alerts, quality = data.get("alertes", {}), data.get("qualite", {})
    if "nationale" in cible:
        values["national_target"] = _number(
            cible, "nationale", errors, "cible", integer=True, maximum=MAX_ENTRIES
        )
    if "repartition" in cible:
        if cible["repartition"] not in SPLIT_RULES:
            errors.append(
                f"[cible] repartition doit valoir {', '.join(SPLIT_RULES)} "
                f"(reçu : « {show_value(cible['repartition'])} »)."
            )
        values["split_rule"] = cible["repartition"]
    if "regions" in cible:
        values["region_targets"] = _targets(
            cible["regions"], "cible.regions", REGION_CODES.__contains__, "région", errors
        )
    if "missions_locales" in cible:
        values["ml_targets"] = _targets(
            cible["missions_locales"],
            "cible.missions_locales",
            lambda code: re.fullmatch(CODE_ML_PATTERN, code) is not None,
            "mission locale",
            errors,
        )
    if "regions_du_reseau" in cible:
        listed = cible["regions_du_reseau"]
        if (
            not isinstance(listed, list)
            or not listed
            or not all(isinstance(c, str) and c in REGION_CODES for c in listed)
        ):
            errors.append(
                "[cible] regions_du_reseau doit être une liste de codes de région entre "
                f'guillemets, comme ["84", "93"] (codes : {", ".join(REGION_CODES)}).'
            )
        else:
            values["network_regions"] = tuple(sorted(set(listed)))
    if "methode" in projection:
        if projection["methode"] not in PROJECTION_METHODS:
            errors.append(
                f"[projection] methode doit valoir {', '.join(PROJECTION_METHODS)} "
                f"(reçu : « {show_value(projection['methode'])} »)."
            )
        values["projection"] = projection["methode"]
    for key, attribute in (("retard", "behind"), ("depassement", "ahead")):
        if key in alerts:
            values[attribute] = _number(alerts, key, errors, "alertes")
    for key, attribute, integer in (
        ("jeunes_par_conseiller_max", "youths_per_counsellor_max", False),
        ("phase_collective_semaines_min", "collective_weeks_min", True),
        ("phase_collective_semaines_max", "collective_weeks_max", True),
        ("delai_premiere_situation_mois", "first_situation_months", True),
    ):
        if key in quality:
            values[attribute] = _number(quality, key, errors, "qualite", integer=integer)
    config = GJConfig(**{k: v for k, v in values.items() if v is not None}) if not errors else None
    if config is not None:
        if config.behind > config.ahead:
            errors.append("[alertes] retard doit être inférieur ou égal à depassement.")
        if sum(config.region_targets.values()) > config.national_target:
            errors.append(
                "[cible] la somme des objectifs régionaux fixés "
                f"({sum(config.region_targets.values())}) dépasse l'objectif national "
                f"({config.national_target})."
            )
    if errors:
        raise UserError("Configuration de la Garantie jeunes invalide :\n- " + "\n- ".join(errors))
    return config


def read_config(path: Path | None) -> GJConfig:
    """Return the configuration of the TOML file `path` (the defaults when None)."""
    if path is None:
        return GJConfig()
    return parse_config(read_toml(path))
