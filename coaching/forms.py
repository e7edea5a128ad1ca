"""Turning posted field-day and session forms into the plain data the services take."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.http import QueryDict

from accounts.models import User

from .models import Engagement

VISIT_KEY = re.compile(r"^visit-(\d{1,2})-([a-z_]+)$")
VISIT_FIELDS = (
    "customer_name",
    "segment",
    "contacts",
    "call_type",
    "objective",
    "outcome",
    "next_step",
    "appointment_won",
    "duration_minutes",
    "coach_rating",
)
DAY_FIELDS = ("date", "plan", "objectives", "review_worked", "review_tighten", "review_exercise")


def fieldday_data(post: QueryDict) -> dict[str, Any]:
    """The posted field day as {date, plan, …, visits: [{…}, …]} in the order of the visit numbers."""
    data: dict[str, Any] = {f: post.get(f, "") for f in DAY_FIELDS}
    indexes = sorted({int(m.group(1)) for key in post for m in [VISIT_KEY.match(key)] if m})
    visits = []
    for i in indexes:
        visit: dict[str, Any] = {f: post.get(f"visit-{i}-{f}", "") for f in VISIT_FIELDS}
        visit["buying_roles"] = post.getlist(f"visit-{i}-buying_roles")
        visits.append(visit)
    data["visits"] = visits
    return data


def draft_id_from(post: QueryDict) -> uuid.UUID | None:
    try:
        return uuid.UUID(post.get("draft_id", ""))
    except ValueError:
        return None


def ratings_from(post: QueryDict, prefix: str = "rating") -> dict[int, tuple[Any, str]]:
    """{criterion id: (rating, evidence)} from rating-<id> and evidence-<id> fields."""
    out: dict[int, tuple[Any, str]] = {}
    for key in post:
        if key.startswith(f"{prefix}-") and key[len(prefix) + 1 :].isdigit():
            pk = int(key[len(prefix) + 1 :])
            out[pk] = (post.get(key), post.get(f"evidence-{pk}", ""))
    return out


def actions_from(
    post: QueryDict, engagement: Engagement
) -> tuple[list[tuple[str, dt.date, User]], list[str]]:
    """New action items (text, due, owner = seller or coach) and the errors naming the row."""
    owners = {"seller": engagement.seller, "coach": engagement.coach}
    actions, errors = [], []
    for n in range(1, 4):
        text = post.get(f"action-{n}-text", "").strip()
        if not text:
            continue
        try:
            due = dt.date.fromisoformat(post.get(f"action-{n}-due", ""))
        except ValueError:
            errors.append(f"{n}")
            continue
        actions.append((text, due, owners.get(post.get(f"action-{n}-owner", "seller"), engagement.seller)))
    return actions, errors
