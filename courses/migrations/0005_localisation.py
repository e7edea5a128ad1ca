"""Content in two languages the Wagtail way: a zh-hans locale, and for every library, course and lesson page a
Chinese translation (linked by translation_key, in its own page tree under a translated home page) made from the
text that used to sit beside the English (the sections' `*_zh` children and "English 中文" titles and
paragraphs). The English pages keep only their English; the `*_zh` children leave the block definitions."""

import json

import wagtail.fields
from django.conf import settings
from django.db import migrations
from django.db.models import F

from courses import bilingual

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
TRANSLATED = {
    ("home", "homepage"),
    ("courses", "libraryindexpage"),
    ("courses", "courseindexpage"),
    ("courses", "productpage"),
    ("courses", "solutionpage"),
    ("courses", "coursepage"),
    ("courses", "lessonpage"),
}
INDEX_TITLES = {"homepage": "首页", "libraryindexpage": "产品资料库", "courseindexpage": "课程"}


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    )
    if last is None:
        return parent.path + "0001"
    step, number = last.path[-STEPLEN:], 0
    for ch in step:
        number = number * len(ALPHABET) + ALPHABET.index(ch)
    number += 1
    digits = ""
    for _i in range(STEPLEN):
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return last.path[:-STEPLEN] + digits


