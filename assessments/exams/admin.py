"""Django admin for exam set-up: banks, questions (versions read-only), exams with blueprints, accommodations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.concurrency import VersionedAdminMixin

from .models import (
    Accommodation,
    Attempt,
    BlueprintRule,
    Category,
    Certification,
    Exam,
    Question,
    QuestionBank,
    QuestionVersion,
)
from .services import accommodation_grant, exam_publish
from .templatetags.exam_html import question_html_string


@admin.register(QuestionBank)
class QuestionBankAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "bank"]
    list_filter = ["bank"]


class QuestionVersionInline(admin.TabularInline):
    model = QuestionVersion
    extra = 0
    can_delete = False
    fields = ["number", "qtype", "preview", "rubric_version", "created_at", "delivered_at"]
    readonly_fields = ["number", "qtype", "preview", "rubric_version", "created_at", "delivered_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("preview"))
    def preview(self, obj: QuestionVersion) -> SafeString:
        """The question as learners see it: imported HTML sanitized exactly as on the attempt page."""
        return question_html_string(obj.text, obj.text_format)


@admin.register(Question)
class QuestionAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "bank", "category", "status", "difficulty", "needs_review"]
    list_filter = ["bank", "status", "difficulty", "needs_review"]
    search_fields = ["name"]
    readonly_fields = [
        "status",
        "author",
        "approved_by",
        "approved_at",
        "version",
        "changed_by",
        "changed_at",
    ]
    inlines = [QuestionVersionInline]


class BlueprintRuleInline(admin.TabularInline):
    model = BlueprintRule
    extra = 1


@admin.register(Exam)
class ExamAdmin(VersionedAdminMixin, TranslationAdmin):  # title_en / title_zh_hans, not the original
    list_display = ["title", "bank", "status", "certifying", "practice", "time_limit_minutes"]
    list_filter = ["status", "certifying", "practice"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "published_at", "version", "changed_by", "changed_at"]
    inlines = [BlueprintRuleInline]
    actions = ["publish"]

    @admin.action(description=_("Publish (checks the blueprint)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Exam]) -> None:
        for exam in queryset:
            try:
                exam_publish(exam=exam, actor=request.user)  # type: ignore[arg-type]
            except ValidationError as exc:
                self.message_user(request, f"{exam}: {' '.join(exc.messages)}", messages.ERROR)


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    list_display = ["user", "exam", "extra_time_percent", "extra_attempts", "granted_by", "granted_at"]
    readonly_fields = ["granted_by", "granted_at"]
    autocomplete_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: Accommodation, form: Any, change: bool) -> None:
        accommodation_grant(
            exam=obj.exam,
            user=obj.user,
            extra_time_percent=obj.extra_time_percent,
            extra_attempts=obj.extra_attempts,
            reason=obj.reason,
            actor=request.user,  # type: ignore[arg-type]
        )


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["exam", "user", "number", "state", "score", "passed", "started_at"]
    list_filter = ["state", "exam"]
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["user", "exam", "code", "issued_at", "expires_at", "status"]
    list_filter = ["status", "exam"]
    readonly_fields = [f.name for f in Certification._meta.fields]
    search_fields = ["code", "user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
