"""What the exam views share: role groups, the client's address, and the owner and trainer checks."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.roles import Role

from ..models import Attempt
from ..vocabulary import QuestionType

TRAINER_ROLES = (Role.TRAINER, Role.ADMIN)
MANAGER_ROLES = (Role.COACH, Role.ANALYST, Role.ADMIN)
TEAM_PAGE_SIZE = 50  # people per page of the certification matrix
CHECKABLE_TYPES = (
    QuestionType.MULTICHOICE,
    QuestionType.TRUEFALSE,
    QuestionType.SHORTANSWER,
    QuestionType.NUMERICAL,
    QuestionType.MATCHING,
    QuestionType.ORDERING,
)


def _client(request: HttpRequest) -> dict[str, Any]:
    return {"ip": request.META.get("REMOTE_ADDR"), "user_agent": request.META.get("HTTP_USER_AGENT", "")}


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    # Someone else's attempt is a 404, not a 403: its existence is private too.
    attempt = get_object_or_404(Attempt.objects.select_related("exam", "user"), pk=attempt_id)
    if attempt.user_id != request.user.pk:
        raise Http404
    return attempt
