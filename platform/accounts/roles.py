"""The six roles, each a Django group with the permissions it needs."""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    LEARNER = "learner", _("Learner")
    TRAINER = "trainer", _("Trainer")
    RECRUITER = "recruiter", _("Recruiter")
    COACH = "coach", _("Coach")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Admin")


# "app_label.codename" per role. A permission whose app is not installed yet is skipped, so later
# issues add their codenames here and the next migrate grants them.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.LEARNER: [],
    Role.TRAINER: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "courses.add_learningpath",
        "courses.change_learningpath",
        "courses.view_learningpath",
        "exams.view_questionbank",
        "exams.add_question",
        "exams.change_question",
        "exams.view_question",
        "exams.add_exam",
        "exams.change_exam",
        "exams.view_exam",
    ],
    Role.RECRUITER: [],
    Role.COACH: [],
    Role.ANALYST: [
        "wagtailadmin.access_admin",
        "courses.add_learningpath",
        "courses.change_learningpath",
        "courses.view_learningpath",
        "rubrics.view_rubric",
        "rubrics.add_rubric",
        "rubrics.change_rubric",
        "rubrics.view_rubricversion",
        "rubrics.add_rubricversion",
        "rubrics.change_rubricversion",
        "exams.view_exam",
        "exams.view_attempt",
        "exams.view_itemanalysisresult",
    ],
    Role.ADMIN: [
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_orgunit",
        "accounts.add_orgunit",
        "accounts.change_orgunit",
        "accounts.view_membership",
        "accounts.add_membership",
        "accounts.change_membership",
        "accounts.delete_membership",
        "accounts.view_auditevent",
        "auth.view_group",
        "auth.change_group",
        "wagtailusers.add_userprofile",
        "rubrics.view_rubric",
        "rubrics.add_rubric",
        "rubrics.change_rubric",
        "rubrics.view_rubricversion",
        "rubrics.add_rubricversion",
        "rubrics.change_rubricversion",
        "hiring.view_requisition",
        "hiring.add_requisition",
        "hiring.change_requisition",
        "hiring.view_interviewplanstep",
        "hiring.add_interviewplanstep",
        "hiring.change_interviewplanstep",
        "hiring.delete_interviewplanstep",
        "coaching.view_coachingprogram",
        "coaching.add_coachingprogram",
        "coaching.change_coachingprogram",
        "coaching.view_programday",
        "coaching.change_programday",
        "coaching.view_qualificationlevel",
        "coaching.add_qualificationlevel",
        "coaching.change_qualificationlevel",
        "coaching.view_leddeal",
        "coaching.add_leddeal",
        "coaching.change_leddeal",
    ],
}


def roles_sync() -> None:
    """Create the role groups and give each exactly the permissions listed that exist."""
    from django.contrib.auth.models import Group, Permission

    wanted = {p for perms in ROLE_PERMISSIONS.values() for p in perms}
    by_key = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={w.split(".", 1)[1] for w in wanted}
        )
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([by_key[p] for p in perms if p in by_key])


def sync_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "name", "") == "accounts":
        roles_sync()
