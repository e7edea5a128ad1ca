"""The real URL map plus the floor endpoint; used only by tests.benchmarks.settings."""

from __future__ import annotations

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

from .floor import floor_save

# Before the app's patterns: the Wagtail catch-all at the end of config.urls would otherwise take the path.
urlpatterns = [path("bench/floor/save/", floor_save, name="bench_floor_save"), *app_urlpatterns]
