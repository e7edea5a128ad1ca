from __future__ import annotations

from django.urls import path

from . import views
from .api import api as api_v1

# No app namespace: ninja reverses its own "api-v1" namespace from the root.
urlpatterns = [
    path("v1/", api_v1.urls),
    path("tokens/", views.token_list, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
