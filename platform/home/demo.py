"""Demo seeder for the Wagtail site record: named after the organisation, not its host name ("localhost")."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Site


def seed_site() -> None:
    Site.objects.filter(is_default_site=True).exclude(site_name=settings.RAMPWAY_ORGANISATION_NAME).update(
        site_name=settings.RAMPWAY_ORGANISATION_NAME
    )
