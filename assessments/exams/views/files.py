"""Serving a question's embedded files: only to those who may see the question, never as something to run."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts.selectors import user_has_role
from core.http import AuthedHttpRequest

from ..files import DOWNLOAD_TYPE, INLINE_TYPES
from ..models import QuestionFile, Response
from .common import TRAINER_ROLES


def _may_see_question(request: AuthedHttpRequest, question_id: int) -> bool:
    # Trainers see the bank; anyone else only a question they were delivered in one of their attempts.
    if user_has_role(request.user, *TRAINER_ROLES):
        return True
    return Response.objects.filter(attempt__user=request.user, version__question_id=question_id).exists()


@login_required
@require_GET
def question_file(request: AuthedHttpRequest, pk: int, name: str) -> FileResponse:
    # A question the viewer may not see is a 404 like a missing one: which questions have which files is private.
    if not _may_see_question(request, pk):
        raise Http404
    item = get_object_or_404(QuestionFile, question_id=pk, name=name)
    inline = item.content_type in INLINE_TYPES
    # SVG, HTML and the rest could carry script: a download of opaque bytes (a PDF keeps its sniffed type).
    served = item.content_type if inline or item.content_type == "application/pdf" else DOWNLOAD_TYPE
    response = FileResponse(item.content.open("rb"), content_type=served)
    response["Content-Disposition"] = content_disposition_header(not inline, item.name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened on its own, the file gets no script, no plugins and no same-origin rights.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
