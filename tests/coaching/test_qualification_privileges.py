"""qualification_allows answers from the seller's highest unexpired, unrevoked level."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from coaching.models import QualificationLevel
from coaching.services import qualification_allows, qualification_apply, qualification_decide
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))


def _grant(seller, level, *, at=NOW):  # type: ignore[no-untyped-def]
    application = qualification_apply(seller=seller, level=level, now=at)
    qualification_decide(
        application=application, panelist=UserFactory(), decision="approve", rationale="ok", now=at
    )


def test_privileges_follow_the_highest_current_level() -> None:
    seller = UserFactory()
    associate = QualificationLevel.objects.create(name="Associate", rank=1, max_deal_size=Decimal("100000"))
    principal = QualificationLevel.objects.create(
        name="Principal",
        rank=4,
        max_deal_size=Decimal("5000000"),
        may_lead_strategic=True,
        grant_valid_days=30,
    )
    assert not qualification_allows(user=seller, privilege="lead_strategic_projects", now=NOW)
    _grant(seller, associate)
    assert not qualification_allows(user=seller, privilege="lead_strategic_projects", now=NOW)
    assert qualification_allows(user=seller, privilege="deal_size", amount=100000, now=NOW)
    assert not qualification_allows(user=seller, privilege="deal_size", amount=100001, now=NOW)
    _grant(seller, principal)
    assert qualification_allows(user=seller, privilege="lead_strategic_projects", now=NOW)
    assert qualification_allows(user=seller, privilege="deal_size", amount=2000000, now=NOW)
    later = NOW + dt.timedelta(days=31)  # the Principal grant has expired; Associate still holds
    assert not qualification_allows(user=seller, privilege="lead_strategic_projects", now=later)
    assert qualification_allows(user=seller, privilege="deal_size", amount=50000, now=later)


def test_unknown_privilege_is_an_error() -> None:
    with pytest.raises(ValueError):
        qualification_allows(user=UserFactory(), privilege="fly")
