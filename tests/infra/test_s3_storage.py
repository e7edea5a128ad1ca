"""RAMPWAY_STORAGE=s3 against a real S3-compatible server (moto's server mode): private objects, signed URLs.

The storages are built by the base settings' own ``_s3()`` from the same variables a deployment sets, so what is
tested is the configuration the nodes run with. (moto does not enforce a presigned URL's expiry, so the test
checks the expiry the URL carries rather than waiting for it to lapse.)
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.hiring.models import Candidate
from config.settings.base import _s3
from tests.factories.hiring import make_requisition
from tests.infra.faultkit import S3Server, free_port

pytestmark = pytest.mark.services

PORTS = range(8280, 8290)


@pytest.fixture(scope="module")
def s3_server() -> Iterator[S3Server]:
    server = S3Server(free_port(PORTS))
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def bucket(s3_server: S3Server, settings, monkeypatch) -> S3Server:  # type: ignore[no-untyped-def]
    for name, value in s3_server.env().items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        "default": _s3("media"),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": _s3("private"),
    }
    s3_server.empty()
    return s3_server


def test_a_private_upload_is_stored_private_and_refused_without_a_signature(bucket: S3Server) -> None:
    name = storages["private"].save("imports/people.csv", ContentFile(b"email\nann@example.com\n"))

    key = f"private/{name}"
    assert bucket.objects("private/") == {key: b"email\nann@example.com\n"}
    grants = bucket.client().get_object_acl(Bucket=bucket.bucket, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"
    assert requests.get(f"{bucket.url}/{bucket.bucket}/{key}", timeout=10).status_code == 403
    with storages["private"].open(name) as handle:
        assert handle.read() == b"email\nann@example.com\n"


def test_a_url_handed_out_by_the_storage_is_signed_and_expires(bucket: S3Server) -> None:
    name = default_storage.save("images/logo.png", ContentFile(b"\x89PNG fake"))

    url = default_storage.url(name)

    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    signed = requests.get(url, timeout=10)
    assert signed.status_code == 200 and signed.content == b"\x89PNG fake"
    assert requests.get(url.split("?", 1)[0], timeout=10).status_code == 403


def test_two_uploads_with_one_name_never_overwrite_each_other(bucket: S3Server) -> None:
    first = default_storage.save("hiring/cv/cv.pdf", ContentFile(b"%PDF first"))
    second = default_storage.save("hiring/cv/cv.pdf", ContentFile(b"%PDF second"))

    assert first != second
    assert bucket.objects("media/hiring/cv/") == {
        f"media/{first}": b"%PDF first",
        f"media/{second}": b"%PDF second",
    }


@pytest.mark.django_db
def test_a_cv_in_the_bucket_goes_out_only_through_the_candidate_view(
    bucket: S3Server, persona, login_as
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    recruiter = login_as("recruiter")
    cv = SimpleUploadedFile("ann-lee.pdf", b"%PDF-1.4 Ann's CV", content_type="application/pdf")

    added = recruiter.post(
        f"/hiring/requisitions/{requisition.pk}/candidates/new/",
        {"name": "Ann Lee", "email": "ann@example.com", "source": "referral", "cv": cv},
    )

    assert added.status_code == 302
    candidate = Candidate.objects.get()
    key = f"media/{candidate.cv.name}"
    assert bucket.objects("media/") == {key: b"%PDF-1.4 Ann's CV"}
    assert requests.get(f"{bucket.url}/{bucket.bucket}/{key}", timeout=10).status_code == 403
    download = recruiter.get(f"/hiring/candidates/{candidate.pk}/cv/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 Ann's CV"
    assert download["Content-Disposition"] == 'attachment; filename="ann-lee.pdf"'
    assert login_as("analyst").get(f"/hiring/candidates/{candidate.pk}/cv/").status_code == 404
