"""CSV import: a preview first; errors name row and field; duplicates by email are skipped; all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.hiring import services
from assessments.hiring.imports import candidates_import, candidates_import_preview
from assessments.hiring.models import Candidate, SelfIdentification
from tests.factories.hiring import make_candidate, make_requisition

pytestmark = pytest.mark.django_db

GOOD = (
    "name,email,phone,source,sex\n"
    "Ann Lee,ann@example.com,555-1,referral,female\n"
    "Bo Chen,BO@example.com,,LinkedIn,\n"
    "Cy Diaz,cy@example.com,,,prefer not to say\n"
)


def test_the_preview_marks_new_rows_and_duplicates_without_writing(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    make_candidate(requisition, email="bo@example.com")
    preview = candidates_import_preview(requisition=requisition, text=GOOD)
    assert preview.errors == []
    assert [r.number for r in preview.new_rows] == [2, 4]
    assert [r.number for r in preview.duplicates] == [3]
    assert Candidate.objects.count() == 1


def test_import_creates_new_candidates_with_self_identification_apart(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    candidates_import(requisition=requisition, text=GOOD, actor=None)
    assert set(Candidate.objects.values_list("email", flat=True)) == {
        "ann@example.com",
        "bo@example.com",
        "cy@example.com",
    }
    assert Candidate.objects.get(email="bo@example.com").source == Candidate.Source.LINKEDIN
    assert SelfIdentification.objects.get(candidate__email="ann@example.com").sex == "female"
    assert not SelfIdentification.objects.filter(candidate__email="bo@example.com").exists()
    # Running the same file again is harmless: everyone is a duplicate now.
    again = candidates_import(requisition=requisition, text=GOOD, actor=None)
    assert len(again.duplicates) == 3 and Candidate.objects.count() == 3


def test_each_error_names_its_row_and_field_and_nothing_is_saved(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    bad = (
        "name,email,source\n"
        "Ann Lee,ann@example.com,referral\n"
        ",nobody@example.com,\n"
        "Bo Chen,not-an-email,\n"
        "Cy Diaz,ann@example.com,\n"
        "Di Fox,di@example.com,billboard\n"
    )
    with pytest.raises(ValidationError) as info:
        candidates_import(requisition=requisition, text=bad, actor=None)
    text = "\n".join(info.value.messages)
    assert "Row 3, name" in text
    assert "Row 4, email" in text
    assert "Row 5, email: the same address is already on row 2" in text
    assert "Row 6, source" in text
    assert Candidate.objects.count() == 0


def test_a_missing_column_is_a_file_error(roles) -> None:  # type: ignore[no-untyped-def]
    preview = candidates_import_preview(requisition=make_requisition(), text="name,phone\nAnn,1\n")
    assert preview.errors == ["The file lacks the column(s): email."]


def test_a_failure_midway_leaves_nothing_behind(roles, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    real = services.candidate_create
    calls = {"n": 0}

    def flaky(**kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr("assessments.hiring.imports.candidate_create", flaky)
    with pytest.raises(RuntimeError):
        candidates_import(requisition=requisition, text=GOOD, actor=None)
    assert Candidate.objects.count() == 0 and SelfIdentification.objects.count() == 0


def test_the_import_page_previews_then_imports(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    client = login_as("recruiter")
    url = f"/hiring/requisitions/{requisition.pk}/import/"
    upload = SimpleUploadedFile("c.csv", GOOD.encode("utf-8-sig"), content_type="text/csv")
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200 and preview.context["token"]
    assert Candidate.objects.count() == 0
    done = client.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert done.status_code == 302 and Candidate.objects.count() == 3
    bad = SimpleUploadedFile("c.csv", b"name,email\nAnn,nope\n", content_type="text/csv")
    response = client.post(url, {"file": bad})
    assert "Row 2, email" in response.content.decode() and not response.context["token"]
