"""The grades report counts, sorts and pages the attempts in the database: oldest submitted first (ties by id),
a far page cut on ids, the same queries for 3 attempts or 60."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from assessments.exams.models import Attempt
from tests.factories.accounts import MembershipFactory, TeamFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db

# The request's own (session, user, roles, MFA), the exam, then: the question columns, the attempts' count,
# the page's ids, its attempts with their learners, and their marks.
GRADES_QUERIES = 10


def _attempts(exam, n: int, *, start: int = 0) -> list[Attempt]:  # type: ignore[no-untyped-def]
    """`n` finished attempts by new learners; every third pair submitted at the same second (ties)."""
    users = User.objects.bulk_create(
        [User(email=f"taker{i:03d}@example.com", last_name=f"Taker {i:03d}") for i in range(start, start + n)]
    )
    base = timezone.now() - dt.timedelta(days=1)
    return Attempt.objects.bulk_create(
        [
            Attempt(
                exam=exam,
                user=user,
                number=1,
                state=Attempt.State.ABANDONED if i % 7 == 0 else Attempt.State.SUBMITTED,
                seed=i,
                started_at=base,
                submitted_at=base + dt.timedelta(seconds=(start + i) // 2 * 2),
                score=float(i),
            )
            for i, user in enumerate(users)
        ]
    )


def _shown(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [row["attempt"].pk for row in response.context["rows"]]


@pytest.mark.parametrize("size", [3, 60])
def test_the_grades_report_runs_a_fixed_number_of_queries(size, login_as, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=2)
    _attempts(exam, size)
    client = login_as("trainer")
    url = f"/exams/workbench/exams/{exam.slug}/grades/?page=2"
    client.get(url)
    with django_assert_num_queries(GRADES_QUERIES):
        response = client.get(url)
    assert response.context["page"].paginator.count == size
    assert len(response.context["rows"]) == (size - 50 if size > 50 else size)


def test_the_grades_report_pages_in_submit_order(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=2)
    made = _attempts(exam, 60)
    in_progress = _attempts(exam, 2, start=100)
    Attempt.objects.filter(pk__in=[a.pk for a in in_progress]).update(state=Attempt.State.IN_PROGRESS)
    expected = [a.pk for a in sorted(made, key=lambda a: (a.submitted_at, a.pk))]
    client = login_as("trainer")
    url = f"/exams/workbench/exams/{exam.slug}/grades/"
    first, last = client.get(url), client.get(url + "?page=999")
    assert _shown(first) + _shown(last) == expected
    assert last.context["page"].number == 2 and "Page 2 of 2" in last.content.decode()
    html = last.content.decode()
    assert "Taker 059" in html and "Taker 100" not in html  # unfinished attempts stay out


def test_the_grades_report_filters_by_team_in_the_database(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=2)
    made = _attempts(exam, 12)
    team, other = TeamFactory(), TeamFactory()
    for attempt in made[::3]:
        MembershipFactory(user=attempt.user, org_unit=team)
        MembershipFactory(user=attempt.user, org_unit=other)  # a second team must not repeat the row
    response = login_as("trainer").get(f"/exams/workbench/exams/{exam.slug}/grades/", {"team": team.pk})
    assert _shown(response) == [a.pk for a in made[::3]]
    assert response.context["page"].paginator.count == 4
