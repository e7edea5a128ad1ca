"""SCORM 1.2 in a lesson: the package's files (only for those who may play it) and the runtime's commit endpoint."""

from __future__ import annotations

import json
import mimetypes
import posixpath

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from core.http import AuthedHttpRequest

from .localisation import original_of
from .models import LessonPage
from .scorm import ScormDataError, storage
from .scorm_services import lesson_scorm_package, scorm_data_save, scorm_may_play

# Packages are trainer-uploaded HTML that must reach window.parent.API, so they run on our origin; authoring
# tools emit inline scripts and eval, which our own pages never allow. Framing stays limited to our pages.
PACKAGE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# mimetypes' table depends on the host (/etc/mime.types); these are the types packages rely on.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".txt": "text/plain; charset=utf-8",
}


def _playable_lesson(request: AuthedHttpRequest, lesson_id: int) -> tuple[LessonPage, object]:
    lesson = original_of(get_object_or_404(LessonPage.objects.live(), pk=lesson_id))
    package = lesson_scorm_package(lesson)
    if package is None:
        raise Http404
    if not scorm_may_play(user=request.user, lesson=lesson):
        raise PermissionDenied
    return lesson, package


@login_required
@require_GET
@xframe_options_sameorigin
@csp_replace(PACKAGE_CSP)  # type: ignore[arg-type]
def scorm_file(request: AuthedHttpRequest, lesson_id: int, path: str) -> FileResponse:
    _lesson, package = _playable_lesson(request, lesson_id)
    clean = posixpath.normpath(path)
    if clean.startswith(("/", "..")) or "\x00" in clean or "\\" in clean:
        raise Http404
    name = f"{package.folder}/{clean}"  # type: ignore[attr-defined]
    files = storage()
    if not files.exists(name):
        raise Http404
    extension = posixpath.splitext(clean)[1].lower()
    content_type = (
        CONTENT_TYPES.get(extension) or mimetypes.guess_type(clean)[0] or "application/octet-stream"
    )
    response = FileResponse(files.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def scorm_runtime(request: AuthedHttpRequest, lesson_id: int) -> HttpResponse:
    lesson, _package = _playable_lesson(request, lesson_id)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("The request is not JSON."), "code": 201}, status=400)
    try:
        progress = scorm_data_save(
            user=request.user, lesson=lesson, values=body.get("values") if isinstance(body, dict) else None
        )
    except ScormDataError as exc:
        return JsonResponse({"error": str(exc), "element": exc.element, "code": exc.code}, status=400)
    return JsonResponse(
        {
            "completed": progress.completed_at is not None,
            "lesson_status": progress.scorm_cmi.get("cmi.core.lesson_status", "not attempted"),
        }
    )
