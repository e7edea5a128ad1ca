"""Django admin for accounts (the admin site itself is wrapped with allauth's secure login in config.urls)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_labels import VERB_LABELS, verb_label
from .models import AuditEvent, Membership, OrgUnit, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["org_unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "start_date"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_active", "is_staff", "groups"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "start_date")}),
        (_("Roles and permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "deactivated_on")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "manager"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent", "manager"]


class VerbFilter(admin.SimpleListFilter):
    """Filter by verb, each offered under its human label."""

    title = _("what happened")
    parameter_name = "verb"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        # Every verb a service writes has a label, so the labels list them without a DISTINCT over the whole
        # log (a full scan at 100,000 events).
        return sorted(((v, verb_label(v)) for v in VERB_LABELS), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        return queryset.filter(verb=self.value()) if self.value() else queryset


# More periods than this between the first and last event (a stray date decades off) probe too much: the
# date hierarchy then takes Django's DISTINCT instead.
MAX_PROBED_PERIODS = 400


def _period_starts(first: dt.datetime, last: dt.datetime, kind: str) -> list[dt.datetime]:
    """The start of every year, month or day from the one holding `first` to the one holding `last`
    (both in the same time zone; the starts carry it)."""
    tz = first.tzinfo
    starts: list[dt.datetime] = []
    if kind == "day":
        day, last_day = first.date(), last.date()
        while day <= last_day and len(starts) <= MAX_PROBED_PERIODS:
            starts.append(dt.datetime(day.year, day.month, day.day, tzinfo=tz))
            day += dt.timedelta(days=1)
        return starts
    step = 12 if kind == "year" else 1
    month = first.year * 12 + (first.month - 1 if kind == "month" else 0)  # months counted from year 0
    last_month = last.year * 12 + last.month - 1
    while month <= last_month and len(starts) <= MAX_PROBED_PERIODS:
        starts.append(dt.datetime(month // 12, month % 12 + 1, 1, tzinfo=tz))
        month += step
    return starts


def _next_start(start: dt.datetime, kind: str) -> dt.datetime:
    if kind == "day":
        following = start.date() + dt.timedelta(days=1)
        return dt.datetime(following.year, following.month, following.day, tzinfo=start.tzinfo)
    if kind == "year":
        return start.replace(year=start.year + 1)
    month = start.year * 12 + start.month  # the next month, counted from January of year 0
    return start.replace(year=month // 12, month=month % 12 + 1)


class PeriodsByIndex(QuerySet[Any]):
    """The audit log as the admin reads it: the date hierarchy's years, months or days are found by probing the
    index on the date for each period between the first and the last event (two queries, each a few index
    lookups), instead of Django's SELECT DISTINCT over every event in view (a scan of the whole log)."""

    def datetimes(  # type: ignore[override]
        self,
        field_name: str,
        kind: Literal["year", "month", "week", "day", "hour", "minute", "second"],
        order: Literal["ASC", "DESC"] = "ASC",
        tzinfo: dt.tzinfo | None = None,
    ) -> Any:
        if kind not in ("year", "month", "day"):
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        zone = tzinfo or timezone.get_current_timezone()
        starts = _period_starts(
            timezone.localtime(bounds["first"], zone), timezone.localtime(bounds["last"], zone), kind
        )
        if len(starts) > MAX_PROBED_PERIODS:
            return super().datetimes(field_name, kind, order, tzinfo)
        probes = {
            f"p{i}": Exists(
                self.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": _next_start(start, kind)})
            )
            for i, start in enumerate(starts)
        }
        # One row (the view holds an event: it has a first one) carrying one yes/no per period.
        held = self.order_by().annotate(**probes).values_list(*probes)[0]
        found = [start for start, present in zip(starts, held, strict=True) if present]
        return found if order == "ASC" else found[::-1]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_repr", "what_happened", "object_repr"]
    list_filter = [VerbFilter]
    search_fields = ["actor_repr", "object_repr", "verb"]
    date_hierarchy = "at"  # its periods come from PeriodsByIndex (index probes, no DISTINCT scan)
    # The page counts the filtered events once; a second COUNT over the whole log adds nothing worth its scan.
    show_full_result_count = False

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        events = super().get_queryset(request)
        return PeriodsByIndex(model=events.model, query=events.query, using=events.db)

    @admin.display(description=_("what happened"), ordering="verb")
    def what_happened(self, event: AuditEvent) -> str:
        return event.verb_label

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
