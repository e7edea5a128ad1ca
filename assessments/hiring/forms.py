"""Hiring forms: requisitions and their plan, decisions, stage moves, amendments, CSV upload, public applications."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from accounts.roles import Role
from assessments.rubrics.models import Criterion, RubricVersion

from . import selectors
from .cv import CV_CONTENT_TYPES, cv_check
from .models import OPEN_STAGES, Candidate, Recommendation, Requisition, SelfIdentification, Stage


class DecisionForm(forms.Form):
    """Hire / reject / …; nothing is preselected, so the decider has to choose an outcome."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", _("— Choose an outcome —")),
            (Stage.HIRED, _("Hire")),
            (Stage.REJECTED, _("Reject")),
            (Stage.DECLINED, _("Candidate declined")),
            (Stage.WITHDRAWN, _("Candidate withdrew")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(
        label=_("Start date (for a hire)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    missing_scorecards_reason = forms.CharField(
        label=_("Why decide without the missing scorecards?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, missing: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        if missing:
            # Required for a hire or rejection (the service checks); a withdrawal needs no such reason.
            fields["missing_scorecards_reason"].help_text = _(
                "Not submitted yet: %(names)s. Required to hire or reject before they are in."
            ) % {"names": ", ".join(missing)}
        else:
            del fields["missing_scorecards_reason"]


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=[(s.value, s.label) for s in OPEN_STAGES])
    reason = forms.CharField(label=_("Note"), required=False)


class AmendmentForm(forms.Form):
    criterion = forms.TypedChoiceField(label=_("What to correct"), coerce=int, choices=())
    value = forms.IntegerField(label=_("Corrected rating"), required=False)
    recommendation = forms.ChoiceField(
        label=_("Corrected recommendation"), required=False, choices=[("", "—"), *Recommendation.choices]
    )
    reason = forms.CharField(label=_("Why the correction"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, criteria: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["criterion"].choices = [(0, _("Overall recommendation")), *criteria]  # type: ignore[attr-defined]


class CandidateImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: name, email, phone, source; optional: sex, race_ethnicity, age_band. UTF-8."),
    )


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "email", "phone", "source", "cv"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["cv"].help_text = _("PDF, DOC, DOCX, ODT, RTF or TXT, at most %(limit)s MB.") % {
            "limit": settings.RAMPWAY_CV_MAX_BYTES // 1_048_576
        }
        fields["cv"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in CV_CONTENT_TYPES)

    def clean_cv(self) -> object:
        cv = self.cleaned_data.get("cv")
        if cv:
            cv_check(cv)
        return cv


class RequisitionForm(forms.Form):
    """New requisition; choices are narrowed to what the person may pick (a manager: only their teams)."""

    title = forms.CharField(label=_("Role title"), max_length=160)
    team = forms.ModelChoiceField(label=_("Team"), queryset=OrgUnit.objects.none())
    hiring_manager = forms.ModelChoiceField(label=_("Hiring manager"), queryset=User.objects.none())
    recruiter = forms.ModelChoiceField(label=_("Recruiter"), queryset=User.objects.none())
    rubric_version = forms.ModelChoiceField(
        label=_("Rubric version"),
        queryset=RubricVersion.objects.none(),
        help_text=_("Candidates are scored against this version; the newest hiring rubric is preselected."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["team"].queryset = selectors.teams_for_new_requisition(user)
        fields["hiring_manager"].queryset = selectors.users_with_roles(Role.COACH, Role.ADMIN)
        fields["recruiter"].queryset = selectors.users_with_roles(Role.RECRUITER, Role.ADMIN)
        fields["rubric_version"].queryset = selectors.hiring_rubric_versions()
        fields["team"].label_from_instance = lambda unit: str(unit)
        for name in ("hiring_manager", "recruiter"):
            fields[name].label_from_instance = lambda u: u.display_name


class RequisitionEditForm(RequisitionForm):
    """The requisition's own fields; its current team and people stay choosable even if they would not be now."""

    def __init__(
        self, *args: Any, user: User, requisition: Requisition, rubric_locked: bool, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": requisition.title,
                "team": requisition.team_id,
                "hiring_manager": requisition.hiring_manager_id,
                "recruiter": requisition.recruiter_id,
                "rubric_version": requisition.rubric_version_id,
            },
        )
        super().__init__(*args, user=user, **kwargs)
        fields: Any = self.fields
        # The version this form was loaded at; the service refuses the save if someone saved since.
        fields["version"] = forms.IntegerField(
            required=False, widget=forms.HiddenInput, initial=requisition.version
        )
        fields["team"].queryset = (
            OrgUnit.objects.filter(Q(pk__in=fields["team"].queryset.values("pk")) | Q(pk=requisition.team_id))
            .select_related("parent")
            .order_by("name")
        )
        for name in ("hiring_manager", "recruiter"):
            current = getattr(requisition, f"{name}_id")
            fields[name].queryset = User.objects.filter(
                Q(pk__in=fields[name].queryset.values("pk")) | Q(pk=current)
            ).order_by("last_name", "first_name", "email")
        fields["rubric_version"].queryset = (
            RubricVersion.objects.filter(
                Q(pk__in=fields["rubric_version"].queryset.values("pk")) | Q(pk=requisition.rubric_version_id)
            )
            .select_related("rubric")
            .order_by("rubric__name", "-created_at", "-pk")
        )
        if rubric_locked:
            fields["rubric_version"].help_text = _(
                "Locked: scorecards were already started on this version, so it can no longer change. "
                "Open a new requisition to score on another version."
            )
        else:
            fields["rubric_version"].help_text = _(
                "Can change only until the first scorecard is started; the interview plan keeps the criteria "
                "whose names match in the new version."
            )


class PlanStepForm(forms.Form):
    """One interview in the plan; ``criteria`` are limited to the requisition's rubric version."""

    step_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Interview name"), max_length=120)
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria covered"),
        queryset=Criterion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, requisition: Requisition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["criteria"].queryset = requisition.rubric_version.criteria.order_by("position", "id")
        fields["interviewers"].queryset = selectors.users_with_roles(Role.COACH, Role.RECRUITER, Role.ADMIN)
        fields["interviewers"].label_from_instance = lambda u: u.display_name


PlanFormSet = forms.formset_factory(PlanStepForm, extra=1, can_delete=True, max_num=20, validate_max=True)


LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class ScheduleForm(forms.Form):
    """When and where a plan step's interview takes place; times are typed in the chosen zone."""

    starts_at = forms.DateTimeField(
        label=_("Starts"),
        input_formats=[LOCAL_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        input_formats=[LOCAL_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False, assume_scheme="https")
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    allow_conflicts = forms.BooleanField(
        label=_("Schedule anyway: the interviewers listed above have agreed to the overlap"), required=False
    )

    def __init__(self, *args: Any, step: Any, time_zones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = step.interviewers.order_by("last_name", "first_name", "pk")  # type: ignore[attr-defined]
        self.fields["interviewers"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        self.fields["time_zone"].choices = [(z, z) for z in sorted(time_zones)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone_name = data.get("time_zone")
        if zone_name:
            import zoneinfo

            from django.utils import timezone

            zone = zoneinfo.ZoneInfo(zone_name)
            for field in ("starts_at", "ends_at"):
                value = data.get(field)
                if value is not None:
                    # The browser sends a wall-clock time; it means that time in the chosen zone.
                    naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                    data[field] = naive.replace(tzinfo=zone)
        return data


class ApplicationForm(forms.Form):
    """The public application; every message names its field, because it is read by people new to us."""

    name = forms.CharField(
        label=_("Full name"), max_length=160, error_messages={"required": _("Full name: enter your name.")}
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Email: enter the address we can reach you at."),
            "invalid": _("Email: enter a valid address, like name@example.com."),
        },
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    cv = forms.FileField(
        label=_("CV"),
        error_messages={
            "required": _("CV: choose a file to upload."),
            "empty": _("CV: the file you chose is empty."),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("Consent: tick “I agree”, or we cannot consider your application.")},
    )
    # A field people never see (hidden by the stylesheet, skipped by keyboard and screen readers); bots fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["cv"].help_text = _("PDF, DOC, DOCX, ODT, RTF or TXT, at most %(limit)s MB.") % {
            "limit": settings.RAMPWAY_CV_MAX_BYTES // 1_048_576
        }
        fields["cv"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in CV_CONTENT_TYPES)
        fields["name"].widget.attrs["autocomplete"] = "name"
        fields["email"].widget.attrs["autocomplete"] = "email"
        fields["phone"].widget.attrs["autocomplete"] = "tel"
        fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_cv(self) -> object:
        cv = self.cleaned_data.get("cv")
        if cv:
            cv_check(cv)
        return cv

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SelfIdentificationForm(forms.Form):
    """Voluntary answers; with `ask_race_consent` the race/ethnicity answer counts only if separately agreed to."""

    sex = forms.ChoiceField(
        label=_("Sex"), choices=SelfIdentification.Sex.choices, initial=SelfIdentification.Sex.UNDISCLOSED
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=SelfIdentification.AgeBand.choices,
        initial=SelfIdentification.AgeBand.UNDISCLOSED,
    )
    race_ethnicity_consent = forms.BooleanField(required=False)
    race_ethnicity = forms.ChoiceField(
        label=_("Race/ethnicity"),
        choices=SelfIdentification.Ethnicity.choices,
        initial=SelfIdentification.Ethnicity.UNDISCLOSED,
        widget=forms.RadioSelect,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("Consent: tick “I agree” to send your answers, or skip this step.")},
    )

    def __init__(self, *args: Any, ask_race_consent: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ask_race_consent = ask_race_consent
        if not ask_race_consent:
            del self.fields["race_ethnicity_consent"]
        else:
            self.fields["race_ethnicity_consent"].label = _("I agree to be asked about race/ethnicity")
