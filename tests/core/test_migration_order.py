"""Issue 20 item 6: a fresh `migrate` (make run's) applies the third-party apps' migrations before ours, where
each of their operations re-renders only their own models (core.migration_order)."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from core.migration_order import THIRD_PARTY_FIRST

ROOT = Path(__file__).resolve().parents[2]


def _ours() -> set[str]:
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and "site-packages" not in Path(config.path).parts
    }


def _fresh_plan(loader: MigrationLoader) -> list[tuple[str, str]]:
    """The order `migrate` applies everything in on an empty database (MigrationExecutor.migration_plan)."""
    plan: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for target in loader.graph.leaf_nodes():
        for node in loader.graph.forwards_plan(target):
            if node not in seen:
                seen.add(node)
                plan.append(node)
    return plan


def test_every_listed_migration_exists_and_is_third_party() -> None:
    # A listed migration that vanished (an app dropped from INSTALLED_APPS) would make every migrate fail.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = _ours()
    assert {"accounts", "courses", "exams", "home"} <= ours
    assert all(node in loader.graph.nodes for node in THIRD_PARTY_FIRST)
    assert not {app for app, _name in THIRD_PARTY_FIRST} & ours


def test_a_fresh_migrate_applies_every_third_party_migration_before_ours() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = _ours()
    # The user model's app comes first: every third-party app with a user foreign key needs it.
    user_app = settings.AUTH_USER_MODEL.split(".")[0]
    plan = _fresh_plan(loader)
    # Every third-party migration the list covers (the listed ones and what they depend on) comes before ours.
    covered = {node for target in THIRD_PARTY_FIRST for node in loader.graph.forwards_plan(target)}
    last_third_party = max(i for i, node in enumerate(plan) if node in covered)
    first_of_ours = min(i for i, (app, _name) in enumerate(plan) if app in ours - {user_app})
    assert last_third_party < first_of_ours, plan[first_of_ours]
