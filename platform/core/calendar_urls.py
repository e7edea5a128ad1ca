"""URLs of the calendar feed (namespace `calendar`)."""

from __future__ import annotations

from django.urls import path

from . import calendar_views as views

app_name = "calendar"

urlpatterns = [
    path("", views.calendar_settings, name="settings"),
    path("reset/", views.calendar_reset, name="reset"),
    path("<str:token>.ics", views.calendar_feed, name="feed"),
]
