"""The notification kinds analytics registers at start-up, in a module light enough for AppConfig.ready."""

from __future__ import annotations

STUDY_DECIDED = "analytics.study_decided"
