"""Demo hiring: 3 requisitions, ~300 candidates scored by panels (one lenient interviewer), 80 hires. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from accounts.demo import DEMO_PASSWORD
from accounts.models import OrgUnit, User
from assessments.rubrics.demo import sales_hiring_version, seed_rubrics
from assessments.rubrics.services import rubric_version_mark_used

from .composites import composites_refresh
from .models import (
    Candidate,
    Interview,
    Rating,
    Recommendation,
    Requisition,
    ScheduledInterview,
    Scorecard,
    SelfIdentification,
    Stage,
    StageChange,
)
from .services import candidate_decide, plan_step_add, requisition_create

APPLICANT_DOMAIN = "applicants.rampway.example"
LENIENT = "coach.xu"  # rates about a point above the rest of the panel
BIAS = {LENIENT: 1.0, "recruiter.patel": -0.3, "vp.na": 0.15, "vp.east": -0.1}

# (title, team, hiring manager, recruiter, panel: screen, hiring-manager interview, role play, panel)
REQUISITIONS = [
    (
        "Enterprise Account Executive 大客户销售",
        "shanghai-enterprise",
        "coach.huang",
        "recruiter.wang",
        "vp.east",
    ),
    ("Enterprise Account Executive", "new-york-enterprise", "coach", "recruiter", "vp.na"),
    ("Commercial Sales Representative", "austin-commercial", "coach.brooks", "recruiter.patel", "vp.na"),
]
# Outcomes per requisition (~100 candidates): hires 27/27/26 = 80 in all, enough for a 7-criterion validity study.
OUTCOMES = {
    Stage.HIRED: 0,  # filled per requisition below
    Stage.REJECTED: 43,
    Stage.DECLINED: 7,
    Stage.WITHDRAWN: 3,
    Stage.OFFER: 3,
    Stage.INTERVIEWS: 10,
    Stage.SCREEN: 4,
    Stage.APPLIED: 3,
}
HIRES = [27, 27, 26]
FIRST = [
    "Wei",
    "Na",
    "Jun",
    "Li",
    "Hao",
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Sofia",
    "Mateo",
    "Priya",
    "Arjun",
    "Chloe",
    "Lucas",
    "Mia",
    "Ethan",
    "Yuki",
    "Omar",
    "Fatima",
    "Diego",
    "Hannah",
    "Kwame",
    "Grace",
    "Ivan",
]
LAST = [
    "Zhang",
    "Wang",
    "Liu",
    "Chen",
    "Smith",
    "Garcia",
    "Johnson",
    "Nguyen",
    "Kim",
    "Patel",
    "Okafor",
    "Rossi",
    "Müller",
    "Silva",
    "Haddad",
    "Cohen",
    "Tanaka",
    "Brown",
    "Lopez",
    "Singh",
]
SOURCES = [s.value for s in Candidate.Source]


def _recommendation(mean: float) -> str:
    if mean >= 4.2:
        return Recommendation.STRONG_YES
    if mean >= 3.2:
        return Recommendation.YES
    if mean >= 2.3:
        return Recommendation.NO
    return Recommendation.DEFINITELY_NOT


@transaction.atomic
def seed_hiring(*, today: dt.date | None = None) -> None:
    if Candidate.objects.filter(email__endswith=f"@{APPLICANT_DOMAIN}").exists():
        return
    seed_rubrics()
    version = sales_hiring_version()
    criteria = list(version.criteria.order_by("position"))
    role_play = [c for c in criteria if c.name in ("Discovery", "Objection handling", "Coachability")]
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.rampway.example")}
    now = timezone.now()
    today = today or timezone.localdate()
    rng = random.Random(2026)
    serial = 0
    requisitions: list[tuple[Requisition, list[int], list[User]]] = []
    step_criteria: dict[int, list[int]] = {}  # plan step id → the criteria it covers
    for title, team_slug, manager, recruiter, vp in REQUISITIONS:
        req = requisition_create(
            title=title,
            team=OrgUnit.objects.get(slug=team_slug),
            hiring_manager=people[manager],
            recruiter=people[recruiter],
            rubric_version=version,
            actor=None,
        )
        steps = [
            plan_step_add(
                requisition=req,
                name=_("Recruiter screen"),
                criteria=criteria[:5],
                interviewers=[people[recruiter]],
                position=1,
            ),
            plan_step_add(
                requisition=req,
                name=_("Hiring manager interview"),
                criteria=criteria,
                interviewers=[people[manager]],
                position=2,
            ),
            plan_step_add(
                requisition=req,
                name=_("Role play"),
                criteria=role_play,
                interviewers=[people[vp]],
                position=3,
            ),
            plan_step_add(
                requisition=req,
                name=_("Panel"),
                criteria=criteria,
                interviewers=[people[LENIENT]],
                position=4,
            ),
        ]
        panel = [people[recruiter], people[manager], people[vp], people[LENIENT]]
        for step in steps:
            step_criteria[step.pk] = [c.pk for c in step.criteria.all()]
        requisitions.append((req, [step.pk for step in steps], panel))

    candidates: list[Candidate] = []
    ability: list[float] = []
    planned: list[tuple[Requisition, str, list[User], list[int], int]] = []
    for index, (req, plan, panel) in enumerate(requisitions):
        rows: list[tuple[float, str]] = []
        counts = {**OUTCOMES, Stage.HIRED: HIRES[index]}
        abilities = sorted((rng.gauss(3.0, 1.0) for _ in range(sum(counts.values()))), reverse=True)
        # The strongest are hired and the next few hold offers; everyone else lands anywhere, so rejected
        # candidates span the whole range (as they do when screening is imperfect).
        n_top = counts[Stage.HIRED] + counts[Stage.OFFER]
        stages = [s for s in counts if s not in (Stage.HIRED, Stage.OFFER) for _ in range(counts[s])]
        rng.shuffle(stages)
        rows += [(a, Stage.HIRED) for a in abilities[: counts[Stage.HIRED]]]
        rows += [(a, Stage.OFFER) for a in abilities[counts[Stage.HIRED] : n_top]]
        rows += list(zip(abilities[n_top:], stages, strict=True))
        for a, stage in rows:
            serial += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            changed = now - dt.timedelta(days=rng.randint(1, 170), hours=rng.randint(0, 23))
            candidates.append(
                Candidate(
                    requisition=req,
                    name=f"{first} {last}",
                    email=f"{first}.{last}.{serial}@{APPLICANT_DOMAIN}".lower(),
                    phone=f"+1 555 01{serial:03d}",
                    source=rng.choice(SOURCES),
                    stage=Stage.OFFER if stage == Stage.HIRED else stage,
                    stage_reason=_reason(stage),
                    stage_changed_at=changed,
                )
            )
            candidates[-1]._demo_index = len(ability)  # type: ignore[attr-defined]
            candidates[-1]._demo_hire = stage == Stage.HIRED  # type: ignore[attr-defined]
            ability.append(a)
            n_panel = 0 if stage in (Stage.APPLIED, Stage.SCREEN) else rng.randint(2, 4)
            chosen = rng.sample(panel, n_panel)
            planned.append((req, stage, chosen, plan, len(candidates) - 1))
    Candidate.objects.bulk_create(candidates)

    StageChange.objects.bulk_create(
        [
            StageChange(candidate=c, to_stage=Stage.APPLIED, at=c.stage_changed_at - dt.timedelta(days=14))
            for c in candidates
        ]
        + [
            StageChange(
                candidate=c,
                from_stage=Stage.INTERVIEWS,
                to_stage=c.stage,
                reason=c.stage_reason,
                at=c.stage_changed_at,
            )
            for c in candidates
            if c.stage not in (Stage.APPLIED,)
        ]
    )

    interviews: list[Interview] = []
    for req, _stage, chosen, step_ids, i in planned:
        panel = next(p for r, _plan, p in requisitions if r.pk == req.pk)
        for rater in chosen:
            interviews.append(
                Interview(candidate=candidates[i], interviewer=rater, step_id=step_ids[panel.index(rater)])
            )
    Interview.objects.bulk_create(interviews)

    cards: list[Scorecard] = []
    pending_values: list[list[tuple[int, int]]] = []
    for interview in interviews:
        candidate = interview.candidate
        # Open candidates keep the hiring manager's scorecard to do, so the demo shows independence at work.
        # (Candidates the demo hires below keep theirs: a manager decides only after scoring.)
        if (
            candidate.stage in (Stage.INTERVIEWS, Stage.OFFER)
            and interview.interviewer_id == candidate.requisition.hiring_manager_id
            and not candidate._demo_hire  # type: ignore[attr-defined]
        ):
            continue
        a = ability[candidate._demo_index]  # type: ignore[attr-defined]
        bias = BIAS.get(interview.interviewer.email.split("@")[0], 0.0)
        values = [
            (cid, max(1, min(5, round(a + bias + rng.gauss(0, 0.45)))))
            for cid in step_criteria[interview.step_id]  # type: ignore[index]
        ]
        mean = sum(v for _c, v in values) / len(values)
        cards.append(
            Scorecard(
                interview=interview,
                candidate=candidate,
                interviewer=interview.interviewer,
                rubric_version=version,
                recommendation=_recommendation(mean),
                summary="",
                submitted_at=candidate.stage_changed_at - dt.timedelta(days=rng.randint(2, 10)),
                locked=True,
            )
        )
        pending_values.append(values)
    Scorecard.objects.bulk_create(cards)
    Rating.objects.bulk_create(
        [
            Rating(scorecard=card, criterion_id=cid, value=v, evidence="")
            for card, values in zip(cards, pending_values, strict=True)
            for cid, v in values
        ]
    )
    rubric_version_mark_used(version=version)
    composites_refresh(Candidate.objects.filter(requisition__in={c.requisition_id for c in candidates}))

    _seed_self_identification(candidates, rng)

    hires = [c for c in candidates if c._demo_hire]  # type: ignore[attr-defined]
    new_users: list[int] = []
    for n, candidate in enumerate(hires):
        start = today - dt.timedelta(days=7 * (n % 12))
        candidate_decide(
            candidate=candidate,
            decision=Stage.HIRED,
            reason=_("Strong panel scores"),
            actor=candidate.requisition.hiring_manager,
            start_date=start,
        )
        new_users.append(candidate.user_id)  # type: ignore[arg-type]
    # One hash for all: hashing eighty passwords one by one would make seeding slow.
    User.objects.filter(pk__in=new_users).update(password=make_password(DEMO_PASSWORD))
    _seed_upcoming_interviews(now)


def _seed_upcoming_interviews(now: dt.datetime) -> None:
    """A few interviews in the coming days, so the demo interviewers' calendar feeds hold events (no emails)."""
    open_interviews = (
        Interview.objects.filter(
            candidate__stage=Stage.INTERVIEWS, step__isnull=False, scheduled__isnull=True
        )
        .exclude(scorecard__submitted_at__isnull=False)
        .select_related("candidate", "step")
        .order_by("candidate__requisition_id", "candidate_id", "id")
    )
    seen: set[tuple[int, int]] = set()  # (candidate, step)
    day = 0
    for interview in open_interviews[:40]:
        key = (interview.candidate_id, interview.step_id or 0)
        if key in seen or day >= 6 or interview.step is None:
            continue
        seen.add(key)
        day += 1
        start = (now + dt.timedelta(days=day)).replace(hour=2 + day, minute=0, second=0, microsecond=0)
        scheduled = ScheduledInterview.objects.create(
            candidate=interview.candidate,
            step=interview.step,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            time_zone="UTC",
            location=_("Video call"),
            video_link="https://meet.example.com/rampway-demo",
            organizer=interview.candidate.requisition.recruiter,
        )
        Interview.objects.filter(candidate=interview.candidate, step=interview.step).update(
            scheduled=scheduled, scheduled_at=start
        )


