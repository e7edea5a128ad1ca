"""What a stranger cannot do to the careers site: find hidden requisitions, learn who applied, flood it, forge it."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.roles import Role
from assessments.hiring.applications import APPLICATION_RECEIVED
from assessments.hiring.models import ApplicationConsent, Candidate, Requisition, SelfIdentification
from assessments.hiring.services import interview_assign
from core.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db


def _main(content: bytes) -> str:
    """The page's own content (the header carries a per-request CSRF token)."""
    match = re.search(r"<main.*?</main>", content.decode(), re.S)
    assert match
    return match.group(0)


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Ann Lee",
        "email": "ann@example.com",
        "cv": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv", content_type="application/pdf"),
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("suffix", ["", "self-identification/", "thanks/"])
def test_closed_and_made_up_requisitions_are_404_whatever_the_id(roles, suffix: str) -> None:  # type: ignore[no-untyped-def]
    closed = make_requisition(title="Secret Reorg Role")
    closed.status = Requisition.Status.CLOSED
    closed.save()
    client = Client()
    for pk in (closed.pk, closed.pk + 1000, 0):
        response = client.get(f"/careers/{pk}/{suffix}")
        assert response.status_code == 404, pk
        assert "Secret Reorg Role" not in response.content.decode()
    assert client.post(f"/careers/{closed.pk}/", _form()).status_code == 404
    assert not Candidate.objects.exists()


def test_a_repeated_email_gets_the_same_answer_and_changes_nothing(persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    first, second = Client(), Client()
    one = first.post(f"/careers/{requisition.pk}/", _form())
    first.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "female", "age_band": "30_39", "race_ethnicity": "asian", "consent": "on"},
    )
    two = second.post(f"/careers/{requisition.pk}/", _form(name="Someone Else", email=" ANN@example.com "))
    assert (one.status_code, one["Location"]) == (two.status_code, two["Location"])
    step_one = _main(first.get(f"/careers/{requisition.pk}/thanks/").content)
    assert second.get(f"/careers/{requisition.pk}/self-identification/").status_code == 200
    # The repeat's "answers" must not overwrite the first applicant's.
    second.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "male", "age_band": "50_plus", "race_ethnicity": "white", "consent": "on"},
    )
    assert _main(second.get(f"/careers/{requisition.pk}/thanks/").content) == step_one
    candidate = Candidate.objects.get()
    assert candidate.name == "Ann Lee"
    assert SelfIdentification.objects.get().sex == "female"
    assert ApplicationConsent.objects.count() == 1
    assert Notification.objects.filter(kind=APPLICATION_RECEIVED).count() == 1


def test_an_oversized_body_is_refused_before_it_is_read(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_CV_MAX_BYTES = 1024
    requisition = make_requisition()
    big = b"%PDF-1.4 " + b"x" * (200 * 1024)
    response = Client().post(
        f"/careers/{requisition.pk}/",
        _form(cv=SimpleUploadedFile("cv.pdf", big, content_type="application/pdf")),
    )
    assert response.status_code == 413
    assert "CV: the file is larger than" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_cv_just_over_the_limit_is_named_in_the_error(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_CV_MAX_BYTES = 1024
    requisition = make_requisition()
    response = Client().post(
        f"/careers/{requisition.pk}/",
        _form(cv=SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"x" * 2000, content_type="application/pdf")),
    )
    assert response.status_code == 400
    assert "CV: “big.pdf” is" in response.content.decode()
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.exe", b"MZ\x90\x00", "is not accepted"),
        ("cv.pdf", b"<html><script>alert(1)</script>", "is not a real PDF file"),
        ("cv.pdf", b"", "CV: the file you chose is empty."),
    ],
)
def test_a_wrong_cv_is_refused_with_a_message_naming_the_field(
    roles, name: str, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    response = Client().post(
        f"/careers/{requisition.pk}/",
        _form(cv=SimpleUploadedFile(name, content, content_type="application/pdf")),
    )
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    assert not Candidate.objects.exists()


def test_missing_fields_are_each_named(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    response = Client().post(f"/careers/{requisition.pk}/", {"email": "not-an-address"})
    body = response.content.decode()
    for message in (
        "Full name: enter your name.",
        "Email: enter a valid address",
        "CV: choose a file",
        "Consent: tick",
    ):
        assert message in body, message
    assert not Candidate.objects.exists()


def test_the_honeypot_looks_like_success_and_stores_nothing(persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    client = Client()
    response = client.post(f"/careers/{requisition.pk}/", _form(website="https://spam.example"))
    assert response.status_code == 302 and response["Location"] == f"/careers/{requisition.pk}/thanks/"
    assert not Candidate.objects.exists() and not Notification.objects.exists()
    assert client.get(f"/careers/{requisition.pk}/self-identification/").status_code == 302


def test_a_post_without_the_csrf_token_is_refused(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/careers/{requisition.pk}/", _form()).status_code == 403
    assert not Candidate.objects.exists()
    page = client.get(f"/careers/{requisition.pk}/")
    token = page.cookies["csrftoken"].value
    ok = client.post(f"/careers/{requisition.pk}/", _form(csrfmiddlewaretoken=token))
    assert ok.status_code == 302 and Candidate.objects.count() == 1


def test_one_address_may_send_only_so_many_applications(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_APPLY_RATE_LIMIT = 3
    requisition = make_requisition()
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(3):
        assert client.post(f"/careers/{requisition.pk}/", _form(email=f"a{n}@example.com")).status_code == 302
    refused = client.post(f"/careers/{requisition.pk}/", _form(email="a3@example.com"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many applications" in refused.content.decode()
    assert Candidate.objects.count() == 3
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(f"/careers/{requisition.pk}/", _form(email="b@example.com")).status_code == 302


def test_self_identification_lives_only_in_its_table_and_interviewers_never_see_it(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    client = Client()
    client.post(f"/careers/{requisition.pk}/", _form(name="Zed Quill", email="zed@example.com"))
    client.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "other", "age_band": "50_plus", "race_ethnicity": "hispanic", "consent": "on"},
    )
    candidate = Candidate.objects.get()
    assert SelfIdentification.objects.filter(candidate=candidate, race_ethnicity="hispanic").exists()
    stored_elsewhere = [
        *(str(v) for v in Candidate.objects.filter(pk=candidate.pk).values().get().values()),
        *(str(v) for v in ApplicationConsent.objects.filter(candidate=candidate).values().get().values()),
    ]
    assert not [v for v in stored_elsewhere if v in ("hispanic", "50_plus", "other")]

    interviewer = UserFactory(roles=[Role.COACH])
    interview_assign(candidate=candidate, interviewer=interviewer, actor=None)
    viewer = Client()
    viewer.force_login(interviewer)
    for url in (f"/hiring/candidates/{candidate.pk}/", f"/hiring/candidates/{candidate.pk}/scorecard/"):
        response = viewer.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Zed Quill" in body
        assert "Hispanic" not in body and "50 or over" not in body and "Another sex" not in body, url
