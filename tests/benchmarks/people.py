"""Many learner accounts at once: one password hash shared by all, the learner role, optional team membership."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Membership, OrgUnit, User
from accounts.roles import Role

PASSWORD = "bench-examinee-password-2026"
_hash: dict[str, str] = {}


def password_hash() -> str:
    """The hash of PASSWORD, made once: hashing 10,000 times would dominate the setup."""
    if "value" not in _hash:
        _hash["value"] = make_password(PASSWORD)
    return _hash["value"]


def learners_bulk_create(*, n: int, prefix: str, team: OrgUnit | None = None, seed: int = 0) -> list[User]:
    rng = random.Random(seed)
    today = date.today()
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}-{i:05d}@bench.rampway.example",
                first_name=rng.choice(["Ana", "Bo", "Chen", "Dev", "Eli", "Fay", "Gus", "Hui"]),
                last_name=f"{prefix.title()} {i:05d}",
                password=password_hash(),
                start_date=today - timedelta(days=rng.randrange(0, 60)),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    learner = Group.objects.get(name=Role.LEARNER)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=learner.pk) for u in users], batch_size=5000
    )
    if team is not None:
        Membership.objects.bulk_create([Membership(user=u, org_unit=team) for u in users], batch_size=5000)
    return users
