"""Demo hiring history: 18 months of past requisitions on the sales rubric, hires and their quota, bulk-built.

The numbers follow what sales hiring sees, not a textbook: criteria that correlate (~.35), a current composite
that predicts quota at r ≈ .3 among hires, two criteria (Discovery, Coachability) carrying the signal while the
rubric weights "Prior success", which carries none, and only the top ~40 % of each requisition hired. Pooled, the
~400 hires are enough for the study to show that re-weighting helps; one recent requisition alone is not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

CRITERIA = (
    "Coachability",
    "Curiosity",
    "Prior success",
    "Intelligence",
    "Work ethic",
    "Discovery",
    "Objection handling",
)
# Quota points per unit of each criterion's true level (others 0): what actually drives attainment.
DRIVERS = {"Discovery": 9.0, "Coachability": 6.0}
GENERAL = 0.6  # loading on a shared factor: criteria correlate about GENERAL² ≈ .36
QUOTA_MEAN = 88.0
QUOTA_NOISE = 13.0  # person-level noise that keeps the composite's validity among hires near .3
MONTH_NOISE = 12.0  # month-to-month wobble around a person's level
HIRE_SHARE = 0.4
RATERS = 3  # interviewers per applicant; the study reads their mean per criterion


def simulate(
    *, applicants: int, rng: np.random.Generator, weights: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Panel ratings (applicants × criteria × RATERS, whole points 1–5), who is hired, and each person's quota
    level (%).

    Hired are the top HIRE_SHARE by the current weighted composite; levels exist for everyone, the caller
    keeps the hires'.
    """
    k = len(CRITERIA)
    trait = GENERAL * rng.normal(size=(applicants, 1)) + np.sqrt(1 - GENERAL**2) * rng.normal(
        size=(applicants, k)
    )
    # Two or three interviewers each, rounding to the 1–5 scale; the mean is what the study reads.
    noise = rng.normal(0, 0.7, size=(applicants, k, RATERS))
    ratings = np.clip(np.rint(3 + 0.9 * trait[:, :, None] + noise), 1, 5)
    means = ratings.mean(axis=2)
    w = np.array([weights.get(name, 0.0) for name in CRITERIA])
    composite = means @ (w / w.sum())
    n_hired = int(round(HIRE_SHARE * applicants))
    hired = np.zeros(applicants, dtype=bool)
    hired[np.argsort(-composite, kind="stable")[:n_hired]] = True
    drive = sum(DRIVERS[name] * trait[:, CRITERIA.index(name)] for name in DRIVERS)
    level = QUOTA_MEAN + drive + rng.normal(0, QUOTA_NOISE, size=applicants)
    return ratings, hired, level


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first.replace(day=1)
    while d <= last:
        out.append(d)
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


HISTORY_DOMAIN = "history.applicants.rampway.example"
APPLICANTS_PER_REQUISITION = 165
MONTHS_BACK = 18
LEAVER_SHARE = 0.08
# (title, team, hiring manager, recruiter, second interviewer, months before today it was filled)
HISTORY = [
    ("Enterprise Account Executive (2025 H1)", "new-york-enterprise", "coach", "recruiter", "vp.na", 17),
    (
        "Commercial Sales Representative (2025 H1)",
        "austin-commercial",
        "coach.brooks",
        "recruiter.patel",
        "vp.na",
        15,
    ),
    (
        "Enterprise Account Executive 大客户销售 (2025)",
        "shanghai-enterprise",
        "coach.huang",
        "recruiter.wang",
        "vp.east",
        13,
    ),
    (
        "Commercial Sales Representative (2025 H2)",
        "austin-commercial",
        "coach.brooks",
        "recruiter.patel",
        "vp.na",
        10,
    ),
    ("Enterprise Account Executive (2025 H2)", "new-york-enterprise", "coach", "recruiter", "vp.na", 8),
    (
        "Enterprise Account Executive 大客户销售 (2026 H1)",
        "shanghai-enterprise",
        "coach.huang",
        "recruiter.wang",
        "vp.east",
        6,
    ),
]


