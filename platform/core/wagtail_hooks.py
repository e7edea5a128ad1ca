"""Wagtail hooks of the shared layer: who may download a document."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import BaseViewRestriction, Page, ReferenceIndex
from wagtail.wagtail_hooks import require_wagtail_login


def _pages_using(document: Any) -> list[Page]:
    """The pages whose content links or embeds the document (Wagtail's reference index: one query each)."""
    ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return list(Page.objects.filter(pk__in=[int(i) for i in ids]))


def _page_refuses(page: Page, request: HttpRequest) -> bool:
    return any(not r.accept_request(request) for r in page.get_view_restrictions())


@hooks.register("before_serve_document", order=-1)
def document_access(document: Any, request: HttpRequest) -> HttpResponse | None:
    """Documents follow their collection's privacy and, when only restricted pages use them, those pages'.

    A signed-in person who is refused gets 403: Wagtail's own check (which runs next and handles the anonymous
    and password cases for collections) would send them to the sign-in page they have already passed.
    """
    signed_in = request.user.is_authenticated
    for restriction in document.collection.get_view_restrictions():
        groups_only = restriction.restriction_type == BaseViewRestriction.GROUPS
        if signed_in and groups_only and not restriction.accept_request(request):
            raise PermissionDenied
    pages = _pages_using(document)
    # A document linked from one public page is public anyway; one used only behind restrictions is not.
    if pages and all(_page_refuses(page, request) for page in pages):
        if not signed_in:
            return require_wagtail_login(next=request.get_full_path())
        raise PermissionDenied
    return None
