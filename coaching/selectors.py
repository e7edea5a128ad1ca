"""Reads for field coaching: who may see which engagement, rating visibility, measures, qualification checks, passport."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from statistics import fmean
from typing import Any

from django.db import connection
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import may_view_person, sees_organisation, visible_q
from accounts.models import User
from accounts.roles import Role
from accounts.selectors import team_members, user_has_role
from assessments.rubrics.models import Rubric, RubricVersion
from core.dashboard import Card

from .measures import (
    MEASURES,
    BeforeAfter,
    ProvidedMeasure,
    VisitFact,
    WeekMeasure,
    before_after,
    before_after_provided,
    provided_measures,
    week_start,
    weekly_measures,
)
from .models import (
    ActionItem,
    CoachingSession,
    Engagement,
    EngagementDay,
    FieldDay,
    LedDeal,
    ProgramDay,
    QualificationGrant,
    QualificationLevel,
    SellerVisitSummary,
    SessionRating,
    Visit,
)
from .visit_summary import COLUMNS, PHASES, SUMS, as_date, monday_sql, phase_sums_sql, weeks_sql

# ---------------------------------------------------------------- access


COACHING_ROLES = (Role.COACH, Role.ADMIN)


def may_coach(user: User) -> bool:
    return user_has_role(user, *COACHING_ROLES)


def sellers_managed_by(user: User) -> QuerySet[User]:
    """The people in the units the user runs (whom they may start coaching), not everyone they may see."""
    return team_members(manager=user)


def coached_sellers_grant(user: User) -> QuerySet[Engagement, Any]:
    """The access policy's coaching grant: the coach of an engagement sees its seller (registered in apps.py)."""
    return Engagement.objects.filter(coach=user).values("seller_id")


# What a page shows of an engagement besides its own fields.
ENGAGEMENT_RELATED = ("coach", "seller", "program", "rubric_version__rubric")


def engagements_by_id(ids: list[int]) -> list[Engagement]:
    """These engagements, in this order, with what a page shows of them (one query)."""
    found = Engagement.objects.select_related(*ENGAGEMENT_RELATED).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def engagements_visible_to(user: User) -> QuerySet[Engagement]:
    """Engagements where the user is the coach or the seller, or whose seller the access policy lets them see."""
    qs = Engagement.objects.select_related(*ENGAGEMENT_RELATED)
    if sees_organisation(user):
        return qs
    # The seller's active flag is read through the join the rows select anyway, and the people the policy shows
    # are uncorrelated subqueries hashed once per query (`visible_q`), so no person is looked up one by one.
    # No DISTINCT: the people are a subquery, so no row repeats (and a large team's pages need no de-dup sort).
    return qs.filter(Q(coach=user) | Q(seller=user) | (Q(seller__is_active=True) & visible_q(user, "seller")))


def engagements_coached_by(user: User) -> QuerySet[Engagement]:
    return engagements_visible_to(user).exclude(seller=user)


def sellers_coachable_by(user: User) -> QuerySet[User]:
    """Whom the user may start an engagement with: their teams' members or sellers they already coach.

    Admins may pick any active person, since they set engagements up on a coach's behalf. This is a write
    rule, narrower than sight: an analyst sees everyone but coaches nobody.
    """
    people = User.objects.filter(is_active=True).exclude(pk=user.pk)
    if not user_has_role(user, Role.ADMIN):
        people = people.filter(
            Q(pk__in=sellers_managed_by(user).values("pk"))
            | Q(pk__in=Engagement.objects.filter(coach=user).values("seller_id"))
        )
    return people.order_by("last_name", "first_name", "email")


def latest_coaching_rubric_version() -> RubricVersion | None:
    """The newest version of any coaching rubric, with its criteria, or None when there is none yet."""
    return (
        RubricVersion.objects.filter(rubric__purpose=Rubric.Purpose.COACHING)
        .select_related("rubric")
        .prefetch_related("criteria")
        .order_by("-created_at", "-number", "-pk")
        .first()
    )


def passport_allowed(*, viewer: User, seller: User) -> bool:
    """Whoever the access policy lets see the seller: themselves, their managers, their coach, admins, analysts."""
    return may_view_person(viewer, seller)


# ---------------------------------------------------------------- sessions


