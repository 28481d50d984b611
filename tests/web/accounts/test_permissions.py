"""The permission predicates on the hand-made snapshot: one rule per test."""

from __future__ import annotations

import pytest

from perfml.web.accounts import permissions
from web.conftest import make_user

pytestmark = pytest.mark.django_db


def codes(user) -> list[str]:
    return [ml.code_ml for ml in permissions.visible_mls(user)]


def test_dgefp_sees_every_ml(users):
    assert codes(users["DGEFP"]) == ["29001", "35001", "35002", "69001"]


def test_regional_unit_sees_the_mls_of_its_region(users):
    assert codes(users["DREETS_UR"]) == ["29001", "35001", "35002"]


def test_departmental_unit_sees_the_mls_of_its_departement(users):
    assert codes(users["DREETS_UD"]) == ["35001", "35002"]


def test_arml_sees_the_mls_of_its_region(users):
    assert codes(users["ARML"]) == ["29001", "35001", "35002"]


def test_ml_director_sees_only_its_ml(users):
    assert codes(users["ML"]) == ["35001"]


def test_user_without_membership_sees_nothing(db):
    assert codes(make_user("sans-role", None)) == []


def test_unknown_ml_is_never_visible(users):
    assert not permissions.can_view_ml(users["DGEFP"], "99999")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("DGEFP", False), ("DREETS_UR", True), ("DREETS_UD", True), ("ARML", False), ("ML", False)],
)
def test_only_dreets_units_set_targets(users, role, expected):
    assert permissions.can_set_targets(users[role], "35001") is expected


def test_departmental_unit_sets_no_target_outside_its_departement(users):
    assert not permissions.can_set_targets(users["DREETS_UD"], "29001")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("DGEFP", False), ("DREETS_UR", True), ("DREETS_UD", False), ("ARML", False), ("ML", False)],
)
def test_only_the_regional_unit_validates(users, role, expected):
    assert permissions.can_validate_campaign(users[role], "35001") is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("DGEFP", True), ("DREETS_UR", False), ("DREETS_UD", False), ("ARML", False), ("ML", False)],
)
def test_only_the_dgefp_unlocks(users, role, expected):
    assert permissions.can_unlock_campaign(users[role], "35001") is expected


@pytest.mark.parametrize(
    ("role", "region", "expected"),
    [
        ("DGEFP", "84", True),
        ("DREETS_UR", "53", True),
        ("DREETS_UR", "84", False),
        ("ARML", "53", True),
        ("DREETS_UD", "53", False),
        ("ML", "53", False),
    ],
)
def test_funding_simulation_is_regional(users, role, region, expected):
    assert permissions.can_simulate_funding(users[role], region) is expected


def test_ml_director_has_no_overview(users):
    assert not permissions.can_view_overview(users["ML"])


@pytest.mark.parametrize(
    ("role", "expected"),
    [("DGEFP", True), ("DREETS_UR", False), ("DREETS_UD", False), ("ARML", False), ("ML", False)],
)
def test_only_the_dgefp_sees_the_nation(users, role, expected):
    assert permissions.can_view_nation(users[role]) is expected


def test_user_without_membership_does_not_see_the_nation(db):
    assert not permissions.can_view_nation(make_user("sans", None))
