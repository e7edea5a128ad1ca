"""Exam.title and .description get a column per UI language (django-modeltranslation, exams/translation.py).
The data step splits today's glued values, "English 中文" (the demo's, seeded before this change), into the English
column and the Chinese one; a value in one language only goes to English, the original. Backwards, the two are
glued again into the original column, the shape the code before this change reads."""

from django.db import migrations, models

from courses.bilingual import columns_glue, columns_split

FIELDS = ('title', 'description')


def split_languages(apps, schema_editor):
    columns_split(apps.get_model('exams', 'exam'), FIELDS)


def glue_languages(apps, schema_editor):
    columns_glue(apps.get_model('exams', 'exam'), FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('exams', '0013_attempt_report_index'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='exam',
            options={'ordering': ['title_en'], 'verbose_name': 'exam', 'verbose_name_plural': 'exams'},
        ),
        migrations.AddField(
            model_name='exam',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='rules and description'),
        ),
        migrations.AddField(
            model_name='exam',
            name='description_zh_hans',
            field=models.TextField(blank=True, null=True, verbose_name='rules and description'),
        ),
        migrations.AddField(
            model_name='exam',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='exam',
            name='title_zh_hans',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.RunPython(split_languages, glue_languages),
    ]
