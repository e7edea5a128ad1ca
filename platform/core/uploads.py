"""Upload kit for imports: stash the file privately (per user, expiring) → preview → confirm, reading it each time
under one set of limits, so a file too big, too long or too wide is refused before it is read into memory.

The stash replaces carrying the file in the session or in a hidden form field: the confirm step re-reads the
very bytes the preview checked, a form shown again after an error keeps the chosen file, and nothing of it is
reachable by URL (the "private" storage is outside MEDIA_ROOT).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

STASH_SECONDS_DEFAULT = 2 * 60 * 60
_TOKEN = re.compile(r"^(\d{10})-[A-Za-z0-9_-]{22}$")
_XML_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class UploadLimits:
    """One set per import, used by its preview and its confirm alike."""

    max_bytes: int
    max_rows: int  # data rows, the header not counted
    max_cells: int
    max_unzipped_bytes: int = 64 * 1024 * 1024  # an XLSX's members once unpacked (a zip bomb stops here)


@dataclass(frozen=True)
class StashedUpload:
    token: str
    name: str  # the file name as the user chose it (made safe)
    path: str

    def read(self) -> bytes:
        with _storage().open(self.path, "rb") as handle:
            data: bytes = handle.read()
        return data

    def open(self) -> IO[bytes]:
        return _storage().open(self.path, "rb")

    def read_within(self, limits: UploadLimits) -> bytes:
        """The bytes, once the stored size passes the same limit the upload did (checked before reading)."""
        upload_check_size(_Sized(name=self.name, size=_storage().size(self.path)), limits)
        return self.read()


@dataclass(frozen=True)
class _Sized:
    name: str
    size: int


def _storage() -> Storage:
    return storages["private"]


def _stash_seconds() -> int:
    return int(getattr(settings, "RAMPWAY_UPLOAD_STASH_SECONDS", STASH_SECONDS_DEFAULT))


def _user_dir(user: Any) -> str:
    return f"uploads/{int(user.pk)}"


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f}"


def upload_check_size(upload: Any, limits: UploadLimits) -> None:
    name = str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="upload_empty")
    if size > limits.max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {"name": name, "size": _megabytes(size), "limit": _megabytes(limits.max_bytes)},
            code="upload_size",
        )


def upload_stash(*, user: Any, upload: Any, limits: UploadLimits) -> StashedUpload:
    """Keep an uploaded file for this user until confirm (or expiry); refuses it first if it is too big."""
    upload_check_size(upload, limits)
    _purge_expired(user)
    token = f"{int(time.time()):010d}-{secrets.token_urlsafe(16)}"
    name = get_valid_filename(str(upload.name).rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:100] or "upload"
    upload.seek(0)
    path = _storage().save(f"{_user_dir(user)}/{token}/{name}", upload)
    return StashedUpload(token=token, name=name, path=path)


def stash_get(*, user: Any, token: str | None) -> StashedUpload | None:
    """This user's stashed file, or None when the token is malformed, expired, or someone else's."""
    match = _TOKEN.match(token or "")
    if match is None:
        return None
    folder = f"{_user_dir(user)}/{token}"
    if time.time() - int(match[1]) > _stash_seconds():
        _delete_folder(folder)
        return None
    try:
        _dirs, files = _storage().listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not files:
        return None
    return StashedUpload(token=str(token), name=files[0], path=f"{folder}/{files[0]}")


def stash_discard(*, user: Any, stash: StashedUpload) -> None:
    _delete_folder(f"{_user_dir(user)}/{stash.token}")


def _delete_folder(folder: str) -> None:
    storage = _storage()
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        storage.delete(f"{folder}/{name}")


def _purge_expired(user: Any) -> None:
    """A user's abandoned previews are removed when they next upload, so the stash does not grow."""
    try:
        tokens, _files = _storage().listdir(_user_dir(user))
    except (FileNotFoundError, NotADirectoryError):
        return
    now = time.time()
    for token in tokens:
        match = _TOKEN.match(token)
        if match and now - int(match[1]) > _stash_seconds():
            _delete_folder(f"{_user_dir(user)}/{token}")


