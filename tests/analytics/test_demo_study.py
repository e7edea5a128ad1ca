"""The demo seeds two finished quota studies, once: the pooled 18 months say adopt, one requisition says wait.

The figures are the product's own decision on the seeded data, with validities like real sales hiring.
"""

from __future__ import annotations

import pytest

from accounts.demo import seed_accounts
from analytics.demo import PREDICTIVE, USELESS, seed_performance
from analytics.models import ValidityStudy, WeightProposal
from assessments.hiring.demo import seed_hiring

pytestmark = pytest.mark.django_db


def test_demo_studies_adopt_when_pooled_and_ask_for_more_hires_alone(roles) -> None:  # type: ignore[no-untyped-def]
    seed_accounts()
    seed_hiring()
    seed_performance()
    seed_performance()

    pooled, alone = (
        ValidityStudy.objects.get(family="hiring", results__requisitions__gt=1),
        ValidityStudy.objects.get(family="hiring", results__requisitions=1),
    )
    results = pooled.results
    assert pooled.status == ValidityStudy.Status.DONE
    assert 300 <= results["n"] <= 600 and results["pooled"] is True
    assert 0.15 <= results["composite_r"] <= 0.4  # believable, not .9
    assert results["recommendation"] == "adopt" and results["f_p_value"] < 0.05
    current, proposed = results["current_weights"], results["proposed_weights"]
    for name in PREDICTIVE:
        assert proposed[name] > current[name] + 0.1
    assert proposed[USELESS] < current[USELESS]
    proposal = WeightProposal.objects.get()
    assert proposal.study == pooled and proposal.status == WeightProposal.Status.PROPOSED

    assert alone.results["recommendation"] == "insufficient_data"
    assert alone.results["n"] < 60 and alone.results["more_needed"] > 100
    assert alone.results["expected_by"] is not None
