"""The exam list and the team certification matrix run a fixed number of queries at any size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.models import Certification
from assessments.exams.services import attempt_start, attempt_submit
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _grow_exams(user, n: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        exam = published_exam(questions=2, draw=1, certifying=True, validity_months=12, pass_mark=0)
        now = timezone.now()
        attempt_submit(attempt=attempt_start(exam=exam, user=user, now=now), now=now)


def test_exam_list_query_count_is_fixed(login_as, persona, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    _grow_exams(persona("learner"), 1)
    client.get("/exams/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/exams/").status_code == 200
    _grow_exams(persona("learner"), 4)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get("/exams/")
    assert page.content.decode().count("badge ok") >= 5


def test_team_matrix_query_count_is_fixed(login_as, persona, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    coach = persona("coach")
    team = TeamFactory(manager=coach)
    client = login_as("coach")

    def grow(n: int) -> None:
        for _ in range(n):
            member = UserFactory(roles=[Role.LEARNER])
            MembershipFactory(user=member, org_unit=team)
            _grow_exams(member, 1)

    grow(1)
    client.get("/exams/team/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/exams/team/").status_code == 200
    grow(3)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get("/exams/team/")
    assert page.content.decode().count("badge ok") == Certification.objects.count()
