"""`web preparer`: the figures and every ML's page made ahead of the requests."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from perfml.web.figures.store import prepare, save
from perfml.web.steering.fragments import stored_fragments

pytestmark = pytest.mark.django_db


def test_preparer_counts_the_ml_pages_only_not_the_overview_fragments():
    warehouse = Path(settings.PERFML_ENTREPOT)
    snapshot = prepare(warehouse)
    stored_fragments(snapshot)["vue-ensemble|national||0|options|groupe"] = "<option>"
    save(snapshot, warehouse)
    out = StringIO()
    call_command("preparer", stdout=out)
    assert f"({len(snapshot.mls)} pages préparées)" in out.getvalue()
