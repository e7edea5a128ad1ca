"""Exam views, split by who uses them; urls.py reaches them through this package."""

from __future__ import annotations

from .files import question_file
from .learner import (
    attempt_check,
    attempt_page,
    attempt_result,
    attempt_save,
    attempt_submit_view,
    attempt_summary,
    certificate_download,
    exam_detail,
    exam_list,
    exam_start,
)
from .public import (
    badge_issuer,
    badge_jwks,
    badge_status,
    verify,
    verify_badge,
)
from .trainer import (
    bank_export,
    bank_list,
    bank_upload,
    certification_revoke_view,
    exam_angoff_view,
    exam_regrade_view,
    exam_statistics,
    grading_queue,
    grading_response,
    team_matrix,
)

__all__ = [
    "attempt_check",
    "attempt_page",
    "attempt_result",
    "attempt_save",
    "attempt_submit_view",
    "attempt_summary",
    "bank_export",
    "bank_list",
    "bank_upload",
    "certificate_download",
    "certification_revoke_view",
    "exam_angoff_view",
    "exam_detail",
    "exam_list",
    "exam_regrade_view",
    "exam_start",
    "exam_statistics",
    "grading_queue",
    "grading_response",
    "question_file",
    "team_matrix",
    "verify",
    "verify_badge",
    "badge_issuer",
    "badge_jwks",
    "badge_status",
]
