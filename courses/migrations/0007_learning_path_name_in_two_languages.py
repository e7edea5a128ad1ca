"""LearningPath.name and .description get a column per UI language (django-modeltranslation, courses/translation.py).
The data step splits today's glued values, "English 中文" (the demo's, seeded before this change), into the English
column and the Chinese one; a value in one language only goes to English, the original. Backwards, the two are
glued again into the original column, the shape the code before this change reads."""

from django.db import migrations, models

from courses.bilingual import columns_glue, columns_split

FIELDS = ('name', 'description')


def split_languages(apps, schema_editor):
    columns_split(apps.get_model('courses', 'learningpath'), FIELDS)


def glue_languages(apps, schema_editor):
    columns_glue(apps.get_model('courses', 'learningpath'), FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0006_scorm_packages'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='learningpath',
            options={'ordering': ['name_en'], 'verbose_name': 'learning path', 'verbose_name_plural': 'learning paths'},
        ),
        migrations.AddField(
            model_name='learningpath',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='learningpath',
            name='description_zh_hans',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='learningpath',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='learningpath',
            name='name_zh_hans',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.RunPython(split_languages, glue_languages),
    ]
