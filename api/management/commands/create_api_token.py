"""Create an integration token and print it once: `create_api_token --name "Workday" --scope candidates:read`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import Scope
from api.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create a scoped API token for an integration; the token is printed once and only its hash is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Which integration uses the token.")
        parser.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=Scope.values,
            help="Repeat for each scope the integration needs.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token, text = api_token_create(name=options["name"], scopes=options["scope"], actor=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"Created token {token} with scopes {', '.join(token.scopes)}. It is shown only once:"
        )
        self.stdout.write(text)
