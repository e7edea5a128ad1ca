"""The admin's webhook pages (namespace `webhooks`)."""

from __future__ import annotations

from django.urls import path

from . import webhooks_views as views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<int:pk>/rotate/", views.endpoint_rotate, name="rotate"),
]
