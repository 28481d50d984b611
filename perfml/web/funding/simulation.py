"""The funding simulation: the current configuration and a variant typed in a form.

Everything is `perfml.funding`'s: the facts are read once per warehouse version
(`campaign.prepare`, with every indicator's target attached so that any variant can be
applied), a configuration is checked by `config.parse_config` (French messages, weights
summing to exactly 1) and applied by `campaign.allocate`; `whatif.compare_ml` compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from perfml.errors import UserError
from perfml.indicators.catalogue import NUMBERS
from perfml.web.figures.snapshot import Snapshot
from perfml.web.figures.store import derived

SIMULATION_SOURCE = Path("simulation (formulaire de l'application web)")


@dataclass
class FundingBase:
    """What every simulation of the year starts from."""

    inputs: object  # perfml.funding.inputs.FundingInputs
    current: object | None  # the current FundingConfig (None when there is no file)
    current_result: object | None  # AllocationResult of the current configuration


def _every_target_config():
    """A configuration weighing every indicator, so that every target gets attached."""
    from perfml.funding.config import parse_config

    raw = {
        "criteres": {"part_fixe": 1},
        "indicateurs": {str(n): f"1/{len(NUMBERS)}" for n in NUMBERS},
        "enveloppes": {"regions": "toutes", "total_eur": 0, "repartition": "part_fixe"},
    }
    return parse_config(raw, Path("toutes les cibles"), "regionale")


def funding_base(snapshot: Snapshot) -> FundingBase:
    """The year's funding facts and the current configuration applied (computed once)."""

    def compute(con, snap):
        from perfml.funding.campaign import allocate, prepare
        from perfml.funding.config import load_config

        path = Path(settings.PERFML_CONFIG_ALLOCATION)
        current = load_config(path, "regionale") if path.is_file() else None
        configs = [_every_target_config(), *([current] if current else [])]
        inputs = prepare(con, snap.year, configs)
        return FundingBase(inputs, current, allocate(current, inputs) if current else None)

    return derived(snapshot, "financement", compute)


def region_rule(base: FundingBase, code_region: str):
    """The current rule of the region (None without a current configuration)."""
    return base.current.rule_for(code_region) if base.current is not None else None


def current_envelope(base: FundingBase, code_region: str) -> int | None:
    """The region's envelope under the current configuration."""
    if base.current_result is None:
        return None
    for region in base.current_result.regions:
        if region.code_region == code_region:
            return region.envelope_eur
    return None


def simulate(
    base: FundingBase,
    code_region: str,
    envelope_eur: int,
    mode: str,
    criteria: dict[str, str],
    indicators: dict[int, str],
):
    """Apply a variant to one region; raise UserError (French, every problem) if invalid."""
    from perfml.funding.campaign import allocate
    from perfml.funding.config import parse_config

    raw = {
        "mode_atteinte": mode,
        "criteres": {name: weight for name, weight in criteria.items() if weight.strip()},
        "indicateurs": {str(n): weight for n, weight in indicators.items() if weight.strip()},
        "regions": {code_region: {"enveloppe_eur": envelope_eur}},
    }
    config = parse_config(raw, SIMULATION_SOURCE, "regionale")
    return allocate(config, base.inputs)


def region_rows(result, code_region: str):
    """The region's allocation of a result (None when the region is not in it)."""
    if result is None:
        return None
    for region in result.regions:
        if region.code_region == code_region:
            return region
    return None


def comparison(base: FundingBase, simulated, code_region: str):
    """One row per ML of the region: current and simulated amounts and the gap."""
    from perfml.funding.whatif import compare_ml

    if base.current_result is None:
        raise UserError("Aucune configuration actuelle à comparer.")
    frame = compare_ml(base.current_result, simulated)
    return frame[frame["code_region"].astype(str) == code_region]
