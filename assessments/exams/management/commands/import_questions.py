"""`manage.py import_questions PATH --format {gift,moodlexml} --bank SLUG [--dry-run] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.exams.formats import ParseError
from assessments.exams.imports import COMMAND_LIMITS, parse_questions
from assessments.exams.models import QuestionBank
from assessments.exams.services import questions_import


class Command(BaseCommand):
    help = "Import questions from a GIFT or Moodle XML file into a question bank (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--format", required=True, choices=["gift", "moodlexml"])
        parser.add_argument("--bank", required=True, help="slug of the question bank (created if missing)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, save nothing")
        parser.add_argument("--json", action="store_true", help="print the parsed questions as a JSON array")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            questions = parse_questions(raw, options["format"], limits=COMMAND_LIMITS)
        except ParseError as exc:
            raise CommandError(f"{path}: {exc}") from None
        if not options["dry_run"]:
            bank, _created = QuestionBank.objects.get_or_create(
                slug=options["bank"], defaults={"name": options["bank"]}
            )
            questions_import(bank=bank, questions=questions, actor=None)
        if options["json"]:
            self.stdout.write(json.dumps([q.contract() for q in questions], ensure_ascii=False, indent=2))
        else:
            verb = "Would import" if options["dry_run"] else "Imported"
            self.stdout.write(f"{verb} {len(questions)} questions into bank {options['bank']!r}.")
