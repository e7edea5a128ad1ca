"""Writes for field coaching: programs, engagements, field days, sessions, qualification levels — audited where scored."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from assessments.rubrics.models import Criterion, Rubric, RubricVersion
from assessments.rubrics.services import rubric_version_mark_used
from core.webhooks import webhook_emit

from .calendar_events import fieldday_invitation_send
from .models import (
    SELF_RATING_DAYS,
    ActionItem,
    BuyingRole,
    CoachingProgram,
    CoachingSession,
    Engagement,
    EngagementDay,
    FieldDay,
    ProgramDay,
    ProgramPhase,
    QualificationApplication,
    QualificationGrant,
    QualificationLevel,
    Segment,
    SessionRating,
    Visit,
)
from .notices import SELF_RATING, coaching_notify
from .program import FIELD_23_DESCRIPTION, FIELD_23_NAME, FIELD_23_PHASES, FIELD_23_SLUG
from .visit_summary import visit_summaries_refresh


@transaction.atomic
def program_field_23_ensure() -> CoachingProgram:
    """The 23-day field program template, created once."""
    program, created = CoachingProgram.objects.get_or_create(
        slug=FIELD_23_SLUG, defaults={"name": FIELD_23_NAME, "description": FIELD_23_DESCRIPTION}
    )
    if not created:
        return program
    number = 0
    for position, (phase_name, days) in enumerate(FIELD_23_PHASES, start=1):
        phase = ProgramPhase.objects.create(program=program, position=position, name=phase_name)
        for kind, title, activities, session in days:
            number += 1
            ProgramDay.objects.create(
                phase=phase,
                number=number,
                kind=kind,
                title=title,
                planned_activities=activities,
                session_planned=session,
            )
    return program


def working_days(start: dt.date, count: int) -> list[dt.date]:
    """`count` working days (Monday–Friday) from `start` on; a weekend start moves to Monday."""
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@transaction.atomic
def engagement_create(
    *,
    coach: User,
    seller: User,
    program: CoachingProgram,
    start_date: dt.date,
    rubric_version: RubricVersion,
    focus_criteria: Sequence[Criterion],
    goal_visits_per_week: int | None = None,
    goal_hit_rate: float | None = None,
    goal_effectiveness: float | None = None,
    actor: User | None,
) -> Engagement:
    """An engagement with its calendar of days generated from the program template."""
    if coach.pk == seller.pk:
        raise ValidationError({"seller": _("A coach cannot coach themselves.")})
    if rubric_version.rubric.purpose != Rubric.Purpose.COACHING:
        raise ValidationError({"rubric_version": _("Choose a version of a coaching rubric.")})
    if not 1 <= len(focus_criteria) <= 3:
        raise ValidationError({"focus_criteria": _("Choose one to three focus competencies.")})
    if any(c.version_id != rubric_version.pk for c in focus_criteria):
        raise ValidationError(
            {"focus_criteria": _("Focus competencies must come from the chosen rubric version.")}
        )
    if goal_hit_rate is not None and not 0 <= goal_hit_rate <= 1:
        raise ValidationError({"goal_hit_rate": _("A hit rate is between 0 and 1.")})
    engagement = Engagement.objects.create(
        coach=coach,
        seller=seller,
        program=program,
        start_date=start_date,
        rubric_version=rubric_version,
        goal_visits_per_week=goal_visits_per_week,
        goal_hit_rate=goal_hit_rate,
        goal_effectiveness=goal_effectiveness,
    )
    engagement.focus_criteria.set(focus_criteria)
    template = list(ProgramDay.objects.filter(phase__program=program).order_by("number"))
    dates = working_days(start_date, len(template))
    EngagementDay.objects.bulk_create(
        [
            EngagementDay(engagement=engagement, program_day=d, date=date)
            for d, date in zip(template, dates, strict=True)
        ]
    )
    audit_record(
        actor=actor,
        verb="coaching.engagement_create",
        obj=engagement,
        after={"coach": coach.pk, "seller": seller.pk, "start": start_date.isoformat()},
    )
    visit_summaries_refresh([seller.pk])  # an earlier start moves where the seller's before/after splits
    return engagement


# ---------------------------------------------------------------- field days


def _int_or_none(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    return int(raw)


def _clean_visit(n: int, raw: Mapping[str, Any], errors: list[str]) -> dict[str, Any]:
    def fail(field: str, message: str) -> None:
        errors.append(_("Visit %(n)s, %(field)s: %(message)s") % {"n": n, "field": field, "message": message})

    row: dict[str, Any] = {
        "customer_name": str(raw.get("customer_name", "")).strip(),
        "segment": raw.get("segment", ""),
        "contacts": str(raw.get("contacts", "")).strip()[:255],
        "call_type": raw.get("call_type", ""),
        "objective": raw.get("objective", ""),
        "outcome": str(raw.get("outcome", "")).strip(),
        "next_step": str(raw.get("next_step", "")).strip()[:255],
        "appointment_won": str(raw.get("appointment_won", "")).lower() in ("1", "true", "on", "yes"),
    }
    roles = raw.get("buying_roles") or []
    if isinstance(roles, str):
        roles = [roles]
    if any(r not in BuyingRole.values for r in roles):
        fail(_("buying roles"), _("unknown buying role."))
    row["buying_roles"] = [r for r in BuyingRole.values if r in roles]
    if not row["customer_name"]:
        fail(_("customer"), _("a customer name is required."))
    if row["segment"] not in Segment.values:
        fail(_("segment"), _("choose a segment."))
    if row["call_type"] not in Visit.CallType.values:
        fail(_("call type"), _("choose a call type."))
    if row["objective"] not in Visit.Objective.values:
        fail(_("objective"), _("choose an objective."))
    try:
        row["duration_minutes"] = _int_or_none(raw.get("duration_minutes"))
        if row["duration_minutes"] is None or not 1 <= row["duration_minutes"] <= 600:
            fail(_("duration"), _("minutes between 1 and 600."))
    except (TypeError, ValueError):
        fail(_("duration"), _("minutes must be a whole number."))
    try:
        row["coach_rating"] = _int_or_none(raw.get("coach_rating"))
        if row["coach_rating"] is not None and not 1 <= row["coach_rating"] <= 5:
            fail(_("effectiveness"), _("a rating from 1 to 5."))
    except (TypeError, ValueError):
        fail(_("effectiveness"), _("a rating from 1 to 5."))
    return row


@transaction.atomic
def fieldday_save(
    *, engagement: Engagement, actor: User, draft_id: uuid.UUID, data: Mapping[str, Any]
) -> tuple[FieldDay, bool]:
    """Create or update (same draft id → same field day) a field day with its visits; all or nothing.

    `data` holds date, plan, objectives, review_worked, review_tighten, review_exercise and `visits`, a list of
    dicts. A visit without a customer name and without any other text is a blank row and is skipped.
    Returns (field day, created).
    """
    errors: list[str] = []
    try:
        date = dt.date.fromisoformat(str(data.get("date", "")))
    except ValueError:
        errors.append(_("Date: use YYYY-MM-DD."))
        date = timezone.localdate()
    visits = []
    for n, raw in enumerate(data.get("visits") or [], start=1):
        if not any(
            str(raw.get(k, "")).strip() for k in ("customer_name", "outcome", "next_step", "contacts")
        ):
            continue
        visits.append(_clean_visit(n, raw, errors))
    if errors:
        raise ValidationError(errors)
    existing = FieldDay.objects.select_for_update().filter(draft_id=draft_id).first()
    if existing is not None and existing.engagement_id != engagement.pk:
        raise ValidationError(_("This draft belongs to another engagement."))
    fields = {
        "date": date,
        "plan": str(data.get("plan", "")).strip(),
        "objectives": str(data.get("objectives", "")).strip(),
        "review_worked": str(data.get("review_worked", "")).strip(),
        "review_tighten": str(data.get("review_tighten", "")).strip(),
        "review_exercise": str(data.get("review_exercise", "")).strip(),
    }
    if existing is not None and existing.cancelled_at is not None:
        raise ValidationError(_("This field day was cancelled."))
    if existing is None:
        field_day = FieldDay.objects.create(
            engagement=engagement, draft_id=draft_id, recorded_by=actor, **fields
        )
        invite = date >= timezone.localdate()
    else:
        field_day = existing
        rescheduled = existing.date != date
        for key, value in fields.items():
            setattr(field_day, key, value)
        if rescheduled:
            field_day.invitation_sequence += 1
        field_day.save()
        field_day.visits.all().delete()
        invite = rescheduled and date >= timezone.localdate()
    Visit.objects.bulk_create([Visit(field_day=field_day, position=i, **row) for i, row in enumerate(visits)])
    visit_summaries_refresh([engagement.seller_id])
    if invite:
        fieldday_invitation_send(field_day=field_day)
    return field_day, existing is None


@transaction.atomic
def fieldday_cancel(*, field_day: FieldDay, actor: User, now: dt.datetime | None = None) -> FieldDay:
    """Call off a planned field day: it leaves both calendars and the invitation is withdrawn (METHOD:CANCEL)."""
    now = now or timezone.now()
    field_day = FieldDay.objects.select_for_update().select_related("engagement").get(pk=field_day.pk)
    if actor.pk != field_day.engagement.coach_id:
        raise ValidationError(_("Only the engagement's coach cancels a field day."))
    if field_day.cancelled_at is not None:
        raise ValidationError(_("This field day is already cancelled."))
    if field_day.visits.exists():
        raise ValidationError(
            _("Visits are logged on this field day; it took place and cannot be cancelled.")
        )
    field_day.cancelled_at = now
    field_day.invitation_sequence += 1
    field_day.save(update_fields=["cancelled_at", "invitation_sequence", "updated_at"])
    audit_record(
        actor=actor, verb="coaching.fieldday_cancel", obj=field_day, after={"date": str(field_day.date)}
    )
    fieldday_invitation_send(field_day=field_day, cancel=True)
    return field_day


# ---------------------------------------------------------------- sessions


@transaction.atomic
def session_create(
    *, engagement: Engagement, held_on: dt.date, actor: User, field_day: FieldDay | None = None
) -> CoachingSession:
    if actor.pk != engagement.coach_id:
        raise ValidationError(_("Only the engagement's coach can open a session."))
    session = CoachingSession.objects.create(
        engagement=engagement,
        held_on=held_on,
        field_day=field_day,
        rubric_version=engagement.rubric_version,
        self_rating_due_on=held_on + dt.timedelta(days=SELF_RATING_DAYS),
    )
    audit_record(actor=actor, verb="coaching.session_create", obj=session, after={"held_on": str(held_on)})
    _self_rating_notify(session=session, reminder=False)
    return session


def _self_rating_notify(*, session: CoachingSession, reminder: bool) -> bool:
    """Ask (or remind) the seller to rate themselves, once per session for each, in their language."""
    seller, coach = session.engagement.seller, session.engagement.coach
    context = {
        "session": session,
        "seller": seller,
        "coach": coach,
        "due": session.self_rating_deadline,
        "reminder": reminder,
    }
    return coaching_notify(
        to=seller,
        kind=SELF_RATING,
        template="self_rating",
        context=context,
        event_key=f"coaching.session:{session.pk}:self-rating-{'reminder' if reminder else 'request'}",
        link=reverse("coaching:session", args=[session.pk]),
    )


def session_self_rating_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each seller once, on the due date, of a session they have not self-rated (idempotent)."""
    today = today or timezone.localdate()
    due = CoachingSession.objects.filter(
        seller_submitted_at__isnull=True,
        closed_at__isnull=True,
        self_rating_reminded_at__isnull=True,
        self_rating_due_on__lte=today,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # The conditional update is the claim: two overlapping runs cannot both remind.
            claimed = CoachingSession.objects.filter(pk=pk, self_rating_reminded_at__isnull=True).update(
                self_rating_reminded_at=timezone.now()
            )
            if claimed:
                session = CoachingSession.objects.select_related(
                    "engagement__seller", "engagement__coach"
                ).get(pk=pk)
                sent += _self_rating_notify(session=session, reminder=True)
    return sent


@transaction.atomic
def session_close(
    *, session: CoachingSession, coach: User, now: dt.datetime | None = None
) -> CoachingSession:
    """Close a session the seller did not self-rate by the deadline: the coach's ratings become visible."""
    now = now or timezone.now()
    session = CoachingSession.objects.select_for_update().select_related("engagement").get(pk=session.pk)
    if coach.pk != session.engagement.coach_id:
        raise ValidationError(_("Only the engagement's coach closes this session."))
    if session.coach_submitted_at is None:
        raise ValidationError(_("Submit your own ratings before closing the session."))
    if session.seller_submitted_at is not None or session.closed_at is not None:
        raise ValidationError(_("This session is not waiting for a self-rating."))
    if timezone.localdate(now) <= session.self_rating_deadline:
        raise ValidationError(
            _("The seller has until %(date)s to rate themselves.") % {"date": session.self_rating_deadline}
        )
    session.closed_at = now
    session.closed_by = coach
    session.save(update_fields=["closed_at", "closed_by"])
    audit_record(
        actor=coach,
        verb="coaching.session_close",
        obj=session,
        after={"closed_at": now.isoformat(), "self_rating_due_on": str(session.self_rating_deadline)},
    )
    return session


def _clean_ratings(
    session: CoachingSession, ratings: Mapping[int, tuple[Any, str]]
) -> list[tuple[Criterion, int, str]]:
    criteria = list(session.rubric_version.criteria.all())
    errors: list[str] = []
    cleaned = []
    for c in criteria:
        raw, evidence = ratings.get(c.pk, (None, ""))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors.append(_("%(criterion)s: choose a rating.") % {"criterion": c.name})
            continue
        if not c.scale_min <= value <= c.scale_max:
            errors.append(
                _("%(criterion)s: a rating from %(low)s to %(high)s.")
                % {"criterion": c.name, "low": c.scale_min, "high": c.scale_max}
            )
            continue
        cleaned.append((c, value, (evidence or "").strip()))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _store_ratings(session: CoachingSession, rater: str, cleaned: list[tuple[Criterion, int, str]]) -> None:
    SessionRating.objects.filter(session=session, rater=rater).delete()
    SessionRating.objects.bulk_create(
        [
            SessionRating(session=session, criterion=c, rater=rater, rating=v, evidence=e)
            for c, v, e in cleaned
        ]
    )


@transaction.atomic
def session_self_rate(
    *, session: CoachingSession, seller: User, ratings: Mapping[int, tuple[Any, str]]
) -> CoachingSession:
    """The seller's self-rating; once submitted it cannot change (it is what unlocks the coach's ratings)."""
    session = CoachingSession.objects.select_for_update().select_related("engagement").get(pk=session.pk)
    if seller.pk != session.engagement.seller_id:
        raise ValidationError(_("Only the seller rates themselves."))
    if session.seller_submitted_at is not None:
        raise ValidationError(_("Your self-rating is already submitted."))
    if session.closed_at is not None:
        # The coach's ratings are visible now; a self-rating made after seeing them would be anchored.
        raise ValidationError(_("The coach closed this session after the self-rating deadline."))
    cleaned = _clean_ratings(session, ratings)
    _store_ratings(session, SessionRating.Rater.SELLER, cleaned)
    session.seller_submitted_at = timezone.now()
    session.save(update_fields=["seller_submitted_at"])
    rubric_version_mark_used(version=session.rubric_version, actor=seller)
    audit_record(
        actor=seller,
        verb="coaching.session_self_rate",
        obj=session,
        after={c.name: v for c, v, _e in cleaned},
    )
    return session


@transaction.atomic
def session_coach_rate(
    *,
    session: CoachingSession,
    coach: User,
    ratings: Mapping[int, tuple[Any, str]],
    shared_notes: str = "",
    private_notes: str = "",
    actions: Sequence[tuple[str, dt.date, User]] = (),
    followed_up: Mapping[int, bool] | None = None,
) -> CoachingSession:
    """The coach's ratings, notes and new action items; open items from earlier sessions are followed up here."""
    session = CoachingSession.objects.select_for_update().select_related("engagement").get(pk=session.pk)
    engagement = session.engagement
    if coach.pk != engagement.coach_id:
        raise ValidationError(_("Only the engagement's coach rates this session."))
    if session.coach_submitted_at is not None:
        raise ValidationError(_("This session's ratings are already submitted."))
    cleaned = _clean_ratings(session, ratings)
    before = {
        r.criterion.name: r.rating
        for r in session.ratings.filter(rater=SessionRating.Rater.COACH).select_related("criterion")
    }
    _store_ratings(session, SessionRating.Rater.COACH, cleaned)
    session.shared_notes = shared_notes.strip()
    session.private_notes = private_notes.strip()
    session.coach_submitted_at = timezone.now()
    session.save(update_fields=["shared_notes", "private_notes", "coach_submitted_at"])
    for item in ActionItem.objects.filter(
        engagement=engagement, followed_up_in__isnull=True, session__held_on__lte=session.held_on
    ).exclude(session=session):
        item.followed_up_in = session
        item.done = bool((followed_up or {}).get(item.pk, False))
        item.save(update_fields=["followed_up_in", "done"])
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                engagement=engagement,
                session=session,
                owner=owner,
                description=text.strip()[:255],
                due_date=due,
            )
            for text, due, owner in actions
            if text.strip()
        ]
    )
    rubric_version_mark_used(version=session.rubric_version, actor=coach)
    audit_record(
        actor=coach,
        verb="coaching.session_coach_rate",
        obj=session,
        before=before or None,
        after={c.name: v for c, v, _e in cleaned},
    )
    return session


