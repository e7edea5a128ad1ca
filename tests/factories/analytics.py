"""Hiring histories with known validity, built with bulk inserts so studies of 100+ candidates stay fast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from accounts.models import User
from analytics.models import Metric, PerformanceRecord
from assessments.hiring.models import (
    Candidate,
    Interview,
    Rating,
    Requisition,
    Scorecard,
    SelfIdentification,
    Stage,
    StageChange,
)
from assessments.rubrics.models import RubricVersion
from tests.factories.hiring import make_requisition
from tests.factories.rubrics import make_rubric_version

CRITERIA = ("Discovery", "Coachability", "Charisma")
# Current weights over-weight Charisma, which (below) does not predict quota attainment.
CURRENT_WEIGHTS = (0.2, 0.2, 0.6)
WINDOW = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

_serial = {"n": 0}


def seeded_metric(code: str) -> Metric:
    """The metric migration 0002 seeds, put back if a transactional test before this one emptied the table."""
    import importlib

    from django.apps import apps

    if not Metric.objects.filter(code=code).exists():
        importlib.import_module("analytics.migrations.0002_seed_metrics").seed(apps, None)
    return Metric.objects.get(code=code)


@dataclass
class History:
    version: RubricVersion
    requisition: Requisition
    hires: list[Candidate]
    others: list[Candidate]


def make_history(
    *, hires: int = 60, others: int = 40, signal: bool = True, seed: int = 1, months: int = 3
) -> History:
    """Candidates scored on three criteria; hires get quota attainment driven by Discovery and Coachability."""
    rng = np.random.default_rng(seed)
    version = make_rubric_version(names=CRITERIA, weights=CURRENT_WEIGHTS)
    req = make_requisition(rubric_version=version)
    interviewer = req.hiring_manager
    criteria = {c.name: c for c in version.criteria.all()}
    now = timezone.now()
    _serial["n"] += 1
    batch = _serial["n"]
    total = hires + others
    users = User.objects.bulk_create(
        [User(email=f"hire{batch}-{i}@example.com", first_name=f"Hire {i}") for i in range(hires)]
    )
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                requisition=req,
                name=f"Applicant {batch}-{i}",
                email=f"applicant{batch}-{i}@example.com",
                stage=Stage.HIRED if i < hires else Stage.REJECTED,
                stage_changed_at=now,
                user=users[i] if i < hires else None,
            )
            for i in range(total)
        ]
    )
    StageChange.objects.bulk_create(
        [StageChange(candidate=c, from_stage=Stage.INTERVIEWS, to_stage=c.stage, at=now) for c in candidates]
        + [
            StageChange(candidate=c, from_stage=Stage.SCREEN, to_stage=Stage.INTERVIEWS, at=now)
            for c in candidates
        ]
    )
    sexes = ["female", "male"]
    SelfIdentification.objects.bulk_create(
        [
            SelfIdentification(candidate=c, sex=sexes[i % 2], race_ethnicity=["asian", "white"][(i // 2) % 2])
            for i, c in enumerate(candidates)
        ]
    )
    interviews = Interview.objects.bulk_create(
        [Interview(candidate=c, interviewer=interviewer) for c in candidates]
    )
    cards = Scorecard.objects.bulk_create(
        [
            Scorecard(
                interview=iv,
                candidate=iv.candidate,
                interviewer=interviewer,
                rubric_version=version,
                recommendation="yes",
                submitted_at=now,
                locked=True,
            )
            for iv in interviews
        ]
    )
    latent = rng.normal(size=(total, 3))
    ratings = np.clip(np.round(3 + latent), 1, 5)
    Rating.objects.bulk_create(
        [
            Rating(scorecard=card, criterion=criteria[name], value=int(ratings[i, j]))
            for i, card in enumerate(cards)
            for j, name in enumerate(CRITERIA)
        ]
    )
    metric = seeded_metric("quota_attainment")
    records = []
    for i in range(hires):
        base = 80 + (12 * ratings[i, 0] + 12 * ratings[i, 1] - 72 if signal else 0) + rng.normal(0, 6)
        for m in range(months):
            start = dt.date(2026, m + 1, 1)
            value = float(np.clip(base + rng.normal(0, 4), 0, 1000))
            records.append(
                PerformanceRecord(
                    person=users[i],
                    metric=metric,
                    period_start=start,
                    period_end=start + dt.timedelta(days=27),
                    value=value,
                    source=PerformanceRecord.Source.DEMO,
                )
            )
    PerformanceRecord.objects.bulk_create(records)
    return History(version=version, requisition=req, hires=candidates[:hires], others=candidates[hires:])


def _quota(person: User, value: float, start: dt.date = dt.date(2026, 2, 1)) -> PerformanceRecord:
    return PerformanceRecord(
        person=person,
        metric=seeded_metric("quota_attainment"),
        period_start=start,
        period_end=start + dt.timedelta(days=27),
        value=value,
        source=PerformanceRecord.Source.DEMO,
    )


@dataclass
class ExamHistory:
    exams: list  # type: ignore[type-arg]
    people: list[User]
    best: np.ndarray  # people × exams: the best score
    first: np.ndarray  # people × exams: the first score
    quota: np.ndarray  # per person


def make_exam_history(
    *, people: int = 60, exams: int = 2, seed: int = 3, with_outcome: int | None = None
) -> ExamHistory:
    """Two submitted attempts per person and exam; quota attainment follows the first exam's best score."""
    from assessments.exams.models import Attempt
    from tests.factories.exams import ExamFactory

    rng = np.random.default_rng(seed)
    _serial["n"] += 1
    batch = _serial["n"]
    exam_objs = [ExamFactory(certifying=True, title=f"Cert {batch}-{j}") for j in range(exams)]
    users = User.objects.bulk_create(
        [User(email=f"taker{batch}-{i}@example.com", first_name=f"Taker {i}") for i in range(people)]
    )
    first = np.round(rng.uniform(30, 90, size=(people, exams)), 1)
    second = np.round(rng.uniform(30, 90, size=(people, exams)), 1)
    now = timezone.now()
    attempts = []
    for i, user in enumerate(users):
        for j, exam in enumerate(exam_objs):
            for number, score in ((1, first[i, j]), (2, second[i, j])):
                started = now - dt.timedelta(days=30 - 3 * number)
                attempts.append(
                    Attempt(
                        exam=exam,
                        user=user,
                        number=number,
                        state=Attempt.State.SUBMITTED,
                        seed=1,
                        started_at=started,
                        submitted_at=started + dt.timedelta(minutes=20),
                        max_marks=10,
                        score=float(score),
                    )
                )
    Attempt.objects.bulk_create(attempts)
    best = np.maximum(first, second)
    quota = 40 + 0.8 * best[:, 0] + rng.normal(0, 5, size=people)
    n_outcome = people if with_outcome is None else with_outcome
    PerformanceRecord.objects.bulk_create([_quota(users[i], float(quota[i])) for i in range(n_outcome)])
    return ExamHistory(exams=exam_objs, people=users, best=best, first=first, quota=quota)


