"""A hiring manager decides after their own scorecard, sees whose are missing, and says why to decide without them."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.hiring.models import Stage, StageChange
from assessments.hiring.services import candidate_decide
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(roles, client, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    requisition = make_requisition()
    manager = requisition.hiring_manager
    candidate = make_candidate(requisition)
    bob = UserFactory(roles=[Role.COACH], first_name="Bob", last_name="Byrne")
    cleo = UserFactory(roles=[Role.COACH], first_name="Cleo", last_name="Chan")
    interviews = {u: make_interview(candidate, u) for u in (manager, bob, cleo)}
    client.force_login(manager)
    return candidate, manager, bob, cleo, interviews, client


def _decision_form(html: str) -> str | None:
    found = re.search(r'<form method="post" action="[^"]*/decision/">(.*?)</form>', html, re.S)
    return found.group(1) if found else None


def test_no_decision_form_before_the_managers_own_scorecard(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, manager, _bob, _cleo, _interviews, client = panel
    html = client.get(f"/hiring/candidates/{candidate.pk}/").content.decode()
    assert _decision_form(html) is None
    assert "Submit your own scorecard first" in html
    with pytest.raises(ValidationError) as caught:
        candidate_decide(candidate=candidate, decision=Stage.HIRED, reason="Gut feel", actor=manager)
    assert "Submit your own scorecard" in str(caught.value)
    response = client.post(
        f"/hiring/candidates/{candidate.pk}/decision/",
        {"decision-decision": Stage.HIRED, "decision-reason": "Gut feel"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Stage.APPLIED


def test_the_form_names_the_missing_scorecards_and_preselects_nothing(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, manager, bob, _cleo, interviews, client = panel
    submit_scorecard(interviews[manager], 4)
    submit_scorecard(interviews[bob], 4)
    html = client.get(f"/hiring/candidates/{candidate.pk}/").content.decode()
    form = _decision_form(html)
    assert form is not None
    assert "1 interviewer has not submitted a scorecard yet" in html and "<li>Cleo Chan</li>" in html
    assert "Bob Byrne</li>" not in html.split("has not submitted")[1].split("</ul>")[0]
    select = re.search(r"<select[^>]*decision-decision.*?</select>", form, re.S)
    assert select is not None
    assert re.findall(r'value="([^"]*)" selected', select.group(0)) == [""]
    assert 'name="decision-missing_scorecards_reason"' in form


def test_deciding_without_a_scorecard_needs_a_reason_that_is_stored_and_audited(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, manager, bob, _cleo, interviews, client = panel
    submit_scorecard(interviews[manager], 4)
    submit_scorecard(interviews[bob], 4)
    url = f"/hiring/candidates/{candidate.pk}/decision/"
    data = {"decision-decision": Stage.HIRED, "decision-reason": "Strong panel"}
    refused = client.post(url, data, follow=True).content.decode()
    assert "These scorecards are not submitted yet: Cleo Chan. Say why you decide without them." in refused
    candidate.refresh_from_db()
    assert candidate.stage == Stage.APPLIED
    data["decision-missing_scorecards_reason"] = "Cleo is on leave for a month; the offer cannot wait."
    client.post(url, data)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.HIRED
    change = StageChange.objects.get(candidate=candidate, to_stage=Stage.HIRED)
    assert change.missing_scorecards == ["Cleo Chan"]
    assert change.missing_scorecards_reason.startswith("Cleo is on leave")
    event = AuditEvent.objects.get(verb="candidate.hired")
    assert event.after["missing_scorecards"] == ["Cleo Chan"]
    assert event.after["missing_scorecards_reason"].startswith("Cleo is on leave")
    assert (
        "decided without the scorecards of Cleo Chan"
        in client.get(f"/hiring/candidates/{candidate.pk}/").content.decode()
    )


def test_with_every_scorecard_in_no_extra_reason_is_asked(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, manager, bob, cleo, interviews, client = panel
    for u in (manager, bob, cleo):
        submit_scorecard(interviews[u], 4)
    form = _decision_form(client.get(f"/hiring/candidates/{candidate.pk}/").content.decode())
    assert form is not None and "missing_scorecards_reason" not in form
    candidate_decide(candidate=candidate, decision=Stage.REJECTED, reason="Below the bar", actor=manager)
    assert StageChange.objects.get(candidate=candidate, to_stage=Stage.REJECTED).missing_scorecards == []


def test_a_withdrawal_is_recorded_whatever_the_scorecards(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, manager, _bob, _cleo, _interviews, _client = panel
    candidate_decide(candidate=candidate, decision=Stage.WITHDRAWN, reason="Moved abroad", actor=manager)
    assert candidate.stage == Stage.WITHDRAWN