@transaction.atomic
def session_acknowledge(*, session: CoachingSession, seller: User) -> CoachingSession:
    if seller.pk != session.engagement.seller_id:
        raise ValidationError(_("Only the seller acknowledges the session."))
    if session.coach_submitted_at is None:
        raise ValidationError(_("The coach has not submitted this session yet."))
    if not session.ratings_revealed:
        raise ValidationError(_("Rate yourself first: the coach's ratings appear after your own."))
    if session.seller_acknowledged_at is None:
        session.seller_acknowledged_at = timezone.now()
        session.save(update_fields=["seller_acknowledged_at"])
        audit_record(actor=seller, verb="coaching.session_acknowledge", obj=session)
    return session


# ---------------------------------------------------------------- qualification levels


@transaction.atomic
def qualification_apply(
    *, seller: User, level: QualificationLevel, now: dt.datetime | None = None
) -> QualificationApplication:
    """An application, checked automatically against every requirement of the level."""
    from .selectors import qualification_check

    now = now or timezone.now()
    if QualificationApplication.objects.filter(
        seller=seller, level=level, status=QualificationApplication.Status.IN_REVIEW
    ).exists():
        raise ValidationError(_("An application for this level is already in review."))
    checks = qualification_check(seller=seller, level=level, now=now)
    application = QualificationApplication.objects.create(
        seller=seller, level=level, checks=[c.as_dict() for c in checks], all_met=all(c.met for c in checks)
    )
    audit_record(
        actor=seller,
        verb="coaching.qualification_apply",
        obj=application,
        after={"level": level.name, "all_met": application.all_met},
    )
    return application


