"""Audit verbs are shown in words, in the reader's language: every verb the code records has a label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.audit_labels import VERB_LABELS, verb_label
from accounts.services import audit_record

VERB = re.compile(r"""\bverb\s*=\s*["']([a-z_]+\.[a-z_]+)["']""")
SKIP = {"tests", "var", "docs", "locale", "node_modules"}


def _recorded_verbs() -> set[str]:
    base = Path(settings.BASE_DIR)
    found: set[str] = set()
    for top in base.iterdir():
        if not top.is_dir() or top.name.startswith(".") or top.name in SKIP:
            continue
        for path in top.rglob("*.py"):
            if "migrations" not in path.parts:
                found |= set(VERB.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_recorded_verb_has_a_label() -> None:
    verbs = _recorded_verbs()
    assert "validity_study.done" in verbs and len(verbs) > 30
    assert sorted(verbs - set(VERB_LABELS)) == []


def test_an_unlabelled_verb_still_reads_as_words() -> None:
    assert verb_label("widget.colour_change") == "Widget colour change"
    assert verb_label("validity_study.done") == "Validity study finished"


@pytest.mark.django_db
def test_recent_changes_and_the_audit_log_show_the_label_not_the_verb(login_as) -> None:  # type: ignore[no-untyped-def]
    audit_record(actor=None, verb="validity_study.done", note="")
    client = login_as("admin")
    dashboard = client.get(reverse("home:dashboard")).content.decode()
    assert "Validity study finished" in dashboard and "validity_study.done" not in dashboard
    changelist = client.get(reverse("admin:accounts_auditevent_changelist"))
    assert changelist.status_code == 200
    assert "Validity study finished" in changelist.content.decode()


def test_labels_are_looked_up_in_the_readers_language() -> None:
    # Lazy: each label is translated when shown, so the dashboard follows the reader's language.
    assert all(type(label).__name__ == "__proxy__" for label in VERB_LABELS.values())
