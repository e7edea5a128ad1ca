"""Images a trainer adds to or removes from a question in the editor: each change is a new version of its text."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.uploads import UploadLimits, upload_check_size

from ..files import INLINE_TYPES, file_names_in, sniffed_content_type, without_file
from ..formats import MAX_EMBEDDED_FILE_BYTES, EmbeddedFile, unsafe_file_name
from ..models import Question, QuestionFile, QuestionVersion
from ..templatetags.exam_html import HTML_FORMATS, question_html_string
from .bank import question_files_store, question_revise

# The same cap as a file embedded in an imported Moodle XML question; rows and cells do not apply to an image.
IMAGE_LIMITS = UploadLimits(max_bytes=MAX_EMBEDDED_FILE_BYTES, max_rows=0, max_cells=0)


def _safe_name(raw: str) -> str:
    # Only the last part of whatever path the browser sent, reduced to letters, digits, "-", "_" and ".".
    base = str(raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    try:
        name = get_valid_filename(base)[:100]
    except SuspiciousFileOperation:
        name = ""
    if not name or unsafe_file_name(name) or name.startswith("."):
        name = f"image{name}" if name.startswith(".") else "image"
    return name


def _free_name(question: Question, name: str) -> str:
    # A name the question already has gets a number: older versions keep showing the file they linked.
    taken = set(QuestionFile.objects.filter(question=question).values_list("name", flat=True))
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{extension}"
    return candidate


def version_file_names(version: QuestionVersion) -> set[str]:
    """The files a version shows: linked from its text, its general feedback or its answers."""
    return file_names_in([version.text, version.general_feedback, version.data or {}])


def _latest(question: Question) -> QuestionVersion:
    latest = question.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("The question has no version to revise."))
    return latest


@transaction.atomic
def question_file_add(
    *, question: Question, upload: Any, alt: str, actor: User, expected_version: int | None
) -> QuestionFile:
    """Check an uploaded image (size before reading; the type from its bytes, never its name), keep it, and add
    a new version whose text shows it at the end. Only raster images: SVG and HTML can carry script."""
    name = _safe_name(getattr(upload, "name", ""))
    upload_check_size(upload, IMAGE_LIMITS)
    upload.seek(0)
    content = upload.read(IMAGE_LIMITS.max_bytes + 1)
    if len(content) > IMAGE_LIMITS.max_bytes or sniffed_content_type(content) not in INLINE_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a PNG, JPEG, GIF or WebP image; only those can be shown in a question.")
            % {"name": name},
            code="image_type",
        )
    name = _free_name(question, name)
    latest = _latest(question)
    text = latest.text
    if latest.text_format not in HTML_FORMATS:
        # The learner saw the text escaped with line breaks kept: the same as HTML, so an image can follow it.
        text = str(question_html_string(text, latest.text_format))
    image = f'<p><img src="@@PLUGINFILE@@/{quote(name)}" alt="{escape(alt.strip())}"></p>'
    version = question_revise(
        question=question,
        actor=actor,
        expected_version=expected_version,
        text=f"{text}\n{image}" if text else image,
        text_format="html",
    )
    (stored,) = question_files_store(question=question, files=[EmbeddedFile(name=name, content=content)])
    audit_record(
        actor=actor,
        verb="question.file_add",
        obj=question,
        after={"file": name, "version": version.number},
    )
    return stored


@transaction.atomic
def question_file_remove(
    *, question: Question, name: str, actor: User, expected_version: int | None
) -> QuestionVersion:
    """A new version without any link to the file. The file itself stays: the older versions still show it."""
    latest = _latest(question)
    if name not in version_file_names(latest):
        raise ValidationError(
            _("The newest version does not show “%(name)s”.") % {"name": name}, code="file_unused"
        )
    version = question_revise(
        question=question,
        actor=actor,
        expected_version=expected_version,
        text=without_file(latest.text, name),
        general_feedback=without_file(latest.general_feedback, name),
        data=without_file(latest.data or {}, name),
    )
    audit_record(
        actor=actor,
        verb="question.file_remove",
        obj=question,
        before={"file": name, "version": latest.number},
        after={"version": version.number},
    )
    return version
