"""The 23-day template and the engagement calendar generated from it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coaching.models import ProgramDay
from coaching.services import engagement_create, program_field_23_ensure
from tests.factories.accounts import UserFactory
from tests.factories.coaching import coaching_rubric_version, make_engagement
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


def test_field_program_has_a_preparation_week_then_ride_alongs() -> None:
    program = program_field_23_ensure()
    days = list(ProgramDay.objects.filter(phase__program=program).order_by("number"))
    assert len(days) == 23
    kinds = [d.kind for d in days]
    assert kinds[:7] == ["learning", "learning", "preparation"] + ["accompanied"] * 4
    assert set(kinds[7:]) == {"ride_along"}
    assert all(len(d.activities) == 3 for d in days if d.is_field_day)
    assert program_field_23_ensure() == program  # idempotent
    assert ProgramDay.objects.count() == 23


def test_calendar_covers_23_working_days_from_the_start() -> None:
    engagement = make_engagement(start=dt.date(2026, 3, 7))  # a Saturday
    dates = [d.date for d in engagement.days.order_by("date")]
    assert len(dates) == 23
    assert dates[0] == dt.date(2026, 3, 9)
    assert all(d.weekday() < 5 for d in dates)
    assert dates[-1] == dt.date(2026, 4, 8)


def test_focus_competencies_must_be_one_to_three_from_a_coaching_rubric() -> None:
    version = coaching_rubric_version()
    common = {
        "coach": UserFactory(),
        "seller": UserFactory(),
        "program": program_field_23_ensure(),
        "start_date": dt.date(2026, 3, 2),
        "actor": None,
    }
    with pytest.raises(ValidationError, match="one to three"):
        engagement_create(rubric_version=version, focus_criteria=[], **common)
    hiring = make_rubric_version()
    with pytest.raises(ValidationError, match="coaching rubric"):
        engagement_create(rubric_version=hiring, focus_criteria=list(hiring.criteria.all()[:1]), **common)
