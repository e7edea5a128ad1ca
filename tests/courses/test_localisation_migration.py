"""The localisation data migration turns yesterday's side-by-side demo text into linked Chinese translations."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from wagtail.models import Locale, Page, Site

from accounts.demo import seed_accounts
from courses.demo import seed_courses
from courses.demo_content import PAGES
from courses.models import ContentPage, CoursePage, LessonPage, ProductPage, SolutionPage
from courses.segmentation import page_texts
from courses.selectors import content_search
from home.models import HomePage

BEFORE = [("courses", "0004_section_links")]
AFTER = [("courses", "0005_localisation")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _page_tree() -> None:
    """Wagtail's root, locale and our home page come from data migrations; another transactional test that ran
    before on this worker has flushed them, so lay them down again as those migrations did."""
    if Page.objects.exists():
        return
    locale = Locale.objects.create(language_code="en")
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="Rampway", slug="home", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )


def _old_demo() -> None:
    """A copy of the demo as it was before: one page tree, titles and sections carrying both languages, and
    the search index as the old pages' saves left it."""
    _page_tree()
    seed_accounts()
    seed_courses()
    zh = Locale.objects.get(language_code="zh-hans")
    Page.objects.filter(locale=zh, depth=2).delete()
    for slug, (_kind, title, summary, _overdue, old_body) in PAGES.items():
        page: ContentPage = Page.objects.get(slug=slug).specific
        table = page._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET body = %s WHERE page_ptr_id = %s", [json.dumps(old_body), page.pk]
            )  # noqa: S608
        Page.objects.filter(pk=page.pk).update(title=title, draft_title=title)
        type(page).objects.filter(pk=page.pk).update(summary=summary)
        Page.objects.get(pk=page.pk).specific.save()  # the index entry the old page had
    assert not Page.objects.filter(locale=zh).exists()


@pytest.fixture
def latest_schema_after():  # type: ignore[no-untyped-def]
    """Going back to BEFORE unapplies the later courses migrations too; the tests after this one need them all."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_migration_makes_chinese_translations_from_the_old_zh_children(roles) -> None:  # type: ignore[no-untyped-def]
    _old_demo()
    zh = Locale.objects.get(language_code="zh-hans")

    _migrate(BEFORE)
    _migrate(AFTER)

    for slug, (_kind, title, _summary, _overdue, old_body) in PAGES.items():
        original = Page.objects.get(slug=slug, locale__language_code="en").specific
        chinese = original.get_translation(zh)
        assert chinese.live and chinese.url_path.endswith(f"/library/{slug}/")
        old = {c["type"]: c["value"] for c in old_body}
        new = {c.block_type: c.value for c in chinese.body}
        assert old["elevator_pitch"]["pitch_zh"] == new["elevator_pitch"]["pitch"]
        assert old["overview"]["text_zh"] in new["overview"]["text"].source
        assert old["objections"]["notes_zh"] == new["objections"]["notes"]
        assert title.endswith(chinese.title) and title.startswith(original.title)
        assert original.title != title and chinese.title != title  # never glued
        for model in (ProductPage, SolutionPage):
            for row in model.objects.filter(pk__in=[original.pk, chinese.pk]):
                assert "_zh" not in json.dumps(row.body.get_prep_value())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT body FROM {original._meta.db_table} WHERE page_ptr_id = %s", [original.pk]
            )  # noqa: S608
            assert "_zh" not in str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_pages_the_migration_made_are_found_by_their_chinese_words(roles) -> None:  # type: ignore[no-untyped-def]
    _old_demo()
    _migrate(BEFORE)
    # As an upgrade runs it: `migrate` to the latest, whose post-migrate step indexes what the migration wrote.
    call_command("migrate", verbosity=0)

    searched = (ProductPage, SolutionPage, CoursePage, LessonPage)
    for word in ("结账", "客户"):  # words of the old library pages' Chinese text
        containing = {
            page.translation_key
            for page in Page.objects.live().type(*searched).filter(locale__language_code="zh-hans").specific()
            if word in " ".join(page_texts(page))
        }
        assert containing, word
        with translation.override("zh-hans"):
            hits = content_search(word)
        assert {h.page.translation_key for h in hits} == containing
        assert all(h.page.locale.language_code == "zh-hans" for h in hits)
        assert all(f"<mark>{word}</mark>" in h.snippet or word in h.page.title for h in hits)
        # The English originals no longer carry Chinese text, in their pages or in their index entries.
        english = Page.objects.live().type(*searched).filter(locale=Locale.get_default())
        assert not list(english.search(word))
