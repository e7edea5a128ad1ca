"""Coaching fixtures built through the services: a coaching rubric, engagements, field days, sessions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from accounts.models import User
from assessments.rubrics.models import Rubric, RubricVersion
from assessments.rubrics.services import rubric_create
from coaching.models import CoachingSession, Engagement, FieldDay, Visit
from coaching.services import engagement_create, fieldday_save, program_field_23_ensure, session_create
from tests.factories.accounts import UserFactory
from tests.factories.rubrics import make_rubric_version


def coaching_rubric_version() -> RubricVersion:
    rubric = Rubric.objects.filter(purpose=Rubric.Purpose.COACHING, slug__startswith="coaching-test").first()
    if rubric is not None:
        return rubric.versions.order_by("-number").first()  # type: ignore[return-value]
    rubric = rubric_create(name="Coaching test", purpose=Rubric.Purpose.COACHING, actor=None)
    return make_rubric_version(names=("Preparation", "Discovery", "Next step"), rubric=rubric)


def make_engagement(
    *, coach: User | None = None, seller: User | None = None, start: dt.date = dt.date(2026, 3, 2)
) -> Engagement:
    version = coaching_rubric_version()
    return engagement_create(
        coach=coach or UserFactory(),
        seller=seller or UserFactory(),
        program=program_field_23_ensure(),
        start_date=start,
        rubric_version=version,
        focus_criteria=list(version.criteria.all()[:2]),
        actor=None,
    )


def visit_data(**extra: Any) -> dict[str, Any]:
    return {
        "customer_name": "Acme Ltd",
        "segment": "enterprise",
        "contacts": "Ms Li (CFO)",
        "buying_roles": ["economic_buyer"],
        "call_type": "first",
        "objective": Visit.Objective.APPOINTMENT,
        "outcome": "Interested",
        "next_step": "Demo on Friday",
        "appointment_won": "on",
        "duration_minutes": "40",
        "coach_rating": "4",
        **extra,
    }


def make_field_day(
    engagement: Engagement, *, date: dt.date, visits: list[dict[str, Any]] | None = None
) -> FieldDay:
    field_day, _created = fieldday_save(
        engagement=engagement,
        actor=engagement.coach,
        draft_id=uuid.uuid4(),
        data={
            "date": date.isoformat(),
            "plan": "Plan",
            "visits": visits if visits is not None else [visit_data()],
        },
    )
    return field_day


def make_session(engagement: Engagement, *, held_on: dt.date = dt.date(2026, 3, 4)) -> CoachingSession:
    return session_create(engagement=engagement, held_on=held_on, actor=engagement.coach)


def ratings_for(session: CoachingSession, value: int) -> dict[int, tuple[int, str]]:
    return {c.pk: (value, f"evidence {value}") for c in session.rubric_version.criteria.all()}
