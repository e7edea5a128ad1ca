"""Outbound webhooks: signed per Standard Webhooks (checked by the `standardwebhooks` library on a loopback
receiver), retried with backoff, refused into private networks, managed by admins on their own pages."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from accounts.models import AuditEvent
from core.models import WebhookDelivery, WebhookEndpoint
from core.webhooks import (
    BACKOFF,
    url_check,
    webhook_deliver,
    webhook_emit,
    webhook_endpoint_create,
    webhook_secret_rotate,
    webhooks_retry_due,
)

pytestmark = pytest.mark.django_db
PORT = 8261


class _Receiver:
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.answer = 204
        self.location = ""


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    state = _Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 — http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(state.answer)
            if state.location:
                self.send_header("Location", state.location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def loopback_allowed(settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = True


def _endpoint(persona, events: list[str] | None = None, path: str = "/hook") -> WebhookEndpoint:  # type: ignore[no-untyped-def]
    return webhook_endpoint_create(
        url=f"http://127.0.0.1:{PORT}{path}",
        events=events or ["certification.issued", "certification.revoked"],
        actor=persona("admin"),
    )


def test_a_delivery_verifies_with_the_standard_webhooks_library(
    persona, receiver, loopback_allowed, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    endpoint = _endpoint(persona)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = webhook_emit(event="certification.issued", data={"certification_id": 7, "code": "ABC"})
    [(headers, body)] = receiver.requests
    payload = Webhook(endpoint.secret).verify(body, headers)
    assert payload["type"] == "certification.issued"
    assert payload["data"] == {"certification_id": 7, "code": "ABC"}
    assert headers["webhook-id"] == delivery.message_id
    assert headers["content-type"] == "application/json"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 204)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(body, headers)
    tampered = body.replace(b"ABC", b"XYZ")
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(tampered, headers)


def test_only_subscribed_active_endpoints_get_the_event(persona, loopback_allowed) -> None:  # type: ignore[no-untyped-def]
    issued = _endpoint(persona, ["certification.issued"])
    _endpoint(persona, ["candidate.hired"])
    inactive = _endpoint(persona, ["certification.issued"])
    WebhookEndpoint.objects.filter(pk=inactive.pk).update(active=False)
    deliveries = webhook_emit(event="certification.issued", data={})
    assert [d.endpoint_id for d in deliveries] == [issued.pk]
    with pytest.raises(ValueError):
        webhook_emit(event="made.up", data={})


def test_a_failing_endpoint_is_retried_with_backoff_then_marked_failed(
    persona, receiver, loopback_allowed
) -> None:  # type: ignore[no-untyped-def]
    receiver.answer = 500
    _endpoint(persona)
    [delivery] = webhook_emit(event="certification.revoked", data={"certification_id": 1})
    now = timezone.now()
    delivery = webhook_deliver(delivery_id=delivery.pk, now=now)
    assert delivery is not None
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at == now + BACKOFF[0]
    assert webhooks_retry_due(now=now) == 0  # not due yet
    assert webhook_deliver(delivery_id=delivery.pk, now=now) is None  # a duplicate task finds the lease
    assert webhooks_retry_due(now=now + BACKOFF[0]) == 1
    at = now
    for step in range(1, len(BACKOFF)):
        at = delivery.next_attempt_at
        delivery = webhook_deliver(delivery_id=delivery.pk, now=at)
        assert delivery is not None and delivery.next_attempt_at == at + BACKOFF[step]
    delivery = webhook_deliver(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    assert delivery is not None
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        "failed",
        len(BACKOFF) + 1,
        None,
    )
    assert webhook_deliver(delivery_id=delivery.pk) is None  # a finished row is left alone
    message_ids = {headers["webhook-id"] for headers, _body in receiver.requests}
    assert message_ids == {delivery.message_id}  # the same id every time, so receivers can dedupe


def test_a_redirect_is_not_followed(persona, receiver, loopback_allowed) -> None:  # type: ignore[no-untyped-def]
    receiver.answer, receiver.location = 302, "http://169.254.169.254/latest/meta-data/"
    _endpoint(persona)
    [delivery] = webhook_emit(event="certification.issued", data={})
    delivery = webhook_deliver(delivery_id=delivery.pk)
    assert delivery is not None
    assert (delivery.status, delivery.last_status_code) == ("pending", 302)
    assert len(receiver.requests) == 1


def test_a_rotated_secret_signs_alongside_the_old_one_for_a_day(persona, receiver, loopback_allowed) -> None:  # type: ignore[no-untyped-def]
    endpoint = _endpoint(persona)
    old = endpoint.secret
    new = webhook_secret_rotate(endpoint=endpoint, actor=persona("admin"))
    assert new != old and new.startswith("whsec_")
    [delivery] = webhook_emit(event="certification.issued", data={})
    webhook_deliver(delivery_id=delivery.pk)
    headers, body = receiver.requests[-1]
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(body, headers)
    Webhook(new).verify(body, headers)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret_until=timezone.now() - dt.timedelta(seconds=1)
    )
    [delivery] = webhook_emit(event="certification.issued", data={})
    webhook_deliver(delivery_id=delivery.pk)
    headers, body = receiver.requests[-1]
    Webhook(new).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)
    assert AuditEvent.objects.filter(verb="webhook.rotate", object_id=str(endpoint.pk)).exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "http://example.com/hook",  # plain http in production
        "ftp://example.com/hook",
        "https://user:pw@example.com/hook",
        "file:///etc/passwd",
    ],
)
def test_attacker_endpoint_urls_into_the_private_network_are_refused(url: str, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        url_check(url)
    assert "url" in caught.value.message_dict


def test_a_delivery_to_an_address_that_became_private_is_not_sent(persona, receiver, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = True
    _endpoint(persona)
    [delivery] = webhook_emit(event="certification.issued", data={})
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = False
    delivery = webhook_deliver(delivery_id=delivery.pk)
    assert delivery is not None and delivery.status == "pending" and delivery.last_status_code is None
    assert receiver.requests == []


def test_an_admin_adds_an_endpoint_and_sees_the_secret_once(login_as, loopback_allowed) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    assert client.get("/integrations/webhooks/").status_code == 200
    response = client.post(
        "/integrations/webhooks/",
        {
            "url": f"http://127.0.0.1:{PORT}/hook",
            "events": ["candidate.hired", "path.completed"],
            "active": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/integrations/webhooks/{endpoint.pk}/"
    assert endpoint.events == ["candidate.hired", "path.completed"]
    first = client.get(response["Location"]).content.decode()
    assert endpoint.secret in first
    assert endpoint.secret not in client.get(response["Location"]).content.decode()
    rotated = client.post(f"/integrations/webhooks/{endpoint.pk}/rotate/", follow=True).content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret in rotated


def test_the_form_names_the_field_it_refuses(login_as, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = False
    response = login_as("admin").post(
        "/integrations/webhooks/", {"url": "https://127.0.0.1/hook", "events": ["candidate.hired"]}
    )
    assert response.status_code == 200
    assert "private network" in response.context["form"].errors["url"][0]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("name", ["learner", "trainer", "recruiter", "coach", "analyst"])
def test_only_admins_reach_the_webhook_pages(login_as, persona, loopback_allowed, name: str) -> None:  # type: ignore[no-untyped-def]
    endpoint = _endpoint(persona)
    client = login_as(name)
    assert client.get("/integrations/webhooks/").status_code == 403
    assert client.get(f"/integrations/webhooks/{endpoint.pk}/").status_code == 403
    assert client.post(f"/integrations/webhooks/{endpoint.pk}/rotate/").status_code == 403
    assert WebhookEndpoint.objects.get().secret == endpoint.secret


def test_the_delivery_log_runs_a_fixed_number_of_queries(
    login_as, persona, loopback_allowed, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    endpoint = _endpoint(persona)
    client.get(f"/integrations/webhooks/{endpoint.pk}/")  # warm the session and role caches
    for _round in range(2):
        for n in range(5):
            webhook_emit(event="certification.issued", data={"n": n})
        # session, user, roles, endpoint, the page's count and its rows
        with django_assert_num_queries(6):
            response = client.get(f"/integrations/webhooks/{endpoint.pk}/")
        assert response.status_code == 200
    assert WebhookDelivery.objects.count() == 10
    assert (
        json.loads(json.dumps(response.context["page"].object_list[0].payload))["type"]
        == "certification.issued"
    )


def test_issuing_and_revoking_a_certification_emit_their_events(persona, loopback_allowed) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.models import Certification
    from assessments.exams.services import attempt_start, attempt_submit, certification_revoke
    from tests.factories.exams import published_exam

    _endpoint(persona)
    exam = published_exam(questions=2, draw=2, pass_mark=0, certifying=True, validity_months=12)
    now = timezone.now()
    attempt_submit(attempt=attempt_start(exam=exam, user=persona("learner"), now=now), now=now)
    certification = Certification.objects.get()
    certification_revoke(certification=certification, actor=persona("trainer"), reason="Copied answers")
    issued, revoked = WebhookDelivery.objects.order_by("pk")
    assert (issued.event, revoked.event) == ("certification.issued", "certification.revoked")
    assert issued.payload["data"]["code"] == certification.code
    assert issued.payload["data"]["email"] == persona("learner").email
    assert revoked.payload["data"]["status"] == "revoked"


def test_an_endpoint_added_after_an_event_nobody_heard_hears_the_next(persona, loopback_allowed) -> None:  # type: ignore[no-untyped-def]
    # Nobody listens: the answer is cached, so the next emission asks the cache, not the table.
    assert webhook_emit(event="certification.issued", data={"n": 1}) == []
    endpoint = _endpoint(persona, events=["certification.issued"])
    assert [d.endpoint_id for d in webhook_emit(event="certification.issued", data={"n": 2})] == [endpoint.pk]
    # Switched off, it is not sent to again.
    endpoint.active = False
    endpoint.save()
    assert webhook_emit(event="certification.issued", data={"n": 3}) == []
