"""SCORM 1.2: reading an uploaded package (zip → manifest → private files) and the runtime data model's rules.

A package is checked whole before one file is written (core.uploads.archive_members: paths, links, counts,
sizes, ratios), its manifest is parsed with defusedxml, and its files land under a fresh private folder that
only the access view in scorm_views serves. The data model table is the one the browser runtime
(static/courses/scorm_player.js) also enforces; the server checks again, because the browser is not trusted.
"""

from __future__ import annotations

import io
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.translation import gettext as _

from core.uploads import ArchiveLimits, archive_member_read, archive_members

MANIFEST = "imsmanifest.xml"


def storage() -> Storage:
    return storages["private"]


def _limits() -> ArchiveLimits:
    return ArchiveLimits(
        max_files=getattr(settings, "RAMPWAY_SCORM_MAX_FILES", 2000),
        max_unzipped_bytes=getattr(settings, "RAMPWAY_SCORM_MAX_UNZIPPED_BYTES", 500 * 1024 * 1024),
        max_ratio=getattr(settings, "RAMPWAY_SCORM_MAX_RATIO", 100),
    )


def max_upload_bytes() -> int:
    return int(getattr(settings, "RAMPWAY_SCORM_MAX_BYTES", 200 * 1024 * 1024))


@dataclass(frozen=True)
class ScormManifest:
    identifier: str
    title: str
    launch: str


