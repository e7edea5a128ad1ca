"""Learner and manager URLs under /onboarding/."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_onboarding, name="courses_my_onboarding"),
    path("lessons/<int:lesson_id>/complete/", views.lesson_mark_complete, name="courses_lesson_complete"),
    path("search/", views.search, name="courses_search"),
    path("team/", views.team, name="courses_team"),
]
