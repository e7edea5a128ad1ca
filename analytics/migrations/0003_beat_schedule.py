"""Once the monthly study re-run's beat row; now a no-op: `core.schedule` syncs it from analytics' AppConfig.ready."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0002_seed_metrics"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations: list[migrations.operations.base.Operation] = []
