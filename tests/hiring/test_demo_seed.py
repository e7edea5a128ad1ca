"""The hiring demo: 3 requisitions, ~300 scored candidates, 80 hires with learner accounts, one lenient rater; idempotent."""

from __future__ import annotations

import pytest
from django.db.models import Count

from accounts.demo import seed_accounts
from accounts.roles import Role
from assessments.hiring.calibration import requisition_calibration
from assessments.hiring.demo import seed_hiring
from assessments.hiring.models import Candidate, Requisition, Scorecard, SelfIdentification, Stage
from assessments.hiring.selectors import self_identification_selection_rates

pytestmark = pytest.mark.django_db


def test_the_hiring_demo_is_believable_and_idempotent(roles) -> None:  # type: ignore[no-untyped-def]
    seed_accounts()
    seed_hiring()
    assert Requisition.objects.count() == 3
    assert 280 <= Candidate.objects.count() <= 320
    per_candidate = (
        Candidate.objects.annotate(n=Count("scorecards")).filter(n__gt=0).values_list("n", flat=True)
    )
    assert len(per_candidate) >= 250 and set(per_candidate) <= {1, 2, 3, 4}
    hires = Candidate.objects.filter(stage=Stage.HIRED)
    assert hires.count() == 80
    assert all(
        c.user is not None and c.user.groups.filter(name=Role.LEARNER).exists()
        for c in hires.select_related("user")
    )
    assert all(
        c.user.memberships.filter(org_unit=c.requisition.team).exists()
        for c in hires.select_related("user", "requisition")
    )

    rates = {r["group"]: r["hired"] / r["decided"] for r in self_identification_selection_rates()}
    assert rates["female"] / rates["male"] == pytest.approx(0.8, abs=0.05)

    requisition = Requisition.objects.get(team__slug="new-york-enterprise")
    calibration = requisition_calibration(requisition=requisition, viewer=requisition.recruiter)
    flagged = {r.name for c in calibration for r in c.raters if r.flagged and (r.leniency or 0) > 0}
    assert flagged == {"Xu Tao"}
    alphas = [round(c.alpha, 2) for c in calibration]
    assert all(0.4 < a < 0.9 for a in alphas), alphas  # interviewers agree, but not perfectly

    counts = (Candidate.objects.count(), Scorecard.objects.count(), SelfIdentification.objects.count())
    seed_hiring()
    assert (
        Candidate.objects.count(),
        Scorecard.objects.count(),
        SelfIdentification.objects.count(),
    ) == counts
