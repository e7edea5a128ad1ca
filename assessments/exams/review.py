"""What a learner may see of an attempt, and when: Moodle's review options, a timing × what-is-shown matrix.

Every page or reply that could show marks, right answers, feedback or the per-category breakdown asks
`review_shown` first; nothing else decides it (the old single `review_policy` is gone, so nothing can).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError

# Only the enum machinery, as in vocabulary.py: the model module imports this one.
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class ReviewTiming(TextChoices):
    DURING = "during", _("During the attempt")
    IMMEDIATELY = "immediately", _("Immediately after the attempt")
    LATER = "later", _("Later, while the exam is still open")
    CLOSED = "closed", _("After the exam closes")


class ReviewItem(TextChoices):
    MARKS = "marks", _("Marks")
    RIGHT_ANSWERS = "right_answers", _("Right answers")
    FEEDBACK = "feedback", _("Feedback")
    CATEGORIES = "categories", _("By category")


TIMINGS: tuple[str, ...] = tuple(ReviewTiming.values)
ITEMS: tuple[str, ...] = tuple(ReviewItem.values)
AFTER_SUBMIT: tuple[str, ...] = (ReviewTiming.IMMEDIATELY, ReviewTiming.LATER, ReviewTiming.CLOSED)

# Moodle's quiz_attempt::IMMEDIATELY_AFTER_PERIOD: "immediately after" is the two minutes after submit.
IMMEDIATELY_AFTER = timedelta(minutes=2)


def review_options_default() -> dict[str, list[str]]:
    """Moodle's own default shows everything at every timing; on a certification exam with retakes that hands
    the key to the next attempt, so right answers and feedback wait until the exam closes."""
    return {
        ReviewTiming.DURING.value: [ReviewItem.MARKS.value, ReviewItem.FEEDBACK.value],
        ReviewTiming.IMMEDIATELY.value: [ReviewItem.MARKS.value, ReviewItem.CATEGORIES.value],
        ReviewTiming.LATER.value: [ReviewItem.MARKS.value, ReviewItem.CATEGORIES.value],
        ReviewTiming.CLOSED.value: list(ITEMS),
    }


def review_options_clean(value: Any) -> dict[str, list[str]]:
    """The stored shape, every timing present and items in canonical order; ValidationError names what is wrong."""
    if not isinstance(value, dict):
        raise ValidationError(_("Review options must map each timing to what the learner sees."))
    unknown = sorted(set(value) - set(TIMINGS))
    if unknown:
        raise ValidationError(_("Unknown review timing: %(timing)s.") % {"timing": ", ".join(unknown)})
    out: dict[str, list[str]] = {}
    for timing in TIMINGS:
        items = value.get(timing, [])
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
            raise ValidationError(
                _("Review options for “%(timing)s” must be a list.") % {"timing": ReviewTiming(timing).label}
            )
        bad = sorted(set(items) - set(ITEMS))
        if bad:
            raise ValidationError(
                _("Unknown review item for “%(timing)s”: %(item)s.")
                % {"timing": ReviewTiming(timing).label, "item": ", ".join(bad)}
            )
        out[timing] = [i for i in ITEMS if i in items]
    return out


def review_timing(
    *,
    submitted_at: datetime | None,
    in_progress: bool,
    closes_at: datetime | None,
    closed: bool,
    now: datetime,
) -> str:
    """Moodle's quiz_attempt_state(): during; after the close (the learner's own close date, or the exam
    closed by hand); else within two minutes of submit; else later while open."""
    if in_progress:
        return ReviewTiming.DURING
    if closed or (closes_at is not None and now >= closes_at):
        return ReviewTiming.CLOSED
    if submitted_at is None or now < submitted_at + IMMEDIATELY_AFTER:
        return ReviewTiming.IMMEDIATELY
    return ReviewTiming.LATER


@dataclass(frozen=True)
class ReviewShown:
    timing: str
    marks: bool
    right_answers: bool
    feedback: bool
    categories: bool

    @property
    def anything(self) -> bool:
        return self.marks or self.right_answers or self.feedback or self.categories

    @property
    def per_question(self) -> bool:
        """The question-by-question review cards carry right answers or feedback."""
        return self.right_answers or self.feedback


def review_shown(*, exam: Any, attempt: Any, now: datetime, closes_at: datetime | None) -> ReviewShown:
    """What this attempt's owner may see now. `closes_at` is their close date (overrides applied).

    "During the attempt" shows something only in practice mode, through the Check button (Moodle's interactive
    behaviour); a graded exam shows nothing before submit whatever is ticked."""
    in_progress = attempt.state in ("in_progress", "overdue")
    timing = review_timing(
        submitted_at=attempt.submitted_at,
        in_progress=in_progress,
        closes_at=closes_at,
        closed=exam.status == "closed",
        now=now,
    )
    items = set(review_options_clean(exam.review_options or {})[timing])
    if timing == ReviewTiming.DURING and not exam.practice:
        items = set()
    return ReviewShown(
        timing=timing,
        marks=ReviewItem.MARKS in items,
        right_answers=ReviewItem.RIGHT_ANSWERS in items,
        feedback=ReviewItem.FEEDBACK in items,
        categories=ReviewItem.CATEGORIES in items,
    )


def review_schedule(exam: Any, *, closes_at: datetime | None) -> list[dict[str, Any]]:
    """For the learner's pages: each timing that applies to this exam and what it shows (labels).

    `closes_at` is the learner's own close date; without one, "after the exam closes" waits for a trainer."""
    options = review_options_clean(exam.review_options or {})
    rows = []
    for timing in TIMINGS:
        if timing == ReviewTiming.DURING and not exam.practice:
            continue
        rows.append(
            {
                "timing": timing,
                "label": ReviewTiming(timing).label,
                "items": [ReviewItem(i).label for i in options[timing]],
                "closes_at": closes_at if timing == ReviewTiming.CLOSED else None,
            }
        )
    return rows
