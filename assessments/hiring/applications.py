"""Candidates apply themselves on the public careers site: the application, its consent, the voluntary self-id step.

An application never tells the sender whether their email already applied (the answer is "received" either way,
and nothing is written twice), so the careers site cannot be used to learn who is looking for a job here.
Self-identification answers go only to the restricted `SelfIdentification` table, under their own consent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import audit_record
from core.notifications import in_language_of, notify

from .models import ApplicationConsent, Candidate, Requisition, SelfIdentification
from .services import candidate_create

APPLICATION_RECEIVED = "hiring.application_received"

# A changed wording gets a new version, so each stored consent says which text the applicant agreed to.
APPLICATION_CONSENT_VERSION = "2026-12-03"
APPLICATION_CONSENT_TEXT = gettext_lazy(
    "I agree that %(organisation)s may keep the details and CV I send here to consider me for this role and to "
    "contact me about it. If I am not hired they are deleted %(days)s days after the decision, and I can ask "
    "for them to be deleted sooner."
)
SELF_ID_CONSENT_VERSION = "2026-12-03"
SELF_ID_CONSENT_TEXT = gettext_lazy(
    "I choose to answer these questions. My answers are kept apart from my application, are never shown to the "
    "people who assess me, and are used only in aggregate to check that hiring here is fair."
)
RACE_ETHNICITY_CONSENT_TEXT = gettext_lazy(
    "I separately agree to be asked about my race or ethnicity. It is sensitive personal information; "
    "answering is voluntary and does not affect my application."
)


def application_consent_text() -> str:
    return str(APPLICATION_CONSENT_TEXT) % {
        "organisation": settings.RAMPWAY_ORGANISATION_NAME,
        "days": settings.RAMPWAY_CANDIDATE_RETENTION_DAYS,
    }


def race_question_needs_separate_consent() -> bool:
    """PIPL treats race and ethnicity as sensitive personal information: in China it is asked only if agreed to."""
    return settings.RAMPWAY_ORGANISATION_COUNTRY == "CN"


def requisitions_open_for_applications() -> QuerySet[Requisition]:
    return Requisition.objects.filter(status=Requisition.Status.OPEN).select_related("team__parent")


@transaction.atomic
def application_submit(
    *,
    requisition: Requisition,
    name: str,
    email: str,
    phone: str = "",
    cv: Any,
    consent_text: str,
    language: str,
    now: dt.datetime | None = None,
) -> Candidate | None:
    """Add the applicant to the pipeline (source "careers site"); None when this email already applied here."""
    now = now or timezone.now()
    email = email.strip().lower()
    if Candidate.objects.filter(requisition=requisition, email=email).exists():
        return None
    try:
        with transaction.atomic():
            candidate = candidate_create(
                requisition=requisition,
                name=name,
                email=email,
                phone=phone,
                source=Candidate.Source.CAREERS_SITE,
                actor=None,
                cv=cv,
            )
    except IntegrityError:  # the same email arrived twice at once; the first one stands
        return None
    ApplicationConsent.objects.create(
        candidate=candidate,
        version=APPLICATION_CONSENT_VERSION,
        language=language,
        text=consent_text,
        consented_at=now,
    )
    audit_record(
        actor=None,
        verb="candidate.apply",
        obj=candidate,
        after={
            "requisition": requisition.pk,
            "source": candidate.source,
            "consent": APPLICATION_CONSENT_VERSION,
        },
    )
    recruiter = requisition.recruiter
    with in_language_of(recruiter):
        title = _("New applicant: %(candidate)s for %(role)s") % {
            "candidate": candidate.name,
            "role": requisition.title,
        }
        body = _("%(candidate)s applied on the careers site; they are in the Applied column.") % {
            "candidate": candidate.name
        }
    notify(
        recipient=recruiter,
        kind=APPLICATION_RECEIVED,
        event_key=f"hiring:application:{candidate.pk}",
        title=title,
        body=body,
        link=reverse("hiring:candidate", args=[candidate.pk]),
    )
    return candidate


@transaction.atomic
def self_identification_record(
    *,
    candidate_id: int | None,
    sex: str,
    age_band: str,
    race_ethnicity: str,
    race_ethnicity_consented: bool,
    now: dt.datetime | None = None,
) -> SelfIdentification | None:
    """Store the voluntary answers once; None for an application that was not recorded or already answered."""
    if candidate_id is None or SelfIdentification.objects.filter(candidate_id=candidate_id).exists():
        return None
    now = now or timezone.now()
    separate = race_question_needs_separate_consent()
    if separate and not race_ethnicity_consented:
        race_ethnicity = SelfIdentification.Ethnicity.UNDISCLOSED
    return SelfIdentification.objects.create(
        candidate_id=candidate_id,
        sex=sex or SelfIdentification.Sex.UNDISCLOSED,
        age_band=age_band or SelfIdentification.AgeBand.UNDISCLOSED,
        race_ethnicity=race_ethnicity or SelfIdentification.Ethnicity.UNDISCLOSED,
        consent_version=SELF_ID_CONSENT_VERSION,
        consented_at=now,
        race_ethnicity_consented_at=now if separate and race_ethnicity_consented else None,
    )
