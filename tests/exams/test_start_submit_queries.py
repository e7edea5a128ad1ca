"""Starting and submitting an attempt run a fixed number of queries, whatever the exam's question count.

Issue 20 asks for at most 10 each, exam day's steady state: the exam's pool cached by an earlier start, the
process has written an audit row and knows which webhook events have listeners. The counts are exact, so any
change shows here.

What a submit sets off beyond the exam (item analysis, a path's completion, coaching qualification grants) is ONE
task, `exams.attempt_submitted`, published once the submit has committed. The counts are the request's as in
production, where that task goes to the broker: the tests turn eager mode off and record the publish instead of
sending it (a publish is no query), run the on-commit callbacks inside the count, then run the task as a worker
would and check that the follow-ups happened. In eager mode (dev, default settings) the task runs inside the
request after the commit: test_the_follow_ups_also_run_in_eager_mode.

The SQLite counts run in the test's transaction, so they hold no BEGIN or COMMIT; the `services` twins run on
PostgreSQL outside one (transaction=True), as the benchmark does (tests/benchmarks/queries.py), so their counts
are the figures `queries.start` and `queries.submit` report.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from assessments.exams.models import Attempt, AttemptEvent, Certification, Exam, Response
from assessments.exams.services import certification_revoke, response_save
from assessments.exams.tasks import attempt_submitted_followups
from coaching.models import QualificationGrant, QualificationLevel
from coaching.services import qualification_apply, qualification_decide
from core import outbox
from core.models import WebhookDelivery
from core.webhooks import _events_listened, webhook_endpoint_create
from courses.models import Enrollment, LearningPathStep
from tests.factories.accounts import UserFactory
from tests.factories.courses import learning_path
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db

# session, user, exam; the learner's attempts; their terms (override, accommodation, recertification, path step:
# one query); insert attempt (with its total), insert responses, start event.
START = 8
# The first start of an exam reads its pool (rules, category tree, questions, newest and approved versions) for
# the cache, and marks the drawn versions delivered (one UPDATE, once per version).
FIRST_START = START + 5 + 1
# session, user, attempt (with exam and user); close it (the conditional UPDATE is the lock), responses with
# their versions, their marks (one UPDATE), the attempt's score, the submit event. The follow-up task's publish
# after the commit is no query.
SUBMIT_FAIL = 8
# A pass also inserts the certification and its audit event: the responses' read has said the learner holds
# nothing to supersede, and the cache that no endpoint listens for certification.issued.
SUBMIT_PASS = SUBMIT_FAIL + 2
# A process's first issue also reads the audit's content type and the webhook endpoints' events.
SUBMIT_PASS_COLD = SUBMIT_PASS + 2

# PostgreSQL, outside a test transaction: each request's transaction adds its BEGIN and COMMIT.
TRANSACTION = 2
START_PG = START + TRANSACTION
FIRST_START_PG = FIRST_START + TRANSACTION
# The marks, the attempt's score and the submit event are one statement there (two data-modifying CTEs).
SUBMIT_FAIL_PG = SUBMIT_FAIL - 2 + TRANSACTION
SUBMIT_PASS_PG = SUBMIT_PASS - 2 + TRANSACTION

FOLLOW_UPS = "exams.attempt_submitted"


class Broker:
    """Stands in for the broker: records what would be published, runs nothing."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Any], str]] = []

    def send(self, task_name: str, args: Any, kwargs: dict[str, Any], queue: str) -> None:
        self.sent.append((task_name, list(args), queue))


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch, settings) -> Broker:  # type: ignore[no-untyped-def]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    fake = Broker()
    monkeypatch.setattr(outbox, "_send", fake.send)
    return fake


def _exam(questions: int) -> Exam:
    # The factory leaves each approved question as question_approve does: naming the version exams draw.
    return published_exam(questions=questions, draw=questions, certifying=True, validity_months=24)


def _client(settings, user: User | None = None) -> Client:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    client = Client()
    client.force_login(user or cast(User, UserFactory()))
    return client


def _start(client: Client, exam: Exam) -> Attempt:
    # The landing page first: a session's first request records its MFA check; later requests are steady.
    assert client.get(f"/exams/{exam.slug}/").status_code == 200
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    return Attempt.objects.get(exam=exam, user__in=[client.session["_auth_user_id"]])


