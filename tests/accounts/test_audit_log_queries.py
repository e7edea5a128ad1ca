"""The audit log (Django admin) reads a fixed number of queries at any size, and offers every labelled verb."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit_labels import VERB_LABELS
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(n: int) -> None:
    now = timezone.now()
    verbs = sorted(VERB_LABELS)
    AuditEvent.objects.bulk_create(
        AuditEvent(verb=verbs[i % len(verbs)], object_repr=f"Object {i}", at=now) for i in range(n)
    )


def _queries(client, django_assert_num_queries, expected: int) -> str:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(expected):
        response = client.get(reverse("admin:accounts_auditevent_changelist"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("size", [3, 250])
def test_audit_log_runs_a_fixed_number_of_queries(size, login_as, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    _events(size)
    client.get(reverse("admin:accounts_auditevent_changelist"))  # warm the session and MFA check
    html = _queries(client, django_assert_num_queries, AUDIT_LOG_QUERIES)
    # One page of 100 at most (the persona's own role grant is an event too).
    assert html.count('class="field-at') == min(AuditEvent.objects.count(), 100)
    assert AuditEvent.objects.count() > size


def test_the_verb_filter_offers_every_labelled_verb_without_reading_the_log(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    html = client.get(reverse("admin:accounts_auditevent_changelist")).content.decode()
    assert html.count("?verb=") == len(VERB_LABELS)


# Session, user, roles and permissions, the page's events and their one COUNT, the years of the date
# hierarchy, and the admin's own: the same at 3 events and at 250 (two pages); no DISTINCT over the verbs.
AUDIT_LOG_QUERIES = 9
