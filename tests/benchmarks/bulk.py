"""The `pages` bench's 100,000-row worlds, written by PostgreSQL itself: INSERT … SELECT over generate_series.

Building 100,000 learners with their progress, certifications and candidates as Python objects took 10–20
minutes; generated in the database the same rows take seconds. Random choices use `random()` after `setseed`,
so a world of a given size is the same on every run. The tables are analysed afterwards, as autovacuum would
have done for a database in service, so the planner sees the sizes the pages are measured at.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, models

from accounts.audit_labels import VERB_LABELS
from accounts.models import AuditEvent, Membership, OrgUnit, User
from accounts.roles import Role
from assessments.exams.models import Attempt, Certification, Exam, Response
from assessments.hiring.composites import composites_refresh
from assessments.hiring.models import Candidate, Interview, Rating, Requisition, Scorecard, Stage
from assessments.rubrics.models import RubricVersion
from coaching.models import (
    ActionItem,
    CoachingProgram,
    CoachingSession,
    Engagement,
    EngagementDay,
    FieldDay,
    Visit,
)
from courses.models import Enrollment, LearningPath, LessonProgress
from courses.progress import enrollments_progress_refresh

# The same names as people.learners_bulk_create, so a first name sorts the same way.
FIRST_NAMES = ["Ana", "Bo", "Chen", "Dev", "Eli", "Fay", "Gus", "Hui"]
VERBS = sorted(VERB_LABELS)


def _padded(number: str) -> str:
    """SQL for Python's f"{i:05d}" of an integer column."""
    return f"lpad({number}::text, greatest(5, length({number}::text)), '0')"


def insert_select(
    model: type[models.Model], values: dict[str, str], source: str, params: dict[str, Any] | None = None
) -> int:
    """`INSERT INTO <model's table> (…) SELECT … FROM <source>`: `values` maps columns to SQL expressions over
    `source` (named parameters, `%(name)s`); every other column takes its field's default (now() for auto_now
    fields). Returns the number of rows added."""
    columns = list(values)
    expressions = [values[c] for c in columns]
    bound = dict(params or {})
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in values:
            continue
        columns.append(field.column)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expressions.append("now()")
            continue
        default = field.get_default()
        if default is None and not field.null:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
        name = f"default_{field.column}"
        expressions.append(f"%({name})s::{field.db_type(connection)}")
        bound[name] = field.get_db_prep_save(default, connection)
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        # The rows reference only rows that exist (each is selected from them), so the foreign keys' checks are
        # skipped, as pg_restore's --disable-triggers does: queued per row until the commit, and share-locking
        # every referenced row, they took about half the time of each INSERT.
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, bound)
            return int(cursor.rowcount)
        finally:
            cursor.execute("RESET session_replication_role")


def _execute(sql: str, params: dict[str, Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})


def _seed(seed: int) -> None:
    _execute("SELECT setseed(%(seed)s)", {"seed": (seed % 1999) / 1000 - 0.999})


