"""The Wagtail admin carries the organisation's name and asks no third party for anything (avatars, releases)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from wagtail.models import Site

from home.demo import seed_site

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href|srcset)=["'](?:https?:)?//""")


def test_wagtail_admin_is_named_after_the_organisation(login_as) -> None:  # type: ignore[no-untyped-def]
    seed_site()
    html = login_as("admin").get("/admin/").content.decode()
    assert settings.RAMPWAY_ORGANISATION_NAME == "Lumora Cloud"
    assert "<title>Dashboard - Lumora Cloud</title>" in html
    assert "created in Lumora Cloud" in html
    assert "localhost" not in html


def test_wagtail_admin_loads_no_avatar_or_asset_from_another_host(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("admin").get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "gravatar" not in html
    loaded = re.findall(r"<(?:img|script|link|iframe|source)\b[^>]*>", html)
    assert loaded
    assert [tag for tag in loaded if EXTERNAL.search(tag)] == []


def test_wagtail_admin_has_no_release_check_even_for_a_superuser(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    # Wagtail shows its upgrade panel (which asks releases.wagtail.io from the browser) to superusers only.
    admin = persona("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    html = login_as("admin").get("/admin/").content.decode()
    assert 'data-controller="w-upgrade' not in html


def test_seed_demo_names_the_default_site_after_the_organisation() -> None:
    Site.objects.filter(is_default_site=True).update(site_name="")
    seed_site()
    assert Site.objects.get(is_default_site=True).site_name == "Lumora Cloud"
