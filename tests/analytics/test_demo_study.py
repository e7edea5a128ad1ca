"""The demo seeds a finished quota study that recommends adopting new weights, with a proposal, only once."""

from __future__ import annotations

import pytest

from accounts.demo import seed_accounts
from analytics.demo import PREDICTIVE, USELESS, seed_performance
from analytics.models import ValidityStudy, WeightProposal
from assessments.hiring.demo import seed_hiring

pytestmark = pytest.mark.django_db


def test_demo_study_recommends_adopting_weights_on_the_predictive_criteria(roles) -> None:  # type: ignore[no-untyped-def]
    seed_accounts()
    seed_hiring()
    seed_performance()
    seed_performance()

    study = ValidityStudy.objects.get()
    results = study.results
    assert study.status == ValidityStudy.Status.DONE
    assert results["n"] >= 70
    assert results["recommendation"] == "adopt"
    current, proposed = results["current_weights"], results["proposed_weights"]
    for name in PREDICTIVE:
        assert proposed[name] > current[name] + 0.1
    assert proposed[USELESS] < current[USELESS]
    proposal = WeightProposal.objects.get()
    assert proposal.study == study and proposal.status == WeightProposal.Status.PROPOSED
