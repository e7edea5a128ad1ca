"""The team progress table shows 50 learners a page; sorting carries across pages and the CSV has everyone."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.courses.test_team_progress import _team

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row">(P\d{3} L\d{3})</th>', html)


def test_page_two_shows_the_next_fifty_learners_in_the_same_order(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), 60)
    expected = [f"P{n:03d} L{n:03d}" for n in range(60)]  # sorted by last name

    first = client.get("/onboarding/team/").content.decode()
    second = client.get("/onboarding/team/?sort=name&page=2").content.decode()

    assert _names(first) == expected[:50]
    assert _names(second) == expected[50:]
    assert "1–50 of 60" in first and "Page 1 of 2" in first
    assert "51–60 of 60" in second and "Page 2 of 2" in second
    assert 'href="?sort=name&amp;page=1"' in second  # the previous/first links keep the sort


def test_descending_sort_is_kept_on_the_next_page(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), 60)
    first = client.get("/onboarding/team/?sort=-name").content.decode()
    assert _names(first)[0] == "P059 L059"
    next_link = re.search(r'href="([^"]+)" rel="next"', first)
    assert next_link is not None
    second = client.get("/onboarding/team/" + next_link.group(1).replace("&amp;", "&")).content.decode()
    assert _names(second) == [f"P{n:03d} L{n:03d}" for n in range(9, -1, -1)]


@pytest.mark.parametrize(
    ("page", "shown"), [("99", "51–60 of 60"), ("0", "1–50 of 60"), ("-3", "1–50 of 60"), ("x", "1–50 of 60")]
)
def test_an_out_of_range_page_shows_the_nearest_page(page, shown, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), 60)
    response = client.get(f"/onboarding/team/?page={page}")
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_the_csv_export_has_every_learner_whatever_the_page(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), 60)
    response = client.get("/onboarding/team/?sort=name&page=2&format=csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [f"P{n:03d} L{n:03d}" for n in range(60)]


def test_a_small_team_has_a_count_but_no_page_links(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    _team(persona("coach"), 3)
    html = client.get("/onboarding/team/").content.decode()
    assert "1–3 of 3" in html and 'rel="next"' not in html and "Page 1 of" not in html


def test_the_csv_streams_the_rows_a_chunk_at_a_time(login_as, persona, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from courses import team_table

    client = login_as("coach")
    _team(persona("coach"), 7)
    batches: list[int] = []
    real = team_table.TeamRows.statuses

    def spy(self, enrollments):  # type: ignore[no-untyped-def]
        batches.append(len(enrollments))
        return real(self, enrollments)

    monkeypatch.setattr(team_table, "CHUNK", 3)
    monkeypatch.setattr(team_table.TeamRows, "statuses", spy)
    response = client.get("/onboarding/team/?sort=-name&format=csv")
    assert response.streaming and batches == []  # nothing is read before the download is consumed
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert batches == [3, 3, 1]
    assert [row[0] for row in rows[1:]] == [f"P{n:03d} L{n:03d}" for n in reversed(range(7))]
