"""The attempt page's numbers are read by its script (seconds left, attempt id, positions, sequence numbers), so
they are written as plain digits whatever the number formatting: with a thousands separator on, 5,400 seconds
left would reach the timer as 5."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from assessments.exams.models import Attempt
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


@override_settings(USE_THOUSAND_SEPARATOR=True, NUMBER_GROUPING=1)
def test_the_script_reads_plain_digits_with_a_thousands_separator_on(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = published_exam(questions=3, draw=3, time_limit_minutes=90)
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    html = client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    seconds = re.search(r'data-seconds-left="([^"]*)"', html)
    assert seconds is not None
    assert re.fullmatch(r"\d+", seconds.group(1)), seconds.group(1)
    assert 5300 <= int(seconds.group(1)) <= 5400
    assert f'data-attempt="{attempt.pk}"' in html
    assert re.findall(r'data-position="([^"]*)"', html) == ["1", "2", "3"]
