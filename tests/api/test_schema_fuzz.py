"""Schemathesis against /api/v1/openapi.json: no 5xx, every answer matches the schema, auth is enforced."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from .conftest import ALL_SCOPES

pytestmark = pytest.mark.django_db
EXAMPLES = 15


@pytest.fixture
def wsgi_app():  # type: ignore[no-untyped-def]
    """Django's WSGI handler sharing the test's transaction (as the test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operations(app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_answers_within_its_schema(wsgi_app, org, bearer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_API_RATE_LIMIT = 1_000_000
    headers = bearer(*ALL_SCOPES)
    operations = _operations(wsgi_app)
    assert len(operations) == 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):  # type: ignore[no-untyped-def]
            # Schema-valid performance rows can still name an unknown person or metric: that is a 400
            # listing the rows, which the schema documents, not a rejected valid request.
            case.call_and_validate(
                headers=headers,
                additional_checks=[ignored_auth],
                excluded_checks=[positive_data_acceptance] if case.method == "POST" else [],
            )

        run()


def test_every_secured_operation_refuses_anonymous_calls(wsgi_app, org) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for operation in _operations(wsgi_app):
        if not operation.definition.raw.get("security"):
            assert operation.path == "/api/v1/certifications/verify/{code}"  # public, like /verify/<code>/
            continue

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=5,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):  # type: ignore[no-untyped-def]
            response = case.call()
            assert response.status_code == 401, (case.method, case.formatted_path, response.status_code)

        run()
        checked += 1
    assert checked == 7
