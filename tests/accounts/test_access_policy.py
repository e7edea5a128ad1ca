"""accounts.access: who sees whom, and every team page, the passport and the API obey it (ids cannot be probed)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.access import (
    may_view_person,
    org_units_visible_to,
    people_visible_to,
    sees_organisation,
    team_scope,
)
from accounts.models import OrgUnit, User
from accounts.roles import Role
from assessments.exams.models import Certification, Exam
from courses.models import Enrollment
from tests.factories.accounts import MembershipFactory, RegionFactory, TeamFactory, UserFactory
from tests.factories.coaching import make_engagement
from tests.factories.courses import course, learning_path
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


@dataclass
class Org:
    """One region (rita manages it) with team A (coach_a) and team B (coach_b); carl coaches bob only."""

    region: OrgUnit
    team_a: OrgUnit
    team_b: OrgUnit
    rita: User
    coach_a: User
    coach_b: User
    carl: User
    alice: User  # learner in team A
    bob: User  # learner in team B
    gone: User  # inactive member of team A
    ann: User  # analyst
    ada: User  # admin

    def everyone(self) -> list[User]:
        return [
            self.rita, self.coach_a, self.coach_b, self.carl, self.alice, self.bob, self.gone, self.ann, self.ada
        ]  # fmt: skip


@pytest.fixture
def org(roles, settings) -> Org:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    rita, coach_a, coach_b, carl = (UserFactory(roles=[Role.COACH]) for _ in range(4))
    region = RegionFactory(manager=rita)
    team_a = TeamFactory(manager=coach_a, parent=region)
    team_b = TeamFactory(manager=coach_b, parent=region)
    alice = UserFactory(first_name="Alice", last_name="Aa", roles=[Role.LEARNER])
    bob = UserFactory(first_name="Bob", last_name="Bb", roles=[Role.LEARNER])
    gone = UserFactory(first_name="Gone", last_name="Gg", roles=[Role.LEARNER], is_active=False)
    MembershipFactory(user=alice, org_unit=team_a)
    MembershipFactory(user=gone, org_unit=team_a)
    MembershipFactory(user=bob, org_unit=team_b)
    make_engagement(coach=carl, seller=bob)
    return Org(
        region=region,
        team_a=team_a,
        team_b=team_b,
        rita=rita,
        coach_a=coach_a,
        coach_b=coach_b,
        carl=carl,
        alice=alice,
        bob=bob,
        gone=gone,
        ann=UserFactory(roles=[Role.ANALYST]),
        ada=UserFactory(roles=[Role.ADMIN]),
    )


def _seen(user: User) -> set[str]:
    return {p.first_name for p in people_visible_to(user) if p.first_name in {"Alice", "Bob", "Gone"}}


def test_a_manager_sees_their_team_a_region_manager_the_teams_below(org: Org) -> None:
    assert _seen(org.coach_a) == {"Alice"}
    assert _seen(org.coach_b) == {"Bob"}
    assert _seen(org.rita) == {"Alice", "Bob"}
    assert set(org_units_visible_to(org.coach_a)) == {org.team_a}
    assert set(org_units_visible_to(org.rita)) == {org.region, org.team_a, org.team_b}


def test_a_learner_sees_only_themselves(org: Org) -> None:
    assert list(people_visible_to(org.alice)) == [org.alice]
    assert list(org_units_visible_to(org.alice)) == []


def test_the_coach_of_an_engagement_sees_its_seller_through_the_coaching_grant(org: Org) -> None:
    assert _seen(org.carl) == {"Bob"}


def test_admins_and_analysts_see_the_whole_organisation(org: Org) -> None:
    active = set(User.objects.filter(is_active=True))
    assert set(people_visible_to(org.ada)) == active
    assert set(people_visible_to(org.ann)) == active
    assert set(org_units_visible_to(org.ann)) == set(OrgUnit.objects.all())


def test_inactive_people_are_out_of_everyones_sight(org: Org) -> None:
    for viewer in org.everyone():
        if viewer != org.gone:
            assert not may_view_person(viewer, org.gone)
            assert org.gone not in people_visible_to(viewer)


def test_may_view_person_agrees_with_people_visible_to_for_every_pair(org: Org) -> None:
    people = org.everyone()
    for viewer, person in itertools.product(people, people):
        if not viewer.is_active:
            continue
        expected = person in set(people_visible_to(viewer))
        assert may_view_person(viewer, person) is expected, (viewer, person)


def test_may_view_person_costs_at_most_one_query(org: Org, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    viewer = User.objects.get(pk=org.coach_a.pk)
    viewer.groups.all()  # roles are read once per request, as the middleware's user would have them
    assert may_view_person(viewer, org.alice)  # warms the role cache
    with django_assert_max_num_queries(1):
        assert not may_view_person(viewer, org.bob)


def test_team_scope_refuses_a_unit_out_of_sight(org: Org) -> None:
    from accounts.access import UnitNotVisible

    with pytest.raises(UnitNotVisible):
        team_scope(org.coach_a, org.team_b.pk)
    with pytest.raises(UnitNotVisible):
        team_scope(org.coach_a, "x")
    region = team_scope(org.ada, org.region.pk)
    assert {p.first_name for p in region.people} >= {"Alice", "Bob"}
    assert [p.first_name for p in team_scope(org.ada, org.team_b.pk).people] == ["Bob"]


# ---------------------------------------------------------------- pages and endpoints


TEAM_PAGES = ("/onboarding/team/", "/exams/team/", "/coaching/team/")


@pytest.fixture
def records(org: Org) -> Org:
    """Alice and Bob each on a learning path and holding a certification."""
    path = learning_path(name="Onboarding", courses=[(course(title="Basics", lessons=1), 7)])
    exam = ExamFactory(certifying=True, status=Exam.Status.PUBLISHED)
    for n, person in enumerate((org.alice, org.bob)):
        Enrollment.objects.create(
            path=path, user=person, start_date=timezone.localdate() - dt.timedelta(days=3)
        )
        Certification.objects.create(user=person, exam=exam, code=f"ACCESS{n:06d}", issued_at=timezone.now())
    make_engagement(coach=org.coach_a, seller=org.alice)
    return org


@pytest.mark.parametrize("url", TEAM_PAGES)
def test_a_team_manager_probing_another_team_gets_404(url: str, records: Org, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(records.coach_a)
    assert client.get(url, {"unit": records.team_b.pk}).status_code == 404
    assert client.get(url, {"unit": 999999}).status_code == 404
    own = client.get(url, {"unit": records.team_a.pk})
    assert own.status_code == 200
    assert "Alice" in own.content.decode() and "Bob" not in own.content.decode()


@pytest.mark.parametrize("url", ("/onboarding/team/", "/exams/team/"))
@pytest.mark.parametrize("who", ("ada", "ann"))
def test_admins_and_analysts_get_the_organisation_with_a_team_filter(
    url: str, who: str, records: Org, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(records, who))
    everyone = client.get(url).content.decode()
    assert "Alice" in everyone and "Bob" in everyone and "Nobody in your teams" not in everyone
    assert f'value="{records.team_b.pk}"' in everyone  # the team filter offers every unit
    team_b = client.get(url, {"unit": records.team_b.pk}).content.decode()
    assert "Bob" in team_b and "Alice" not in team_b


def test_the_coaching_team_page_of_an_admin_covers_every_engagement(records: Org, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(records.ada)
    html = client.get("/coaching/team/").content.decode()
    assert "Alice" in html and "Bob" in html
    client.force_login(records.coach_b)
    html = client.get("/coaching/team/").content.decode()
    assert "Bob" in html and "Alice" not in html


@pytest.mark.parametrize("suffix", ("", "export.json", "export.pdf"))
def test_a_team_manager_cannot_open_another_teams_passport(suffix: str, records: Org, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(records.coach_a)
    assert client.get(f"/coaching/passport/{records.bob.pk}/{suffix}").status_code == 404
    assert client.get(f"/coaching/passport/{records.alice.pk}/{suffix}").status_code == 200


@pytest.mark.parametrize("endpoint", ("/api/v1/enrollments", "/api/v1/certifications"))
def test_the_api_lists_only_the_people_the_policy_shows(endpoint: str, records: Org, client) -> None:  # type: ignore[no-untyped-def]
    def learners(user: User) -> set[str]:
        client.force_login(user)
        response = client.get(endpoint)
        assert response.status_code == 200
        return {item["learner"]["email"] for item in response.json()["items"]}

    a, b = records.alice.email, records.bob.email
    assert learners(records.coach_a) == {a}
    assert learners(records.coach_b) == {b}
    assert learners(records.rita) == {a, b}
    assert learners(records.carl) == {b}
    assert learners(records.ann) == {a, b}
    assert learners(records.alice) == {a}


@pytest.mark.parametrize("url", ("/exams/team/", "/onboarding/team/"))
def test_the_organisation_view_runs_the_same_queries_for_3_or_30_people(
    url: str, records: Org, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(records.ada)
    client.get(url)
    path = Enrollment.objects.first().path  # type: ignore[union-attr]
    exam = Certification.objects.first().exam  # type: ignore[union-attr]

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(27):
        person = UserFactory(roles=[Role.LEARNER])
        MembershipFactory(user=person, org_unit=records.team_b)
        Enrollment.objects.create(path=path, user=person, start_date=timezone.localdate())
        Certification.objects.create(user=person, exam=exam, code=f"MORE{n:08d}", issued_at=timezone.now())
    assert count() == before


def test_engagements_visible_to_follows_the_people_policy_for_every_viewer(records: Org) -> None:
    """The engagement rule (coach, seller, or a seller the policy shows) agrees with `people_visible_to` for each
    viewer, an inactive seller included: their coach still sees the engagement, their manager does not (the
    organisation-wide roles read every engagement)."""
    from coaching.models import Engagement
    from coaching.selectors import engagements_visible_to

    make_engagement(coach=records.coach_a, seller=records.gone)
    make_engagement(coach=records.coach_b, seller=records.alice)
    everything = list(Engagement.objects.select_related("seller"))
    for viewer in records.everyone():
        if not viewer.is_active:
            continue
        people = set(people_visible_to(viewer))
        expected = {
            e.pk
            for e in everything
            if sees_organisation(viewer) or viewer.pk in (e.coach_id, e.seller_id) or e.seller in people
        }
        assert {e.pk for e in engagements_visible_to(viewer)} == expected, viewer
    assert {e.seller for e in engagements_visible_to(records.coach_a)} == {records.alice, records.gone}
    assert {e.seller for e in engagements_visible_to(records.rita)} == {records.alice, records.bob}


def test_a_coach_cannot_reach_another_teams_engagements_by_id(records: Org, client) -> None:  # type: ignore[no-untyped-def]
    """coach_b manages Bob only: Alice's engagement (coached by coach_a) is a 404 however it is asked for."""
    from coaching.models import Engagement

    alices = Engagement.objects.get(seller=records.alice, coach=records.coach_a)
    client.force_login(records.coach_b)
    assert client.get(f"/coaching/engagements/{alices.pk}/").status_code == 404
    assert client.get(f"/coaching/engagements/{alices.pk}/field-day/").status_code == 404
    html = client.get("/coaching/team/", {"page": 2}).content.decode()
    assert "Alice" not in html and "Bob" in html
