"""Section links: which sections of a library page a publication changed, and who links to those sections.

A link names a section by its block type ("pricing"), not by the StreamField block id: a page holds each
section once (block_counts), every translation of a page has the same sections, and an editor who deletes and
re-adds a section gives it a new id but it is still the pricing the lesson meant.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

from django.db.models import Q
from wagtail.models import Page, PageLogEntry, Revision

from .blocks import SECTIONS

# The page editor (Draftail) tags every paragraph of rich text it saves with a random data-block-key: opening
# a section's text in the editor is not changing what it says.
_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def _without_ids(value: Any) -> Any:
    # List items carry a fresh uuid each time a revision is built; what the seller reads is the rest.
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    if isinstance(value, str) and "data-block-key" in value:
        return _BLOCK_KEY.sub("", value)
    return value


def section_values(body: Any) -> dict[str, str]:
    """Block type → the section's stored value as canonical JSON (block and list-item ids, editor keys left out)."""
    values: dict[str, str] = {}
    for child in body or []:
        prep = _without_ids(child.block.get_prep_value(child.value))
        values[child.block_type] = json.dumps(prep, sort_keys=True, ensure_ascii=False)
    return values


def previous_publication(*, page: Page, revision: Revision) -> Revision | None:
    """The revision published before this one (from the publish log; an unlogged page: the revision before)."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=revision.pk)
        .order_by("-timestamp", "-pk")
        .select_related("revision")
        .first()
    )
    if entry is not None:
        return entry.revision
    return (
        Revision.page_revisions.filter(object_id=str(page.pk), created_at__lt=revision.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )


def sections_changed(*, page: Page, revision: Revision) -> list[str]:
    """Block types whose value differs between this revision and the publication before it, in page order.

    A first publication changes every section.
    """
    order = [name for name, _block in SECTIONS]
    new = section_values(revision.as_object().body)
    previous = previous_publication(page=page, revision=revision)
    if previous is None:
        return [name for name in order if name in new]
    old = section_values(previous.as_object().body)
    return [name for name in order if new.get(name) != old.get(name)]


def links_to(sections: Collection[str] | None, field: str = "section") -> Q:
    """Rows linking to one of these sections or to the whole page (blank); None: every link to the page."""
    if sections is None:
        return Q()
    return Q(**{f"{field}__in": list(sections)}) | Q(**{field: ""})