@transaction.atomic
def qualification_decide(
    *,
    application: QualificationApplication,
    panelist: User,
    decision: str,
    rationale: str,
    panel_ratings: Mapping[int, int] | None = None,
    now: dt.datetime | None = None,
) -> QualificationApplication:
    """The panel's decision with a rationale; approval grants the level until its expiry."""
    now = now or timezone.now()
    application = (
        QualificationApplication.objects.select_for_update().select_related("level").get(pk=application.pk)
    )
    level = application.level
    if application.status != QualificationApplication.Status.IN_REVIEW:
        raise ValidationError(_("This application is not in review."))
    if panelist.pk == application.seller_id:
        raise ValidationError(_("Nobody reviews their own application."))
    if decision not in QualificationApplication.Decision.values:
        raise ValidationError({"decision": _("Approve or reject.")})
    if not rationale.strip():
        raise ValidationError({"rationale": _("Give the reasons for the decision.")})
    if decision == QualificationApplication.Decision.APPROVE:
        from .selectors import qualification_check

        # Re-checked now: a certification may have expired or been revoked since the application.
        checks = qualification_check(seller=application.seller, level=level, now=now)
        application.checks = [c.as_dict() for c in checks]
        application.all_met = all(c.met for c in checks)
        if not application.all_met:
            raise ValidationError(_("Not every requirement is met; the level cannot be granted."))
    ratings: dict[str, int] = {}
    if level.panel_rubric_version_id:
        version = level.panel_rubric_version
        assert version is not None
        for c in version.criteria.all():
            value = (panel_ratings or {}).get(c.pk)
            if value is None or not c.scale_min <= int(value) <= c.scale_max:
                raise ValidationError(
                    {"panel_ratings": _("%(criterion)s: choose a rating.") % {"criterion": c.name}}
                )
            ratings[str(c.pk)] = int(value)
        rubric_version_mark_used(version=version, actor=panelist)
    before = {"status": application.status}
    application.status = (
        QualificationApplication.Status.APPROVED
        if decision == QualificationApplication.Decision.APPROVE
        else QualificationApplication.Status.REJECTED
    )
    application.panel_ratings = ratings
    application.rationale = rationale.strip()
    application.decided_by = panelist
    application.decided_at = now
    application.save()
    if application.status == QualificationApplication.Status.APPROVED:
        QualificationGrant.objects.filter(application=application).delete()
        QualificationGrant.objects.create(
            seller=application.seller,
            level=level,
            application=application,
            granted_at=now,
            expires_at=now + dt.timedelta(days=level.grant_valid_days),
        )
    audit_record(
        actor=panelist,
        verb="coaching.qualification_decide",
        obj=application,
        before=before,
        after={"status": application.status, "panel_ratings": ratings},
        note=application.rationale,
    )
    if application.status == QualificationApplication.Status.APPROVED:
        webhook_emit(
            event="qualification.granted",
            data={
                "application_id": application.pk,
                "user_id": application.seller_id,
                "email": application.seller.email,
                "level": level.name,
                "granted_at": now,
                "expires_at": now + dt.timedelta(days=level.grant_valid_days),
            },
        )
    return application


