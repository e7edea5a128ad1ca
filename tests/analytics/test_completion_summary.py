"""The dashboards' per-person onboarding summary (analytics.Completion): after each kind of event that changes a
person's figures, the summary-based tallies equal the ones counted from the source tables (onboarding_tallies),
and they come from rows that hold, kept current by the receivers, not from the fallback count.

The world is test_dashboard_tallies' randomized one: a course on two paths, an inactive path, a path with no
work, lessons done off every path, certificates valid, due, expired and revoked, passed, failed and open
attempts, people in two teams.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership, OrgUnit, User
from analytics.completion import (
    _store,
    completion_mark,
    completion_recount,
    completion_sweep,
    completion_touch,
    people_to_recount,
)
from analytics.models import Completion
from analytics.selectors import held_certifications
from analytics.tallies import completion_tallies, onboarding_tallies, path_plan, people_work
from assessments.exams.models import Attempt, Certification, Exam
from assessments.exams.services import certification_revoke
from assessments.exams.signals import send_attempt_submitted
from courses.models import Enrollment, LearningPath, LearningPathStep, LessonPage, LessonProgress
from courses.services import learning_path_assign, lesson_complete
from tests.analytics.test_dashboard_tallies import _world
from tests.factories.accounts import UserFactory
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _tallies(teams: list[OrgUnit], now: dt.datetime) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """(from the summary, from the source tables) for the teams' members, with the certified flag and chain."""
    members = Membership.objects.filter(org_unit__in=teams)
    figures: dict[str, Any] = {
        "group": "org_unit_id",
        "plan": path_plan(),
        "flags": {"certified": held_certifications(now=now)},
        "chains": (("certified",),),
        "now": now,
    }
    return completion_tallies(members, **figures), onboarding_tallies(members, **figures)


def _rows_hold(teams: list[OrgUnit], now: dt.datetime) -> None:
    """Every member's row holds and stores what a count from the source tables gives now."""
    plan = path_plan()
    ids = set(Membership.objects.filter(org_unit__in=teams).values_list("user_id", flat=True))
    assert not ids & set(people_to_recount(plan=plan, now=now))
    stored = {c.user_id: (c.done, c.total) for c in Completion.objects.filter(user_id__in=ids)}
    counted = {
        w.user_id: (w.done, w.total) for w in people_work(User.objects.filter(pk__in=ids), plan=plan, now=now)
    }
    assert stored == counted


def _enrolled(*paths: str) -> list[User]:
    """Team members enrolled on one of these paths, in a stable order."""
    return list(
        User.objects.filter(memberships__isnull=False, enrollments__path__name__in=paths)
        .distinct()
        .order_by("pk")
    )


def _plan_lessons(*paths: str) -> set[int]:
    plan = path_plan()
    return {i for p in LearningPath.objects.filter(name__in=paths) for i in plan.lessons.get(p.pk, ())}


# --- the events: each changes someone's figures through the code path the app uses ------------------------


def _lesson_completed(rng: random.Random) -> None:
    wanted = _plan_lessons("Both")
    open_work = [
        (user, lesson_id)
        for user in _enrolled("Both")
        for lesson_id in sorted(
            wanted
            - set(
                LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
                    "lesson_id", flat=True
                )
            )
        )
    ]
    user, lesson_id = rng.choice(open_work)
    lesson_complete(user=user, lesson=LessonPage.objects.get(pk=lesson_id))


def _done_on_both(rng: random.Random) -> LessonProgress:
    return rng.choice(
        list(
            LessonProgress.objects.filter(
                user__in=_enrolled("Both"), lesson_id__in=_plan_lessons("Both"), completed_at__isnull=False
            ).order_by("pk")
        )
    )


def _lesson_reset(rng: random.Random) -> None:
    progress = _done_on_both(rng)
    progress.completed_at = None
    progress.save()


def _lesson_progress_deleted(rng: random.Random) -> None:
    _done_on_both(rng).delete()


def _enrollment_created(rng: random.Random) -> None:
    path = LearningPath.objects.get(name="Both")
    members = User.objects.filter(memberships__isnull=False).distinct().order_by("pk")
    learning_path_assign(path=path, users=[rng.choice([u for u in members if u not in _enrolled("Both")])])


def _enrollment_removed(rng: random.Random) -> None:
    rng.choice(
        list(Enrollment.objects.filter(path__name="Both", user__in=_enrolled("Both")).order_by("pk"))
    ).delete()


def _path_deactivated(rng: random.Random) -> None:
    path = LearningPath.objects.get(name="Both")
    path.is_active = False
    path.save()


def _path_activated(rng: random.Random) -> None:
    path = LearningPath.objects.get(name="Inactive")
    path.is_active = True
    path.save()


def _step_added(rng: random.Random) -> None:
    LearningPathStep.objects.create(
        path=LearningPath.objects.get(name="First"),
        sort_order=9,
        kind=LearningPathStep.Kind.EXAM,
        exam=ExamFactory(certifying=False),
        due_offset_days=30,
    )