@dataclass
class SessionView:
    session: CoachingSession
    is_seller: bool
    is_coach: bool
    rows: list[
        dict[str, Any]
    ]  # per criterion: criterion, self (rating or None), coach (rating or None, or hidden)
    coach_ratings_visible: bool
    private_notes_visible: bool
    can_self_rate: bool
    can_coach_rate: bool
    can_acknowledge: bool
    self_ratings_visible: bool = False
    revealed: bool = False
    can_close: bool = False  # the coach, after the self-rating deadline, with the seller still silent


def session_for(*, user: User, pk: int) -> CoachingSession | None:
    return (
        CoachingSession.objects.filter(pk=pk, engagement__in=engagements_visible_to(user).values("pk"))
        .select_related("engagement__coach", "engagement__seller", "rubric_version__rubric")
        .prefetch_related("rubric_version__criteria", "ratings", "action_items__owner", "followed_up_items")
        .first()
    )


def session_view(*, session: CoachingSession, user: User, today: dt.date | None = None) -> SessionView:
    """What this user may see of the session: blind both ways until both have rated (or the coach closed it).

    Neither the seller nor the coach sees the other's ratings before submitting their own and before the other
    has submitted too, so neither can anchor on the other; a manager sees them at the same moment.
    """
    engagement = session.engagement
    is_seller = user.pk == engagement.seller_id
    is_coach = user.pk == engagement.coach_id
    seller_done = session.seller_submitted_at is not None
    coach_done = session.coach_submitted_at is not None
    revealed = session.ratings_revealed
    coach_visible = coach_done and (is_coach or revealed)
    self_visible = seller_done and (is_seller or revealed)
    by_key = {(r.criterion_id, r.rater): r for r in session.ratings.all()}
    rows = []
    for c in session.rubric_version.criteria.all():
        own = by_key.get((c.pk, SessionRating.Rater.SELLER))
        coach = by_key.get((c.pk, SessionRating.Rater.COACH))
        rows.append(
            {
                "criterion": c,
                "self": own if self_visible else None,
                "coach": coach if coach_visible else None,
            }
        )
    today = today or timezone.localdate()
    open_for_self = not seller_done and session.closed_at is None
    return SessionView(
        session=session,
        is_seller=is_seller,
        is_coach=is_coach,
        rows=rows,
        coach_ratings_visible=coach_visible,
        private_notes_visible=is_coach,
        can_self_rate=is_seller and open_for_self,
        can_coach_rate=is_coach and not coach_done,
        can_acknowledge=is_seller and coach_done and revealed and session.seller_acknowledged_at is None,
        self_ratings_visible=self_visible,
        revealed=revealed,
        can_close=is_coach and coach_done and open_for_self and today > session.self_rating_deadline,
    )


def open_action_items(*, engagement: Engagement, before: CoachingSession) -> list[ActionItem]:
    """Items from earlier sessions still waiting to be followed up in `before`."""
    return list(
        ActionItem.objects.filter(
            engagement=engagement, followed_up_in__isnull=True, session__held_on__lte=before.held_on
        )
        .exclude(session=before)
        .select_related("owner")
    )


# ---------------------------------------------------------------- engagement page


def engagement_detail(*, user: User, pk: int) -> Engagement | None:
    return (
        engagements_visible_to(user)
        .filter(pk=pk)
        .prefetch_related(
            "focus_criteria",
            Prefetch("days", queryset=EngagementDay.objects.select_related("program_day__phase")),
            Prefetch(
                "field_days",
                queryset=FieldDay.objects.annotate(visit_count=Count("visits")).order_by("-date"),
            ),
            Prefetch("sessions", queryset=CoachingSession.objects.order_by("-held_on", "-id")),
        )
        .first()
    )


# ---------------------------------------------------------------- measures


def visit_facts(seller_ids: list[int]) -> list[VisitFact]:
    """Every visit of these sellers, in one query."""
    rows = Visit.objects.filter(field_day__engagement__seller_id__in=seller_ids).values_list(
        "field_day__engagement__seller_id",
        "field_day__date",
        "objective",
        "appointment_won",
        "duration_minutes",
        "coach_rating",
    )
    return [VisitFact(*row) for row in rows]


def seller_weeks(seller_id: int) -> list[WeekMeasure]:
    return weekly_measures(visit_facts([seller_id]))


