"""`seed_demo` ends with a table of the demo logins and the sign-in URL, not buried under task logs."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_email

pytestmark = pytest.mark.django_db


def noisy_seeder() -> None:
    """Stands in for the eager Celery and Wagtail tasks a real seeder runs."""
    logging.getLogger("django_tasks").info(
        "Task id=1 path=wagtail.tasks.update_reference_index_task state=RUNNING"
    )
    logging.getLogger("celery.app.trace").info("Task succeeded in 0.01s: None")
    logging.getLogger("courses").warning("a real problem still shows")


@pytest.fixture
def quick_seeders(settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_DEMO_SEEDERS = ["accounts.demo.seed_accounts", f"{__name__}.noisy_seeder"]


def test_seed_demo_silences_task_logs_but_not_warnings(roles, quick_seeders, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO):
        call_command("seed_demo", stdout=StringIO())
    assert [(r.name, r.levelno) for r in caplog.records] == [("courses", logging.WARNING)]
    assert logging.root.manager.disable == logging.NOTSET  # logging is back to normal afterwards


def test_seed_demo_ends_with_the_logins_and_the_sign_in_url(roles, quick_seeders) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("seed_demo", "--url", "http://127.0.0.1:8070/", stdout=out)
    lines = out.getvalue().rstrip().splitlines()
    table = lines[-(len(DEMO_LOGINS) + 1) :]
    assert "http://127.0.0.1:8070/accounts/login/" in "\n".join(lines[-(len(DEMO_LOGINS) + 6) :])
    for (local, role), line in zip(DEMO_LOGINS, table, strict=False):
        assert demo_email(local) in line and str(role.label) in line and DEMO_PASSWORD in line
    assert set(table[-1]) == {"─"}
