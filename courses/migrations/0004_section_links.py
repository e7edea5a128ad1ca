"""Lessons and material-change events name the section of a library page they concern."""

import json

from django.conf import settings
from django.db import migrations, models


def references_with_sections(apps, schema_editor):
    """Re-derive each lesson's references from its body, now one row per (page, section) it shows."""
    LessonPage = apps.get_model("courses", "LessonPage")
    LessonReference = apps.get_model("courses", "LessonReference")
    rows = []
    for lesson in LessonPage.objects.filter(pk__in=LessonReference.objects.values("lesson_id")):
        raw = lesson.body.raw_data if hasattr(lesson.body, "raw_data") else json.loads(lesson.body or "[]")
        pairs = set()
        for block in raw or []:
            value = block.get("value") or {}
            if block.get("type") == "section_reference" and value.get("page"):
                pairs.add((value["page"], value.get("section") or ""))
        old = LessonReference.objects.filter(lesson_id=lesson.pk)
        known = set(old.values_list("page_id", flat=True))  # pages that exist: the rows' foreign keys say so
        old.delete()
        rows += [
            LessonReference(lesson_id=lesson.pk, page_id=page, section=section)
            for page, section in pairs
            if page in known
        ]
    LessonReference.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0003_paths_exam_steps'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='lessonreference',
            name='lessonreference_unique',
        ),
        migrations.AddField(
            model_name='contentversionevent',
            name='sections',
            field=models.JSONField(default=list, verbose_name='sections changed'),
        ),
        migrations.AddField(
            model_name='lessonreference',
            name='section',
            field=models.CharField(blank=True, choices=[('overview', 'Overview'), ('ideal_customer_profile', 'Ideal customer profile'), ('pains_value', 'Pains → value'), ('elevator_pitch', 'Elevator pitch (30 s)'), ('discovery_questions', 'Discovery questions'), ('objections', 'Objection → response'), ('competitors', 'Competitor positioning'), ('proof_points', 'Proof points / customer stories'), ('pricing', 'Pricing and packaging notes')], max_length=40, verbose_name='section'),
        ),
        migrations.AddConstraint(
            model_name='lessonreference',
            constraint=models.UniqueConstraint(fields=('lesson', 'page', 'section'), name='lessonreference_unique_section'),
        ),
        migrations.RunPython(references_with_sections, migrations.RunPython.noop),
    ]
