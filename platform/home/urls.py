"""The signed-in home: the role-aware dashboard."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
