"""The grades download reads the attempts in chunks as the CSV is consumed, not all at once."""

from __future__ import annotations

import csv
import io

import pytest

from accounts.roles import Role
from assessments.exams import workbench
from tests.exams.test_workbench_reports import _take
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def test_the_grades_csv_streams_the_attempts_a_chunk_at_a_time(login_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=2)
    attempts = [_take(exam, UserFactory(roles=[Role.LEARNER]), right=n % 2 == 0) for n in range(5)]
    chunks: list[int] = []
    real = workbench.authoring.exam_grades_rows

    def spy(chunk, question_ids):  # type: ignore[no-untyped-def]
        chunks.append(len(chunk))
        return real(chunk, question_ids)

    monkeypatch.setattr(workbench, "GRADES_CHUNK", 2)
    monkeypatch.setattr(workbench.authoring, "exam_grades_rows", spy)
    response = login_as("trainer").get(f"/exams/workbench/exams/{exam.slug}/grades/?format=csv")
    assert response.streaming and chunks == []  # nothing is read before the download is consumed
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert chunks == [2, 2, 1]
    assert sorted(line[1] for line in lines[1:]) == sorted(a.user.email for a in attempts)
