"""Requisitions, candidates and scorecards built through the hiring services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accounts.models import User
from accounts.roles import Role
from assessments.hiring.models import Candidate, Interview, Requisition, Scorecard
from assessments.hiring.services import (
    candidate_create,
    interview_assign,
    requisition_create,
    scorecard_for_interview,
    scorecard_save,
)
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.rubrics import make_rubric_version


def make_requisition(
    *, recruiter: User | None = None, hiring_manager: User | None = None, team: Any = None, **kwargs: Any
) -> Requisition:
    manager = hiring_manager or UserFactory(roles=[Role.COACH])
    team = team or TeamFactory(manager=manager)
    return requisition_create(
        title=kwargs.get("title", "Account Executive"),
        team=team,
        hiring_manager=manager,
        recruiter=recruiter or UserFactory(roles=[Role.RECRUITER]),
        rubric_version=kwargs.get("rubric_version") or make_rubric_version(),
        actor=None,
    )


_counter = {"n": 0}


def make_candidate(requisition: Requisition, **kwargs: Any) -> Candidate:
    _counter["n"] += 1
    n = _counter["n"]
    defaults: dict[str, Any] = {"name": f"Candidate {n}", "email": f"candidate{n}@example.com"}
    defaults.update(kwargs)
    return candidate_create(requisition=requisition, actor=None, **defaults)


def make_interview(candidate: Candidate, interviewer: User | None = None) -> Interview:
    return interview_assign(
        candidate=candidate, interviewer=interviewer or UserFactory(roles=[Role.COACH]), actor=None
    )


def submit_scorecard(
    interview: Interview,
    values: Mapping[str, int] | int = 3,
    recommendation: str = "yes",
    submit: bool = True,
) -> Scorecard:
    """Rate every covered criterion (by name, or all the same value) and submit."""
    card = scorecard_for_interview(interview=interview)
    ratings = {}
    for r in card.ratings.select_related("criterion"):
        value = values if isinstance(values, int) else values[r.criterion.name]
        ratings[r.criterion_id] = (value, f"evidence for {r.criterion.name}")
    return scorecard_save(
        scorecard=card,
        ratings=ratings,
        recommendation=recommendation,
        submit=submit,
        actor=interview.interviewer,
    )
