"""Formerly wrote courses's beat rows; the schedule is now registered in ready() and synced by core.schedule.

Kept as a no-op so migration graphs of existing databases stay valid; their rows are adopted (same names)
by the post_migrate sync.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations: list[migrations.operations.base.Operation] = []
