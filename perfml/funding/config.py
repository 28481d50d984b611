"""The funding configuration: a TOML file read with `tomllib` and checked key by key.

Every problem found is reported at once, one French sentence each, in a single
`UserError`. Weights are kept as exact fractions (a TOML `0.1` is one tenth; a string
such as `"1/3"` is accepted), so that "weights sum to 1" is an exact test.
`docs/allocation.md` describes every key for users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from perfml.configuration import read_toml, show_value
from perfml.errors import UserError
from perfml.funding.criteria import CRITERIA
from perfml.funding.fields import (
    MAX_EUROS,
    Problems,
    check_keys,
    is_int,
    parse_indicator_number,
    read_count,
    read_euros,
    read_fraction,
    read_region_code,
    read_weights,
)
from perfml.funding.formats import format_euros

AchievementMode = Literal["binaire", "progressif"]
ProgressionScore = Literal["binaire", "relatif"]

ACHIEVEMENT_MODES: tuple[str, ...] = ("binaire", "progressif")
PROGRESSION_SCORES: tuple[str, ...] = ("binaire", "relatif")
# The instruction's 10 national key indicators.
INDICATOR_NUMBERS: tuple[int, ...] = tuple(range(1, 11))
ALL_REGIONS = "toutes"
NATIONAL_SPLIT = "nationale"
DEFAULT_FULL_PROGRESSION = Fraction(1, 10)

# An indicator counts in the bonus only when the count its value rests on (youths or
# exits: the catalogue's `effectif`) reaches this minimum (« effectif_minimum »).
DEFAULT_MIN_COUNT = 20
MAX_MIN_COUNT = 1_000_000

TOP_KEYS = (
    "annee",
    "effectif_minimum",
    "mode_atteinte",
    "cibles_obligatoires",
    "criteres",
    "indicateurs",
    "enveloppes",
    "regions",
    "nationale",
)
ENVELOPE_KEYS = ("regions", "total_eur", "repartition")
REGION_KEYS = ("enveloppe_eur", "mode_atteinte", "criteres", "indicateurs")
NATIONAL_KEYS = (
    "credit_eur",
    "part_performance",
    "score_progression",
    "progression_pleine",
    "activite",
    "indicateurs",
)


@dataclass(frozen=True)
class RegionRule:
    """How one region splits its envelope: base criteria, indicators, achievement mode."""

    criteria: dict[str, Fraction]
    indicators: dict[int, Fraction]
    achievement_mode: AchievementMode = "binaire"


@dataclass(frozen=True)
class EnvelopeRule:
    """Envelopes of all (or listed) regions from one total: by a criterion or nationally."""

    regions: tuple[str, ...] | None  # None: every region of the warehouse
    split: str  # a criterion name or "nationale"
    total_eur: int | None = None  # None when the split is the national one


@dataclass(frozen=True)
class NationalRule:
    """The split of the national credit between regions (activity, then progression)."""

    credit_eur: int
    performance_share: Fraction
    activity: dict[str, Fraction]
    indicators: dict[int, Fraction]
    score: ProgressionScore = "binaire"
    full_progression: Fraction = DEFAULT_FULL_PROGRESSION


@dataclass(frozen=True)
class FundingConfig:
    """A checked funding configuration."""

    source: Path
    year: int | None
    default_rule: RegionRule | None
    region_rules: dict[str, RegionRule] = field(default_factory=dict)
    envelopes: dict[str, int] = field(default_factory=dict)  # region → euros, when listed
    envelope_rule: EnvelopeRule | None = None
    national: NationalRule | None = None
    targets_required: bool = False
    min_count: int = DEFAULT_MIN_COUNT

    def rule_for(self, region: str) -> RegionRule:
        """Return the rule of `region`: its own section, else the file's default."""
        rule = self.region_rules.get(region, self.default_rule)
        if rule is None:  # load_config guarantees one for a regional configuration
            raise UserError(f"Aucune règle d'allocation pour la région {region}.")
        return rule

    @property
    def listed_regions(self) -> tuple[str, ...] | None:
        """The regions the file names for the allocation, or None for "toutes"."""
        if self.envelope_rule is not None:
            return self.envelope_rule.regions
        return tuple(sorted(self.envelopes))


def load_config(path: str | Path, purpose: Literal["regionale", "nationale"]) -> FundingConfig:
    """Read and check the TOML file at `path` for a regional or a national allocation."""
    path = Path(path)
    return parse_config(read_toml(path), path, purpose)


