"""The 23-day field program template: a preparation week, then coach ride-alongs; each field day in three parts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import ProgramDay

FIELD_23_SLUG = "field-program-23"

FIELD_DAY_ACTIVITIES = "\n".join(
    [
        "Morning preparation: plan the day, one objective per visit, roles to meet",
        "Customer visits: the seller leads, the coach observes and rates",
        "Evening review: 3 things that worked, 2 to tighten, 1 exercise",
    ]
)

# (phase name, [(kind, title, activities, session planned)]) — 7 preparation days + 16 ride-along days = 23.
FIELD_23_PHASES: list[tuple[str, list[tuple[str, str, str, bool]]]] = [
    (
        "Preparation week",
        [
            (
                ProgramDay.Kind.LEARNING,
                "Learning: products and the ideal customer",
                "Product and solution pages\nIdeal customer profile",
                False,
            ),
            (
                ProgramDay.Kind.LEARNING,
                "Learning: the sales method",
                "Discovery questions\nObjection handling role play",
                False,
            ),
            (
                ProgramDay.Kind.PREPARATION,
                "Preparation: territory and visit plan",
                "Pick target accounts\nBook the first visits\nAgree focus competencies",
                True,
            ),
            *[
                (ProgramDay.Kind.ACCOMPANIED, f"Accompanied visits {n}", FIELD_DAY_ACTIVITIES, n in (2, 4))
                for n in range(1, 5)
            ],
        ],
    ),
    (
        "Coach ride-alongs",
        [
            (ProgramDay.Kind.RIDE_ALONG, f"Ride-along {n}", FIELD_DAY_ACTIVITIES, n % 2 == 0)
            for n in range(1, 17)
        ],
    ),
]
FIELD_23_NAME = "23-day field program"
FIELD_23_DESCRIPTION = (
    "A preparation week (2 days learning, 1 day preparation, 4 days accompanied visits), then coach ride-alongs. "
    "Every field day: morning preparation, customer visits, evening review."
)
# Marked for translation so the template's fixed labels show in Chinese too.
_LABELS = (_("Preparation week"), _("Coach ride-alongs"), _("23-day field program"))
