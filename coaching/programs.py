"""Coaching programs authored in the product: who may, the forms, and the versioned save.

A program that engagements use is never changed in place — their calendars point at its days — so saving
it creates the next version, which replaces it for new engagements; running engagements keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrgUnit, User
from accounts.roles import Role
from accounts.selectors import user_has_role
from accounts.services import audit_record

from .models import CoachingProgram, ProgramDay, ProgramPhase

# ---------------------------------------------------------------- who


def may_author_programs(user: User) -> bool:
    """Coaches' leads — a coach who manages a unit with units below it — and admins."""
    if user.is_superuser or user_has_role(user, Role.ADMIN):
        return True
    return (
        user_has_role(user, Role.COACH)
        and OrgUnit.objects.filter(manager=user, children__isnull=False).exists()
    )


def programs_for_authoring() -> QuerySet[CoachingProgram]:
    """Every program with its engagement count and whether a newer version replaces it (one query)."""
    newer = CoachingProgram.objects.filter(replaces=OuterRef("pk"))
    return CoachingProgram.objects.annotate(
        engagement_count=Count("engagements", distinct=True),
        day_count=Count("phases__days", distinct=True),
        superseded=Exists(newer),
    ).order_by("name", "-version")


def current_programs() -> QuerySet[CoachingProgram]:
    """The programs a new engagement may use: those no newer version replaces."""
    return CoachingProgram.objects.exclude(Exists(CoachingProgram.objects.filter(replaces=OuterRef("pk"))))


def program_in_use(program: CoachingProgram) -> bool:
    return program.engagements.exists()


# ---------------------------------------------------------------- save


@dataclass(frozen=True)
class DayPlan:
    number: int
    phase: int  # 1-based position in the phase list
    kind: str
    title: str
    planned_activities: str
    session_planned: bool


def _check(phases: list[str], days: list[DayPlan]) -> None:
    errors: dict[str, list[str]] = {}
    if not phases:
        errors.setdefault("phases", []).append(_("Give at least one phase, one per line."))
    if not days:
        errors.setdefault("days", []).append(_("Plan at least one day."))
    seen: dict[int, int] = {}
    for row, day in enumerate(days, start=1):
        if day.number < 1:
            errors.setdefault("days", []).append(_("Row %(row)s: day numbers start at 1.") % {"row": row})
        if day.number in seen:
            errors.setdefault("days", []).append(
                _("Row %(row)s: day %(day)s is already planned in row %(other)s.")
                % {"row": row, "day": day.number, "other": seen[day.number]}
            )
        seen.setdefault(day.number, row)
        if not 1 <= day.phase <= len(phases):
            errors.setdefault("days", []).append(
                _("Row %(row)s: choose a phase from 1 to %(n)s.") % {"row": row, "n": len(phases)}
            )
        if day.kind not in ProgramDay.Kind.values:
            errors.setdefault("days", []).append(_("Row %(row)s: choose the kind of day.") % {"row": row})
    empty = [name for n, name in enumerate(phases, start=1) if not any(d.phase == n for d in days)]
    if phases and days and empty:
        errors.setdefault("phases", []).append(
            _("Every phase needs a day; no day is planned for: %(names)s.") % {"names": ", ".join(empty)}
        )
    if errors:
        raise ValidationError(errors)


def _unique_slug(base: str) -> str:
    slug, n = base[:150] or "program", 2
    while CoachingProgram.objects.filter(slug=slug).exists():
        slug, n = f"{base[:150]}-{n}", n + 1
    return slug


@transaction.atomic
def program_save(
    *,
    program: CoachingProgram | None,
    name: str,
    description: str,
    focus_competencies: list[str],
    phases: list[str],
    days: list[DayPlan],
    actor: User,
) -> CoachingProgram:
    """Create a program, edit one nobody uses yet, or save the next version of one in use; audited."""
    if not may_author_programs(actor):
        raise ValidationError(_("Only coaches' leads and admins author coaching programs."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the program a name.")})
    _check(phases, days)
    before: dict[str, Any] | None = None
    verb = "coaching.program_create"
    if program is not None:
        program = CoachingProgram.objects.select_for_update().get(pk=program.pk)
        if CoachingProgram.objects.filter(replaces=program).exists():
            raise ValidationError(_("A newer version of this program exists; edit that one."))
        before = {"name": program.name, "version": program.version}
        if program_in_use(program):
            program = CoachingProgram(
                slug=_unique_slug(f"{program.slug.rsplit('-v', 1)[0]}-v{program.version + 1}"),
                version=program.version + 1,
                replaces=program,
            )
            verb = "coaching.program_version"
        else:
            program.phases.all().delete()  # cascades to the days; nothing points at them yet
            verb = "coaching.program_edit"
    else:
        program = CoachingProgram(slug=_unique_slug(slugify(name)))
    program.name = name
    program.description = description.strip()
    program.focus_competencies = [c.strip() for c in focus_competencies if c.strip()]
    program.save()
    made = [ProgramPhase.objects.create(program=program, position=n, name=p) for n, p in enumerate(phases, 1)]
    ProgramDay.objects.bulk_create(
        [
            ProgramDay(
                phase=made[d.phase - 1],
                number=d.number,
                kind=d.kind,
                title=d.title.strip(),
                planned_activities=d.planned_activities.strip(),
                session_planned=d.session_planned,
            )
            for d in sorted(days, key=lambda d: d.number)
        ]
    )
    audit_record(
        actor=actor,
        verb=verb,
        obj=program,
        before=before,
        after={"name": program.name, "version": program.version, "phases": len(phases), "days": len(days)},
    )
    return program


# ---------------------------------------------------------------- forms


class ProgramForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=160)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    focus_competencies = forms.CharField(
        label=gettext_lazy("Focus competencies (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    phases = forms.CharField(
        label=gettext_lazy("Phases, in order (one per line)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


class DayForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Day"), min_value=1, max_value=366)
    phase = forms.IntegerField(label=gettext_lazy("Phase no."), min_value=1, max_value=50)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ProgramDay.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=160)
    planned_activities = forms.CharField(
        label=gettext_lazy("Planned activities (one per line)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    session_planned = forms.BooleanField(label=gettext_lazy("Coaching session planned"), required=False)


DayFormSet = forms.formset_factory(DayForm, extra=2, can_delete=True)


def initial_of(program: CoachingProgram) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The forms' initial data for an existing program (two queries)."""
    phases = list(program.phases.order_by("position"))
    position = {p.pk: n for n, p in enumerate(phases, start=1)}
    days = ProgramDay.objects.filter(phase__program=program).order_by("number")
    return (
        {
            "name": program.name,
            "description": program.description,
            "focus_competencies": "\n".join(program.focus_competencies or []),
            "phases": "\n".join(p.name for p in phases),
        },
        [
            {
                "number": d.number,
                "phase": position[d.phase_id],
                "kind": d.kind,
                "title": d.title,
                "planned_activities": d.planned_activities,
                "session_planned": d.session_planned,
            }
            for d in days
        ],
    )


def plans_from(formset: Any) -> list[DayPlan]:
    return [
        DayPlan(**{k: f.cleaned_data[k] for k in DayForm.base_fields})
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
