"""Learner and manager URLs under /onboarding/."""

from __future__ import annotations

from django.urls import path

from . import scorm_views, views

app_name = "courses"

urlpatterns = [
    path("", views.my_onboarding, name="my_onboarding"),
    path("lessons/<int:lesson_id>/complete/", views.lesson_mark_complete, name="lesson_complete"),
    path("lessons/<int:lesson_id>/scorm/<path:path>", scorm_views.scorm_file, name="scorm_file"),
    path("lessons/<int:lesson_id>/scorm-runtime/", scorm_views.scorm_runtime, name="scorm_runtime"),
    path("search/", views.search, name="search"),
    path("team/", views.team, name="team"),
]
