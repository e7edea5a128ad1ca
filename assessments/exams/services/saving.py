"""The save path: one conditional statement per answer, and the one read that explains a refused save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import JSONField, OuterRef, Subquery
from django.utils.translation import gettext as _

from ..answers import AnswerRejected, answer_problem, answer_types
from ..models import (
    Attempt,
    AttemptEvent,
    Exam,
    QuestionVersion,
    Response,
)
from .common import _OPEN_STATES, GRACE, AttemptClosed, _log, _navigation_refused


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    seq: int
    saved_at: datetime | None
    # A refused (stale) save carries the stored answer, so the client can show what the server holds.
    value: Any = None


def _save_statement(vendor: str, types: int = 0) -> str:
    """The conditional UPDATE of one answer; on PostgreSQL also the INSERT of its SAVE event, in one statement.

    Everything that decides whether the write may land is in its WHERE clause (owner, open state, deadline plus
    grace, newer sequence number, sequential position, and — for a non-empty answer — a question type the
    value's shape fits, `types` placeholders of them), so the happy path needs no read first. PostgreSQL locks
    the attempt row FOR SHARE: a save waits for a submit that holds it FOR UPDATE and then sees the attempt
    closed, and a submit waits for a save under way, so grading never misses an answer it acknowledged."""
    q = connection.ops.quote_name
    response, attempt, exam, event, version = (
        q(m._meta.db_table) for m in (Response, Attempt, Exam, AttemptEvent, QuestionVersion)
    )
    of_type = (
        f" AND EXISTS (SELECT 1 FROM {version} v WHERE v.id = {response}.version_id"  # noqa: S608
        f" AND v.qtype IN ({', '.join(['%s'] * types)}))"
        if types
        else ""
    )
    # Only model table names are formatted in; every value is a parameter.
    update = (
        f"UPDATE {response} SET value = %s, seq = %s, saved_at = %s"  # noqa: S608
        f" WHERE attempt_id = %s AND position = %s AND seq < %s{of_type} AND EXISTS ("
        f"SELECT 1 FROM {attempt} a INNER JOIN {exam} e ON e.id = a.exam_id"
        f" WHERE a.id = {response}.attempt_id AND a.user_id = %s AND a.state IN (%s, %s)"
        f" AND (a.deadline IS NULL OR a.deadline >= %s)"
        f" AND (e.navigation <> %s OR a.furthest_position = %s)"
        f"{' FOR SHARE OF a' if vendor == 'postgresql' else ''})"
    )
    if vendor != "postgresql":
        return update
    # The integrity log keeps one event per accepted save (who, when, from which IP and browser), issue 5. A
    # data-modifying CTE writes it in the same statement as the answer, so the log costs no extra round trip and
    # an answer never lands without its event. SQLite has no DML in CTEs: there it is a second statement.
    return (
        f"WITH saved AS ({update} RETURNING attempt_id)"  # noqa: S608
        f" INSERT INTO {event} (attempt_id, kind, at, ip, user_agent, detail)"
        f" SELECT attempt_id, %s, %s, %s, %s, %s FROM saved"
    )


def _prep(model: type[Any], field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def response_save(
    *,
    attempt: Attempt | int,
    position: int,
    value: Any,
    seq: int,
    now: datetime,
    ip: str | None = None,
    user_agent: str = "",
    user_id: int | None = None,
) -> SaveResult:
    """Store an answer if `seq` is newer than the stored one: one conditional UPDATE, so a stale write never wins.

    `attempt` may be a bare id (the save endpoint): the write is then scoped to `user_id`'s attempts, and an
    attempt that is missing or someone else's raises Attempt.DoesNotExist. Only a save that matched no row reads
    the attempt, to tell why: closed (AttemptClosed), unknown question (Response.DoesNotExist), left behind in a
    sequential exam (NavigationRefused), not an answer to that question's type (AnswerRejected, also raised before
    any query for a value that fits no type), or stale (the stored sequence number and answer are returned,
    saved=False)."""
    types = () if value is None else answer_types(value)
    owner_id: int | None
    if isinstance(attempt, Attempt):
        attempt_id, owner_id = attempt.pk, attempt.user_id
    else:
        attempt_id, owner_id = attempt, user_id
    if owner_id is None:
        raise ValueError("response_save needs the owner's user_id when given an attempt id")
    vendor = connection.vendor
    params = [
        _prep(Response, "value", value),
        seq,
        _prep(Response, "saved_at", now),
        attempt_id,
        position,
        seq,
        *types,
        owner_id,
        *_OPEN_STATES,
        _prep(Attempt, "deadline", now - GRACE),
        Exam.Navigation.SEQUENTIAL,
        position,
    ]
    if vendor == "postgresql":
        params += [
            AttemptEvent.Kind.SAVE,
            _prep(AttemptEvent, "at", now),
            _prep(AttemptEvent, "ip", ip or None),
            (user_agent or "")[:300],
            _prep(AttemptEvent, "detail", {"position": position, "seq": seq}),
        ]
        with connection.cursor() as cursor:
            cursor.execute(_save_statement(vendor, len(types)), params)
            updated = cursor.rowcount
    else:
        # No savepoint: inside a request this opens the transaction itself, so the pair adds no statement.
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(_save_statement(vendor, len(types)), params)
            updated = cursor.rowcount
            if updated:
                _log(
                    Attempt(pk=attempt_id),
                    AttemptEvent.Kind.SAVE,
                    now,
                    ip,
                    user_agent,
                    position=position,
                    seq=seq,
                )
    if updated:
        return SaveResult(True, seq, now)
    return _save_not_applied(
        attempt=attempt,
        attempt_id=attempt_id,
        owner_id=owner_id,
        position=position,
        value=value,
        seq=seq,
        now=now,
        ip=ip,
        user_agent=user_agent,
    )


def _save_not_applied(
    *,
    attempt: Attempt | int,
    attempt_id: int,
    owner_id: int,
    position: int,
    value: Any,
    seq: int,
    now: datetime,
    ip: str | None,
    user_agent: str,
) -> SaveResult:
    """Why a save matched no row, in one read; a sequential exam answered further on moves forward and retries."""
    stored = Response.objects.filter(attempt_id=OuterRef("pk"), position=position)
    row = (
        Attempt.objects.filter(pk=attempt_id, user_id=owner_id)
        .annotate(
            stored_seq=Subquery(stored.values("seq")[:1]),
            stored_at=Subquery(stored.values("saved_at")[:1]),
            stored_value=Subquery(stored.values("value")[:1], output_field=JSONField()),
            stored_qtype=Subquery(stored.values("version__qtype")[:1]),
        )
        .values(
            "state",
            "deadline",
            "furthest_position",
            "exam__navigation",
            "stored_seq",
            "stored_at",
            "stored_value",
            "stored_qtype",
        )
        .first()
    )
    if row is None:
        raise Attempt.DoesNotExist(f"user {owner_id} has no attempt {attempt_id}")
    if row["state"] not in _OPEN_STATES:
        raise AttemptClosed(_("This attempt has been submitted."))
    if row["deadline"] and now > row["deadline"] + GRACE:
        raise AttemptClosed(_("Time is up for this attempt."))
    if row["stored_seq"] is None:
        raise Response.DoesNotExist(f"attempt {attempt_id} has no question {position}")
    problem = answer_problem(row["stored_qtype"], value)
    if problem:
        raise AnswerRejected(problem)
    furthest = row["furthest_position"]
    if row["exam__navigation"] == Exam.Navigation.SEQUENTIAL:
        if position < furthest:
            raise _navigation_refused(furthest)
        if position > furthest and row["stored_seq"] < seq:
            # Answering a later question moves the learner forward; there is no way back. Conditional, so a
            # move further on committed meanwhile wins and the retry below is refused.
            Attempt.objects.filter(
                pk=attempt_id, furthest_position__lt=position, state__in=_OPEN_STATES
            ).update(furthest_position=position)
            if isinstance(attempt, Attempt):
                attempt.furthest_position = position
            return response_save(
                attempt=attempt_id,
                user_id=owner_id,
                position=position,
                value=value,
                seq=seq,
                now=now,
                ip=ip,
                user_agent=user_agent,
            )
    return SaveResult(False, row["stored_seq"], row["stored_at"], row["stored_value"])
