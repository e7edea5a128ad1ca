"""Two people save the same requisition, interview plan or scorecard draft: the second is refused, never lost."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from accounts.roles import Role
from assessments.hiring.models import InterviewPlanStep, Rating, Requisition, Scorecard
from assessments.hiring.services import plan_step_add, scorecard_for_interview
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db


def _stamp(obj: object, by: str = "changed_by", at: str = "changed_at") -> str:
    return f"changed by {getattr(obj, by).display_name} at {date_format(timezone.localtime(getattr(obj, at)), 'Y-m-d H:i:s')}"


@pytest.fixture
def two(roles, persona, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    manager = UserFactory(roles=[Role.COACH], first_name="Hana", last_name="Manager")
    recruiter = persona("recruiter")
    requisition = make_requisition(recruiter=recruiter, hiring_manager=manager)
    first, second = Client(), Client()
    first.force_login(recruiter)
    second.force_login(manager)
    return requisition, first, second


def test_a_second_requisition_save_is_refused_and_names_the_first(two) -> None:  # type: ignore[no-untyped-def]
    requisition, first, second = two
    url = f"/hiring/requisitions/{requisition.pk}/edit/"
    mine, theirs = (form_fields(c.get(url).content.decode(), having="title") for c in (first, second))
    assert mine["version"] == "1"
    assert first.post(url, {**mine, "title": "Enterprise AE"}).status_code == 302
    refused = second.post(url, {**theirs, "title": "SMB AE"})
    requisition.refresh_from_db()
    assert requisition.title == "Enterprise AE" and requisition.version == 2
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f"This requisition was {_stamp(requisition)}" in html and "reload" in html
    assert requisition.changed_by.email == "rick@example.com"


def test_a_second_interview_plan_save_is_refused_and_names_the_first(two) -> None:  # type: ignore[no-untyped-def]
    requisition, first, second = two
    criteria = list(requisition.rubric_version.criteria.order_by("position"))
    plan_step_add(requisition=requisition, name="Phone screen", criteria=criteria[:1], interviewers=[])
    url = f"/hiring/requisitions/{requisition.pk}/plan/"
    mine, theirs = (form_fields(c.get(url).content.decode(), having="plan_version") for c in (first, second))
    assert first.post(url, {**mine, "steps-0-name": "Discovery call"}).status_code == 302
    refused = second.post(url, {**theirs, "steps-0-name": "Role play"})
    requisition.refresh_from_db()
    assert list(InterviewPlanStep.objects.filter(requisition=requisition).values_list("name", flat=True)) == [
        "Discovery call"
    ]
    assert refused.status_code == 200
    stamp = _stamp(requisition, "plan_changed_by", "plan_changed_at")
    assert f"This interview plan was {stamp}" in refused.content.decode()
    # The refused form still carries the old version: saving it again is refused again.
    again = second.post(url, form_fields(refused.content.decode(), having="plan_version"))
    assert "This interview plan was changed by" in again.content.decode()
    assert InterviewPlanStep.objects.get(requisition=requisition).name == "Discovery call"


def test_a_second_scorecard_draft_save_is_refused_and_the_first_is_kept(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    requisition = make_requisition()
    interviewer = UserFactory(roles=[Role.COACH], first_name="Ivy", last_name="Interviewer")
    candidate = make_candidate(requisition)
    card = scorecard_for_interview(interview=make_interview(candidate, interviewer))
    laptop, phone = Client(), Client()
    for c in (laptop, phone):
        c.force_login(interviewer)
    url = f"/hiring/candidates/{candidate.pk}/scorecard/"
    mine, theirs = (form_fields(c.get(url).content.decode(), having="version") for c in (laptop, phone))
    criterion = card.ratings.order_by("criterion__position").first().criterion_id  # type: ignore[union-attr]
    saved = laptop.post(
        url, {**mine, f"rating_{criterion}": "4", "summary": "From the laptop", "action": "save"}
    )
    assert saved.status_code == 302
    refused = phone.post(
        url,
        {**theirs, f"rating_{criterion}": "1", "summary": "From the phone", "action": "submit"},
    )
    card = Scorecard.objects.get(pk=card.pk)
    assert (card.summary, card.submitted_at, card.version) == ("From the laptop", None, 2)
    assert Rating.objects.get(scorecard=card, criterion_id=criterion).value == 4
    page = refused.content.decode()
    assert refused.status_code == 409
    assert f"This scorecard was {_stamp(card)}" in page
    # What the phone typed is not lost: it is shown beside the stored scorecard, which the form now holds.
    assert "From the phone" in page and "From the laptop" in page


def test_services_without_a_version_token_still_save(two) -> None:  # type: ignore[no-untyped-def]
    requisition, _first, _second = two
    from assessments.hiring.services import requisition_update

    result = requisition_update(
        requisition=requisition,
        title="Renamed",
        team=requisition.team,
        hiring_manager=requisition.hiring_manager,
        recruiter=requisition.recruiter,
        rubric_version=requisition.rubric_version,
        actor=requisition.recruiter,
    )
    assert result.changed == ["title"]
    assert Requisition.objects.get(pk=requisition.pk).version == 2
