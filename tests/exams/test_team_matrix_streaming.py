"""The certification matrix: an exact query count at 3 and 12 people, and a CSV that streams in chunks."""

from __future__ import annotations

import csv
import io

import pytest

from assessments.exams.views import trainer
from tests.exams.test_team_matrix_pages import _members
from tests.factories.accounts import TeamFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db

# The request's own, the unit list, the people count and page, the exams and the page's certifications.
MATRIX_QUERIES = 8


@pytest.fixture
def team_world(persona):  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=1, certifying=True, validity_months=12)
    return TeamFactory(manager=persona("coach")), exam


@pytest.mark.parametrize("size", [3, 12])
def test_the_matrix_runs_an_exact_number_of_queries(
    size, login_as, team_world, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    team, exam = team_world
    _members(team, 0, size, exam)
    client = login_as("coach")
    client.get("/exams/team/")
    with django_assert_num_queries(MATRIX_QUERIES):
        assert client.get("/exams/team/").status_code == 200


def test_the_csv_streams_every_person_a_chunk_at_a_time(login_as, team_world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    team, exam = team_world
    _members(team, 0, 7, exam)
    chunks: list[int] = []
    real = trainer._matrix_lines

    def spy(people, exams, now):  # type: ignore[no-untyped-def]
        chunks.append(len(people))
        return real(people, exams, now)

    monkeypatch.setattr(trainer, "MATRIX_CSV_CHUNK", 3)
    monkeypatch.setattr(trainer, "_matrix_lines", spy)
    response = login_as("coach").get("/exams/team/?format=csv")
    assert response.streaming and chunks == []  # nothing read before the download is consumed
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert chunks == [3, 3, 1]
    assert [row[0] for row in rows[1:]] == [f"M{i:03d} N{i:03d}" for i in range(7)]
    assert rows[0][2:] == [exam.title, f"{exam.title} expires"]
