"""After the retention period, rejected/declined candidates lose their personal data but keep their scores."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.hiring.models import Candidate, Rating, Stage
from assessments.hiring.services import candidate_decide
from assessments.hiring.tasks import candidates_anonymise_expired_task
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def test_expired_rejections_are_anonymised_once_and_scores_stay(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_CANDIDATE_RETENTION_DAYS = 30
    requisition = make_requisition()
    old, recent, hired = (make_candidate(requisition, phone="555") for _ in range(3))
    old.cv.save("cv.pdf", ContentFile(b"%PDF"), save=True)
    cv_name = old.cv.name
    submit_scorecard(make_interview(old), 4)
    for c, decision in ((old, Stage.REJECTED), (recent, Stage.DECLINED), (hired, Stage.HIRED)):
        candidate_decide(candidate=c, decision=decision, reason="r", actor=requisition.hiring_manager)
    Candidate.objects.filter(pk__in=[old.pk, hired.pk]).update(
        stage_changed_at=timezone.now() - dt.timedelta(days=31)
    )

    assert candidates_anonymise_expired_task.delay().get() == 1
    old.refresh_from_db()
    assert (old.email, old.phone, old.cv.name) == ("", "", "")
    assert old.name.startswith("Anonymised") and old.anonymised_at is not None
    assert not old.cv.storage.exists(cv_name)
    assert Rating.objects.filter(scorecard__candidate=old, value=4).count() == 3
    recent.refresh_from_db()
    hired.refresh_from_db()
    assert recent.email and hired.email  # too recent / hired: untouched

    assert candidates_anonymise_expired_task.delay().get() == 0


def test_the_retention_sweep_is_scheduled_daily_in_beat() -> None:
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="hiring.candidates_anonymise_expired")
    assert task.enabled and task.crontab.hour == "3"
