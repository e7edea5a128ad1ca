"""Which files are accepted as a candidate's CV: an allowed extension whose content really is that kind of file."""

from __future__ import annotations

import codecs
import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Served with this type on download; anything else stored earlier goes out as an opaque download.
CV_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "txt": "text/plain; charset=utf-8",
}
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
HEAD_BYTES = 8192


def cv_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def cv_content_type(name: str) -> str:
    return CV_CONTENT_TYPES.get(cv_extension(name), "application/octet-stream")


def _zip_names(stream: IO[bytes]) -> tuple[list[str], bytes]:
    """Member names of a zip and the first bytes of an ODF ``mimetype`` member; ([], b"") if it is no zip."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(len(ODT_MIMETYPE) + 8)
            return names, mimetype
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return [], b""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    decoded = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            # Incremental, so a multi-byte character cut at the end of the sample is not a failure.
            decoded = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        break
    if decoded is None:
        return False
    # A "text" file that opens with markup is a web page (or SVG/XML) under another name.
    return not decoded.lstrip().startswith("<")


def _content_matches(extension: str, stream: IO[bytes], head: bytes) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "doc":
        return head.startswith(OLE2_MAGIC)
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension == "txt":
        return _looks_like_text(head)
    if extension in ("docx", "odt"):
        if not head.startswith(ZIP_MAGIC):
            return False
        names, mimetype = _zip_names(stream)
        if extension == "docx":
            return "[Content_Types].xml" in names and "word/document.xml" in names
        return mimetype.strip() == ODT_MIMETYPE
    return False


def cv_check(upload: Any) -> None:
    """Refuse a CV that is too big, has another extension, or whose bytes are not what the extension claims.

    Raises ``ValidationError`` with messages that name the field, so they read well wherever they are shown.
    """
    name = str(getattr(upload, "name", "") or "")
    display = name.rsplit("/", 1)[-1]
    extension = cv_extension(display)
    if extension not in CV_CONTENT_TYPES:
        raise ValidationError(
            _("CV: “%(name)s” is not accepted. Upload a PDF, DOC, DOCX, ODT, RTF or TXT file.")
            % {"name": display},
            code="cv_extension",
        )
    limit = settings.RAMPWAY_CV_MAX_BYTES
    size = getattr(upload, "size", 0) or 0
    if size > limit:
        raise ValidationError(
            _("CV: “%(name)s” is %(size).1f MB; the largest CV accepted is %(limit).1f MB.")
            % {"name": display, "size": size / 1_048_576, "limit": limit / 1_048_576},
            code="cv_size",
        )
    if size == 0:
        raise ValidationError(_("CV: “%(name)s” is empty.") % {"name": display}, code="cv_empty")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    matches = _content_matches(extension, upload, head)
    upload.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "CV: the content of “%(name)s” is not a real %(type)s file. "
                "Save it again as PDF, DOC, DOCX, ODT, RTF or TXT and upload that."
            )
            % {"name": display, "type": extension.upper()},
            code="cv_content",
        )
