"""The indicators part of an ML's page, rendered once per ML and warehouse version.

It is the same for every user allowed to see the ML (box plots, values, distributions,
proposals, monthly trend), so it is rendered once and kept on the snapshot:
`perfml web preparer` renders every ML's in parallel processes, a request renders only
an ML nobody has asked for yet. Fragments kept on disk by an older version of the
template or of the code that shapes it are dropped, not served.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from collections.abc import Callable
from pathlib import Path

from django.template.loader import get_template, render_to_string

from perfml.web.figures.snapshot import Snapshot
from perfml.web.steering.presenters import indicator_cards

TEMPLATE = "steering/_indicateurs.html"
# The modules that shape the fragment besides its template (cards, drawings, labels).
SOURCES = (
    "perfml.web.steering.presenters",
    "perfml.web.steering.sparkline",
    "perfml.web.figures.boxplots",
    "perfml.web.figures.inline",
    "perfml.reports.boxplot",
    "perfml.reports.labels",
)


@functools.cache
def fragments_version() -> str:
    """A digest of the template and the modules the fragments are made with."""
    digest = hashlib.sha256(get_template(TEMPLATE).template.source.encode())
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
