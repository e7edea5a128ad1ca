"""What coaching tells people, through core.notifications: one registered kind per reason, idempotent event keys."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.notifications import in_language_of, notify, register_notification_kind

SELF_RATING = "coaching.self_rating"
QUALIFICATION_CHANGE = "coaching.qualification_change"
FIELDDAY_REMINDER = "coaching.fieldday_reminder"
SESSION_ACKNOWLEDGEMENT = "coaching.session_acknowledgement"
ACTION_ITEM_DUE = "coaching.action_item_due"


def register_kinds() -> None:
    for key, label in (
        (SELF_RATING, _("Coaching sessions waiting for my self-rating")),
        (QUALIFICATION_CHANGE, _("Qualifications suspended or restored (mine and my team's)")),
        (FIELDDAY_REMINDER, _("Field days tomorrow, with the plan")),
        (SESSION_ACKNOWLEDGEMENT, _("Coaching sessions waiting for my acknowledgement")),
        (ACTION_ITEM_DUE, _("Coaching action items coming due")),
    ):
        register_notification_kind(key=key, label=label)


def coaching_notify(
    *, to: User, kind: str, template: str, context: dict[str, Any], event_key: str, link: str = ""
) -> bool:
    """Render coaching/email/<template>_{subject,body}.txt in the reader's language and notify; False if sent before."""
    if not to.is_active:
        return False
    with in_language_of(to):
        subject = render_to_string(f"coaching/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"coaching/email/{template}_body.txt", {**context, "person": to})
    return (
        notify(recipient=to, kind=kind, event_key=event_key, title=subject, body=body, link=link) is not None
    )