@dataclass(frozen=True)
class StoredPackage:
    manifest: ScormManifest
    folder: str
    file_count: int
    total_bytes: int


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _attr(element: Element, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return ""


def manifest_parse(raw: bytes, *, files: set[str]) -> ScormManifest:
    """The launch file of the default organisation's first SCO (else the first SCO, else the first resource)."""
    try:
        root = ElementTree.fromstring(raw, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise ValidationError(_("imsmanifest.xml is not valid XML: %(error)s") % {"error": exc}) from exc
    if _local(root.tag) != "manifest":
        raise ValidationError(_("imsmanifest.xml has no <manifest> root element."))
    versions = [(e.text or "").strip() for e in root.iter() if _local(e.tag) == "schemaversion"]
    if any(v and v != "1.2" for v in versions):
        raise ValidationError(
            _("This package declares SCORM %(version)s; only SCORM 1.2 is supported.")
            % {"version": versions[0]}
        )
    resources = {
        _attr(r, "identifier"): r
        for block in _children(root, "resources")
        for r in _children(block, "resource")
    }
    organisations = _children(root, "organizations")
    chosen: Element | None = None
    title = ""
    if organisations:
        default = _attr(organisations[0], "default")
        orgs = _children(organisations[0], "organization")
        org = next((o for o in orgs if _attr(o, "identifier") == default), orgs[0] if orgs else None)
        if org is not None:
            title = next(((t.text or "").strip() for t in _children(org, "title")), "")
            for item in org.iter():
                ref = _attr(item, "identifierref") if _local(item.tag) == "item" else ""
                if ref in resources and _attr(resources[ref], "href"):
                    chosen = resources[ref]
                    break
    if chosen is None:
        scos = [r for r in resources.values() if _attr(r, "scormtype").lower() == "sco" and _attr(r, "href")]
        with_href = [r for r in resources.values() if _attr(r, "href")]
        candidates = scos or with_href
        chosen = candidates[0] if candidates else None
    if chosen is None:
        raise ValidationError(_("imsmanifest.xml names no resource to launch (no <resource href=…>)."))
    base = _attr(chosen, "base")
    href = posixpath.join(base, _attr(chosen, "href")) if base else _attr(chosen, "href")
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        raise ValidationError(_("The launch file %(href)s is not inside the package.") % {"href": href})
    path = posixpath.normpath(unquote(parts.path))
    if path not in files:
        raise ValidationError(_("The launch file %(href)s is missing from the package.") % {"href": href})
    launch = path + (f"?{parts.query}" if parts.query else "")
    return ScormManifest(identifier=_attr(root, "identifier")[:255], title=title[:255], launch=launch)


def package_store(upload: Any) -> StoredPackage:
    """Check the whole zip, then write its files under a new private folder. Nothing is written if it fails."""
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("The package is %(size)s MB; the largest accepted is %(limit)s MB.")
            % {"size": upload.size // (1024 * 1024), "limit": max_upload_bytes() // (1024 * 1024)}
        )
    raw = upload.read()
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError(_("The file is not a zip archive.")) from exc
    with archive:
        members = archive_members(archive, _limits())
        paths = {path for _info, path in members}
        if MANIFEST not in paths:
            raise ValidationError(_("The package has no imsmanifest.xml at its top level."))
        manifest_info = next(info for info, path in members if path == MANIFEST)
        manifest = manifest_parse(archive_member_read(archive, manifest_info), files=paths)
        folder = f"scorm/{uuid.uuid4().hex}"
        written = 0
        try:
            for info, path in members:
                data = archive_member_read(archive, info)
                written += len(data)
                storage().save(f"{folder}/{path}", ContentFile(data))
        except BaseException:
            package_delete(folder)
            raise
    return StoredPackage(manifest=manifest, folder=folder, file_count=len(members), total_bytes=written)


def package_delete(folder: str) -> None:
    files_storage = storage()

    def walk(path: str) -> None:
        if not files_storage.exists(path):
            return
        directories, files = files_storage.listdir(path)
        for name in files:
            files_storage.delete(f"{path}/{name}")
        for name in directories:
            walk(f"{path}/{name}")
        files_storage.delete(path)

    walk(folder)


# --- the SCORM 1.2 runtime data model --------------------------------------------------------------------

STATUSES = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
DONE_STATUSES = ("passed", "completed")
_DECIMAL = re.compile(r"^-?\d{1,10}(\.\d{1,7})?$")
_TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")


def _score(value: str) -> bool:
    return value == "" or (_DECIMAL.match(value) is not None and 0 <= float(value) <= 100)


# element → (writable check or None when read-only, max length). What a package may set and what it reads.
WRITABLE: dict[str, Any] = {
    "cmi.core.lesson_status": lambda v: v in STATUSES and v != "not attempted",
    "cmi.core.lesson_location": lambda v: len(v) <= 255,
    "cmi.core.score.raw": _score,
    "cmi.core.score.min": _score,
    "cmi.core.score.max": _score,
    "cmi.core.session_time": lambda v: _TIMESPAN.match(v) is not None,
    "cmi.core.exit": lambda v: v in ("time-out", "suspend", "logout", ""),
    "cmi.suspend_data": lambda v: len(v) <= 4096,
    "cmi.comments": lambda v: len(v) <= 4096,
}
READ_ONLY = (
    "cmi.core.student_id",
    "cmi.core.student_name",
    "cmi.core.credit",
    "cmi.core.entry",
    "cmi.core.total_time",
    "cmi.core.lesson_mode",
    "cmi.launch_data",
)
KEPT = tuple(k for k in WRITABLE if k not in ("cmi.core.session_time", "cmi.core.exit"))


class ScormDataError(ValueError):
    """A value the data model refuses, with the SCORM 1.2 error code the runtime reports."""

    def __init__(self, element: str, code: int, message: str) -> None:
        super().__init__(message)
        self.element, self.code = element, code


def runtime_values_check(values: Any) -> dict[str, str]:
    if not isinstance(values, dict) or len(values) > len(WRITABLE):
        raise ScormDataError("", 201, _("Send an object of data model elements."))
    checked: dict[str, str] = {}
    for element, value in values.items():
        if not isinstance(element, str) or not isinstance(value, str):
            raise ScormDataError(str(element), 405, _("Element names and values are strings."))
        if element in READ_ONLY:
            raise ScormDataError(element, 403, _("%(element)s is read-only.") % {"element": element})
        rule = WRITABLE.get(element)
        if rule is None:
            raise ScormDataError(
                element, 401, _("%(element)s is not a SCORM 1.2 element.") % {"element": element}
            )
        if not rule(value):
            raise ScormDataError(
                element,
                405,
                _("%(value)s is not a valid value for %(element)s.")
                % {"value": value[:50], "element": element},
            )
        checked[element] = value
    return checked


def timespan_seconds(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def timespan_format(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:04d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
