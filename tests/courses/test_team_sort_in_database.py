"""The team table sorts in the database by progress and by overdue steps; the order must be the one the rows' own
figures (step_weighted_percent, StepStatus.overdue — the Python reference) give, exam steps included."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from accounts.models import Membership
from assessments.exams.models import Certification
from courses.models import Enrollment, LessonPage, LessonProgress
from courses.progress import enrollments_progress_refresh
from courses.team_table import team_progress
from tests.courses.exam_steps import path_of
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _world(manager):  # type: ignore[no-untyped-def]
    rng = random.Random(20)
    first, second = course(title="First", lessons=3), course(title="Second", lessons=2)
    empty = course(title="Empty", lessons=0)
    certifying = published_exam(questions=2, draw=1, certifying=True, validity_months=12)
    plain = published_exam(questions=2, draw=1)
    path = path_of([(first, 5), (certifying, 10), (second, 20), (empty, 30), (plain, 40)])
    lessons = list(LessonPage.objects.child_of(first)) + list(LessonPage.objects.child_of(second))
    team = TeamFactory(manager=manager)
    today = timezone.localdate()
    now = timezone.now()
    people = [UserFactory(first_name=f"F{n:02d}", last_name=f"L{n % 9:02d}") for n in range(24)]
    Membership.objects.bulk_create([Membership(user=p, org_unit=team) for p in people])
    Enrollment.objects.bulk_create(
        [
            Enrollment(path=path, user=p, start_date=today - dt.timedelta(days=rng.randrange(60)))
            for p in people
        ]
    )
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(user=p, lesson=lesson, completed_at=now)
            for p in people
            for lesson in rng.sample(lessons, rng.randrange(len(lessons) + 1))
        ]
    )
    Certification.objects.bulk_create(
        [
            Certification(
                user=p,
                exam=certifying,
                code=f"S{n:06d}",
                issued_at=now - dt.timedelta(days=30),
                # Some have expired: an expired certificate does not make the step done.
                expires_at=now + dt.timedelta(days=200 if n % 3 else -1),
            )
            for n, p in enumerate(people)
            if n % 2 == 0
        ]
    )
    enrollments_progress_refresh(path_ids=[path.pk])  # bulk_create sends no signals: store the progress
    return team


@pytest.mark.parametrize("descending", [False, True])
def test_progress_order_matches_the_rows_own_percent(persona, descending: bool) -> None:  # type: ignore[no-untyped-def]
    coach = persona("coach")
    _world(coach)
    people = UserFactory._meta.model.objects.filter(memberships__org_unit__manager=coach)
    rows = list(team_progress(people=people, sort="-progress" if descending else "progress").rows)
    keys = [(row.percent, row.enrollment.user.last_name.lower()) for row in rows]
    assert len(keys) == 24 and len({p for p, _ in keys}) > 3  # the figures vary, so the order says something
    assert keys == sorted(keys, reverse=descending)


def test_overdue_order_matches_the_rows_own_overdue_steps(persona) -> None:  # type: ignore[no-untyped-def]
    coach = persona("coach")
    _world(coach)
    people = UserFactory._meta.model.objects.filter(memberships__org_unit__manager=coach)
    rows = list(team_progress(people=people, sort="overdue").rows)
    keys = [(-len(row.overdue), row.enrollment.user.last_name.lower()) for row in rows]
    assert len({k for k, _ in keys}) > 2
    assert keys == sorted(keys)


@pytest.mark.parametrize("descending", [False, True])
def test_a_page_by_name_from_the_scope_matches_the_name_order_of_everyone(persona, descending: bool) -> None:  # type: ignore[no-untyped-def]
    """A team page's scope pages by name from the people's side (their name index); every page, cut from either
    end, must hold the rows the full name order (lower last, lower first, then the person) puts there — ties of
    identical names, an inactive member and the viewer's own enrollment included."""
    from accounts.access import team_scope

    coach = persona("coach")
    team = _world(coach)
    path = Enrollment.objects.filter(user__memberships__org_unit=team).first().path  # type: ignore[union-attr]
    twins = [UserFactory(first_name="Ann", last_name="Twin") for _ in range(3)]
    gone = UserFactory(first_name="Gone", last_name="Away", is_active=False)
    Membership.objects.bulk_create([Membership(user=p, org_unit=team) for p in [*twins, gone, coach]])
    today = timezone.localdate()
    Enrollment.objects.bulk_create(
        [Enrollment(path=path, user=p, start_date=today) for p in [*twins, gone, coach]]
    )
    enrollments_progress_refresh(path_ids=[path.pk])
    table = team_progress(people=team_scope(coach), sort="-name" if descending else "name")
    expected = sorted(
        Enrollment.objects.filter(path=path, user__memberships__org_unit=team, user__is_active=True)
        .exclude(user=coach)
        .select_related("user"),
        key=lambda e: (e.user.last_name.lower(), e.user.first_name.lower(), e.user_id),
        reverse=descending,
    )
    assert table.rows.count() == len(expected) == 27
    for start, stop in ((0, 10), (10, 20), (20, 27), (15, 25)):  # the back-half pages are read from the end
        assert [row.enrollment.pk for row in table.rows[start:stop]] == [e.pk for e in expected[start:stop]]
