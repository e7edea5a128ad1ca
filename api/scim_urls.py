"""SCIM 2.0 (RFC 7644) routes, mounted at /scim/v2/ by config.urls."""

from __future__ import annotations

from django.urls import path

from . import scim_views as views

app_name = "scim"

urlpatterns = [
    path("Users", views.users, name="users"),
    path("Users/<str:pk>", views.user_detail, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/<str:pk>", views.group_detail, name="group"),
    path("ServiceProviderConfig", views.service_provider_config, name="config"),
    path("Schemas", views.schemas, name="schemas"),
    path("Schemas/<str:pk>", views.schemas, name="schema"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:pk>", views.resource_types, name="resource_type"),
]
