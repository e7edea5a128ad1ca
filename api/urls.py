from __future__ import annotations

from django.urls import path

from . import views

app_name = "api"

# The ninja API itself is mounted in config.urls: it reverses its own "api-v1" namespace from the root.
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