# Provided measures (e.g. imported sales numbers) are read from a quarter before the earliest program start,
# so there is a "before" to compare with even though visits are only logged once coaching begins.
PROVIDED_LOOKBACK_WEEKS = 13


def provided_window(
    *, program_starts: list[dt.date], weeks: list[WeekMeasure], today: dt.date
) -> tuple[dt.date, dt.date]:
    earliest = [s - dt.timedelta(weeks=PROVIDED_LOOKBACK_WEEKS) for s in program_starts]
    earliest += [w.week_start for w in weeks]
    latest = [today, *(w.week_start + dt.timedelta(days=6) for w in weeks)]
    return week_start(min(earliest, default=today)), max(latest)


def seller_provided(
    seller_id: int, *, weeks: list[WeekMeasure], program_start: dt.date, today: dt.date
) -> list[ProvidedMeasure]:
    """The registered providers' weekly values for one seller (one query per provider)."""
    start, end = provided_window(program_starts=[program_start], weeks=weeks, today=today)
    return provided_measures([seller_id], start, end)


def engagement_period(engagement: Engagement) -> tuple[dt.date, dt.date]:
    days = sorted(d.date for d in engagement.days.all())
    return (days[0], days[-1]) if days else (engagement.start_date, engagement.start_date)


@dataclass
class TeamMeasures:
    engagements: list[Engagement]
    weeks: list[WeekMeasure]
    comparison: list[Any]
    per_seller: list[dict[str, Any]]
    provided: list[ProvidedMeasure] = field(default_factory=list)
    provided_comparison: list[BeforeAfter] = field(default_factory=list)


@dataclass(frozen=True)
class TeamComparison:
    """The before/after means over every seller in view, and the span the provided measures are read over."""

    comparison: list[BeforeAfter]
    first_start: dt.date | None
    first_week: dt.date | None
    last_week: dt.date | None


