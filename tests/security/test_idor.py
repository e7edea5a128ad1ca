"""IDOR: a signed-in user who guesses another user's ids gets 404/403 — never the other user's data.

Role-level access (which persona may open which URL at all) is the permission matrix in tests/home; here
the attacker has the *same* role as the owner, so only an ownership check can stop them.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from assessments.exams.models import Attempt
from assessments.exams.services import attempt_start, attempt_submit
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_session
from tests.factories.exams import published_exam
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

DENIED = (403, 404)


@pytest.fixture(autouse=True)
def _mfa_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_learner_cannot_read_or_drive_another_learners_attempt() -> None:
    owner = UserFactory(roles=[Role.LEARNER])
    other = UserFactory(roles=[Role.LEARNER])
    exam = published_exam(questions=2, draw=2, pass_mark=0, certifying=True, validity_months=12)
    open_attempt = attempt_start(exam=exam, user=owner, now=timezone.now())
    intruder = _client(other)
    base = f"/exams/attempts/{open_attempt.pk}"

    assert intruder.get(f"{base}/").status_code in DENIED
    save = intruder.post(
        f"{base}/save/",
        data=json.dumps({"position": 1, "value": "x", "seq": 1}),
        content_type="application/json",
    )
    assert save.status_code in DENIED
    assert intruder.post(f"{base}/check/").status_code in DENIED
    assert intruder.post(f"{base}/submit/").status_code in DENIED
    open_attempt.refresh_from_db()
    assert open_attempt.state == Attempt.State.IN_PROGRESS
    assert not open_attempt.responses.exclude(value=None).exclude(value="").exists()
    # The owner is not locked out by any of that.
    assert _client(owner).get(f"{base}/").status_code == 200

    done = attempt_submit(attempt=open_attempt, now=timezone.now())
    assert intruder.get(f"{base}/result/").status_code in DENIED
    assert _client(owner).get(f"{base}/result/").status_code == 200
    code = done.certification.code
    pdf = intruder.get(f"/exams/certificates/{code}.pdf")
    assert pdf.status_code in DENIED
    assert pdf.get("Content-Type") != "application/pdf"
    assert _client(owner).get(f"/exams/certificates/{code}.pdf")["Content-Type"] == "application/pdf"


def test_an_interviewer_cannot_read_or_amend_another_interviewers_scorecard() -> None:
    requisition = make_requisition()
    candidate = make_candidate(requisition)
    owner = UserFactory(roles=[Role.COACH])
    card = submit_scorecard(make_interview(candidate, owner))
    # Same role, interviewing on a different requisition: sees nothing of this candidate.
    stranger = UserFactory(roles=[Role.COACH])
    make_interview(make_candidate(make_requisition()), stranger)
    intruder = _client(stranger)

    assert intruder.get(f"/hiring/candidates/{candidate.pk}/").status_code in DENIED
    assert intruder.get(f"/hiring/candidates/{candidate.pk}/scorecards.json").status_code in DENIED
    assert intruder.get(f"/hiring/candidates/{candidate.pk}/scorecard/").status_code in DENIED
    assert intruder.get(f"/hiring/scorecards/{card.pk}/amend/").status_code in DENIED
    assert intruder.get(f"/hiring/candidates/{candidate.pk}/cv/").status_code in DENIED
    # The owner may open their own amendment page.
    assert _client(owner).get(f"/hiring/scorecards/{card.pk}/amend/").status_code == 200


def test_a_coach_or_seller_cannot_open_someone_elses_coaching_session_or_passport() -> None:
    engagement = make_engagement(
        coach=UserFactory(roles=[Role.COACH]), seller=UserFactory(roles=[Role.LEARNER])
    )
    session = make_session(engagement)
    other_engagement = make_engagement(
        coach=UserFactory(roles=[Role.COACH]), seller=UserFactory(roles=[Role.LEARNER])
    )
    seller = engagement.seller
    for intruder_user in (other_engagement.coach, other_engagement.seller):
        intruder = _client(intruder_user)
        assert intruder.get(f"/coaching/sessions/{session.pk}/").status_code in DENIED
        assert intruder.post(f"/coaching/sessions/{session.pk}/acknowledge/").status_code in DENIED
        assert intruder.get(f"/coaching/engagements/{engagement.pk}/").status_code in DENIED
        for suffix in ("", "export.json", "export.pdf"):
            reply = intruder.get(f"/coaching/passport/{seller.pk}/{suffix}")
            assert reply.status_code in DENIED, suffix
    # The real coach and seller get in.
    assert _client(engagement.coach).get(f"/coaching/sessions/{session.pk}/").status_code == 200
    assert _client(seller).get(f"/coaching/sessions/{session.pk}/").status_code == 200
    assert _client(seller).get(f"/coaching/passport/{seller.pk}/export.json").status_code == 200
