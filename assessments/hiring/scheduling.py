"""Interview scheduling: a plan step's interview at a time and place, its conflicts, and its calendar invitations.

Every change goes out as an iCalendar invitation with the interview's one UID: a reschedule carries a higher
SEQUENCE (calendar clients replace the event they hold only when it grows), a cancellation METHOD:CANCEL.
Emails and in-app notifications leave after commit through core (email_enqueue, notify), so a refused or
rolled-back change never invites anyone.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.calendar import CalendarEvent, invitation_ics
from core.notifications import in_language_of, notify
from core.outbox import EmailAttachment, email_enqueue

from .models import OPEN_STAGES, Candidate, Interview, InterviewPlanStep, ScheduledInterview, Stage
from .services import _stage_change, interview_assign

INTERVIEW_SCHEDULED = "hiring.interview_scheduled"
LONGEST_INTERVIEW = dt.timedelta(hours=12)


@functools.cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True)
class Conflict:
    interviewer: User
    other: ScheduledInterview


class SchedulingConflict(Exception):
    """The interviewers are booked in other Rampway interviews at that time; nothing was saved."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(f"{len(conflicts)} conflicting interviews")
        self.conflicts = conflicts


@dataclass(frozen=True)
class ScheduleResult:
    scheduled: ScheduledInterview
    changed: bool
    created: bool


def scheduled_interviews_active() -> QuerySet[ScheduledInterview]:
    return ScheduledInterview.objects.filter(cancelled_at__isnull=True)


def scheduling_conflicts(
    *,
    interviewers: Iterable[User],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    exclude: ScheduledInterview | None = None,
) -> list[Conflict]:
    """Each interviewer's other live Rampway interviews overlapping [starts_at, ends_at) (touching ends do not)."""
    people = {user.pk: user for user in interviewers}
    overlapping = (
        Interview.objects.filter(
            interviewer_id__in=list(people),
            scheduled__cancelled_at__isnull=True,
            scheduled__starts_at__lt=ends_at,
            scheduled__ends_at__gt=starts_at,
        )
        .select_related("scheduled__candidate", "scheduled__step")
        .order_by("scheduled__starts_at", "interviewer_id")
    )
    if exclude is not None and exclude.pk:
        overlapping = overlapping.exclude(scheduled=exclude)
    return [Conflict(people[i.interviewer_id], i.scheduled) for i in overlapping if i.scheduled]


def _validate(
    *,
    candidate: Candidate,
    step: InterviewPlanStep,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    time_zone: str,
    location: str,
    video_link: str,
    interviewers: Sequence[User],
    now: dt.datetime,
) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if step.requisition_id != candidate.requisition_id:
        add("__all__", _("This step is not in the candidate's interview plan."))
    if candidate.stage not in OPEN_STAGES or candidate.anonymised_at is not None:
        add("__all__", _("The candidate's application is closed; interviews can no longer be scheduled."))
    if starts_at is None:
        add("starts_at", _("Give the start date and time."))
    elif starts_at <= now:
        add("starts_at", _("The start must be in the future."))
    if ends_at is None:
        add("ends_at", _("Give the end date and time."))
    if starts_at is not None and ends_at is not None:
        if ends_at <= starts_at:
            add("ends_at", _("The interview must end after it starts."))
        elif ends_at - starts_at > LONGEST_INTERVIEW:
            add("ends_at", _("An interview lasts at most 12 hours."))
    if time_zone not in time_zones():
        add("time_zone", _("Choose a time zone from the list."))
    if not location.strip() and not video_link.strip():
        add("location", _("Give a location or a video link."))
    if not interviewers:
        add("interviewers", _("Choose at least one interviewer."))
    allowed = set(step.interviewers.values_list("pk", flat=True))
    # One interview per interviewer and candidate: someone on another step's panel cannot join this one.
    elsewhere = {
        i.interviewer_id: i
        for i in Interview.objects.filter(candidate=candidate, step__isnull=False)
        .exclude(step=step)
        .select_related("step")
    }
    for person in interviewers:
        if person.pk not in allowed:
            add(
                "interviewers",
                _("%(name)s is not an interviewer of “%(step)s” in the interview plan.")
                % {"name": person.display_name, "step": step.name},
            )
        elif person.pk in elsewhere:
            other = elsewhere[person.pk].step
            add(
                "interviewers",
                _("%(name)s already interviews this candidate in “%(step)s”.")
                % {"name": person.display_name, "step": other.name if other else "—"},
            )
    if errors:
        raise ValidationError(errors)


