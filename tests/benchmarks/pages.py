"""Queries and time of the team pages and the pipeline board at two sizes (10,000 and 100,000 rows by default),
and the CSV exports streamed at the larger size (time and growth of resident memory)."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY as MFA_SESSION_KEY
from accounts.models import User
from accounts.roles import Role
from analytics.completion import completion_sweep
from assessments.exams.models import Exam
from assessments.hiring.models import Requisition
from coaching.services import program_field_23_ensure
from coaching.visit_summary import visit_summaries_rebuild
from courses.models import CoursePage, LearningPath, LessonPage
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.coaching import coaching_rubric_version
from tests.factories.courses import course, learning_path
from tests.factories.exams import ExamFactory, QuestionBankFactory, QuestionFactory
from tests.factories.hiring import make_requisition

from . import bulk
from .people import password_hash

PAGES = (
    "team_progress",
    "team_progress_by_progress",
    "certification_matrix",
    "pipeline_board",
    "pipeline_stage",
    "dashboard",
    "analytics_dashboards",
    "audit_log",
    "grades_report",
    "coaching_team",
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
    """A coach running one team of `n` learners, their path, certifications, and a requisition of `n` candidates
    (the rows generated in the database: see `bulk`)."""
    coach = UserFactory(roles=[Role.COACH], email=f"coach-{label}@bench.rampway.example")
    team = TeamFactory(manager=coach, name=f"Bench team {label}", slug=f"bench-team-{label}")
    bulk.learners_generate(
        n=n, prefix=f"{label}-learner", team=team, password=password_hash(), seed=n, lessons=len(lessons)
    )
    path: LearningPath = learning_path(
        name=f"Bench path {label}", courses=[(c, 14 * (i + 1)) for i, c in enumerate(courses)]
    )
    bulk.progress_generate(path=path, lessons=[lesson.pk for lesson in lessons], exams=[e.pk for e in exams])
    # The coach coaches every learner of the team: engagements, field days and visits, sessions, action items.
    bulk.coaching_generate(
        coach=coach, program=program_field_23_ensure(), rubric_version=coaching_rubric_version(), seed=n
    )
    # Likewise the coaching team page's per-seller visit summary (`manage.py coaching_summaries_rebuild`).
    started = time.perf_counter()
    kept = visit_summaries_rebuild()
    print(f"bench: {kept} visit summaries recounted in {time.perf_counter() - started:.1f} s", flush=True)
    requisition = make_requisition(hiring_manager=coach, team=team, title=f"Bench requisition {label}")
    interviewer = UserFactory(roles=[Role.COACH], email=f"interviewer-{label}@bench.rampway.example")
    bulk.candidates_generate(
        n=n,
        label=label,
        requisition=requisition,
        interviewer=interviewer,
        criteria=list(requisition.rubric_version.criteria.values_list("pk", flat=True)),
        seed=n,
    )
    # The rows above were written by SQL, past the app's receivers: recount the dashboards' per-person
    # onboarding summary as after any bulk import (`manage.py completion_rebuild`).
    started = time.perf_counter()
    recounted = completion_sweep()
    print(
        f"bench: {recounted} onboarding summaries recounted in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    bulk.analyse()
    return coach, requisition


def _analyst(label: str) -> Client:
    """A signed-in analyst whose session has passed the second-factor check (the bench measures pages, not MFA)."""
    client = Client()
    client.force_login(UserFactory(roles=[Role.ANALYST], email=f"analyst-{label}@bench.rampway.example"))
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    return client


def _trainer(label: str) -> Client:
    """A signed-in trainer (the workbench reports' readers), past the second-factor check like the analyst."""
    client = Client()
    client.force_login(UserFactory(roles=[Role.TRAINER], email=f"trainer-{label}@bench.rampway.example"))
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    return client


def _grades_exam(label: str, size: int) -> Exam:
    """An exam of 5 questions that each learner of the world just generated (`bench_learner`) has taken once."""
    bank = QuestionBankFactory()
    questions = [QuestionFactory(bank=bank, name=f"Bench grades question {i + 1}") for i in range(5)]
    exam = ExamFactory(
        bank=bank,
        title=f"Bench grades exam {label}",
        status=Exam.Status.PUBLISHED,
        published_at=timezone.now(),
        pass_mark=60,
    )
    bulk.attempts_generate(exam=exam, versions=[q.approved_version_id for q in questions], seed=size)
    return exam


def _auditor(label: str) -> Client:
    """Staff allowed to read the audit log in the Django admin, and nothing else."""
    user = UserFactory(email=f"auditor-{label}@bench.rampway.example", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client = Client()
    client.force_login(user)
    return client


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


def _audit_total(html: str) -> int:
    """The events the audit log's changelist counts ("110,018 audit events" under its table)."""
    found = re.search(r"([\d,]+) audit events?\b", html)
    return int(found.group(1).replace(",", "")) if found else 0


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
        # One transaction: what the world's factories queue on commit (a sweep of the onboarding summary after
        # the path and its steps are saved, in eager mode) runs once, after the world is complete.
        with transaction.atomic():
            coach, requisition = _world(size, label, courses, lessons, exams)
        grades_exam = _grades_exam(label, size)
        seeded = time.perf_counter() - started
        bulk.audit_generate(n=size, actor=coach, seed=size)
        bulk.analyse()
        client = Client()
        client.force_login(coach)
        client.get(reverse("home:dashboard"))  # the session's first request records the MFA check
        analyst, auditor = _analyst(label), _auditor(label)
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
            # The coaching team page: the before/after over every seller, the per-seller table paged by name.
            "coaching_team": _measure(
                client,
                reverse("coaching:team") + "?page=999999",
                runs,
                lambda html, last=last: last in html,
                repr(last),
            ),
            "pipeline_stage": _measure(
                client,
                board + "?stage=applied&page=999999",
                runs,
                lambda html: "Candidate " in html,
                "a card",
            ),
        }
        # The organisation-wide pages count both worlds: at the larger size they hold large + huge rows.
        measured["analytics_dashboards"] = _measure(
            analyst,
            reverse("analytics:dashboards"),
            runs,
            lambda html, label=label: f"Bench team {label}" in html,
            "the team's readiness row",
        )
        # The newest events come first: in a full `make bench` they are the exam day's, not the generated ones,
        # so the check is the changelist's own count of what it pages through, and a page of rows shown.
        measured["audit_log"] = _measure(
            auditor,
            reverse("admin:accounts_auditevent_changelist"),
            runs,
            lambda html, size=size: _audit_total(html) >= size and 'class="field-' in html,
            f"a count of at least {size} events and their rows",
        )
        # The workbench's grades report: `size` attempts, paginated; its last page must hold the last learner.
        measured["grades_report"] = _measure(
            _trainer(label),
            reverse("exams:wb_grades", args=[grades_exam.slug]) + "?page=999999",
            runs,
            lambda html, last=last: last in html,
            repr(last),
        )
        suffix = "_100k" if size == huge else ""
        for name, figures in measured.items():
            results[name].update({f"{k}{suffix}": v for k, v in figures.items()}, **{f"rows{suffix}": size})
        if size == huge:
            results["team_progress_csv"] = _export(client, team + "?format=csv", size)
            results["certification_matrix_csv"] = _export(client, reverse("exams:team") + "?format=csv", size)
        print(f"bench: pages at {size} rows measured (seeding took {seeded:.1f} s)", flush=True)
    return results
