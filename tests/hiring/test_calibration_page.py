"""The calibration page: alpha per criterion with its reading, a lenient interviewer flagged, the rating bars."""

from __future__ import annotations

import math

import pytest

from accounts.roles import Role
from assessments.hiring.calibration import alpha_interpretation, requisition_calibration
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def test_a_lenient_interviewer_is_flagged_and_alpha_is_reported(roles, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    fair_a, fair_b, lenient = (
        UserFactory(roles=[Role.COACH], first_name=n, last_name="X") for n in ("Fa", "Fb", "Len")
    )
    for true_level in (1, 2, 3, 4, 1, 2, 3):
        candidate = make_candidate(requisition)
        submit_scorecard(make_interview(candidate, fair_a), true_level)
        submit_scorecard(make_interview(candidate, fair_b), true_level)
        submit_scorecard(make_interview(candidate, lenient), true_level + 1)
    criteria = requisition_calibration(requisition=requisition, viewer=requisition.recruiter)
    first = criteria[0]
    assert 0.0 < first.alpha < 1.0
    flags = {r.name: r.flagged for r in first.raters}
    assert flags == {"Len X": True, "Fa X": False, "Fb X": False}
    lenient_row = next(r for r in first.raters if r.name == "Len X")
    assert lenient_row.leniency == pytest.approx(2 / 3)
    assert [count for _v, count, _pct in first.distribution] == [
        4,
        6,
        6,
        4,
        1,
    ]  # fair raters 2×(1,2,3,4,1,2,3), lenient (2,3,4,5,2,3,4)
    response = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/calibration/")
    assert "lenient" in response.content.decode()


def test_alpha_readings_follow_krippendorffs_thresholds() -> None:
    assert alpha_interpretation(0.85)[1] == "ok"
    assert alpha_interpretation(0.7)[1] == "warn"
    assert alpha_interpretation(0.3)[1] == "bad"
    assert alpha_interpretation(math.nan)[1] == ""
