"""Certifications: issue on a pass, revoke, expiry reminders, and recertification after a content change."""

from __future__ import annotations

import calendar
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.services import audit_record
from core.webhooks import webhook_emit
from courses.section_links import links_to

from ..models import (
    Attempt,
    Certification,
    CertificationReminder,
    Exam,
    Question,
)
from .bank import questions_content_changed
from .publishing import exam_pool_question_ids


def _recert_notify(*, certification: Certification, reason: str, now: datetime) -> None:
    from django.conf import settings
    from django.urls import reverse

    from core.notifications import in_language_of, notify

    link = reverse("exams:detail", kwargs={"slug": certification.exam.slug})
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link
    with in_language_of(certification.user):
        subject = _("Recertification due: %(exam)s") % {"exam": certification.exam.title}
        body = _(
            "The content your certification %(exam)s covers has changed materially: %(reason)s\n\n"
            "Please retake the exam to renew your certification: %(url)s"
        ) % {"exam": certification.exam.title, "reason": reason or "—", "url": url}
    notify(
        recipient=certification.user,
        kind="exams.recertification_due",
        event_key=f"exams.recertification_due:{certification.pk}:{now.isoformat()}",
        title=str(subject),
        body=str(body),
    )


@transaction.atomic
def certifications_content_changed(
    *, page_id: int, summary: str, actor: User | None, now: datetime, sections: Collection[str] | None = None
) -> list[Certification]:
    """A material change to a content page: flag the questions that test it, and mark valid certifications
    of every certifying exam whose pool draws an approved linked question "recertification due" — audited,
    with an email to each holder after commit. The holder then gets a fresh round of attempts.
    `sections`: the change touched only these sections, so only questions testing them or the whole page count.
    """
    questions_content_changed(page_id=page_id, sections=sections)
    linked = set(
        Question.objects.filter(
            links_to(sections, "content_section"), content_page_id=page_id, status=Question.Status.APPROVED
        ).values_list("pk", flat=True)
    )
    if not linked:
        return []
    banks = Question.objects.filter(pk__in=linked).values_list("bank_id", flat=True)
    exams = [
        exam
        for exam in Exam.objects.filter(bank_id__in=banks, certifying=True, practice=False).order_by("pk")
        if linked & set(exam_pool_question_ids(exam))
    ]
    due = list(
        Certification.objects.select_for_update()
        .filter(exam__in=exams, status=Certification.Status.VALID)
        .exclude(expires_at__lte=now)
        .select_related("user", "exam")
        .order_by("pk")
    )
    for certification in due:
        certification.status = Certification.Status.RECERT_DUE
        certification.recert_due_at = now
        certification.recert_reason = summary[:2000]
        certification.save(update_fields=["status", "recert_due_at", "recert_reason", "updated_at"])
        audit_record(
            actor=actor,
            verb="certification.recert_due",
            obj=certification,
            before={"status": Certification.Status.VALID},
            after={"status": certification.status, "page": page_id},
            note=summary,
        )
        if certification.user.is_active and certification.user.email:
            _recert_notify(certification=certification, reason=summary, now=now)
    return due


REMINDER_DAYS = (90, 30, 7)


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _new_code() -> str:
    # Unambiguous characters only (no 0/O, 1/I/L): people type these codes from paper.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


@dataclass(frozen=True)
class HolderState:
    """What issuing must clean up: a certificate the learner holds (valid or due) on the exam, an open
    recertification step for it. Neither is the common case — a first certificate."""

    holding: bool
    open_steps: bool


def holder_state_sql(*, user_id: int, exam_id: int) -> tuple[str, list[Any]]:
    """Two select-list columns (and their parameters) that let a read the caller makes anyway answer
    HolderState: does the learner hold a certificate (valid or due) on the exam, is a recertification step open.

    Plain SQL from the models' table and column names, so the caller's statement costs no ORM compilation
    (attempt_submit runs at the bell for a whole room at once); every value is a parameter."""
    from django.db import connection

    from courses.models import RecertificationStep

    from ..paths_glue import HOLDING

    q = connection.ops.quote_name

    def column(model: type[Any], name: str) -> str:
        # Qualified: the subqueries sit in the select list of the caller's statement.
        return f"{q(model._meta.db_table)}.{q(model._meta.get_field(name).column)}"

    certification, step = q(Certification._meta.db_table), q(RecertificationStep._meta.db_table)
    statuses = ", ".join(["%s"] * len(HOLDING))
    sql = (
        f"EXISTS(SELECT 1 FROM {certification} WHERE {column(Certification, 'user')} = %s"  # noqa: S608
        f" AND {column(Certification, 'exam')} = %s AND {column(Certification, 'status')} IN ({statuses})),"
        f" EXISTS(SELECT 1 FROM {step} WHERE {column(RecertificationStep, 'user')} = %s"
        f" AND {column(RecertificationStep, 'exam')} = %s AND {column(RecertificationStep, 'closed_at')} IS NULL)"
    )
    return sql, [user_id, exam_id, *(str(s) for s in HOLDING), user_id, exam_id]


