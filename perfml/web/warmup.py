"""What a server process prepares before its first request (production start)."""

from __future__ import annotations

import logging

from perfml.errors import UserError

logger = logging.getLogger("perfml.web")


def warm_up() -> None:
    """Load the year's figures (disk cache written by `web preparer`) and the templates."""
    from django.template.loader import get_template

    from perfml.web.figures.store import current_snapshot
    from perfml.web.steering.fragments import warm_national_overview
    from perfml.web.steering.presenters import warm_ml_pages, warm_overview

    for name in ("base.html", "steering/overview.html", "steering/ml.html"):
        get_template(name)
    try:
        snapshot = current_snapshot()
    except UserError as error:  # no warehouse yet: the pages will say so
        logger.warning("Chiffres non préparés au démarrage : %s", error)
        return
    warm_overview(snapshot)
    warm_national_overview(snapshot)
    warm_ml_pages(snapshot)
    logger.info("Chiffres %s chargés (%d missions locales).", snapshot.year, len(snapshot.mls))
