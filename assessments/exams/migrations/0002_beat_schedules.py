"""Register the exams beat tasks as django_celery_beat rows (the DatabaseScheduler reads them)."""

from django.db import migrations

# name → (task, crontab: minute, hour, day_of_week)
SCHEDULES = {
    "exams: submit overdue attempts (every minute)": ("exams.attempts_sweep", ("*", "*", "*")),
    "exams: certification expiry reminders (daily)": ("exams.certification_reminders", ("15", "7", "*")),
}


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, (minute, hour, day_of_week)) in SCHEDULES.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week=day_of_week, day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=list(SCHEDULES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
