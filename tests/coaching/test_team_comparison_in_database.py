"""The coaching team page's team-wide before/after is computed in the database; it must equal the Python
reference (`weekly_measures` + `before_after` over every visit of the sellers in view, each seller's start
being their earliest engagement), and the per-seller table is paged in the database, by seller name."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from accounts.roles import Role
from coaching.measures import before_after, weekly_measures
from coaching.models import Engagement, FieldDay, SellerVisitSummary, Visit
from coaching.selectors import engagements_coached_by, team_comparison, visit_facts
from coaching.services import fieldday_save
from coaching.visit_summary import COLUMNS, visit_summaries_rebuild
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_field_day, visit_data

pytestmark = pytest.mark.django_db


def _world(coach, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    objectives = list(Visit.Objective.values)
    for n in range(5):
        seller = UserFactory(roles=[Role.LEARNER], last_name=f"Seller {n:02d}")
        starts = [dt.date(2026, 3, 2) + dt.timedelta(days=rng.randrange(-20, 20)) for _ in range(1 + n % 2)]
        for start in starts:  # some sellers have two engagements: the earliest start counts
            engagement = make_engagement(coach=coach, seller=seller, start=start)
            for _day in range(3):
                day = FieldDay.objects.create(
                    engagement=engagement,
                    date=start + dt.timedelta(days=rng.randrange(-40, 40)),
                    draft_id=f"{rng.getrandbits(128):032x}",
                    recorded_by=coach,
                )
                Visit.objects.bulk_create(
                    [
                        Visit(
                            field_day=day,
                            position=p,
                            customer_name="Acme",
                            segment="enterprise",
                            call_type="first",
                            objective=rng.choice(objectives),
                            appointment_won=rng.random() < 0.5,
                            duration_minutes=rng.randrange(10, 90),
                            coach_rating=rng.choice([None, 1, 2, 3, 4]),
                        )
                        for p in range(rng.randrange(1, 4))
                    ]
                )


def _reference(engagements: list[Engagement]):  # type: ignore[no-untyped-def]
    """`before_after` in Python over every visit of these engagements' sellers, each split at their earliest
    start among `engagements`."""
    starts: dict[int, dt.date] = {}
    for e in engagements:
        starts[e.seller_id] = min(starts.get(e.seller_id, e.start_date), e.start_date)
    return before_after(weekly_measures(visit_facts(list(starts))), starts), starts


def _assert_equal(got, expected) -> None:  # type: ignore[no-untyped-def]
    assert [r.measure for r in got.comparison] == [r.measure for r in expected]
    for mine, reference in zip(got.comparison, expected, strict=True):
        for side in ("before", "during"):
            ours, theirs = getattr(mine, side), getattr(reference, side)
            assert (ours is None) == (theirs is None), (mine, reference)
            if theirs is not None:
                assert ours == pytest.approx(theirs)


# How the sellers' figures are read: every seller from the visits (no summary rows: the world was written past
# the services, which drops them), every seller from a summary row, half and half, and a view that holds only
# each seller's latest engagement, where a row anchored at an earlier start must not be read.
MODES = ("visits", "summaries", "mixed", "latest_engagements_only")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_team_comparison_equals_the_python_reference(roles, seed: int, mode: str) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    _world(coach, random.Random(seed))
    visible = engagements_coached_by(coach)
    assert not SellerVisitSummary.objects.exists()
    if mode != "visits":
        assert visit_summaries_rebuild() == 5
    if mode == "mixed":
        SellerVisitSummary.objects.filter(seller__last_name__in=["Seller 01", "Seller 02"]).delete()
    if mode == "latest_engagements_only":
        latest = {}
        for e in Engagement.objects.filter(coach=coach).order_by("start_date", "pk"):
            latest[e.seller_id] = e.pk
        visible = visible.filter(pk__in=latest.values())
    engagements = list(visible)
    if mode == "latest_engagements_only":  # sellers 1 and 3 have two engagements with different starts
        assert len(engagements) == 5 < Engagement.objects.filter(coach=coach).count()
    expected, starts = _reference(engagements)
    got = team_comparison(visible)
    _assert_equal(got, expected)
    assert got.first_start == min(starts.values())
    # The reference has values on both sides, so the comparison above compared numbers.
    assert all(r.before is not None and r.during is not None for r in expected[:3])


def test_the_services_keep_the_summary_rows_counted() -> None:
    """Engagements started and field days saved through the services leave each seller's row as a rebuild
    would count it, and the page's figures read from those rows equal the reference."""
    coach = UserFactory(roles=[Role.COACH])
    rng = random.Random(7)
    engagements = []
    for n in range(3):
        seller = UserFactory(roles=[Role.LEARNER])
        engagements.append(make_engagement(coach=coach, seller=seller, start=dt.date(2026, 3, 2)))
        for week in range(-3, 4):
            visits = [
                visit_data(
                    objective=rng.choice(list(Visit.Objective.values)),
                    duration_minutes=str(10 + n + week + 5),
                )
                for _ in range(1 + (week + n) % 3)
            ]
            make_field_day(
                engagements[-1], date=dt.date(2026, 3, 4) + dt.timedelta(weeks=week), visits=visits
            )
    # A second, earlier engagement moves the first seller's split: the service recounts the row.
    engagements.append(make_engagement(coach=coach, seller=engagements[0].seller, start=dt.date(2026, 2, 16)))
    # A field day saved again with fewer visits: the row follows.
    day = engagements[1].field_days.order_by("date").first()
    fieldday_save(
        engagement=engagements[1],
        actor=coach,
        draft_id=day.draft_id,
        data={"date": day.date.isoformat(), "plan": "", "visits": [visit_data()]},
    )
    kept = {
        row.pk: [getattr(row, c) for c in ("anchor", "first_week", "last_week", *COLUMNS)]
        for row in SellerVisitSummary.objects.all()
    }
    assert len(kept) == 3
    assert SellerVisitSummary.objects.get(pk=engagements[0].seller_id).anchor == dt.date(2026, 2, 16)
    visit_summaries_rebuild()
    recounted = {
        row.pk: [getattr(row, c) for c in ("anchor", "first_week", "last_week", *COLUMNS)]
        for row in SellerVisitSummary.objects.all()
    }
    assert kept.keys() == recounted.keys()
    for seller, row in kept.items():
        assert row[:3] == recounted[seller][:3]  # anchor and span
        assert row[3:] == pytest.approx(recounted[seller][3:])
    expected, _starts = _reference(engagements)
    _assert_equal(team_comparison(engagements_coached_by(coach)), expected)


