"""Joining a team or being given a role enrolls a person in the paths assigned to that team or role."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from accounts.services import membership_add, role_grant
from courses.models import Enrollment
from courses.services import path_assignment_create
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db


def test_joining_a_team_enrolls_the_person_in_the_teams_path(
    roles, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    team, other_team = TeamFactory(), TeamFactory()
    path = learning_path(courses=[(course(lessons=1), 7)])
    path_assignment_create(path=path, org_unit=team)
    newcomer = UserFactory(start_date=dt.date(2026, 4, 1))

    # The accounts signals fire on commit, as they do in production.
    with django_capture_on_commit_callbacks(execute=True):
        membership_add(user=newcomer, org_unit=other_team, actor=None)
    assert not Enrollment.objects.filter(user=newcomer).exists()

    with django_capture_on_commit_callbacks(execute=True):
        membership_add(user=newcomer, org_unit=team, actor=None)
    enrollment = Enrollment.objects.get(user=newcomer)
    assert enrollment.path == path
    assert enrollment.start_date == dt.date(2026, 4, 1)


def test_being_granted_a_role_enrolls_the_person(roles, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    path = learning_path(courses=[(course(lessons=1), 7)])
    path_assignment_create(path=path, role=Role.LEARNER)
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        role_grant(user=person, role=Role.LEARNER, actor=None)
    assert Enrollment.objects.filter(user=person, path=path).count() == 1


def test_assigning_to_a_team_enrolls_its_current_members(roles) -> None:  # type: ignore[no-untyped-def]
    team = TeamFactory()
    members = [UserFactory(), UserFactory()]
    for member in members:
        membership_add(user=member, org_unit=team, actor=None)
    path = learning_path(courses=[(course(lessons=1), 7)])
    path_assignment_create(path=path, org_unit=team)
    assert set(Enrollment.objects.values_list("user_id", flat=True)) == {m.pk for m in members}
