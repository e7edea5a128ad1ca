"""The audit log (Django admin) reads a fixed number of queries at any size, and offers every labelled verb."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def _hierarchy(client, query: str = "") -> tuple[dict[str, set[int]], list[str]]:  # type: ignore[no-untyped-def]
    """The date hierarchy's links (`at__year`, `at__month`, `at__day` values offered) and the page's SQL."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:accounts_auditevent_changelist") + query)
    assert response.status_code == 200
    html = response.content.decode()
    nav = html.split('<nav class="toplinks">', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]*)">', nav)  # the choices (the "back" link has class="date-back")
    offered = {
        part: {int(v) for link in links for v in re.findall(rf"at__{part}=(\d+)", link)}
        for part in ("year", "month", "day")
    }
    return offered, [q["sql"] for q in captured.captured_queries]


def test_the_date_hierarchy_offers_the_periods_holding_events_without_a_distinct_scan(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    client.get(reverse("admin:accounts_auditevent_changelist"))  # warm the session
    AuditEvent.objects.all().delete()  # the persona's own role grant is dated today
    utc = dt.UTC
    for at, verb in (
        (dt.datetime(2024, 3, 5, 9, tzinfo=utc), "role.grant"),
        (dt.datetime(2024, 3, 20, 23, 59, tzinfo=utc), "role.grant"),
        (dt.datetime(2024, 7, 1, tzinfo=utc), "role.grant"),
        (dt.datetime(2026, 11, 2, 12, tzinfo=utc), "role.revoke"),
    ):
        AuditEvent.objects.create(verb=verb, object_repr="Object", at=at)
    years, sql = _hierarchy(client)
    assert years["year"] == {2024, 2026}  # not 2025: no event that year
    assert not any("DISTINCT" in q.upper() for q in sql), sql
    months, sql = _hierarchy(client, "?at__year=2024")
    assert months["month"] == {3, 7}
    assert not any("DISTINCT" in q.upper() for q in sql), sql
    days, sql = _hierarchy(client, "?at__month=3&at__year=2024")
    assert days["day"] == {5, 20}
    assert not any("DISTINCT" in q.upper() for q in sql), sql
    # The filters narrow the periods: the one revoked role is in one month, so its days are offered.
    revoked, _sql = _hierarchy(client, "?verb=role.revoke")
    assert revoked["day"] == {2} and revoked["month"] == {11} and revoked["year"] == {2026}
    grants_2024, _sql = _hierarchy(client, "?verb=role.grant")
    assert grants_2024["month"] == {3, 7}


# Session, user, roles and permissions, the page's events and their one COUNT, the date hierarchy's first and
# last event, the periods in view (their first and last event again, then one index probe per period in one
# query, instead of a DISTINCT over every event), and the admin's own: the same at 3 events and at 250 (two
# pages); no DISTINCT over the verbs either.
AUDIT_LOG_QUERIES = 10
