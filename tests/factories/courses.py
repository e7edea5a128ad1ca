"""Factories for library pages, courses, lessons and learning paths (pages are added under the real index pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LearningPath,
    LearningPathStep,
    LessonPage,
    LibraryIndexPage,
    ProductPage,
    SolutionPage,
)
from courses.services import library_setup


def filled_body(**overrides: Any) -> list[dict[str, Any]]:
    """Raw StreamField data with every section filled; pass section=None to leave one out, or a dict to change it."""
    sections: dict[str, Any] = {
        "overview": {"text": "<p>Ledgerly closes the books in three days.</p>"},
        "ideal_customer_profile": {
            "industries": ["Manufacturing", "Retail"],
            "company_size": "200–2,000 employees",
            "buyer_roles": ["CFO", "Controller"],
            "notes": "",
        },
        "pains_value": {
            "items": [{"pain": "Month-end takes two weeks", "value": "Close in three days"}],
            "notes": "",
        },
        "elevator_pitch": {"pitch": "We help finance teams close faster."},
        "discovery_questions": {"questions": ["How long does your close take?"], "notes": ""},
        "objections": {
            "items": [{"objection": "Too expensive", "response": "Pays back in six months."}],
            "notes": "",
        },
        "competitors": {
            "items": [
                {
                    "competitor": "SheetCo",
                    "where_we_win": "Automation",
                    "where_we_lose": "Price",
                    "landmines": "Ask about audit trails",
                }
            ],
            "notes": "",
        },
        "proof_points": {
            "items": [{"customer": "Acme", "story": "Closed in 3 days", "result": "−70 %"}],
            "notes": "",
        },
        "pricing": {"notes": "<p>Per entity per month.</p>"},
    }
    sections.update(overrides)
    return [{"type": name, "value": value} for name, value in sections.items() if value is not None]


def library() -> LibraryIndexPage:
    result = library_setup()
    assert result is not None
    return result[0]


def course_index() -> CourseIndexPage:
    result = library_setup()
    assert result is not None
    return result[1]


def product_page(
    *, title: str = "Ledgerly", publish: bool = True, model: type = ProductPage, **fields: Any
) -> Any:
    fields.setdefault("body", filled_body())
    page = model(title=title, live=False, **fields)
    library().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def solution_page(**kwargs: Any) -> SolutionPage:
    return product_page(model=SolutionPage, **kwargs)  # type: ignore[no-any-return]


def course(*, title: str = "Product basics", lessons: int = 0, **fields: Any) -> CoursePage:
    page = CoursePage(title=title, **fields)
    course_index().add_child(instance=page)
    for n in range(lessons):
        lesson(course=page, title=f"{title} lesson {n + 1}")
    return page


def lesson(*, course: CoursePage, title: str = "Lesson", body: Any = None, **fields: Any) -> LessonPage:
    page = LessonPage(
        title=title,
        live=fields.pop("live", True),
        body=body or [{"type": "text", "value": f"<p>{title}</p>"}],
        **fields,
    )
    course.add_child(instance=page)
    return page


def learning_path(*, name: str = "Onboarding", courses: list[tuple[CoursePage, int]] = ()) -> LearningPath:  # type: ignore[assignment]
    path = LearningPath.objects.create(name=name)
    for n, (c, offset) in enumerate(courses):
        LearningPathStep.objects.create(path=path, sort_order=n, course=c, due_offset_days=offset)
    return path


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