def holder_state_from(holding: Any, open_steps: Any) -> HolderState:
    """The HolderState from holder_state_sql's two columns (booleans on PostgreSQL, 0/1 on SQLite)."""
    return HolderState(holding=bool(holding), open_steps=bool(open_steps))


def certification_issue_for(
    *, attempt: Attempt, now: datetime, holder: HolderState | None = None, after_submit: bool = False
) -> Certification | None:
    """The certificate a passed attempt earns (once per attempt), replacing what the learner held on the exam.

    `holder`: attempt_submit has read it with the answers, and the attempt was closed in this transaction, so it
    has no certificate yet; without it, both are read here. `after_submit`: issued by attempt_submit, whose
    `exams.attempt_submitted` task re-checks what depends on certificates (the coaching qualification grants)
    after the commit, so the certificate's post_save receivers need not queue that themselves."""
    exam = attempt.exam
    if not exam.certifying or exam.practice or not attempt.passed:
        return None
    if holder is None:
        existing = Certification.objects.filter(attempt=attempt).first()
        if existing:
            return existing
    certification = Certification(
        user=attempt.user,
        exam=exam,
        attempt=attempt,
        code=_new_code(),
        issued_at=now,
        expires_at=add_months(now, exam.validity_months) if exam.validity_months else None,
    )
    replaces = holder is None or holder.holding or holder.open_steps
    # Nothing held and no step open: the receiver's supersede and step close would each read nothing.
    certification._replaces_nothing = not replaces  # type: ignore[attr-defined]
    certification._after_submit = after_submit  # type: ignore[attr-defined]
    certification.save(force_insert=True)
    if replaces:
        # Recertification: the new certificate replaces an older one that was due or still valid.
        Certification.objects.filter(
            user=attempt.user, exam=exam, status=Certification.Status.RECERT_DUE
        ).exclude(pk=certification.pk).update(
            status=Certification.Status.VALID, expires_at=now, updated_at=now
        )
    audit_record(
        actor=None,
        verb="certification.issue",
        obj=certification,
        after={"user": attempt.user_id, "exam": exam.slug, "expires": str(certification.expires_at or "")},
    )
    webhook_emit(event="certification.issued", data=_certification_data(certification))
    return certification


@transaction.atomic
def certification_revoke(*, certification: Certification, actor: User, reason: str) -> Certification:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the revocation.")})
    before = {"status": certification.status}
    certification.status = Certification.Status.REVOKED
    certification.revoked_at = timezone.now()
    certification.revoked_by = actor
    certification.revoke_reason = reason.strip()
    certification.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    audit_record(
        actor=actor,
        verb="certification.revoke",
        obj=certification,
        before=before,
        after={"status": certification.status},
        note=certification.revoke_reason,
    )
    webhook_emit(event="certification.revoked", data=_certification_data(certification))
    return certification


def _certification_data(certification: Certification) -> dict[str, object]:
    return {
        "certification_id": certification.pk,
        "code": certification.code,
        "user_id": certification.user_id,
        "email": certification.user.email,
        "exam": certification.exam.slug,
        "status": certification.status,
        "issued_at": certification.issued_at,
        "expires_at": certification.expires_at,
        "revoked_at": certification.revoked_at,
    }


def certification_reminders_send(*, now: datetime) -> int:
    """Remind holders at 90, 30 and 7 days before expiry; a reminder row per threshold makes reruns send nothing."""
    from django.urls import reverse

    from core.notifications import in_language_of, notify

    horizon = now + timedelta(days=max(REMINDER_DAYS))
    due = Certification.objects.filter(
        status=Certification.Status.VALID, expires_at__gt=now, expires_at__lte=horizon
    ).select_related("user", "exam")
    sent = 0
    for certification in due:
        assert certification.expires_at is not None
        days_left = (certification.expires_at - now).days
        threshold = min(d for d in REMINDER_DAYS if days_left < d)
        with transaction.atomic():
            _reminder, created = CertificationReminder.objects.get_or_create(
                certification=certification, days_before=threshold, defaults={"sent_at": now}
            )
            if not created:
                continue
            with in_language_of(certification.user):
                subject = ngettext(
                    "Your certification %(exam)s expires in %(days)s day",
                    "Your certification %(exam)s expires in %(days)s days",
                    days_left,
                ) % {
                    "exam": certification.exam.title,
                    "days": days_left,
                }
                body = _("Retake the exam before %(date)s to keep your certification.") % {
                    "date": f"{certification.expires_at:%Y-%m-%d}"
                }
            notify(
                recipient=certification.user,
                kind="exams.certification_expiry",
                event_key=f"exams.certification_expiry:{certification.pk}:{threshold}",
                title=str(subject),
                body=str(body),
                link=reverse("exams:detail", kwargs={"slug": certification.exam.slug}),
            )
            sent += 1
    return sent
