"""URLs under /careers/: the public careers site (no sign-in)."""

from __future__ import annotations

from django.urls import path

from . import application_views

app_name = "careers"

urlpatterns = [
    path("", application_views.careers, name="list"),
    path("<int:pk>/", application_views.apply, name="apply"),
    path("<int:pk>/self-identification/", application_views.self_identification, name="self_identification"),
    path("<int:pk>/thanks/", application_views.thanks, name="thanks"),
]
