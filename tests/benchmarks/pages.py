"""Queries and time of the team pages and the pipeline board at two sizes (10,000 and 100,000 rows by default),
and the CSV exports streamed at the larger size (time and growth of resident memory)."""

from __future__ import annotations

import itertools
import random
import re
import secrets
import statistics
import time
from collections.abc import Callable, Iterator
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

PAGES = (
    "team_progress",
    "team_progress_by_progress",
    "certification_matrix",
    "pipeline_board",
    "pipeline_stage",
    "dashboard",
)
EXPORTS = ("team_progress_csv", "certification_matrix_csv")
BATCH = 5000


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
    _bulk(
        LessonProgress,
        (
            LessonProgress(user=u, lesson=lesson, completed_at=now - timedelta(days=rng.randrange(30)))
            for u in learners
            for lesson in lessons[: rng.randrange(len(lessons) + 1)]
        ),
    )
    _bulk(
        Certification,
        (
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
        ),
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
    _bulk(
        Rating,
        (
            Rating(scorecard=card, criterion=c, value=rng.randint(1, 4), evidence="bench")
            for card in cards
            for c in criteria
        ),
    )
    return coach, requisition


def _bulk(model: Any, rows: Iterator[Any]) -> None:
    """Insert a generator of rows a batch at a time: at 100,000 learners the rows never all sit in memory."""
    while batch := list(itertools.islice(rows, BATCH)):
        model.objects.bulk_create(batch, batch_size=BATCH)


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


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def _export(client: Client, url: str, rows: int) -> dict[str, Any]:
    """Download a CSV export once, reading it as a client would: the response must be a stream, every row must
    arrive, and the process's resident memory is sampled as it goes (`rss_growth_mb`: the peak above the start).
    Sampling RSS costs nothing, where tracing every allocation made the 100,000-row exports take ten minutes."""
    start_rss = peak_rss = _rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200 and response.streaming, (url, response.status_code)
    lines = 0
    for n, chunk in enumerate(response.streaming_content):  # type: ignore[attr-defined]
        lines += chunk.count(b"\n")
        if n % 2000 == 0:
            peak_rss = max(peak_rss, _rss_mb())
    seconds = time.perf_counter() - started
    peak_rss = max(peak_rss, _rss_mb())
    assert lines == rows + 1, f"{url} exported {lines - 1} rows, not {rows}"
    return {"seconds": round(seconds, 1), "rss_growth_mb": round(peak_rss - start_rss, 1), "rows": rows}


def bench_pages(*, large: int = 10_000, huge: int = 100_000, runs: int = 3) -> dict[str, Any]:
    """Each page at `large` rows (keys `median_ms`, `queries`) and `huge` rows (`median_ms_100k`, `queries_100k`)."""
    courses, lessons, exams = _shared_content()
    results: dict[str, Any] = {name: {} for name in (*PAGES, *EXPORTS)}
    for size, label in ((large, "base"), (huge, "big")):
        started = time.perf_counter()
        coach, requisition = _world(size, label, courses, lessons, exams)
        seeded = time.perf_counter() - started
        client = Client()
        client.force_login(coach)
        client.get(reverse("home:dashboard"))  # the session's first request records the MFA check
        # The tables are paginated: page 999999 is clamped to the last page, which must hold the last person.
        last = f"{label.title()}-Learner {size - 1:05d}"
        team, board = reverse("courses:team"), reverse("hiring:board", args=[requisition.pk])
        measured = {
            "team_progress": _measure(
                client, team + "?page=999999", runs, lambda html, last=last: last in html, repr(last)
            ),
            "team_progress_by_progress": _measure(
                client, team + "?sort=-progress&page=999999", runs, lambda html: "<tr>" in html, "a row"
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
                board,
                runs,
                lambda html, size=size: _board_total(html) == size,
                f"{size} candidates in its column counts",
            ),
            # The coach's home page: the cards count their teams, candidates and scorecards in the database.
            "dashboard": _measure(
                client,
                reverse("home:dashboard"),
                runs,
                lambda html: "People in your teams" in html,
                "the teams card",
            ),
            "pipeline_stage": _measure(
                client,
                board + "?stage=applied&page=999999",
                runs,
                lambda html: "Candidate " in html,
                "a card",
            ),
        }
        suffix = "_100k" if size == huge else ""
        for name, figures in measured.items():
            results[name].update({f"{k}{suffix}": v for k, v in figures.items()}, **{f"rows{suffix}": size})
        if size == huge:
            results["team_progress_csv"] = _export(client, team + "?format=csv", size)
            results["certification_matrix_csv"] = _export(client, reverse("exams:team") + "?format=csv", size)
        print(f"bench: pages at {size} rows measured (seeding took {seeded:.1f} s)", flush=True)
    return results
