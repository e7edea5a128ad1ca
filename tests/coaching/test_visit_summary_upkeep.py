"""What keeps or drops a seller's visit summary row outside the services that recount it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coaching.models import SellerVisitSummary
from coaching.services import fieldday_cancel
from coaching.visit_summary import COLUMNS, visit_summaries_rebuild
from tests.factories.coaching import make_engagement, make_field_day

pytestmark = pytest.mark.django_db


def _row(seller_id: int) -> list[object]:
    row = SellerVisitSummary.objects.get(pk=seller_id)
    return [getattr(row, c) for c in ("anchor", "first_week", "last_week", *COLUMNS)]


def test_cancelling_a_planned_field_day_keeps_the_row() -> None:
    engagement = make_engagement(start=dt.date(2026, 3, 2))
    make_field_day(engagement, date=dt.date(2026, 3, 4))  # one visit
    planned = make_field_day(engagement, date=timezone.localdate() + dt.timedelta(days=3), visits=[])
    before = _row(engagement.seller_id)
    fieldday_cancel(field_day=planned, actor=engagement.coach)
    assert _row(engagement.seller_id) == before
    visit_summaries_rebuild()
    assert _row(engagement.seller_id) == before
    assert before[COLUMNS.index("during_visits") + 3] == 1


def test_a_field_day_moved_past_the_services_drops_the_row() -> None:
    engagement = make_engagement(start=dt.date(2026, 3, 2))
    day = make_field_day(engagement, date=dt.date(2026, 3, 4))
    assert SellerVisitSummary.objects.filter(pk=engagement.seller_id).exists()
    day.date = dt.date(2026, 2, 4)  # before the start now: the row's split would be wrong
    day.save()
    assert not SellerVisitSummary.objects.filter(pk=engagement.seller_id).exists()
