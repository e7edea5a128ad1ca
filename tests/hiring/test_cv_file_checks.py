"""A CV is accepted only when its extension is allowed and its bytes are really that kind of file."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.hiring.models import Candidate
from assessments.hiring.services import candidate_create
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
GOOD = {
    "cv.pdf": b"%PDF-1.7\n1 0 obj",
    "cv.doc": bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 32,
    "cv.docx": DOCX,
    "cv.odt": ODT,
    "cv.rtf": b"{\\rtf1\\ansi Ann Lee}",
    "cv.txt": "Ann Lee — 销售经理, 8 years in B2B sales".encode(),
    "CV.PDF": b"%PDF-1.4 upper-case extension",
}
BAD_CONTENT = {
    "cv.pdf": HTML,  # a web page renamed to .pdf
    "cv.doc": b"%PDF-1.4 a pdf renamed to doc",
    "cv.docx": ODT,  # a zip, but not a Word document
    "cv.odt": DOCX,
    "cv.rtf": b"plain words",
    "cv.txt": HTML,
    "notes.txt": b"\x00\x01\x02binary",
}


def _post(client, requisition, name: str, data: bytes):  # type: ignore[no-untyped-def]
    cv = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        f"/hiring/requisitions/{requisition.pk}/candidates/new/",
        {"name": "Ann Lee", "email": "ann@example.com", "source": "referral", "cv": cv},
    )


@pytest.mark.parametrize(("name", "data"), list(GOOD.items()))
def test_each_accepted_type_with_real_content_is_stored(name, data, persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    response = _post(login_as("recruiter"), requisition, name, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Candidate.objects.get().cv.read() == data


@pytest.mark.parametrize(("name", "data"), list(BAD_CONTENT.items()))
def test_content_that_does_not_match_the_extension_is_refused_on_the_cv_field(
    name, data, persona, login_as
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    response = _post(login_as("recruiter"), requisition, name, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["cv"]
    assert errors["cv"][0].startswith("CV: the content of") and name in errors["cv"][0]
    assert b'role="alert"' in response.content
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("name", ["cv.html", "cv.exe", "cv.svg", "cv", "cv.pdf.html"])
def test_other_extensions_are_refused(name, persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    response = _post(login_as("recruiter"), requisition, name, b"%PDF-1.4")
    errors = response.context["form"].errors
    assert list(errors) == ["cv"] and "is not accepted" in errors["cv"][0]
    assert not Candidate.objects.exists()


def test_the_size_limit_is_a_setting(persona, login_as, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_CV_MAX_BYTES = 1024
    requisition = make_requisition(recruiter=persona("recruiter"))
    client = login_as("recruiter")
    response = _post(client, requisition, "big.pdf", b"%PDF-" + b"x" * 1020)
    errors = response.context["form"].errors
    assert list(errors) == ["cv"] and "largest CV accepted" in errors["cv"][0]
    assert _post(client, requisition, "small.pdf", b"%PDF-" + b"x" * 1019).status_code == 302


def test_the_service_refuses_a_disguised_file_from_any_caller(persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    with pytest.raises(ValidationError) as caught:
        candidate_create(
            requisition=requisition,
            name="Ann Lee",
            actor=None,
            cv=SimpleUploadedFile("cv.pdf", HTML, content_type="application/pdf"),
        )
    assert list(caught.value.message_dict) == ["cv"]
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("ann.pdf", GOOD["cv.pdf"], "application/pdf"),
        ("ann.txt", GOOD["cv.txt"], "text/plain; charset=utf-8"),
        ("ann.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_the_download_is_an_attachment_that_the_browser_must_not_sniff(
    name, data, content_type, persona, login_as
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    client = login_as("recruiter")
    assert _post(client, requisition, name, data).status_code == 302
    candidate = Candidate.objects.get()
    response = client.get(f"/hiring/candidates/{candidate.pk}/cv/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == data
