"""An eager publish imports the tasks modules only for a task it does not know yet: each import re-runs
Celery's Django fixup (django.setup and the system checks), which made seeding the demo slow."""

from __future__ import annotations

import pytest
from django.core import mail

from core import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def imports(monkeypatch: pytest.MonkeyPatch, settings) -> list[int]:  # type: ignore[no-untyped-def]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    app = outbox._app()
    real = app.loader.import_default_modules
    calls: list[int] = []

    def counted() -> object:
        calls.append(1)
        return real()

    monkeypatch.setattr(app.loader, "import_default_modules", counted)
    return calls


def test_a_known_task_runs_without_importing_the_tasks_modules_again(imports: list[int]) -> None:
    outbox._app().loader.import_default_modules()  # as the first eager publish of the process does
    imports.clear()
    for n in range(3):
        assert outbox.publish(
            "core.send_email", kwargs={"to": ["a@example.com"], "subject": f"s{n}", "body": "b"}
        )
    assert imports == []
    assert [m.subject for m in mail.outbox] == ["s0", "s1", "s2"]


def test_an_unknown_task_still_imports_the_tasks_modules_first(imports: list[int]) -> None:
    assert outbox.publish("core.no_such_task") is True  # eager: the failure is logged, not raised
    assert imports == [1]