def learners_generate(*, n: int, prefix: str, team: OrgUnit, password: str, seed: int, lessons: int) -> None:
    """`n` learners in `team`, named as `people.learners_bulk_create` names them, each with a number of lessons
    done (0 to `lessons`, uniform), kept in the session's table `bench_learner` (id, start_date, lessons_done)
    for the rows that follow."""
    _seed(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        before = cursor.fetchone()[0]
    insert_select(
        User,
        {
            "email": f"format('%%s-%%s@bench.rampway.example', %(prefix)s::text, {_padded('i')})",
            "first_name": "(%(first)s::text[])[1 + floor(random() * 8)::int]",
            "last_name": f"format('%%s %%s', %(title)s::text, {_padded('i')})",
            "password": "%(password)s",
            "start_date": "current_date - floor(random() * 60)::int",
        },
        "generate_series(0, %(n)s - 1) AS i",
        {"prefix": prefix, "title": prefix.title(), "first": FIRST_NAMES, "password": password, "n": n},
    )
    _execute("DROP TABLE IF EXISTS bench_learner")
    _execute(
        "CREATE TEMP TABLE bench_learner AS SELECT id, start_date, "
        "floor(random() * (%(lessons)s + 1))::int AS lessons_done FROM accounts_user WHERE id > %(before)s",
        {"lessons": lessons, "before": before},
    )
    learner = Group.objects.get(name=Role.LEARNER)
    insert_select(
        User.groups.through,
        {"user_id": "id", "group_id": "%(group)s"},
        "bench_learner",
        {"group": learner.pk},
    )
    insert_select(
        Membership,
        {"user_id": "id", "org_unit_id": "%(team)s", "joined_at": "now()"},
        "bench_learner",
        {"team": team.pk},
    )


def progress_generate(*, path: LearningPath, lessons: list[int], exams: list[int]) -> None:
    """The learners of `bench_learner` enrolled on `path`, each done with their first lessons (in path order),
    and holding each exam's certification with probability 1/2 (issued in the last 700 days, some expired)."""
    insert_select(
        Enrollment,
        {"path_id": "%(path)s", "user_id": "id", "start_date": "coalesce(start_date, current_date)"},
        "bench_learner",
        {"path": path.pk},
    )
    insert_select(
        LessonProgress,
        {
            "user_id": "b.id",
            "lesson_id": "l.lesson_id",
            "completed_at": "now() - floor(random() * 30) * interval '1 day'",
        },
        "bench_learner AS b JOIN unnest(%(lessons)s::int[]) WITH ORDINALITY AS l(lesson_id, position) "
        "ON l.position <= b.lessons_done",
        {"lessons": lessons},
    )
    insert_select(
        Certification,
        {
            "user_id": "b.id",
            "exam_id": "e.exam_id",
            "code": "upper(substr(md5(b.id::text || ':' || e.exam_id::text), 1, 16))",
            "issued_at": "now() - floor(random() * 700) * interval '1 day'",
            "expires_at": "now() + (floor(random() * 730) - 30) * interval '1 day'",
        },
        "bench_learner AS b CROSS JOIN unnest(%(exams)s::int[]) AS e(exam_id) WHERE random() < 0.5",
        {"exams": exams},
    )
    # Raw inserts send no signals: store the enrollments' progress as the services would have (one UPDATE).
    enrollments_progress_refresh(path_ids=[path.pk])


def coaching_generate(
    *, coach: User, program: CoachingProgram, rubric_version: RubricVersion, seed: int
) -> None:
    """An engagement by `coach` for every learner of `bench_learner`, started in the last eight weeks: its
    planned session days, a field day the week before the start and one three days after (two visits each,
    random objectives, outcomes, lengths and ratings), one session on the second field day (coach-rated in
    half of them, self-rated in half) and one action item from it. Some field days, sessions and items are
    pending, as in service."""
    _seed(seed + 3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM coaching_engagement")
        before = cursor.fetchone()[0]
    insert_select(
        Engagement,
        {
            "coach_id": "%(coach)s",
            "seller_id": "id",
            "program_id": "%(program)s",
            "rubric_version_id": "%(version)s",
            "start_date": "current_date - 7 * floor(random() * 8)::int",
        },
        "bench_learner",
        {"coach": coach.pk, "program": program.pk, "version": rubric_version.pk},
    )
    engagements = f"coaching_engagement AS e WHERE e.id > {int(before)}"
    insert_select(
        EngagementDay,
        {"engagement_id": "e.id", "program_day_id": "d.id", "date": "e.start_date + d.number - 1"},
        f"coaching_programday AS d JOIN coaching_programphase AS ph ON ph.id = d.phase_id "
        f"CROSS JOIN {engagements} AND ph.program_id = %(program)s AND d.session_planned AND d.number <= 7",
        {"program": program.pk},
    )
    insert_select(
        FieldDay,
        {
            "engagement_id": "e.id",
            "date": "e.start_date + o.days",
            "draft_id": "gen_random_uuid()",
            "recorded_by_id": "%(coach)s",
        },
        f"(VALUES (-7), (3)) AS o(days) CROSS JOIN {engagements}",
        {"coach": coach.pk},
    )
    insert_select(
        Visit,
        {
            "field_day_id": "f.id",
            "position": "p.n",
            "customer_name": "format('Customer %%s', f.id)",
            "segment": "'enterprise'",
            "call_type": "'first'",
            "objective": "(%(objectives)s::text[])[1 + floor(random() * %(n_objectives)s)::int]",
            "appointment_won": "random() < 0.4",
            "duration_minutes": "20 + floor(random() * 40)::int",
            "coach_rating": "CASE WHEN random() < 0.8 THEN 1 + floor(random() * 4)::int END",
        },
        f"coaching_fieldday AS f CROSS JOIN (VALUES (0), (1)) AS p(n) WHERE f.engagement_id > {int(before)}",
        {"objectives": list(Visit.Objective.values), "n_objectives": len(Visit.Objective.values)},
    )
    insert_select(
        CoachingSession,
        {
            "engagement_id": "f.engagement_id",
            "field_day_id": "f.id",
            "held_on": "f.date",
            "rubric_version_id": "%(version)s",
            "coach_submitted_at": "CASE WHEN random() < 0.5 THEN now() END",
            "seller_submitted_at": "CASE WHEN random() < 0.5 THEN now() END",
        },
        f"coaching_fieldday AS f JOIN coaching_engagement AS e ON e.id = f.engagement_id "
        f"WHERE e.id > {int(before)} AND f.date > e.start_date",
        {"version": rubric_version.pk},
    )
    insert_select(
        ActionItem,
        {
            "engagement_id": "s.engagement_id",
            "session_id": "s.id",
            "owner_id": "e.seller_id",
            "description": "'Follow up the proposal'",
            "due_date": "s.held_on + 7",
        },
        f"coaching_coachingsession AS s JOIN coaching_engagement AS e ON e.id = s.engagement_id "
        f"WHERE e.id > {int(before)}",
    )


def candidates_generate(
    *, n: int, label: str, requisition: Requisition, interviewer: User, criteria: list[int], seed: int
) -> None:
    """`n` candidates spread over the stages; 3 in 10 interviewed, each with a submitted scorecard rating every
    criterion 1–4."""
    _seed(seed + 1)
    insert_select(
        Candidate,
        {
            "requisition_id": "%(requisition)s",
            "name": f"format('Candidate %%s %%s', %(label)s::text, {_padded('i')})",
            "email": f"format('cand-%%s-%%s@example.com', %(label)s::text, {_padded('i')})",
            "stage": "(%(stages)s::text[])[1 + floor(random() * %(n_stages)s)::int]",
            "stage_changed_at": "now()",
        },
        "generate_series(0, %(n)s - 1) AS i",
        {
            "requisition": requisition.pk,
            "label": label,
            "stages": list(Stage.values),
            "n_stages": len(Stage.values),
            "n": n,
        },
    )
    insert_select(
        Interview,
        {"candidate_id": "id", "interviewer_id": "%(interviewer)s"},
        "hiring_candidate WHERE requisition_id = %(requisition)s AND random() < 0.3",
        {"interviewer": interviewer.pk, "requisition": requisition.pk},
    )
    insert_select(
        Scorecard,
        {
            "interview_id": "i.id",
            "candidate_id": "i.candidate_id",
            "interviewer_id": "i.interviewer_id",
            "rubric_version_id": "%(version)s",
            "recommendation": "'yes'",
            "submitted_at": "now()",
            "locked": "true",
        },
        "hiring_interview AS i WHERE i.interviewer_id = %(interviewer)s",
        {"version": requisition.rubric_version_id, "interviewer": interviewer.pk},
    )
    insert_select(
        Rating,
        {
            "scorecard_id": "s.id",
            "criterion_id": "c.criterion_id",
            "value": "1 + floor(random() * 4)::int",
            "evidence": "'bench'",
        },
        "hiring_scorecard AS s CROSS JOIN unnest(%(criteria)s::int[]) AS c(criterion_id) "
        "WHERE s.interviewer_id = %(interviewer)s",
        {"criteria": criteria, "interviewer": interviewer.pk},
    )
    # The board ranks by the stored composite: computed here by the same UPDATE the scorecard services run
    # (after ANALYZE, so its per-candidate lookups use the indexes on the freshly filled tables), for the
    # candidates with a submitted scorecard: the others keep the UPDATE's result for them, no score and no
    # coverage, which are the columns' defaults (rewriting them too doubled the table until a vacuum).
    analyse(Candidate, Interview, Scorecard, Rating)
    composites_refresh(
        Candidate.objects.filter(requisition=requisition, scorecards__submitted_at__isnull=False)
    )


def attempts_generate(*, exam: Exam, versions: list[int], seed: int) -> None:
    """One submitted attempt of `exam` per learner of `bench_learner`, in learner order (the last learner
    submitted last), each answering every question version in `versions` right or wrong at random."""
    _seed(seed + 3)
    insert_select(
        Attempt,
        {
            "exam_id": "%(exam)s",
            "user_id": "b.id",
            "number": "1",
            "state": "%(state)s",
            "seed": "floor(random() * 1000000)::bigint",
            "started_at": "now() - interval '1 hour' - (b.total - b.rank) * interval '1 second'",
            "submitted_at": "now() - (b.total - b.rank) * interval '1 second'",
            "max_marks": "%(max)s",
        },
        "(SELECT id, row_number() OVER (ORDER BY id) AS rank, count(*) OVER () AS total FROM bench_learner) AS b",
        {"exam": exam.pk, "state": Attempt.State.SUBMITTED, "max": len(versions)},
    )
    insert_select(
        Response,
        {
            "attempt_id": "a.id",
            "position": "v.position",
            "version_id": "v.version_id",
            "fraction": "floor(random() * 2)",
            "saved_at": "a.submitted_at",
        },
        "exams_attempt AS a CROSS JOIN unnest(%(versions)s::bigint[]) WITH ORDINALITY AS v(version_id, position) "
        "WHERE a.exam_id = %(exam)s",
        {"versions": versions, "exam": exam.pk},
    )
    analyse(
        Attempt, Response
    )  # the planner must see the new responses, or the marks' UPDATE loops per attempt
    _execute(
        "UPDATE exams_attempt AS a SET marks = r.marks, score = 100 * r.marks / a.max_marks, "
        "passed = 100 * r.marks / a.max_marks >= %(pass_mark)s "
        "FROM (SELECT attempt_id, sum(fraction * max_mark) AS marks FROM exams_response "
        "JOIN exams_attempt ON exams_attempt.id = attempt_id WHERE exam_id = %(exam)s GROUP BY attempt_id) AS r "
        "WHERE r.attempt_id = a.id AND a.exam_id = %(exam)s",
        {"exam": exam.pk, "pass_mark": exam.pass_mark},
    )


def audit_generate(*, n: int, actor: User, seed: int) -> None:
    """`n` audit events by `actor` over the last year, their verbs drawn from the labelled ones."""
    _seed(seed + 2)
    insert_select(
        AuditEvent,
        {
            "actor_id": "%(actor)s",
            "actor_repr": "%(actor_repr)s",
            "verb": "(%(verbs)s::text[])[1 + floor(random() * %(n_verbs)s)::int]",
            "object_id": "i::text",
            "object_repr": "format('Bench object %%s', i)",
            "at": "now() - random() * interval '365 days'",
        },
        "generate_series(1, %(n)s) AS i",
        {"actor": actor.pk, "actor_repr": str(actor), "verbs": VERBS, "n_verbs": len(VERBS), "n": n},
    )


def analyse(*tables: type[models.Model]) -> None:
    """Statistics for the planner, as autovacuum keeps them in service: of the tables of `tables` (those a step
    just filled and reads next), or of every table."""
    _execute("ANALYZE " + ", ".join(connection.ops.quote_name(t._meta.db_table) for t in tables))
