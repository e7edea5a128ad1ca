"""The dashboards' onboarding tallies (one SQL query) agree with the per-person completion worked out in Python.

`courses.selectors.path_completion_by_user` is the reference: the rules the dashboards followed before they were
counted in the database. The world below mixes what makes those rules differ from a naive count: a course on two
paths (its lessons counted once), an inactive path, a path with no work, lessons done off every path, certificates
valid, due, expired and revoked, passed, failed and unsubmitted attempts, and people in two teams.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest
from django.utils import timezone

from accounts.models import Membership, OrgUnit
from analytics.selectors import held_certifications
from analytics.tallies import onboarding_tallies, path_plan
from assessments.exams.models import Attempt, Certification
from courses.models import Enrollment, LearningPath, LearningPathStep, LessonProgress
from courses.selectors import path_completion_by_user
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course, learning_path
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _exam_step(path: LearningPath, exam, order: int) -> None:  # type: ignore[no-untyped-def]
    LearningPathStep.objects.create(
        path=path, sort_order=order, kind=LearningPathStep.Kind.EXAM, exam=exam, due_offset_days=30
    )


def _world(seed: int) -> list[OrgUnit]:
    rng = random.Random(seed)
    now = timezone.now()
    shared, second, retired = (
        course(title=t, lessons=n) for t, n in (("Shared", 3), ("Second", 2), ("Old", 2))
    )
    certifying, plain = ExamFactory(certifying=True), ExamFactory(certifying=False)
    first = learning_path(name="First", courses=[(shared, 7)])
    _exam_step(first, certifying, 5)
    both = learning_path(name="Both", courses=[(shared, 7), (second, 14)])
    _exam_step(both, plain, 5)
    _exam_step(both, certifying, 6)
    inactive = learning_path(name="Inactive", courses=[(retired, 7)])
    LearningPath.objects.filter(pk=inactive.pk).update(is_active=False)
    empty = LearningPath.objects.create(name="Nothing to do")
    lessons = [lesson for c in (shared, second, retired) for lesson in c.get_children().specific()]
    teams = [TeamFactory(name="Alpha"), TeamFactory(name="Beta"), TeamFactory(name="Nobody")]
    for _ in range(40):
        user = UserFactory()
        diligent = rng.random() < 0.4  # has done everything any path could ask
        for path in rng.sample([first, both, inactive, empty], rng.randint(0, 3)):
            Enrollment.objects.create(path=path, user=user, start_date=dt.date(2026, 1, 5))
        for lesson in lessons if diligent else rng.sample(lessons, rng.randint(0, len(lessons))):
            done = diligent or rng.random() < 0.9
            LessonProgress.objects.create(user=user, lesson=lesson, completed_at=now if done else None)
        if diligent or rng.random() < 0.6:
            status, expires = (
                (Certification.Status.VALID, None)
                if diligent
                else rng.choice(
                    [
                        (Certification.Status.VALID, now + dt.timedelta(days=90)),
                        (Certification.Status.RECERT_DUE, now + dt.timedelta(days=9)),
                        (Certification.Status.VALID, now - dt.timedelta(days=1)),
                        (Certification.Status.REVOKED, None),
                    ]
                )
            )
            Certification.objects.create(
                user=user,
                exam=certifying,
                code=uuid.uuid4().hex[:12],
                issued_at=now - dt.timedelta(days=30),
                expires_at=expires,
                status=status,
            )
        attempts = 1 if diligent else rng.randint(0, 2)
        for number in range(attempts):
            # Only the last attempt may still be open (one attempt in progress per exam and person).
            submitted = diligent or number < attempts - 1 or rng.random() < 0.7
            Attempt.objects.create(
                exam=plain,
                user=user,
                number=number + 1,
                seed=number,
                started_at=now,
                state=Attempt.State.SUBMITTED if submitted else Attempt.State.IN_PROGRESS,
                submitted_at=now if submitted else None,
                passed=(diligent or rng.random() < 0.5) if submitted else None,
            )
        for team in rng.sample(teams[:2], rng.randint(0, 2)):
            Membership.objects.create(user=user, org_unit=team)
    return teams


@pytest.mark.parametrize("seed", [1, 2])
def test_team_tallies_match_the_per_person_completion(seed: int) -> None:
    teams = _world(seed)
    now = timezone.now()
    members = Membership.objects.filter(org_unit__in=teams)
    held = held_certifications(now=now)
    tallies = onboarding_tallies(
        members,
        group="org_unit_id",
        plan=path_plan(),
        flags={"certified": held},
        chains=(("certified",),),
        now=now,
    )

    completion = path_completion_by_user(members.values_list("user_id", flat=True))
    certified = set(held.values_list("user_id", flat=True))
    for team in teams:
        people = list(members.filter(org_unit=team).values_list("user_id", flat=True))
        if not people:
            assert team.pk not in tallies
            continue
        states = [completion[u] for u in people]
        tally = tallies[team.pk]
        assert tally.people == len(people)
        assert tally.done == sum(c.done for c in states)
        assert tally.total == sum(c.total for c in states)
        assert tally.complete == sum(1 for c in states if c.complete)
        assert tally.flagged == {"certified": sum(1 for u in people if u in certified)}
        assert tally.complete_flagged == {
            ("certified",): sum(1 for u in people if completion[u].complete and u in certified)
        }
    # The world is varied enough to tell the rules apart: some finished, some part-way, some with nothing to do.
    everyone = list(completion.values())
    assert any(c.complete for c in everyone)
    assert any(0 < c.done < c.total for c in everyone)
    assert any(c.total == 0 for c in everyone)


def test_many_paths_spill_into_a_second_mask_word() -> None:
    """More active paths than one bigint holds: each person's paths still pick out exactly their lessons."""
    now = timezone.now()
    team = TeamFactory(name="Wide")
    shared = course(title="Everyone's", lessons=1)
    paths = [learning_path(name=f"Path {i}", courses=[(shared, 7)]) for i in range(64)]
    own = course(title="Last path's own", lessons=2)
    LearningPathStep.objects.create(path=paths[-1], sort_order=1, course=own, due_offset_days=7)
    first, last = UserFactory(), UserFactory()
    for user, path in ((first, paths[0]), (last, paths[-1])):
        Enrollment.objects.create(path=path, user=user, start_date=dt.date(2026, 1, 5))
        Membership.objects.create(user=user, org_unit=team)
    for lesson in [*shared.get_children().specific(), own.get_children().specific().first()]:
        for user in (first, last):
            LessonProgress.objects.create(user=user, lesson=lesson, completed_at=now)
    plan = path_plan()
    assert plan.words == 2

    tally = onboarding_tallies(
        Membership.objects.filter(org_unit=team), group="org_unit_id", plan=plan, now=now
    )[team.pk]

    reference = path_completion_by_user([first.pk, last.pk])
    assert (tally.done, tally.total, tally.complete) == (
        sum(c.done for c in reference.values()),
        sum(c.total for c in reference.values()),
        sum(1 for c in reference.values() if c.complete),
    )