def team_comparison(engagements: QuerySet[Engagement]) -> TeamComparison:
    """`before_after` of every visit of the engagements' sellers, computed in the database (one query).

    Each seller's week rows (visits, hit rate, mean length, mean rating — `weekly_measures`) are averaged
    before and from the week of the seller's earliest start among `engagements`; a week without a value for a
    measure does not count, as in `before_after`. The means are sums of weekly values over counts of weeks, so
    the sellers with a summary row anchored at that start add up their rows (`coaching.visit_summary`), and
    only the others are counted from their visits."""
    sellers_sql, sellers_params = (
        engagements.order_by().values("seller_id", "start_date").query.sql_with_params()
    )
    summary = SellerVisitSummary._meta.db_table
    weeks, weeks_params = weeks_sql("live")
    # A seller's row is read when it is anchored at their earliest start in view (`matched` holds every seller
    # in view, with their row's columns or NULLs, which the sums skip); the others are `live`.
    stored_sums = ", ".join(f"sum(stored.{c})" for c in COLUMNS)
    # Only table names, this module's SQL fragments and Django's compiled queryset go into the text; values are
    # bound.
    sql = f"""
        WITH starts AS (
            SELECT v.seller_id, min(v.start_date) AS first_start
            FROM ({sellers_sql}) AS v GROUP BY v.seller_id
        ), matched AS (
            SELECT starts.seller_id AS seller, starts.first_start, m.* FROM starts LEFT JOIN {summary} AS m
                ON m.seller_id = starts.seller_id AND m.anchor = starts.first_start
        ), live AS (
            SELECT matched.seller AS seller_id, {monday_sql("matched.first_start")} AS monday FROM matched
            WHERE matched.seller_id IS NULL
        ), weeks AS ({weeks})
        SELECT {stored_sums}, min(stored.first_week), max(stored.last_week), min(stored.first_start)
        FROM matched AS stored
        UNION ALL
        SELECT {phase_sums_sql("weeks", "live")}, min(weeks.monday), max(weeks.monday), NULL
        FROM weeks JOIN live ON live.seller_id = weeks.seller_id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, (*sellers_params, *weeks_params))
        rows = cursor.fetchall()
    width = len(SUMS)
    totals = {
        phase: {name: sum(float(row[i * width + j] or 0) for row in rows) for j, name in enumerate(SUMS)}
        for i, phase in enumerate(PHASES)
    }

    def mean(phase: str, value: str, weeks: str) -> float | None:
        sums = totals[phase]
        return sums[value] / sums[weeks] if sums[weeks] else None

    pairs = {
        "visits": ("visits", "weeks"),
        "hit_rate": ("hit_sum", "hit_weeks"),
        "avg_duration": ("duration_sum", "duration_weeks"),
        "effectiveness": ("rating_sum", "rating_weeks"),
    }
    comparison = [
        BeforeAfter(
            measure=measure, before=mean("before", *pairs[measure]), during=mean("during", *pairs[measure])
        )
        for measure in MEASURES
    ]
    spans = 2 * width
    present = [day for row in rows for k in (spans, spans + 1) if (day := as_date(row[k])) is not None]
    return TeamComparison(
        comparison=comparison,
        first_start=as_date(next((row[spans + 2] for row in rows if row[spans + 2] is not None), None)),
        first_week=min(present, default=None),
        last_week=max(present, default=None),
    )


def team_measures(
    engagements: QuerySet[Engagement], shown: list[Engagement], *, today: dt.date | None = None
) -> TeamMeasures:
    """The before/after comparison of every engagement's seller, and per seller for the `shown` engagements.

    The team-wide means are computed in the database; only the shown sellers' visits are read (3 queries),
    plus one per registered measure provider (whose rows are those of every seller in view)."""
    today = today or timezone.localdate()
    team = team_comparison(engagements)
    shown_sellers = {e.seller_id for e in shown}
    facts = visit_facts(sorted(shown_sellers))
    weeks = weekly_measures(facts)
    provided: list[ProvidedMeasure] = []
    if team.first_start is not None:
        earliest = [team.first_start - dt.timedelta(weeks=PROVIDED_LOOKBACK_WEEKS)]
        earliest += [team.first_week] if team.first_week else []
        latest = [today] + ([team.last_week + dt.timedelta(days=6)] if team.last_week else [])
        provided = provided_measures(
            engagements.order_by().values("seller_id"), week_start(min(earliest)), max(latest)
        )
    # Each seller's program start: their earliest engagement in view (one query, for the sellers shown and
    # those with provided values).
    wanted = shown_sellers | {p.seller_id for p in provided}
    starts: dict[int, dt.date] = dict(
        engagements.order_by()
        .filter(seller_id__in=sorted(wanted))
        .values("seller_id")
        .annotate(first=Min("start_date"))
        .values_list("seller_id", "first")
    )
    by_seller: dict[int, list[WeekMeasure]] = defaultdict(list)
    for w in weeks:
        by_seller[w.seller_id].append(w)
    provided_by_seller: dict[int, list[ProvidedMeasure]] = defaultdict(list)
    for p in provided:
        provided_by_seller[p.seller_id].append(p)
    per_seller = []
    for e in shown:
        own_start = {e.seller_id: starts[e.seller_id]}
        cmp = {row.measure: row for row in before_after(by_seller[e.seller_id], own_start)}
        provided_cmp = {
            row.measure: row for row in before_after_provided(provided_by_seller[e.seller_id], own_start)
        }
        per_seller.append({"engagement": e, "comparison": cmp, "provided": provided_cmp})
    return TeamMeasures(
        shown,
        weeks,
        team.comparison,
        per_seller,
        provided,
        before_after_provided(provided, starts),
    )


def coach_accountability(
    engagements: QuerySet[Engagement] | list[Engagement], *, today: dt.date, pending_limit: int | None = None
) -> list[dict[str, Any]]:
    """Per coach: their engagements in view, sessions owed by the program plan up to today vs sessions given,
    overdue follow-ups, and the pending items (as `reminders.pending_items` lists them), counted and ranked in
    the database: one statement, then the coaches and the pending rows shown (one query per kind with rows).

    The counts and the ranking are one statement over the engagements in view, so the access policy's filter
    is evaluated once, not once per part (at 100,000 engagements each evaluation costs about 100 ms)."""
    from .reminders import PendingList, pending_kinds, pending_lists, ranked_rows, ranking_sql, scope_sql

    if not isinstance(engagements, QuerySet):
        engagements = Engagement.objects.filter(pk__in=[e.pk for e in engagements])
    scope, scope_params = scope_sql(engagements)
    kinds = pending_kinds(today)
    ranking, ranking_params, ranked_select, ranked_params = ranking_sql(kinds, pending_limit)
    days, programme_days = EngagementDay._meta.db_table, ProgramDay._meta.db_table
    sessions, items = CoachingSession._meta.db_table, ActionItem._meta.db_table
    # Each row is (what, coach, pending row id, count): a count names its kind with a NULL row id; a ranked
    # pending row carries its kind's number. Only table names and Django's compiled querysets go into the text;
    # values are bound.
    sql = f"""
        WITH {scope}, {ranking}
        SELECT 'coach', scope.coach_id, CAST(NULL AS BIGINT), count(*) FROM scope GROUP BY scope.coach_id
        UNION ALL
        SELECT 'owed', scope.coach_id, NULL, count(*) FROM {days} AS d
            JOIN {programme_days} AS pd ON pd.id = d.program_day_id JOIN scope ON scope.id = d.engagement_id
            WHERE pd.session_planned AND d.date <= %s GROUP BY scope.coach_id
        UNION ALL
        SELECT 'given', scope.coach_id, NULL, count(*) FROM {sessions} AS s JOIN scope ON scope.id = s.engagement_id
            WHERE s.coach_submitted_at IS NOT NULL GROUP BY scope.coach_id
        UNION ALL
        SELECT 'overdue', scope.coach_id, NULL, count(*) FROM {items} AS i JOIN scope ON scope.id = i.engagement_id
            WHERE i.followed_up_in_id IS NULL AND i.due_date < %s GROUP BY scope.coach_id
        UNION ALL
        SELECT CAST(r.kind AS TEXT), r.coach_id, r.id, r.total FROM ({ranked_select}) AS r
    """  # noqa: S608
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    ranked = []
    with connection.cursor() as cursor:
        cursor.execute(sql, (*scope_params, *ranking_params, today, today, *ranked_params))
        for what, coach_id, pk, n in cursor.fetchall():
            if pk is None:
                counts[coach_id][what] = n
            else:
                ranked.append((int(what), pk, coach_id, n))
    coaches = User.objects.filter(pk__in=sorted(counts))
    pending = pending_lists(kinds, ranked_rows(kinds, ranked), pending_limit)
    return [
        {
            "coach": coach,
            "engagements": counts[coach.pk]["coach"],
            "owed": counts[coach.pk].get("owed", 0),
            "given": counts[coach.pk].get("given", 0),
            "overdue": counts[coach.pk].get("overdue", 0),
            "pending": pending.get(coach.pk, PendingList()),
        }
        for coach in sorted(coaches, key=lambda coach: coach.display_name)
    ]


# ---------------------------------------------------------------- qualification


@dataclass(frozen=True)
class RequirementCheck:
    key: str
    label: str
    met: bool
    evidence: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def valid_certified_exam_ids(*, user: User, now: dt.datetime) -> set[int]:
    """Exams the user holds a valid, unexpired, unrevoked certification for (the one place coaching reads exams)."""
    from assessments.exams.models import Certification

    return set(
        Certification.objects.filter(user=user, status=Certification.Status.VALID)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("exam_id", flat=True)
    )


def coach_ratings_of(*, seller: User, criteria_names: list[str]) -> list[int]:
    return list(
        SessionRating.objects.filter(
            session__engagement__seller=seller,
            session__coach_submitted_at__isnull=False,
            rater=SessionRating.Rater.COACH,
            criterion__name__in=criteria_names,
        ).values_list("rating", flat=True)
    )


def qualification_check(
    *, seller: User, level: QualificationLevel, now: dt.datetime
) -> list[RequirementCheck]:
    """Each requirement of the level, met or not, with the evidence that decided it."""
    checks: list[RequirementCheck] = []
    required = list(level.required_exams.all())
    if required:
        held = valid_certified_exam_ids(user=seller, now=now)
        missing = [str(e) for e in required if e.pk not in held]
        checks.append(
            RequirementCheck(
                "certifications",
                _("Certifications held (valid, not expired)"),
                not missing,
                _("Missing or expired: %(names)s") % {"names": ", ".join(missing)}
                if missing
                else _("All %(n)s held and valid") % {"n": len(required)},
            )
        )
    if level.min_tenure_days:
        start = seller.start_date or seller.date_joined.date()
        tenure = (now.date() - start).days
        checks.append(
            RequirementCheck(
                "tenure",
                ngettext(
                    "Minimum tenure: %(days)s day", "Minimum tenure: %(days)s days", level.min_tenure_days
                )
                % {"days": level.min_tenure_days},
                tenure >= level.min_tenure_days,
                ngettext("%(days)s day since %(start)s", "%(days)s days since %(start)s", tenure)
                % {"days": tenure, "start": start.isoformat()},
            )
        )
    if level.min_mean_rating is not None and level.rating_criteria:
        ratings = coach_ratings_of(seller=seller, criteria_names=list(level.rating_criteria))
        mean = fmean(ratings) if ratings else None
        checks.append(
            RequirementCheck(
                "rating",
                _("Mean coaching rating of at least %(min)s on %(criteria)s")
                % {"min": level.min_mean_rating, "criteria": ", ".join(level.rating_criteria)},
                mean is not None and mean >= level.min_mean_rating,
                _("Mean %(mean).2f over %(n)s coach ratings") % {"mean": mean, "n": len(ratings)}
                if mean is not None
                else _("No coach ratings yet"),
            )
        )
    if level.min_visits:
        visits = Visit.objects.filter(field_day__engagement__seller=seller).count()
        checks.append(
            RequirementCheck(
                "visits",
                ngettext("At least %(n)s visit logged", "At least %(n)s visits logged", level.min_visits)
                % {"n": level.min_visits},
                visits >= level.min_visits,
                ngettext("%(n)s visit logged", "%(n)s visits logged", visits) % {"n": visits},
            )
        )
    if level.min_deals_led:
        deals = LedDeal.objects.filter(seller=seller).count()
        checks.append(
            RequirementCheck(
                "deals",
                ngettext("At least %(n)s deal led", "At least %(n)s deals led", level.min_deals_led)
                % {"n": level.min_deals_led},
                deals >= level.min_deals_led,
                ngettext("%(n)s deal led on record", "%(n)s deals led on record", deals) % {"n": deals},
            )
        )
    return checks


def current_grant(*, user: User, now: dt.datetime) -> QualificationGrant | None:
    """The highest level granted to the user that has not expired, been revoked or been suspended."""
    return (
        QualificationGrant.objects.filter(
            seller=user, revoked_at__isnull=True, suspended_at__isnull=True, expires_at__gt=now
        )
        .select_related("level")
        .order_by("-level__rank")
        .first()
    )


def suspended_grants(*, user: User, now: dt.datetime) -> list[QualificationGrant]:
    """Grants on hold because a requirement lapsed; they come back by themselves once it is met again."""
    return list(
        QualificationGrant.objects.filter(
            seller=user, revoked_at__isnull=True, suspended_at__isnull=False, expires_at__gt=now
        )
        .select_related("level")
        .order_by("-level__rank")
    )


def current_level(*, user: User, now: dt.datetime) -> QualificationLevel | None:
    grant = current_grant(user=user, now=now)
    return grant.level if grant else None


# ---------------------------------------------------------------- passport


def passport(*, seller: User, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything on one seller's passport, in a fixed number of queries whatever its size."""
    from courses.models import LessonProgress

    now = now or timezone.now()
    lessons = list(
        LessonProgress.objects.filter(user=seller, completed_at__isnull=False)
        .select_related("lesson")
        .order_by("-completed_at")
        .values_list("lesson__title", "completed_at")
    )
    certifications = _certifications(seller, now)
    sessions = list(
        CoachingSession.objects.filter(engagement__seller=seller, coach_submitted_at__isnull=False)
        .select_related("engagement__coach")
        .prefetch_related(
            Prefetch("ratings", queryset=SessionRating.objects.filter(rater=SessionRating.Rater.COACH))
        )
        .order_by("held_on", "id")
    )
    session_rows = []
    for s in sessions:
        ratings = [r.rating for r in s.ratings.all()]
        session_rows.append({"session": s, "mean": fmean(ratings) if ratings else None})
    visit_rows = list(
        Visit.objects.filter(field_day__engagement__seller=seller).values_list(
            "segment", "buying_roles", "appointment_won"
        )
    )
    segments = Counter(seg for seg, _roles, _won in visit_rows)
    roles: Counter[str] = Counter()
    for _seg, visit_roles, _won in visit_rows:
        roles.update(visit_roles or [])
    grant = current_grant(user=seller, now=now)
    return {
        "seller": seller,
        "lessons": [{"title": t, "completed_at": at} for t, at in lessons],
        "certifications": certifications,
        "sessions": session_rows,
        "visit_count": len(visit_rows),
        "appointments_won": sum(1 for *_x, won in visit_rows if won),
        "segments": segments,
        "roles": roles,
        "grant": grant,
    }


