"""The board shows the top 20 of each stage; "N more…" opens that stage a page of 50 at a time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from assessments.hiring.models import Candidate, Stage
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def _unrated(requisition, n: int, *, start: int = 0, stage: str = Stage.APPLIED) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    Candidate.objects.bulk_create(
        [
            Candidate(
                requisition=requisition,
                name=f"Cand {i:03d}",
                email=f"cand{requisition.pk}-{i:03d}@example.com",
                stage=stage,
                stage_changed_at=now,
            )
            for i in range(start, start + n)
        ]
    )


def _column(response, stage: str):  # type: ignore[no-untyped-def]
    return next(col for col in response.context["columns"] if col.stage == stage)


def test_a_long_column_shows_its_top_20_by_composite_and_links_to_the_rest(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _unrated(requisition, 25)
    rater = UserFactory(roles=[Role.COACH])
    for value in (2, 5, 3):
        submit_scorecard(make_interview(make_candidate(requisition, name=f"Rated {value}"), rater), value)
    _unrated(requisition, 2, start=100, stage=Stage.SCREEN)

    response = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/")
    applied = _column(response, Stage.APPLIED)
    assert applied.total == 28 and len(applied.cards) == 20 and applied.more == 8
    assert [c.candidate.name for c in applied.cards[:3]] == ["Rated 5", "Rated 3", "Rated 2"]
    html = response.content.decode()
    assert 'href="?stage=applied&amp;sort=composite">8 more…</a>' in html
    assert "Cand 024" not in html  # unrated, sorted below the top 20
    screen = _column(response, Stage.SCREEN)
    assert len(screen.cards) == 2 and screen.more == 0 and "?stage=screen" not in html


def test_the_stage_list_pages_through_every_candidate_of_the_stage(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _unrated(requisition, 60)
    _unrated(requisition, 5, start=200, stage=Stage.OFFER)
    client = login_as("recruiter")
    url = f"/hiring/requisitions/{requisition.pk}/?stage=applied&sort=name"

    first = client.get(url)
    second = client.get(url + "&page=2")

    assert [col.stage for col in first.context["columns"]] == [Stage.APPLIED]
    assert [c.candidate.name for c in _column(first, Stage.APPLIED).cards] == [
        f"Cand {i:03d}" for i in range(50)
    ]
    assert [c.candidate.name for c in _column(second, Stage.APPLIED).cards] == [
        f"Cand {i:03d}" for i in range(50, 60)
    ]
    assert "1–50 of 60" in first.content.decode() and "51–60 of 60" in second.content.decode()
    assert "Cand 200" not in second.content.decode()  # other stages stay off the stage list


@pytest.mark.parametrize(("page", "shown"), [("9", "51–60 of 60"), ("-1", "1–50 of 60"), ("", "1–50 of 60")])
def test_an_out_of_range_stage_page_shows_the_nearest_page(page, shown, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _unrated(requisition, 60)
    response = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/?stage=applied&page={page}")
    assert response.status_code == 200 and shown in response.content.decode()


def test_an_unknown_stage_shows_the_whole_board(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _unrated(requisition, 3)
    response = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/?stage=nonsense")
    assert response.status_code == 200
    assert [col.stage for col in response.context["columns"]] == list(Stage.values)


def test_the_stage_list_runs_the_same_queries_for_3_and_120_candidates(
    login_as, persona, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("recruiter")
    requisition = make_requisition(recruiter=persona("recruiter"))
    _unrated(requisition, 3)
    url = f"/hiring/requisitions/{requisition.pk}/?stage=applied&page=2"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _unrated(requisition, 117, start=3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(_column(response, Stage.APPLIED).cards) == 50
