"""PostgreSQL: migrations applied, and accounts' writes (users, org units, audit JSON) read back intact."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from wagtail.models import Site

from accounts.models import AuditEvent, Membership, OrgUnit, User
from accounts.roles import Role
from accounts.services import audit_record, membership_add, user_create
from home.models import HomePage

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_connection_is_postgresql() -> None:
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    assert version


def test_migrations_created_the_tables_and_the_home_page_as_site_root() -> None:
    tables = set(connection.introspection.table_names())
    for model in (User, OrgUnit, Membership, AuditEvent, HomePage):
        assert model._meta.db_table in tables
    assert "django_celery_results_taskresult" in tables
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.live


def test_user_org_unit_membership_and_audit_round_trip() -> None:
    user = user_create(
        email="Alice@Example.com",
        password="a long enough password",
        first_name="Alice",
        last_name="Adams",
        roles=[Role.LEARNER],
        verified=True,
    )
    region = OrgUnit.objects.create(name="East China 华东区", slug="east", kind=OrgUnit.Kind.REGION)
    team = OrgUnit.objects.create(
        name="Shanghai 上海", slug="shanghai", kind=OrgUnit.Kind.TEAM, parent=region
    )
    membership_add(user=user, org_unit=team, actor=None)

    fresh = User.objects.get(email="alice@example.com")
    assert fresh.pk == user.pk
    assert fresh.check_password("a long enough password")
    assert list(fresh.groups.values_list("name", flat=True)) == [Role.LEARNER.value]
    assert EmailAddress.objects.get(user=fresh).verified
    assert [m.org_unit.name for m in Membership.objects.filter(user=fresh).select_related("org_unit")] == [
        "Shanghai 上海"
    ]
    assert OrgUnit.objects.get(slug="shanghai").parent.name == "East China 华东区"
    verbs = set(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("verb", flat=True))
    assert verbs == {"user.create", "role.grant", "membership.add"}


def test_audit_before_and_after_json_round_trip() -> None:
    before = {"weights": [0.25, 0.75], "note": "旧版", "nested": {"ok": True, "n": None}}
    after = {"weights": [0.5, 0.5], "note": "new", "nested": {"ok": False, "n": 3}}
    event = audit_record(actor=None, verb="rubric.reweight", before=before, after=after)

    fresh = AuditEvent.objects.get(pk=event.pk)
    assert fresh.before == before
    assert fresh.after == after
    assert AuditEvent.objects.filter(after__nested__n=3, before__note="旧版").get().pk == event.pk
