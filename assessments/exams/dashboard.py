"""The trainer's dashboard card: exams whose item analysis flagged questions (negative, check, dubious)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from core.dashboard import Card

from .models import ItemAnalysisResult

SHOWN = 5


def flagged_exams_card(user: User) -> Card:
    """One query: the latest item analysis of every exam, flags counted from its stored payload."""
    flagged = []
    for result in ItemAnalysisResult.objects.select_related("exam").order_by("exam__title_en", "pk"):
        n = sum(1 for item in result.payload.get("items", []) if item.get("flags"))
        if n:
            flagged.append((result.exam, n))
    return Card(
        title=_("Exams with flagged items"),
        value=len(flagged),
        caption=_("from the latest item analysis of each exam"),
        rows=[
            (
                exam.title,
                ngettext("%(n)s flagged item", "%(n)s flagged items", n) % {"n": n},
                reverse("exams:statistics", kwargs={"slug": exam.slug}),
            )
            for exam, n in flagged[:SHOWN]
        ],
        empty=_("No item is flagged in any exam's statistics."),
        link=reverse("exams:banks"),
        link_label=_("Open question banks"),
    )
