"""Issue 16 walked as the demo trainer: every workbench page of items 1–14 opens at 1366 and 375 px, in English and
Chinese, with no horizontal scrolling and no error; and an image added in the question editor shows in the preview
a learner's view is built from. Screenshots go to RAMPWAY_SHOTS_DIR for a person to look at."""

from __future__ import annotations

import zlib

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_email
from accounts.models import User
from assessments.exams.demo import BANK_SLUG
from assessments.exams.models import Attempt, Exam, Question

pytestmark = pytest.mark.e2e

WIDTHS = {1366: {"width": 1366, "height": 900}, 375: {"width": 375, "height": 812}}
LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (8).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress((b"\x00" + b"\x1f\x6f\xb4" * 8) * 8)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _pages() -> dict[str, str]:
    """Screenshot name → URL, one per page of items 1–14, on the demo's own objects."""
    exam = Exam.objects.filter(bank__slug=BANK_SLUG, status=Exam.Status.PUBLISHED).order_by("pk").first()
    attempted = Exam.objects.filter(pk__in=Attempt.objects.values("exam_id")).order_by("pk").first()
    question = Question.objects.filter(bank__slug=BANK_SLUG).order_by("pk").first()
    assert exam is not None and attempted is not None and question is not None
    return {
        "wb-home": "/exams/workbench/",
        "wb-bank": f"/exams/workbench/banks/{BANK_SLUG}/",
        "wb-bank-filtered": f"/exams/workbench/banks/{BANK_SLUG}/?status=retired",
        "wb-question-new": f"/exams/workbench/banks/{BANK_SLUG}/new/",
        "wb-question": f"/exams/workbench/questions/{question.pk}/",
        "wb-question-preview": f"/exams/workbench/questions/{question.pk}/preview/",
        "wb-review": "/exams/workbench/review/",
        "wb-exam-new": "/exams/workbench/exams/new/",
        "wb-exam": f"/exams/workbench/exams/{exam.slug}/",
        "wb-exam-preview": f"/exams/workbench/exams/{exam.slug}/preview/",
        "wb-overrides": f"/exams/workbench/exams/{exam.slug}/overrides/",
        "wb-grades": f"/exams/workbench/exams/{attempted.slug}/grades/",
        "wb-responses": f"/exams/workbench/exams/{attempted.slug}/responses/",
        "statistics": f"/exams/{attempted.slug}/statistics/",
        "regrade": f"/exams/{attempted.slug}/regrade/",
        "banks": "/exams/banks/",
        "bank-upload": "/exams/banks/upload/",
    }


def _cookies(user: User, live: LiveServer, language: str) -> list[dict[str, str]]:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live.url},
    ]


def _no_overflow(page: Page, where: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{where}: horizontal overflow {widths}"


def test_every_workbench_page_opens_and_fits(
    browser: Browser, live_site: LiveServer, seeded: None, screenshot
) -> None:  # type: ignore[no-untyped-def]
    trainer = User.objects.get(email=demo_email("trainer"))
    pages = _pages()
    problems: list[str] = []
    for width, viewport in WIDTHS.items():
        for language, locale in LANGUAGES.items():
            context = browser.new_context(viewport=viewport, locale=locale, base_url=live_site.url)
            context.set_default_timeout(60_000)
            context.add_cookies(_cookies(trainer, live_site, language))  # type: ignore[arg-type]
            page = context.new_page()
            page.on("pageerror", lambda exc, where=f"{width} {language}": problems.append(f"{where}: {exc}"))
            for name, url in pages.items():
                where = f"{name} {width} {language}"
                answer = page.goto(url)
                if answer is None or answer.status != 200:
                    problems.append(f"{where}: status {answer and answer.status}")
                    continue
                if page.locator("html").get_attribute("lang") != language:
                    problems.append(f"{where}: not in {language}")
                if not page.locator("main h1").first.is_visible():
                    problems.append(f"{where}: no heading")
                widths = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                if widths[0] > widths[1]:
                    problems.append(f"{where}: horizontal overflow {widths}")
                screenshot(page, f"{name}-{width}-{language}")
            context.close()
    assert problems == []


def test_an_image_added_in_the_editor_shows_in_the_preview(
    browser: Browser, live_site: LiveServer, seeded: None, screenshot
) -> None:  # type: ignore[no-untyped-def]
    trainer = User.objects.get(email=demo_email("trainer"))
    question = Question.objects.filter(bank__slug=BANK_SLUG).order_by("pk").first()
    assert question is not None
    context = browser.new_context(viewport=WIDTHS[375], base_url=live_site.url)
    context.set_default_timeout(60_000)
    context.add_cookies(_cookies(trainer, live_site, "en"))  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"/exams/workbench/questions/{question.pk}/")
    files = page.get_by_test_id("question-files")
    expect(files.get_by_test_id("question-files-empty")).to_be_visible()
    files.get_by_label("Image").set_input_files(
        {"name": "chart.png", "mimeType": "image/png", "buffer": _png()}
    )
    files.get_by_label("Description for screen readers").fill("Pricing chart")
    files.get_by_role("button", name="Add image").click()
    expect(files.locator("code", has_text="chart.png")).to_be_visible()
    _no_overflow(page, "editor with an image")
    screenshot(page, "wb-question-image-375-en")
    assert question.versions.count() == 2

    page.goto(f"/exams/workbench/questions/{question.pk}/preview/")
    image = page.get_by_role("img", name="Pricing chart")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 8
    screenshot(page, "wb-question-image-preview-375-en")

    page.goto(f"/exams/workbench/questions/{question.pk}/")
    files.get_by_role("button", name="Remove").click()
    expect(files.get_by_test_id("question-files-empty")).to_be_visible()
    assert question.versions.count() == 3
    context.close()
