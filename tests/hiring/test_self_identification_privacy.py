"""Self-identification is never read on per-person pages; analysts get group aggregates only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.hiring.models import SelfIdentification, Stage
from assessments.hiring.selectors import self_identification_selection_rates
from assessments.hiring.services import candidate_decide
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

TABLE = SelfIdentification._meta.db_table


def test_no_per_person_page_queries_the_self_identification_table(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    candidate = make_candidate(
        requisition, self_identification={"sex": "female", "race_ethnicity": "asian", "age_band": "30_39"}
    )
    interview = make_interview(candidate)
    submit_scorecard(interview, 4)
    pages = [
        (login_as("recruiter"), f"/hiring/candidates/{candidate.pk}/"),
        (login_as("recruiter"), f"/hiring/candidates/{candidate.pk}/scorecards.json"),
        (login_as("recruiter"), f"/hiring/requisitions/{requisition.pk}/"),
        (login_as("recruiter"), "/hiring/"),
        (login_as("admin"), f"/hiring/candidates/{candidate.pk}/"),
        (login_as("recruiter"), f"/hiring/requisitions/{requisition.pk}/calibration/"),
    ]
    for client, url in pages:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        assert not [q for q in ctx.captured_queries if TABLE in q["sql"]], url
        body = response.content.decode()
        assert "Asian" not in body and "30–39" not in body, url


def test_selection_rates_come_only_as_group_counts(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    for sex, decision in (("female", Stage.HIRED), ("female", Stage.REJECTED), ("male", Stage.HIRED)):
        c = make_candidate(requisition, self_identification={"sex": sex})
        candidate_decide(candidate=c, decision=decision, reason="r", actor=requisition.hiring_manager)
    rows = self_identification_selection_rates(requisition=requisition)
    assert rows == [
        {"group": "female", "decided": 2, "hired": 1},
        {"group": "male", "decided": 1, "hired": 1},
    ]
    assert all(set(r) == {"group", "decided", "hired"} for r in rows)


def test_only_analysts_see_selection_rates_and_small_groups_are_hidden(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    for i in range(10):
        c = make_candidate(
            requisition, self_identification={"sex": "female" if i < 5 else "male", "age_band": "30_39"}
        )
        decision = Stage.HIRED if i in (0, 5, 6) else Stage.REJECTED
        candidate_decide(candidate=c, decision=decision, reason="r", actor=requisition.hiring_manager)
    c = make_candidate(requisition, self_identification={"sex": "other"})
    candidate_decide(candidate=c, decision=Stage.HIRED, reason="r", actor=requisition.hiring_manager)
    url = f"/hiring/requisitions/{requisition.pk}/calibration/"
    with CaptureQueriesContext(connection) as ctx:
        table = login_as("analyst").get(url).context["selection_rates"]
    reads = [q["sql"] for q in ctx.captured_queries if TABLE in q["sql"]]
    assert reads and all("GROUP BY" in sql and "COUNT(" in sql for sql in reads)
    sex = next(d for d in table if str(d["label"]) == "Sex")
    assert [(g["label"], g["hired"], g["decided"]) for g in sex["groups"]] == [
        ("Female", 1, 5),
        ("Male", 2, 5),
    ]
    female = sex["groups"][0]
    assert female["ratio"] == pytest.approx(0.5) and female["flag"]
    for who in ("recruiter", "admin"):
        assert "selection_rates" not in login_as(who).get(url).context, who
