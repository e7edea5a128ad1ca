"""A page scheduled to go live does so when the beat task that wraps `publish_scheduled` runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courses.tasks import publish_scheduled
from tests.factories.courses import product_page

pytestmark = pytest.mark.django_db


def test_a_scheduled_page_goes_live_when_the_task_runs() -> None:
    page = product_page(publish=False)
    revision = page.get_latest_revision()
    revision.approved_go_live_at = timezone.now() + dt.timedelta(hours=1)
    revision.save()
    publish_scheduled.delay()
    page.refresh_from_db()
    assert not page.live  # not yet time

    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=1)
    revision.save()
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.live
