"""Each candidate's composite score, stored on the candidate so the board ranks and pages in the database.

The stored `composite_score` and `composite_coverage` are the values `stats.scoring.composite_score` gives over
the candidate's submitted scorecards and the requisition's rubric version: Σ weight × (mean rating − lowest) /
(highest − lowest) over the criteria rated at least once (None when none is), and the share of the total weight
rated. They are recomputed in one set-based UPDATE whenever a scorecard is submitted, amended or removed, a
criterion's weight or scale changes, or a requisition moves to another rubric version — and by the migration
that added them.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from assessments.rubrics.models import Criterion

from .models import Candidate, Rating, Requisition, Scorecard

# The rated criteria of a candidate (`{c}` is the candidate table, the row being updated): each criterion of the
# requisition's rubric version with at least one rating on a submitted scorecard, and the mean of those ratings.
_RATED = """
    SELECT cr.id AS criterion_id, cr.weight AS weight, cr.scale_min AS scale_min, cr.scale_max AS scale_max,
           AVG(CAST(r.value AS DOUBLE PRECISION)) AS mean
    FROM {rating} r
    JOIN {scorecard} s ON s.id = r.scorecard_id
    JOIN {criterion} cr ON cr.id = r.criterion_id
    JOIN {requisition} q ON q.rubric_version_id = cr.version_id
    WHERE s.candidate_id = {c}.id AND q.id = {c}.requisition_id
      AND s.submitted_at IS NOT NULL AND r.value IS NOT NULL
    GROUP BY cr.id, cr.weight, cr.scale_min, cr.scale_max
"""

_UPDATE = """
UPDATE {c} SET
    composite_score = (
        SELECT SUM(m.weight * (m.mean - m.scale_min) / (m.scale_max - m.scale_min)) FROM ({rated}) m
    ),
    composite_coverage = COALESCE(
        (SELECT SUM(m.weight) FROM ({rated}) m)
        / NULLIF((
            SELECT SUM(cr.weight) FROM {criterion} cr JOIN {requisition} q ON q.rubric_version_id = cr.version_id
            WHERE q.id = {c}.requisition_id
        ), 0),
        0
    )
WHERE id IN ({ids})
"""


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "c": quote(Candidate._meta.db_table),
        "rating": quote(Rating._meta.db_table),
        "scorecard": quote(Scorecard._meta.db_table),
        "criterion": quote(Criterion._meta.db_table),
        "requisition": quote(Requisition._meta.db_table),
    }


def composites_sql(*, ids: str) -> str:
    """The UPDATE recomputing the composite of the candidates whose ids the SQL `ids` selects."""
    tables = _tables()
    return _UPDATE.format(rated=_RATED.format(**tables), ids=ids, **tables)


def composites_refresh(candidates: QuerySet[Candidate, Any]) -> int:
    """Recompute the stored composite of every candidate in `candidates` (one UPDATE); returns how many."""
    ids_sql, params = candidates.order_by().values("pk").query.sql_with_params()
    sql = composites_sql(ids=ids_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def candidate_composite_refresh(candidate_id: int) -> None:
    composites_refresh(Candidate.objects.filter(pk=candidate_id))


def requisition_composites_refresh(requisition_id: int) -> int:
    return composites_refresh(Candidate.objects.filter(requisition_id=requisition_id))


def rubric_version_composites_refresh(version_id: int) -> int:
    """After a criterion of the version changed: every candidate of a requisition scored against it."""
    return composites_refresh(Candidate.objects.filter(requisition__rubric_version_id=version_id))


def _criterion_changed(sender: type[Criterion], instance: Criterion, **kwargs: Any) -> None:
    # A weight or scale may have changed (or a criterion gone): every composite scored on the version.
    if instance.version_id is not None:
        rubric_version_composites_refresh(instance.version_id)


def _scorecard_removed(sender: type[Scorecard], instance: Scorecard, **kwargs: Any) -> None:
    candidate_composite_refresh(instance.candidate_id)


def connect_signals() -> None:
    """Weights change in the rubric admin and scorecards go with their interview: both outside the services."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_criterion_changed, sender=Criterion, dispatch_uid="hiring.composites.criterion_saved")
    post_delete.connect(
        _criterion_changed, sender=Criterion, dispatch_uid="hiring.composites.criterion_deleted"
    )
    post_delete.connect(
        _scorecard_removed, sender=Scorecard, dispatch_uid="hiring.composites.scorecard_deleted"
    )
