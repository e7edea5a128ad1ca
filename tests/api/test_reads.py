"""Reads: independence for people, submitted-only for tokens, pagination, updated_since, no private data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.hiring.models import SelfIdentification
from tests.factories.hiring import make_candidate

from .conftest import hire, ids, set_stage_changed

pytestmark = pytest.mark.django_db


def _scorecard_ids(client, candidate, headers=None):  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/candidates/{candidate.pk}/scorecards", headers=headers or {})
    assert response.status_code == 200, response.content
    return ids(response)


def test_a_token_sees_only_submitted_scorecards(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    assert _scorecard_ids(client, org.candidate, bearer("scorecards:read")) == [org.submitted.pk]


def test_an_interviewer_still_drafting_sees_only_their_own(client, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.interviewer_b)
    assert _scorecard_ids(client, org.candidate) == [org.draft.pk]


def test_an_interviewer_who_submitted_sees_submitted_cards_not_others_drafts(client, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.interviewer_a)
    assert _scorecard_ids(client, org.candidate) == [org.submitted.pk]


def test_people_without_hiring_access_are_refused(login_as, org) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    assert client.get("/api/v1/candidates").status_code == 403
    assert client.get(f"/api/v1/candidates/{org.candidate.pk}/scorecards").status_code == 403


def test_a_candidate_out_of_sight_is_404(client, org) -> None:  # type: ignore[no-untyped-def]
    other = make_candidate(org.candidate.requisition)
    client.force_login(org.interviewer_a)  # interviews org.candidate only
    assert client.get(f"/api/v1/candidates/{other.pk}").status_code == 404
    assert client.get(f"/api/v1/candidates/{org.candidate.pk}").status_code == 200


def test_no_self_identification_or_answer_keys_leave(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    SelfIdentification.objects.create(candidate=org.candidate, sex="female", race_ethnicity="asian")
    headers = bearer()
    bodies = [
        client.get(url, headers=headers).content.decode()
        for url in (
            "/api/v1/candidates",
            f"/api/v1/candidates/{org.candidate.pk}",
            f"/api/v1/candidates/{org.candidate.pk}/scorecards",
            "/api/v1/certifications",
        )
    ]
    for body in bodies:
        for word in ("female", "asian", "race", "ethnicity", "self_identification", "correct", "answer"):
            assert word not in body.lower(), word
    schema = client.get("/api/v1/openapi.json").content.decode().lower()
    for word in ("ethnicity", "self_identification", "age_band", "correct_answer", "answer_key"):
        assert word not in schema, word


def test_pages_are_stable_and_say_where_to_continue(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    more = [make_candidate(org.candidate.requisition) for _ in range(4)]
    everyone = sorted([org.candidate.pk, *(c.pk for c in more)])
    headers = bearer("candidates:read")
    seen, offset = [], 0
    while offset is not None:
        page = client.get(f"/api/v1/candidates?limit=2&offset={offset}", headers=headers).json()
        assert page["count"] == 5 and page["limit"] == 2 and len(page["items"]) <= 2
        seen += [c["id"] for c in page["items"]]
        offset = page["next_offset"]
    assert seen == everyone
    assert client.get("/api/v1/candidates?limit=501", headers=headers).status_code == 422
    assert client.get("/api/v1/candidates?limit=0", headers=headers).status_code == 422


def test_updated_since_keeps_only_changed_rows(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    old = make_candidate(org.candidate.requisition)
    set_stage_changed(old, now - dt.timedelta(days=10))
    set_stage_changed(org.candidate, now - dt.timedelta(days=1))
    headers = bearer("candidates:read")
    since = (now - dt.timedelta(days=2)).isoformat()
    response = client.get("/api/v1/candidates", {"updated_since": since}, headers=headers)
    assert ids(response) == [org.candidate.pk]
    naive = (now - dt.timedelta(days=20)).replace(tzinfo=None).isoformat()
    assert len(ids(client.get("/api/v1/candidates", {"updated_since": naive}, headers=headers))) == 2


def test_hires_link_the_learner_account(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    hire(org.candidate, org.learner)
    make_candidate(org.candidate.requisition)
    items = client.get("/api/v1/hires", headers=bearer("candidates:read")).json()["items"]
    assert [(h["candidate_id"], h["learner"]["email"]) for h in items] == [
        (org.candidate.pk, org.learner.email)
    ]


def test_enrollments_report_lesson_progress(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    items = client.get("/api/v1/enrollments", headers=bearer("enrollments:read")).json()["items"]
    assert len(items) == 1
    item = items[0]
    assert (item["id"], item["lessons_total"], item["lessons_done"], item["percent"]) == (
        org.enrollment.pk,
        2,
        1,
        50,
    )
    assert item["steps"][0]["lessons_done"] == 1 and not item["steps"][0]["complete"]


def test_enrollments_updated_since_counts_lesson_activity(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    from courses.models import Enrollment, LessonProgress

    headers = bearer("enrollments:read")
    Enrollment.objects.filter(pk=org.enrollment.pk).update(enrolled_at=timezone.now() - dt.timedelta(days=30))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(client.get("/api/v1/enrollments", {"updated_since": since}, headers=headers)) == [
        org.enrollment.pk
    ]
    LessonProgress.objects.update(
        started_at=timezone.now() - dt.timedelta(days=20), completed_at=timezone.now() - dt.timedelta(days=20)
    )
    assert ids(client.get("/api/v1/enrollments", {"updated_since": since}, headers=headers)) == []


def test_learners_see_only_their_own_enrollments_and_certifications(client, org) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.accounts import UserFactory

    stranger = UserFactory()
    client.force_login(stranger)
    assert ids(client.get("/api/v1/enrollments")) == []
    assert ids(client.get("/api/v1/certifications")) == []
    client.force_login(org.learner)
    assert ids(client.get("/api/v1/enrollments")) == [org.enrollment.pk]
    assert ids(client.get("/api/v1/certifications")) == [org.certification.pk]


def test_certifications_list_and_public_verify(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    items = client.get("/api/v1/certifications", headers=bearer("certifications:read")).json()["items"]
    assert [(c["code"], c["state"]) for c in items] == [(org.certification.code, "valid")]
    public = client.get(f"/api/v1/certifications/verify/{org.certification.code.lower()}")
    assert public.status_code == 200
    assert set(public.json()) == {"code", "name", "certification", "issued_at", "expires_at", "state"}
    assert public.json()["name"] == org.learner.display_name
    assert client.get("/api/v1/certifications/verify/NOSUCHCODE").status_code == 404


def test_list_queries_do_not_grow_with_rows(client, bearer, org, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    headers = bearer()
    client.get("/api/v1/candidates", headers=headers)  # token's last_used_at written once
    for _ in range(5):
        make_candidate(org.candidate.requisition)
    # token lookup, count, page
    with django_assert_num_queries(3):
        assert client.get("/api/v1/candidates", headers=headers).status_code == 200


def test_enrollment_and_certification_pages_run_fixed_queries(
    client, bearer, org, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.models import Certification
    from courses.models import Enrollment
    from tests.factories.accounts import UserFactory

    headers = bearer()
    client.get("/api/v1/enrollments", headers=headers)  # token's last_used_at written once
    for n in range(4):
        person = UserFactory()
        Enrollment.objects.create(path=org.enrollment.path, user=person, start_date=timezone.localdate())
        Certification.objects.create(
            user=person, exam=org.certification.exam, code=f"CODE{n:08d}", issued_at=timezone.now()
        )
    # token, count, page, completed lessons, path steps, lessons of those courses
    with django_assert_num_queries(6):
        assert len(client.get("/api/v1/enrollments", headers=headers).json()["items"]) == 5
    # token, count, page
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/certifications", headers=headers).json()["items"]) == 5


def test_an_updated_since_out_of_range_is_a_422_not_a_crash(client, bearer) -> None:  # type: ignore[no-untyped-def]
    headers = bearer("candidates:read")
    response = client.get(
        "/api/v1/candidates", {"updated_since": "0001-01-01T00:00:00+23:00"}, headers=headers
    )
    assert response.status_code == 422
    assert (
        client.get("/api/v1/candidates", {"updated_since": "yesterday"}, headers=headers).status_code == 422
    )