def _reason(stage: str) -> str:
    # Marked, stored in English, shown in the viewer's language (as rubric criteria are: see rubrics/demo.py).
    reasons: dict[str, str] = {
        Stage.REJECTED: _("Below the bar on discovery and objection handling."),
        Stage.DECLINED: _("Accepted another offer."),
        Stage.WITHDRAWN: _("Withdrew for family reasons."),
    }
    return reasons.get(stage, "")


def _seed_self_identification(candidates: list[Candidate], rng: random.Random) -> None:
    """Answers set so that women's selection rate sits near the four-fifths line (impact ratio ≈ 0.8)."""
    rows: list[SelfIdentification] = []
    decided_hired: list[Candidate] = []
    decided_other: list[Candidate] = []
    others: list[Candidate] = []
    for c in candidates:
        if c._demo_hire:  # type: ignore[attr-defined]
            decided_hired.append(c)
        elif c.stage in (Stage.REJECTED, Stage.DECLINED):
            decided_other.append(c)
        else:
            others.append(c)
    sexes = (
        [(c, "male") for c in decided_hired[:44]]
        + [(c, "female") for c in decided_hired[44:78]]
        + [(c, "undisclosed") for c in decided_hired[78:]]
        # 44/100 men and 34/97 women hired: an impact ratio of about 0.8.
        + list(zip(decided_other, ["male"] * 56 + ["female"] * 63 + ["undisclosed"] * 200, strict=False))
        + [(c, rng.choice(["male", "female", "undisclosed"])) for c in others]
    )
    ethnicities = [e.value for e in SelfIdentification.Ethnicity]
    ages = [a.value for a in SelfIdentification.AgeBand]
    for c, sex in sexes:
        rows.append(
            SelfIdentification(
                candidate=c,
                sex=sex,
                race_ethnicity=rng.choice(ethnicities),
                age_band=rng.choice(ages),
            )
        )
    SelfIdentification.objects.bulk_create(rows)
