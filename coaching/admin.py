"""Django admin for the coaching reference data: program templates, qualification levels, deals led."""

from __future__ import annotations

from django.contrib import admin

from .models import CoachingProgram, LedDeal, ProgramDay, ProgramPhase, QualificationLevel


class ProgramPhaseInline(admin.TabularInline):
    model = ProgramPhase
    extra = 0


@admin.register(CoachingProgram)
class CoachingProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ProgramPhaseInline]


@admin.register(ProgramDay)
class ProgramDayAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "kind", "phase", "session_planned")
    list_filter = ("phase__program", "kind")


@admin.register(QualificationLevel)
class QualificationLevelAdmin(admin.ModelAdmin):
    list_display = ("name", "rank", "min_tenure_days", "min_visits", "max_deal_size", "may_lead_strategic")
    filter_horizontal = ("required_exams",)


@admin.register(LedDeal)
class LedDealAdmin(admin.ModelAdmin):
    list_display = ("name", "seller", "amount", "closed_on")
    autocomplete_fields = ("seller",)
    search_fields = ("name", "seller__email")
