"""The fairness page draws each selection's impact ratios as a script-free SVG next to the 0.8 line."""

from __future__ import annotations

import re

import pytest

from analytics.models import Metric
from analytics.services import study_create, study_run
from tests.factories.analytics import WINDOW, make_history

pytestmark = pytest.mark.django_db


def test_each_selection_has_an_impact_ratio_chart(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=40, others=30)
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

    html = login_as("analyst").get(f"/analytics/studies/{study.pk}/fairness/").content.decode()

    sections = html.count("<section ")
    charts = re.findall(r'<div class="analytics-chart-box">(<svg.*?</svg>)</div>', html, re.S)
    assert sections >= 4 and len(charts) == sections
    hired = next(c for c in charts if "Impact ratio: Hired" in c)
    assert "Four-fifths line (0.8)" in hired and "Sex: Female" in hired and "Race/ethnicity: Asian" in hired
    assert all("<script" not in c for c in charts)