def test_the_per_seller_table_pages_by_seller_name(roles, client) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    template = make_engagement(coach=coach, seller=UserFactory(roles=[Role.LEARNER], last_name="Zzz last"))
    sellers = [UserFactory(roles=[Role.LEARNER], last_name=f"Zed {n:03d}") for n in range(52)]
    Engagement.objects.bulk_create(
        Engagement(
            coach=coach,
            seller=seller,
            program=template.program,
            start_date=template.start_date,
            rubric_version=template.rubric_version,
        )
        for seller in reversed(sellers)  # created out of order: the page orders them
    )
    client.force_login(coach)
    first = client.get("/coaching/team/").content.decode()
    second = client.get("/coaching/team/?page=2").content.decode()
    assert sellers[0].display_name in first and sellers[49].display_name in first
    assert sellers[50].display_name not in first
    assert sellers[50].display_name in second and sellers[51].display_name in second
    assert sellers[0].display_name not in second
    # On a phone both tables stack, each cell naming its column (core's data-table style): every cell has a label.
    assert first.count('class="compact data-table"') == 1 and first.count('<table class="data-table">') == 1
    assert re.findall(r"<td(?![^>]*data-label)", first) == []
    assert re.findall(r'<th scope="row"(?![^>]*data-label)', first) == []