def _certifications(seller: User, now: dt.datetime) -> list[dict[str, Any]]:
    from assessments.exams.selectors import certification_state, certifications_of

    labels = {
        "valid": _("valid"),
        "expiring": _("expiring soon"),
        "expired": _("expired"),
        "revoked": _("revoked"),
        "recert_due": _("recertification due"),
    }
    rows = []
    for c in certifications_of(seller):
        state = certification_state(c, now)
        rows.append({"certification": c, "state": state, "state_label": labels.get(state, state)})
    return rows


def passport_export(*, seller: User, now: dt.datetime | None = None) -> dict[str, Any]:
    """The passport as plain JSON-ready data (for the JSON and PDF exports)."""
    data = passport(seller=seller, now=now)
    grant = data["grant"]
    return {
        "seller": {"id": seller.pk, "name": seller.display_name, "email": seller.email},
        "qualification_level": None
        if grant is None
        else {"name": grant.level.name, "expires_at": grant.expires_at.isoformat()},
        "lessons_completed": [
            {"title": row["title"], "completed_at": row["completed_at"].isoformat()}
            for row in data["lessons"]
        ],
        "certifications": [
            {
                "exam": str(row["certification"].exam),
                "state": row["state"],
                "issued_at": row["certification"].issued_at.isoformat(),
                "expires_at": row["certification"].expires_at.isoformat()
                if row["certification"].expires_at
                else None,
            }
            for row in data["certifications"]
        ],
        "coaching_sessions": [
            {
                "held_on": row["session"].held_on.isoformat(),
                "coach": row["session"].engagement.coach.display_name,
                "mean_rating": None if row["mean"] is None else round(row["mean"], 2),
            }
            for row in data["sessions"]
        ],
        "visits": {
            "count": data["visit_count"],
            "appointments_won": data["appointments_won"],
            "segments": dict(data["segments"]),
            "buying_roles_met": dict(data["roles"]),
        },
    }


