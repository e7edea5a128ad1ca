"""Each enrollment's stored progress equals the Python reference (PathStatus.percent / done / total) after every
kind of event, on random sequences of them; a row whose counted certificate expired is flagged stale until the
read-time refresh or the hourly task recomputes it."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from assessments.exams.models import Certification
from assessments.exams.services import certification_revoke
from courses.models import Enrollment, LearningPathStep, LessonPage, LessonProgress
from courses.selectors import path_statuses
from courses.services import learning_path_assign, lesson_complete
from courses.tasks import progress_refresh_stale
from courses.team_table import team_progress
from tests.courses.exam_steps import path_of, take
from tests.factories.accounts import UserFactory
from tests.factories.courses import course
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _reference(enrollment: Enrollment) -> tuple[int, int, int]:
    done = {
        enrollment.user_id: set(
            LessonProgress.objects.filter(user_id=enrollment.user_id, completed_at__isnull=False).values_list(
                "lesson_id", flat=True
            )
        )
    }
    (status,) = path_statuses([enrollment], done, timezone.localdate())
    return status.percent, status.done, status.total


def _mismatches() -> list[tuple[int, tuple[int, int, int], tuple[int, int, int]]]:
    wrong = []
    for enrollment in Enrollment.objects.select_related("path").order_by("pk"):
        stored = (enrollment.progress_percent, enrollment.progress_done, enrollment.progress_total)
        expected = _reference(enrollment)
        if stored != expected:
            wrong.append((enrollment.pk, stored, expected))
    return wrong


class World:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.first, self.second = course(title="First", lessons=3), course(title="Second", lessons=2)
        self.spare = course(title="Spare", lessons=2)
        self.certifying = published_exam(questions=2, draw=1, certifying=True, validity_months=12)
        self.plain = published_exam(questions=2, draw=1)
        self.path = path_of([(self.first, 5), (self.certifying, 10), (self.second, 20), (self.plain, 30)])
        # A second path sharing the first course: one lesson counts on both.
        self.short = path_of([(self.first, 7)], name="Short")
        self.people = [UserFactory() for _ in range(3)]
        learning_path_assign(path=self.path, users=self.people[:2])
        learning_path_assign(path=self.short, users=self.people[1:])
        self.lessons = list(LessonPage.objects.filter(depth__gt=3).order_by("path"))
        self.passed_plain: set[int] = set()
        self.codes = 0

    def person(self):  # type: ignore[no-untyped-def]
        return self.rng.choice(self.people)

    def complete(self) -> None:
        lesson_complete(user=self.person(), lesson=self.rng.choice(self.lessons))

    def reset(self) -> None:
        row = LessonProgress.objects.filter(completed_at__isnull=False).order_by("?").first()
        if row is not None:
            row.completed_at = None
            row.save(update_fields=["completed_at"])

    def forget(self) -> None:
        row = LessonProgress.objects.order_by("?").first()
        if row is not None:
            row.delete()

    def certify(self) -> None:
        self.codes += 1
        now = timezone.now()
        Certification.objects.create(
            user=self.person(),
            exam=self.certifying,
            code=f"P{self.codes:07d}",
            issued_at=now,
            expires_at=now + dt.timedelta(days=self.rng.randrange(1, 20)),
        )

    def revoke(self) -> None:
        held = Certification.objects.filter(status=Certification.Status.VALID).order_by("?").first()
        if held is not None:
            certification_revoke(certification=held, actor=self.people[0], reason="Test revocation")

    def pass_plain(self) -> None:
        person = self.person()
        if person.pk not in self.passed_plain:
            self.passed_plain.add(person.pk)
            take(self.plain, person)

    def add_step(self) -> None:
        LearningPathStep.objects.create(path=self.short, sort_order=9, course=self.spare, due_offset_days=9)

    def remove_step(self) -> None:
        LearningPathStep.objects.filter(path=self.short, course=self.spare).delete()

    def unpublish(self) -> None:
        live = [lesson for lesson in self.lessons if LessonPage.objects.get(pk=lesson.pk).live]
        if len(live) > 3:
            LessonPage.objects.get(pk=self.rng.choice(live).pk).unpublish()

    def republish(self) -> None:
        gone = (
            LessonPage.objects.filter(pk__in=[x.pk for x in self.lessons], live=False).order_by("?").first()
        )
        if gone is not None:
            gone.save_revision().publish()

    def enroll(self) -> None:
        learning_path_assign(path=self.rng.choice([self.path, self.short]), users=[self.person()])


EVENTS = (
    "complete",
    "complete",
    "reset",
    "forget",
    "certify",
    "revoke",
    "pass_plain",
    "add_step",
    "remove_step",
    "unpublish",
    "republish",
    "enroll",
)


@pytest.mark.parametrize("seed", [1, 2])
def test_stored_progress_equals_the_reference_after_every_event(
    seed, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    world = World(rng)
    assert _mismatches() == []
    seen: set[str] = set()
    for _ in range(30):
        event = rng.choice(EVENTS)
        # Path and lesson-tree changes are recomputed by a task queued on commit (eager here).
        with django_capture_on_commit_callbacks(execute=True):
            getattr(world, event)()
        assert _mismatches() == [], f"after {event} (seed {seed})"
        seen.add(event)
    assert len(seen) >= 8  # the sequence exercised most kinds of event
    assert Enrollment.objects.filter(progress_percent__gt=0).exists()


def test_an_expired_certificate_is_flagged_stale_and_recomputed_on_reading_and_by_the_task(persona) -> None:  # type: ignore[no-untyped-def]
    world = World(random.Random(3))
    learner = world.people[0]
    now = timezone.now()
    Certification.objects.create(
        user=learner,
        exam=world.certifying,
        code="EXP00001",
        issued_at=now,
        expires_at=now + dt.timedelta(days=2),
    )
    enrollment = Enrollment.objects.get(user=learner, path=world.path)
    assert enrollment.progress_percent == 25 and enrollment.progress_stale_at == now + dt.timedelta(days=2)
    with time_machine.travel(now + dt.timedelta(days=3), tick=False):
        # The clock passed the expiry: the stored row no longer matches, and it says so.
        assert _mismatches() == [(enrollment.pk, (25, 1, 7), (0, 0, 7))]
        assert list(Enrollment.objects.filter(progress_stale_at__lte=timezone.now())) == [enrollment]
        # The team table refreshes the stale rows of the path it shows before sorting by the stored figure.
        team_progress(people=UserFactory._meta.model.objects.filter(pk=learner.pk), path_id=world.path.pk)
        assert _mismatches() == []
        enrollment.refresh_from_db()
        assert enrollment.progress_percent == 0 and enrollment.progress_stale_at is None
    Certification.objects.filter(code="EXP00001").update(expires_at=now + dt.timedelta(days=5))
    Enrollment.objects.filter(pk=enrollment.pk).update(progress_stale_at=now + dt.timedelta(days=5))
    call_command("progress_recompute", verbosity=0)
    with time_machine.travel(now + dt.timedelta(days=6), tick=False):
        assert _mismatches() != []
        assert progress_refresh_stale.delay().get() == 1  # the hourly task: only the stale row
        assert _mismatches() == []


def test_the_recompute_command_repairs_rows_written_behind_the_signals_back() -> None:
    world = World(random.Random(4))
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(user=p, lesson=lesson, completed_at=timezone.now())
            for p in world.people
            for lesson in world.lessons[:2]
        ]
    )
    assert _mismatches() != []  # bulk_create sends no signals
    call_command("progress_recompute", verbosity=0)
    assert _mismatches() == []
