"""The monthly re-run: due study series are queued again with a longer window; crossing into a decision mails the analyst."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from analytics.models import Metric, PredictorFamily, ValidityStudy
from analytics.services import _notify_if_decided, studies_rerun_due, study_create, study_run
from analytics.tasks import studies_rerun_due_task
from tests.factories.accounts import UserFactory
from tests.factories.analytics import WINDOW, make_coaching_history

pytestmark = pytest.mark.django_db


def _small_study(analyst) -> ValidityStudy:  # type: ignore[no-untyped-def]
    history = make_coaching_history(sellers=6)
    study = study_create(
        family=PredictorFamily.COACHING,
        rubric_version=history.version,
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        actor=analyst,
        n_bootstrap=50,
    )
    study_run(study_id=study.pk)
    study.refresh_from_db()
    return study


def test_a_due_series_is_rerun_to_today_and_a_fresh_one_is_not() -> None:
    analyst = UserFactory(email="analyst@example.com")
    study = _small_study(analyst)
    assert study.results["recommendation"] == "insufficient_data"
    today = timezone.localdate()

    assert studies_rerun_due(today=today) == []  # finished just now: not due

    ValidityStudy.objects.filter(pk=study.pk).update(finished_at=timezone.now() - dt.timedelta(days=40))
    (rerun,) = studies_rerun_due(today=today)
    assert rerun.inputs["rerun_of"] == study.pk
    assert rerun.inputs["period_from"] == study.inputs["period_from"]
    assert rerun.inputs["period_to"] == today.isoformat()
    assert rerun.rubric_version == study.rubric_version and rerun.created_by == analyst
    # The queued re-run is now the series' newest, so the series is not queued twice.
    assert studies_rerun_due(today=today) == []


def test_crossing_from_insufficient_to_a_decision_mails_the_analyst_once() -> None:
    analyst = UserFactory(email="analyst@example.com")
    first = _small_study(analyst)
    rerun = ValidityStudy.objects.create(
        family=first.family,
        rubric_version=first.rubric_version,
        outcome=first.outcome,
        created_by=analyst,
        inputs=first.inputs | {"rerun_of": first.pk},
        results={"recommendation": "insufficient_data", "n": 7},
        status=ValidityStudy.Status.DONE,
    )
    _notify_if_decided(rerun)
    assert mail.outbox == []  # still waiting: nothing to say

    rerun.results = {"recommendation": "keep", "n": 240}
    _notify_if_decided(rerun)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["analyst@example.com"]
    assert f"#{rerun.pk}" in mail.outbox[0].subject and "240" in mail.outbox[0].body


def test_beat_runs_the_task_monthly() -> None:
    task = PeriodicTask.objects.get(task="analytics.studies_rerun_due")
    assert task.enabled and task.crontab.day_of_month == "1"
    assert studies_rerun_due_task.name == task.task
