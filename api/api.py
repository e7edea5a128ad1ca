"""The versioned integration API (/api/v1/): thin endpoints over the selectors and services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, Throttled
from pydantic import Field

from analytics.services import PerformanceBatchInvalid, performance_records_upsert
from assessments.exams.models import Certification
from assessments.exams.selectors import certification_state
from assessments.hiring.models import Candidate, Scorecard

from . import schemas as s
from . import selectors
from .auth import PerCallerThrottle, Principal, scoped
from .models import Scope

DESCRIPTION = """
Read candidates, scorecards, hires, enrollments and certifications; write performance records.

**Authentication.** Integrations send `Authorization: Bearer <token>`; an admin creates the token
(`manage.py create_api_token --name N --scope S …` or `/api/tokens/`) with the scopes it needs:
`candidates:read`, `scorecards:read`, `performance:write`, `enrollments:read`, `certifications:read`.
A missing, unknown or revoked token gets 401; a token without the endpoint's scope gets 403.
The web front end uses the signed-in session instead (unsafe methods need the CSRF token) and sees
only what its pages show that person.

**Pagination.** Lists take `limit` (1–500, default 100) and `offset` (default 0) and answer
`{"count", "limit", "offset", "next_offset", "items"}`; `next_offset` is null on the last page.
Items are ordered by id, so paging is stable while new rows arrive.

**Incremental sync.** `updated_since` (ISO 8601; without a zone it is read as UTC) keeps the rows
changed at or after that moment.

**Rate limits.** Each token (or person), and each client address, may make a fixed number of calls per
minute; beyond it the answer is 429 with `Retry-After` (seconds). An address that sends too many unknown
tokens gets 429 for every token until the window ends.
"""

api = NinjaAPI(
    title="Rampway API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    throttle=[PerCallerThrottle()],
)

MAX_LIMIT = 500
MAX_ID = 2_147_483_647
ERRORS: dict[int, Any] = {401: s.Error, 403: s.Error, 429: s.Error}

Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class ListParams(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)
    updated_since: dt.datetime | None = Field(
        None, description="Only rows changed at or after this moment (ISO 8601)."
    )

    def since(self) -> dt.datetime | None:
        if self.updated_since is None:
            return None
        value = self.updated_since
        try:
            if timezone.is_naive(value):
                value = timezone.make_aware(value, dt.UTC)
            return value.astimezone(dt.UTC)
        except (OverflowError, ValueError) as exc:
            raise HttpError(422, _("updated_since is out of range.")) from exc


def _page(qs: Any, params: ListParams, render: Any = None) -> dict[str, Any]:
    count = qs.count()
    items = list(qs[params.offset : params.offset + params.limit])
    following = params.offset + len(items)
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "next_offset": following if following < count else None,
        "items": render(items) if render else items,
    }


class PageMeta(Schema):
    count: int
    limit: int
    offset: int
    next_offset: int | None


class CandidatePage(PageMeta):
    items: list[s.CandidateOut]


class HirePage(PageMeta):
    items: list[s.HireOut]


class ScorecardPage(PageMeta):
    items: list[s.ScorecardOut]


class EnrollmentPage(PageMeta):
    items: list[s.EnrollmentOut]


class CertificationPage(PageMeta):
    items: list[s.CertificationOut]


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # Raised from authentication (too many bad tokens), where ninja's own throttle path would not add Retry-After.
    response = api.create_response(request, {"detail": _("Too many requests.")}, status=429)
    if exc.wait is not None:
        response["Retry-After"] = str(max(1, int(exc.wait)))
    return response


@api.exception_handler(PerformanceBatchInvalid)
def _batch_invalid(request: HttpRequest, exc: PerformanceBatchInvalid) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": ngettext(
                "%(count)s row has errors; nothing was saved.",
                "%(count)s rows have errors; nothing was saved.",
                len(exc.errors),
            )
            % {"count": len(exc.errors)},
            "errors": exc.errors,
        },
        status=400,
    )


# --- renderers ------------------------------------------------------------------------------------


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "email": user.email, "name": user.display_name}


def _candidate(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "email": c.email,
        "phone": c.phone,
        "source": c.source,
        "stage": c.stage,
        "requisition": {"id": c.requisition_id, "name": c.requisition.title},
        "learner_id": c.user_id,
        "applied_at": c.created_at,
        "stage_changed_at": c.stage_changed_at,
        "anonymised_at": c.anonymised_at,
    }


def _candidates(items: list[Candidate]) -> list[dict[str, Any]]:
    return [_candidate(c) for c in items]


def _hires(items: list[Candidate]) -> list[dict[str, Any]]:
    return [
        {
            "candidate_id": c.pk,
            "name": c.name,
            "requisition": {"id": c.requisition_id, "name": c.requisition.title},
            "hired_at": c.stage_changed_at,
            "learner": _person(c.user) if c.user is not None else None,
        }
        for c in items
    ]


def _scorecards(items: list[Scorecard]) -> list[dict[str, Any]]:
    return [
        {
            "id": card.pk,
            "candidate_id": card.candidate_id,
            "interviewer": {"id": card.interviewer_id, "name": card.interviewer.display_name},
            "recommendation": card.recommendation,
            "summary": card.summary,
            "submitted_at": card.submitted_at,
            "updated_at": card.updated_at,
            "ratings": [
                {
                    "criterion_id": r.criterion_id,
                    "criterion": r.criterion.name,
                    "value": r.value,
                    "evidence": r.evidence,
                }
                for r in card.ratings.all()
            ],
        }
        for card in items
    ]


def _enrollments(items: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": status.enrollment.pk,
            "learner": _person(status.enrollment.user),
            "path": {"id": status.path.pk, "name": status.path.name},
            "start_date": status.enrollment.start_date,
            "enrolled_at": status.enrollment.enrolled_at,
            "lessons_total": status.total,
            "lessons_done": status.done,
            "percent": status.percent,
            "steps": [
                {
                    "step_id": step.step.pk,
                    "title": step.title,
                    "due": step.due,
                    "lessons_total": step.total,
                    "lessons_done": step.done,
                    "complete": step.complete,
                    "overdue": step.overdue,
                }
                for step in status.steps
            ],
        }
        for status in selectors.enrollment_progress(items)
    ]


def _certifications(items: list[Certification]) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {
            "id": c.pk,
            "code": c.code,
            "learner": _person(c.user),
            "exam": {"id": c.exam_id, "name": c.exam.title},
            "issued_at": c.issued_at,
            "expires_at": c.expires_at,
            "status": c.status,
            "state": certification_state(c, now),
            "revoked_at": c.revoked_at,
            "updated_at": c.updated_at,
        }
        for c in items
    ]


# --- endpoints ------------------------------------------------------------------------------------


@api.get(
    "/candidates",
    auth=scoped(Scope.CANDIDATES_READ),
    response={200: CandidatePage, **ERRORS},
    tags=["hiring"],
)
def candidates_list(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Candidates (never their self-identification). Scope `candidates:read`."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return _page(selectors.candidates_for(principal, updated_since=params.since()), params, _candidates)


@api.get(
    "/candidates/{candidate_id}",
    auth=scoped(Scope.CANDIDATES_READ),
    response={200: s.CandidateOut, 404: s.Error, **ERRORS},
    tags=["hiring"],
)
def candidate_detail(request: HttpRequest, candidate_id: Id) -> Any:
    """One candidate. Scope `candidates:read`."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return _candidate(get_object_or_404(selectors.candidates_for(principal), pk=candidate_id))


