"""SCIM 2.0: driven by an independent client (scim2-client over WSGI) and by raw RFC 7644 examples."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_models import Group, GroupMember, Name, PatchOp, PatchOperation, ScimProvider, User

from accounts.models import AuditEvent, Membership, OrgUnit
from accounts.models import User as Account
from accounts.roles import Role
from api.services import api_token_create
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db(transaction=False)
CT = "application/scim+json"


@pytest.fixture
def token(db) -> str:  # type: ignore[no-untyped-def]
    return api_token_create(name="Okta", scopes=["scim:write"], actor=None)[1]


@pytest.fixture
def scim_client(token):  # type: ignore[no-untyped-def]
    return WSGISCIMClient(
        WSGIHandler(),
        base_url="http://testserver/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
        provider=ScimProvider(models=[User, Group]),
    )


def call(client: Client, method: str, url: str, token: str | None, body: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method)(url, data=data, content_type=CT, **headers)


def rfc_user(email: str = "bjensen@example.com", **extra: Any) -> dict[str, Any]:
    # RFC 7643 §8.1 minimal user, with the fields an identity provider sends.
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": email,
        "externalId": "00u1abc",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "active": True,
        **extra,
    }


def test_independent_client_lifecycle(scim_client: WSGISCIMClient) -> None:
    created = scim_client.create(
        User(
            user_name="bjensen@example.com",
            external_id="X1",
            name=Name(given_name="Barbara", family_name="J"),
        )
    )
    assert created.id and created.user_name == "bjensen@example.com" and created.active is True
    account = Account.objects.get(pk=int(created.id))
    assert account.first_name == "Barbara" and account.scim.external_id == "X1"

    fetched = scim_client.query(User, created.id)
    assert fetched.user_name == "bjensen@example.com"
    found = scim_client.query(User, query_parameters={"filter": 'userName eq "BJENSEN@example.com"'})  # type: ignore[call-arg]
    assert found.total_results == 1 and found.resources[0].id == created.id

    group = scim_client.create(Group(display_name="Nordics Field", members=[GroupMember(value=created.id)]))
    unit = OrgUnit.objects.get(pk=int(group.id))
    assert unit.kind == OrgUnit.Kind.TEAM and unit.parent and unit.parent.kind == OrgUnit.Kind.REGION
    assert Membership.objects.filter(org_unit=unit, user=account).exists()

    scim_client.modify(
        Group,
        group.id,
        PatchOp[Group](operations=[PatchOperation(op="remove", path=f'members[value eq "{created.id}"]')]),
    )
    assert not Membership.objects.filter(org_unit=unit).exists()

    scim_client.modify(
        User, created.id, PatchOp[User](operations=[PatchOperation(op="replace", path="active", value=False)])
    )
    account.refresh_from_db()
    assert account.is_active is False
    scim_client.delete(Group, group.id)
    assert not OrgUnit.objects.filter(pk=unit.pk).exists()


def test_discovery(scim_client: WSGISCIMClient) -> None:
    config = scim_client.query(__import__("scim2_models").ServiceProviderConfig)
    assert config.patch.supported is True and config.filter.supported is True
    client = Client()
    token = scim_client.headers["Authorization"].split()[1]  # type: ignore[index]
    for path in ("Schemas", "ResourceTypes"):
        r = call(client, "get", f"/scim/v2/{path}", token)
        assert r.status_code == 200 and r["Content-Type"] == CT
        ids = {res["id"] for res in r.json()["Resources"]}
        assert ids >= (
            {"User", "Group"}
            if path == "ResourceTypes"
            else {"urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group"}
        )
    assert (
        call(client, "get", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", token).status_code
        == 200
    )


def test_rfc_patch_active_false_ends_sessions_and_put_delete(token: str) -> None:
    client = Client()
    r = call(client, "post", "/scim/v2/Users", token, rfc_user())
    assert r.status_code == 201 and r["Location"].endswith(f"/scim/v2/Users/{r.json()['id']}")
    uid = r.json()["id"]
    account = Account.objects.get(pk=uid)
    browser = Client()
    browser.force_login(account)
    assert Session.objects.count() == 1
    # Azure AD's form: path "active", value as the string "False".
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
    }
    r = call(client, "patch", f"/scim/v2/Users/{uid}", token, patch)
    assert r.status_code == 200 and r.json()["active"] is False
    assert Session.objects.count() == 0
    assert AuditEvent.objects.filter(verb="user.deactivate", object_id=uid).exists()
    r = call(client, "put", f"/scim/v2/Users/{uid}", token, rfc_user("babs@example.com", active=True))
    assert r.status_code == 200 and r.json()["userName"] == "babs@example.com"
    account.refresh_from_db()
    assert account.email == "babs@example.com" and account.is_active
    assert call(client, "delete", f"/scim/v2/Users/{uid}", token).status_code == 204
    account.refresh_from_db()
    assert account.is_active is False  # DELETE deactivates; the row and its history stay


def test_paging_and_query_count(token: str, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        UserFactory(email=f"p{i}@example.com")
    client = Client()
    r = call(client, "get", "/scim/v2/Users?startIndex=2&count=2", token)
    body = r.json()
    assert (
        body["totalResults"] == Account.objects.count()
        and body["startIndex"] == 2
        and body["itemsPerPage"] == 2
    )
    first_ids = [int(x["id"]) for x in body["Resources"]]
    assert first_ids == list(Account.objects.order_by("pk").values_list("pk", flat=True)[1:3])
    # token lookup, count, page, memberships prefetch
    with django_assert_num_queries(4):
        call(client, "get", "/scim/v2/Users?count=50", token)


def test_auth_boundaries(token: str) -> None:
    client = Client()
    r = client.get("/scim/v2/Users")
    assert r.status_code == 401 and r.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert r.json()["status"] == "401"
    other = api_token_create(name="HR", scopes=["candidates:read"], actor=None)[1]
    assert call(client, "get", "/scim/v2/Users", other).status_code == 403
    assert call(client, "get", "/scim/v2/Users", "rw_nope_nope").status_code == 401
    # and the SCIM token cannot read the rest of the API
    assert client.get("/api/v1/candidates", HTTP_AUTHORIZATION=f"Bearer {token}").status_code in (403, 404)


@pytest.mark.parametrize(
    "flt",
    [
        'userName eq "a" or 1=1',
        'userName co "a"',
        'userName eq "x" or userName eq "y"',
        'password eq "x"',
        "is_superuser eq true",
        'userName eq "\'; DROP TABLE accounts_user; --" and active eq true',
    ],
)
def test_filter_injection_refused(token: str, flt: str) -> None:
    UserFactory(email="victim@example.com")
    r = call(Client(), "get", f"/scim/v2/Users?filter={flt}", token)
    assert r.status_code == 400 and r.json()["scimType"] == "invalidFilter"


def test_email_collision_and_superuser_and_last_admin(token: str, roles) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    UserFactory(email="taken@example.com")
    r = call(client, "post", "/scim/v2/Users", token, rfc_user("Taken@Example.com"))
    assert r.status_code == 409 and r.json()["scimType"] == "uniqueness"
    uid = call(client, "post", "/scim/v2/Users", token, rfc_user("new@example.com")).json()["id"]
    r = call(client, "put", f"/scim/v2/Users/{uid}", token, rfc_user("taken@example.com"))
    assert r.status_code == 409
    assert Account.objects.get(pk=uid).email == "new@example.com"  # nothing half-saved

    root = UserFactory(email="root@example.com", is_superuser=True, is_staff=True)
    off = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": False}}],
    }
    r = call(client, "patch", f"/scim/v2/Users/{root.pk}", token, off)
    assert r.status_code == 403
    root.refresh_from_db()
    assert root.is_active
    root.is_active = False
    root.save()
    admin = UserFactory(email="admin@example.com", roles=[Role.ADMIN])
    r = call(client, "patch", f"/scim/v2/Users/{admin.pk}", token, off)
    assert r.status_code == 409
    admin.refresh_from_db()
    assert admin.is_active
    UserFactory(email="admin2@example.com", roles=[Role.ADMIN])
    assert call(client, "patch", f"/scim/v2/Users/{admin.pk}", token, off).status_code == 200


def test_bad_payloads_named(token: str) -> None:
    client = Client()
    r = call(client, "post", "/scim/v2/Users", token, rfc_user("not-an-email"))
    assert r.status_code == 400 and "email" in r.json()["detail"]
    r = call(
        client, "post", "/scim/v2/Users", token, {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}
    )
    assert r.status_code == 400
    r = call(client, "get", "/scim/v2/Users/99999", token)
    assert r.status_code == 404 and r.json()["status"] == "404"
    r = call(
        client,
        "post",
        "/scim/v2/Groups",
        token,
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "T",
            "members": [{"value": "424242"}],
        },
    )
    assert r.status_code == 400 and "424242" in r.json()["detail"]
    assert not OrgUnit.objects.filter(name="T").exists()  # nothing half-saved


def test_group_made_in_rampway_is_not_deleted(token: str) -> None:
    region = OrgUnit.objects.create(name="EMEA", slug="emea", kind=OrgUnit.Kind.REGION)
    team = OrgUnit.objects.create(name="Paris", slug="paris", kind=OrgUnit.Kind.TEAM, parent=region)
    assert call(Client(), "delete", f"/scim/v2/Groups/{team.pk}", token).status_code == 403
    assert OrgUnit.objects.filter(pk=team.pk).exists()
