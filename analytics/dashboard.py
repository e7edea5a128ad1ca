"""The analyst's dashboard card: proposals awaiting a decision and the studies queued, running or recently done."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dashboard import Card

from .models import ValidityStudy, WeightProposal

SHOWN = 5


def analyst_work_card(user: User) -> Card:
    """Four fixed queries: pending proposals and their count, study counts per status, the latest studies."""
    proposals = list(
        WeightProposal.objects.filter(status=WeightProposal.Status.PROPOSED)
        .select_related("study__outcome")
        .order_by("created_at", "pk")[:SHOWN]
    )
    pending = WeightProposal.objects.filter(status=WeightProposal.Status.PROPOSED).count()
    # order_by() drops the model's default ordering, which would otherwise split the GROUP BY per row.
    per_status = dict(
        ValidityStudy.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    latest = list(ValidityStudy.objects.select_related("outcome").order_by("-created_at", "-pk")[:SHOWN])
    rows: list[tuple[object, ...]] = [
        (
            _("Proposal for %(study)s") % {"study": p.study},
            _("awaiting decision"),
            reverse("analytics:study", args=[p.study_id]),
        )
        for p in proposals
    ]
    rows += [(str(s), s.get_status_display(), reverse("analytics:study", args=[s.pk])) for s in latest]
    return Card(
        title=_("Studies and proposals"),
        value=pending,
        caption=_(
            "proposals awaiting decision · studies: %(queued)s queued, %(running)s running, %(done)s done, %(failed)s failed"
        )
        % {
            "queued": per_status.get(ValidityStudy.Status.QUEUED, 0),
            "running": per_status.get(ValidityStudy.Status.RUNNING, 0),
            "done": per_status.get(ValidityStudy.Status.DONE, 0),
            "failed": per_status.get(ValidityStudy.Status.FAILED, 0),
        },
        rows=rows,
        empty=_("No study yet: start one to check a rubric or an exam against performance."),
        link=reverse("analytics:home"),
        link_label=_("Open analytics"),
    )
