"""What the attempt, save and grading services share: the grace period, their refusals and the event log."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import (
    Attempt,
    AttemptEvent,
)

GRACE = timedelta(seconds=60)


class AttemptNotAllowed(ValidationError):
    """Starting an attempt is refused (closed window, no attempts left, cool-down)."""


class AttemptClosed(Exception):
    """The attempt no longer accepts answers (submitted, or past the deadline and the grace)."""


class NavigationRefused(Exception):
    """Sequential navigation: the learner has moved past this question and cannot answer it any more."""

    def __init__(self, message: str, furthest: int) -> None:
        super().__init__(message)
        self.furthest = furthest


def _log(attempt: Attempt, kind: str, now: datetime, ip: str | None, user_agent: str, **detail: Any) -> None:
    AttemptEvent.objects.create(
        attempt=attempt, kind=kind, at=now, ip=ip or None, user_agent=(user_agent or "")[:300], detail=detail
    )


_OPEN_STATES = (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE)


def _navigation_refused(furthest: int) -> NavigationRefused:
    return NavigationRefused(
        _("This exam goes forward only: you are on question %(current)s and cannot change earlier answers.")
        % {"current": furthest},
        furthest,
    )
