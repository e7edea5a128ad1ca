"""Turning posted engagement, field-day and session forms into the plain data the services take."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.rubrics.models import Criterion, RubricVersion

from .models import CoachingProgram, Engagement, FieldDay

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


def next_monday(today: dt.date) -> dt.date:
    """The Monday after today (a week ahead when today is a Monday), when a new program usually starts."""
    return today + dt.timedelta(days=7 - today.weekday())


class EngagementStartForm(forms.Form):
    """Start an engagement: the coach is the signed-in user; sellers and competencies are limited by the caller."""

    seller = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Seller"))
    # Only the newest version of each program (an edited program in use leaves its old version to its engagements).
    program = forms.ModelChoiceField(queryset=CoachingProgram.objects.none(), label=_("Program"))
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    focus_criteria = forms.ModelMultipleChoiceField(
        queryset=Criterion.objects.none(),
        label=_("Focus competencies"),
        help_text=_("Choose one to three."),
        widget=forms.CheckboxSelectMultiple,
    )
    goal_visits_per_week = forms.IntegerField(
        label=_("Goal: visits per week"), required=False, min_value=0, max_value=100
    )
    goal_hit_rate = forms.FloatField(
        label=_("Goal: appointment hit rate (%)"), required=False, min_value=0, max_value=100
    )
    goal_effectiveness = forms.FloatField(
        label=_("Goal: visit effectiveness (mean coach rating)"), required=False, min_value=0
    )

    def __init__(
        self,
        *args: Any,
        sellers: QuerySet[User],
        rubric_version: RubricVersion | None,
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rubric_version = rubric_version
        seller_field: Any = self.fields["seller"]
        seller_field.queryset = sellers
        seller_field.label_from_instance = lambda u: u.display_name
        criteria_field: Any = self.fields["focus_criteria"]
        if rubric_version is not None:
            criteria_field.queryset = rubric_version.criteria.all()
        criteria_field.label_from_instance = lambda c: c.name
        self.fields["start_date"].initial = next_monday(today)
        from .programs import current_programs

        program_field: Any = self.fields["program"]
        program_field.queryset = current_programs()
        programs = list(program_field.queryset.values_list("pk", flat=True)[:2])
        if len(programs) == 1:  # the usual case (the 23-day program): nothing to choose
            self.fields["program"].initial = programs[0]

    def clean_focus_criteria(self) -> list[Criterion]:
        chosen = list(self.cleaned_data["focus_criteria"])
        if not 1 <= len(chosen) <= 3:
            raise forms.ValidationError(_("Choose one to three focus competencies."))
        return chosen

    def engagement_kwargs(self) -> dict[str, Any]:
        """cleaned_data as engagement_create's arguments (the hit rate is typed in percent, stored as 0–1)."""
        data = self.cleaned_data
        hit_rate = data.get("goal_hit_rate")
        return {
            "seller": data["seller"],
            "program": data["program"],
            "start_date": data["start_date"],
            "rubric_version": self.rubric_version,
            "focus_criteria": data["focus_criteria"],
            "goal_visits_per_week": data.get("goal_visits_per_week"),
            "goal_hit_rate": None if hit_rate is None else hit_rate / 100,
            "goal_effectiveness": data.get("goal_effectiveness"),
        }


class SessionStartForm(forms.Form):
    """Open a coaching session: which day it was held, and the field day it reviews if there was one."""

    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    field_day = forms.ModelChoiceField(
        queryset=FieldDay.objects.none(),
        label=_("Field day it reviews"),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, engagement: Engagement, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = today
        day_field: Any = self.fields["field_day"]
        day_field.queryset = engagement.field_days.order_by("-date")
        day_field.label_from_instance = lambda d: d.date.isoformat()
