"""The coaching team page's team-wide before/after is computed in the database; it must equal the Python
reference (`weekly_measures` + `before_after` over every visit of the sellers in view, each seller's start
being their earliest engagement), and the per-seller table is paged in the database, by seller name."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from accounts.roles import Role
from coaching.measures import before_after, weekly_measures
from coaching.models import Engagement, FieldDay, Visit
from coaching.selectors import engagements_coached_by, team_comparison, visit_facts
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement

pytestmark = pytest.mark.django_db


def _world(coach, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    objectives = list(Visit.Objective.values)
    for n in range(5):
        seller = UserFactory(roles=[Role.LEARNER], last_name=f"Seller {n:02d}")
        starts = [dt.date(2026, 3, 2) + dt.timedelta(days=rng.randrange(-20, 20)) for _ in range(1 + n % 2)]
        for start in starts:  # some sellers have two engagements: the earliest start counts
            engagement = make_engagement(coach=coach, seller=seller, start=start)
            for _day in range(3):
                day = FieldDay.objects.create(
                    engagement=engagement,
                    date=start + dt.timedelta(days=rng.randrange(-40, 40)),
                    draft_id=f"{rng.getrandbits(128):032x}",
                    recorded_by=coach,
                )
                Visit.objects.bulk_create(
                    [
                        Visit(
                            field_day=day,
                            position=p,
                            customer_name="Acme",
                            segment="enterprise",
                            call_type="first",
                            objective=rng.choice(objectives),
                            appointment_won=rng.random() < 0.5,
                            duration_minutes=rng.randrange(10, 90),
                            coach_rating=rng.choice([None, 1, 2, 3, 4]),
                        )
                        for p in range(rng.randrange(1, 4))
                    ]
                )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_team_comparison_equals_the_python_reference(roles, seed: int) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    _world(coach, random.Random(seed))
    visible = engagements_coached_by(coach)
    starts: dict[int, dt.date] = {}
    for e in Engagement.objects.filter(coach=coach):
        starts[e.seller_id] = min(starts.get(e.seller_id, e.start_date), e.start_date)
    expected = before_after(weekly_measures(visit_facts(list(starts))), starts)
    got = team_comparison(visible)
    assert [r.measure for r in got.comparison] == [r.measure for r in expected]
    for mine, reference in zip(got.comparison, expected, strict=True):
        for side in ("before", "during"):
            ours, theirs = getattr(mine, side), getattr(reference, side)
            assert (ours is None) == (theirs is None), (mine, reference)
            if theirs is not None:
                assert ours == pytest.approx(theirs)
    assert got.first_start == min(starts.values())
    # The reference has values on both sides, so the comparison above compared numbers.
    assert all(r.before is not None and r.during is not None for r in expected[:3])


def test_the_per_seller_table_pages_by_seller_name(roles, client) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    template = make_engagement(coach=coach, seller=UserFactory(roles=[Role.LEARNER], last_name="Zzz last"))
    sellers = [UserFactory(roles=[Role.LEARNER], last_name=f"Zed {n:03d}") for n in range(52)]
    Engagement.objects.bulk_create(
        Engagement(
            coach=coach,
            seller=seller,
            program=template.program,
            start_date=template.start_date,
            rubric_version=template.rubric_version,
        )
        for seller in reversed(sellers)  # created out of order: the page orders them
    )
    client.force_login(coach)
    first = client.get("/coaching/team/").content.decode()
    second = client.get("/coaching/team/?page=2").content.decode()
    assert sellers[0].display_name in first and sellers[49].display_name in first
    assert sellers[50].display_name not in first
    assert sellers[50].display_name in second and sellers[51].display_name in second
    assert sellers[0].display_name not in second
