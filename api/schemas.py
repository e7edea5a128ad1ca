"""Request and response shapes of the API (and so of its OpenAPI schema)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL; refuse it at the door rather than fail later


class Error(Schema):
    detail: str


class RowError(Schema):
    row: int = Field(description="Position of the record in `records`, 1 = the first.")
    external_id: str
    messages: list[str] = Field(description="One message per problem, naming the row and the field.")


class BatchError(Schema):
    detail: str
    errors: list[RowError]


class Ref(Schema):
    id: int
    name: str


class Person(Schema):
    id: int
    email: str
    name: str


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    source: str
    stage: str
    requisition: Ref
    learner_id: int | None = Field(description="The learner account of a hired candidate.")
    applied_at: dt.datetime
    stage_changed_at: dt.datetime
    anonymised_at: dt.datetime | None


class HireOut(Schema):
    candidate_id: int
    name: str
    requisition: Ref
    hired_at: dt.datetime
    learner: Person | None


class RatingOut(Schema):
    criterion_id: int
    criterion: str
    value: int | None
    evidence: str


class ScorecardOut(Schema):
    id: int
    candidate_id: int
    interviewer: Ref
    recommendation: str
    summary: str
    submitted_at: dt.datetime | None
    updated_at: dt.datetime
    ratings: list[RatingOut]


class PerformanceRecordIn(Schema):
    external_id: str = Field(
        min_length=1,
        max_length=120,
        pattern=NO_NUL,
        description="Your id for the record; sending it again updates it.",
    )
    email: str = Field(max_length=254, pattern=NO_NUL, description="The person's sign-in email.")
    metric: str = Field(max_length=40, pattern=NO_NUL, description="A metric code, e.g. quota_attainment.")
    period_start: str = Field(max_length=10, pattern=NO_NUL, description="ISO date, e.g. 2026-01-01.")
    period_end: str = Field(max_length=10, pattern=NO_NUL, description="ISO date, not before period_start.")
    value: float = Field(allow_inf_nan=False, description="Within the metric's valid range.")


class PerformanceBatchIn(Schema):
    records: list[PerformanceRecordIn] = Field(min_length=1, max_length=1000)


class PerformanceBatchOut(Schema):
    created: int
    updated: int


class StepProgressOut(Schema):
    step_id: int
    title: str
    due: dt.date
    lessons_total: int
    lessons_done: int
    complete: bool
    overdue: bool


class EnrollmentOut(Schema):
    id: int
    learner: Person
    path: Ref
    start_date: dt.date
    enrolled_at: dt.datetime
    lessons_total: int
    lessons_done: int
    percent: int
    steps: list[StepProgressOut]


class CertificationOut(Schema):
    id: int
    code: str
    learner: Person
    exam: Ref
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    status: str
    state: str = Field(description="valid, expiring, expired, revoked or recert_due, as of now.")
    revoked_at: dt.datetime | None
    updated_at: dt.datetime


class VerificationOut(Schema):
    """Exactly what the public /verify/<code>/ page shows."""

    code: str
    name: str
    certification: str
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    state: str
