"""The floors: what the cheapest possible request costs through the same middleware stack and session.

`floor_save` is the answer save's floor (the saturation run): one INSERT … ON CONFLICT. `floor_burst` and
`floor_bare` are the start's and submit's floor for the exam day's synchronized bursts: a signed-in POST with its
CSRF token answered by a 302, with one committed write (`floor_burst`) or nothing at all in the view
(`floor_bare`).
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
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

# One row per examinee counting their presses: the burst's single statement, plain SQL that SQLite runs too.
PRESS_TABLE = "bench_floor_press"
CREATE_PRESS_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {PRESS_TABLE} (user_id bigint PRIMARY KEY, presses integer NOT NULL)"
)
PRESS = f"""
INSERT INTO {PRESS_TABLE} (user_id, presses) VALUES (%s, 1)
ON CONFLICT (user_id) DO UPDATE SET presses = {PRESS_TABLE}.presses + 1
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


# Decorated as exam_start and attempt_submit_view are; like them, one write committed and a redirect to a
# reversed URL (start and submit each end in a transaction's commit and a 302 the client then follows).
@login_required
@require_POST
def floor_burst(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(PRESS, [request.user.pk])
    return redirect("exams:list")


@require_POST
def floor_bare(request: HttpRequest) -> HttpResponse:
    """Nothing in the view: what remains is Django's request and the middleware (for a signed-in examinee the
    session from the cache and the user's row, which the second-factor check reads on every request)."""
    return redirect("exams:list")
