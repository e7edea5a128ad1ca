"""The team certification matrix shows 50 people a page, with the same queries for a small and a large team."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from assessments.exams.models import Certification
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _members(team, start: int, n: int, exam) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    people = [
        UserFactory(roles=[Role.LEARNER], first_name=f"M{i:03d}", last_name=f"N{i:03d}")
        for i in range(start, start + n)
    ]
    Membership.objects.bulk_create([Membership(user=p, org_unit=team) for p in people])
    # Every other person holds a valid certification, every fourth an expired one instead.
    Certification.objects.bulk_create(
        [
            Certification(
                user=p,
                exam=exam,
                code=f"C{start + i:07d}",
                issued_at=now - timedelta(days=400),
                expires_at=now + timedelta(days=300) if (start + i) % 4 == 0 else now - timedelta(days=1),
            )
            for i, p in enumerate(people)
            if (start + i) % 2 == 0
        ]
    )


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row">(M\d{3} N\d{3})</th>', html)


@pytest.fixture
def team_world(persona):  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=1, certifying=True, validity_months=12)
    return TeamFactory(manager=persona("coach")), exam


def test_the_matrix_runs_the_same_queries_for_3_and_120_people(
    login_as, team_world, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    team, exam = team_world
    client = login_as("coach")
    _members(team, 0, 3, exam)
    client.get("/exams/team/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/exams/team/").status_code == 200
    _members(team, 3, 117, exam)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get("/exams/team/?page=2").content.decode()
    assert len(_rows(html)) == 50


def test_page_two_shows_the_next_people_with_their_cells(login_as, team_world) -> None:  # type: ignore[no-untyped-def]
    team, exam = team_world
    _members(team, 0, 60, exam)
    client = login_as("coach")
    first = client.get("/exams/team/").content.decode()
    second = client.get("/exams/team/?page=2").content.decode()
    assert _rows(first) == [f"M{i:03d} N{i:03d}" for i in range(50)]
    assert _rows(second) == [f"M{i:03d} N{i:03d}" for i in range(50, 60)]
    assert "1–50 of 60" in first and "51–60 of 60" in second
    # People 50..59: the even ones hold one (52 and 56 valid; 50, 54, 58 expired), the odd ones none.
    body = second.split("<tbody>")[1]
    assert body.count("badge ok") == 2 and body.count("badge bad") == 3 and body.count('"badge"') == 5


@pytest.mark.parametrize(
    ("page", "shown"), [("7", "51–60 of 60"), ("0", "1–50 of 60"), ("two", "1–50 of 60")]
)
def test_an_out_of_range_page_shows_the_nearest_page(page, shown, login_as, team_world) -> None:  # type: ignore[no-untyped-def]
    team, exam = team_world
    _members(team, 0, 60, exam)
    response = login_as("coach").get(f"/exams/team/?page={page}")
    assert response.status_code == 200 and shown in response.content.decode()