def parse_config(
    raw: dict[str, Any], source: Path, purpose: Literal["regionale", "nationale"]
) -> FundingConfig:
    """Check a parsed TOML document and return the configuration it describes."""
    problems = Problems()
    check_keys(raw, TOP_KEYS, "", problems)

    year = raw.get("annee")
    if year is not None and (not is_int(year) or not 1990 <= year <= 2100):
        problems.add(
            f"« annee » doit être une année (par exemple 2025), pas « {show_value(year)} »."
        )
        year = None
    min_count = raw.get("effectif_minimum", DEFAULT_MIN_COUNT)
    min_count = read_count(min_count, "effectif_minimum", problems, MAX_MIN_COUNT)
    targets_required = raw.get("cibles_obligatoires", False)
    if not isinstance(targets_required, bool):
        problems.add("« cibles_obligatoires » doit valoir true ou false.")
        targets_required = False

    national = None
    if "nationale" in raw:
        national = _national_rule(raw["nationale"], problems)
    elif purpose == "nationale":
        problems.add("La section [nationale] manque : elle décrit la répartition entre régions.")

    default_rule = None
    region_rules: dict[str, RegionRule] = {}
    envelopes: dict[str, int] = {}
    envelope_rule = None
    if purpose == "regionale":
        default_rule = _region_rule(raw, "", None, problems)
        region_rules, envelopes, without_envelope = _region_sections(
            raw.get("regions", {}), default_rule, problems
        )
        envelope_rule = _envelope_rule(raw.get("enveloppes"), problems)
        if "enveloppes" not in raw:
            for code in without_envelope:
                problems.add(
                    f"[regions.{code}] n'a pas d'« enveloppe_eur » : donnez le montant de la "
                    "région, ou une section [enveloppes] pour toutes les régions."
                )
        if "enveloppes" not in raw or envelope_rule is not None:
            # (an invalid [enveloppes] section already has its own messages)
            _check_envelope_sources(envelope_rule, envelopes, national, problems)
        if sum(envelopes.values()) > MAX_EUROS:
            problems.add(
                f"Les enveloppes régionales font ensemble {format_euros(sum(envelopes.values()))}, "
                f"ce qui dépasse le maximum accepté de {format_euros(MAX_EUROS)}."
            )
        if envelope_rule is not None and envelope_rule.regions is not None:
            unknown = sorted(set(region_rules) - set(envelope_rule.regions))
            for code in unknown:
                problems.add(
                    f"La section [regions.{code}] décrit une région absente de "
                    "[enveloppes] regions."
                )

    if problems.messages:
        listed = "\n".join(f"  - {m}" for m in problems.messages)
        raise UserError(f"La configuration {source} n'est pas valide :\n{listed}")
    return FundingConfig(
        source=source,
        year=year,
        default_rule=default_rule,
        region_rules=region_rules,
        envelopes=envelopes,
        envelope_rule=envelope_rule,
        national=national,
        targets_required=targets_required,
        min_count=min_count if min_count is not None else DEFAULT_MIN_COUNT,
    )


def _mode(value: Any, where: str, problems: Problems) -> AchievementMode | None:
    if value not in ACHIEVEMENT_MODES:
        problems.add(
            f"« {where}mode_atteinte » vaut « {value} » : choisissez « binaire » ou « progressif »."
        )
        return None
    return value


def _region_rule(
    table: dict[str, Any], where: str, default: RegionRule | None, problems: Problems
) -> RegionRule | None:
    """The rule of a section: its own keys, the default's for the others.

    At the top level (`where` empty) the criteria and indicators are required; a region
    section without them inherits the default's, and says nothing more when the default
    itself is invalid (its problems are already listed).
    """
    prefix = f"{where}." if where else ""
    missing = [k for k in ("criteres", "indicateurs") if k not in table]
    if not where:
        for key in missing:
            problems.add(
                f"La section [{key}] manque : elle donne les poids de "
                + ("la base." if key == "criteres" else "la majoration (part performance).")
            )
    if missing and default is None:
        return None
    criteria = indicators = None
    if "criteres" in table:
        criteria = read_weights(
            table["criteres"], f"{prefix}criteres", tuple(CRITERIA), "critère", problems
        )
    elif default is not None:
        criteria = default.criteria
    if "indicateurs" in table:
        indicators = read_weights(
            table["indicateurs"],
            f"{prefix}indicateurs",
            INDICATOR_NUMBERS,
            "indicateur",
            problems,
            parse_key=parse_indicator_number,
        )
    elif default is not None:
        indicators = default.indicators
    mode = _mode(
        table.get("mode_atteinte", default.achievement_mode if default else "binaire"),
        prefix,
        problems,
    )
    if criteria is None or indicators is None or mode is None:
        return None
    return RegionRule(criteria=criteria, indicators=indicators, achievement_mode=mode)


def _region_sections(
    sections: Any, default: RegionRule | None, problems: Problems
) -> tuple[dict[str, RegionRule], dict[str, int], list[str]]:
    """The per-region rules that differ from the default, the envelopes, the sections
    without an « enveloppe_eur » key."""
    rules: dict[str, RegionRule] = {}
    envelopes: dict[str, int] = {}
    codes: list[str] = []
    if not isinstance(sections, dict):
        problems.add("[regions] doit contenir une section par région, comme [regions.84].")
        return rules, envelopes, codes
    for key, section in sections.items():
        code = read_region_code(key, f"[regions.{key}]", problems)
        if code is None:
            continue
        if isinstance(section, dict) and "enveloppe_eur" not in section:
            codes.append(code)
        if not isinstance(section, dict):
            problems.add(f"[regions.{key}] doit être une section, pas une valeur.")
            continue
        check_keys(section, REGION_KEYS, f"regions.{key}", problems)
        if "enveloppe_eur" in section:
            amount = read_euros(section["enveloppe_eur"], f"regions.{key}.enveloppe_eur", problems)
            if amount is not None:
                envelopes[code] = amount
        rule = _region_rule(section, f"regions.{key}", default, problems)
        if rule is not None and rule != default:
            rules[code] = rule
    return rules, envelopes, codes


