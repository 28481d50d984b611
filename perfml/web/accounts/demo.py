"""Demo accounts: one per role, on the territories of the loaded warehouse."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from perfml.reports.labels import region_label
from perfml.web.accounts.models import Membership
from perfml.web.figures.snapshot import Snapshot


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    territory: str
    full_name: str


def demo_territories(snapshot: Snapshot) -> dict[str, str]:
    """The region with the most MLs, its département with the most MLs, and its first ML."""
    mls = list(snapshot.mls.values())
    region = Counter(ml.code_region for ml in mls).most_common(1)[0][0]
    in_region = [ml for ml in mls if ml.code_region == region]
    departement = Counter(ml.code_departement for ml in in_region).most_common(1)[0][0]
    ml = next(ml for ml in in_region if ml.code_departement == departement)
    return {"region": region, "departement": departement, "ml": ml.code_ml}


def create_demo_accounts(snapshot: Snapshot) -> list[DemoAccount]:
    """Create (or reset) the five demo accounts with fresh passwords; return them."""
    places = demo_territories(snapshot)
    ml = snapshot.ml(places["ml"])
    plans = [
        ("demo-dgefp", "DGEFP", {}, "France entière", "Agent DGEFP"),
        ("demo-dreets", "DREETS_UR", {"code_region": places["region"]},
         region_label(places["region"]), "Agent DREETS (unité régionale)"),
        ("demo-ud", "DREETS_UD", {"code_departement": places["departement"]},
         f"département {places['departement']}", "Agent DREETS (unité départementale)"),
        ("demo-arml", "ARML", {"code_region": places["region"]},
         region_label(places["region"]), "Chargé de mission ARML"),
        ("demo-ml", "ML", {"code_ml": ml.code_ml}, f"{ml.nom} ({ml.code_ml})",
         "Direction de mission locale"),
    ]  # fmt: skip
    accounts = []
    users = get_user_model()
    with transaction.atomic():
        for username, role, territory, label, full_name in plans:
            password = secrets.token_urlsafe(9)
            user, _ = users.objects.get_or_create(username=username)
            first, _, last = full_name.partition(" ")
            user.first_name, user.last_name = first, last
            user.set_password(password)
            user.save()
            Membership.objects.update_or_create(
                user=user,
                defaults={"role": role, "code_region": "", "code_departement": "",
                          "code_ml": "", **territory},
            )  # fmt: skip
            accounts.append(DemoAccount(username, password, role, label, full_name))
    return accounts
