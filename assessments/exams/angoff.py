"""Modified-Angoff cut score: trainers estimate, per item of the exam's pool, the probability that a minimally
competent seller answers it correctly; the suggested pass mark is the mean over raters of each rater's
mark-weighted mean probability."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from stats.angoff import AngoffCut, angoff_cut

from .models import AngoffRating, Exam, QuestionVersion
from .selectors import latest_versions
from .services import exam_pool_question_ids
from .vocabulary import QuestionType


def exam_pool_versions(exam: Exam) -> list[QuestionVersion]:
    """The newest version of every markable question the exam can draw, in question order (two queries)."""
    ids = exam_pool_question_ids(exam)
    versions = latest_versions(ids)
    return [versions[q] for q in ids if q in versions and versions[q].qtype != QuestionType.DESCRIPTION]


def exam_angoff(exam: Exam) -> tuple[list[QuestionVersion], dict[int, dict[int, float]], AngoffCut]:
    versions = exam_pool_versions(exam)
    ratings: dict[int, dict[int, float]] = {}
    for rater_id, version_id, p in AngoffRating.objects.filter(
        exam=exam, version__in=[v.pk for v in versions]
    ).values_list("rater_id", "version_id", "probability"):
        ratings.setdefault(rater_id, {})[version_id] = p
    marks = {v.pk: float(v.default_mark) for v in versions}
    return versions, ratings, angoff_cut(ratings, marks)


def parse_probability(raw: str) -> float | None:
    """ "0.65", "65" or "65%" → 0.65; blank → None; anything else or out of range → ValueError."""
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    percent = text.endswith("%")
    value = float(text.rstrip("%").strip())
    if percent or value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise ValueError(text)
    return value


@transaction.atomic
def angoff_ratings_save(*, exam: Exam, rater: User, ratings: Mapping[int, float | None]) -> int:
    """Store one trainer's ratings (version id → probability; None clears it) for versions in the pool."""
    pool = {v.pk for v in exam_pool_versions(exam)}
    unknown = set(ratings) - pool
    if unknown:
        raise ValidationError(_("Some rated questions are not in this exam's pool."))
    changed = 0
    for version_id, probability in ratings.items():
        if probability is None:
            changed += AngoffRating.objects.filter(exam=exam, version_id=version_id, rater=rater).delete()[0]
            continue
        AngoffRating.objects.update_or_create(
            exam=exam, version_id=version_id, rater=rater, defaults={"probability": probability}
        )
        changed += 1
    return changed


@transaction.atomic
def exam_pass_mark_adopt_angoff(*, exam: Exam, actor: User) -> Exam:
    """Make the suggested Angoff cut the exam's pass mark; audited with the evidence it rests on."""
    _versions, _ratings, cut = exam_angoff(exam)
    if cut.suggested is None:
        raise ValidationError(
            _("No trainer has rated every question yet, so there is no cut score to adopt.")
        )
    locked = Exam.objects.select_for_update().get(pk=exam.pk)
    before = {"pass_mark": str(locked.pass_mark)}
    locked.pass_mark = Decimal(f"{cut.suggested:.2f}")
    locked.save(update_fields=["pass_mark"])
    after: dict[str, Any] = {
        "pass_mark": str(locked.pass_mark),
        "method": "modified-angoff",
        "raters": len(cut.complete),
        "items": cut.items,
        "sd": cut.sd,
        "range": [cut.low, cut.high],
    }
    audit_record(actor=actor, verb="exam.pass_mark_adopt", obj=locked, before=before, after=after)
    exam.pass_mark = locked.pass_mark
    return locked
