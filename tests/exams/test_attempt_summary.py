"""Before submit, a summary page lists answered, unanswered, flagged and not-saved questions, and submits."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.exams.models import Attempt, Response
from tests.factories.exams import REVIEW_SCORE, published_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(login_as):  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = published_exam(questions=5, draw=5, review_options=REVIEW_SCORE)
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    return client, Attempt.objects.get(exam=exam)


def _save(client, attempt: Attempt, **body: object) -> None:  # type: ignore[no-untyped-def]
    reply = client.post(
        f"/exams/attempts/{attempt.pk}/save/", data=json.dumps(body), content_type="application/json"
    )
    assert reply.status_code == 200, reply.content


def test_summary_lists_answered_unanswered_and_flagged_with_links_back(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt = taking
    _save(client, attempt, position=1, value=0, seq=1)
    _save(client, attempt, position=3, value=1, seq=1)
    _save(client, attempt, position=4, flagged=True)
    reply = client.get(f"/exams/attempts/{attempt.pk}/summary/")
    assert reply.status_code == 200
    overview = reply.context["overview"]
    assert (overview["answered"], overview["unanswered"], overview["flagged"]) == ([1, 3], [2, 4, 5], [4])
    html = reply.content.decode()
    assert f'href="/exams/attempts/{attempt.pk}/#q-4"' in html
    assert "Return to attempt" in html and "Submit all and finish" in html
    assert f'action="/exams/attempts/{attempt.pk}/submit/"' in html
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.IN_PROGRESS  # looking submits nothing


def test_summary_names_the_answers_this_device_could_not_save(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt = taking
    reply = client.get(f"/exams/attempts/{attempt.pk}/summary/?unsaved=2,x,99,5,-1")
    assert reply.context["overview"]["unsaved"] == [2, 5]
    assert 'data-testid="summary-unsaved"' in reply.content.decode()
    assert (
        'data-testid="summary-unsaved"'
        not in client.get(f"/exams/attempts/{attempt.pk}/summary/").content.decode()
    )


def test_submit_from_the_summary_closes_the_attempt(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt = taking
    _save(client, attempt, position=1, value=0, seq=1)
    reply = client.post(f"/exams/attempts/{attempt.pk}/submit/")
    assert reply["Location"] == f"/exams/attempts/{attempt.pk}/result/"
    assert client.get(f"/exams/attempts/{attempt.pk}/summary/")["Location"] == reply["Location"]


def test_summary_after_the_deadline_and_grace_submits_at_the_deadline(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt = taking
    _save(client, attempt, position=1, value=0, seq=1)
    deadline = timezone.now() - timedelta(minutes=5)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    reply = client.get(f"/exams/attempts/{attempt.pk}/summary/")
    assert reply["Location"] == f"/exams/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert (attempt.state, attempt.submitted_at) == (Attempt.State.SUBMITTED, deadline)
    assert Response.objects.get(attempt=attempt, position=1).value == 0


def test_someone_elses_summary_is_404(taking, login_as) -> None:  # type: ignore[no-untyped-def]
    _client, attempt = taking
    assert login_as("coach").get(f"/exams/attempts/{attempt.pk}/summary/").status_code == 404


def test_attempt_page_sends_submit_to_the_summary_without_a_confirm_dialog(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt = taking
    html = client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert f'id="finish-form" method="get" action="/exams/attempts/{attempt.pk}/summary/"' in html
    assert 'data-confirm="Submit your answers' not in html
