"""Demo rubrics: the sales hiring formula and a field-coaching rubric, with anchored levels. Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Rubric, RubricVersion
from .services import rubric_create, rubric_version_create

SALES_HIRING = "Sales hiring formula"
FIELD_COACHING = "Field coaching session"


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
        "Coachability",
        0.2,
        "Takes feedback in the role play and changes what they do.",
        "Argues with the feedback or ignores it; the second attempt is the same as the first.",
        "Accepts the feedback and applies part of it in the second attempt.",
        "Asks for feedback, applies all of it at once and improves visibly.",
    ),
    _c(
        "Curiosity",
        0.15,
        "Asks good questions about the business, the customer and us.",
        "Asks no questions, or only about pay and holidays.",
        "Asks sensible questions about the product and the customer.",
        "Researched us beforehand; asks probing follow-ups about customers' problems.",
    ),
    _c(
        "Prior success",
        0.15,
        "A track record of beating targets, in sales or elsewhere.",
        "No evidence of meeting goals.",
        "Met targets most of the time, with numbers to show for it.",
        "Consistently in the top fifth, with verifiable numbers and a clear account of why.",
    ),
    _c(
        "Intelligence",
        0.15,
        "Learns complex products quickly and explains them simply.",
        "Cannot explain their last product clearly.",
        "Explains a complex product accurately after preparation.",
        "Grasps our product in the interview and teaches it back simply.",
    ),
    _c(
        "Work ethic",
        0.15,
        "Drive and persistence, shown by what they did, not what they say.",
        "Vague about effort; gives up when blocked.",
        "Shows steady effort and follow-through in examples.",
        "Many concrete examples of going well beyond what was asked.",
    ),
    _c(
        "Discovery",
        0.1,
        "Uncovers the buyer's pains, impact and decision process in the mock call.",
        "Pitches straight away; learns nothing about the buyer.",
        "Finds the main pain but not its impact or who decides.",
        "Finds pains, quantifies impact and maps the decision process before pitching.",
    ),
    _c(
        "Objection handling",
        0.1,
        "Handles price and competitor objections in the role play.",
        "Gets defensive or drops the price at once.",
        "Acknowledges the objection and answers it with a relevant point.",
        "Clarifies the real concern, answers with proof and moves the deal forward.",
    ),
]

FIELD_COACHING_CRITERIA = [
    _c(
        "Visit preparation",
        0.25,
        "Objective, customer research and questions ready before the visit.",
        "No written objective; improvises.",
        "Objective and some questions prepared.",
        "Clear objective, researched roles met, questions and next step planned.",
    ),
    _c(
        "Needs discovery",
        0.25,
        "Uncovers the customer's situation, pains and buying roles.",
        "Talks about the product most of the visit.",
        "Asks good questions but misses impact or decision makers.",
        "Customer talks most of the visit; pains, impact and roles all uncovered.",
    ),
    _c(
        "Value presentation",
        0.25,
        "Connects our standardized solution story to what the customer said.",
        "Generic pitch unrelated to the customer.",
        "Links some benefits to the customer's pains.",
        "Every point tied to the customer's words, with proof points.",
    ),
    _c(
        "Next step secured",
        0.25,
        "Leaves with a concrete, dated commitment from the customer.",
        "No next step, or a vague 'we'll be in touch'.",
        "A next step agreed without a date or owner.",
        "A dated next step with the right people, confirmed in writing.",
    ),
]


@transaction.atomic
def seed_rubrics() -> None:
    for name, purpose, criteria, description in (
        (SALES_HIRING, Rubric.Purpose.HIRING, SALES_HIRING_CRITERIA, "Scored in every sales interview."),
        (
            FIELD_COACHING,
            Rubric.Purpose.COACHING,
            FIELD_COACHING_CRITERIA,
            "Scored by the coach after a ride-along visit.",
        ),
    ):
        rubric = Rubric.objects.filter(name=name).first() or rubric_create(
            name=name, purpose=purpose, description=description, actor=None
        )
        if not RubricVersion.objects.filter(rubric=rubric).exists():
            rubric_version_create(rubric=rubric, criteria=criteria, change_note="First version.", actor=None)


def sales_hiring_version() -> RubricVersion:
    return RubricVersion.objects.filter(rubric__name=SALES_HIRING).order_by("-number").first()  # type: ignore[return-value]
