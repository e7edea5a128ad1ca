"""The exam side of a path's exam steps, plugged in by the exams app so courses never imports it.

Exams sits above courses (its questions link to content pages and listen to material changes), so courses
reads exam results through whatever exams registers here in its AppConfig.ready: `assessments.exams.paths_glue`.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

_backend: ModuleType | Any = None


def register_exam_backend(backend: ModuleType | Any) -> None:
    global _backend
    _backend = backend


def exam_backend() -> Any:
    if _backend is None:
        raise RuntimeError("no exam backend registered (the exams app registers paths_glue in its ready())")
    return _backend