def sessions_awaiting_self_rating(user: User) -> list[CoachingSession]:
    return list(
        CoachingSession.objects.filter(
            engagement__seller=user, seller_submitted_at__isnull=True, closed_at__isnull=True
        )
        .select_related("engagement__coach")
        .order_by("held_on")
    )


def applications_visible_to(user: User) -> QuerySet[Any]:
    """Applicants see their own; the panel (coaches, admins) sees everyone's."""
    from .models import QualificationApplication

    qs = QualificationApplication.objects.select_related(
        "seller", "level__panel_rubric_version", "decided_by"
    )
    if user_has_role(user, Role.COACH, Role.ADMIN):
        return qs
    return qs.filter(seller=user)


def coaching_dashboard_card(user: User) -> Card:
    """The coach's dashboard card: sellers in a program and sessions still to rate (two queries)."""
    from django.urls import reverse

    sellers = Engagement.objects.filter(coach=user).values("seller").distinct().count()
    to_rate = CoachingSession.objects.filter(engagement__coach=user, coach_submitted_at__isnull=True).count()
    if not sellers:
        return Card(title=_("Coaching"), empty=_("No coaching engagements yet."))
    return Card(
        title=_("Coaching"),
        value=sellers,
        caption=_("sellers in a program")
        + " · "
        + ngettext("%(n)s session to rate", "%(n)s sessions to rate", to_rate) % {"n": to_rate},
        link=reverse("coaching:home"),
        link_label=_("Open coaching"),
    )


def field_day_for(*, user: User, pk: int) -> FieldDay | None:
    """One logged field day with its visits, if its engagement is visible to the user (2 queries)."""
    return (
        FieldDay.objects.filter(pk=pk, engagement__in=engagements_visible_to(user))
        .select_related("engagement__seller", "engagement__coach")
        .prefetch_related(Prefetch("visits", queryset=Visit.objects.order_by("position", "id")))
        .first()
    )
