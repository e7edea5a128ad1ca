"""Every hiring URL × every persona, over a real requisition: who runs it, who interviews, who only sees aggregates."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from assessments.hiring.models import Stage
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

PEOPLE = (
    "recruiter",
    "hiring_manager",
    "interviewer",
    "other_recruiter",
    "analyst",
    "admin",
    "learner",
    "trainer",
    None,
)


@pytest.fixture
def world(persona, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    requisition = make_requisition(recruiter=persona("recruiter"), hiring_manager=persona("coach"))
    candidate = make_candidate(requisition)
    interviewer = UserFactory(roles=[Role.COACH])
    card = submit_scorecard(make_interview(candidate, interviewer), 4)
    users = {
        "recruiter": persona("recruiter"),
        "hiring_manager": persona("coach"),
        "interviewer": interviewer,
        "other_recruiter": UserFactory(roles=[Role.RECRUITER]),
        "analyst": persona("analyst"),
        "admin": persona("admin"),
        "learner": persona("learner"),
        "trainer": persona("trainer"),
    }
    return requisition, candidate, card, users


def _client(users, who):  # type: ignore[no-untyped-def]
    client = Client()
    if who is not None:
        client.force_login(users[who])
    return client


def _expect(default: int, **overrides: int) -> dict[str | None, int]:
    row: dict[str | None, int] = {p: default for p in PEOPLE}
    row.update({None: 302, "learner": 403, "trainer": 403})
    row.update(overrides)
    return row


def test_every_persona_gets_the_expected_answer_from_every_hiring_page(world) -> None:  # type: ignore[no-untyped-def]
    requisition, candidate, card, users = world
    table = {
        "/hiring/": _expect(200, other_recruiter=200, interviewer=200),
        f"/hiring/requisitions/{requisition.pk}/": _expect(404, recruiter=200, hiring_manager=200, admin=200),
        f"/hiring/requisitions/{requisition.pk}/import/": _expect(
            404, recruiter=200, hiring_manager=200, admin=200
        ),
        f"/hiring/requisitions/{requisition.pk}/calibration/": _expect(
            404, recruiter=200, hiring_manager=200, admin=200, analyst=200
        ),
        f"/hiring/candidates/{candidate.pk}/": _expect(
            404, recruiter=200, hiring_manager=200, admin=200, interviewer=200
        ),
        f"/hiring/candidates/{candidate.pk}/scorecards.json": _expect(
            404, recruiter=200, hiring_manager=200, admin=200, interviewer=200
        ),
        # Only an interviewer has a scorecard form; a submitted one sends them back to the candidate.
        f"/hiring/candidates/{candidate.pk}/scorecard/": _expect(404, interviewer=302),
        f"/hiring/scorecards/{card.pk}/amend/": _expect(404, interviewer=200),
    }
    wrong = []
    for url, expected in table.items():
        for who, status in expected.items():
            got = _client(users, who).get(url).status_code
            if got != status:
                wrong.append(f"{url} as {who}: expected {status}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_only_the_hiring_manager_records_a_decision(world) -> None:  # type: ignore[no-untyped-def]
    _requisition, candidate, _card, users = world
    url = f"/hiring/candidates/{candidate.pk}/decision/"
    data = {"decision-decision": Stage.REJECTED, "decision-reason": "Weak discovery"}
    for who in ("recruiter", "interviewer", "analyst", "learner"):
        assert _client(users, who).post(url, data).status_code in (403, 404), who
    candidate.refresh_from_db()
    assert candidate.stage == Stage.APPLIED
    assert _client(users, "hiring_manager").post(url, data).status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Stage.REJECTED


def test_the_recruiter_moves_stages_but_an_interviewer_cannot(world) -> None:  # type: ignore[no-untyped-def]
    _requisition, candidate, _card, users = world
    url = f"/hiring/candidates/{candidate.pk}/stage/"
    assert _client(users, "interviewer").post(url, {"stage-stage": Stage.SCREEN}).status_code == 403
    assert _client(users, "recruiter").post(url, {"stage-stage": Stage.SCREEN}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SCREEN


def test_the_hiring_nav_item_shows_for_hiring_roles_only(world) -> None:  # type: ignore[no-untyped-def]
    _r, _c, _card, users = world
    assert 'href="/hiring/"' in _client(users, "recruiter").get("/dashboard/").content.decode()
    assert 'href="/hiring/"' not in _client(users, "learner").get("/dashboard/").content.decode()
