"""Token lifecycle: create (the full token is returned once), revoke, and authenticate by hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from analytics.imports import ImportRow, _check_row
from analytics.models import Metric, PerformanceRecord

from .models import ApiToken, Scope

TOKEN_PREFIX = "rw"
# last_used_at is written at most this often per token, so a busy integration does not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, name: str, scopes: list[str], actor: User | None) -> tuple[ApiToken, str]:
    """A new token and its full text `rw_<prefix>_<secret>`, which is never retrievable again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ValidationError({"scopes": _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}})
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        created_by=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor, verb="api_token.create", obj=token, after={"name": name, "scopes": token.scopes}
    )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, verb="api_token.revoke", obj=token, after={"revoked_at": str(token.revoked_at)}
        )
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token whose secret matches, or None (unknown, malformed, wrong secret or revoked)."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    _, prefix, secret = parts
    token = ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- performance records -----------------------------------------------------------------------


class PerformanceBatchInvalid(Exception):
    """Some rows are wrong; nothing was saved. `errors` holds one entry per bad row."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} rows rejected")
        self.errors = errors


def _performance_rows(records: list[dict[str, Any]]) -> tuple[list[ImportRow], list[dict[str, Any]]]:
    """The file import's checks, row by row (1 = the first record), plus a unique external id per batch."""
    rows = [
        ImportRow(
            number=n,
            data={
                "email": str(r["email"]),
                "metric": str(r["metric"]),
                "period_start": str(r["period_start"]),
                "period_end": str(r["period_end"]),
                "value": repr(float(r["value"])),
            },
        )
        for n, r in enumerate(records, start=1)
    ]
    emails = {row.data["email"].lower() for row in rows}
    people = {e.lower(): pk for pk, e in User.objects.filter(email__in=emails).values_list("pk", "email")}
    metrics = {m.code: m for m in Metric.objects.all()}
    seen: dict[str, int] = {}
    errors = []
    for row, record in zip(rows, records, strict=True):
        _check_row(row, people, metrics)
        external_id = record["external_id"]
        if external_id in seen:
            row.errors.append(
                _("Row %(row)s, %(field)s: %(message)s")
                % {
                    "row": row.number,
                    "field": "external_id",
                    "message": _("the same external id is already used by row %(other)s.")
                    % {"other": seen[external_id]},
                }
            )
        seen.setdefault(external_id, row.number)
        if row.errors:
            errors.append({"row": row.number, "external_id": external_id, "messages": row.errors})
    return rows, errors


def performance_records_upsert(
    *, records: list[dict[str, Any]], actor: User | None, token: ApiToken | None
) -> dict[str, int]:
    """Create or update (by external id) every record, or none when any row is wrong.

    A retried batch updates the rows it created the first time instead of adding them again.
    """
    rows, errors = _performance_rows(records)
    if errors:
        raise PerformanceBatchInvalid(errors)
    try:
        return _performance_save(rows, records, actor=actor, token=token)
    except IntegrityError:
        # A concurrent batch inserted one of our external ids first: run again, now as updates.
        return _performance_save(rows, records, actor=actor, token=token)


@transaction.atomic
def _performance_save(
    rows: list[ImportRow], records: list[dict[str, Any]], *, actor: User | None, token: ApiToken | None
) -> dict[str, int]:
    ids = [r["external_id"] for r in records]
    existing = {
        p.external_id: p for p in PerformanceRecord.objects.select_for_update().filter(external_id__in=ids)
    }
    to_create, to_update = [], []
    for row, record in zip(rows, records, strict=True):
        assert row.person_id and row.metric_id and row.start and row.end and row.value is not None
        fields = {
            "person_id": row.person_id,
            "metric_id": row.metric_id,
            "period_start": row.start,
            "period_end": row.end,
            "value": row.value,
            "source": PerformanceRecord.Source.API,
        }
        found = existing.get(record["external_id"])
        if found is None:
            to_create.append(PerformanceRecord(external_id=record["external_id"], **fields))
        else:
            for name, value in fields.items():
                setattr(found, name, value)
            to_update.append(found)
    PerformanceRecord.objects.bulk_create(to_create)
    PerformanceRecord.objects.bulk_update(
        to_update, ["person_id", "metric_id", "period_start", "period_end", "value", "source"]
    )
    result = {"created": len(to_create), "updated": len(to_update)}
    audit_record(
        actor=actor,
        verb="performance.api_write",
        after=result,
        note=f"API token {token}" if token is not None else "",
    )
    return result