# --- text -------------------------------------------------------------------------------------------


def decode_text(raw: bytes, *, xml: bool = False) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with a BOM, or for XML the encoding its declaration names.

    Anything else is refused with a message that names the encoding problem, never a server error.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise _encoding_error(encoding.replace("-sig", "").upper(), exc) from None
    if xml:
        declared = _XML_DECLARED_ENCODING.match(raw)
        if declared:
            name = declared[1].decode("ascii")
            try:
                codecs.lookup(name)
            except LookupError:
                raise ValidationError(
                    _("The file declares the encoding “%(encoding)s”, which is not known. Save it as UTF-8.")
                    % {"encoding": name},
                    code="upload_encoding",
                ) from None
            try:
                return raw.decode(name)
            except UnicodeDecodeError as exc:
                raise _encoding_error(name, exc) from None
    # NUL bytes do not occur in text files, but every other byte of ASCII-range UTF-16 is one.
    if b"\x00" in raw[:4096]:
        raise ValidationError(
            _(
                "The file looks like UTF-16 text without a byte-order mark. Save it as UTF-8 (or UTF-16 with "
                "a byte-order mark)."
            ),
            code="upload_encoding",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _encoding_error("UTF-8", exc) from None


def _encoding_error(encoding: str, exc: UnicodeDecodeError) -> ValidationError:
    return ValidationError(
        _(
            "The file is not valid %(encoding)s text (byte %(position)s cannot be read). Save it as UTF-8 "
            "and upload it again."
        )
        % {"encoding": encoding, "position": exc.start + 1},
        code="upload_encoding",
    )


# --- tables -----------------------------------------------------------------------------------------


def _too_many_rows(limits: UploadLimits) -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)s rows; split it into smaller files.") % {"max": limits.max_rows},
        code="upload_rows",
    )


def _too_many_cells(limits: UploadLimits) -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)s cells; split it into smaller files.") % {"max": limits.max_cells},
        code="upload_cells",
    )


def csv_rows(raw: bytes, limits: UploadLimits) -> list[list[str]]:
    """The rows of a CSV file (header first), counted as they are parsed."""
    if len(raw) > limits.max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {"size": _megabytes(len(raw)), "limit": _megabytes(limits.max_bytes)},
            code="upload_size",
        )
    reader = csv.reader(io.StringIO(decode_text(raw)))
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in reader:
            rows.append(row)
            cells += len(row)
            if len(rows) > limits.max_rows + 1:
                raise _too_many_rows(limits)
            if cells > limits.max_cells:
                raise _too_many_cells(limits)
    except csv.Error as exc:
        raise ValidationError(
            _("Line %(line)s: the file is not valid CSV (%(error)s).")
            % {"line": reader.line_num, "error": exc},
            code="upload_csv",
        ) from None
    return rows


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def xlsx_rows(raw: bytes, limits: UploadLimits) -> list[list[str]]:
    """The first sheet's rows as text (header first), streamed in read-only mode and refused early when huge.

    The unpacked size is checked from the zip directory, and the sheet's declared ``<dimension>`` before a row
    is read; the real rows and cells are then counted as they stream, in case the dimension understates them.
    """
    from openpyxl import load_workbook

    not_a_workbook = ValidationError(
        _("The file could not be read as an Excel workbook (.xlsx)."), code="upload_xlsx"
    )
    if len(raw) > limits.max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {"size": _megabytes(len(raw)), "limit": _megabytes(limits.max_bytes)},
            code="upload_size",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise not_a_workbook from None
    if unpacked > limits.max_unzipped_bytes:
        raise ValidationError(
            _("The workbook unpacks to %(size)s MB; the largest accepted is %(limit)s MB.")
            % {"size": _megabytes(unpacked), "limit": _megabytes(limits.max_unzipped_bytes)},
            code="upload_unzipped",
        )
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise not_a_workbook from None
    try:
        sheet = book.worksheets[0]
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
        if declared_rows > limits.max_rows + 1:
            raise _too_many_rows(limits)
        if declared_rows * declared_columns > limits.max_cells:
            raise _too_many_cells(limits)
        # Read the cells that are really there, not a grid padded to the declared size.
        sheet.reset_dimensions()
        rows: list[list[str]] = []
        cells = 0
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(c) for c in values])
            cells += len(values)
            if len(rows) > limits.max_rows + 1:
                raise _too_many_rows(limits)
            if cells > limits.max_cells:
                raise _too_many_cells(limits)
    except ValidationError:
        raise
    except Exception:  # a damaged sheet inside a valid zip
        raise not_a_workbook from None
    finally:
        book.close()
    return rows


