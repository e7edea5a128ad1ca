"""Demo content: Lumora Cloud's library, five courses, a 30-day path and learners part-way through. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.demo import LEARNERS, demo_email
from accounts.models import User
from accounts.roles import Role

from . import bilingual
from .bilingual import EN, ZH, part
from .demo_content import (
    COURSES,
    DUE_OFFSETS,
    PAGES,
    PATH_DESCRIPTION,
    PATH_DESCRIPTION_ZH,
    PATH_NAME,
    PATH_NAME_ZH,
)
from .demo_lessons import LESSON_TEXT
from .models import (
    ContentPage,
    CoursePage,
    LearningPath,
    LearningPathStep,
    LessonPage,
    LessonProgress,
    PathAssignment,
    ProductPage,
    SolutionPage,
)
from .services import content_locales, learning_path_assign, library_setup, page_translation_publish


def _lesson_body(title: str, source: ContentPage | None, section: str, check: Any) -> list[dict[str, Any]]:
    """Both languages side by side, as the demo text is written; bilingual.lesson_body keeps one of them."""
    english, chinese = LESSON_TEXT[title]
    # The opening line promises a knowledge check only when the lesson has one.
    if check is not None:
        how = "Read it, answer the knowledge check at the end, then mark it complete."
        how_zh = "阅读内容、完成文末的知识小测后，点击“标记为完成”。"
    else:
        how = "Read it, then mark it complete."
        how_zh = "阅读内容后，点击“标记为完成”。"
    blocks: list[dict[str, Any]] = [
        {
            "type": "text",
            "value": f"<p>In this lesson: <b>{title}</b>. {how}</p><p>本课时：<b>{title}</b>。{how_zh}</p>",
        },
        {"type": "text", "value": "".join(f"<p>{p}</p>" for p in english)},
        {"type": "text", "value": "".join(f"<p>{p}</p>" for p in chinese)},
    ]
    if source is not None:
        blocks.append({"type": "section_reference", "value": {"page": source.pk, "section": section}})
    blocks.append(
        {
            "type": "callout",
            "value": {
                "kind": "tip",
                "text": "<p>Say it out loud to a colleague before your first customer call. "
                "第一次拜访客户之前，先对同事讲一遍。</p>",
            },
        }
    )
    if check is not None:
        question, right, wrong = check
        blocks.append(
            {
                "type": "knowledge_check",
                "value": {
                    "question": question,
                    "options": [
                        {"text": right, "correct": True, "feedback": "Right. 回答正确。"},
                        {
                            "text": wrong,
                            "correct": False,
                            "feedback": "Not quite: re-read the lesson above. 不对：请重读上面的内容。",
                        },
                    ],
                    "explanation": "",
                },
            }
        )
    return blocks


def _publish(parent: Any, page: Any) -> Any:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@transaction.atomic
def seed_courses(*, today: dt.date | None = None) -> None:
    """Create what is missing; leave what exists alone."""
    today = today or timezone.localdate()
    roots = library_setup()
    if roots is None:
        return
    library, course_index = roots
    trainer = User.objects.filter(email=demo_email("trainer")).first()

    pages: dict[str, ContentPage] = {}
    locales = content_locales()
    for slug, (kind, title, summary, overdue, body) in PAGES.items():
        model = ProductPage if kind == "product" else SolutionPage
        page = model.objects.filter(slug=slug, locale=library.locale).first()
        if page is None:
            review_by = today - dt.timedelta(days=5) if overdue else today + dt.timedelta(days=150)
            page = _publish(
                library,
                model(
                    title=part(title, EN),
                    slug=slug,
                    summary=part(summary, EN),
                    body=bilingual.content_body(body, EN),
                    content_owner=trainer,
                    review_by=review_by,
                    owner=trainer,
                    live=False,
                ),
            )
        for locale in locales:
            page_translation_publish(
                page=page,
                locale=locale,
                fields={
                    "title": part(title, ZH),
                    "summary": part(summary, ZH),
                    "body": bilingual.content_body(body, ZH),
                },
            )
        pages[slug] = page

    courses: list[CoursePage] = []
    for slug, title, intro, outline in COURSES:
        course = CoursePage.objects.filter(slug=slug, locale=course_index.locale).first()
        if course is None:
            course = _publish(
                course_index,
                CoursePage(
                    title=part(title, EN), slug=slug, intro=f"<p>{part(intro, EN)}</p>", owner=trainer
                ),
            )
            for n, (lesson_title, minutes, source, section, check) in enumerate(outline, start=1):
                _publish(
                    course,
                    LessonPage(
                        title=part(lesson_title, EN),
                        slug=f"{slug}-{n}",
                        estimated_minutes=minutes,
                        body=bilingual.lesson_body(
                            _lesson_body(lesson_title, pages.get(source), section, check), EN
                        ),
                        owner=trainer,
                    ),
                )
        for locale in locales:
            page_translation_publish(
                page=course,
                locale=locale,
                fields={"title": part(title, ZH), "intro": f"<p>{part(intro, ZH)}</p>"},
            )
            for n, (lesson_title, _minutes, source, section, check) in enumerate(outline, start=1):
                original = LessonPage.objects.filter(slug=f"{slug}-{n}", locale=course_index.locale).first()
                if original is None:
                    continue
                page_translation_publish(
                    page=original,
                    locale=locale,
                    fields={
                        "title": part(lesson_title, ZH),
                        "body": bilingual.lesson_body(
                            _lesson_body(lesson_title, pages.get(source), section, check), ZH
                        ),
                    },
                )
        courses.append(course)

    path = LearningPath.objects.filter(name_en=PATH_NAME).first()
    if path is None:
        path = LearningPath.objects.create(
            name_en=PATH_NAME,
            name_zh_hans=PATH_NAME_ZH,
            description_en=PATH_DESCRIPTION,
            description_zh_hans=PATH_DESCRIPTION_ZH,
        )
        for n, (course, offset) in enumerate(zip(courses, DUE_OFFSETS, strict=True)):
            LearningPathStep.objects.create(path=path, sort_order=n, course=course, due_offset_days=offset)
        PathAssignment.objects.create(path=path, role=Role.LEARNER)
    # accounts.demo's learners only: people later seeders create get their paths from the role assignment.
    emails = [demo_email(f"{first}.{last}".lower()) for team in LEARNERS.values() for first, last in team]
    learners = list(User.objects.filter(email__in=[*emails, demo_email("learner")]).order_by("email"))
    enrollments = learning_path_assign(path=path, users=learners)

    # Progress roughly in step with how long ago each learner started, some ahead and some behind.
    lessons = [
        lesson for course in courses for lesson in LessonPage.objects.child_of(course).live().order_by("path")
    ]
    existing = set(LessonProgress.objects.filter(lesson__in=lessons).values_list("user_id", "lesson_id"))
    rows = []
    for n, enrollment in enumerate(enrollments):
        days_in = max(0, (today - enrollment.start_date).days)
        pace = (0.6, 1.0, 1.3)[n % 3]
        done = min(len(lessons), int(len(lessons) * min(1.0, days_in * pace / 30)))
        if enrollment.user.email == demo_email("learner"):
            done = 2
        for index, lesson in enumerate(lessons[:done]):
            if (enrollment.user_id, lesson.pk) in existing:
                continue
            finished = timezone.make_aware(
                dt.datetime.combine(
                    enrollment.start_date + dt.timedelta(days=index * 30 // len(lessons)), dt.time(10)
                )
            )
            rows.append(
                LessonProgress(
                    user_id=enrollment.user_id,
                    lesson=lesson,
                    started_at=finished - dt.timedelta(minutes=lesson.estimated_minutes),
                    completed_at=finished,
                    seconds_spent=lesson.estimated_minutes * 60,
                )
            )
    LessonProgress.objects.bulk_create(rows)


def seed_path_exams(*, today: dt.date | None = None) -> None:
    """After the exams seeder: the 30-day path ends with the certification exams. They can be taken alongside the
    courses, except the last, the capstone, which unlocks only once every step before it is done. Idempotent."""
    from django.apps import apps

    Exam = apps.get_model("exams", "Exam")  # by name: courses never imports the exams app (it sits above)
    path = LearningPath.objects.filter(name_en=PATH_NAME).first()
    if path is None or path.steps.filter(kind=LearningPathStep.Kind.EXAM).exists():
        return
    exams = list(
        Exam.objects.filter(certifying=True, practice=False, status=Exam.Status.PUBLISHED).order_by("pk")
    )
    start = path.steps.count()
    for n, exam in enumerate(exams):
        LearningPathStep.objects.create(
            path=path,
            sort_order=start + n,
            kind=LearningPathStep.Kind.EXAM,
            exam=exam,
            # Due on the last day of the month, a day apart so the team table reads in order.
            due_offset_days=min(30, 24 + n),
            requires_earlier=n == len(exams) - 1,
        )
