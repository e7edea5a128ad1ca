"""Question banks: categories, questions and their immutable versions, approval, retirement and import."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.models import User
from accounts.services import audit_record
from assessments.rubrics.models import RubricVersion
from core.concurrency import version_claim
from courses.section_links import links_to

from ..files import sniffed_content_type
from ..formats import EmbeddedFile, ParsedQuestion
from ..grading import ALL_TYPES
from ..models import (
    Category,
    Difficulty,
    Exam,
    Question,
    QuestionBank,
    QuestionFile,
    QuestionVersion,
    Tag,
)
from .publishing import exam_blueprint_problems


def category_ensure(
    *, bank: QuestionBank, path: str, cache: dict[str, Category] | None = None
) -> Category | None:
    """The category at "A/B/C" in the bank, creating missing levels; None for the empty path."""
    if not path:
        return None
    cache = cache if cache is not None else {}
    parent: Category | None = None
    walked = []
    for name in path.split("/"):
        walked.append(name)
        key = "/".join(walked)
        if key not in cache:
            cache[key], _created = Category.objects.get_or_create(bank=bank, parent=parent, name=name[:255])
        parent = cache[key]
    return parent


def _tag_names(names: list[str]) -> list[str]:
    """Each tag once, trimmed to the tag table's length, blank ones dropped, the given order kept."""
    return list(
        dict.fromkeys(n.strip()[: Tag._meta.get_field("name").max_length] for n in names if n.strip())
    )


def _tags_sync(question: Question, names: list[str]) -> None:
    # The question's tag set (what the bank filters on) follows its newest version's list.
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=n) for n in names if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    question.tags.set([existing[n] for n in names])


def _check_type(qtype: str) -> None:
    if qtype not in ALL_TYPES:
        raise ValidationError({"qtype": _("Unknown question type %(type)s.") % {"type": qtype}})


@transaction.atomic
def question_create(
    *,
    bank: QuestionBank,
    name: str,
    qtype: str,
    text: str,
    data: dict[str, Any],
    actor: User | None,
    category: Category | None = None,
    text_format: str = "html",
    general_feedback: str = "",
    difficulty: int = 2,
    default_mark: float = 1,
    rubric_version: RubricVersion | None = None,
    tags: list[str] | None = None,
    content_page_id: int | None = None,
) -> Question:
    _check_type(qtype)
    question = Question.objects.create(
        bank=bank,
        category=category,
        name=name[:255],
        difficulty=difficulty,
        content_page_id=content_page_id,
        author=actor,
    )
    QuestionVersion.objects.create(
        question=question,
        number=1,
        qtype=qtype,
        text=text,
        text_format=text_format,
        general_feedback=general_feedback,
        data=data,
        default_mark=default_mark,
        rubric_version=rubric_version,
        tags=_tag_names(tags or []),
        author=actor,
    )
    if tags:
        _tags_sync(question, _tag_names(tags))
    return question


@transaction.atomic
def question_revise(
    *, question: Question, actor: User | None, expected_version: int | None = None, **changes: Any
) -> QuestionVersion:
    """Editing creates a new version from the newest one; the question goes back to draft for a second look.

    `expected_version` is the question's ``version`` an editing form was loaded at: if someone changed the
    question since, the revision is refused (``core.concurrency.StaleEdit``) instead of building on it blind.
    """
    version_claim(Question, pk=question.pk, expected=expected_version, actor=actor, what=_("This question"))
    latest = question.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("The question has no version to revise."))
    fields = {
        f: changes.pop(f, getattr(latest, f))
        for f in (
            "qtype",
            "text",
            "text_format",
            "general_feedback",
            "data",
            "default_mark",
            "rubric_version",
            "tags",
        )
    }
    fields["tags"] = _tag_names(fields["tags"] or [])
    if changes:
        raise TypeError(f"unknown fields: {sorted(changes)}")
    _check_type(fields["qtype"])
    number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = QuestionVersion.objects.create(question=question, number=number, author=actor, **fields)
    _tags_sync(question, fields["tags"])
    if question.status == Question.Status.APPROVED:
        # The new version waits for a second trainer ("awaiting my review"); until then exams keep drawing the
        # approved one, so a published exam's pool never shrinks because a key was fixed.
        if question.approved_version_id is None:
            question.approved_version = latest
        question.needs_review = True
        question.save(update_fields=["approved_version", "needs_review"])
    return version


