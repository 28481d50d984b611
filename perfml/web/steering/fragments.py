"""The parts of the pages that are the same for many requests, rendered once per snapshot.

The indicators part of an ML's page is the same for every user allowed to see the ML
(box plots, values, distributions, proposals, monthly trend), so it is rendered once and
kept on the snapshot: `perfml web preparer` renders every ML's in parallel processes, a
request renders only an ML nobody has asked for yet. The overview's aggregates table and
filter options depend only on the user's territory (and the region filter): they are kept
the same way, per territory, the selected option being marked per request. Fragments kept
on disk by an older version of a template or of the code that shapes them are dropped,
not served.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from collections.abc import Callable
from pathlib import Path

from django.template.loader import get_template, render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from perfml.indicators.catalogue import CATALOGUE
from perfml.reports.labels import region_label
from perfml.web.accounts.roles import NATIONAL as NATIONAL_TERRITORY
from perfml.web.figures.snapshot import NATIONAL, POPULATIONS, REGION, MlInfo, Snapshot
from perfml.web.steering.presenters import (
    QUARTILE_LABELS,
    REFERENCE_LABELS,
    aggregate_row,
    indicator_cards,
)

TEMPLATE = "steering/_indicateurs.html"
OPTIONS_TEMPLATE = "steering/_options.html"
AGGREGATES_TEMPLATE = "steering/_reperes.html"
TEMPLATES = (TEMPLATE, OPTIONS_TEMPLATE, AGGREGATES_TEMPLATE)
# The modules that shape the fragments besides their templates (cards, drawings, labels,
# the overview's lists, number formats, region names).
SOURCES = (
    __name__,
    "perfml.web.steering.presenters",
    "perfml.web.steering.sparkline",
    "perfml.web.figures.boxplots",
    "perfml.web.figures.inline",
    "perfml.reports.boxplot",
    "perfml.reports.labels",
    "perfml.french",
    "perfml.contract",
)


@functools.cache
def fragments_version() -> str:
    """A digest of the templates and the modules the fragments are made with."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    for name in SOURCES:
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()[:16]


def stored_fragments(snapshot: Snapshot) -> dict[str, str]:
    """The snapshot's fragments, emptied first when another template or code made them."""
    version = fragments_version()
    if snapshot.fragments_version != version:
        snapshot.fragments = {}
        snapshot.fragments_version = version
    return snapshot.fragments


def indicators_fragment(snapshot: Snapshot, code_ml: str) -> str:
    """The HTML of the ML's ten indicators (rendered on first demand, then kept)."""
    fragments = stored_fragments(snapshot)
    fragment = fragments.get(code_ml)
    if fragment is None:
        fragment = render_to_string(
            TEMPLATE, {"cards": indicator_cards(snapshot, code_ml), "annee": snapshot.year}
        )
        fragments[code_ml] = fragment
    return fragment


def overview_scope(territory: str, code: str, mls: list[MlInfo]) -> str:
    """The key of a territory's overview fragments: its level, code and MLs (never shared
    by two territories, nor by a territory whose MLs changed)."""
    codes = " ".join(sorted(ml.code_ml for ml in mls))
    codes = hashlib.sha256(codes.encode()).hexdigest()[:16]
    return f"vue-ensemble|{territory}|{code}|{codes}"


def _kept(snapshot: Snapshot, key: str, template: str, context: Callable[[], dict]) -> str:
    """The fragment `key`, rendered from `template` with `context()` on first demand only."""
    fragments = stored_fragments(snapshot)
    fragment = fragments.get(key)
    if fragment is None:
        fragment = fragments[key] = render_to_string(template, context())
    return fragment


def overview_options(snapshot: Snapshot, scope: str, mls: list[MlInfo]) -> dict[str, str]:
    """The <option>s of each overview filter for the territory `scope`, none selected."""
    lists = {
        "region": lambda: [
            (code, region_label(code)) for code in sorted({ml.code_region for ml in mls})
        ],
        "departement": lambda: [(code, code) for code in sorted({m.code_departement for m in mls})],
        "groupe": lambda: [
            (n, f"Groupe {n}") for n in sorted({m.groupe for m in mls if m.groupe is not None})
        ],
        "reference": lambda: [(p, REFERENCE_LABELS[p]) for p in POPULATIONS],
        "indicateur": lambda: [(spec.number, spec.number) for spec in CATALOGUE],
        "quartile": lambda: list(QUARTILE_LABELS.items()),
    }
    return {
        name: _kept(
            snapshot,
            f"{scope}|options|{name}",
            OPTIONS_TEMPLATE,
            lambda options=options: {"options": options()},
        )
        for name, options in lists.items()
    }


def with_selected(options: str, value: object) -> SafeString:
    """The rendered `options` with the one of `value` marked selected (none if absent)."""
    if value is None or value == "":
        return mark_safe(options)
    tag = f'<option value="{escape(value)}">'
    return mark_safe(options.replace(tag, f"{tag[:-1]} selected>", 1))


def overview_aggregates(snapshot: Snapshot, scope: str, regions: list[str], region: str) -> str:
    """The rows of the aggregates table: France, then `region` or every region of `regions`."""

    def context() -> dict:
        aggregates = [("France entière", aggregate_row(snapshot, NATIONAL, "FR"))]
        aggregates += [
            (region_label(code), aggregate_row(snapshot, REGION, code))
            for code in ([region] if region else regions)
        ]
        return {"aggregates": aggregates}

    key = f"{scope}|reperes|{region}"
    return mark_safe(_kept(snapshot, key, AGGREGATES_TEMPLATE, context))


def warm_national_overview(snapshot: Snapshot) -> None:
    """Render the national overview's fragments (its options, the aggregates of France
    alone and with each region) before any request."""
    mls = list(snapshot.mls.values())
    scope = overview_scope(NATIONAL_TERRITORY, "", mls)
    overview_options(snapshot, scope, mls)
    regions = sorted({ml.code_region for ml in mls})
    for region in ("", *regions):
        overview_aggregates(snapshot, scope, regions, region)


_WORKER_SNAPSHOT: Snapshot | None = None


def _start_worker(snapshot: Snapshot) -> None:
    import django

    global _WORKER_SNAPSHOT
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfml.web.settings")
    django.setup()
    _WORKER_SNAPSHOT = snapshot


def _render(code_ml: str) -> tuple[str, str]:
    assert _WORKER_SNAPSHOT is not None
    return code_ml, indicators_fragment(_WORKER_SNAPSHOT, code_ml)


def render_every_ml(
    snapshot: Snapshot, codes: list[str], advance: Callable[[], None] | None = None
) -> None:
    """Render the indicators of every ML of `codes` into the snapshot, one process per core."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    tick = advance or (lambda: None)
    fragments = stored_fragments(snapshot)
    workers = max(1, min(os.cpu_count() or 1, len(codes)))
    if workers == 1 or len(codes) < 8:
        for code in codes:
            indicators_fragment(snapshot, code)
            tick()
        return
    bare = Snapshot(
        campaign=snapshot.campaign,
        structures=snapshot.structures,
        monthly=snapshot.monthly,
        key=snapshot.key,
    )
    # "spawn": the parent may hold DuckDB threads, which a fork must not copy.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(bare,),
    ) as pool:
        for future in as_completed([pool.submit(_render, code) for code in codes]):
            code, fragment = future.result()
            fragments[code] = fragment
            tick()
