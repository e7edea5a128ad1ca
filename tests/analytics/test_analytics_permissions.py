"""Every persona against a real study and proposal: only analysts and admins get in."""

from __future__ import annotations

import pytest

from analytics.models import Metric, WeightProposal
from analytics.services import study_create
from tests.factories.analytics import WINDOW, make_history

pytestmark = pytest.mark.django_db

OUTSIDERS = ("learner", "trainer", "recruiter", "coach")


def test_only_analysts_and_admins_open_real_study_pages(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=3, others=1)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
    )
    proposal = WeightProposal.objects.create(study=study, weights={"Discovery": 1.0})
    urls = [f"/analytics/studies/{study.pk}/", f"/analytics/studies/{study.pk}/status/"]
    for name in OUTSIDERS:
        client = login_as(name)
        for url in urls:
            assert client.get(url).status_code == 403, (name, url)
        decide = client.post(
            f"/analytics/proposals/{proposal.pk}/decide/", {"decision": "adopt", "reason": "x"}
        )
        assert decide.status_code == 403
    for name in ("analyst", "admin"):
        client = login_as(name)
        for url in urls:
            assert client.get(url).status_code == 200, (name, url)
    proposal.refresh_from_db()
    assert proposal.status == WeightProposal.Status.PROPOSED


def test_navigation_shows_analytics_to_analysts_only(login_as) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/analytics/"' in login_as("analyst").get("/dashboard/").content.decode()
    assert 'href="/analytics/"' not in login_as("coach").get("/dashboard/").content.decode()
