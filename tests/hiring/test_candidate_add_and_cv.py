"""A recruiter adds a candidate with a CV; only people who may open the candidate can download it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.hiring.models import Candidate, Interview, Stage
from assessments.hiring.services import plan_step_add
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_requisition

pytestmark = pytest.mark.django_db


def test_a_recruiter_adds_a_candidate_whose_cv_only_the_pipeline_can_download(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    client = login_as("recruiter")
    cv = SimpleUploadedFile("ann-lee.pdf", b"%PDF-1.4 cv", content_type="application/pdf")
    response = client.post(
        f"/hiring/requisitions/{requisition.pk}/candidates/new/",
        {"name": "Ann Lee", "email": "Ann@Example.com", "phone": "", "source": "referral", "cv": cv},
    )
    candidate = Candidate.objects.get()
    assert response.status_code == 302 and candidate.email == "ann@example.com"
    download = client.get(f"/hiring/candidates/{candidate.pk}/cv/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 cv"
    assert login_as("analyst").get(f"/hiring/candidates/{candidate.pk}/cv/").status_code == 404
    assert login_as("learner").get(f"/hiring/candidates/{candidate.pk}/cv/").status_code == 403


def test_the_same_email_twice_is_refused_with_a_field_error(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    make_candidate(requisition, email="ann@example.com")
    response = login_as("recruiter").post(
        f"/hiring/requisitions/{requisition.pk}/candidates/new/",
        {"name": "Ann Again", "email": "ann@example.com", "source": "other"},
    )
    assert response.status_code == 200 and "already applied" in response.content.decode()
    assert Candidate.objects.count() == 1


def test_assigning_the_interview_plan_creates_one_interview_per_interviewer(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    criteria = list(requisition.rubric_version.criteria.all())
    a, b = UserFactory(), UserFactory()
    plan_step_add(requisition=requisition, name="Screen", criteria=criteria[:1], interviewers=[a], position=1)
    plan_step_add(requisition=requisition, name="Panel", criteria=criteria, interviewers=[a, b], position=2)
    candidate = make_candidate(requisition)
    url = f"/hiring/candidates/{candidate.pk}/interviews/"
    assert login_as("recruiter").post(url).status_code == 302
    login_as("recruiter").post(url)  # twice changes nothing
    steps = dict(Interview.objects.filter(candidate=candidate).values_list("interviewer_id", "step__name"))
    assert steps == {a.pk: "Screen", b.pk: "Panel"}
    candidate.refresh_from_db()
    assert candidate.stage == Stage.INTERVIEWS
