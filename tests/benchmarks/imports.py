"""Import speed: a 10,000-question GIFT file through `import_questions --dry-run`, and a 50,000-row performance CSV
through the analyst's upload page (preview, then confirm), all rows saved in one transaction."""

from __future__ import annotations

import io
import re
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from analytics.models import Metric, PerformanceRecord
from tests.factories.accounts import UserFactory

from .people import learners_bulk_create

# One of each kind the GIFT parser reads, cycled: choice, true/false, short answer, numerical, matching, essay.
_GIFT_KINDS = (
    "::Q{n}:: Which number is {n} plus one? {{={m} ~{n} ~{p}#Count on by one.}}",
    "::Q{n}:: {n} is an even number. {{{tf}}}",
    "::Q{n}:: Name the product family of item {n}. {{=Rampway =rampway}}",
    "::Q{n}:: Half of {d}? {{#{n}:0.5}}",
    "::Q{n}:: Match the codes of batch {n}. {{=A{n} -> alpha =B{n} -> beta =C{n} -> gamma}}",
    "::Q{n}:: Describe how you would explain offer {n} to a customer. {{}}",
)


def gift_text(questions: int) -> str:
    blocks = []
    for n in range(questions):
        if n % 500 == 0:
            blocks.append(f"$CATEGORY: $course$/Bench/Part {n // 500 + 1}")
        template = _GIFT_KINDS[n % len(_GIFT_KINDS)]
        blocks.append(template.format(n=n, m=n + 1, p=n + 2, d=2 * n, tf="T" if n % 2 == 0 else "F"))
    return "\n\n".join(blocks) + "\n"


def bench_gift(questions: int = 10_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.gift"
        path.write_text(gift_text(questions), encoding="utf-8")
        size = path.stat().st_size
        out = io.StringIO()
        started = time.perf_counter()
        call_command(
            "import_questions", str(path), format="gift", bank="bench-gift", dry_run=True, stdout=out
        )
        seconds = time.perf_counter() - started
    assert f"Would import {questions} questions" in out.getvalue(), out.getvalue()
    return {"gift_questions": questions, "gift_10k_s": round(seconds, 2), "gift_bytes": size}


def performance_csv(emails: list[str], rows: int, metric: str) -> bytes:
    lines = ["email,metric,period_start,period_end,value"]
    start = date(2024, 1, 1)
    for i in range(rows):
        month = start + timedelta(days=31 * (i // len(emails)))
        period_start = month.replace(day=1)
        lines.append(
            f"{emails[i % len(emails)]},{metric},{period_start},{period_start + timedelta(days=27)},{i % 97}.5"
        )
    return ("\n".join(lines) + "\n").encode()


def bench_performance(rows: int = 50_000, people: int = 5_000) -> dict[str, Any]:
    sellers = learners_bulk_create(n=people, prefix="bench-seller", seed=7)
    metric, _ = Metric.objects.get_or_create(
        code="bench_attainment", defaults={"name": "Bench attainment", "min_value": 0, "max_value": 200}
    )
    raw = performance_csv([u.email for u in sellers], rows, metric.code)
    analyst = UserFactory(roles=[Role.ANALYST], email="analyst@bench.rampway.example")
    # Analysts must hold a second factor (RAMPWAY_MFA_REQUIRED_ROLES); the middleware only checks that one exists.
    Authenticator.objects.create(user=analyst, type=Authenticator.Type.TOTP, data={"secret": "bench"})
    client = Client()
    client.force_login(analyst)
    url = reverse("analytics:performance_import")
    client.get(url)  # the session's first request records the MFA check
    before = PerformanceRecord.objects.count()
    started = time.perf_counter()
    preview = client.post(url, {"file": SimpleUploadedFile("bench.csv", raw, content_type="text/csv")})
    previewed = time.perf_counter() - started
    found = re.search(r'type="hidden" name="token" value="([^"]+)"', preview.content.decode())
    if not (preview.status_code == 200 and found):
        html = preview.content.decode()
        problems = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{0,200})', html)[:5]
        raise AssertionError(f"the 50,000-row preview was refused ({preview.status_code}): {problems}")
    token = found.group(1)
    done = client.post(url, {"confirm": "1", "token": token})
    seconds = time.perf_counter() - started
    assert done.status_code == 302, done.status_code
    saved = PerformanceRecord.objects.count() - before
    assert saved == rows, f"{saved} of {rows} rows saved"
    return {
        "performance_rows": rows,
        "performance_bytes": len(raw),
        "performance_preview_s": round(previewed, 2),
        "performance_50k_s": round(seconds, 2),
    }


def bench_imports() -> dict[str, Any]:
    return bench_gift() | bench_performance()
