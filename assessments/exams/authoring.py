"""The trainer's workbench: bank browsing selectors and the audited writes behind the question editor and exam builder."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.services import audit_record
from core.concurrency import version_claim

from .grading import feedback_for, grade
from .models import (
    Attempt,
    BlueprintRule,
    Category,
    Exam,
    ExamOverride,
    Question,
    QuestionBank,
    QuestionVersion,
    Response,
    Tag,
)
from .selectors import drawable_versions
from .services import question_approve, question_retire, question_revise
from .services import question_create as engine_question_create
from .vocabulary import QuestionType

# The fields of a version: a change to any of them is a new immutable version; the rest live on the question.
VERSION_FIELDS = ("qtype", "text", "general_feedback", "data", "default_mark")
QUESTION_FIELDS = ("name", "category", "difficulty", "content_page", "content_section")


# --- selectors -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryNode:
    category: Category
    depth: int
    count: int


def category_tree(bank: QuestionBank) -> list[CategoryNode]:
    """The bank's categories depth-first (parents before children) with their own question counts, one query."""
    rows = list(Category.objects.filter(bank=bank).annotate(n=Count("questions")).order_by("name"))
    children: dict[int | None, list[Category]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    out: list[CategoryNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for category in children.get(parent, []):
            out.append(CategoryNode(category, depth, category.n))  # type: ignore[attr-defined]
            walk(category.pk, depth + 1)

    walk(None, 0)
    return out


def category_subtree_ids(category: Category) -> list[int]:
    """The category and every category under it."""
    rows = list(Category.objects.filter(bank_id=category.bank_id).values_list("pk", "parent_id"))
    wanted, frontier = {category.pk}, {category.pk}
    while frontier:
        frontier = {pk for pk, parent in rows if parent in frontier} - wanted
        wanted |= frontier
    return sorted(wanted)


@dataclass(frozen=True)
class BankFilters:
    category: Category | None = None
    status: str = ""
    qtype: str = ""
    tag: Tag | None = None
    difficulty: int | None = None
    content_page_id: int | None = None
    needs_review: bool = False
    search: str = ""


def bank_questions(bank: QuestionBank, filters: BankFilters) -> QuerySet[Question]:
    """The bank's questions matching the filters, each with its newest version's type, text and number annotated.

    The newest version comes from subqueries, so a page of any length costs the same few queries."""
    newest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number")
    qs = (
        Question.objects.filter(bank=bank)
        .annotate(
            latest_qtype=Subquery(newest.values("qtype")[:1]),
            latest_text=Subquery(newest.values("text")[:1]),
            latest_number=Subquery(newest.values("number")[:1]),
        )
        .select_related("category", "author", "approved_by", "content_page")
        .prefetch_related("tags")
        .order_by("pk")
    )
    if filters.category is not None:
        qs = qs.filter(category_id__in=category_subtree_ids(filters.category))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.qtype:
        qs = qs.filter(latest_qtype=filters.qtype)
    if filters.tag is not None:
        qs = qs.filter(tags=filters.tag)
    if filters.difficulty:
        qs = qs.filter(difficulty=filters.difficulty)
    if filters.content_page_id:
        qs = qs.filter(content_page_id=filters.content_page_id)
    if filters.needs_review:
        qs = qs.filter(needs_review=True)
    if filters.search:
        qs = qs.filter(Q(name__icontains=filters.search) | Q(latest_text__icontains=filters.search))
    return qs


def questions_awaiting_review(user: User) -> QuerySet[Question]:
    """Drafts (and questions flagged for review) this user may approve: neither they nor the newest version's
    author wrote them, so the second-trainer rule is met."""
    newest_author = (
        QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number").values("author_id")[:1]
    )
    newest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number")
    return (
        Question.objects.filter(Q(status=Question.Status.DRAFT) | Q(needs_review=True))
        .exclude(status=Question.Status.RETIRED)
        .annotate(
            latest_author_id=Subquery(newest_author),
            latest_qtype=Subquery(newest.values("qtype")[:1]),
            latest_number=Subquery(newest.values("number")[:1]),
        )
        .exclude(author=user)
        .exclude(latest_author_id=user.pk)
        .select_related("bank", "category", "author")
        .order_by("pk")
    )


@dataclass(frozen=True)
class VersionChange:
    version: QuestionVersion
    changed: list[str]


def question_history(question: Question) -> list[VersionChange]:
    """Newest first: each version, who made it and which of its fields differ from the one before."""
    versions = list(question.versions.select_related("author").order_by("number"))
    out: list[VersionChange] = []
    previous: QuestionVersion | None = None
    for version in versions:
        if previous is None:
            changed = [str(_("created"))]
        else:
            changed = [
                str(getattr(QuestionVersion._meta.get_field(f), "verbose_name", f))
                for f in VERSION_FIELDS
                if getattr(previous, f) != getattr(version, f)
            ]
        out.append(VersionChange(version, changed))
        previous = version
    return out[::-1]


def rule_pool_size(*, bank: QuestionBank, category: Category, difficulty: int | None) -> int:
    """Approved questions a blueprint rule could draw from (the category and its subcategories)."""
    qs = Question.objects.filter(
        bank=bank, status=Question.Status.APPROVED, category_id__in=category_subtree_ids(category)
    )
    if difficulty:
        qs = qs.filter(difficulty=difficulty)
    return qs.count()


def _rule_pool(rule: BlueprintRule, bank_id: int) -> list[int]:
    qs = Question.objects.filter(
        bank_id=bank_id, status=Question.Status.APPROVED, category_id__in=category_subtree_ids(rule.category)
    )
    if rule.difficulty:
        qs = qs.filter(difficulty=rule.difficulty)
    return list(qs.order_by("pk").values_list("pk", flat=True))


def exam_preview_draw(exam: Exam, *, seed: int) -> list[QuestionVersion] | None:
    """A read-only draw of the exam as a learner could get it (nothing is stored), or None if it cannot be drawn.

    Rules are filled most-constrained first with random picks, retried a few times, so overlapping rules
    (a category and its subcategory) are met whenever the random order allows."""
    rules = list(exam.blueprint.select_related("category").order_by("pk"))
    if not rules:
        return None
    pools = [(rule, _rule_pool(rule, exam.bank_id)) for rule in rules]
    pools.sort(key=lambda item: len(item[1]) - item[0].count)
    rng = random.Random(seed)
    for _attempt in range(20):
        chosen: list[int] = []
        for rule, pool in pools:
            available = [pk for pk in pool if pk not in chosen]
            if len(available) < rule.count:
                break
            chosen += rng.sample(available, rule.count)
        else:
            if exam.shuffle_questions:
                rng.shuffle(chosen)
            delivered = drawable_versions(chosen)
            return [delivered[pk] for pk in chosen]
    return None


# --- preview grading ---------------------------------------------------------------------------------


def preview_response(version: QuestionVersion, *, position: int = 1, value: Any = None) -> Response:
    """An unsaved response in the key's own order, so the learner's presentation code renders it unchanged."""
    data = version.data or {}
    size = {
        QuestionType.MULTICHOICE: len(data.get("answers", [])),
        QuestionType.MATCHING: len(data.get("pairs", [])),
        QuestionType.ORDERING: len(data.get("items", [])),
    }.get(QuestionType(version.qtype), 0)
    order = list(range(size))
    if version.qtype == QuestionType.ORDERING:
        # Ordering shown in the right order would answer itself; a fixed rotation keeps the preview stable.
        order = order[1:] + order[:1]
    return Response(
        position=position,
        version=version,
        choice_order=order,
        value=value,
        max_mark=float(version.default_mark),
    )


@dataclass(frozen=True)
class PreviewGrade:
    fraction: float | None
    marks: float | None
    feedback: list[str]

    @property
    def percent(self) -> int | None:
        return None if self.fraction is None else round(100 * self.fraction)


def preview_grade(version: QuestionVersion, key_space_value: Any) -> PreviewGrade:
    """What the grading engine gives this answer (in the key's indices), with the feedback it earns."""
    data = version.data or {}
    fraction = grade(version.qtype, data, key_space_value)
    marks = None if fraction is None else round(fraction * float(version.default_mark), 4)
    return PreviewGrade(fraction, marks, [f for f in feedback_for(version.qtype, data, key_space_value) if f])


# --- services ------------------------------------------------------------------------------------------


def _tags(names: list[str]) -> list[Tag]:
    out = []
    for name in dict.fromkeys(n.strip()[:60] for n in names if n.strip()):
        tag, _created = Tag.objects.get_or_create(name=name)
        out.append(tag)
    return out


@transaction.atomic
def question_create(
    *,
    bank: QuestionBank,
    actor: User,
    name: str,
    qtype: str,
    text: str,
    data: dict[str, Any],
    category: Category | None = None,
    difficulty: int = 2,
    default_mark: float = 1,
    general_feedback: str = "",
    content_page: Any = None,
    content_section: str = "",
    tags: list[str] | None = None,
) -> Question:
    """A new draft question with its first version, written in the editor; audited."""
    if category is not None and category.bank_id != bank.pk:
        raise ValidationError({"category": _("The category belongs to another bank.")})
    question = engine_question_create(
        bank=bank,
        name=name,
        qtype=qtype,
        text=text,
        data=data,
        actor=actor,
        category=category,
        general_feedback=general_feedback,
        difficulty=difficulty,
        default_mark=default_mark,
    )
    if content_page is not None:
        question.content_page, question.content_section = content_page, content_section
        question.save(update_fields=["content_page", "content_section"])
    if tags:
        question.tags.set(_tags(tags))
    audit_record(actor=actor, verb="question.create", obj=question, after={"version": 1, "qtype": qtype})
    return question


@transaction.atomic
def question_edit(
    *,
    question: Question,
    actor: User,
    expected_version: int | None,
    tags: list[str] | None = None,
    **changes: Any,
) -> Question:
    """Save the editor: question fields in place, and a new version when any answer-key field changed.

    A new version of an approved question waits for a second trainer (question_revise: flagged for review,
    exams keep drawing the approved version); an edit of the name, category or tags alone needs no review."""
    unknown = set(changes) - set(VERSION_FIELDS) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    category = changes.get("category")
    if category is not None and category.bank_id != question.bank_id:
        raise ValidationError({"category": _("The category belongs to another bank.")})
    latest = question.versions.order_by("-number").first()
    version_changes = {
        f: changes[f]
        for f in VERSION_FIELDS
        if f in changes and (latest is None or getattr(latest, f) != changes[f])
    }
    # 1 and Decimal("1.00") are the same mark: no new version for it.
    if (
        "default_mark" in version_changes
        and latest is not None
        and float(latest.default_mark) == float(version_changes["default_mark"])
    ):
        del version_changes["default_mark"]
    before = {"status": question.status, "version": latest.number if latest else None}
    new_number = None
    if version_changes:
        new_version = question_revise(
            question=question, actor=actor, expected_version=expected_version, **version_changes
        )
        new_number = new_version.number
        question.refresh_from_db()
    else:
        question.version = version_claim(
            Question, pk=question.pk, expected=expected_version, actor=actor, what=_("This question")
        )
    question_changes = {
        f: changes[f] for f in QUESTION_FIELDS if f in changes and getattr(question, f) != changes[f]
    }
    for field, value in question_changes.items():
        setattr(question, field, value)
    if question_changes:
        question.save(update_fields=list(question_changes))
    tags_changed = False
    if tags is not None:
        wanted = _tags(tags)
        if {t.pk for t in wanted} != set(question.tags.values_list("pk", flat=True)):
            question.tags.set(wanted)
            tags_changed = True
    changed = sorted(version_changes) + sorted(question_changes) + (["tags"] if tags_changed else [])
    if changed:
        audit_record(
            actor=actor,
            verb="question.edit",
            obj=question,
            before=before,
            after={"status": question.status, "version": new_number or before["version"], "changed": changed},
        )
    return question


@dataclass(frozen=True)
class BulkOutcome:
    done: int
    refused: list[str]


def questions_bulk_approve(*, questions: list[Question], actor: User) -> BulkOutcome:
    """Approve each question the actor may approve; the others are named with the reason, not half-applied."""
    done, refused = 0, []
    for question in questions:
        if question.status == Question.Status.APPROVED and not question.needs_review:
            continue
        try:
            question_approve(question=question, actor=actor)
        except (PermissionDenied, ValidationError) as exc:
            reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            refused.append(f"{question.name}: {reason}")
        else:
            done += 1
    return BulkOutcome(done, refused)


def questions_bulk_retire(*, questions: list[Question], actor: User) -> BulkOutcome:
    """Retire each question a published exam can spare; the others are named with the exam and rule."""
    done, refused = 0, []
    for question in questions:
        if question.status != Question.Status.RETIRED:
            try:
                question_retire(question=question, actor=actor)
            except ValidationError as exc:
                refused.append(f"{question.name}: {' '.join(exc.messages)}")
            else:
                done += 1
    return BulkOutcome(done, refused)


@transaction.atomic
def questions_bulk_move(*, questions: list[Question], category: Category, actor: User) -> BulkOutcome:
    done, refused = 0, []
    for question in questions:
        if question.bank_id != category.bank_id:
            refused.append(f"{question.name}: {_('The category belongs to another bank.')}")
            continue
        if question.category_id == category.pk:
            continue
        before = {"category": question.category_id}
        question.category = category
        question.save(update_fields=["category"])
        audit_record(
            actor=actor, verb="question.move", obj=question, before=before, after={"category": category.pk}
        )
        done += 1
    return BulkOutcome(done, refused)


@transaction.atomic
def questions_bulk_tag(*, questions: list[Question], tag_name: str, actor: User) -> BulkOutcome:
    tags = _tags([tag_name])
    if not tags:
        raise ValidationError({"tag": _("Name the tag to add.")})
    tag = tags[0]
    done = 0
    for question in questions:
        if not question.tags.filter(pk=tag.pk).exists():
            question.tags.add(tag)
            audit_record(actor=actor, verb="question.tag", obj=question, after={"tag": tag.name})
            done += 1
    return BulkOutcome(done, [])


# Title and description in each UI language (exams/translation.py): English required, Chinese optional.
EXAM_TEXT_FIELDS: tuple[str, ...] = ("title_en", "title_zh_hans", "description_en", "description_zh_hans")
EXAM_FIELDS: tuple[str, ...] = (
    *("title_en", "title_zh_hans", "slug", "description_en", "description_zh_hans", "bank"),
    *("time_limit_minutes", "opens_at", "closes_at", "pass_mark"),
    *("attempts_allowed", "cooldown_hours", "shuffle_questions", "shuffle_choices", "navigation"),
    *("review_options", "certifying", "validity_months", "practice"),
)


def _exam_snapshot(exam: Exam) -> dict[str, Any]:
    # The review matrix stays JSON in the audit row, so a diff shows which box changed.
    kept: dict[str, Any] = {}
    for f in EXAM_FIELDS:
        value = getattr(exam, f)
        if f == "review_options":
            kept[f] = value
        else:  # an untranslated Chinese title is empty, not "None"
            kept[f] = "" if value is None and f in EXAM_TEXT_FIELDS else str(value)
    return kept | {"bank": exam.bank_id}


@transaction.atomic
def exam_create(*, actor: User, **fields: Any) -> Exam:
    """A draft exam from the builder; publishing is a separate step (exam_publish)."""
    unknown = set(fields) - set(EXAM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    exam = Exam.objects.create(created_by=actor, **fields)
    audit_record(actor=actor, verb="exam.create", obj=exam, after=_exam_snapshot(exam))
    return exam


@transaction.atomic
def exam_update(
    *,
    exam: Exam,
    actor: User,
    expected_version: int | None,
    rules: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Exam:
    """Save the builder: settings and (while a draft) the blueprint rules, refused when the form is stale."""
    unknown = set(fields) - set(EXAM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if exam.status != Exam.Status.DRAFT and ("bank" in fields and fields["bank"].pk != exam.bank_id or rules):
        raise ValidationError(
            _("A published exam keeps its bank and blueprint; close it and copy it to change them.")
        )
    before = _exam_snapshot(exam)
    exam.version = version_claim(
        Exam, pk=exam.pk, expected=expected_version, actor=actor, what=_("This exam")
    )
    for field, value in fields.items():
        setattr(exam, field, value)
    exam.save(update_fields=list(fields) or None)
    if rules is not None and exam.status == Exam.Status.DRAFT:
        blueprint_replace(exam=exam, rules=rules)
    audit_record(actor=actor, verb="exam.update", obj=exam, before=before, after=_exam_snapshot(exam))
    return exam


def blueprint_replace(*, exam: Exam, rules: list[dict[str, Any]]) -> list[BlueprintRule]:
    """The exam's blueprint becomes exactly these rules (category, difficulty, count)."""
    for rule in rules:
        if rule["category"].bank_id != exam.bank_id:
            raise ValidationError(_("A blueprint rule names a category of another bank."))
    from .pool import pool_changed

    exam.blueprint.all().delete()
    created = BlueprintRule.objects.bulk_create(
        BlueprintRule(exam=exam, category=r["category"], difficulty=r.get("difficulty"), count=r["count"])
        for r in rules
    )
    pool_changed()  # bulk_create sends no post_save
    return created


# --- overrides per learner and per team --------------------------------------------------------------

OVERRIDE_FIELDS = ("opens_at", "closes_at", "time_limit_minutes", "attempts_allowed")


@dataclass(frozen=True)
class ExamTerms:
    """The dates, time limit and attempts that hold for one learner, and the override they come from (if any)."""

    opens_at: Any
    closes_at: Any
    time_limit_minutes: int | None
    attempts_allowed: int
    override: ExamOverride | None


def exam_override_for(*, exam: Exam, user: User) -> ExamOverride | None:
    """The learner's own override, else the newest one of a team they belong to; None when neither exists."""
    from accounts.models import Membership

    teams = Membership.objects.filter(user=user).values("org_unit_id")
    # One query on the start and result paths: the learner's own row sorts before any team's.
    return (
        ExamOverride.objects.filter(Q(user=user) | Q(team_id__in=teams), exam=exam)
        .select_related("team")
        .order_by(F("user_id").desc(nulls_last=True), "-granted_at", "-pk")
        .first()
    )


def exam_terms_for(*, exam: Exam, user: User) -> ExamTerms:
    """The exam's settings with the learner's override laid over them (an empty override field keeps the exam's)."""
    override = exam_override_for(exam=exam, user=user)

    def pick(field: str) -> Any:
        value = getattr(override, field) if override is not None else None
        return getattr(exam, field) if value is None else value

    return ExamTerms(
        opens_at=pick("opens_at"),
        closes_at=pick("closes_at"),
        time_limit_minutes=pick("time_limit_minutes"),
        attempts_allowed=pick("attempts_allowed"),
        override=override,
    )


def _override_snapshot(override: ExamOverride) -> dict[str, Any]:
    return {
        f: None if getattr(override, f) is None else str(getattr(override, f)) for f in OVERRIDE_FIELDS
    } | {
        "user": override.user_id,
        "team": override.team_id,
        "reason": override.reason,
    }


@transaction.atomic
def exam_override_set(
    *, exam: Exam, actor: User, user: User | None = None, team: Any = None, reason: str = "", **terms: Any
) -> ExamOverride:
    """Create or change the override of one learner or one team; audited with the before and after terms."""
    if (user is None) == (team is None):
        raise ValidationError(_("Choose either a learner or a team."))
    unknown = set(terms) - set(OVERRIDE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    opens, closes = terms.get("opens_at"), terms.get("closes_at")
    if opens and closes and closes <= opens:
        raise ValidationError({"closes_at": _("The exam must close after it opens.")})
    if not any(terms.get(f) is not None for f in OVERRIDE_FIELDS):
        raise ValidationError(_("Change at least one of the dates, the time limit or the attempts."))
    override, created = ExamOverride.objects.select_for_update().get_or_create(
        exam=exam, user=user, team=team, defaults={"granted_by": actor}
    )
    before = None if created else _override_snapshot(override)
    for field in OVERRIDE_FIELDS:
        setattr(override, field, terms.get(field))
    override.reason = reason[:255]
    override.granted_by = actor
    override.save()
    audit_record(
        actor=actor,
        verb="exam.override",
        obj=exam,
        before=before,
        after=_override_snapshot(override),
        note=reason,
    )
    return override


@transaction.atomic
def exam_override_remove(*, override: ExamOverride, actor: User) -> None:
    before = _override_snapshot(override)
    exam = override.exam
    override.delete()
    audit_record(actor=actor, verb="exam.override_remove", obj=exam, before=before)


# --- reports -----------------------------------------------------------------------------------------


# The attempts the reports show: finished ones (the condition of the `exams_attempt_report` index).
REPORT_STATES = (Attempt.State.SUBMITTED, Attempt.State.ABANDONED)


def exam_report_attempts(
    *, exam: Exam, team: Any = None, since: Any = None, until: Any = None
) -> QuerySet[Attempt]:
    """Finished attempts of the exam, oldest first, filtered by the learner's team and the submit date.

    Sorted, filtered and counted in the database (the `exams_attempt_report` index holds this order); a
    learner is in a team at most once, so no DISTINCT is needed."""
    qs = (
        Attempt.objects.filter(exam=exam, state__in=REPORT_STATES)
        .select_related("user")
        .order_by("submitted_at", "pk")
    )
    if team is not None:
        qs = qs.filter(user__in=Membership.objects.filter(org_unit=team).values("user_id"))
    if since is not None:
        qs = qs.filter(submitted_at__date__gte=since)
    if until is not None:
        qs = qs.filter(submitted_at__date__lte=until)
    return qs


def report_attempts_page(attempts: QuerySet[Attempt], ids: list[int]) -> list[Attempt]:
    """The attempts of one report page, with their learners, in the page's order (1 query).

    The page is cut on the attempts' ids alone (`attempts.values_list("pk")`), so a far page skips rows in the
    index instead of joining every skipped attempt to its learner."""
    by_id = {a.pk: a for a in attempts.order_by().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids]


def exam_report_questions(exam: Exam) -> list[tuple[int, str]]:
    """(question id, name) of every question the exam has delivered, in id order: the grades report's columns.

    One probe per question (does any response of this exam use one of its versions?), not a DISTINCT over
    every response the exam has."""
    delivered = Response.objects.filter(version__question=OuterRef("pk"), attempt__exam=exam)
    return list(Question.objects.filter(Exists(delivered)).order_by("pk").values_list("pk", "name"))


def exam_grades_rows(attempts: list[Attempt], question_ids: list[int]) -> list[dict[str, Any]]:
    """Per attempt: its marks per question column (None where the attempt did not draw the question), one query."""
    marks: dict[int, dict[int, float | None]] = {a.pk: {} for a in attempts}
    for attempt_id, question_id, fraction, max_mark in Response.objects.filter(
        attempt_id__in=list(marks)
    ).values_list("attempt_id", "version__question_id", "fraction", "max_mark"):
        marks[attempt_id][question_id] = None if fraction is None else round(fraction * max_mark, 4)
    return [{"attempt": a, "marks": [marks[a.pk].get(q, "") for q in question_ids]} for a in attempts]


def exam_response_rows(attempts: QuerySet[Attempt]) -> QuerySet[Response]:
    """Every response of these attempts with its question, for the responses report."""
    return (
        Response.objects.filter(attempt__in=attempts)
        .select_related("attempt__user", "version__question")
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )


def response_answer_text(response: Response) -> str:
    """The learner's answer in words (choice texts, not display indices), for the responses report."""
    from .presentation import stored_to_key_space

    value = stored_to_key_space(response)
    data = response.version.data or {}
    qtype = response.version.qtype
    if value in (None, "", [], {}):
        return ""
    if qtype == QuestionType.MULTICHOICE:
        answers = data.get("answers", [])
        picked = value if isinstance(value, list) else [value]
        return "; ".join(answers[i]["text"] for i in picked if isinstance(i, int) and 0 <= i < len(answers))
    if qtype == QuestionType.ORDERING:
        items = data.get("items", [])
        return " → ".join(items[i] for i in value if isinstance(i, int) and 0 <= i < len(items))
    if qtype == QuestionType.MATCHING and isinstance(value, dict):
        pairs = data.get("pairs", [])
        return "; ".join(
            f"{pairs[int(k)]['question']} = {v}"
            for k, v in value.items()
            if str(k).isdigit() and int(k) < len(pairs)
        )
    return str(value)
