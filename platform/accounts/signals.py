"""Signals other apps listen to (e.g. courses assigns learning paths when someone joins a team or role)."""

from __future__ import annotations

from django.dispatch import Signal

# sender=User class; kwargs: user, org_unit
user_joined_unit = Signal()
# sender=User class; kwargs: user, role
user_granted_role = Signal()
