"""A stranger applies on the careers site: the candidate lands in the pipeline, the recruiter hears of it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.hiring.applications import APPLICATION_CONSENT_VERSION, APPLICATION_RECEIVED
from assessments.hiring.models import ApplicationConsent, Candidate, Requisition, SelfIdentification, Stage
from assessments.hiring.services import requisition_status_set
from core.models import Notification
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db


def _cv(name: str = "ann-lee.pdf", content: bytes = b"%PDF-1.4 my cv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _apply(client: Client, requisition: Requisition, **overrides: object):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "name": "Ann Lee",
        "email": "Ann.Lee@Example.com",
        "phone": "+1 212 555 0100",
        "cv": _cv(),
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return client.post(f"/careers/{requisition.pk}/", {k: v for k, v in data.items() if v is not None})


def test_the_careers_page_lists_open_requisitions_only(roles) -> None:  # type: ignore[no-untyped-def]
    open_req = make_requisition(title="Enterprise Account Executive")
    closed = make_requisition(title="Retired Role Nobody Sees")
    closed.status = Requisition.Status.CLOSED
    closed.save()
    body = Client().get("/careers/").content.decode()
    assert "Enterprise Account Executive" in body and f"/careers/{open_req.pk}/" in body
    assert "Retired Role Nobody Sees" not in body and f"/careers/{closed.pk}/" not in body


def test_an_application_lands_in_the_pipeline_with_its_consent_and_the_recruiter_is_told(
    persona, login_as
) -> None:  # type: ignore[no-untyped-def]
    recruiter = persona("recruiter")
    requisition = make_requisition(recruiter=recruiter, title="Mid-Market AE")
    client = Client()
    page = client.get(f"/careers/{requisition.pk}/")
    assert page.status_code == 200 and "Mid-Market AE" in page.content.decode()

    response = _apply(client, requisition)
    assert response.status_code == 302
    assert response["Location"] == f"/careers/{requisition.pk}/self-identification/"

    candidate = Candidate.objects.get(requisition=requisition)
    assert (candidate.name, candidate.email, candidate.source, candidate.stage) == (
        "Ann Lee",
        "ann.lee@example.com",
        Candidate.Source.CAREERS_SITE,
        Stage.APPLIED,
    )
    assert candidate.cv.read() == b"%PDF-1.4 my cv"
    consent = ApplicationConsent.objects.get(candidate=candidate)
    assert consent.version == APPLICATION_CONSENT_VERSION
    assert consent.text in page.content.decode() and consent.consented_at is not None
    assert consent.language == "en"

    notice = Notification.objects.get(recipient=recruiter, kind=APPLICATION_RECEIVED)
    assert "Ann Lee" in notice.title and notice.link == f"/hiring/candidates/{candidate.pk}/"

    board = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/").content.decode()
    assert "Ann Lee" in board
    page = login_as("recruiter").get(f"/hiring/candidates/{candidate.pk}/").content.decode()
    assert "Source: Careers site" in page
    assert f"/careers/{requisition.pk}/" in board  # the public link, for the recruiter to share

    skipped = client.post(f"/careers/{requisition.pk}/self-identification/", {"skip": "1"})
    assert skipped["Location"] == f"/careers/{requisition.pk}/thanks/"
    assert not SelfIdentification.objects.exists()
    thanks = client.get(f"/careers/{requisition.pk}/thanks/")
    assert thanks.status_code == 200 and "is received" in thanks.content.decode()


def test_the_voluntary_step_stores_answers_with_their_own_consent(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    client = Client()
    _apply(client, requisition)
    step = client.get(f"/careers/{requisition.pk}/self-identification/").content.decode()
    assert "Prefer not to say" in step and "Black or African American" in step

    refused = client.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "female", "age_band": "30_39", "race_ethnicity": "asian"},
    )
    assert refused.status_code == 400 and "Consent: tick" in refused.content.decode()
    assert not SelfIdentification.objects.exists()

    client.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "female", "age_band": "30_39", "race_ethnicity": "asian", "consent": "on"},
    )
    answers = SelfIdentification.objects.get(candidate__requisition=requisition)
    assert (answers.sex, answers.age_band, answers.race_ethnicity) == ("female", "30_39", "asian")
    assert answers.consent_version and answers.consented_at is not None
    # The step is done: posting again cannot change the answers.
    again = client.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "male", "age_band": "50_plus", "race_ethnicity": "white", "consent": "on"},
    )
    assert again["Location"] == f"/careers/{requisition.pk}/"
    answers.refresh_from_db()
    assert answers.sex == "female"


def test_the_voluntary_step_needs_an_application_first(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    response = Client().get(f"/careers/{requisition.pk}/self-identification/")
    assert response.status_code == 302 and response["Location"] == f"/careers/{requisition.pk}/"


def test_a_requisition_closed_after_the_link_was_shared_takes_no_more_applications(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    requisition_status_set(requisition=requisition, status=Requisition.Status.CLOSED, actor=None)
    assert _apply(Client(), requisition).status_code == 404
    assert not Candidate.objects.exists()