@transaction.atomic
def question_approve(*, question: Question, actor: User) -> Question:
    """A second trainer approves: never the question's author nor the author of its newest version."""
    latest = question.versions.order_by("-number").first()
    authors = {question.author_id, latest.author_id if latest else None} - {None}
    if actor.pk in authors:
        raise PermissionDenied(_("A question is approved by a second trainer, not by its author."))
    if question.status == Question.Status.RETIRED:
        raise ValidationError(_("A retired question cannot be approved."))
    question.status = Question.Status.APPROVED
    question.approved_by = actor
    question.approved_at = timezone.now()
    question.approved_version = latest
    question.needs_review = False
    question.save(update_fields=["status", "approved_by", "approved_at", "approved_version", "needs_review"])
    # A form loaded before the approval must not save over it.
    version_claim(Question, pk=question.pk, expected=None, actor=actor, what=_("This question"))
    audit_record(
        actor=actor,
        verb="question.approve",
        obj=question,
        after={"version": latest.number if latest else None},
    )
    return question


@transaction.atomic
def question_retire(*, question: Question, actor: User) -> Question:
    """Retire a question, unless a published exam's blueprint could then no longer be drawn: the refusal names
    the exam and its rules (unpublish the exam, change its blueprint or approve a replacement first)."""
    published = Exam.objects.filter(bank_id=question.bank_id, status=Exam.Status.PUBLISHED).order_by("pk")
    blocked = []
    for exam in published:
        problems = exam_blueprint_problems(exam, without={question.pk})
        if problems:
            blocked.append(
                _("The published exam “%(exam)s” would no longer be drawable: %(problems)s")
                % {"exam": exam.title, "problems": " ".join(problems)}
            )
    if blocked:
        raise ValidationError(blocked)
    question.status = Question.Status.RETIRED
    question.save(update_fields=["status"])
    version_claim(Question, pk=question.pk, expected=None, actor=actor, what=_("This question"))
    audit_record(actor=actor, verb="question.retire", obj=question)
    return question


def questions_content_changed(*, page_id: int, sections: Collection[str] | None = None) -> int:
    """Hook for the content app: a material change to a page flags every question linked to it for review
    (`sections`: only those testing a changed section or the whole page)."""
    linked = Question.objects.filter(links_to(sections, "content_section"), content_page_id=page_id)
    return linked.filter(needs_review=False).update(needs_review=True)


def question_files_store(*, question: Question, files: list[EmbeddedFile]) -> list[QuestionFile]:
    """Keep a question's embedded files (private storage, the type sniffed from the bytes); a name it already has
    is replaced."""
    stored = []
    for embedded in files:
        QuestionFile.objects.filter(question=question, name=embedded.name).delete()
        item = QuestionFile(
            question=question,
            name=embedded.name,
            content_type=sniffed_content_type(embedded.content),
            size=len(embedded.content),
        )
        item.content.save(embedded.name, ContentFile(embedded.content), save=False)
        item.save()
        stored.append(item)
    return stored


@transaction.atomic
def questions_import(
    *, bank: QuestionBank, questions: list[ParsedQuestion], actor: User | None
) -> list[Question]:
    """Save parsed questions as drafts with their categories; all or nothing."""
    cache: dict[str, Category] = {}
    created = []
    # A content link survives only to a page that exists here (an export from another site names other pages).
    pages = set(
        Page.objects.filter(pk__in={p.content_page for p in questions if p.content_page}).values_list(
            "pk", flat=True
        )
    )
    for parsed in questions:
        question = question_create(
            bank=bank,
            category=category_ensure(bank=bank, path=parsed.category, cache=cache),
            name=parsed.name or f"Question {parsed.number}",
            qtype=parsed.qtype,
            text=parsed.text,
            text_format=parsed.text_format,
            general_feedback=parsed.general_feedback,
            data=parsed.data(),
            default_mark=parsed.default_mark,
            tags=parsed.tags,
            difficulty=parsed.difficulty if parsed.difficulty in Difficulty.values else Difficulty.MEDIUM,
            content_page_id=parsed.content_page if parsed.content_page in pages else None,
            actor=actor,
        )
        question_files_store(question=question, files=parsed.files)
        created.append(question)
    if created:
        audit_record(actor=actor, verb="questions.import", obj=bank, after={"count": len(created)})
    return created