def _add_months(d: dt.date, months: int) -> dt.date:
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(year, month + 1, 1)


def _month_end(start: dt.date) -> dt.date:
    return _add_months(start, 1) - dt.timedelta(days=1)


def seed_hiring_history(*, today: dt.date, seed: int = 3) -> list[int]:
    """Closed requisitions with scored applicants, hires (accounts, start dates, some leavers) and monthly quota.

    Bulk inserts only (no per-hire services, signals or tasks), so the bigger demo stays quick to seed. Returns
    the requisition ids (empty when the history exists already).
    """
    from django.contrib.auth.hashers import make_password
    from django.utils.translation import gettext_noop as _

    from accounts.models import OrgUnit, User
    from assessments.hiring.composites import composites_refresh
    from assessments.hiring.models import (
        Candidate,
        Interview,
        Rating,
        Requisition,
        Scorecard,
        Stage,
        StageChange,
    )
    from assessments.hiring.services import plan_step_add, requisition_create
    from assessments.rubrics.demo import sales_hiring_version

    from .demo_onboarding import onboarding_plan, seed_onboarding
    from .models import Metric, PerformanceRecord

    version = sales_hiring_version()
    if version is None or Candidate.objects.filter(email__endswith=f"@{HISTORY_DOMAIN}").exists():
        return []
    criteria = list(version.criteria.order_by("position"))
    by_name = {c.name: c for c in criteria}
    weights = {c.name: float(c.weight) for c in criteria}
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.rampway.example")}
    quota = Metric.objects.get(code="quota_attainment")
    rng = np.random.default_rng(seed)
    # Its own stream (self-identification, onboarding): the study's numbers do not depend on it.
    answers = np.random.default_rng(seed + 1)
    plan = onboarding_plan()
    last_month = _add_months(today.replace(day=1), -1)
    unusable = make_password(None)
    req_ids: list[int] = []
    for r, (title, team, manager, recruiter, second, back) in enumerate(HISTORY):
        req = requisition_create(
            title=title,
            team=OrgUnit.objects.get(slug=team),
            hiring_manager=people[manager],
            recruiter=people[recruiter],
            rubric_version=version,
            actor=None,
        )
        panel = [people[recruiter], people[manager], people[second]]
        steps = [
            plan_step_add(requisition=req, name=name, criteria=criteria, interviewers=[who], position=i + 1)
            for i, (name, who) in enumerate(
                zip((_("Recruiter screen"), _("Hiring manager interview"), _("Panel")), panel, strict=True)
            )
        ]
        filled = _add_months(today.replace(day=1), -back)
        opened = dt.datetime.combine(_add_months(filled, -2), dt.time(9), tzinfo=dt.UTC)
        Requisition.objects.filter(pk=req.pk).update(status=Requisition.Status.CLOSED, opened_at=opened)
        req_ids.append(req.pk)

        scores, hired, level = simulate(applicants=APPLICANTS_PER_REQUISITION, rng=rng, weights=weights)
        decided = dt.datetime.combine(filled - dt.timedelta(days=14), dt.time(15), tzinfo=dt.UTC)
        n_hired = int(hired.sum())
        users = User.objects.bulk_create(
            [
                User(
                    email=f"seller.h{r}.{i}@{HISTORY_DOMAIN}",
                    first_name=f"Seller {r + 1}-{i + 1}",
                    password=unusable,
                    start_date=filled + dt.timedelta(days=int(rng.integers(0, 28))),
                )
                for i in range(n_hired)
            ]
        )
        hire_users = iter(users)
        candidates = Candidate.objects.bulk_create(
            [
                Candidate(
                    requisition=req,
                    name=f"Applicant {r + 1}-{i + 1}",
                    email=f"applicant.h{r}.{i}@{HISTORY_DOMAIN}",
                    stage=Stage.HIRED if hired[i] else Stage.REJECTED,
                    stage_reason="" if hired[i] else _("Another candidate was stronger"),
                    stage_changed_at=decided,
                    user=next(hire_users) if hired[i] else None,
                )
                for i in range(len(hired))
            ]
        )
        _self_identify(candidates, answers)
        StageChange.objects.bulk_create(
            [StageChange(candidate=c, to_stage=Stage.APPLIED, at=opened) for c in candidates]
            + [
                StageChange(candidate=c, from_stage=Stage.INTERVIEWS, to_stage=c.stage, at=decided)
                for c in candidates
            ]
        )
        interviews = Interview.objects.bulk_create(
            [
                Interview(candidate=c, interviewer=who, step=step)
                for c in candidates
                for who, step in zip(panel, steps, strict=True)
            ]
        )
        cards = Scorecard.objects.bulk_create(
            [
                Scorecard(
                    interview=iv,
                    candidate=iv.candidate,
                    interviewer=iv.interviewer,
                    rubric_version=version,
                    recommendation="",
                    summary="",
                    submitted_at=decided - dt.timedelta(days=7),
                    locked=True,
                )
                for iv in interviews
            ]
        )
        ratings = []
        for j, card in enumerate(cards):
            given = scores[j // RATERS, :, j % RATERS]
            ratings += [
                Rating(scorecard=card, criterion=by_name[name], value=int(value), evidence="")
                for name, value in zip(CRITERIA, given, strict=True)
            ]
        Rating.objects.bulk_create(ratings)
        _planner_statistics(Candidate, Scorecard, Rating)
        composites_refresh(Candidate.objects.filter(requisition=req))

        records: list[PerformanceRecord] = []
        leavers: list[User] = []
        for user, person_level in zip(users, level[hired], strict=True):
            months = month_starts(_add_months(user.start_date or filled, 1), last_month)
            if rng.random() < LEAVER_SHARE and len(months) > 3:
                months = months[: int(rng.integers(2, len(months) - 1))]
                user.is_active = False
                user.deactivated_on = _month_end(months[-1])
                leavers.append(user)
            for start in months:
                value = float(np.clip(person_level + rng.normal(0, MONTH_NOISE), 0, 300))
                records.append(
                    PerformanceRecord(
                        person=user,
                        metric=quota,
                        period_start=start,
                        period_end=_month_end(start),
                        value=round(value, 1),
                        source=PerformanceRecord.Source.DEMO,
                        external_id=f"demo-hist-{user.pk}-quota-{start:%Y-%m}",
                    )
                )
        PerformanceRecord.objects.bulk_create(records)
        User.objects.bulk_update(leavers, ["is_active", "deactivated_on"])
        if plan is not None:
            seed_onboarding(users=users, plan=plan, today=today, rng=answers)
    return req_ids


def _planner_statistics(*models: type[Any]) -> None:
    """Fresh statistics on the tables just bulk-filled, for the composite UPDATE that reads them next.

    SQLite has none until ANALYZE runs (and autovacuum on PostgreSQL comes later than this): without them the
    UPDATE walks every rating of a criterion for each candidate, about 2 s a requisition here, instead of the
    candidate's own scorecards, a few ms. Values are the same either way.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _self_identify(candidates: list[Any], rng: np.random.Generator) -> None:
    """Voluntary answers for most applicants (some decline), independent of scores, as the law requires."""
    from assessments.hiring.models import SelfIdentification

    sexes = ["male", "female", "undisclosed"]
    ethnicities = [e.value for e in SelfIdentification.Ethnicity]
    ages = [a.value for a in SelfIdentification.AgeBand]
    SelfIdentification.objects.bulk_create(
        [
            SelfIdentification(
                candidate=c,
                sex=sexes[int(rng.choice(3, p=[0.5, 0.42, 0.08]))],
                race_ethnicity=ethnicities[int(rng.integers(len(ethnicities)))],
                age_band=ages[int(rng.integers(len(ages)))],
            )
            for c in candidates
            if rng.random() < 0.85
        ]
    )