def _answer_all(attempt: Attempt, *, right: bool) -> None:
    """Every answer through the save service (the save endpoint's own count is tested elsewhere)."""
    for response in attempt.responses.all():
        key = list(response.choice_order).index(0)
        value = key if right else (key + 1) % len(response.choice_order)
        saved = response_save(
            attempt=attempt, position=response.position, value=value, seq=1, now=timezone.now()
        )
        assert saved.saved


def _warm_process() -> None:
    # A process that has issued before: Django caches the content type, we cache who listens for what.
    ContentType.objects.get_for_model(Certification)
    _events_listened()


def _starts_count(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, on_commit, questions: int, first: int, steady: int
) -> None:
    exam = _exam(questions)
    clients = [_client(settings) for _ in range(3)]
    for client, expected in zip(clients, (first, steady, steady), strict=True):
        assert client.get(f"/exams/{exam.slug}/").status_code == 200
        # As if committed (as it is outside a test transaction): the cached pool then records the versions
        # delivered, after the count.
        with on_commit(execute=True), django_assert_num_queries(expected):
            assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempts = list(Attempt.objects.filter(exam=exam).prefetch_related("responses__version"))
    assert len(attempts) == 3
    assert all(len(a.responses.all()) == questions for a in attempts)
    assert all(r.version.delivered_at for a in attempts for r in a.responses.all())


def _submit_count(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, broker: Broker, on_commit, questions: int, right: bool, expected: int
) -> Attempt:
    exam = _exam(questions)
    client = _client(settings)
    attempt = _start(client, exam)
    _answer_all(attempt, right=right)
    _warm_process()
    broker.sent.clear()
    # The on-commit callbacks run inside the count (a no-op outside a test transaction, where they run at the
    # commit itself): the publish of the follow-up task is part of the request, and costs no query.
    with django_assert_num_queries(expected), on_commit(execute=True):
        assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    assert broker.sent == [(FOLLOW_UPS, [attempt.pk], "")]
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.passed is right
    assert attempt.score == (100.0 if right else 0.0)
    fractions = list(Response.objects.filter(attempt=attempt).values_list("fraction", flat=True))
    assert fractions == [1.0 if right else 0.0] * questions
    [event] = AttemptEvent.objects.filter(attempt=attempt, kind=AttemptEvent.Kind.SUBMIT)
    assert event.detail == {"score": attempt.score}
    assert Certification.objects.filter(attempt=attempt).exists() is right
    return attempt


@pytest.mark.parametrize("questions", [3, 30])
def test_start_queries_do_not_grow_with_questions(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, django_capture_on_commit_callbacks, questions: int
) -> None:
    _starts_count(
        settings, django_assert_num_queries, django_capture_on_commit_callbacks, questions, FIRST_START, START
    )


@pytest.mark.parametrize("questions", [3, 30])
@pytest.mark.parametrize("right", [False, True])
def test_submit_queries_do_not_grow_with_questions(  # type: ignore[no-untyped-def]
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    broker,
    questions: int,
    right: bool,
) -> None:
    expected = SUBMIT_PASS if right else SUBMIT_FAIL
    _submit_count(
        settings,
        django_assert_num_queries,
        broker,
        django_capture_on_commit_callbacks,
        questions,
        right,
        expected,
    )


@pytest.mark.parametrize("questions", [3, 12])
def test_a_process_first_pass_reads_the_content_type_and_the_listeners(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, broker, questions: int
) -> None:
    exam = _exam(questions)
    client = _client(settings)
    attempt = _start(client, exam)
    _answer_all(attempt, right=True)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(SUBMIT_PASS_COLD):
        assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    assert Certification.objects.filter(attempt=attempt).exists()


# --- the follow-ups still happen -----------------------------------------------------------------------------


def _certify(user: User, exam: Exam) -> Certification:
    return Certification.objects.create(
        user=user,
        exam=exam,
        code=uuid.uuid4().hex[:12],
        issued_at=timezone.now() - dt.timedelta(days=10),
        expires_at=timezone.now() + dt.timedelta(days=30),
    )


