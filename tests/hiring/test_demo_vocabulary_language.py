"""The demo's rubric criteria, interview names and stage reasons read in the viewer's language on the candidate page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import demo_email, seed_accounts
from accounts.models import User
from assessments.hiring.demo import seed_hiring
from assessments.hiring.models import Candidate, Stage

pytestmark = pytest.mark.django_db

ENGLISH = ("Coachability", "Prior success", "Recruiter screen", "Below the bar on discovery")
CHINESE = ("可辅导性", "过往业绩", "招聘专员初筛", "需求挖掘和异议处理未达标准。")


def _candidate_page(language: str) -> str:
    recruiter = User.objects.get(email=demo_email("recruiter"))
    # A rejected candidate the recruiter scored: every scorecard is visible to them.
    candidate = Candidate.objects.filter(
        stage=Stage.REJECTED, scorecards__interviewer=recruiter, scorecards__submitted_at__isnull=False
    ).first()
    assert candidate is not None
    client = Client()
    client.force_login(recruiter)
    client.cookies["django_language"] = language
    response = client.get(reverse("hiring:candidate", args=[candidate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_chinese_reader_sees_the_demo_criteria_interviews_and_reasons_in_chinese(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    seed_accounts()
    seed_hiring()

    chinese = _candidate_page("zh-hans")
    assert [t for t in CHINESE if t not in chinese] == []
    assert [t for t in ENGLISH if t in chinese] == []

    english = _candidate_page("en")
    assert [t for t in ENGLISH if t not in english] == []
