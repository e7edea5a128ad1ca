"""Scorecards are chased: the interviewer a day after the interview, the recruiter in a daily digest of overdue ones.

Both are notifications with an event key (core.notifications records a key once), so a beat task that runs
twice, or a worker that retries, never reminds anyone twice; a submitted scorecard drops out of both at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from core.notifications import in_language_of, notify

from .models import OPEN_STAGES, Interview

SCORECARD_OVERDUE = "hiring.scorecard_overdue"
SCORECARD_DIGEST = "hiring.scorecard_digest"
OVERDUE_AFTER = dt.timedelta(hours=24)


def scorecard_overdue_key_prefix(interview_id: int) -> str:
    """Every reminder about this interview's scorecard (one per scheduling of it) has an event key with this start."""
    return f"hiring:scorecard-overdue:{interview_id}:"


def scorecards_overdue(*, now: dt.datetime) -> QuerySet[Interview]:
    """Interviews that ended 24 h ago or more whose scorecard is not submitted, for candidates still in play."""
    return (
        Interview.objects.filter(
            scheduled__cancelled_at__isnull=True,
            scheduled__ends_at__lte=now - OVERDUE_AFTER,
            candidate__stage__in=OPEN_STAGES,
            candidate__anonymised_at__isnull=True,
        )
        .exclude(scorecard__submitted_at__isnull=False)
        .select_related("interviewer", "candidate__requisition__recruiter", "step", "scheduled")
        .order_by("scheduled__ends_at", "id")
    )


def scorecard_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each interviewer once per scheduled interview; returns how many reminders were recorded now."""
    now = now or timezone.now()
    sent = 0
    for interview in scorecards_overdue(now=now):
        person, candidate = interview.interviewer, interview.candidate
        with in_language_of(person):
            title = _("Scorecard overdue: %(candidate)s") % {"candidate": candidate.name}
            body = _(
                "Your interview with %(candidate)s (%(step)s) ended on %(when)s; submit your scorecard."
            ) % {
                "candidate": candidate.name,
                "step": _(interview.step.name) if interview.step else "—",
                "when": f"{interview.scheduled.ends_at:%Y-%m-%d %H:%M} UTC",  # type: ignore[union-attr]
            }
        made = notify(
            recipient=person,
            kind=SCORECARD_OVERDUE,
            event_key=f"{scorecard_overdue_key_prefix(interview.pk)}{interview.scheduled_id}",
            title=title,
            body=body,
            link=reverse("hiring:scorecard", args=[candidate.pk]),
        )
        sent += made is not None
    return sent


def scorecard_digests_send(*, now: dt.datetime | None = None) -> int:
    """One digest a day per recruiter listing their requisitions' overdue scorecards; returns how many now."""
    now = now or timezone.now()
    by_recruiter: dict[int, list[Interview]] = defaultdict(list)
    recruiters: dict[int, User] = {}
    for interview in scorecards_overdue(now=now):
        recruiter = interview.candidate.requisition.recruiter
        recruiters[recruiter.pk] = recruiter
        by_recruiter[recruiter.pk].append(interview)
    sent = 0
    for pk, interviews in by_recruiter.items():
        recruiter = recruiters[pk]
        with in_language_of(recruiter):
            title = ngettext("%(n)s scorecard overdue", "%(n)s scorecards overdue", len(interviews)) % {
                "n": len(interviews)
            }
            body = "\n".join(
                _("%(candidate)s — %(interviewer)s (%(step)s), interview ended %(when)s")
                % {
                    "candidate": i.candidate.name,
                    "interviewer": i.interviewer.display_name,
                    "step": _(i.step.name) if i.step else "—",
                    "when": f"{i.scheduled.ends_at:%Y-%m-%d %H:%M} UTC",  # type: ignore[union-attr]
                }
                for i in interviews
            )
        made = notify(
            recipient=recruiter,
            kind=SCORECARD_DIGEST,
            event_key=f"hiring:scorecard-digest:{pk}:{now.date().isoformat()}",
            title=title,
            body=body,
            link=reverse("hiring:home"),
        )
        sent += made is not None
    return sent
