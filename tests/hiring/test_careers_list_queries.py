"""The careers page reads its open requisitions (with team and region) in one query, for 2 or 30 of them."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_requisition
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [2, 30])
def test_the_careers_page_runs_a_fixed_number_of_queries(roles, django_assert_num_queries, n: int) -> None:  # type: ignore[no-untyped-def]
    recruiter, version = UserFactory(roles=[Role.RECRUITER]), make_rubric_version()
    for i in range(n):
        make_requisition(recruiter=recruiter, rubric_version=version, title=f"Role {i:02d}")
    client = Client()
    client.get("/careers/")  # warm the site-wide caches (Wagtail site, translations)
    with django_assert_num_queries(1):
        response = client.get("/careers/")
    body = response.content.decode()
    assert response.status_code == 200 and body.count('class="card"') == n
    assert "Role 00" in body and f"Role {n - 1:02d}" in body
