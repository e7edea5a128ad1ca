"""The trainer's dashboard card: content that needs them (past its review-by date, awaiting approval, drafts)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from accounts.models import User
from core.dashboard import Card

from .models import ProductPage, SolutionPage

SHOWN = 5  # each list names its first few; the count and the admin link cover the rest


def _edit(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def content_review_card(user: User) -> Card:
    """Four fixed queries, whatever the size of the library."""
    today = timezone.localdate()
    overdue = sorted(
        (
            page
            for model in (ProductPage, SolutionPage)  # ContentPage is abstract: one query per concrete type
            for page in model.objects.filter(review_by__lt=today).values("pk", "title", "review_by")
        ),
        key=lambda page: (page["review_by"], page["pk"]),
    )
    moderated = Page.objects.filter(_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
    in_moderation = list(moderated.distinct().order_by("title", "pk").values("pk", "title"))
    drafts = list(
        Page.objects.filter(depth__gt=2)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        # Not `.exclude(_workflow_states__…)`: its subquery compares the states' text object_id with the page's
        # integer id, which PostgreSQL refuses (the trainer's home page answered 500); this join casts it.
        .exclude(pk__in=moderated.values("pk"))
        .distinct()
        .order_by("-latest_revision_created_at", "pk")
        .values("pk", "title")
    )
    rows: list[tuple[object, ...]] = []
    rows += [
        (p["title"], _("review was due %(date)s") % {"date": p["review_by"]}, _edit(p["pk"]))
        for p in overdue[:SHOWN]
    ]
    rows += [(p["title"], _("awaiting approval"), _edit(p["pk"])) for p in in_moderation[:SHOWN]]
    rows += [(p["title"], _("draft"), _edit(p["pk"])) for p in drafts[:SHOWN]]
    return Card(
        title=_("Content needing review"),
        value=len(overdue) + len(in_moderation) + len(drafts),
        caption=_("%(overdue)s past review-by · %(moderation)s awaiting approval · %(drafts)s drafts")
        % {"overdue": len(overdue), "moderation": len(in_moderation), "drafts": len(drafts)},
        rows=rows,
        empty=_("Every page is reviewed, approved and published."),
        link=reverse("wagtailadmin_home"),
        link_label=_("Open content admin"),
    )
