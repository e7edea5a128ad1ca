"""The lint step's pip-audit verdict: real findings fail, an unreachable vulnerability service only warns."""

from __future__ import annotations

import pytest

from tests.security.audit_lock import classify

CLEAN = {"dependencies": [{"name": "django", "version": "5.2.9", "vulns": []}]}
VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
        {"name": "celery", "version": "5.7.0", "vulns": []},
    ]
}
NO_DATA = {
    "dependencies": [
        {
            "name": "amqp",
            "skip_reason": "Dependency not found on PyPI and could not be audited: amqp (5.4.2)",
        },
        {
            "name": "vine",
            "skip_reason": "Dependency not found on PyPI and could not be audited: vine (5.1.0)",
        },
    ]
}
OFFLINE = (
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries"
)


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAMPWAY_AUDIT_STRICT", raising=False)


def test_clean_report_passes() -> None:
    verdict = classify(CLEAN, 0, "")
    assert not verdict.failed
    assert verdict.lines == ["pip-audit: 1 packages audited, 0 with known vulnerabilities"]


def test_a_known_vulnerability_fails_and_names_the_fix() -> None:
    verdict = classify(VULNERABLE, 1, "")
    assert verdict.failed
    assert "VULNERABLE django 5.2.0: PYSEC-2025-1 (fix: 5.2.1)" in verdict.lines


def test_no_vulnerability_data_warns_without_failing_unless_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    verdict = classify(NO_DATA, 0, "")
    assert not verdict.failed
    assert verdict.lines[0].startswith("WARNING pip-audit: 2 of 2 packages NOT audited")
    monkeypatch.setenv("RAMPWAY_AUDIT_STRICT", "1")
    assert classify(NO_DATA, 0, "").failed


def test_unreachable_service_warns_but_any_other_crash_fails() -> None:
    offline = classify(None, 1, OFFLINE)
    assert not offline.failed and "unreachable" in offline.lines[0]
    crash = classify(None, 2, "pip-audit: error: unrecognized arguments: --bogus")
    assert crash.failed and "unrecognized arguments" in crash.lines[0]
