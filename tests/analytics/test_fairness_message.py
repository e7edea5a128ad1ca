"""The adverse-impact message names groups as the fairness tables do, says it is about the composite cut, once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from analytics.labels import adverse_impact_message
from analytics.models import Metric, WeightProposal
from analytics.services import proposal_adopt, study_create, study_run
from tests.factories.analytics import WINDOW, make_history

pytestmark = pytest.mark.django_db

FLAGGED = {"cut": 0.6, "introduced": ["sex: female", "intersection: female · asian"]}


def _proposal(fairness: dict[str, object]) -> WeightProposal:
    history = make_history(hires=12, others=4)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
        n_bootstrap=50,
    )
    study_run(study_id=study.pk)
    WeightProposal.objects.filter(study=study).delete()
    return WeightProposal.objects.create(study=study, weights={"Discovery": 1.0}, fairness=fairness)


def test_the_message_uses_the_tables_labels_and_names_the_composite_cut() -> None:
    message = adverse_impact_message(FLAGGED)
    assert "Sex: Female; Sex × race/ethnicity: Female · Asian" in message
    assert "composite cut" in message and "0.6" in message and "these groups" in message
    assert "sex: female" not in message


def test_one_group_reads_in_the_singular() -> None:
    message = adverse_impact_message({"cut": 0.6, "introduced": ["race_ethnicity: asian"]})
    assert "Race/ethnicity: Asian" in message and "this group" in message and "these groups" not in message
    assert adverse_impact_message({"cut": 0.6, "introduced": []}) == ""


def test_study_and_fairness_pages_say_it_once_in_the_tables_words(login_as) -> None:  # type: ignore[no-untyped-def]
    proposal = _proposal(FLAGGED)
    client = login_as("analyst")
    for url in (
        f"/analytics/studies/{proposal.study_id}/",
        f"/analytics/studies/{proposal.study_id}/fairness/",
    ):
        html = client.get(url).content.decode()
        assert html.count("At the composite cut") == 1, url
        assert "Sex: Female; Sex × race/ethnicity: Female · Asian" in html, url
        assert "sex: female" not in html and "intersection:" not in html, url


def test_the_refusal_to_adopt_names_the_groups_in_the_tables_words(persona) -> None:  # type: ignore[no-untyped-def]
    proposal = _proposal(FLAGGED)
    with pytest.raises(ValidationError) as info:
        proposal_adopt(proposal=proposal, reason="Better validity.", actor=persona("analyst"))
    text = " ".join(info.value.message_dict["override_reason"])
    assert "Sex: Female" in text and "override reason" in text and "sex: female" not in text