def table_rows(*, name: str, content: bytes, limits: UploadLimits) -> list[list[str]]:
    """CSV or XLSX by the file's extension, as rows of text cells (header first)."""
    if name.lower().endswith(".xlsx"):
        return xlsx_rows(content, limits)
    return csv_rows(content, limits)


@dataclass(frozen=True)
class ArchiveLimits:
    """What an uploaded zip may hold once unpacked (a package of files kept as files, e.g. SCORM)."""

    max_files: int
    max_unzipped_bytes: int
    max_ratio: int = 100  # a member that unpacks to more than this many times its packed size is a bomb


_S_IFMT, _S_IFLNK, _S_IFREG, _S_IFDIR = 0o170000, 0o120000, 0o100000, 0o040000


def archive_members(archive: zipfile.ZipFile, limits: ArchiveLimits) -> list[tuple[zipfile.ZipInfo, str]]:
    """The archive's files with their safe relative paths, once every member passes: no absolute path, no
    "..", no symlink or device, no encryption, within the count, total and ratio limits. Errors name the member.
    The sizes are the headers' claims: whoever extracts must still stop at them (archive_member_read does)."""
    members: list[tuple[zipfile.ZipInfo, str]] = []
    total = 0
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        raise ValidationError(
            _("The archive holds %(count)s files; the most accepted is %(limit)s.")
            % {"count": len(infos), "limit": limits.max_files},
            code="archive_files",
        )
    for info in infos:
        name = info.filename
        kind = (info.external_attr >> 16) & _S_IFMT
        if info.is_dir() or kind == _S_IFDIR:
            continue
        parts = name.replace("\\", "/").split("/")
        if (
            "\x00" in name
            or name.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", name)
            or any(part in ("..", "") for part in parts)
        ):
            raise ValidationError(
                _("%(name)s: a path outside the package is not allowed.") % {"name": name},
                code="archive_path",
            )
        if kind not in (0, _S_IFREG):
            raise ValidationError(
                _("%(name)s: links and special files are not allowed.") % {"name": name}, code="archive_link"
            )
        if info.flag_bits & 0x1:
            raise ValidationError(
                _("%(name)s: encrypted files are not allowed.") % {"name": name}, code="archive_encrypted"
            )
        if info.file_size > max(info.compress_size, 1) * limits.max_ratio:
            raise ValidationError(
                _("%(name)s unpacks to over %(ratio)s times its packed size: refused as a zip bomb.")
                % {"name": name, "ratio": limits.max_ratio},
                code="archive_ratio",
            )
        total += info.file_size
        if total > limits.max_unzipped_bytes:
            raise ValidationError(
                _("The archive unpacks to more than %(limit)s MB.")
                % {"limit": _megabytes(limits.max_unzipped_bytes)},
                code="archive_unzipped",
            )
        members.append((info, "/".join(parts)))
    return members


def archive_member_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, refusing to read past the size its header claims (a forged header is a bomb too)."""
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise ValidationError(
            _("%(name)s is larger than its archive header says.") % {"name": info.filename},
            code="archive_forged",
        )
    return data
