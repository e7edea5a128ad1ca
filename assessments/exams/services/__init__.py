"""The exam engine's writes, one module per sub-domain; this package re-exports their public names."""

from __future__ import annotations

from .attempts import (
    CheckRefused,
    CheckResult,
    accommodation_grant,
    attempt_advance,
    attempt_allowance,
    attempt_deadline,
    attempt_refresh,
    attempt_start,
    attempt_submit,
    attempts_finalize_overdue,
    response_check,
    response_flag,
)
from .bank import (
    category_ensure,
    question_approve,
    question_create,
    question_retire,
    question_revise,
    questions_content_changed,
    questions_import,
)
from .certifications import (
    REMINDER_DAYS,
    add_months,
    certification_issue_for,
    certification_reminders_send,
    certification_revoke,
    certifications_content_changed,
)
from .common import (
    GRACE,
    AttemptClosed,
    AttemptNotAllowed,
    NavigationRefused,
)
from .marking import (
    RegradeChange,
    essay_queue,
    essay_rubric_for,
    exam_regrade,
    response_grade_manual,
    response_grade_rubric,
    rubric_fraction,
)
from .publishing import (
    RulePool,
    _draw,
    exam_blueprint_pools,
    exam_blueprint_problems,
    exam_pool_question_ids,
    exam_publish,
)
from .saving import (
    SaveResult,
    response_save,
)

__all__ = [
    "AttemptClosed",
    "AttemptNotAllowed",
    "CheckRefused",
    "CheckResult",
    "GRACE",
    "NavigationRefused",
    "REMINDER_DAYS",
    "RegradeChange",
    "SaveResult",
    "_draw",
    "accommodation_grant",
    "add_months",
    "attempt_advance",
    "attempt_allowance",
    "attempt_deadline",
    "attempt_refresh",
    "attempt_start",
    "attempt_submit",
    "attempts_finalize_overdue",
    "category_ensure",
    "certification_issue_for",
    "certification_reminders_send",
    "certification_revoke",
    "certifications_content_changed",
    "essay_queue",
    "essay_rubric_for",
    "RulePool",
    "exam_blueprint_pools",
    "exam_blueprint_problems",
    "exam_pool_question_ids",
    "exam_publish",
    "exam_regrade",
    "question_approve",
    "question_create",
    "question_retire",
    "question_revise",
    "questions_content_changed",
    "questions_import",
    "response_check",
    "response_flag",
    "response_grade_manual",
    "response_grade_rubric",
    "response_save",
    "rubric_fraction",
]