def _learner_with_follow_ups(persona, on_commit, settings) -> tuple[User, Exam, QualificationGrant]:  # type: ignore[no-untyped-def]
    """A learner whose qualification grant is suspended until they pass the exam again, and whose onboarding
    path ends with that exam: passing it restores the grant and completes the path (a path.completed webhook)."""
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = True
    webhook_endpoint_create(
        url="http://127.0.0.1:8262/hook", events=["path.completed"], actor=persona("admin")
    )
    exam = _exam(3)
    learner = cast(User, UserFactory())
    level = QualificationLevel.objects.create(name="Professional", rank=2, grant_valid_days=365)
    level.required_exams.add(exam)
    held = _certify(learner, exam)
    path = learning_path(courses=[])
    LearningPathStep.objects.create(
        path=path, sort_order=5, kind=LearningPathStep.Kind.EXAM, exam=exam, due_offset_days=14
    )
    Enrollment.objects.create(path=path, user=learner, start_date=dt.date(2026, 1, 5))
    with on_commit(execute=True):
        application = qualification_apply(seller=learner, level=level)
        qualification_decide(
            application=application, panelist=UserFactory(), decision="approve", rationale="ok"
        )
        certification_revoke(certification=held, actor=UserFactory(), reason="Cheating")
    grant = QualificationGrant.objects.get(seller=learner)
    assert grant.suspended_at is not None
    return learner, exam, grant


def _followed_up(grant: QualificationGrant, learner: User) -> bool:
    restored = QualificationGrant.objects.get(pk=grant.pk).suspended_at is None
    completed = WebhookDelivery.objects.filter(
        event="path.completed", payload__data__user_id=learner.pk
    ).exists()
    assert restored == completed, "the one task runs both follow-ups"
    return restored


def test_the_follow_ups_run_in_the_one_task_a_worker_picks_up(  # type: ignore[no-untyped-def]
    persona, settings, django_capture_on_commit_callbacks, broker
) -> None:
    learner, exam, grant = _learner_with_follow_ups(persona, django_capture_on_commit_callbacks, settings)
    client = _client(settings, learner)
    attempt = _start(client, exam)
    _answer_all(attempt, right=True)
    broker.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    assert broker.sent == [(FOLLOW_UPS, [attempt.pk], "")]
    assert not _followed_up(grant, learner), "nothing runs in the request when a broker takes the task"
    # The worker: the task sends attempt_submitted, whose receivers also queue the item analysis.
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submitted_followups.apply(args=[attempt.pk], throw=True)
    assert _followed_up(grant, learner)
    assert ("exams.item_analysis", [exam.pk], "analytics") in broker.sent


def test_the_follow_ups_also_run_in_eager_mode(  # type: ignore[no-untyped-def]
    persona, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    learner, exam, grant = _learner_with_follow_ups(persona, django_capture_on_commit_callbacks, settings)
    client = _client(settings, learner)
    attempt = _start(client, exam)
    _answer_all(attempt, right=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    assert not _followed_up(grant, learner), "not before the commit"
    for callback in callbacks:
        callback()
    assert _followed_up(grant, learner)


def test_a_failed_submit_restores_nothing(  # type: ignore[no-untyped-def]
    persona, settings, django_capture_on_commit_callbacks, broker
) -> None:
    learner, exam, grant = _learner_with_follow_ups(persona, django_capture_on_commit_callbacks, settings)
    client = _client(settings, learner)
    attempt = _start(client, exam)
    _answer_all(attempt, right=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
        attempt_submitted_followups.apply(args=[attempt.pk], throw=True)
    assert not _followed_up(grant, learner)


# --- PostgreSQL, as the benchmark counts ----------------------------------------------------------------------


def _on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.fail(f"services tests need DATABASE_URL=postgres://…, got {connection.vendor}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("questions", [20, 150])
def test_start_queries_on_postgresql(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, django_capture_on_commit_callbacks, questions: int
) -> None:
    _on_postgresql()
    _starts_count(
        settings,
        django_assert_num_queries,
        django_capture_on_commit_callbacks,
        questions,
        FIRST_START_PG,
        START_PG,
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("questions", [20, 150])
@pytest.mark.parametrize("right", [False, True])
def test_submit_queries_on_postgresql(  # type: ignore[no-untyped-def]
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    broker,
    questions: int,
    right: bool,
) -> None:
    _on_postgresql()
    expected = SUBMIT_PASS_PG if right else SUBMIT_FAIL_PG
    _submit_count(
        settings,
        django_assert_num_queries,
        broker,
        django_capture_on_commit_callbacks,
        questions,
        right,
        expected,
    )
