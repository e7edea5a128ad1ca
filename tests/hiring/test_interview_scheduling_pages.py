"""The scheduling pages: reached from the candidate page, for the people who run the pipeline only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from assessments.hiring.models import ScheduledInterview
from assessments.hiring.services import plan_step_add
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_requisition

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(persona, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    recruiter = persona("recruiter")
    requisition = make_requisition(recruiter=recruiter)
    ana = UserFactory(roles=[Role.COACH])
    step = plan_step_add(
        requisition=requisition,
        name="Role play",
        criteria=list(requisition.rubric_version.criteria.all()[:1]),
        interviewers=[ana],
    )
    candidate = make_candidate(requisition)
    return {
        "recruiter": recruiter,
        "ana": ana,
        "step": step,
        "candidate": candidate,
        "other": persona("coach"),
    }


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(world, start: dt.datetime, **extra: str):  # type: ignore[no-untyped-def]
    url = f"/hiring/candidates/{world['candidate'].pk}/steps/{world['step'].pk}/schedule/"
    data = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "Asia/Shanghai",
        "location": "Room 4",
        "video_link": "",
        "interviewers": [str(world["ana"].pk)],
        **extra,
    }
    return _client(world["recruiter"]).post(url, data)


def test_the_candidate_page_links_to_scheduling_and_the_form_books_it(world) -> None:  # type: ignore[no-untyped-def]
    page = _client(world["recruiter"]).get(f"/hiring/candidates/{world['candidate'].pk}/").content.decode()
    url = f"/hiring/candidates/{world['candidate'].pk}/steps/{world['step'].pk}/schedule/"
    assert url in page
    assert _client(world["recruiter"]).get(url).status_code == 200
    start = (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0, tzinfo=None)
    response = _post(world, start)
    assert response.status_code == 302
    scheduled = ScheduledInterview.objects.get()
    # Typed as Shanghai wall-clock time: stored as that instant.
    assert scheduled.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None) == start
    assert (
        scheduled.when
        in _client(world["recruiter"]).get(f"/hiring/candidates/{world['candidate'].pk}/").content.decode()
    )


def test_an_end_before_the_start_is_refused_on_the_field(world) -> None:  # type: ignore[no-untyped-def]
    start = (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0, tzinfo=None)
    response = _post(world, start, ends_at=(start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 400
    assert "The interview must end after it starts." in response.content.decode()
    assert not ScheduledInterview.objects.exists()


def test_only_people_who_run_the_pipeline_may_schedule_or_cancel(world) -> None:  # type: ignore[no-untyped-def]
    url = f"/hiring/candidates/{world['candidate'].pk}/steps/{world['step'].pk}/schedule/"
    # The interviewer opens the candidate but does not run the pipeline; another coach cannot see it at all.
    start = (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0, tzinfo=None)
    _post(world, start)
    assert _client(world["ana"]).get(url).status_code == 403
    assert _client(world["other"]).get(url).status_code == 404
    cancel = f"/hiring/interviews/{ScheduledInterview.objects.get().pk}/cancel/"
    assert _client(world["other"]).post(cancel).status_code == 404
    assert _client(world["ana"]).post(cancel).status_code == 404
    assert _client(world["recruiter"]).post(cancel).status_code == 302
    assert ScheduledInterview.objects.get().cancelled_at is not None
