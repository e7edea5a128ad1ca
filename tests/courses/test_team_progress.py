"""The manager's team table: people × steps, overdue marked, sortable, CSV, fixed queries at any team size."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from accounts.models import Membership
from courses.models import Enrollment, LessonProgress
from courses.progress import enrollments_progress_refresh
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db


def _team(manager, size: int):  # type: ignore[no-untyped-def]
    team = TeamFactory(manager=manager)
    courses = [course(title=f"Course {n}", lessons=2) for n in range(3)]
    path = learning_path(name="Onboarding", courses=[(c, 7 * (n + 1)) for n, c in enumerate(courses)])
    first_lesson = courses[0].get_children().first()
    today = timezone.localdate()
    people = [UserFactory(first_name=f"P{n:03d}", last_name=f"L{n:03d}") for n in range(size)]
    Membership.objects.bulk_create([Membership(user=p, org_unit=team) for p in people])
    Enrollment.objects.bulk_create(
        [
            Enrollment(path=path, user=p, start_date=today - dt.timedelta(days=10 * (n % 5)))
            for n, p in enumerate(people)
        ]
    )
    LessonProgress.objects.bulk_create(
        [LessonProgress(user=p, lesson_id=first_lesson.pk, completed_at=timezone.now()) for p in people[::2]]
    )
    enrollments_progress_refresh(path_ids=[path.pk])  # bulk_create sends no signals: store the progress
    return path, people


@pytest.mark.parametrize("size", [5, 120])
def test_team_table_runs_a_fixed_number_of_queries(
    size, login_as, persona, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), size)
    client.get("/onboarding/team/")
    # 13 at any size: paths, steps, lessons, the refresh of rows whose counted certificate has expired (an UPDATE
    # that finds none here), the row count, one page of ids sorted by the stored progress and those rows, that
    # page's lessons done and open recertification steps, and the request's own (session, user, roles).
    with django_assert_num_queries(13):
        response = client.get("/onboarding/team/?sort=-progress&page=2")
    assert response.status_code == 200
    # 5 fit on one page (page 2 falls back to it); 120 fill page 2 with 50 of them.
    assert response.content.decode().count("<tr>") == min(size, 50) + 1


def test_overdue_steps_are_marked_and_sorting_puts_the_furthest_behind_first(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), 5)
    html = client.get("/onboarding/team/?sort=overdue").content.decode()
    # Starts 0, 10, 20, 30, 40 days ago; steps due after 7, 14, 21 days → 0, 1, 2, 3, 3 overdue.
    rows = html.split("<tbody>")[1].split("</tr>")
    assert "P003" in rows[0] and "P004" in rows[1] and "P000" in rows[4]
    assert rows[0].count("· overdue") == 3 and "· overdue" not in rows[4]
    assert 'class="badge bad"' in rows[0]

    by_progress = client.get("/onboarding/team/?sort=-progress").content.decode()
    first_row = by_progress.split("<tbody>")[1].split("</tr>")[0]
    assert "P004" in first_row and "16%" in first_row  # P000, P002, P004 have 1 of 6 lessons done


def test_csv_export_has_a_row_per_learner_and_two_columns_per_step(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), 5)
    response = client.get("/onboarding/team/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Learner", "Email", "Start date", "Progress %"]
    assert len(rows[0]) == 4 + 2 * 3 + 1  # and the open recertifications
    assert rows[0][-1] == "Recertification due"
    assert len(rows) == 6
    assert rows[1][0] == "P000 L000" and rows[1][3] == "16"


def test_a_coach_without_a_team_sees_an_empty_state_and_learners_are_refused(login_as) -> None:  # type: ignore[no-untyped-def]
    assert "Nobody in your teams" in login_as("coach").get("/onboarding/team/").content.decode()
    assert login_as("learner").get("/onboarding/team/").status_code == 403


def test_people_outside_the_managers_teams_are_not_shown(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    path, _people = _team(persona("coach"), 2)
    stranger = UserFactory(first_name="Stranger")
    Membership.objects.create(user=stranger, org_unit=TeamFactory())
    Enrollment.objects.create(path=path, user=stranger, start_date=timezone.localdate())
    assert "Stranger" not in client.get("/onboarding/team/").content.decode()
