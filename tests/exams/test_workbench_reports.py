"""Per-exam grades and responses reports: attempt × question marks, team and date filters, CSV/XLSX, fixed queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.models import Attempt
from assessments.exams.services import attempt_start, attempt_submit
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _take(exam, user, *, right: bool) -> Attempt:  # type: ignore[no-untyped-def]
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=user, now=now)
    for response in attempt.responses.select_related("version"):
        shown_right = response.choice_order.index(0)  # the factory's right answer is the key's first
        response.value = shown_right if right else (shown_right + 1) % len(response.choice_order)
        response.save(update_fields=["value"])
    attempt_submit(attempt=attempt, now=now)
    attempt.refresh_from_db()
    return attempt


def test_grades_report_lists_marks_per_question_and_filters_by_team(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=2)
    team = TeamFactory(name="Shanghai")
    inside, outside = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.LEARNER])
    MembershipFactory(user=inside, org_unit=team)
    good, bad = _take(exam, inside, right=True), _take(exam, outside, right=False)
    client = login_as("trainer")
    url = f"/exams/workbench/exams/{exam.slug}/grades/"
    page = client.get(url)
    rows = {row["attempt"].pk: row["marks"] for row in page.context["rows"]}
    assert sorted(m for m in rows[good.pk] if m != "") == [1.0, 1.0]
    assert sorted(m for m in rows[bad.pk] if m != "") == [0.0, 0.0]
    # Columns are the questions any attempt drew; each attempt drew 2 of them, the rest are empty.
    columns = len(page.context["columns"])
    assert all(sum(1 for m in marks if m == "") == columns - 2 for marks in rows.values())
    filtered = client.get(url, {"team": team.pk})
    assert [row["attempt"].pk for row in filtered.context["rows"]] == [good.pk]
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    assert client.get(url, {"since": tomorrow}).context["rows"] == []

    download = client.get(url, {"team": team.pk, "format": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert lines[0][:5] == ["Learner", "Email", "Attempt", "Submitted", "Score (%)"]
    assert len(lines) == 2 and lines[1][1] == inside.email and float(lines[1][4]) == good.score
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_responses_report_shows_answers_in_words(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2)
    _take(exam, UserFactory(roles=[Role.LEARNER]), right=True)
    client = login_as("trainer")
    url = f"/exams/workbench/exams/{exam.slug}/responses/"
    html = client.get(url).content.decode()
    assert "RIGHT-0-ANSWER" in html and "RIGHT-1-ANSWER" in html
    download = client.get(url, {"format": "csv"})
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert text.count("RIGHT-") == 2


def test_grades_report_query_count_is_fixed(login_as, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=4, draw=2, attempts_allowed=0)
    client = login_as("trainer")
    url = f"/exams/workbench/exams/{exam.slug}/grades/"
    _take(exam, UserFactory(), right=True)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(5):
        _take(exam, UserFactory(), right=False)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(url).context["rows"]) == 6


@pytest.mark.parametrize("name", ["learner", "coach"])
def test_reports_refuse_non_trainers(login_as, name: str) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam()
    client = login_as(name)
    assert client.get(f"/exams/workbench/exams/{exam.slug}/grades/?format=csv").status_code == 403
    assert client.get(f"/exams/workbench/exams/{exam.slug}/responses/").status_code == 403
