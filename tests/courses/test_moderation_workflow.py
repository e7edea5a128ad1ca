"""Trainers write and submit; only the enablement lead's approval puts their page live."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import ProductPage
from tests.factories.courses import library

from .admin_forms import page_post_data

pytestmark = pytest.mark.django_db


def _create_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("courses", "productpage", library().pk))


def test_a_trainers_submission_is_not_live_until_the_enablement_lead_approves(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    trainer_client = login_as("trainer")
    response = trainer_client.post(_create_url(), page_post_data(action="action-submit"))
    assert response.status_code == 302
    page = ProductPage.objects.get()
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    # The public URL of the draft answers 404 while it waits.
    assert login_as("learner").get("/library/ledgerly/").status_code == 404

    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, persona("analyst"), "approve")

    page.refresh_from_db()
    assert page.live
    assert login_as("learner").get("/library/ledgerly/").status_code == 200


def test_a_trainer_cannot_publish_directly(login_as) -> None:  # type: ignore[no-untyped-def]
    login_as("trainer").post(_create_url(), page_post_data(action="action-publish"))
    assert not ProductPage.objects.filter(live=True).exists()


def test_a_trainer_cannot_approve(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    login_as("trainer").post(_create_url(), page_post_data(action="action-submit"))
    page = ProductPage.objects.get()
    task = page.current_workflow_task_state.task.specific
    assert not task.user_can_access_editor(page, persona("trainer")) or not task.get_actions(
        page, persona("trainer")
    )
    assert task.get_actions(page, persona("analyst"))