@transaction.atomic
def qualification_appeal(
    *, application: QualificationApplication, seller: User, reason: str
) -> QualificationApplication:
    """An appeal reopens a rejected application for a new panel review."""
    application = QualificationApplication.objects.select_for_update().get(pk=application.pk)
    if seller.pk != application.seller_id:
        raise ValidationError(_("Only the applicant can appeal."))
    if application.status != QualificationApplication.Status.REJECTED:
        raise ValidationError(_("Only a rejected application can be appealed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision should be reviewed again.")})
    before = {"status": application.status, "rationale": application.rationale}
    application.status = QualificationApplication.Status.IN_REVIEW
    application.appeal_reason = reason.strip()
    application.save(update_fields=["status", "appeal_reason"])
    audit_record(
        actor=seller,
        verb="coaching.qualification_appeal",
        obj=application,
        before=before,
        after={"status": application.status},
        note=reason,
    )
    return application


class Privilege:
    LEAD_STRATEGIC = "lead_strategic_projects"
    DEAL_SIZE = "deal_size"


def qualification_allows(
    *, user: User, privilege: str, amount: Decimal | int | None = None, now: dt.datetime | None = None
) -> bool:
    """May this seller do this? Judged by their highest level granted, unexpired and not revoked.

    privilege: "lead_strategic_projects", or "deal_size" with `amount` (allowed up to the level's maximum).
    """
    from .selectors import current_level

    if privilege not in (Privilege.LEAD_STRATEGIC, Privilege.DEAL_SIZE):
        raise ValueError(f"unknown privilege {privilege!r}")
    if privilege == Privilege.DEAL_SIZE and amount is None:
        raise ValueError("deal_size needs an amount")
    level = current_level(user=user, now=now or timezone.now())
    if level is None:
        return False
    if privilege == Privilege.LEAD_STRATEGIC:
        return level.may_lead_strategic
    assert amount is not None
    return level.max_deal_size is None or Decimal(amount) <= level.max_deal_size
