"""A trainer uploads a SCORM 1.2 zip in the Wagtail admin; its manifest is read and its files kept privately.
Attacker zips (zip-slip, absolute paths, symlinks, bombs, XML entity tricks, too many files) are refused whole."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import ScormPackage
from courses.scorm import package_store
from tests.factories.scorm import MANIFEST, scorm_zip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_private_storage(settings):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def _upload(data: bytes, name: str = "package.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def _stored_names() -> list[str]:
    private = storages["private"]
    if not private.exists("scorm"):
        return []
    return private.listdir("scorm")[0]


def test_a_trainer_uploads_a_package_in_the_admin(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    response = client.post(
        "/admin/snippets/courses/scormpackage/add/",
        {"title": "", "package": _upload(scorm_zip(title="Discovery basics"))},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    package = ScormPackage.objects.get()
    assert (package.title, package.launch, package.identifier, package.file_count) == (
        "Discovery basics",
        "index.html",
        "tiny",
        3,
    )
    private = storages["private"]
    assert private.exists(f"{package.folder}/index.html") and private.exists(
        f"{package.folder}/imsmanifest.xml"
    )


def test_the_admin_form_names_what_is_wrong_and_keeps_nothing(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("trainer").post(
        "/admin/snippets/courses/scormpackage/add/",
        {"title": "Evil", "package": _upload(scorm_zip(extra={"../../outside.html": "x"}))},
    )
    assert response.status_code == 200
    assert "../../outside.html: a path outside the package is not allowed." in response.content.decode()
    assert not ScormPackage.objects.exists()
    assert _stored_names() == []


def test_a_learner_cannot_reach_the_upload(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("learner").post(
        "/admin/snippets/courses/scormpackage/add/", {"title": "x", "package": _upload(scorm_zip())}
    )
    assert response.status_code in (302, 403)
    assert not ScormPackage.objects.exists()


def _zip_with(info: zipfile.ZipInfo, content: bytes = b"x") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "imsmanifest.xml", MANIFEST.format(identifier="t", version="1.2", title="t", launch="index.html")
        )
        archive.writestr("index.html", "<p>hi</p>")
        archive.writestr(info, content)
    return buffer.getvalue()


def _symlink(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (scorm_zip(extra={"../evil.html": "x"}), "a path outside the package"),
        (scorm_zip(extra={"a/../../evil.html": "x"}), "a path outside the package"),
        (_zip_with(zipfile.ZipInfo("/etc/cron.d/evil")), "a path outside the package"),
        (_zip_with(zipfile.ZipInfo("C:/Windows/evil.dll")), "a path outside the package"),
        (_zip_with(zipfile.ZipInfo("..\\evil.html")), "a path outside the package"),
        (_zip_with(_symlink("link.html", "/etc/passwd"), b"/etc/passwd"), "links and special files"),
        (scorm_zip(extra={"bomb.txt": b"0" * 5_000_000}), "zip bomb"),
        (b"not a zip at all", "not a zip archive"),
        (scorm_zip(launch="missing.html"), "missing from the package"),
        (scorm_zip(launch="https://evil.example/x.html"), "not inside the package"),
        (scorm_zip(version="2004 4th Edition"), "only SCORM 1.2"),
    ],
)
def test_attacker_packages_are_refused_whole(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        package_store(_upload(data))
    assert message in " ".join(caught.value.messages)
    assert _stored_names() == []


def test_a_package_without_a_manifest_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<p>hi</p>")
    with pytest.raises(ValidationError, match="no imsmanifest.xml"):
        package_store(_upload(buffer.getvalue()))


@pytest.mark.parametrize(
    "manifest",
    [
        # billion laughs
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        "<manifest>&lol2;</manifest>",
        # external entity (XXE)
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><manifest>&xxe;</manifest>',
    ],
)
def test_xml_entity_tricks_in_the_manifest_are_refused(manifest: str) -> None:
    with pytest.raises(ValidationError, match="not valid XML"):
        package_store(_upload(scorm_zip(manifest=manifest)))


def test_file_count_and_size_limits(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_SCORM_MAX_FILES = 5
    with pytest.raises(ValidationError, match="holds 8 files; the most accepted is 5"):
        package_store(_upload(scorm_zip(extra={f"f{n}.txt": "x" for n in range(5)})))
    settings.RAMPWAY_SCORM_MAX_FILES = 2000
    settings.RAMPWAY_SCORM_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="largest accepted"):
        package_store(_upload(scorm_zip()))
    settings.RAMPWAY_SCORM_MAX_BYTES = 10_000_000
    settings.RAMPWAY_SCORM_MAX_UNZIPPED_BYTES = 1000
    with pytest.raises(ValidationError, match="unpacks to more than"):
        package_store(_upload(scorm_zip(extra={"big.bin": bytes(range(256)) * 8})))
    assert _stored_names() == []


def test_a_forged_size_header_stops_the_read() -> None:
    data = bytearray(_zip_with(zipfile.ZipInfo("forged.txt"), b"A" * 50))
    # The central directory's uncompressed size of the last member says 5 bytes instead of 50.
    offset = data.rfind(b"PK\x01\x02")
    data[offset + 24 : offset + 28] = (5).to_bytes(4, "little")
    with pytest.raises((ValidationError, zipfile.BadZipFile)):
        package_store(_upload(bytes(data)))
    assert _stored_names() == []