@api.get(
    "/candidates/{candidate_id}/scorecards",
    auth=scoped(Scope.SCORECARDS_READ),
    response={200: ScorecardPage, 404: s.Error, **ERRORS},
    tags=["hiring"],
)
def candidate_scorecards(request: HttpRequest, candidate_id: Id, params: Query[ListParams]) -> Any:
    """Submitted scorecards with their ratings (people also see their own draft; the independence rule
    holds back others' cards until theirs is in). Scope `scorecards:read`."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    candidate = get_object_or_404(selectors.candidates_for(principal), pk=candidate_id)
    qs = selectors.scorecards_for(principal, candidate=candidate, updated_since=params.since())
    return _page(qs, params, _scorecards)


@api.get("/hires", auth=scoped(Scope.CANDIDATES_READ), response={200: HirePage, **ERRORS}, tags=["hiring"])
def hires_list(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Hired candidates and their learner accounts. Scope `candidates:read`."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return _page(selectors.hires_for(principal, updated_since=params.since()), params, _hires)


@api.post(
    "/performance-records",
    auth=scoped(Scope.PERFORMANCE_WRITE),
    response={200: s.PerformanceBatchOut, 400: s.BatchError, **ERRORS},
    tags=["analytics"],
)
def performance_records_write(request: HttpRequest, payload: s.PerformanceBatchIn) -> Any:
    """Create or update up to 1,000 records, matched by `external_id` (so a retry never duplicates).

    Every row is checked first; if any is wrong the answer is 400 listing each bad row and field,
    and nothing is saved. Scope `performance:write`."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return performance_records_upsert(
        records=[r.dict() for r in payload.records],
        actor=principal.user,
        via=f"API token {principal.token}" if principal.token is not None else "",
    )


@api.get(
    "/enrollments",
    auth=scoped(Scope.ENROLLMENTS_READ),
    response={200: EnrollmentPage, **ERRORS},
    tags=["onboarding"],
)
def enrollments_list(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Learning-path enrollments with per-step lesson progress. Scope `enrollments:read`."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return _page(selectors.enrollments_for(principal, updated_since=params.since()), params, _enrollments)


@api.get(
    "/certifications",
    auth=scoped(Scope.CERTIFICATIONS_READ),
    response={200: CertificationPage, **ERRORS},
    tags=["certification"],
)
def certifications_list(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Certifications with their current state. Scope `certifications:read`."""
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return _page(
        selectors.certifications_for(principal, updated_since=params.since()), params, _certifications
    )


@api.get(
    "/certifications/verify/{code}",
    auth=None,
    response={200: s.VerificationOut, 404: s.Error, 429: s.Error},
    tags=["certification"],
)
def certification_verify(
    request: HttpRequest, code: Annotated[str, Path(max_length=64, pattern=s.NO_NUL)]
) -> Any:
    """Public, like /verify/<code>/: name, certification, dates and state only."""
    certification = get_object_or_404(
        Certification.objects.select_related("user", "exam"), code=code.strip().upper()[:16]
    )
    return {
        "code": certification.code,
        "name": certification.user.display_name,
        "certification": certification.exam.title,
        "issued_at": certification.issued_at,
        "expires_at": certification.expires_at,
        "state": certification_state(certification, timezone.now()),
    }
