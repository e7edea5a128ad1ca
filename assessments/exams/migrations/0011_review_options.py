"""Moodle's review options by timing replace the single review_policy (issue 16, item 6).

The old policy held after submit, with no timing: so each policy becomes the same choice in all three
after-submit timings. Practice exams always showed the full review and checked answers during the attempt
(right/wrong and feedback); "during" only ever applies to practice mode, so every exam gets that.
review_policy is dropped, not kept beside: two settings for one rule is how a page ends up reading the old one.
"""

from django.db import migrations, models

import assessments.exams.review

AFTER = ("immediately", "later", "closed")
ALL = ["marks", "right_answers", "feedback", "categories"]
DURING = ["marks", "feedback"]
BY_POLICY = {
    "score": ["marks"],
    "diagnostic": ["marks", "categories"],
    "full": ALL,
}


def forward(apps, schema_editor):
    Exam = apps.get_model("exams", "Exam")
    for exam in Exam.objects.only("pk", "review_policy", "practice"):
        after = ALL if exam.practice else BY_POLICY.get(exam.review_policy, ["marks"])
        options = {"during": list(DURING)} | {timing: list(after) for timing in AFTER}
        Exam.objects.filter(pk=exam.pk).update(review_options=options)


def backward(apps, schema_editor):
    Exam = apps.get_model("exams", "Exam")
    for exam in Exam.objects.only("pk", "review_options"):
        shown = set((exam.review_options or {}).get("immediately", []))
        policy = "full" if "right_answers" in shown else "diagnostic" if "categories" in shown else "score"
        Exam.objects.filter(pk=exam.pk).update(review_policy=policy)


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0010_section_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="exam",
            name="review_options",
            field=models.JSONField(
                blank=True,
                default=assessments.exams.review.review_options_default,
                verbose_name="review options",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(
            model_name="exam",
            name="review_policy",
        ),
    ]
