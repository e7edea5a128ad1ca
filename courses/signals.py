"""Signals the content library sends, so apps that depend on content can react without courses importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that records a material change to a product/solution page, once per revision.
# Keyword arguments: event (ContentVersionEvent), page (the page), actor (User or None).
material_change_recorded = Signal()