def _step_removed(rng: random.Random) -> None:
    rng.choice(list(LearningPathStep.objects.filter(path__name="Both").order_by("pk"))).delete()


def _lesson_unpublished(rng: random.Random) -> None:
    LessonPage.objects.get(pk=rng.choice(sorted(_plan_lessons("Both")))).unpublish()


def _plain_exam_passed_at_submit(rng: random.Random) -> None:
    # As attempt_submit leaves it on PostgreSQL (the result written by one SQL statement, no post_save): only
    # the submit's follow-up task, which sends attempt_submitted, says so.
    exam = Exam.objects.get(certifying=False)
    passed = set(Attempt.objects.filter(exam=exam, passed=True).values_list("user_id", flat=True))
    user = rng.choice([u for u in _enrolled("Both") if u.pk not in passed])
    number = Attempt.objects.filter(exam=exam, user=user).count() + 1
    now = timezone.now()
    (attempt,) = Attempt.objects.bulk_create(
        [
            Attempt(
                exam=exam,
                user=user,
                number=number,
                seed=number,
                started_at=now,
                state=Attempt.State.SUBMITTED,
                submitted_at=now,
                passed=True,
            )
        ]
    )
    send_attempt_submitted(Attempt.objects.select_related("exam", "user").get(pk=attempt.pk))


def _attempt_regraded(rng: random.Random) -> None:
    # The only pass of someone on the plain exam, found wrong.
    passes = Attempt.objects.filter(exam__certifying=False, passed=True, submitted_at__isnull=False)
    once = [u for u in _enrolled("Both") if passes.filter(user=u).count() == 1]
    attempt = passes.get(user=rng.choice(once))
    attempt.passed = False
    attempt.save(update_fields=["passed"])


def _unheld(rng: random.Random) -> User:
    held = set(held_certifications().values_list("user_id", flat=True))
    return rng.choice([u for u in _enrolled("First", "Both") if u.pk not in held])


def _certificate_issued(rng: random.Random) -> None:
    now = timezone.now()
    Certification.objects.create(
        user=_unheld(rng),
        exam=Exam.objects.get(certifying=True),
        code=uuid.uuid4().hex[:12],
        issued_at=now,
        expires_at=now + dt.timedelta(days=365),
    )


def _certificate_issued_at_submit(rng: random.Random) -> None:
    # certification_issue_for(after_submit=True): the certificate's own receiver leaves it to the follow-up.
    exam = Exam.objects.get(certifying=True)
    user = _unheld(rng)
    now = timezone.now()
    number = Attempt.objects.filter(exam=exam, user=user).count() + 1
    attempt = Attempt.objects.create(
        exam=exam,
        user=user,
        number=number,
        seed=number,
        started_at=now,
        state=Attempt.State.SUBMITTED,
        submitted_at=now,
        passed=True,
    )
    certification = Certification(
        user=user, exam=exam, attempt=attempt, code=uuid.uuid4().hex[:12], issued_at=now, expires_at=None
    )
    certification._after_submit = True  # type: ignore[attr-defined]
    certification.save(force_insert=True)
    send_attempt_submitted(Attempt.objects.select_related("exam", "user").get(pk=attempt.pk))


def _certificate_revoked(rng: random.Random) -> None:
    held = held_certifications().filter(user__in=_enrolled("First", "Both")).values_list("pk", flat=True)
    certification = Certification.objects.get(pk=rng.choice(sorted(held)))
    certification_revoke(certification=certification, actor=UserFactory(), reason="Found copying")


# In an order that leaves each event something to change (the plan's changes last).
EVENTS: dict[str, Callable[[random.Random], None]] = {
    "lesson completed": _lesson_completed,
    "lesson reset": _lesson_reset,
    "lesson progress deleted": _lesson_progress_deleted,
    "enrollment created": _enrollment_created,
    "enrollment removed": _enrollment_removed,
    "plain exam passed at submit": _plain_exam_passed_at_submit,
    "attempt regraded": _attempt_regraded,
    "certificate issued": _certificate_issued,
    "certificate issued at submit": _certificate_issued_at_submit,
    "certificate revoked": _certificate_revoked,
    "step added": _step_added,
    "path activated": _path_activated,
    "lesson unpublished": _lesson_unpublished,
    "step removed": _step_removed,
    "path deactivated": _path_deactivated,
}