def _envelope_rule(table: Any, problems: Problems) -> EnvelopeRule | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        problems.add("[enveloppes] doit être une section.")
        return None
    check_keys(table, ENVELOPE_KEYS, "enveloppes", problems)
    regions_value = table.get("regions", ALL_REGIONS)
    regions: tuple[str, ...] | None = None
    if isinstance(regions_value, list) and regions_value:
        codes = [read_region_code(r, "[enveloppes] regions", problems) for r in regions_value]
        if None in codes:
            return None
        regions = tuple(sorted(set(codes)))
    elif regions_value != ALL_REGIONS:
        problems.add(
            '« enveloppes.regions » vaut « toutes » ou une liste de codes de région (["84", "93"]).'
        )
        return None
    split = table.get("repartition")
    if split is None:
        problems.add(
            "« enveloppes.repartition » manque : un critère (par exemple "
            "« jeunes_accompagnes ») ou « nationale »."
        )
        return None
    if split != NATIONAL_SPLIT and split not in CRITERIA:
        problems.add(
            f"« enveloppes.repartition » vaut « {split} » : critère inconnu "
            f"(critères possibles : {', '.join(CRITERIA)}, ou « nationale »)."
        )
        return None
    total = None
    if split == NATIONAL_SPLIT:
        if "total_eur" in table:
            problems.add(
                "« enveloppes.total_eur » ne va pas avec repartition = « nationale » : "
                "le montant réparti est « nationale.credit_eur »."
            )
            return None
    else:
        if "total_eur" not in table:
            problems.add("« enveloppes.total_eur » manque : le montant à répartir entre régions.")
            return None
        total = read_euros(table["total_eur"], "enveloppes.total_eur", problems)
        if total is None:
            return None
    return EnvelopeRule(regions=regions, split=split, total_eur=total)


def _check_envelope_sources(
    rule: EnvelopeRule | None,
    envelopes: dict[str, int],
    national: NationalRule | None,
    problems: Problems,
) -> None:
    """Exactly one way to know each region's envelope."""
    if rule is None and not envelopes:
        problems.add(
            "Aucune enveloppe : donnez « enveloppe_eur » dans une section [regions.XX] par "
            "région, ou une section [enveloppes] pour toutes les régions."
        )
    if rule is not None and envelopes:
        problems.add(
            "Les enveloppes sont données deux fois : [enveloppes] et « enveloppe_eur » dans "
            f"[regions.{sorted(envelopes)[0]}] ; gardez l'un ou l'autre."
        )
    if rule is not None and rule.split == NATIONAL_SPLIT and national is None:
        problems.add("repartition = « nationale » demande une section [nationale].")


def _national_rule(table: Any, problems: Problems) -> NationalRule | None:
    if not isinstance(table, dict):
        problems.add("[nationale] doit être une section.")
        return None
    check_keys(table, NATIONAL_KEYS, "nationale", problems)
    credit = None
    if "credit_eur" not in table:
        problems.add("« nationale.credit_eur » manque : le crédit national à répartir.")
    else:
        credit = read_euros(table["credit_eur"], "nationale.credit_eur", problems)
    share = None
    if "part_performance" not in table:
        problems.add(
            "« nationale.part_performance » manque : la part du crédit répartie selon la "
            "progression (0.1 pour 10 %)."
        )
    else:
        share = read_fraction(table["part_performance"], "nationale.part_performance", problems)
    if share is not None and not 0 <= share <= 1:
        problems.add("« nationale.part_performance » doit être entre 0 et 1 (0.1 pour 10 %).")
        share = None
    score = table.get("score_progression", "binaire")
    if score not in PROGRESSION_SCORES:
        problems.add(
            f"« nationale.score_progression » vaut « {score} » : choisissez « binaire » ou "
            "« relatif »."
        )
        score = None
    full = DEFAULT_FULL_PROGRESSION
    if "progression_pleine" in table:
        full = read_fraction(table["progression_pleine"], "nationale.progression_pleine", problems)
        if full is not None and full <= 0:
            problems.add("« nationale.progression_pleine » doit être > 0 (0.1 pour 10 %).")
            full = None
    activity = read_weights(
        table.get("activite"), "nationale.activite", tuple(CRITERIA), "critère", problems
    )
    indicators = read_weights(
        table.get("indicateurs"),
        "nationale.indicateurs",
        INDICATOR_NUMBERS,
        "indicateur",
        problems,
        parse_key=parse_indicator_number,
    )
    if None in (credit, share, score, full, activity, indicators):
        return None
    return NationalRule(
        credit_eur=credit,
        performance_share=share,
        activity=activity,
        indicators=indicators,
        score=score,
        full_progression=full,
    )
