"""Take over OutboxMessage from `home`: state only — the table `home_outboxmessage` and its rows stay."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("home", "0003_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("task_name", models.CharField(max_length=200, verbose_name="task")),
                        ("args", models.JSONField(blank=True, default=list, verbose_name="arguments")),
                        ("kwargs", models.JSONField(blank=True, default=dict, verbose_name="keyword arguments")),
                        ("queue", models.CharField(blank=True, max_length=100, verbose_name="queue")),
                        ("dedupe_key", models.CharField(blank=True, max_length=200, verbose_name="deduplication key")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("tries", models.PositiveIntegerField(default=0, verbose_name="tries")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                    ],
                    options={
                        "verbose_name": "outbox message",
                        "verbose_name_plural": "outbox messages",
                        "db_table": "home_outboxmessage",
                        "ordering": ["pk"],
                        "indexes": [models.Index(fields=["sent_at", "dedupe_key"], name="home_outbox_pending")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
