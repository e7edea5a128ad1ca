"""For an organisation in China (PIPL) the race/ethnicity question counts only with its own separate consent."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.hiring.models import SelfIdentification
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db


def _applied(requisition) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.post(
        f"/careers/{requisition.pk}/",
        {
            "name": "Li Wei",
            "email": "li.wei@example.cn",
            "cv": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv", content_type="application/pdf"),
            "consent": "on",
        },
    )
    return client


def test_in_china_race_is_dropped_without_its_separate_consent(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ORGANISATION_COUNTRY = "CN"
    requisition = make_requisition()
    client = _applied(requisition)
    page = client.get(f"/careers/{requisition.pk}/self-identification/").content.decode()
    assert 'name="race_ethnicity_consent"' in page and "hiring-apply-race-question" in page
    client.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "male", "age_band": "30_39", "race_ethnicity": "asian", "consent": "on"},
    )
    answers = SelfIdentification.objects.get()
    assert (answers.sex, answers.race_ethnicity) == ("male", SelfIdentification.Ethnicity.UNDISCLOSED)
    assert answers.race_ethnicity_consented_at is None


def test_in_china_race_is_kept_with_the_time_of_its_separate_consent(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ORGANISATION_COUNTRY = "CN"
    requisition = make_requisition()
    client = _applied(requisition)
    client.post(
        f"/careers/{requisition.pk}/self-identification/",
        {
            "sex": "male",
            "age_band": "30_39",
            "race_ethnicity": "asian",
            "race_ethnicity_consent": "on",
            "consent": "on",
        },
    )
    answers = SelfIdentification.objects.get()
    assert answers.race_ethnicity == "asian" and answers.race_ethnicity_consented_at is not None


def test_in_the_us_the_eeo_question_is_asked_under_the_one_consent(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ORGANISATION_COUNTRY = "US"
    requisition = make_requisition()
    client = _applied(requisition)
    page = client.get(f"/careers/{requisition.pk}/self-identification/").content.decode()
    assert 'name="race_ethnicity_consent"' not in page and 'name="race_ethnicity"' in page
    client.post(
        f"/careers/{requisition.pk}/self-identification/",
        {"sex": "female", "age_band": "under_30", "race_ethnicity": "black", "consent": "on"},
    )
    assert SelfIdentification.objects.get().race_ethnicity == "black"
