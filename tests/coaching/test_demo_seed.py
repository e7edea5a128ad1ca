"""The coaching demo: two coaches, six sellers on the 23-day program; most improve, one does not; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.demo import seed_accounts
from assessments.rubrics.demo import seed_rubrics
from coaching.demo import FLAT_SELLER, seed_coaching
from coaching.measures import before_after, weekly_measures
from coaching.models import CoachingSession, Engagement, FieldDay, Visit
from coaching.selectors import visit_facts

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def test_demo_seed_two_coaches_six_sellers_most_improving(roles) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(today=TODAY)
    seed_rubrics()
    seed_coaching(today=TODAY)
    engagements = list(Engagement.objects.select_related("coach", "seller"))
    assert len(engagements) == 6
    assert {e.coach.email.split("@")[0] for e in engagements} == {"coach", "coach.huang"}
    improved = {}
    for e in engagements:
        weeks = weekly_measures(visit_facts([e.seller_id]))
        result = {r.measure: r for r in before_after(weeks, {e.seller_id: e.start_date})}
        improved[e.seller.email.split("@")[0]] = (
            result["hit_rate"].change > 0.1 and result["effectiveness"].change > 0.5  # type: ignore[operator]
        )
    assert not improved.pop(FLAT_SELLER)
    assert all(improved.values()), improved
    counts = (
        Engagement.objects.count(),
        FieldDay.objects.count(),
        Visit.objects.count(),
        CoachingSession.objects.count(),
    )
    seed_coaching(today=TODAY)
    assert counts == (
        Engagement.objects.count(),
        FieldDay.objects.count(),
        Visit.objects.count(),
        CoachingSession.objects.count(),
    )
