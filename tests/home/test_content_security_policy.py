"""Every page carries a Content-Security-Policy; our pages allow scripts only from our own static files."""

from __future__ import annotations

import re

import pytest

from assessments.exams.models import Attempt
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize(
    ("persona_name", "url"),
    [
        (None, "/accounts/login/"),
        (None, "/api/v1/docs"),
        (None, "/verify/NO-SUCH-CODE/"),
        (None, "/no-such-page/"),
        ("learner", "/"),
        ("learner", "/onboarding/"),
        ("learner", "/exams/"),
        ("trainer", "/exams/banks/"),
        ("recruiter", "/hiring/"),
        ("coach", "/coaching/"),
        ("coach", "/onboarding/team/"),
        ("analyst", "/analytics/"),
        ("admin", "/django-admin/"),
    ],
)
def test_our_pages_send_a_policy_with_scripts_from_self_only(login_as, persona_name, url) -> None:  # type: ignore[no-untyped-def]
    response = login_as(persona_name).get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    policy = _directives(response[HEADER])
    assert policy["script-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    html = response.content.decode()
    assert INLINE_HANDLER.findall(html) == [], url
    if not url.startswith("/django-admin/"):
        assert INLINE_SCRIPT.findall(html) == [], url


def test_exam_page_policy_has_no_unsafe_inline_script(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = published_exam()
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    response = client.get(f"/exams/attempts/{attempt.pk}/")
    assert response.status_code == 200
    policy = _directives(response[HEADER])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    html = response.content.decode()
    assert INLINE_HANDLER.findall(html) == []
    assert INLINE_SCRIPT.findall(html) == []


def test_wagtail_admin_alone_may_run_its_inline_scripts(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("admin").get("/admin/")
    assert response.status_code == 200
    assert _directives(response[HEADER])["script-src"] == ["'self'", "'unsafe-inline'"]


def test_static_files_and_health_check_carry_the_policy_too(client) -> None:  # type: ignore[no-untyped-def]
    assert HEADER in client.get("/healthz")