def _raw_bodies(connection, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT page_ptr_id, body FROM {table}")  # noqa: S608 — fixed table names
        rows = cursor.fetchall()
    return {pk: json.loads(body) if isinstance(body, str) else (body or []) for pk, body in rows}


def _rewrite_revision(Revision, revision_id, fields):
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return
    content = dict(revision.content)
    for name, value in fields.items():
        if name == "body" and isinstance(content.get("body"), str):
            value = json.dumps(value)
        content[name] = value
    if "title" in fields:
        content["draft_title"] = fields["title"]
    revision.content = content
    Revision.objects.filter(pk=revision.pk).update(content=content)


def forward(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    default = default or Locale.objects.order_by("pk").first()
    if default is None:
        return
    chinese, _created = Locale.objects.get_or_create(language_code=bilingual.ZH)
    kinds = {
        ct.pk: (ct.app_label, ct.model)
        for ct in ContentType.objects.all()
        if (ct.app_label, ct.model) in TRANSLATED
    }
    connection = schema_editor.connection
    raw = {}
    for table in ("courses_productpage", "courses_solutionpage", "courses_lessonpage"):
        raw.update(_raw_bodies(connection, table))

    translated = {}  # original page path → its Chinese translation
    for page in Page.objects.filter(locale=default, content_type_id__in=kinds).order_by("path"):
        app_label, model_name = kinds[page.content_type_id]
        Model = apps.get_model(app_label, model_name)
        existing = Page.objects.filter(translation_key=page.translation_key, locale=chinese).first()
        if existing is not None:
            translated[page.path] = existing
            continue
        if page.depth == 2:
            parent = Page.objects.get(path=page.path[:-STEPLEN])
        else:
            parent = translated.get(page.path[:-STEPLEN])
        if parent is None:
            continue  # under a page type that is not translated

        english = {"title": bilingual.part(page.title, bilingual.EN)}
        zh = {"title": bilingual.part(page.title, bilingual.ZH)}
        if model_name in INDEX_TITLES and not bilingual.has_chinese(page.title):
            zh["title"] = INDEX_TITLES[model_name]
        specific = Model.objects.get(pk=page.pk)
        if model_name in ("productpage", "solutionpage"):
            english["summary"] = bilingual.part(specific.summary, bilingual.EN)
            zh["summary"] = bilingual.part(specific.summary, bilingual.ZH)
            english["body"] = bilingual.content_body(raw.get(page.pk, []), bilingual.EN)
            zh["body"] = bilingual.content_body(raw.get(page.pk, []), bilingual.ZH)
        elif model_name == "lessonpage":
            english["body"] = bilingual.lesson_body(raw.get(page.pk, []), bilingual.EN)
            zh["body"] = bilingual.lesson_body(raw.get(page.pk, []), bilingual.ZH)
        elif model_name == "coursepage" and bilingual.has_chinese(specific.intro):
            english["intro"] = bilingual.rich_text(specific.intro, bilingual.EN)
            zh["intro"] = bilingual.rich_text(specific.intro, bilingual.ZH)

        copy = Model.objects.get(pk=page.pk)
        copy.pk = None
        copy.id = None
        copy.page_ptr_id = None
        copy._state.adding = True
        copy.path = _next_child_path(Page, parent)
        copy.depth = parent.depth + 1
        copy.numchild = 0
        copy.locale_id = chinese.pk
        if page.depth == 2:
            copy.slug = f"{page.slug}-{bilingual.ZH}"
        copy.url_path = f"{parent.url_path}{copy.slug}/"
        copy.has_unpublished_changes = False
        copy.latest_revision_id = None
        copy.live_revision_id = None
        copy.locked = False
        copy.locked_by_id = None
        copy.locked_at = None
        copy.alias_of_id = None
        for name, value in zh.items():
            setattr(copy, name, value)
        copy.draft_title = copy.title
        copy.save()
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        translated[page.path] = Page.objects.get(pk=copy.pk)

        Model.objects.filter(pk=page.pk).update(**english, draft_title=english["title"])
        _rewrite_revision(Revision, page.latest_revision_id, english)
        if page.live_revision_id != page.latest_revision_id:
            _rewrite_revision(Revision, page.live_revision_id, english)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('courses', '0004_section_links'),
        ('home', '0005_outbox_to_core'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AlterField(
            model_name='productpage',
            name='body',
            field=wagtail.fields.StreamField([('overview', 1), ('ideal_customer_profile', 7), ('pains_value', 12), ('elevator_pitch', 14), ('discovery_questions', 16), ('objections', 21), ('competitors', 28), ('proof_points', 34), ('pricing', 36)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'ul', 'link'], 'label': 'Overview', 'required': False}), 1: ('wagtail.blocks.StructBlock', [[('text', 0)]], {}), 2: ('wagtail.blocks.CharBlock', (), {'required': False}), 3: ('wagtail.blocks.ListBlock', (2,), {'default': [''], 'label': 'Industries'}), 4: ('wagtail.blocks.CharBlock', (), {'label': 'Company size', 'required': False}), 5: ('wagtail.blocks.ListBlock', (2,), {'default': [''], 'label': 'Buyer roles'}), 6: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional: anything else a seller should know about this section.', 'label': 'Notes', 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('industries', 3), ('company_size', 4), ('buyer_roles', 5), ('notes', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Pain', 'required': False}), 9: ('wagtail.blocks.TextBlock', (), {'label': 'Value we deliver', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('pain', 8), ('value', 9)]], {}), 11: ('wagtail.blocks.ListBlock', (10,), {'default': [{'pain': '', 'value': ''}], 'label': 'Pains → value'}), 12: ('wagtail.blocks.StructBlock', [[('items', 11), ('notes', 6)]], {}), 13: ('wagtail.blocks.TextBlock', (), {'help_text': 'About 30 seconds spoken aloud.', 'label': 'Pitch', 'required': False}), 14: ('wagtail.blocks.StructBlock', [[('pitch', 13)]], {}), 15: ('wagtail.blocks.ListBlock', (2,), {'default': [''], 'label': 'Questions'}), 16: ('wagtail.blocks.StructBlock', [[('questions', 15), ('notes', 6)]], {}), 17: ('wagtail.blocks.CharBlock', (), {'label': 'Objection', 'required': False}), 18: ('wagtail.blocks.TextBlock', (), {'label': 'Response', 'required': False}), 19: ('wagtail.blocks.StructBlock', [[('objection', 17), ('response', 18)]], {}), 20: ('wagtail.blocks.ListBlock', (19,), {'default': [{'objection': '', 'response': ''}], 'label': 'Objection → response'}), 21: ('wagtail.blocks.StructBlock', [[('items', 20), ('notes', 6)]], {}), 22: ('wagtail.blocks.CharBlock', (), {'label': 'Competitor', 'required': False}), 23: ('wagtail.blocks.TextBlock', (), {'label': 'Where we win', 'required': False}), 24: ('wagtail.blocks.TextBlock', (), {'label': 'Where we lose', 'required': False}), 25: ('wagtail.blocks.TextBlock', (), {'label': 'Landmines', 'required': False}), 26: ('wagtail.blocks.StructBlock', [[('competitor', 22), ('where_we_win', 23), ('where_we_lose', 24), ('landmines', 25)]], {}), 27: ('wagtail.blocks.ListBlock', (26,), {'default': [{'competitor': '', 'landmines': '', 'where_we_lose': '', 'where_we_win': ''}], 'label': 'Competitors'}), 28: ('wagtail.blocks.StructBlock', [[('items', 27), ('notes', 6)]], {}), 29: ('wagtail.blocks.CharBlock', (), {'label': 'Customer', 'required': False}), 30: ('wagtail.blocks.TextBlock', (), {'label': 'Story', 'required': False}), 31: ('wagtail.blocks.CharBlock', (), {'label': 'Result', 'required': False}), 32: ('wagtail.blocks.StructBlock', [[('customer', 29), ('story', 30), ('result', 31)]], {}), 33: ('wagtail.blocks.ListBlock', (32,), {'default': [{'customer': '', 'result': '', 'story': ''}], 'label': 'Proof points'}), 34: ('wagtail.blocks.StructBlock', [[('items', 33), ('notes', 6)]], {}), 35: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'ul', 'link'], 'label': 'Notes', 'required': False}), 36: ('wagtail.blocks.StructBlock', [[('notes', 35)]], {})}, verbose_name='content'),
        ),
        migrations.AlterField(
            model_name='solutionpage',
            name='body',
            field=wagtail.fields.StreamField([('overview', 1), ('ideal_customer_profile', 7), ('pains_value', 12), ('elevator_pitch', 14), ('discovery_questions', 16), ('objections', 21), ('competitors', 28), ('proof_points', 34), ('pricing', 36)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'ul', 'link'], 'label': 'Overview', 'required': False}), 1: ('wagtail.blocks.StructBlock', [[('text', 0)]], {}), 2: ('wagtail.blocks.CharBlock', (), {'required': False}), 3: ('wagtail.blocks.ListBlock', (2,), {'default': [''], 'label': 'Industries'}), 4: ('wagtail.blocks.CharBlock', (), {'label': 'Company size', 'required': False}), 5: ('wagtail.blocks.ListBlock', (2,), {'default': [''], 'label': 'Buyer roles'}), 6: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional: anything else a seller should know about this section.', 'label': 'Notes', 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('industries', 3), ('company_size', 4), ('buyer_roles', 5), ('notes', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Pain', 'required': False}), 9: ('wagtail.blocks.TextBlock', (), {'label': 'Value we deliver', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('pain', 8), ('value', 9)]], {}), 11: ('wagtail.blocks.ListBlock', (10,), {'default': [{'pain': '', 'value': ''}], 'label': 'Pains → value'}), 12: ('wagtail.blocks.StructBlock', [[('items', 11), ('notes', 6)]], {}), 13: ('wagtail.blocks.TextBlock', (), {'help_text': 'About 30 seconds spoken aloud.', 'label': 'Pitch', 'required': False}), 14: ('wagtail.blocks.StructBlock', [[('pitch', 13)]], {}), 15: ('wagtail.blocks.ListBlock', (2,), {'default': [''], 'label': 'Questions'}), 16: ('wagtail.blocks.StructBlock', [[('questions', 15), ('notes', 6)]], {}), 17: ('wagtail.blocks.CharBlock', (), {'label': 'Objection', 'required': False}), 18: ('wagtail.blocks.TextBlock', (), {'label': 'Response', 'required': False}), 19: ('wagtail.blocks.StructBlock', [[('objection', 17), ('response', 18)]], {}), 20: ('wagtail.blocks.ListBlock', (19,), {'default': [{'objection': '', 'response': ''}], 'label': 'Objection → response'}), 21: ('wagtail.blocks.StructBlock', [[('items', 20), ('notes', 6)]], {}), 22: ('wagtail.blocks.CharBlock', (), {'label': 'Competitor', 'required': False}), 23: ('wagtail.blocks.TextBlock', (), {'label': 'Where we win', 'required': False}), 24: ('wagtail.blocks.TextBlock', (), {'label': 'Where we lose', 'required': False}), 25: ('wagtail.blocks.TextBlock', (), {'label': 'Landmines', 'required': False}), 26: ('wagtail.blocks.StructBlock', [[('competitor', 22), ('where_we_win', 23), ('where_we_lose', 24), ('landmines', 25)]], {}), 27: ('wagtail.blocks.ListBlock', (26,), {'default': [{'competitor': '', 'landmines': '', 'where_we_lose': '', 'where_we_win': ''}], 'label': 'Competitors'}), 28: ('wagtail.blocks.StructBlock', [[('items', 27), ('notes', 6)]], {}), 29: ('wagtail.blocks.CharBlock', (), {'label': 'Customer', 'required': False}), 30: ('wagtail.blocks.TextBlock', (), {'label': 'Story', 'required': False}), 31: ('wagtail.blocks.CharBlock', (), {'label': 'Result', 'required': False}), 32: ('wagtail.blocks.StructBlock', [[('customer', 29), ('story', 30), ('result', 31)]], {}), 33: ('wagtail.blocks.ListBlock', (32,), {'default': [{'customer': '', 'result': '', 'story': ''}], 'label': 'Proof points'}), 34: ('wagtail.blocks.StructBlock', [[('items', 33), ('notes', 6)]], {}), 35: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'ul', 'link'], 'label': 'Notes', 'required': False}), 36: ('wagtail.blocks.StructBlock', [[('notes', 35)]], {})}, verbose_name='content'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
]
