"""The floor for answer saves: same middleware stack, an authenticated session, one INSERT … ON CONFLICT."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

TABLE = "bench_floor_answer"
CREATE_TABLE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    user_id bigint NOT NULL,
    position integer NOT NULL,
    value jsonb,
    seq bigint NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, position)
)
"""
UPSERT = f"""
INSERT INTO {TABLE} (user_id, position, value, seq) VALUES (%s, %s, %s, %s)
ON CONFLICT (user_id, position) DO UPDATE SET value = EXCLUDED.value, seq = EXCLUDED.seq, saved_at = now()
WHERE {TABLE}.seq < EXCLUDED.seq
"""


@never_cache
@login_required
@require_POST
def floor_save(request: HttpRequest) -> JsonResponse:
    try:
        body = json.loads(request.body or b"{}")
        position, seq = int(body["position"]), int(body["seq"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "position and seq"}, status=400)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [request.user.pk, position, json.dumps(body.get("value")), seq])
    return JsonResponse({"position": position, "seq": seq})
