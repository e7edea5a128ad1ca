"""Moving OutboxMessage from home to core keeps the table: a message queued before the move is still pending after."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import OutboxMessage

BEFORE = [("home", "0004_outbox_beat_schedule"), ("core", None)]
AFTER = [("home", "0005_outbox_to_core"), ("core", "0001_outbox_from_home")]


@pytest.fixture
def latest_schema_after():  # type: ignore[no-untyped-def]
    """Unapplying core unapplies every migration that depends on it; the tests after this one need them all."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_a_message_queued_under_home_is_pending_under_core_after_the_migration() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_state = executor.loader.project_state([BEFORE[0]])
    assert ("core", "outboxmessage") not in old_state.models
    OldMessage = old_state.apps.get_model("home", "OutboxMessage")
    queued = OldMessage.objects.create(
        task_name="exams.item_analysis", args=[7], queue="analytics", dedupe_key="ia:7"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_state = executor.loader.project_state(AFTER)
    assert ("home", "outboxmessage") not in new_state.models

    message = OutboxMessage.objects.get()
    assert (message.pk, message.task_name, message.args, message.sent_at) == (
        queued.pk,
        "exams.item_analysis",
        [7],
        None,
    )
    assert OutboxMessage._meta.db_table == "home_outboxmessage"
