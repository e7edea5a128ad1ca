"""The plug-in registries: apps add navigation, dashboard cards and demo seeders; core orders and filters them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.roles import Role
from core import dashboard, demo
from core.dashboard import Card, dashboard_cards, register_dashboard_card
from core.demo import demo_seeders, register_demo_seeder
from core.navigation import nav_for
from core.registry import Registry


@pytest.fixture
def empty_seeders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(demo, "SEEDERS", Registry("demo seeder"))
    yield


@pytest.fixture
def empty_cards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(dashboard, "CARDS", Registry("dashboard card"))
    yield


def test_each_role_gets_the_menu_its_apps_registered() -> None:
    def names(*roles: str) -> list[str]:
        return [item["name"] for item in nav_for(frozenset(roles))]

    assert names(Role.LEARNER) == ["home:dashboard", "courses:my_onboarding", "exams:list", "coaching:home"]
    assert names(Role.TRAINER) == ["home:dashboard", "exams:banks", "exams:wb_home", "wagtailadmin_home"]
    assert names(Role.RECRUITER) == ["home:dashboard", "hiring:home"]
    assert names(Role.ANALYST) == [
        "home:dashboard",
        "courses:team",
        "exams:team",
        "hiring:home",
        "analytics:home",
        "wagtailadmin_home",
    ]
    admin = names(Role.ADMIN)
    assert admin[0] == "home:dashboard" and admin[-1] == "admin:index"
    assert len(admin) == len(set(admin))


def test_one_url_may_carry_two_labels_for_two_audiences() -> None:
    labels = {
        item["label"]
        for item in nav_for(frozenset({Role.LEARNER, Role.COACH}))
        if item["name"] == "coaching:home"
    }
    assert labels == {"My coaching", "Coaching"}


def test_the_demo_seeders_run_after_what_they_need() -> None:
    order = [s.name for s in demo_seeders()]
    assert set(order) == {
        "site",
        "accounts",
        "courses",
        "rubrics",
        "hiring",
        "exams",
        "coaching",
        "path_exams",
        "performance",
        "progress",
    }
    assert order[-1] == "progress"  # it recomputes what the others bulk-inserted
    for seeder in demo_seeders():
        for needed in seeder.after:
            assert order.index(needed) < order.index(seeder.name), (seeder.name, needed)


def test_dependencies_win_over_order(empty_seeders: None) -> None:
    register_demo_seeder("b", lambda: None, order=1, after=["a"])
    register_demo_seeder("a", lambda: None, order=2)
    register_demo_seeder("c", lambda: None, order=0)
    assert [s.name for s in demo_seeders()] == ["c", "a", "b"]


def test_registering_again_replaces_instead_of_running_twice(empty_seeders: None) -> None:
    register_demo_seeder("a", lambda: None)
    register_demo_seeder("a", lambda: None)
    assert len(demo_seeders()) == 1


def test_a_circle_of_seeders_is_refused_by_name(empty_seeders: None) -> None:
    register_demo_seeder("a", lambda: None, after=["b"])
    register_demo_seeder("b", lambda: None, after=["a"])
    with pytest.raises(ImproperlyConfigured, match="circle"):
        demo_seeders()


def test_an_unknown_dependency_is_refused(empty_seeders: None) -> None:
    register_demo_seeder("a", lambda: None, after=["nope"])
    with pytest.raises(ImproperlyConfigured, match="nope"):
        demo_seeders()


def test_cards_are_filtered_by_role_ordered_and_may_decline(empty_cards: None) -> None:
    register_dashboard_card("late", lambda user: Card(title="late"), order=9)
    register_dashboard_card("early", lambda user: Card(title="early"), order=1)
    register_dashboard_card("admins", lambda user: Card(title="admins"), roles=[Role.ADMIN], order=5)
    register_dashboard_card("nothing", lambda user: None, order=2)
    user = object()
    assert [c.title for c in dashboard_cards(user, frozenset({Role.LEARNER}))] == ["early", "late"]  # type: ignore[arg-type]
    assert [c.title for c in dashboard_cards(user, frozenset({Role.ADMIN}))] == ["early", "admins", "late"]  # type: ignore[arg-type]