@pytest.mark.parametrize("seed", [3, 4])
def test_the_summary_tallies_equal_the_counted_ones_after_each_event(  # type: ignore[no-untyped-def]
    seed: int, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the recount a touch queues (and the sweep) run at commit
    teams = _world(seed)
    rng = random.Random(seed)
    assert completion_sweep() == User.objects.count()
    now = timezone.now()
    _rows_hold(teams, now)
    before, reference = _tallies(teams, now)
    assert before == reference
    for event, happen in EVENTS.items():
        with django_capture_on_commit_callbacks(execute=True):
            happen(rng)
        now = timezone.now()
        after, reference = _tallies(teams, now)
        assert after == reference, event
        assert after != before, f"{event} changed no figure: the test would not see its receiver missing"
        _rows_hold(teams, now)
        before = after


def test_a_row_is_read_only_while_it_holds(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    teams = _world(5)
    completion_sweep()
    now = timezone.now()
    user = Membership.objects.filter(org_unit=teams[0]).order_by("pk").first().user
    row = Completion.objects.get(user=user)
    # A row that holds is what the dashboards count (so a wrong one shows: the summary really is read) …
    Completion.objects.filter(user=user).update(done=F("done") + 1, total=F("total") + 1)
    summary, reference = _tallies(teams, now)
    assert summary[teams[0].pk].done == reference[teams[0].pk].done + 1
    # … and once marked, or counted against another plan, or past a certificate's expiry, it is not.
    for stale in ({"plan": ""}, {"plan": "another plan"}, {"stale_at": now}):
        Completion.objects.filter(user=user).update(**{"plan": row.plan, "stale_at": None, **stale})
        summary, reference = _tallies(teams, now)
        assert summary == reference, stale
    completion_mark(user_ids=[user.pk])
    assert Completion.objects.get(user=user).version == row.version + 1
    assert _tallies(teams, now)[0] == _tallies(teams, now)[1]


def test_a_certificate_expiring_makes_the_row_stale_at_that_moment() -> None:
    teams = _world(6)
    now = timezone.now()
    exam = Exam.objects.get(certifying=True)
    user = UserFactory()
    Membership.objects.create(user=user, org_unit=teams[0])
    Enrollment.objects.create(
        path=LearningPath.objects.get(name="First"), user=user, start_date=dt.date(2026, 1, 5)
    )
    expires = now + dt.timedelta(days=10)
    Certification.objects.create(
        user=user, exam=exam, code=uuid.uuid4().hex[:12], issued_at=now, expires_at=expires
    )
    completion_sweep(now=now)
    assert Completion.objects.get(user=user).stale_at == expires
    held_now = _tallies(teams, now)[0][teams[0].pk].done
    later = expires + dt.timedelta(seconds=1)
    summary, reference = _tallies(teams, later)
    assert summary == reference
    assert summary[teams[0].pk].done == held_now - 1, "the expired certificate no longer counts"
    assert user.pk in set(people_to_recount(plan=path_plan(), now=later))
    completion_sweep(now=later)
    _rows_hold(teams, later)
    assert Completion.objects.get(user=user).stale_at is None


def test_a_recount_never_overwrites_a_later_mark() -> None:
    teams = _world(7)
    completion_sweep()
    user = Membership.objects.filter(org_unit=teams[0]).order_by("pk").first().user
    plan, now = path_plan(), timezone.now()
    read = Completion.objects.get(user=user).version
    rows = people_work(User.objects.filter(pk=user.pk), plan=plan, now=now)
    completion_mark(user_ids=[user.pk])  # a change commits while the recount is counting
    assert _store(rows, versions={user.pk: read}, plan=plan, now=now) == 0
    assert Completion.objects.get(user=user).plan == ""
    assert user.pk in set(people_to_recount(plan=plan, now=now))


@pytest.mark.parametrize("people", [1, 12])
def test_a_touch_costs_no_query_until_commit_then_a_fixed_number(  # type: ignore[no-untyped-def]
    people: int, settings, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    _world(8)
    completion_sweep()
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True)[:people])
    with django_capture_on_commit_callbacks(execute=False) as callbacks, django_assert_num_queries(0):
        for user_id in ids:
            completion_touch([user_id])
    # After the commit: the mark (1), then the recount: the path plan (2), the versions, the count, the upsert.
    with django_assert_num_queries(6), django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert set(Completion.objects.filter(user_id__in=ids).values_list("version", flat=True)) == {1}
    assert not set(ids) & set(people_to_recount(plan=path_plan(), now=timezone.now()))


@pytest.mark.parametrize("people", [3, 30])
def test_a_recount_runs_fixed_queries(people: int, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    _world(9)
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True)[:people])
    # The path plan (2), the versions, the count, the upsert.
    with django_assert_num_queries(5):
        assert completion_recount(user_ids=ids) == people


def test_the_rebuild_command_recounts_stale_rows_or_everyone() -> None:
    _world(10)
    everyone = User.objects.count()
    out = io.StringIO()
    call_command("completion_rebuild", stdout=out)
    assert out.getvalue().startswith(f"Recounted {everyone} people")
    out = io.StringIO()
    call_command("completion_rebuild", stdout=out)
    assert out.getvalue().startswith("Recounted 0 people")
    out = io.StringIO()
    call_command("completion_rebuild", "--all", stdout=out)
    assert out.getvalue().startswith(f"Recounted {everyone} people")
