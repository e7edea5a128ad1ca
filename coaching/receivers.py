"""Coaching listens to exams: a certification that changes (revoked, reissued) re-checks its holder's grants."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction


def certification_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """Queued after the certification's transaction commits, so the re-check reads what was saved."""
    transaction.on_commit(partial(_recheck, user_id=instance.user_id))


def _recheck(*, user_id: int) -> None:
    from accounts.models import User

    from .qualification import qualification_grants_recheck

    seller = User.objects.filter(pk=user_id).first()
    if seller is not None:
        qualification_grants_recheck(seller=seller)
