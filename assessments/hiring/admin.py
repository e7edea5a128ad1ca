"""Django admin for setting up requisitions and their interview plans (candidates and scores live in /hiring/)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, ManyToManyField
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest

from accounts.models import OrgUnit
from assessments.rubrics.models import Criterion, Rubric, RubricVersion

from .models import InterviewPlanStep, Requisition


class InterviewPlanStepInline(admin.StackedInline):
    model = InterviewPlanStep
    extra = 1
    filter_horizontal = ["criteria", "interviewers"]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField | None:
        if db_field.name == "criteria":
            kwargs["queryset"] = Criterion.objects.filter(
                version__rubric__purpose=Rubric.Purpose.HIRING
            ).select_related("version__rubric")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Requisition)
class RequisitionAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "hiring_manager", "recruiter", "rubric_version", "status"]
    list_filter = ["status", "team"]
    search_fields = ["title"]
    inlines = [InterviewPlanStepInline]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "team":
            kwargs["queryset"] = OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM)
        if db_field.name == "rubric_version":
            kwargs["queryset"] = RubricVersion.objects.filter(
                rubric__purpose=Rubric.Purpose.HIRING
            ).select_related("rubric")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
