"""The monthly re-run: due study series are queued again with a longer window; crossing into a decision notifies the analyst."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from analytics.models import Metric, PredictorFamily, ValidityStudy
from analytics.services import (
    STUDY_DECIDED,
    _notify_if_decided,
    studies_rerun_due,
    study_create,
    study_run,
)
from analytics.tasks import studies_rerun_due_task
from core.models import Notification
from core.notifications import notification_kinds
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


def test_crossing_from_insufficient_to_a_decision_notifies_the_analyst_once(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
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
    assert not Notification.objects.filter(recipient=analyst).exists()  # still waiting: nothing to say

    rerun.results = {"recommendation": "keep", "n": 240}
    with django_capture_on_commit_callbacks(execute=True):
        _notify_if_decided(rerun)
        _notify_if_decided(rerun)  # a redelivered task tells nobody twice
    (note,) = Notification.objects.filter(recipient=analyst)
    assert note.kind == STUDY_DECIDED
    assert f"#{rerun.pk}" in note.title and "240" in note.body
    assert note.link == reverse("analytics:study", kwargs={"pk": rerun.pk})
    assert [m.to for m in mail.outbox] == [["analyst@example.com"]]


def test_the_notification_kind_is_registered_for_the_preferences_page() -> None:
    assert STUDY_DECIDED in {kind.key for kind in notification_kinds()}


def test_beat_runs_the_task_monthly() -> None:
    task = PeriodicTask.objects.get(task="analytics.studies_rerun_due")
    assert task.enabled and task.crontab.day_of_month == "1"
    assert studies_rerun_due_task.name == task.task