@dataclass
class CoachingHistory:
    version: RubricVersion
    sellers: list[User]
    means: np.ndarray  # sellers × criteria: mean coach rating
    quota: np.ndarray


def make_coaching_history(*, sellers: int = 40, sessions: int = 3, seed: int = 5) -> CoachingHistory:
    """Coach-rated sessions (plus self-ratings, which a study must ignore); quota follows the first criterion."""
    from coaching.models import CoachingSession, Engagement, SessionRating
    from coaching.services import program_field_23_ensure
    from tests.factories.coaching import coaching_rubric_version

    rng = np.random.default_rng(seed)
    _serial["n"] += 1
    batch = _serial["n"]
    version = coaching_rubric_version()
    criteria = list(version.criteria.order_by("position", "id"))
    program = program_field_23_ensure()
    coach = User.objects.create(email=f"coach{batch}@example.com")
    users = User.objects.bulk_create(
        [User(email=f"seller{batch}-{i}@example.com", first_name=f"Seller {i}") for i in range(sellers)]
    )
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                coach=coach, seller=u, program=program, start_date=dt.date(2026, 1, 5), rubric_version=version
            )
            for u in users
        ]
    )
    now = timezone.now()
    rows = [
        CoachingSession(
            engagement=e,
            held_on=dt.date(2026, 1, 6 + k),
            rubric_version=version,
            seller_submitted_at=now,
            coach_submitted_at=now,
        )
        for e in engagements
        for k in range(sessions)
    ]
    # One unsubmitted session per seller with extreme ratings: not finished, so not counted.
    rows += [
        CoachingSession(engagement=e, held_on=dt.date(2026, 2, 1), rubric_version=version)
        for e in engagements
    ]
    created = CoachingSession.objects.bulk_create(rows)
    ratings = rng.integers(1, 6, size=(sellers, sessions, len(criteria)))
    out = []
    for index, session in enumerate(created):
        i = index // sessions if index < sellers * sessions else index - sellers * sessions
        for c_index, criterion in enumerate(criteria):
            if index < sellers * sessions:
                k = index % sessions
                value = int(ratings[i, k, c_index])
                out.append(SessionRating(session=session, criterion=criterion, rater="coach", rating=value))
                out.append(SessionRating(session=session, criterion=criterion, rater="seller", rating=5))
            else:
                out.append(SessionRating(session=session, criterion=criterion, rater="coach", rating=1))
    SessionRating.objects.bulk_create(out)
    means = ratings.mean(axis=1)
    quota = 60 + 10 * means[:, 0] + rng.normal(0, 4, size=sellers)
    PerformanceRecord.objects.bulk_create([_quota(users[i], float(quota[i])) for i in range(sellers)])
    return CoachingHistory(version=version, sellers=users, means=means, quota=quota)
