"""Demo coaching: two coaches run the 23-day program with six sellers; five improve, one does not. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from accounts.demo import demo_email
from accounts.models import User
from assessments.rubrics.models import Rubric, RubricVersion
from assessments.rubrics.services import rubric_create, rubric_version_create

from .models import (
    CoachingProgram,
    Engagement,
    QualificationApplication,
    QualificationLevel,
)
from .services import (
    engagement_create,
    fieldday_save,
    program_field_23_ensure,
    qualification_apply,
    qualification_decide,
    session_acknowledge,
    session_coach_rate,
    session_create,
    session_self_rate,
)

# coach local part → three sellers (local parts from accounts.demo); the last Shanghai seller does not improve.
ASSIGNMENTS = {
    "coach": ["emma.johnson", "liam.williams", "olivia.brown"],
    "coach.huang": ["zhang.wei", "li.na", "wang.lei"],
}
FLAT_SELLER = "wang.lei"
BASELINE_WEEKS = 4
CUSTOMERS = [
    ("Huaxin Logistics", "enterprise"),
    ("Meridian Foods", "mid_market"),
    ("Bright Dental Group", "small_business"),
    ("Pudong District Office", "public_sector"),
    ("Northwind Components", "mid_market"),
    ("Kestrel Insurance", "enterprise"),
    ("Lotus Retail", "small_business"),
    ("Harbor Health", "enterprise"),
]
# A coach writes notes in their own language, and free text is never translated: the Shanghai team's field days,
# sessions and customers are in Chinese, New York's in English.
CHINESE_COACHES = {"coach.huang"}
CUSTOMERS_ZH = [
    ("华信物流", "enterprise"),
    ("美瑞食品", "mid_market"),
    ("明亮齿科连锁", "small_business"),
    ("浦东新区政务服务中心", "public_sector"),
    ("北辰精密部件", "mid_market"),
    ("凯斯特保险", "enterprise"),
    ("莲花零售", "small_business"),
    ("海港健康", "enterprise"),
]
NOTES = {
    "en": {
        "outcome_won": "Agreed to meet again",
        "outcome_lost": "Interested, no commitment",
        "next_won": "Demo with the team",
        "next_lost": "Send case study",
        "plan": "Three visits, objective per visit agreed",
        "objectives": "Win the next appointment; meet the economic buyer",
        "worked": "Clear opening; good discovery questions; confirmed next step",
        "tighten": "Quantify the pain; let the customer talk more",
        "exercise": "Role-play the price objection",
        "evidence": "Seen on the ride-along",
        "shared": "Good progress on the focus competencies.",
        "action": "Prepare three discovery questions per visit",
        "rationale": "Met every requirement; solid field days.",
    },
    "zh": {
        "outcome_won": "客户同意再次会面",
        "outcome_lost": "客户有兴趣，但未作承诺",
        "next_won": "约客户团队看产品演示",
        "next_lost": "发送同行业成功案例",
        "plan": "拜访三家客户，每次拜访的目标已与教练确认",
        "objectives": "赢得下次预约；见到经济决策者",
        "worked": "开场清晰；需求挖掘问题问得好；下一步已当场确认",
        "tighten": "把痛点量化成金额；让客户多说",
        "exercise": "演练客户嫌价格高时的应对",
        "evidence": "陪访中观察到",
        "shared": "重点能力进步明显，继续保持。",
        "action": "每次拜访前准备三个需求挖掘问题",
        "rationale": "各项要求均已满足；陪访日表现扎实。",
    },
}
ROLE_SETS = [
    ["user"],
    ["user", "technical"],
    ["economic_buyer"],
    ["coach", "user"],
    ["economic_buyer", "technical"],
]

LEVELS = [
    # name, rank, tenure days, visits, mean rating, deals led, max deal size, strategic
    (_("Associate"), 1, 0, 10, None, 0, Decimal("200000"), False),
    (_("Professional"), 2, 180, 60, 3.5, 0, Decimal("1000000"), False),
    (_("Senior"), 3, 730, 200, 4.0, 5, Decimal("5000000"), True),
    (_("Principal"), 4, 1460, 400, 4.5, 15, None, True),
]
RATED_CRITERIA = ["Needs discovery", "Value presentation"]


def _coaching_version() -> RubricVersion:
    from assessments.rubrics.demo import FIELD_COACHING, FIELD_COACHING_CRITERIA

    rubric = Rubric.objects.filter(name=FIELD_COACHING).first() or rubric_create(
        name=FIELD_COACHING, purpose=Rubric.Purpose.COACHING, actor=None
    )
    version = rubric.versions.order_by("-number").first()
    if version is None:
        version = rubric_version_create(
            rubric=rubric, criteria=FIELD_COACHING_CRITERIA, change_note="First version.", actor=None
        )
    return version


def _levels(version: RubricVersion) -> list[QualificationLevel]:
    levels = []
    for name, rank, tenure, visits, rating, deals, max_deal, strategic in LEVELS:
        level, _created = QualificationLevel.objects.get_or_create(
            name=name,
            defaults={
                "rank": rank,
                "min_tenure_days": tenure,
                "min_visits": visits,
                "min_mean_rating": rating,
                "rating_criteria": RATED_CRITERIA if rating else [],
                "min_deals_led": deals,
                "max_deal_size": max_deal,
                "may_lead_strategic": strategic,
                "panel_rubric_version": version,
            },
        )
        levels.append(level)
    return levels


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _seed_engagement(
    *,
    coach: User,
    seller: User,
    program: CoachingProgram,
    version: RubricVersion,
    today: dt.date,
    improves: bool,
) -> Engagement:
    start = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=5)
    criteria = list(version.criteria.all())
    chinese = coach.email.split("@")[0] in CHINESE_COACHES
    notes = NOTES["zh" if chinese else "en"]
    customers = CUSTOMERS_ZH if chinese else CUSTOMERS
    engagement = engagement_create(
        coach=coach,
        seller=seller,
        program=program,
        start_date=start,
        rubric_version=version,
        focus_criteria=criteria[1:3],
        goal_visits_per_week=6,
        goal_hit_rate=0.5,
        goal_effectiveness=4.0,
        actor=coach,
    )
    rng = random.Random(f"{seller.email}")  # noqa: S311 — demo data, deterministic per seller
    days = list(engagement.days.select_related("program_day").order_by("date"))

    def progress(day: dt.date) -> float:
        """0 before the program, rising to 1 by its end — only for sellers who improve."""
        if day < start or not improves:
            return 0.0
        return min(1.0, (day - start).days / max((days[-1].date - start).days, 1))

    # Baseline weeks: two field days a week before the program, so before/after has something to compare.
    field_dates = [
        start - dt.timedelta(weeks=w) + dt.timedelta(days=d)
        for w in range(BASELINE_WEEKS, 0, -1)
        for d in (1, 3)
    ]
    field_dates += [d.date for d in days if d.program_day.is_field_day and d.date <= today]
    owed = 0.5  # an accumulator instead of coin flips, so each seller's hit rate is exactly the intended one
    for date in field_dates:
        p = progress(date)
        during = date >= start and improves
        n_visits = 2 + (1 if rng.random() < 0.3 + 0.5 * p else 0)
        visits = []
        for _visit in range(n_visits):
            name, segment = rng.choice(customers)
            objective = "appointment" if rng.random() < 0.7 else rng.choice(["discovery", "proposal"])
            won = False
            if objective == "appointment":
                owed += (0.35 + 0.4 * p) if during else 0.2
                won = owed >= 1
                owed -= 1 if won else 0
            visits.append(
                {
                    "customer_name": name,
                    "segment": segment,
                    "buying_roles": rng.choice(ROLE_SETS[: 3 + int(2 * p)]),
                    "call_type": rng.choice(["first", "follow_up", "presentation"]),
                    "objective": objective,
                    "outcome": notes["outcome_won"] if won else notes["outcome_lost"],
                    "next_step": notes["next_won"] if won else notes["next_lost"],
                    "appointment_won": "on" if won else "",
                    "duration_minutes": str(_clip(rng.gauss(30 + 15 * p, 5), 10, 90)),
                    "coach_rating": str(_clip(rng.gauss((3.0 + 1.5 * p) if during else 2.3, 0.3), 1, 5)),
                }
            )
        fieldday_save(
            engagement=engagement,
            actor=coach,
            draft_id=uuid.uuid5(uuid.NAMESPACE_URL, f"rampway-demo/{seller.email}/{date}"),
            data={
                "date": date.isoformat(),
                "plan": notes["plan"],
                "objectives": notes["objectives"],
                "review_worked": notes["worked"],
                "review_tighten": notes["tighten"],
                "review_exercise": notes["exercise"],
                "visits": visits,
            },
        )
    planned = [d for d in days if d.program_day.session_planned and d.date <= today]
    for index, day in enumerate(planned):
        p = progress(day.date)
        session = session_create(engagement=engagement, held_on=day.date, actor=coach)
        self_ratings = {c.pk: (_clip(3.2 + rng.gauss(0, 0.5), 1, 5), "") for c in criteria}
        session_self_rate(session=session, seller=seller, ratings=self_ratings)
        coach_ratings = {
            c.pk: (_clip(2.3 + 1.8 * p + rng.gauss(0, 0.4), 1, 5), notes["evidence"]) for c in criteria
        }
        session_coach_rate(
            session=session,
            coach=coach,
            ratings=coach_ratings,
            shared_notes=notes["shared"],
            actions=[(notes["action"], day.date + dt.timedelta(days=3), seller)],
            followed_up={},
        )
        # The last session stays unacknowledged, so the seller has something to do.
        if index < len(planned) - 1:
            session.refresh_from_db()
            session_acknowledge(session=session, seller=seller)
    return engagement


@transaction.atomic
def seed_coaching(*, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    program = program_field_23_ensure()
    version = _coaching_version()
    levels = _levels(version)
    for coach_local, sellers in ASSIGNMENTS.items():
        coach = User.objects.filter(email=demo_email(coach_local)).first()
        if coach is None:
            continue
        for local in sellers:
            seller = User.objects.filter(email=demo_email(local)).first()
            if (
                seller is None
                or Engagement.objects.filter(coach=coach, seller=seller, program=program).exists()
            ):
                continue
            _seed_engagement(
                coach=coach,
                seller=seller,
                program=program,
                version=version,
                today=today,
                improves=local != FLAT_SELLER,
            )
            associate = levels[0]
            if not QualificationApplication.objects.filter(seller=seller, level=associate).exists():
                application = qualification_apply(seller=seller, level=associate)
                if application.all_met:
                    panel = {c.pk: 4 for c in version.criteria.all()}
                    qualification_decide(
                        application=application,
                        panelist=coach,
                        decision="approve",
                        rationale=NOTES["zh" if coach_local in CHINESE_COACHES else "en"]["rationale"],
                        panel_ratings=panel,
                    )
