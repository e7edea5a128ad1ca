"""OutboxMessage now lives in `core` (core/0001): drop it from home's state only; the table and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_outbox_beat_schedule"),
        ("core", "0001_outbox_from_home"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
            database_operations=[],
        ),
    ]