def _snapshot(scheduled: ScheduledInterview, interviewer_ids: Iterable[int]) -> dict[str, object]:
    return {
        "starts_at": scheduled.starts_at.astimezone(dt.UTC).isoformat(),
        "ends_at": scheduled.ends_at.astimezone(dt.UTC).isoformat(),
        "time_zone": scheduled.time_zone,
        "location": scheduled.location,
        "video_link": scheduled.video_link,
        "interviewers": sorted(interviewer_ids),
    }


@transaction.atomic
def interview_schedule(
    *,
    candidate: Candidate,
    step: InterviewPlanStep,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    time_zone: str,
    location: str,
    video_link: str,
    interviewers: Sequence[User],
    actor: User,
    allow_conflicts: bool = False,
    now: dt.datetime | None = None,
) -> ScheduleResult:
    """Schedule the step's interview with this candidate, or reschedule it if it is scheduled already.

    Overlaps with the interviewers' other interviews raise SchedulingConflict unless `allow_conflicts`: the
    recruiter sees them first and may book anyway (Rampway knows only its own interviews, and a panel member
    who agreed to move another interview is a normal case), but never by accident.
    """
    now = now or timezone.now()
    _validate(
        candidate=candidate,
        step=step,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        location=location,
        video_link=video_link,
        interviewers=interviewers,
        now=now,
    )
    assert starts_at is not None and ends_at is not None  # noqa: S101 — checked by _validate
    scheduled = (
        scheduled_interviews_active().select_for_update().filter(candidate=candidate, step=step).first()
    )
    if not allow_conflicts:
        conflicts = scheduling_conflicts(
            interviewers=interviewers, starts_at=starts_at, ends_at=ends_at, exclude=scheduled
        )
        if conflicts:
            raise SchedulingConflict(conflicts)
    created = scheduled is None
    before_ids: set[int] = set()
    before: dict[str, object] = {}
    if scheduled is None:
        scheduled = ScheduledInterview(candidate=candidate, step=step, organizer=actor)
    else:
        before_ids = set(scheduled.attendances.values_list("interviewer_id", flat=True))
        before = _snapshot(scheduled, before_ids)
    scheduled.starts_at, scheduled.ends_at, scheduled.time_zone = starts_at, ends_at, time_zone
    scheduled.location, scheduled.video_link = location.strip(), video_link.strip()
    wanted = {person.pk: person for person in interviewers}
    after = _snapshot(scheduled, wanted)
    if not created and before == after:
        return ScheduleResult(scheduled, changed=False, created=False)
    if not created:
        scheduled.sequence += 1
    scheduled.save()
    for person in interviewers:
        interview = interview_assign(candidate=candidate, interviewer=person, step=step, actor=actor)
        interview.step, interview.scheduled, interview.scheduled_at = step, scheduled, starts_at
        interview.save(update_fields=["step", "scheduled", "scheduled_at"])
    removed = list(
        Interview.objects.filter(scheduled=scheduled)
        .exclude(interviewer_id__in=list(wanted))
        .select_related("interviewer")
    )
    Interview.objects.filter(pk__in=[i.pk for i in removed]).update(scheduled=None, scheduled_at=None)
    audit_record(
        actor=actor,
        verb="interview.schedule" if created else "interview.reschedule",
        obj=scheduled,
        before=before or None,
        after=after,
    )
    _invite(scheduled=scheduled, interviewers=list(interviewers), cancel=False, now=now)
    if removed:
        _invite(
            scheduled=scheduled,
            interviewers=[i.interviewer for i in removed],
            cancel=True,
            now=now,
            candidate_too=False,
        )
    if candidate.stage in (Stage.APPLIED, Stage.SCREEN):
        _stage_change(candidate=candidate, to=Stage.INTERVIEWS, reason="", actor=actor)
    return ScheduleResult(scheduled, changed=True, created=created)


@transaction.atomic
def interview_schedule_cancel(
    *, scheduled: ScheduledInterview, actor: User, now: dt.datetime | None = None
) -> ScheduledInterview:
    """Cancel the interview: every invitee gets METHOD:CANCEL; the interviewers keep their (unscheduled) interview."""
    now = now or timezone.now()
    scheduled = ScheduledInterview.objects.select_for_update().get(pk=scheduled.pk)
    if scheduled.cancelled_at is not None:
        raise ValidationError(_("This interview is already cancelled."))
    interviewers = [i.interviewer for i in scheduled.attendances.select_related("interviewer")]
    scheduled.sequence += 1
    scheduled.cancelled_at = now
    scheduled.save(update_fields=["sequence", "cancelled_at"])
    scheduled.attendances.update(scheduled=None, scheduled_at=None)
    audit_record(
        actor=actor,
        verb="interview.cancel",
        obj=scheduled,
        before=_snapshot(scheduled, [u.pk for u in interviewers]),
    )
    _invite(scheduled=scheduled, interviewers=interviewers, cancel=True, now=now)
    return scheduled


