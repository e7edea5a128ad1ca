"""URLs under /rubrics/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "rubrics"

urlpatterns = [
    path("compare/", views.version_compare, name="version_compare"),
]
