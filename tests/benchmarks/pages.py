"""Queries and time of the team progress table, certification matrix and pipeline board, small and large."""

from __future__ import annotations

import random
import re
import secrets
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from assessments.exams.models import Certification, Exam
from assessments.hiring.models import Candidate, Interview, Rating, Requisition, Scorecard, Stage
from courses.models import CoursePage, Enrollment, LearningPath, LessonPage, LessonProgress
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course, learning_path
from tests.factories.exams import ExamFactory, QuestionBankFactory
from tests.factories.hiring import make_requisition

from .people import learners_bulk_create

PAGES = ("team_progress", "certification_matrix", "pipeline_board")


def _shared_content() -> tuple[list[CoursePage], list[LessonPage], list[Exam]]:
    courses = [course(title=f"Bench course {i + 1}", lessons=4) for i in range(3)]
    lessons = list(LessonPage.objects.child_of(courses[0])) + [
        lesson for c in courses[1:] for lesson in LessonPage.objects.child_of(c)
    ]
    bank = QuestionBankFactory()
    now = timezone.now()
    exams = [
        ExamFactory(
            bank=bank,
            title=f"Bench certification {i + 1}",
            status=Exam.Status.PUBLISHED,
            published_at=now,
            certifying=True,
            validity_months=24,
        )
        for i in range(4)
    ]
    return courses, lessons, exams


def _world(
    n: int, label: str, courses: list[CoursePage], lessons: list[LessonPage], exams: list[Exam]
) -> tuple[User, Requisition]:
    """A coach running one team of `n` learners, their path, certifications, and a requisition of `n` candidates."""
    rng = random.Random(n)
    now = timezone.now()
    coach = UserFactory(roles=[Role.COACH], email=f"coach-{label}@bench.rampway.example")
    team = TeamFactory(manager=coach, name=f"Bench team {label}", slug=f"bench-team-{label}")
    learners = learners_bulk_create(n=n, prefix=f"{label}-learner", team=team, seed=n)

    path: LearningPath = learning_path(
        name=f"Bench path {label}", courses=[(c, 14 * (i + 1)) for i, c in enumerate(courses)]
    )
    Enrollment.objects.bulk_create(
        [Enrollment(path=path, user=u, start_date=u.start_date or now.date()) for u in learners],
        batch_size=5000,
    )
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(user=u, lesson=lesson, completed_at=now - timedelta(days=rng.randrange(30)))
            for u in learners
            for lesson in lessons[: rng.randrange(len(lessons) + 1)]
        ],
        batch_size=5000,
    )
    Certification.objects.bulk_create(
        [
            Certification(
                user=u,
                exam=exam,
                code=secrets.token_hex(8).upper(),
                issued_at=now - timedelta(days=rng.randrange(700)),
                expires_at=now + timedelta(days=rng.randrange(-30, 700)),
            )
            for u in learners
            for exam in exams
            if rng.random() < 0.5
        ],
        batch_size=5000,
    )

    requisition = make_requisition(hiring_manager=coach, team=team, title=f"Bench requisition {label}")
    criteria = list(requisition.rubric_version.criteria.all())
    interviewer = UserFactory(roles=[Role.COACH], email=f"interviewer-{label}@bench.rampway.example")
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                requisition=requisition,
                name=f"Candidate {label} {i:05d}",
                email=f"cand-{label}-{i:05d}@example.com",
                stage=rng.choice(Stage.values),
                stage_changed_at=now,
            )
            for i in range(n)
        ],
        batch_size=5000,
    )
    interviewed = [c for c in candidates if rng.random() < 0.3]
    interviews = Interview.objects.bulk_create(
        [Interview(candidate=c, interviewer=interviewer) for c in interviewed], batch_size=5000
    )
    cards = Scorecard.objects.bulk_create(
        [
            Scorecard(
                interview=i,
                candidate=i.candidate,
                interviewer=interviewer,
                rubric_version=requisition.rubric_version,
                recommendation="yes",
                submitted_at=now,
                locked=True,
            )
            for i in interviews
        ],
        batch_size=5000,
    )
    Rating.objects.bulk_create(
        [
            Rating(scorecard=card, criterion=c, value=rng.randint(1, 4), evidence="bench")
            for card in cards
            for c in criteria
        ],
        batch_size=5000,
    )
    return coach, requisition


def _measure(client: Client, url: str, runs: int, check: Callable[[str], bool], what: str) -> dict[str, Any]:
    times, queries = [], []
    for run in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        if run == 0:
            assert check(response.content.decode()), f"{url} does not show {what}"
        queries.append(len(captured))
    return {"queries": max(queries), "median_ms": round(1000 * statistics.median(times), 1)}


def _board_total(html: str) -> int:
    """The candidates the board accounts for: the sum of its stage columns' count badges."""
    return sum(int(n.replace(",", "")) for n in re.findall(r'class="badge">([\d,]+)<', html))


def bench_pages(*, large: int = 10_000, small: int = 100, runs: int = 3) -> dict[str, Any]:
    courses, lessons, exams = _shared_content()
    results: dict[str, Any] = {name: {} for name in PAGES}
    for size, label in ((small, "small"), (large, "large")):
        started = time.perf_counter()
        coach, requisition = _world(size, label, courses, lessons, exams)
        seeded = time.perf_counter() - started
        client = Client()
        client.force_login(coach)
        client.get(reverse("home:dashboard"))  # the session's first request records the MFA check
        # The tables are paginated: page 999999 is clamped to the last page, which must hold the last person.
        last = f"{label.title()}-Learner {size - 1:05d}"
        measured = {
            "team_progress": _measure(
                client,
                reverse("courses:team") + "?page=999999",
                runs,
                lambda html, last=last: last in html,
                repr(last),
            ),
            "certification_matrix": _measure(
                client,
                reverse("exams:team") + "?page=999999",
                runs,
                lambda html, last=last: last in html,
                repr(last),
            ),
            # The board shows the top of each stage column; its count badges must add up to every candidate.
            "pipeline_board": _measure(
                client,
                reverse("hiring:board", args=[requisition.pk]),
                runs,
                lambda html, size=size: _board_total(html) == size,
                f"{size} candidates in its column counts",
            ),
        }
        for name, figures in measured.items():
            if size == large:
                results[name].update(figures, rows=size)
            else:
                results[name].update({"queries_small": figures["queries"], "rows_small": size})
        print(f"bench: pages at {size} rows measured (seeding took {seeded:.1f} s)", flush=True)
    return results
