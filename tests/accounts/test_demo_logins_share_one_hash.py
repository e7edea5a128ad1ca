"""The demo people are hashed once for all (seeding hashed forty passwords one by one); every login still works,
and seeding again leaves a password someone changed alone."""

from __future__ import annotations

import pytest

from accounts.demo import DEMO_PASSWORD, PEOPLE, demo_email, seed_accounts
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_every_demo_person_signs_in_with_the_demo_password() -> None:
    seed_accounts()
    people = list(User.objects.filter(email__endswith="@demo.rampway.example"))
    assert len(people) >= len(PEOPLE)
    assert all(user.check_password(DEMO_PASSWORD) for user in people)
    assert len({user.password for user in people}) == 1


def test_seeding_again_keeps_a_changed_password() -> None:
    seed_accounts()
    admin = User.objects.get(email=demo_email("admin"))
    admin.set_password("a-new-secret-2026")
    admin.save()
    seed_accounts()
    admin.refresh_from_db()
    assert admin.check_password("a-new-secret-2026")
    assert not admin.check_password(DEMO_PASSWORD)
