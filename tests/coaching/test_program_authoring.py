"""Coaching programs are authored in the product by coaches' leads and admins: validated, and a program in
use is never changed under its engagements (saving it creates the next version)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from accounts.roles import Role
from coaching.forms import EngagementStartForm
from coaching.models import CoachingProgram, EngagementDay, ProgramDay
from coaching.programs import DayPlan, current_programs, may_author_programs, program_save
from tests.factories.accounts import RegionFactory, TeamFactory, UserFactory
from tests.factories.coaching import make_engagement

pytestmark = pytest.mark.django_db


def _days(*numbers: int, phase: int = 1) -> list[DayPlan]:
    return [
        DayPlan(n, phase, ProgramDay.Kind.RIDE_ALONG, f"Day {n}", "Visit\nReview", n % 2 == 0)
        for n in numbers
    ]


@pytest.fixture
def lead(roles):  # type: ignore[no-untyped-def]
    """A coach who manages a region with a team below it."""
    lead = UserFactory(roles=[Role.COACH])
    TeamFactory(parent=RegionFactory(manager=lead))
    return lead


def test_coaches_leads_and_admins_author_programs_other_coaches_do_not(lead, roles) -> None:  # type: ignore[no-untyped-def]
    team_coach = UserFactory(roles=[Role.COACH])
    TeamFactory(manager=team_coach)  # a team has no units below it
    assert may_author_programs(lead)
    assert may_author_programs(UserFactory(roles=[Role.ADMIN]))
    assert not may_author_programs(team_coach)
    assert not may_author_programs(UserFactory(roles=[Role.LEARNER]))
    with pytest.raises(ValidationError, match="coaches' leads"):
        program_save(
            program=None, name="X", description="", focus_competencies=[], phases=["A"], days=_days(1),
            actor=team_coach,
        )  # fmt: skip


def test_validation_names_the_row_and_the_field(lead) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        program_save(
            program=None,
            name="Field week",
            description="",
            focus_competencies=[],
            phases=["Prepare", "Ride along"],
            days=[*_days(1, 2), *_days(2, phase=3)],
            actor=lead,
        )
    errors = exc.value.message_dict
    assert any("Row 3: day 2 is already planned in row 2" in e for e in errors["days"])
    assert any("Row 3: choose a phase from 1 to 2" in e for e in errors["days"])
    assert any("Ride along" in e for e in errors["phases"])
    assert not CoachingProgram.objects.filter(name="Field week").exists()


def test_a_program_nobody_uses_is_edited_in_place(lead) -> None:  # type: ignore[no-untyped-def]
    program = program_save(
        program=None, name="Field week", description="d", focus_competencies=["Discovery"], phases=["All"],
        days=_days(1, 2), actor=lead,
    )  # fmt: skip
    edited = program_save(
        program=program, name="Field week", description="d2", focus_competencies=["Discovery"], phases=["All"],
        days=_days(1, 2, 3), actor=lead,
    )  # fmt: skip
    assert edited.pk == program.pk and edited.version == 1
    assert ProgramDay.objects.filter(phase__program=program).count() == 3
    assert AuditEvent.objects.filter(verb="coaching.program_edit", object_id=str(program.pk)).exists()


def test_a_program_in_use_is_saved_as_a_new_version_and_engagements_keep_theirs(lead) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement()
    used = engagement.program
    days_before = list(
        EngagementDay.objects.filter(engagement=engagement).values_list("program_day_id", flat=True)
    )
    new = program_save(
        program=used, name=used.name, description="", focus_competencies=[], phases=["Only"], days=_days(1),
        actor=lead,
    )  # fmt: skip
    assert new.pk != used.pk and new.version == used.version + 1 and new.replaces == used
    assert list(
        EngagementDay.objects.filter(engagement=engagement).values_list("program_day_id", flat=True)
    ) == (days_before)
    assert ProgramDay.objects.filter(phase__program=used).count() > 1  # the old version is untouched
    assert list(current_programs()) == [new]
    assert list(EngagementStartForm(sellers=UserFactory._meta.model.objects.none(), rubric_version=None,
                                    today=engagement.start_date).fields["program"].queryset) == [new]  # fmt: skip
    with pytest.raises(ValidationError, match="newer version"):
        program_save(
            program=used, name="Old", description="", focus_competencies=[], phases=["A"], days=_days(1),
            actor=lead,
        )  # fmt: skip


def test_the_pages_create_and_list_a_program(lead, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    client.force_login(lead)
    assert client.get("/coaching/programs/new/").status_code == 200
    data = {
        "name": "Two-day ride along",
        "description": "",
        "focus_competencies": "Discovery\nClosing",
        "phases": "Ride along",
        "day-TOTAL_FORMS": "2",
        "day-INITIAL_FORMS": "0",
        "day-0-number": "1",
        "day-0-phase": "1",
        "day-0-kind": "ride_along",
        "day-0-title": "First ride",
        "day-0-planned_activities": "Visit A",
        "day-0-session_planned": "on",
    }
    response = client.post("/coaching/programs/new/", data)
    assert response.status_code == 302
    program = CoachingProgram.objects.get(name="Two-day ride along")
    assert program.focus_competencies == ["Discovery", "Closing"]
    assert ProgramDay.objects.get(phase__program=program).session_planned
    assert "Two-day ride along" in client.get("/coaching/programs/").content.decode()
    bad = client.post("/coaching/programs/new/", {**data, "day-0-phase": "2"})
    assert bad.status_code == 400 and "choose a phase from 1 to 1" in bad.content.decode()
    client.force_login(UserFactory(roles=[Role.COACH]))
    assert client.get("/coaching/programs/").status_code == 403
    assert client.get(f"/coaching/programs/{program.pk}/edit/").status_code == 403
