"""Demo rubrics: the sales hiring formula and a field-coaching rubric, with anchored levels. Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop as _

from .models import Rubric, RubricVersion
from .services import rubric_create, rubric_version_create

# Seeded vocabulary is stored in English and shown in the viewer's language ({% translate criterion.name %}):
# `_` only marks the strings for the catalog, so a criterion keeps one stored name whatever the language.
SALES_HIRING = _("Sales hiring formula")
FIELD_COACHING = _("Field coaching session")


def _c(name: str, weight: float, description: str, low: str, mid: str, high: str) -> dict[str, Any]:
    return {
        "name": name,
        "weight": weight,
        "description": description,
        "scale_min": 1,
        "scale_max": 5,
        "anchor_low": low,
        "anchor_mid": mid,
        "anchor_high": high,
    }


SALES_HIRING_CRITERIA = [
    _c(
        _("Coachability"),
        0.2,
        _("Takes feedback in the role play and changes what they do."),
        _("Argues with the feedback or ignores it; the second attempt is the same as the first."),
        _("Accepts the feedback and applies part of it in the second attempt."),
        _("Asks for feedback, applies all of it at once and improves visibly."),
    ),
    _c(
        _("Curiosity"),
        0.15,
        _("Asks good questions about the business, the customer and us."),
        _("Asks no questions, or only about pay and holidays."),
        _("Asks sensible questions about the product and the customer."),
        _("Researched us beforehand; asks probing follow-ups about customers' problems."),
    ),
    _c(
        _("Prior success"),
        0.15,
        _("A track record of beating targets, in sales or elsewhere."),
        _("No evidence of meeting goals."),
        _("Met targets most of the time, with numbers to show for it."),
        _("Consistently in the top fifth, with verifiable numbers and a clear account of why."),
    ),
    _c(
        _("Intelligence"),
        0.15,
        _("Learns complex products quickly and explains them simply."),
        _("Cannot explain their last product clearly."),
        _("Explains a complex product accurately after preparation."),
        _("Grasps our product in the interview and teaches it back simply."),
    ),
    _c(
        _("Work ethic"),
        0.15,
        _("Drive and persistence, shown by what they did, not what they say."),
        _("Vague about effort; gives up when blocked."),
        _("Shows steady effort and follow-through in examples."),
        _("Many concrete examples of going well beyond what was asked."),
    ),
    _c(
        _("Discovery"),
        0.1,
        _("Uncovers the buyer's pains, impact and decision process in the mock call."),
        _("Pitches straight away; learns nothing about the buyer."),
        _("Finds the main pain but not its impact or who decides."),
        _("Finds pains, quantifies impact and maps the decision process before pitching."),
    ),
    _c(
        _("Objection handling"),
        0.1,
        _("Handles price and competitor objections in the role play."),
        _("Gets defensive or drops the price at once."),
        _("Acknowledges the objection and answers it with a relevant point."),
        _("Clarifies the real concern, answers with proof and moves the deal forward."),
    ),
]

FIELD_COACHING_CRITERIA = [
    _c(
        _("Visit preparation"),
        0.25,
        _("Objective, customer research and questions ready before the visit."),
        _("No written objective; improvises."),
        _("Objective and some questions prepared."),
        _("Clear objective, researched roles met, questions and next step planned."),
    ),
    _c(
        _("Needs discovery"),
        0.25,
        _("Uncovers the customer's situation, pains and buying roles."),
        _("Talks about the product most of the visit."),
        _("Asks good questions but misses impact or decision makers."),
        _("Customer talks most of the visit; pains, impact and roles all uncovered."),
    ),
    _c(
        _("Value presentation"),
        0.25,
        _("Connects our standardized solution story to what the customer said."),
        _("Generic pitch unrelated to the customer."),
        _("Links some benefits to the customer's pains."),
        _("Every point tied to the customer's words, with proof points."),
    ),
    _c(
        _("Next step secured"),
        0.25,
        _("Leaves with a concrete, dated commitment from the customer."),
        _("No next step, or a vague 'we'll be in touch'."),
        _("A next step agreed without a date or owner."),
        _("A dated next step with the right people, confirmed in writing."),
    ),
]


@transaction.atomic
def seed_rubrics() -> None:
    for name, purpose, criteria, description in (
        (SALES_HIRING, Rubric.Purpose.HIRING, SALES_HIRING_CRITERIA, _("Scored in every sales interview.")),
        (
            FIELD_COACHING,
            Rubric.Purpose.COACHING,
            FIELD_COACHING_CRITERIA,
            _("Scored by the coach after a ride-along visit."),
        ),
    ):
        rubric = Rubric.objects.filter(name=name).first() or rubric_create(
            name=name, purpose=purpose, description=description, actor=None
        )
        if not RubricVersion.objects.filter(rubric=rubric).exists():
            rubric_version_create(rubric=rubric, criteria=criteria, change_note="First version.", actor=None)


def sales_hiring_version() -> RubricVersion:
    return RubricVersion.objects.filter(rubric__name=SALES_HIRING).order_by("-number").first()
