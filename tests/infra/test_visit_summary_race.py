"""PostgreSQL: two coaches saving field days for one seller at the same moment leave the seller's visit summary
counting both days' visits (the second writer waits on the seller's engagements, then counts what the first
committed), whichever commits first."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

import pytest
from django.db import connection, transaction

from accounts.roles import Role
from coaching.models import SellerVisitSummary
from coaching.services import fieldday_save
from coaching.visit_summary import COLUMNS, visit_summaries_rebuild
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, visit_data

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _row(seller_id: int) -> list[object]:
    row = SellerVisitSummary.objects.get(pk=seller_id)
    return [getattr(row, c) for c in ("anchor", "first_week", "last_week", *COLUMNS)]


def test_concurrent_field_days_of_one_seller_are_both_counted() -> None:
    seller = UserFactory(roles=[Role.LEARNER])
    first = make_engagement(coach=UserFactory(roles=[Role.COACH]), seller=seller, start=dt.date(2026, 3, 2))
    second = make_engagement(coach=UserFactory(roles=[Role.COACH]), seller=seller, start=dt.date(2026, 3, 9))
    # No row yet: nothing for the second writer's upsert to wait on but the engagements' lock.
    SellerVisitSummary.objects.filter(pk=seller.pk).delete()
    first_saved = threading.Event()
    errors: list[BaseException] = []

    def save(engagement, date: dt.date, visits: int, hold: bool) -> None:  # type: ignore[no-untyped-def]
        try:
            if not hold:
                assert first_saved.wait(10)
            with transaction.atomic():
                fieldday_save(
                    engagement=engagement,
                    actor=engagement.coach,
                    draft_id=uuid.uuid4(),
                    data={"date": date.isoformat(), "plan": "", "visits": [visit_data()] * visits},
                )
                if hold:
                    first_saved.set()
                    time.sleep(1.0)  # the other writer counts now, unless it waits for this commit
        except BaseException as exc:  # re-raised in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(first, dt.date(2026, 3, 4), 3, True)),
        threading.Thread(target=save, args=(second, dt.date(2026, 3, 11), 2, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    kept = _row(seller.pk)
    visit_summaries_rebuild()
    assert kept == _row(seller.pk)
    assert (
        kept[COLUMNS.index("during_visits") + 3] == 5
    )  # both days' visits, from the week of the first start
