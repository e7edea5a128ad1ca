"""Demo organisation: 2 regions, 4 teams, about 40 people across every role. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import OrgUnit, User
from .roles import Role
from .services import membership_add, user_create

DEMO_PASSWORD = "rampway-demo-2026"
DEMO_DOMAIN = "demo.rampway.example"

REGIONS = [
    ("east-china", "East China 华东区", ["shanghai-enterprise", "hangzhou-mid-market"]),
    ("north-america", "North America", ["new-york-enterprise", "austin-commercial"]),
]
TEAM_NAMES = {
    "shanghai-enterprise": "Shanghai Enterprise 上海大客户",
    "hangzhou-mid-market": "Hangzhou Mid-Market 杭州中型客户",
    "new-york-enterprise": "New York Enterprise",
    "austin-commercial": "Austin Commercial",
}

# (local part, first name, last name, roles, team slug or None, manages unit slug or None)
PEOPLE: list[tuple[str, str, str, tuple[str, ...], str | None, str | None]] = [
    ("admin", "Ada", "Admin", (Role.ADMIN,), None, None),
    ("it.lin", "Lin", "Wei", (Role.ADMIN,), None, None),
    ("analyst", "Grace", "Okafor", (Role.ANALYST,), None, None),
    ("analyst.zhou", "Zhou", "Min", (Role.ANALYST,), None, None),
    ("trainer", "Tom", "Baker", (Role.TRAINER,), None, None),
    ("trainer.chen", "Chen", "Jing", (Role.TRAINER,), None, None),
    ("trainer.ruiz", "Maria", "Ruiz", (Role.TRAINER,), None, None),
    ("recruiter", "Rita", "Hayes", (Role.RECRUITER,), None, None),
    ("recruiter.wang", "Wang", "Fang", (Role.RECRUITER,), None, None),
    ("recruiter.patel", "Dev", "Patel", (Role.RECRUITER,), None, None),
    ("vp.east", "Liu", "Yang", (Role.COACH,), None, "east-china"),
    ("vp.na", "Sarah", "Mitchell", (Role.COACH,), None, "north-america"),
    ("coach", "Carlos", "Mendes", (Role.COACH,), "new-york-enterprise", "new-york-enterprise"),
    ("coach.huang", "Huang", "Lei", (Role.COACH,), "shanghai-enterprise", "shanghai-enterprise"),
    ("coach.xu", "Xu", "Tao", (Role.COACH,), "hangzhou-mid-market", "hangzhou-mid-market"),
    ("coach.brooks", "Jordan", "Brooks", (Role.COACH,), "austin-commercial", "austin-commercial"),
]
LEARNERS = {
    "shanghai-enterprise": [
        ("Zhang", "Wei"),
        ("Li", "Na"),
        ("Wang", "Lei"),
        ("Zhao", "Min"),
        ("Sun", "Hao"),
        ("Ma", "Lin"),
    ],
    "hangzhou-mid-market": [
        ("Zhou", "Jie"),
        ("Wu", "Yan"),
        ("Zheng", "Qiang"),
        ("Feng", "Yu"),
        ("Chen", "Xi"),
        ("He", "Ping"),
    ],
    "new-york-enterprise": [
        ("Emma", "Johnson"),
        ("Liam", "Williams"),
        ("Olivia", "Brown"),
        ("Noah", "Davis"),
        ("Ava", "Miller"),
        ("Ethan", "Wilson"),
    ],
    "austin-commercial": [
        ("Sophia", "Moore"),
        ("Mason", "Taylor"),
        ("Isabella", "Anderson"),
        ("Lucas", "Thomas"),
        ("Mia", "Jackson"),
        ("James", "White"),
    ],
}


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def seed_accounts(*, today: dt.date | None = None) -> None:
    """Create what is missing; leave what exists alone."""
    today = today or dt.date.today()
    units: dict[str, OrgUnit] = {}
    for slug, name, teams in REGIONS:
        region, _ = OrgUnit.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": OrgUnit.Kind.REGION}
        )
        units[slug] = region
        for team_slug in teams:
            team_unit, _ = OrgUnit.objects.get_or_create(
                slug=team_slug,
                defaults={"name": TEAM_NAMES[team_slug], "kind": OrgUnit.Kind.TEAM, "parent": region},
            )
            units[team_slug] = team_unit

    created: list[int] = []

    def ensure(
        local: str, first: str, last: str, roles: tuple[str, ...], team: str | None, **extra: Any
    ) -> User:
        email = demo_email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email,
                password=None,  # set below, one hash for all
                first_name=first,
                last_name=last,
                roles=list(roles),
                verified=True,
                **extra,
            )
            created.append(user.pk)
        if team:
            membership_add(user=user, org_unit=units[team], actor=None)
        return user

    for local, first, last, roles, team, manages in PEOPLE:
        extra: dict[str, Any] = {}
        if local == "admin":
            extra = {"is_staff": True, "is_superuser": True}
        user = ensure(local, first, last, roles, team, **extra)
        if manages and units[manages].manager_id is None:
            OrgUnit.objects.filter(pk=units[manages].pk).update(manager=user)

    for index, (team, people) in enumerate(LEARNERS.items()):
        for n, (first, last) in enumerate(people):
            local = f"{first}.{last}".lower()
            start = today - dt.timedelta(days=7 * n + index)
            ensure(local, first, last, (Role.LEARNER,), team, start_date=start)
    # The README's single learner login, easy to remember.
    ensure(
        "learner",
        "Lucy",
        "Learner",
        (Role.LEARNER,),
        "new-york-enterprise",
        start_date=today - dt.timedelta(days=3),
    )
    # One hash for every demo login: each is a million PBKDF2 rounds (a third of a second or more of CPU).
    if created:
        User.objects.filter(pk__in=created).update(password=make_password(DEMO_PASSWORD))


# One login per role, for the README and the end of `seed_demo`.
DEMO_LOGINS = [
    ("admin", Role.ADMIN),
    ("analyst", Role.ANALYST),
    ("trainer", Role.TRAINER),
    ("recruiter", Role.RECRUITER),
    ("coach", Role.COACH),
    ("learner", Role.LEARNER),
]
