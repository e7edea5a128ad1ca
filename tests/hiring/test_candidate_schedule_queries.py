"""The candidate's interview schedule reads in a fixed number of queries whatever the number of plan steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from assessments.hiring.scheduling import interview_schedule
from assessments.hiring.selectors import candidate_schedule
from assessments.hiring.services import plan_step_add
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_requisition

pytestmark = pytest.mark.django_db


def _next_week() -> dt.datetime:
    """An hour a week from now: interviews are scheduled in the future (a fixed date would expire)."""
    return timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=7)


def _scheduled_candidate(recruiter, steps: int):  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=recruiter)
    candidate = make_candidate(requisition)
    start = _next_week()
    for n in range(steps):
        people = [UserFactory(roles=[Role.COACH]), UserFactory(roles=[Role.COACH])]
        step = plan_step_add(
            requisition=requisition,
            name=f"Step {n}",
            criteria=list(requisition.rubric_version.criteria.all()[:1]),
            interviewers=people,
        )
        interview_schedule(
            candidate=candidate,
            step=step,
            starts_at=start + dt.timedelta(days=n),
            ends_at=start + dt.timedelta(days=n, hours=1),
            time_zone="UTC",
            location="Room 4",
            video_link="",
            interviewers=people,
            actor=recruiter,
        )
    return candidate


@pytest.mark.parametrize("steps", [1, 5])
def test_schedule_reads_in_three_queries(persona, django_assert_num_queries, steps: int) -> None:  # type: ignore[no-untyped-def]
    candidate = _scheduled_candidate(persona("recruiter"), steps)
    # The plan steps, the live scheduled interviews, their attendances with the interviewers.
    with django_assert_num_queries(3):
        rows = candidate_schedule(candidate)
        names = [[person.display_name for person in row.interviewers] for row in rows]
        whens = [row.scheduled.when for row in rows if row.scheduled]
    assert len(rows) == steps and len(whens) == steps
    assert all(len(people) == 2 for people in names)
