"""Coaching listens to exams: a certification that changes (revoked, reissued) re-checks its holder's grants."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction


def certification_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """Queued after the certification's transaction commits, so the re-check reads what was saved.

    A certificate issued by a submit is re-checked by attempt_submitted below instead, in the submit's one
    follow-up task, so the examinee's request does not run the re-check."""
    if getattr(instance, "_after_submit", False):
        return
    transaction.on_commit(partial(_recheck, user_id=instance.user_id))


def attempt_submitted(sender: Any, *, attempt: Any, **kwargs: Any) -> None:
    """A submit that passed a certifying exam has issued a certificate: re-check its holder's grants (in the
    exams.attempt_submitted task, which runs after the submit committed)."""
    exam = attempt.exam
    if attempt.passed and exam.certifying and not exam.practice:
        from .qualification import qualification_grants_recheck

        qualification_grants_recheck(seller=attempt.user)


def _recheck(*, user_id: int) -> None:
    from accounts.models import User

    from .qualification import qualification_grants_recheck

    seller = User.objects.filter(pk=user_id).first()
    if seller is not None:
        qualification_grants_recheck(seller=seller)


# The fields of an engagement or a field day that a seller's visit summary depends on.
SUMMARY_FIELDS = frozenset({"date", "engagement", "engagement_id", "start_date", "seller", "seller_id"})


def visit_summary_drop(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """An engagement or a field day changed: drop its seller's visit summary in the same transaction (one
    query). The services that write them recount the row before they commit (`visit_summaries_refresh`)."""
    from .models import Engagement, SellerVisitSummary

    saved = kwargs.get("update_fields")
    if saved is not None and not set(saved) & SUMMARY_FIELDS:
        return  # a save of other fields (a cancellation, the invitation's sequence) leaves the figures as they were
    if isinstance(instance, Engagement):
        sellers: Any = [instance.seller_id]
    else:
        sellers = Engagement.objects.filter(pk=instance.engagement_id).values("seller_id")
    SellerVisitSummary.objects.filter(seller_id__in=sellers).delete()