def interview_event(scheduled: ScheduledInterview, *, for_candidate: bool = False) -> CalendarEvent:
    """The calendar event; build it inside the reader's language. The candidate's carries no link of ours."""
    candidate, step = scheduled.candidate, scheduled.step
    if for_candidate:
        summary = _("Interview: %(role)s") % {"role": candidate.requisition.title}
    else:
        summary = _("Interview: %(candidate)s · %(step)s") % {
            "candidate": candidate.name,
            "step": _(step.name),
        }
    lines = [_(step.name), scheduled.when]
    if scheduled.location:
        lines.append(_("Location: %(where)s") % {"where": scheduled.location})
    if scheduled.video_link:
        lines.append(_("Video link: %(url)s") % {"url": scheduled.video_link})
    return CalendarEvent(
        uid=scheduled.uid,
        summary=summary,
        start=scheduled.starts_at,
        end=scheduled.ends_at,
        description="\n".join(lines),
        link="" if for_candidate else reverse("hiring:scorecard", args=[candidate.pk]),
        location=scheduled.location or scheduled.video_link,
    )


def _invite(
    *,
    scheduled: ScheduledInterview,
    interviewers: list[User],
    cancel: bool,
    now: dt.datetime,
    candidate_too: bool = True,
) -> None:
    """Email the .ics (REQUEST or CANCEL) to these interviewers and the candidate; tell the interviewers in-app."""
    organizer = scheduled.organizer.email if scheduled.organizer else settings.DEFAULT_FROM_EMAIL
    candidate = scheduled.candidate
    attendees = [u.email for u in interviewers if u.email]
    if candidate.email and candidate_too:
        attendees.append(candidate.email)
    method = "CANCEL" if cancel else "REQUEST"
    key = f"hiring:scheduled-interview:{scheduled.pk}:{scheduled.sequence}"
    link = reverse("hiring:scorecard", args=[candidate.pk])
    for person in interviewers:
        with in_language_of(person):
            event = interview_event(scheduled)
            if cancel:
                title = _("Interview cancelled: %(candidate)s") % {"candidate": candidate.name}
            elif scheduled.sequence == 0:
                title = _("Interview scheduled: %(candidate)s") % {"candidate": candidate.name}
            else:
                title = _("Interview rescheduled: %(candidate)s") % {"candidate": candidate.name}
            body = event.description
        _send_invitation(
            to=person.email,
            subject=title,
            body=body,
            event=event,
            organizer=organizer,
            attendees=attendees,
            sequence=scheduled.sequence,
            cancel=cancel,
            now=now,
            dedupe_key=f"{key}:{method}:{person.pk}",
        )
        notify(
            recipient=person,
            kind=INTERVIEW_SCHEDULED,
            event_key=f"{key}:{person.pk}",
            title=title,
            body=body,
            link=link,
        )
    if candidate.email and candidate_too:
        with translation.override(settings.LANGUAGE_CODE):
            event = interview_event(scheduled, for_candidate=True)
            role = candidate.requisition.title
            if cancel:
                subject = _("Your interview for %(role)s is cancelled") % {"role": role}
            else:
                subject = _("Your interview for %(role)s") % {"role": role}
        _send_invitation(
            to=candidate.email,
            subject=subject,
            body=event.description,
            event=event,
            organizer=organizer,
            attendees=attendees,
            sequence=scheduled.sequence,
            cancel=cancel,
            now=now,
            dedupe_key=f"{key}:{method}:candidate",
        )


def _send_invitation(
    *,
    to: str,
    subject: str,
    body: str,
    event: CalendarEvent,
    organizer: str,
    attendees: list[str],
    sequence: int,
    cancel: bool,
    now: dt.datetime,
    dedupe_key: str,
) -> None:
    if not to:
        return
    ics = invitation_ics(
        event=event,
        organizer_email=organizer,
        attendee_emails=attendees,
        sequence=sequence,
        cancel=cancel,
        now=now,
    )
    method = "CANCEL" if cancel else "REQUEST"
    email_enqueue(
        to=[to],
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        attachments=[EmailAttachment("interview.ics", ics.decode(), f"text/calendar; method={method}")],
    )


def interview_calendar_events(user: User, now: dt.datetime) -> list[CalendarEvent]:
    """core.calendar provider: the person's upcoming (not yet ended, not cancelled) interviews."""
    upcoming = (
        scheduled_interviews_active()
        .filter(Q(attendances__interviewer=user), ends_at__gt=now)
        .select_related("candidate__requisition", "step")
        .distinct()
        .order_by("starts_at", "id")
    )
    with in_language_of(user):
        return [interview_event(s) for s in upcoming]
