"""Fill the stored progress of the enrollments that exist (new ones are kept current by courses/progress.py)."""

from django.db import migrations


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Enrollment = apps.get_model("courses", "Enrollment")
    if not Enrollment.objects.using(schema_editor.connection.alias).exists():
        return  # a fresh database (tests, a new install): nothing to fill
    # The figures need the live-lesson tree and the exam side's rules, which only the current code knows; this runs
    # when the fields are added, so the current models match the tables here.
    from courses.progress import enrollments_progress_refresh

    enrollments_progress_refresh()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_enrollment_stored_progress"),
        ("exams", "0014_exam_title_in_two_languages"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
