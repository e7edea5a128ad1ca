"""`manage.py check_translations`: fail if any user-facing string lacks a zh_Hans translation (needs xgettext)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

IGNORE = [".venv/*", "var/*", "tests/*", "node_modules/*"]


class Command(BaseCommand):
    help = "Re-extract messages and fail when a string is untranslated or fuzzy in any catalog."

    def handle(self, *args: Any, **options: Any) -> None:
        if shutil.which("xgettext") is None:
            raise CommandError(
                "xgettext (GNU gettext) is needed to extract messages: apt-get install gettext"
            )
        catalogs = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"))
        if not catalogs:
            raise CommandError("No catalogs found under LOCALE_PATHS.")
        problems: list[str] = []
        for po_path in catalogs:
            original = po_path.read_bytes()
            locale = po_path.parent.parent.name
            try:
                call_command(
                    "makemessages", locale=[locale], ignore_patterns=IGNORE, no_obsolete=True, verbosity=0
                )
                catalog = polib.pofile(str(po_path))
                problems += [f"{locale}: untranslated: {e.msgid!r}" for e in catalog.untranslated_entries()]
                problems += [f"{locale}: fuzzy: {e.msgid!r}" for e in catalog.fuzzy_entries()]
            finally:
                po_path.write_bytes(original)
        if problems:
            raise CommandError(
                "Translations are incomplete (run `make messages` and translate):\n" + "\n".join(problems)
            )
        self.stdout.write(self.style.SUCCESS(f"All strings are translated in {len(catalogs)} catalog(s)."))
