"""The real URL map plus the floor endpoints; used only by tests.benchmarks.settings."""

from __future__ import annotations

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

from .floor import floor_bare, floor_burst, floor_save

# Before the app's patterns: the Wagtail catch-all at the end of config.urls would otherwise take the path.
urlpatterns = [
    path("bench/floor/save/", floor_save, name="bench_floor_save"),
    path("bench/floor/burst/", floor_burst, name="bench_floor_burst"),
    path("bench/floor/bare/", floor_bare, name="bench_floor_bare"),
    *app_urlpatterns,
]
