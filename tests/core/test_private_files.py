"""CVs, documents and other uploads leave only through views that check access; /media/ publishes none of them."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from accounts.roles import Role
from tests.factories.hiring import make_candidate, make_requisition

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The URL map as `make run` builds it (DEBUG on), over a real MEDIA_ROOT holding a CV, a document, an image."""
    import config.urls

    for relative in ("hiring/cv/2026/01/ann-lee.pdf", "documents/plan.pdf", "images/pic.max-800x600.png"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"%PDF-1.4 private")
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path)
    importlib.reload(config.urls)
    clear_url_caches()
    yield tmp_path
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.parametrize("who", [None, "admin"])
@pytest.mark.parametrize("path", ["hiring/cv/2026/01/ann-lee.pdf", "documents/plan.pdf"])
def test_the_media_url_serves_no_cv_or_document_in_make_run(debug_urls, login_as, who, path) -> None:  # type: ignore[no-untyped-def]
    response = login_as(who).get(f"/media/{path}")
    assert response.status_code == 404
    assert b"private" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_image_renditions_are_the_only_media_served_by_url(debug_urls, login_as) -> None:  # type: ignore[no-untyped-def]
    # Lesson and product illustrations are training content, public by design; originals stay unserved.
    assert login_as(None).get("/media/images/pic.max-800x600.png").status_code == 200
    assert login_as(None).get("/media/original_images/pic.png").status_code == 404


def test_a_cv_downloads_only_through_its_checked_view(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    candidate = make_candidate(make_requisition(recruiter=persona("recruiter")))
    candidate.cv.save("ann-lee.pdf", ContentFile(b"%PDF-1.4 cv"))
    url = f"/hiring/candidates/{candidate.pk}/cv/"
    anonymous = login_as(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert login_as("learner").get(url).status_code == 403
    assert login_as("analyst").get(url).status_code == 404
    assert login_as("recruiter").get(url).status_code == 200
    assert login_as("recruiter").get(f"/media/{candidate.cv.name}").status_code == 404


@pytest.fixture
def disk_storage(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Files on disk as in `make run` (Wagtail's serve view sends a local file by its path)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def _document(collection: Collection) -> Document:
    return Document.objects.create(
        title="Pricing plan", file=ContentFile(b"%PDF-1.4 doc", name="plan.pdf"), collection=collection
    )


def test_documents_are_never_redirected_to_their_storage_url(settings) -> None:  # type: ignore[no-untyped-def]
    # Wagtail's default for a storage with URLs but no local path (an object store) is a redirect to the file's
    # URL, which skips the privacy check; the setting pins the checked view whatever the storage.
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_a_document_is_streamed_by_the_serve_view(disk_storage, login_as) -> None:  # type: ignore[no-untyped-def]
    document = _document(Collection.get_first_root_node())
    response = login_as("learner").get(document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 doc"


def test_a_private_collection_refuses_anonymous_and_wrong_persona_downloads(disk_storage, login_as) -> None:  # type: ignore[no-untyped-def]
    private = Collection.get_first_root_node().add_child(name="Trainers only")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=Role.TRAINER)])
    document = _document(private)
    anonymous = login_as(None).get(document.url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert login_as("learner").get(document.url).status_code == 403
    assert login_as("trainer").get(document.url).status_code == 200


def test_a_document_used_only_on_a_restricted_page_follows_that_page(disk_storage, login_as) -> None:  # type: ignore[no-untyped-def]
    from wagtail.models import PageViewRestriction

    from tests.factories.courses import course, lesson

    document = _document(Collection.get_first_root_node())
    trainers_course = course(title="Trainer notes")
    link = f'<p><a linktype="document" id="{document.pk}">Pricing plan</a></p>'
    lesson(course=trainers_course, title="Pricing", body=[{"type": "text", "value": link}])
    restriction = PageViewRestriction.objects.create(
        page=trainers_course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=Role.TRAINER)])
    anonymous = login_as(None).get(document.url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert login_as("learner").get(document.url).status_code == 403
    assert login_as("trainer").get(document.url).status_code == 200
