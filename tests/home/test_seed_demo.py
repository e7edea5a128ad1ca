"""`seed_demo` builds a believable organisation, and running it twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import OrgUnit, User
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_seed_demo_builds_regions_teams_and_people_in_every_role(roles) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).count() == 2
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).count() == 4
    assert not OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM, manager=None).exists()
    # The 80 demo hires (learner accounts made by the hiring seeder) are checked in tests/hiring/test_demo_seed.py.
    assert 35 <= User.objects.filter(candidate__isnull=True).count() <= 50
    for role in Role:
        assert User.objects.filter(groups__name=role).exists(), role
    assert "learner@demo.rampway.example" in out.getvalue()
    assert "password" in out.getvalue()


def test_seed_demo_twice_changes_nothing(roles) -> None:  # type: ignore[no-untyped-def]
    call_command("seed_demo", stdout=StringIO())
    before = _row_counts()
    call_command("seed_demo", stdout=StringIO())
    after = _row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}
